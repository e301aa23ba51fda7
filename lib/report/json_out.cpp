#include "report/json_out.hpp"

#include <charconv>

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

void JsonOut::element() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (open_.empty()) return;
  if (open_.back()++ > 0) out_ += ',';
  newline(open_.size());
}

void JsonOut::open(char bracket) {
  element();
  out_ += bracket;
  open_.push_back(0);
}

void JsonOut::close(char bracket) {
  const std::size_t members = open_.back();
  open_.pop_back();
  if (members > 0) newline(open_.size());
  out_ += bracket;
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
  element();
  escaped(name);
  out_ += indent_ >= 0 ? ": " : ":";
  after_key_ = true;
  return *this;
}

void JsonOut::escaped(std::string_view s) {
  out_ += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t n = utf8_length(s, i);
      // dump() refuses ill-formed UTF-8 with its own error; so do we, with the same.
      if (n == 0) (void)nlohmann::ordered_json(std::string(s)).dump(), n = 1;
      i += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out_.append(s.substr(run, i - run));
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        out_ += "\\u00";
        out_ += hex[c >> 4];
        out_ += hex[c & 0xF];
      }
    }
    run = ++i;
  }
  out_.append(s.substr(run));
  out_ += '"';
}

JsonOut &JsonOut::string(std::string_view s) {
  element();
  escaped(s);
  return *this;
}

JsonOut &JsonOut::boolean(bool b) {
  element();
  out_ += b ? "true" : "false";
  return *this;
}

JsonOut &JsonOut::integer(std::int64_t n) {
  element();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out_.append(digits, end);
  return *this;
}

JsonOut &JsonOut::null() {
  element();
  out_ += "null";
  return *this;
}

JsonOut &JsonOut::strings(const std::vector<std::string> &v) {
  array();
  for (const auto &s : v) string(s);
  return end_array();
}

JsonOut &JsonOut::raw(std::string_view text) {
  if (!as_dump_writes(text)) return value(nlohmann::ordered_json::parse(text));
  element();
  out_.append(text);
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
      element();
      out_ += j.dump();
      return *this;
  }
}

}  // namespace pubplan::detail
