// A streaming JSON writer for the solve document. It lays values out exactly as
// nlohmann::json::dump(indent) does (the document's bytes are a contract, and
// the goldens were written by dump), but appends straight to a buffer instead of
// building a tree per package first: at 100,000 packages the trees cost most of
// the output time.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace pubplan::detail {

class JsonOut {
 public:
  // indent < 0: compact, as dump(-1).
  JsonOut(std::string &buffer, int indent) : out_(buffer), indent_(indent) {}

  JsonOut &object();
  JsonOut &end_object();
  JsonOut &array();
  JsonOut &end_array();
  // The key of the next member of the object being written.
  JsonOut &key(std::string_view name);

  JsonOut &string(std::string_view s);
  JsonOut &boolean(bool b);
  JsonOut &integer(std::int64_t n);
  JsonOut &null();
  JsonOut &strings(const std::vector<std::string> &v);
  // A value given as JSON text (facts keep theirs so): laid out as dump would.
  JsonOut &raw(std::string_view text);
  JsonOut &value(const nlohmann::ordered_json &j);

  // Containers open now (0 at the top level).
  std::size_t depth() const { return open_.size(); }

 private:
  void element();  // before any value: separator and indentation
  void open(char bracket);
  void close(char bracket);
  void newline(std::size_t level);
  void escaped(std::string_view s);

  std::string &out_;
  int indent_;
  std::vector<std::size_t> open_;  // members written so far, per open container
  bool after_key_ = false;
};

}  // namespace pubplan::detail
