// std::regex matches by recursion, about one level per character: a string of
// tens of kilobytes (fewer under the sanitizers) overflows the stack and kills
// the process. Text read from files goes to a regex only through these, which
// say "no match" for anything longer than any name, label, version or command
// line the patterns are written for.
#pragma once
#include <cstddef>
#include <regex>
#include <string>

namespace pubplan::detail {

inline constexpr std::size_t kRegexMaxLength = 2048;

inline bool regex_match_bounded(const std::string &s, const std::regex &re) {
  return s.size() <= kRegexMaxLength && std::regex_match(s, re);
}
inline bool regex_match_bounded(const std::string &s, std::smatch &m, const std::regex &re) {
  return s.size() <= kRegexMaxLength && std::regex_match(s, m, re);
}
inline bool regex_search_bounded(const std::string &s, const std::regex &re) {
  return s.size() <= kRegexMaxLength && std::regex_search(s, re);
}
inline bool regex_search_bounded(const std::string &s, std::smatch &m, const std::regex &re) {
  return s.size() <= kRegexMaxLength && std::regex_search(s, m, re);
}

}  // namespace pubplan::detail
