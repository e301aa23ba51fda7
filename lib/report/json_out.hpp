// A streaming JSON writer for the solve document: it appends straight to a
// buffer instead of building a tree per package first (at 100,000 packages the
// trees cost most of the output time).
//
// Layout (docs/json.md): compact with indent < 0, as nlohmann's dump(-1).
// Otherwise a container whose elements are all plain values (strings, numbers,
// true, false, null), or arrays of at most kLineItems plain values, is written
// on one line, `{"a": 1, "b": ["x", "y"]}`; every other container has one
// element per line, indented by `indent` spaces a level. So a reason member, a
// repair's change or a short list reads as one line, and the default document
// is a third smaller than one element per line throughout.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace pubplan::detail {

class JsonOut {
 public:
  // The most plain values an array may hold and still be written on one line.
  static constexpr std::size_t kLineItems = 8;

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
  // A value given as JSON text (facts keep theirs so): laid out as if parsed.
  JsonOut &raw(std::string_view text);
  JsonOut &value(const nlohmann::ordered_json &j);

 private:
  // Writing, with each container's layout known.
  struct Open {
    std::size_t members;
    bool line;
  };
  void element();  // before any value: separator and indentation
  void write_open(char bracket, bool line);
  void write_close(char bracket);
  void key_separator();
  void newline(std::size_t level);
  static void escape(std::string &to, std::string_view s);

  // Holding: a container that may still fit on one line is kept as events
  // until it closes (one line) or something in it rules that out (written
  // one element per line, and what follows is written as it comes).
  enum class Event : std::uint8_t { open_object, open_array, key, plain, close_object, close_array };
  struct Held {
    Event event;
    bool closed;         // open_array: closed while held, so one line
    std::size_t offset;  // its text (key, plain) runs from here to the next event's
  };
  struct HeldOpen {
    bool array;
    std::size_t elements;
    std::size_t event;  // index of its open event
  };
  void open(char bracket);
  void close(char bracket);
  // Where the next plain value's text goes: the buffer, after its separator,
  // or the held text.
  std::string &plain_target();
  // Whether the held innermost container may take one more element (a plain
  // value, or a container opened with `bracket`) and still be one line.
  bool fits(bool container, char bracket) const;
  void release_outer();
  void write_held(std::size_t count, bool line_all);

  std::string &out_;
  int indent_;
  std::vector<Open> open_;  // written containers still open
  bool after_key_ = false;
  std::vector<Held> held_;
  std::string held_text_;
  std::vector<HeldOpen> held_open_;
};

}  // namespace pubplan::detail
