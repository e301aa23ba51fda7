#include "report/json_out.hpp"

#include <array>
#include <charconv>
#include <cstring>

namespace pubplan::detail {

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    const unsigned b = byte(k);
    return b >= lo && b <= hi;
  };
  const unsigned b = byte(i);
  if (b >= 0xC2 && b <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (b == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (b == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
  if (b == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (b >= 0xF1 && b <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (b == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

// Whether the eight bytes at p are all printable ASCII other than '"' and
// '\\' (what a JSON string holds unescaped), tested a word at a time.
bool plain_ascii(const char *p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  auto has_zero = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
  // With no byte of 0x80 or more, a byte below 0x20 is one whose w - 0x20 borrows.
  const std::uint64_t below_space = (w - 0x20 * ones) & ~w & highs;
  return ((w & highs) | below_space | has_zero(w ^ ('"' * ones)) | has_zero(w ^ ('\\' * ones))) == 0;
}

// The bytes a JSON string holds as they are, one at a time.
constexpr std::array<bool, 256> kPlainByte = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// Text dump() writes unchanged: true, false, null, an integer without sign
// clutter, or a string with no escape and nothing to escape.
bool as_dump_writes(std::string_view t) {
  if (t == "true" || t == "false" || t == "null" || t == "0") return true;
  if (t.empty()) return false;
  if (t.front() == '"') {
    if (t.size() < 2 || t.back() != '"') return false;
    for (std::size_t i = 1; i + 1 < t.size();) {
      const auto c = static_cast<unsigned char>(t[i]);
      if (c == '"' || c == '\\' || c < 0x20) return false;
      if (c < 0x80) {
        ++i;
        continue;
      }
      const std::size_t n = utf8_length(t.substr(0, t.size() - 1), i);
      if (n == 0) return false;
      i += n;
    }
    return true;
  }
  const std::size_t digits = t.front() == '-' ? 1 : 0;
  if (t.size() == digits || t.size() - digits > 18 || t[digits] < '1' || t[digits] > '9') return false;
  for (std::size_t i = digits; i < t.size(); ++i)
    if (t[i] < '0' || t[i] > '9') return false;
  return true;
}

}  // namespace

void JsonOut::newline(std::size_t level) {
  if (indent_ < 0) return;
  out_ += '\n';
  out_.append(level * static_cast<std::size_t>(indent_), ' ');
}

// --- Writing, each container's layout known.

void JsonOut::element() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (open_.empty()) return;
  Open &o = open_.back();
  if (o.members++ > 0) out_ += indent_ >= 0 && o.line ? ", " : ",";
  if (!o.line) newline(open_.size());
}

void JsonOut::write_open(char bracket, bool line) {
  element();
  out_ += bracket;
  open_.push_back({0, line});
}

void JsonOut::write_close(char bracket) {
  const Open o = open_.back();
  open_.pop_back();
  if (o.members > 0 && !o.line) newline(open_.size());
  out_ += bracket;
}

void JsonOut::key_separator() {
  out_ += indent_ >= 0 ? ": " : ":";
  after_key_ = true;
}

// --- Holding.

bool JsonOut::fits(bool container, char bracket) const {
  const HeldOpen &top = held_open_.back();
  if (top.array && top.elements >= kLineItems) return false;
  // Only the outermost held container may hold a container, an array (of
  // plain values: anything in that array is a plain value or ends the hold).
  return !container || (held_open_.size() == 1 && bracket == '[');
}

// Writes the first `count` held events and forgets them: containers on one
// line if `line_all`, else only the arrays that closed while held.
void JsonOut::write_held(std::size_t count, bool line_all) {
  for (std::size_t i = 0; i < count; ++i) {
    const Held &h = held_[i];
    const std::size_t end = i + 1 < held_.size() ? held_[i + 1].offset : held_text_.size();
    const std::string_view text(held_text_.data() + h.offset, end - h.offset);
    switch (h.event) {
      case Event::open_object: write_open('{', line_all); break;
      case Event::open_array: write_open('[', line_all || h.closed); break;
      case Event::key:
        element();
        out_.append(text);
        key_separator();
        break;
      case Event::plain:
        element();
        out_.append(text);
        break;
      case Event::close_object: write_close('}'); break;
      case Event::close_array: write_close(']'); break;
    }
  }
  if (count == held_.size()) {
    held_.clear();
    held_text_.clear();
    return;
  }
  const std::size_t base = held_[count].offset;
  held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(count));
  held_text_.erase(0, base);
  for (Held &h : held_) h.offset -= base;
}

// The outermost held container cannot be one line: it is written one element
// per line up to the container held inside it, which is held on as the outermost.
void JsonOut::release_outer() {
  const std::size_t inner = held_open_.size() > 1 ? held_open_[1].event : held_.size();
  write_held(inner, false);
  held_open_.erase(held_open_.begin());
  for (HeldOpen &o : held_open_) o.event -= inner;
}

void JsonOut::open(char bracket) {
  if (indent_ < 0) return write_open(bracket, true);
  while (!held_open_.empty() && !fits(true, bracket)) release_outer();
  if (!held_open_.empty()) held_open_.back().elements++;
  held_.push_back({bracket == '{' ? Event::open_object : Event::open_array, false, held_text_.size()});
  held_open_.push_back({bracket == '[', 0, held_.size() - 1});
}

void JsonOut::close(char bracket) {
  if (held_open_.empty()) return write_close(bracket);
  held_.push_back({bracket == '}' ? Event::close_object : Event::close_array, false, held_text_.size()});
  if (held_open_.size() == 1) {  // it all fits on one line
    held_open_.clear();
    return write_held(held_.size(), true);
  }
  held_[held_open_.back().event].closed = true;
  held_open_.pop_back();
}

std::string &JsonOut::plain_target() {
  while (!held_open_.empty() && !fits(false, 0)) release_outer();
  if (held_open_.empty()) {
    element();
    return out_;
  }
  held_open_.back().elements++;
  held_.push_back({Event::plain, false, held_text_.size()});
  return held_text_;
}

JsonOut &JsonOut::object() {
  open('{');
  return *this;
}
JsonOut &JsonOut::end_object() {
  close('}');
  return *this;
}
JsonOut &JsonOut::array() {
  open('[');
  return *this;
}
JsonOut &JsonOut::end_array() {
  close(']');
  return *this;
}

JsonOut &JsonOut::key(std::string_view name) {
  if (held_open_.empty()) {
    element();
    escape(out_, name);
    key_separator();
  } else {
    held_.push_back({Event::key, false, held_text_.size()});
    escape(held_text_, name);
  }
  return *this;
}

void JsonOut::escape(std::string &to, std::string_view s) {
  to += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size();) {
    // Most text is plain ASCII: eight bytes at a time while none needs a look.
    while (i + 8 <= s.size() && plain_ascii(s.data() + i)) i += 8;
    while (i < s.size() && kPlainByte[static_cast<unsigned char>(s[i])]) ++i;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t n = utf8_length(s, i);
      // dump() refuses ill-formed UTF-8 with its own error; so do we, with the same.
      if (n == 0) (void)nlohmann::ordered_json(std::string(s)).dump(), n = 1;
      i += n;
      continue;
    }
    to.append(s.substr(run, i - run));
    switch (c) {
      case '"': to += "\\\""; break;
      case '\\': to += "\\\\"; break;
      case '\b': to += "\\b"; break;
      case '\f': to += "\\f"; break;
      case '\n': to += "\\n"; break;
      case '\r': to += "\\r"; break;
      case '\t': to += "\\t"; break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        to += "\\u00";
        to += hex[c >> 4];
        to += hex[c & 0xF];
      }
    }
    run = ++i;
  }
  to.append(s.substr(run));
  to += '"';
}

JsonOut &JsonOut::string(std::string_view s) {
  escape(plain_target(), s);
  return *this;
}

JsonOut &JsonOut::boolean(bool b) {
  plain_target() += b ? "true" : "false";
  return *this;
}

JsonOut &JsonOut::integer(std::int64_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  plain_target().append(digits, end);
  return *this;
}

JsonOut &JsonOut::null() {
  plain_target() += "null";
  return *this;
}

JsonOut &JsonOut::strings(const std::vector<std::string> &v) {
  array();
  for (const auto &s : v) string(s);
  return end_array();
}

JsonOut &JsonOut::raw(std::string_view text) {
  if (!as_dump_writes(text)) return value(nlohmann::ordered_json::parse(text));
  plain_target().append(text);
  return *this;
}

JsonOut &JsonOut::value(const nlohmann::ordered_json &j) {
  using T = nlohmann::ordered_json::value_t;
  switch (j.type()) {
    case T::object:
      object();
      for (const auto &[k, v] : j.items()) key(k).value(v);
      return end_object();
    case T::array:
      array();
      for (const auto &v : j) value(v);
      return end_array();
    case T::string: return string(j.get_ref<const std::string &>());
    case T::boolean: return boolean(j.get<bool>());
    case T::null: return null();
    case T::number_integer: return integer(j.get<std::int64_t>());
    default:  // unsigned, floating point: dump's own number formatting
      plain_target() += j.dump();
      return *this;
  }
}

}  // namespace pubplan::detail
