#include "format/values.hpp"

#include <fmt/format.h>

namespace pubplan::detail {

std::string decode_version(std::int64_t v) {
  return fmt::format("{}.{}.{}", v / 1'000'000'000'000LL, (v / 1'000'000LL) % 1'000'000LL,
                     v % 1'000'000LL);
}

}  // namespace pubplan::detail
