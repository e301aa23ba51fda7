// Small helpers shared by the unit tests.
#pragma once
#include <fstream>
#include <iterator>
#include <string>

#include "pubplan/pubplan.hpp"

namespace test {

// The day unit tests solve on unless they say otherwise: answers must not
// depend on the day the tests run.
inline constexpr const char *kToday = "2026-12-04";
// A day before staged publishing existed (2026-05-22): the four strategies of
// 2025, for tests of mechanisms (ranking, diagnosis) written against them.
inline constexpr const char *kBeforeStaging = "2026-05-01";

// The library's default options on test::kToday (or another day), with the
// full diagnosis: most unit tests are about conflicts and repairs. The default
// depth is compared with it by test_diagnose_depth.cpp.
inline pubplan::Options options(const std::string &as_of = kToday) {
  pubplan::Options o;
  o.as_of = as_of;
  o.diagnose = pubplan::DiagnoseDepth::all;
  return o;
}
inline pubplan::Planner planner(pubplan::Catalog catalog = pubplan::Catalog::builtin()) {
  return pubplan::Planner(std::move(catalog), options());
}

inline pubplan::Result solve(const std::string &yaml, pubplan::Catalog catalog = pubplan::Catalog::builtin(),
                             const std::string &as_of = kToday) {
  pubplan::Planner planner(std::move(catalog), options(as_of));
  return planner.solve(pubplan::Topology::load_string(yaml, "t.yaml"));
}

// A file's text (for solving a file of the tree on test::kToday).
inline std::string read(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
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
