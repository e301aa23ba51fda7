#include "scan/loop_guards.hpp"

#include <algorithm>
#include <optional>
#include <regex>

#include "format/bounded_regex.hpp"

namespace pubplan::detail::scan {

namespace {

std::string trim(const std::string &s) {
  const std::size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t;");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<std::string> split_at(const std::string &s, const std::string &sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, from)) {
    out.push_back(s.substr(from, at - from));
    from = at + sep.size();
  }
  out.push_back(s.substr(from));
  return out;
}

// `[ "$p" != x ]`, `[[ $p == "x" ]]`, `test "${p}" = x`: the variable, the
// operator (`!=`, or `=` for both equalities) and the value.
struct Clause {
  std::string var, op, value;
};
std::optional<Clause> clause(const std::string &text) {
  static const std::regex test(
      R"re(\s*(?:\[\[|\[|test)\s+"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?\s+(!=|==|=)\s+(?:"([^"$`]*)"|'([^']*)'|([^\s"'$`\]]+))\s*(?:\]\]|\])?\s*)re");
  std::smatch m;
  if (!regex_match_bounded(text, m, test)) return std::nullopt;
  const std::string value = m[3].matched ? m[3].str() : m[4].matched ? m[4].str() : m[5].str();
  return Clause{m[1].str(), m[2].str() == "!=" ? "!=" : "=", value};
}

// The condition of an `if`/`elif` line, or of a `[ … ] && continue` line: the
// text between the keyword and `then` (or `&& continue`).
std::string condition_of(const std::string &line, const std::string &keyword, const std::string &end) {
  std::string t = trim(line);
  if (!keyword.empty()) {
    if (!t.starts_with(keyword + " ")) return "";
    t = t.substr(keyword.size() + 1);
  }
  const std::size_t stop = t.find(end);
  return stop == std::string::npos ? t : t.substr(0, stop);
}

// A loop's value as substitute_loop_values writes it into a command.
std::string loop_text(const std::vector<std::string> &values) {
  if (values.size() == 1) return values[0];
  std::string with = "{";
  for (std::size_t k = 0; k < values.size(); ++k) with += (k ? "," : "") + values[k];
  return with + "}";
}

std::string folder(std::string path) {
  while (path.starts_with("./")) path = path.substr(2);
  while (path.size() > 1 && path.ends_with("/")) path.pop_back();
  return path;
}

}  // namespace

void LoopGuards::leave_out(const std::vector<Test> &tests, std::size_t from,
                           const std::map<std::string, std::vector<std::string>> &loops, std::vector<Publish> &out) {
  for (const Test &t : tests) {
    const auto values = loops.find(t.var);
    if (values == loops.end() || values->second.empty()) continue;
    const std::string text = loop_text(values->second);
    for (std::size_t k = from; k < out.size(); ++k) {
      Publish &q = out[k];
      // The loop's text as the publish's folder holds it (join_path drops a leading ./).
      for (const std::string &as : {text, folder(text)}) {
        const std::size_t at = q.dir.find(as);
        if (as.empty() || at == std::string::npos) continue;
        q.excluded_dirs.push_back(folder(q.dir.substr(0, at) + folder(t.value) + q.dir.substr(at + as.size())));
        break;
      }
    }
  }
}

void LoopGuards::see(std::vector<std::string> w, std::string line,
                     const std::map<std::string, std::vector<std::string>> &loops, std::vector<Publish> &out) {
  // A body's first command comes after its keyword (`do if [ … ]`, `then continue`).
  while (w.size() > 1 && (w[0] == "do" || w[0] == "then")) {
    w.erase(w.begin());
    line = trim(line);
    line = line.substr(std::min(line.size(), line.find_first_of(" \t")));
  }
  if (w.empty()) return;
  auto loop_var = [&](const Clause &c) { return loops.count(c.var) > 0; };
  if (w[0] == "if") {
    Frame f;
    f.from = out.size();
    const std::string cond = condition_of(line, "if", "; then");
    if (cond.find("||") == std::string::npos) {
      for (const std::string &part : split_at(cond, "&&"))
        if (const auto c = clause(part); c && c->op == "!=" && loop_var(*c)) f.left_out.push_back({c->var, c->value});
    }
    // `if [ $p = a ] || [ $p = b ]; then continue; fi`: every clause an equality.
    if (cond.find("&&") == std::string::npos) {
      const auto parts = split_at(cond, "||");
      for (const std::string &part : parts)
        if (const auto c = clause(part); c && c->op == "=" && loop_var(*c)) f.skipped.push_back({c->var, c->value});
      if (f.skipped.size() != parts.size()) f.skipped.clear();
    }
    frames_.push_back(std::move(f));
    return;
  }
  if (frames_.empty() && (w[0] == "[" || w[0] == "[[" || w[0] == "test") &&
      line.find("&& continue") != std::string::npos) {
    // `[ $p = a ] && continue` (`||` between tests: any of them).
    const std::string cond = condition_of(line, "", "&& continue");
    const auto parts = split_at(cond, "||");
    std::vector<Test> tests;
    for (const std::string &part : parts)
      if (const auto c = clause(part); c && c->op == "=" && loop_var(*c)) tests.push_back({c->var, c->value});
    if (tests.size() == parts.size())
      for (const Test &t : tests) skips_.push_back({t, out.size()});
    return;
  }
  if (frames_.empty()) {
    if (w.size() == 1 && w[0] == "done") {
      for (const Skip &s : skips_) leave_out({s.test}, s.from, loops, out);
      skips_.clear();
    }
    return;
  }
  Frame &f = frames_.back();
  const bool body_continue = w.size() == 1 && w[0] == "continue";
  if (body_continue && f.from == out.size()) {
    f.continues = true;
  } else if (w[0] == "else" || w[0] == "elif") {
    // The other branch is not guarded by the condition.
    leave_out(f.left_out, f.from, loops, out);
    f.left_out.clear();
    f.skipped.clear();
  } else if (w.size() == 1 && w[0] == "fi") {
    leave_out(f.left_out, f.from, loops, out);
    if (f.continues)
      for (const Test &t : f.skipped) skips_.push_back({t, out.size()});
    frames_.pop_back();
  }
}

}  // namespace pubplan::detail::scan
