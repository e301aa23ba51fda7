// Rendering results: the stable JSON document and the text people read.
#pragma once
#include <iosfwd>
#include <string>

#include "pubplan/export.hpp"
#include "pubplan/result.hpp"

namespace pubplan {

// The JSON document of `pubplan solve --format json` (schema_version 1).
PUBPLAN_API std::string to_json(const Result &result, int indent = 2);
// The same document written to `out` package by package, without holding it
// in memory (for large topologies).
PUBPLAN_API void write_json(std::ostream &out, const Result &result, int indent = 2);

struct TextStyle {
  bool color = false;
};
// The text report of `pubplan solve`.
PUBPLAN_API std::string to_text(const Result &result, TextStyle style = {});
// The explanation of one package (`pubplan explain`); strategy empty = all.
PUBPLAN_API std::string explain_text(const PackageResult &package, const std::string &strategy,
                                     TextStyle style = {});

}  // namespace pubplan
