#include "format/version_range.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace pubplan::detail {

namespace {

constexpr std::int64_t kComponentMax = 999'999;

bool parse_number(std::string_view s, std::int64_t &out) {
  if (s.empty() || s.size() > 6) return false;
  if (s.size() > 1 && s[0] == '0') return false;  // no leading zeros, as in semver
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out <= kComponentMax;
}

bool is_wildcard(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == '.') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

// X.Y.Z exactly.
std::optional<std::int64_t> parse_full(std::string_view s) {
  auto parts = split_dots(s);
  std::int64_t n[3];
  if (parts.size() != 3) return std::nullopt;
  for (int i = 0; i < 3; ++i)
    if (!parse_number(parts[i], n[i])) return std::nullopt;
  return encode_version(n[0], n[1], n[2]);
}

}  // namespace

std::optional<Domain> parse_version_range(const std::string &text) {
  std::string_view s = text;
  if (s == "lts/*" || s == "latest" || s == "node" || s == "current")
    return Domain{0, 0, kVersionMax};
  auto after_op = [&](std::size_t n) {
    std::string_view r = s.substr(n);
    while (!r.empty() && r.front() == ' ') r.remove_prefix(1);
    return r;
  };
  if (s.starts_with(">=")) {
    auto v = parse_full(after_op(2));
    if (!v) return std::nullopt;
    return Domain{0, *v, kVersionMax};
  }
  if (s.starts_with("^") || s.starts_with("~")) {
    auto parts = split_dots(after_op(1));
    auto v = parse_full(after_op(1));
    if (!v) return std::nullopt;
    std::int64_t major = *v / 1'000'000'000'000LL, minor = (*v / 1'000'000LL) % 1'000'000LL;
    std::int64_t upper;  // exclusive
    if (s[0] == '~' || major == 0)
      upper = encode_version(major, minor + 1, 0);
    else
      upper = encode_version(major + 1, 0, 0);
    return Domain{0, *v, upper - 1};
  }
  // A pre-release X.Y.Z-tag (and build metadata +...): newer than every release
  // below X.Y.Z and older than X.Y.Z, so one point just below it, exact
  // against every bound a release can be.
  if (auto dash = s.find('-'); dash != std::string_view::npos && dash > 0) {
    std::string_view tag = s.substr(dash + 1);
    tag = tag.substr(0, tag.find('+'));
    const bool tag_ok = !tag.empty() && std::all_of(tag.begin(), tag.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
    });
    auto release = parse_full(s.substr(0, dash));
    if (!tag_ok || !release || *release == 0) return std::nullopt;
    return Domain{0, *release - 1, *release - 1};
  }
  auto parts = split_dots(s);
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  std::int64_t n[3] = {0, 0, 0};
  std::size_t fixed = 0;  // leading numeric components
  for (; fixed < parts.size() && !is_wildcard(parts[fixed]); ++fixed)
    if (!parse_number(parts[fixed], n[fixed])) return std::nullopt;
  for (std::size_t i = fixed; i < parts.size(); ++i)
    if (!is_wildcard(parts[i])) return std::nullopt;  // 22.x.5 is not a version
  if (fixed == 0) return std::nullopt;
  if (fixed == 3) {
    std::int64_t v = encode_version(n[0], n[1], n[2]);
    return Domain{0, v, v};
  }
  std::int64_t lo = encode_version(n[0], fixed >= 2 ? n[1] : 0, 0);
  std::int64_t hi = fixed == 1 ? encode_version(n[0] + 1, 0, 0) - 1 : encode_version(n[0], n[1] + 1, 0) - 1;
  return Domain{0, lo, hi};
}

std::optional<std::int64_t> parse_version_bound(const std::string &text) {
  auto d = parse_version_range(text);
  if (!d || d->hi == kVersionMax) return std::nullopt;
  return d->lo;
}

}  // namespace pubplan::detail
