#include "format/values.hpp"

#include <string_view>

#include <fmt/format.h>

namespace pubplan::detail {

std::string decode_version(std::int64_t v) {
  return fmt::format("{}.{}.{}", v / 1'000'000'000'000LL, (v / 1'000'000LL) % 1'000'000LL,
                     v % 1'000'000LL);
}

Domain full_domain(ValueType type, std::size_t values) {
  switch (type) {
    case ValueType::boolean: return {0b11, 0, 0};
    case ValueType::enumeration: return {static_cast<std::uint32_t>((std::uint64_t{1} << values) - 1), 0, 0};
    case ValueType::version: return {0, 0, kVersionMax};
    case ValueType::integer: return {0, 0, INT64_MAX / 2};
  }
  return {};
}

namespace {

// [a-z0-9~-][a-z0-9._~-]*: a name part. By hand, not std::regex: the loader
// checks every package's name, and the regex was a twentieth of loading.
bool name_part(std::string_view s) {
  auto in_part = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '~' || c == '.' || c == '_';
  };
  if (s.empty() || s.front() == '.' || s.front() == '_') return false;
  for (char c : s)
    if (!in_part(c)) return false;
  return true;
}

}  // namespace

bool valid_npm_name(const std::string &name) {
  if (name.size() > 214) return false;
  std::string_view s = name;
  if (s.starts_with('@')) {  // @scope/name
    const auto slash = s.find('/');
    if (slash == std::string_view::npos || !name_part(s.substr(1, slash - 1))) return false;
    s.remove_prefix(slash + 1);
  }
  return name_part(s);
}

}  // namespace pubplan::detail
