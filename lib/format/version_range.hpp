// The version grammar of topology v1 (node and npm keys).
#pragma once
#include <optional>
#include <string>

#include "format/values.hpp"

namespace pubplan::detail {

// X.Y.Z exact; X, X.Y, X.x, X.Y.x partial (ranges); ^X.Y.Z, ~X.Y.Z, >=X.Y.Z ranges;
// lts/*, latest, node, current: understood, of unknown precision (full range).
// Returns nullopt when the text is outside the grammar.
std::optional<Domain> parse_version_range(const std::string &text);

// A catalog bound: "X.Y.Z" (partial versions mean .0).
std::optional<std::int64_t> parse_version_bound(const std::string &text);

}  // namespace pubplan::detail
