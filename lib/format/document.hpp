// A parsed YAML or JSON document as a plain tree where every node keeps its
// position, so that the schema checks can say FILE:LINE:COL for anything.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pubplan/error.hpp"

namespace pubplan::detail {

struct DocNode {
  enum class Kind { null, scalar, sequence, map } kind = Kind::null;
  std::string value;   // scalar text
  bool plain = false;  // scalar written without quotes (so `true`, `12`, `~` may be typed)
  int line = 0;        // 1-based
  int column = 0;      // 1-based
  std::vector<DocNode> items;                          // sequence
  std::vector<std::pair<DocNode, DocNode>> entries;    // map, in file order

  // Defined out of line, where DocNode is complete: clang with libstdc++ rejects
  // the implicit ones (pair<DocNode, DocNode> is incomplete inside the class).
  DocNode();
  DocNode(const DocNode &);
  DocNode(DocNode &&) noexcept;
  DocNode &operator=(const DocNode &);
  DocNode &operator=(DocNode &&) noexcept;
  ~DocNode();

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_map() const { return kind == Kind::map; }
  bool is_sequence() const { return kind == Kind::sequence; }
  const char *kind_name() const;
};

// Limits that keep hostile input from exhausting memory or the stack.
struct DocLimits {
  std::size_t max_bytes = std::size_t(512) << 20;  // 512 MiB
  std::size_t max_nodes = 50'000'000;              // after alias expansion
  int max_depth = 64;
};

// Elements of the root mapping's lists that are handed over one by one while the
// document is parsed, instead of being kept in the tree: a large topology is
// mostly such elements, and the caller keeps only what it reads from each. An
// element is valid only during the call (the JSON reader reads the next one into
// the same node).
struct DocStream {
  std::vector<std::string> lists;  // root keys whose list elements stream
  std::function<void(const std::string &list, const DocNode &element)> element;
  // Forget every element given so far: the text is read again from the start
  // (it looked like JSON and is not; YAML reads it).
  std::function<void()> restart;
};

// The messages of the limits, the same from both readers.
std::string too_many_nodes(const DocLimits &limits);
std::string too_deep(const DocLimits &limits);
inline constexpr const char *kNulEscape = "NUL character in a string (written as an escape)";

// Parses `text` (YAML 1.2; JSON is accepted as YAML's flow syntax). On failure
// appends to `errors` and returns a null node. With `stream`, the elements of the
// lists it names are given to it and those lists stay empty in the tree.
DocNode parse_document(std::string_view text, const std::string &file,
                       std::vector<Diagnostic> &errors, const DocLimits &limits = {},
                       const DocStream *stream = nullptr);

// The two readers behind parse_document, apart for the tests that compare them.
// parse_yaml reads any YAML 1.2 text (JSON included) with yaml-cpp.
DocNode parse_yaml(std::string_view text, const std::string &file, std::vector<Diagnostic> &errors,
                   const DocLimits &limits, const DocStream *stream = nullptr);
// parse_json reads strict JSON (RFC 8259) with simdjson, many times faster. On
// anything simdjson rejects it reports nothing and says `not_json`: YAML then
// reads the text (a YAML flow document, or the JSON error with YAML's message).
enum class JsonOutcome { parsed, failed, not_json };
JsonOutcome parse_json(std::string_view text, const std::string &file,
                       std::vector<Diagnostic> &errors, const DocLimits &limits,
                       const DocStream *stream, DocNode &out);

// Reads a whole file ("-" is standard input), at most DocLimits::max_bytes + 1
// bytes; throws InputError when unreadable.
std::string read_file(const std::string &path, const char *what);

}  // namespace pubplan::detail
