#pragma once
#include <string>
#include <string_view>

#include "topology/model.hpp"

namespace pubplan::detail {

// Parses and validates a topology against a catalog's vocabulary (the values of
// providers, hosts, clients); throws TopologyError with every problem.
TopologyModel load_topology(std::string_view text, const std::string &name, const Vocabulary &vocabulary);

}  // namespace pubplan::detail
