// libFuzzer target: a user catalog layered over the built-in one. An accepted
// catalog must also be usable: a small fixed topology is solved with it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "pubplan/pubplan.hpp"

namespace {
const char *kTopology = R"(version: 1
repositories:
  - {name: a/web, host: github, visibility: public}
  - {name: a/ops, host: gitlab}
pipelines:
  - {name: rel, repository: a/web, provider: github-actions, runner: hosted, file: r.yml, node: 22.14.0, npm: 11.5.1, unattended: true}
  - {name: ops, repository: a/ops, provider: jenkins, runner: self-hosted, node: "22", unattended: false}
packages:
  - {name: "@a/ui", access: public, repository: a/web, published_by: [rel]}
  - {name: "@a/ops", repository: a/ops, published_by: [ops], tokens_allowed: false}
  - {name: "@a/both", repository: a/web, published_by: [rel, ops], depends_on: ["@a/ops"]}
)";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  pubplan::Catalog catalog = pubplan::Catalog::builtin();
  try {
    catalog.add_string(text, "fuzz-catalog.yaml");
  } catch (const pubplan::CatalogError &e) {
    if (e.diagnostics().empty()) std::abort();
    return 0;
  }
  // The topology is read with the catalog's vocabulary (a layer may add values,
  // or say that a provider no longer builds a host the topology uses).
  std::optional<pubplan::Topology> read;
  try {
    read.emplace(pubplan::Topology::load_string(kTopology, "fixed.yaml", catalog));
  } catch (const pubplan::TopologyError &e) {
    if (e.diagnostics().empty()) std::abort();
    return 0;
  }
  const pubplan::Topology &topology = *read;
  (void)catalog.to_json();
  pubplan::Options options;
  options.max_conflicts = 2;
  options.max_repairs = 2;
  pubplan::Result r = pubplan::Planner(catalog, options).solve(topology);
  if (r.packages.size() != 3) std::abort();
  (void)pubplan::to_json(r);
  (void)pubplan::to_text(r, {});
  return 0;
}
