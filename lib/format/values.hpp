// Fact values as the engine reads them: a Domain is the set of values a fact
// may take; versions are integers so that comparisons are exact.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace pubplan::detail {

enum class ValueType : std::uint8_t { boolean, enumeration, version, integer };

// The set of values a fact may take. Booleans and enumerations are bit masks
// over their value list (bit 0 = false / first value); versions and integers
// are closed intervals (versions encoded by encode_version).
struct Domain {
  std::uint32_t mask = 0;
  std::int64_t lo = 0, hi = 0;
  bool operator==(const Domain &) const = default;
};

// Versions as integers so that comparisons are exact: MAJOR*1e12 + MINOR*1e6 + PATCH.
inline constexpr std::int64_t kVersionMax = 999'999'999'999'999'999LL;
inline std::int64_t encode_version(std::int64_t major, std::int64_t minor, std::int64_t patch) {
  return major * 1'000'000'000'000LL + minor * 1'000'000LL + patch;
}
std::string decode_version(std::int64_t v);

// A name npm accepts for a new package: lowercase letters, digits, '-', '.',
// '_', '~', optionally '@scope/', at most 214 characters. The loader rejects
// others, so the scan never writes one.
bool valid_npm_name(const std::string &name);

// Every value of a type: what an unknown fact may be. Enumerations need their
// number of values (at most 32).
Domain full_domain(ValueType type, std::size_t values);

}  // namespace pubplan::detail
