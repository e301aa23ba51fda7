#pragma once
#include <string>
#include <string_view>

#include "model.hpp"

namespace pubplan::detail {

// Parses and validates a topology; throws TopologyError with every problem.
TopologyModel load_topology(std::string_view text, const std::string &name);
// Reads a whole file ("-" is standard input); throws InputError when unreadable.
std::string read_file(const std::string &path, const char *what);

}  // namespace pubplan::detail
