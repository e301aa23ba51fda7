#include "format/values.hpp"

#include <regex>

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

bool valid_npm_name(const std::string &name) {
  static const std::regex re(R"(^(@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*$)");
  return name.size() <= 214 && std::regex_match(name, re);
}

}  // namespace pubplan::detail
