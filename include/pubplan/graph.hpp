// The topology graph as a picture (`pubplan graph`).
#pragma once
#include <string>
#include <vector>

#include "pubplan/catalog.hpp"
#include "pubplan/export.hpp"
#include "pubplan/result.hpp"
#include "pubplan/topology.hpp"

namespace pubplan {

// Graphviz DOT of the topology graph: repositories (folders), pipelines
// (rounded boxes), packages (ellipses) and scopes (hexagons), with publishes,
// depends-on (dashed), lives-in and owned-by (dotted) edges. With a result of
// this topology, packages are filled with the colour of their recommended
// strategy as `catalog` gives it (dashed outline when it is conditional) and
// packages with nothing that fits are outlined in red.
PUBPLAN_API std::string to_dot(const Topology &topology, const Result *result, const Catalog &catalog);

// What `pubplan graph` draws: with `packages` (shell patterns) or `pipelines`
// (names or patterns), only the matching ones and their neighbours (their
// pipelines, packages, dependencies, dependents, repository and scope);
// `legend` adds the strategies' colours. Throws std::invalid_argument when
// the patterns match nothing.
struct DotOptions {
  std::vector<std::string> packages, pipelines;
  bool legend = true;
};
PUBPLAN_API std::string to_dot(const Topology &topology, const Result *result, const Catalog &catalog,
                               const DotOptions &options);
// The same with the built-in catalog's colours.
PUBPLAN_API std::string to_dot(const Topology &topology, const Result *result = nullptr);

}  // namespace pubplan
