// Rendering results: the stable JSON document and the text people read.
#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "pubplan/export.hpp"
#include "pubplan/result.hpp"

namespace pubplan {

// The JSON document of `pubplan solve --format json` (schema_version 1).
PUBPLAN_API std::string to_json(const Result &result, int indent = 2);
// One part of that document, compact JSON, exactly as the document writes it
// (the Python bindings' to_dict() are these, parsed).
PUBPLAN_API std::string to_json(const Reason &reason);
PUBPLAN_API std::string to_json(const Assumption &assumption);
PUBPLAN_API std::string to_json(const Change &change);
PUBPLAN_API std::string to_json(const Repair &repair);
PUBPLAN_API std::string to_json(const Warning &warning);
PUBPLAN_API std::string to_json(const Token &token);
PUBPLAN_API std::string to_json(const PackageResult &package);
// The same document written to `out` package by package, without holding it
// in memory (for large topologies).
PUBPLAN_API void write_json(std::ostream &out, const Result &result, int indent = 2);

// The same document written as a streamed solve goes (Planner::solve with a
// callback): package() for each package as it comes, then finish() with the
// Result that solve returned, which writes the rest (tokens, graph, summary)
// and the packages the Result itself holds, if any. The bytes are those of
// write_json over the same packages. `source` and `catalog_as_of` are the
// topology's source name and the catalog's date (Topology::source_name(),
// Catalog::as_of()).
class PUBPLAN_API JsonWriter {
 public:
  JsonWriter(std::ostream &out, std::string source, std::string catalog_as_of, int indent = 2);
  ~JsonWriter();
  JsonWriter(const JsonWriter &) = delete;
  JsonWriter &operator=(const JsonWriter &) = delete;
  void package(const PackageResult &package);
  void finish(const Result &result);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct TextStyle {
  bool color = false;
};
// The text report of `pubplan solve`.
PUBPLAN_API std::string to_text(const Result &result, TextStyle style = {});
// The explanation of one package (`pubplan explain`); strategy empty = all.
PUBPLAN_API std::string explain_text(const PackageResult &package, const std::string &strategy,
                                     TextStyle style = {});

}  // namespace pubplan
