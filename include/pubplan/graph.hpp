// The topology graph as a picture (`pubplan graph`).
#pragma once
#include <string>

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
// The same with the built-in catalog's colours.
PUBPLAN_API std::string to_dot(const Topology &topology, const Result *result = nullptr);

}  // namespace pubplan
