#include "format/schema.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace pubplan::detail {

namespace {

bool looks_numeric(const std::string &s) {
  if (s.empty()) return false;
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digit = false, dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') digit = true;
    else if (s[i] == '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

bool looks_boolean(const std::string &s) {
  return s == "true" || s == "false" || s == "True" || s == "False" || s == "TRUE" ||
         s == "FALSE";
}

std::size_t edit_distance(const std::string &a, const std::string &b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string join(const std::vector<std::string> &items, const char *sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::optional<std::string> did_you_mean(const std::string &word,
                                        const std::vector<std::string> &candidates) {
  std::optional<std::string> best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto &c : candidates) {
    // The distance is at least the difference in length.
    if ((c.size() > word.size() ? c.size() - word.size() : word.size() - c.size()) >= best_d) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

void SchemaReader::error(const DocNode &at, std::string message) {
  errors_.push_back({file_, at.line, at.column, std::move(message)});
}

void SchemaReader::error_at(int line, int column, std::string message) {
  errors_.push_back({file_, line, column, std::move(message)});
}

namespace {
// Keys are checked on every entity of a file (100,000 packages are 100,000
// maps): the happy path allocates nothing. Duplicates are found by looking
// back over the keys before, which for the few keys of an entity is cheaper
// than hashing them (a map of many keys, which only a hostile file has, is
// hashed: never quadratic); the allowed names become strings only for an error.
template <class Allowed>
bool check_map_keys(SchemaReader &r, const DocNode &map, const Allowed &allowed, const char *what) {
  if (!map.is_map()) {
    r.error(map, fmt::format("{} must be a mapping, found {}", what, map.kind_name()));
    return false;
  }
  const auto &entries = map.entries;
  constexpr std::size_t kLookBack = 32;
  std::unordered_map<std::string_view, const DocNode *> seen;  // maps of more than kLookBack keys only
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DocNode &key = entries[i].first;
    if (!key.is_scalar()) {
      r.error(key, fmt::format("keys of {} must be strings", what));
      continue;
    }
    const DocNode *first = nullptr;
    if (entries.size() <= kLookBack) {
      for (std::size_t j = 0; j < i && !first; ++j)
        if (entries[j].first.is_scalar() && entries[j].first.value == key.value) first = &entries[j].first;
    } else if (auto [it, fresh] = seen.emplace(key.value, &key); !fresh) {
      first = it->second;
    }
    if (first) {
      r.error(key, fmt::format("duplicate key '{}' in {} (first at line {})", key.value, what, first->line));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key.value) == allowed.end()) {
      const std::vector<std::string> names(allowed.begin(), allowed.end());
      std::string msg = fmt::format("unknown key '{}' in {}", key.value, what);
      if (auto hint = did_you_mean(key.value, names))
        msg += fmt::format("; did you mean '{}'?", *hint);
      else
        msg += fmt::format(" (allowed: {})", join(names, ", "));
      r.error(key, std::move(msg));
    }
  }
  return true;
}
}  // namespace

bool SchemaReader::check_map(const DocNode &map, std::initializer_list<std::string_view> allowed,
                             const char *what) {
  return check_map_keys(*this, map, allowed, what);
}

bool SchemaReader::check_map(const DocNode &map, const std::vector<std::string> &allowed,
                             const char *what) {
  return check_map_keys(*this, map, allowed, what);
}

const DocNode *SchemaReader::get(const DocNode &map, std::string_view key) {
  for (const auto &[k, v] : map.entries)
    if (k.is_scalar() && k.value == key) return &v;
  return nullptr;
}

const DocNode *SchemaReader::get_key(const DocNode &map, std::string_view key) {
  for (const auto &[k, v] : map.entries)
    if (k.is_scalar() && k.value == key) return &k;
  return nullptr;
}

std::optional<std::string> SchemaReader::string(const DocNode &n, const char *what) {
  if (auto s = text(n, what)) return std::string(*s);
  return std::nullopt;
}

std::optional<std::string_view> SchemaReader::text(const DocNode &n, const char *what) {
  if (!n.is_scalar()) {
    error(n, fmt::format("{} must be a string, found {}", what, n.kind_name()));
    return std::nullopt;
  }
  if (n.plain && (looks_numeric(n.value) || looks_boolean(n.value))) {
    error(n, fmt::format("{} must be a string, found {} '{}' (quote it if it is meant as text)",
                         what, looks_boolean(n.value) ? "a boolean" : "a number", n.value));
    return std::nullopt;
  }
  if (n.value.empty()) {
    error(n, fmt::format("{} must not be empty", what));
    return std::nullopt;
  }
  return n.value;
}

std::optional<bool> SchemaReader::boolean(const DocNode &n, const char *what) {
  if (n.is_scalar() && n.plain) {
    if (n.value == "true") return true;
    if (n.value == "false") return false;
  }
  error(n, fmt::format("{} must be true or false, found '{}'", what,
                       n.is_scalar() ? n.value : n.kind_name()));
  return std::nullopt;
}

std::optional<std::int64_t> SchemaReader::integer(const DocNode &n, const char *what,
                                                  std::int64_t min, std::int64_t max) {
  std::int64_t v = 0;
  if (n.is_scalar() && n.plain && !n.value.empty()) {
    auto [p, ec] = std::from_chars(n.value.data(), n.value.data() + n.value.size(), v);
    if (ec == std::errc() && p == n.value.data() + n.value.size()) {
      if (v < min || v > max) {
        error(n, fmt::format("{} must be between {} and {}, found {}", what, min, max, v));
        return std::nullopt;
      }
      return v;
    }
    if (ec == std::errc::result_out_of_range) {
      error(n, fmt::format("{} is out of range: {}", what, n.value));
      return std::nullopt;
    }
  }
  error(n, fmt::format("{} must be an integer, found '{}'", what,
                       n.is_scalar() ? n.value : n.kind_name()));
  return std::nullopt;
}

std::optional<std::string> SchemaReader::one_of(const DocNode &n,
                                                const std::vector<std::string> &values,
                                                const char *what) {
  if (n.is_scalar() && std::find(values.begin(), values.end(), n.value) != values.end())
    return n.value;
  std::string msg = fmt::format("{} must be one of {}, found '{}'", what, join(values, " | "),
                                n.is_scalar() ? n.value : n.kind_name());
  if (n.is_scalar())
    if (auto hint = did_you_mean(n.value, values)) msg += fmt::format("; did you mean '{}'?", *hint);
  error(n, std::move(msg));
  return std::nullopt;
}

std::optional<std::vector<std::string>> SchemaReader::string_list(const DocNode &n,
                                                                  const char *what) {
  if (!strings(n, what)) return std::nullopt;
  std::vector<std::string> out;
  for (const auto &item : n.items) out.push_back(item.value);
  return out;
}

bool SchemaReader::strings(const DocNode &n, const char *what) {
  if (!n.is_sequence()) {
    error(n, fmt::format("{} must be a list, found {}", what, n.kind_name()));
    return false;
  }
  bool ok = true;
  for (const auto &item : n.items) ok = text(item, what).has_value() && ok;
  return ok;
}

}  // namespace pubplan::detail
