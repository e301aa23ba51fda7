// Reading a DocNode tree against a schema: typed scalars, allowed keys with
// did-you-mean suggestions, duplicate keys. Every problem is recorded and the
// reader goes on, so a file's errors are all reported at once.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "format/document.hpp"

namespace pubplan::detail {

class SchemaReader {
 public:
  SchemaReader(std::string file, std::vector<Diagnostic> &errors)
      : file_(std::move(file)), errors_(errors) {}

  const std::string &file() const { return file_; }
  void error(const DocNode &at, std::string message);
  void error_at(int line, int column, std::string message);

  // Checks that `map` is a mapping whose keys are all in `allowed` and unique.
  // Returns false (after reporting) when it is not a mapping.
  bool check_map(const DocNode &map, std::initializer_list<std::string_view> allowed,
                 const char *what);
  bool check_map(const DocNode &map, const std::vector<std::string> &allowed, const char *what);
  static const DocNode *get(const DocNode &map, std::string_view key);
  static const DocNode *get_key(const DocNode &map, std::string_view key);  // the key node itself

  // A string scalar. Plain scalars that YAML reads as numbers or booleans are
  // rejected: a name of 123 is almost always a mistake; quote it.
  std::optional<std::string> string(const DocNode &n, const char *what);
  // The same, as a view of the node's text (no copy; valid while the node is).
  std::optional<std::string_view> text(const DocNode &n, const char *what);
  std::optional<bool> boolean(const DocNode &n, const char *what);
  std::optional<std::int64_t> integer(const DocNode &n, const char *what, std::int64_t min,
                                      std::int64_t max);
  // One of `values`; the error lists them.
  std::optional<std::string> one_of(const DocNode &n, const std::vector<std::string> &values,
                                    const char *what);
  // A list of strings.
  std::optional<std::vector<std::string>> string_list(const DocNode &n, const char *what);
  // Whether `n` is a list of strings, every item that is not reported; the
  // items can then be read as they are (no copies).
  bool strings(const DocNode &n, const char *what);

  static bool is_explicit_unknown(const DocNode &n) {
    return n.is_null() || (n.is_scalar() && n.plain && n.value == "unknown");
  }

 private:
  std::string file_;
  std::vector<Diagnostic> &errors_;
};

// The closest of `candidates` to `word`, when close enough to be a likely typo.
std::optional<std::string> did_you_mean(const std::string &word,
                                        const std::vector<std::string> &candidates);
std::string join(const std::vector<std::string> &items, const char *sep);

}  // namespace pubplan::detail
