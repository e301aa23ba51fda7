// Glob patterns as workspace tools write them (npm/Yarn `workspaces`,
// pnpm-workspace.yaml, lerna.json): `*` and `?` within a path segment, `[...]`
// classes, `{a,b}` alternatives, and `**` for any number of segments.
#include <string>
#include <vector>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

// `{a,b}c` -> ["ac", "bc"] (nested braces included); at most 256 expansions.
std::vector<std::string> expand_braces(std::string_view p) {
  std::size_t open = p.find('{');
  if (open == std::string_view::npos) return {std::string(p)};
  int depth = 0;
  std::vector<std::size_t> commas;
  std::size_t close = std::string_view::npos;
  for (std::size_t i = open; i < p.size(); ++i) {
    if (p[i] == '{') ++depth;
    else if (p[i] == '}' && --depth == 0) { close = i; break; }
    else if (p[i] == ',' && depth == 1) commas.push_back(i);
  }
  if (close == std::string_view::npos) return {std::string(p)};  // unbalanced: literal
  std::vector<std::string> out;
  std::size_t start = open + 1;
  commas.push_back(close);
  for (std::size_t c : commas) {
    std::string alt = std::string(p.substr(0, open)) + std::string(p.substr(start, c - start)) +
                      std::string(p.substr(close + 1));
    for (auto &e : expand_braces(alt)) {
      if (out.size() >= 256) return out;
      out.push_back(std::move(e));
    }
    start = c + 1;
  }
  return out;
}

bool match_class(std::string_view pat, std::size_t &i, char c) {
  // pat[i] == '['; on return i is past ']'.
  std::size_t j = i + 1;
  bool negate = j < pat.size() && (pat[j] == '!' || pat[j] == '^');
  if (negate) ++j;
  bool hit = false;
  std::size_t first = j;
  for (; j < pat.size() && (pat[j] != ']' || j == first); ++j) {
    if (j + 2 < pat.size() && pat[j + 1] == '-' && pat[j + 2] != ']') {
      if (c >= pat[j] && c <= pat[j + 2]) hit = true;
      j += 2;
    } else if (pat[j] == c) {
      hit = true;
    }
  }
  i = j + 1;
  return hit != negate;
}

// One path segment against one pattern segment.
bool match_segment(std::string_view pat, std::string_view s) {
  std::size_t p = 0, t = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < s.size()) {
    if (p < pat.size() && pat[p] == '*') {
      star_p = ++p;
      star_t = t;
      continue;
    }
    if (p < pat.size()) {
      if (pat[p] == '?') { ++p, ++t; continue; }
      if (pat[p] == '[' && pat.find(']', p + 2) != std::string_view::npos) {
        std::size_t q = p;
        if (match_class(pat, q, s[t])) { p = q, ++t; continue; }
      } else if (pat[p] == '\\' && p + 1 < pat.size() && pat[p + 1] == s[t]) {
        p += 2, ++t;
        continue;
      } else if (pat[p] == s[t]) {
        ++p, ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(start, slash - start);
    if (!seg.empty() && seg != ".") out.push_back(seg);
    start = slash + 1;
  }
  return out;
}

bool match_segments(const std::vector<std::string_view> &pat, std::size_t i,
                    const std::vector<std::string_view> &path, std::size_t j) {
  if (i == pat.size()) return j == path.size();
  if (pat[i] == "**") {
    for (std::size_t k = j; k <= path.size(); ++k)
      if (match_segments(pat, i + 1, path, k)) return true;
    return false;
  }
  if (j == path.size()) return false;
  // Like the tools, `*` does not match a hidden directory name.
  if (path[j].starts_with('.') && !pat[i].starts_with('.')) return false;
  return match_segment(pat[i], path[j]) && match_segments(pat, i + 1, path, j + 1);
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  for (const auto &alt : expand_braces(pattern)) {
    auto pat = segments(alt);
    auto p = segments(path);
    if (match_segments(pat, 0, p, 0)) return true;
  }
  return false;
}

}  // namespace pubplan::detail::scan
