// Small helpers shared by the unit tests.
#pragma once
#include <string>

#include "pubplan/pubplan.hpp"

namespace test {

inline pubplan::Result solve(const std::string &yaml, pubplan::Catalog catalog = pubplan::Catalog::builtin()) {
  pubplan::Planner planner(std::move(catalog));
  return planner.solve(pubplan::Topology::load_string(yaml, "t.yaml"));
}

// Rule ids and fact paths of a reason set, for readable assertions.
inline std::vector<std::string> ids(const std::vector<pubplan::Reason> &because) {
  std::vector<std::string> out;
  for (const auto &r : because) out.push_back(r.kind == pubplan::Reason::Kind::rule ? r.rule : r.fact);
  return out;
}

// The diagnostics of loading `yaml` (as "bad.yaml"); fails the test when it loads.
// Needs catch2/catch.hpp included before this header.
inline std::vector<pubplan::Diagnostic> errors_of(const std::string &yaml) {
  try {
    pubplan::Topology::load_string(yaml, "bad.yaml");
  } catch (const pubplan::TopologyError &e) {
    return e.diagnostics();
  }
  FAIL("expected a TopologyError");
  return {};
}

inline bool has(const std::vector<std::string> &v, const std::string &x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// One GitHub repository, one pipeline, one package; fields replaced by the caller.
inline std::string one_package(const std::string &pipeline_extra, const std::string &package_extra = "",
                               const std::string &repo = "host: github\n    visibility: public",
                               const std::string &top = "") {
  return "version: 1\n" + top +
         "repositories:\n  - name: acme/web\n    " + repo + "\n"
         "pipelines:\n  - name: release\n    repository: acme/web\n    file: release.yml\n" +
         pipeline_extra +
         "packages:\n  - name: \"@acme/ui\"\n    repository: acme/web\n    published_by: [release]\n" +
         package_extra;
}

inline const char *kGood =
    "    provider: github-actions\n    runner: hosted\n    node: 22.14.0\n    npm: 11.5.1\n    unattended: true\n";

}  // namespace test
