#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "topology/model.hpp"

namespace pubplan::detail {

class TopologyGraph;

// A topology as read, and the graph derived from it (kept beside the model,
// not in it: the model is what the file says).
struct LoadedTopology {
  TopologyModel model;
  std::shared_ptr<const TopologyGraph> graph;
};

// Parses and validates a topology against a catalog's vocabulary (the values of
// providers, hosts, clients); throws TopologyError with every problem.
LoadedTopology load_topology(std::string_view text, const std::string &name, const Vocabulary &vocabulary);

}  // namespace pubplan::detail
