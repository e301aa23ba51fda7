// Shell text: simple commands and their words (see shell.hpp).
#include "scan/shell.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

namespace {

// The length of the CI expression at `i` (GitHub's `${{ ... }}`, GitLab's
// `$[[ ... ]]`, closed on the same line within kMaxExpression characters), 0
// if none starts there. The CI replaces it before the shell reads the line, so
// its blanks and `||` do not split words or commands. The bound keeps a line of
// unclosed openings linear.
constexpr std::size_t kMaxExpression = 512;
std::size_t expression_at(const std::string &text, std::size_t i) {
  for (const auto &[open, close] : {std::pair{"${{", "}}"}, std::pair{"$[[", "]]"}}) {
    if (text.compare(i, 3, open) != 0) continue;
    const std::string_view window = std::string_view(text).substr(i, kMaxExpression);
    const std::size_t end = window.substr(0, window.find('\n')).find(close, 3);
    return end == std::string_view::npos ? 0 : end + 2;
  }
  return 0;
}

}  // namespace

std::vector<std::string> words(const std::string &cmd) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  bool any = false;
  for (std::size_t i = 0; i < cmd.size(); ++i) {
    const char c = cmd[i];
    if (const std::size_t n = expression_at(cmd, i)) {
      cur.append(cmd, i, n);
      i += n - 1;
    } else if (quote) {
      if (c == quote) quote = 0;
      else cur += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      any = true;
    } else if (c == ' ' || c == '\t') {
      if (!cur.empty() || any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur += c;
    }
  }
  if (!cur.empty() || any) out.push_back(cur);
  return out;
}

// Shell text -> simple commands, split at newlines, ;, &&, || and |, each with
// the line (from 0) it starts on. Quoted text does not split (`echo 'a | b'`),
// a quote left open ends with its line, and a here-document's lines are text
// (`cat <<EOF`), except one fed to a shell. A command substitution, `$(…)` or
// `…`, is a command of its own (`out=$(npm publish)` publishes) and leaves
// `$(…)` in the command around it; `$(NAME)` without a blank is an Azure
// Pipelines macro, and `$((…))` arithmetic, both text. A subshell's `(` and
// `)` are commands of their own, so that a `cd` inside it ends with it.
std::vector<std::pair<std::string, int>> commands(const std::string &script) {
  std::vector<std::pair<std::string, int>> out;
  std::string cur;
  int line = 0, start = 0;
  // Per open `$(` or backtick: the plain `(` opened inside it, and the quote
  // it was opened in (its own text starts unquoted).
  struct Open {
    int parens = 0;
    char quote = 0;
    bool backtick = false;
  };
  std::vector<Open> opens;
  char quote = 0;                 // ' or " while inside one
  int subshells = 0;              // `(` open
  std::string heredoc;            // the delimiter of a here-document whose lines come next
  bool heredoc_is_script = false; // fed to a shell: its lines are commands
  auto split = [&] {
    out.emplace_back(cur, start);
    cur.clear();
    start = line;
  };
  auto macro_at = [&](std::size_t i) {  // `$(Build.SourcesDirectory)`
    std::size_t k = i + 2;
    while (k < script.size() && (std::isalnum(static_cast<unsigned char>(script[k])) || script[k] == '_' ||
                                 script[k] == '.'))
      ++k;
    return k > i + 2 && k < script.size() && script[k] == ')';
  };
  auto blank = [](const std::string &text) { return text.find_first_not_of(" \t") == std::string::npos; };
  for (std::size_t i = 0; i < script.size(); ++i) {
    char c = script[i];
    if (const std::size_t n = expression_at(script, i)) {
      cur.append(script, i, n);
      i += n - 1;
      continue;
    }
    if (c == '\n') {
      out.emplace_back(cur, start);
      cur.clear();
      quote = 0;
      ++line;
      start = line;
      if (!heredoc.empty() && !heredoc_is_script) {
        // Skip its lines, up to the delimiter's (leading blanks allowed, as
        // <<- allows tabs): the newline that ends that line comes next.
        while (i + 1 < script.size()) {
          std::size_t end = script.find('\n', i + 1);
          if (end == std::string::npos) end = script.size();
          std::string body = script.substr(i + 1, end - i - 1);
          const std::size_t first = body.find_first_not_of(" \t");
          body = first == std::string::npos ? "" : body.substr(first);
          while (!body.empty() && (body.back() == ' ' || body.back() == '\t' || body.back() == '\r')) body.pop_back();
          if (body == heredoc) {
            i = end - 1;
            break;
          }
          i = end;
          if (end < script.size()) ++line;
        }
        start = line;
      }
      heredoc.clear();
      continue;
    }
    if (quote == '\'') {
      if (c == '\'') quote = 0;
      cur += c;
      continue;
    }
    if (c == '\\' && i + 1 < script.size()) {
      if (script[i + 1] == '\n') {  // continuation
        ++i, ++line;
        continue;
      }
      cur += c;
      cur += script[++i];  // an escaped character is text
      continue;
    }
    if (c == '"') {
      quote = quote == '"' ? 0 : '"';
      cur += c;
      continue;
    }
    if (c == '\'' && !quote) {
      quote = '\'';
      cur += c;
      continue;
    }
    if (c == '$' && i + 2 < script.size() && script[i + 1] == '(' && script[i + 2] == '(') {
      // Arithmetic: text to its `))`.
      const std::size_t end = script.find("))", i + 3);
      const std::size_t stop = end == std::string::npos ? script.size() : end + 2;
      const std::size_t newline = script.find('\n', i);
      const std::size_t until = std::min(stop, newline == std::string::npos ? script.size() : newline);
      cur.append(script, i, until - i);
      i = until - 1;
      continue;
    }
    if (c == '$' && i + 1 < script.size() && script[i + 1] == '(' && macro_at(i)) {
      const std::size_t close = script.find(')', i);
      cur.append(script, i, close - i + 1);
      i = close;
      continue;
    }
    if (c == '$' && i + 1 < script.size() && script[i + 1] == '(') {
      cur += "$(…)";  // the outer command keeps its value computed (`DIR=$(…)`)
      split();
      opens.push_back({0, quote, false});
      quote = 0;
      ++i;
      continue;
    }
    if (c == '`') {
      if (!opens.empty() && opens.back().backtick) {
        quote = opens.back().quote;
        opens.pop_back();
      } else {
        cur += "`…`";  // as for `$(`
        opens.push_back({0, quote, true});
        quote = 0;
      }
      split();
      continue;
    }
    if (quote == '"') {
      cur += c;
      continue;
    }
    if (!opens.empty() && !opens.back().backtick && (c == '(' || c == ')')) {
      Open &o = opens.back();
      if (c == '(') {
        ++o.parens;
        cur += c;
      } else if (o.parens > 0) {
        --o.parens;
        cur += c;
      } else {
        quote = o.quote;
        opens.pop_back();
        split();
      }
      continue;
    }
    if ((c == '(' && blank(cur)) || (c == ')' && opens.empty() && subshells > 0)) {
      subshells += c == '(' ? 1 : -1;
      split();
      cur = std::string(1, c);  // a subshell's bounds: commands of their own
      split();
      continue;
    }
    if (c == ')' && opens.empty()) {  // a `case` label's end: the label is no command
      cur.clear();
      start = line;
      continue;
    }
    if (c == '<' && i + 1 < script.size() && script[i + 1] == '<' && (i + 2 >= script.size() || script[i + 2] != '<')) {
      // `<<WORD`, `<<-WORD`, `<<'WORD'`, `<< "WORD"`: its lines follow this one.
      std::size_t k = i + 2;
      if (k < script.size() && script[k] == '-') ++k;
      while (k < script.size() && (script[k] == ' ' || script[k] == '\t')) ++k;
      const bool quoted_word = k < script.size() && (script[k] == '\'' || script[k] == '"');
      if (quoted_word) ++k;
      std::size_t end = k;
      while (end < script.size() && (std::isalnum(static_cast<unsigned char>(script[end])) || script[end] == '_')) ++end;
      if (end > k) {
        heredoc = script.substr(k, end - k);
        const std::string first = cur.substr(std::min(cur.size(), cur.find_first_not_of(" \t")));
        heredoc_is_script = first.starts_with("bash") || first.starts_with("sh") || first.starts_with("zsh");
        cur.append(script, i, end - i + (quoted_word && end < script.size() ? 1 : 0));
        i = end - 1 + (quoted_word && end < script.size() ? 1 : 0);
        continue;
      }
    }
    bool two = i + 1 < script.size() && ((c == '&' && script[i + 1] == '&') || (c == '|' && script[i + 1] == '|'));
    if (c == ';' || c == '|' || two) {
      out.emplace_back(cur, start);
      cur.clear();
      if (two) ++i;
      start = line;
    } else if (c == '#' && (cur.empty() || cur.back() == ' ' || cur.back() == '\t')) {
      while (i + 1 < script.size() && script[i + 1] != '\n') ++i;  // comment
    } else {
      cur += c;
    }
  }
  out.emplace_back(cur, start);
  return out;
}

bool prints_a_message(const std::string &command) {
  const std::size_t at = command.find_first_not_of(" \t");
  if (at == std::string::npos) return false;
  const std::string_view c = std::string_view(command).substr(at);
  if (c.starts_with("::")) return true;  // a GitHub Actions workflow command
  const std::string_view first = c.substr(0, c.find_first_of(" \t"));
  for (const char *printer : {"echo", "printf", "Write-Host", "Write-Output", "Write-Information"})
    if (first == printer) return true;
  return false;
}

// Words as shell text again, quoted where a word holds a blank or is empty.
std::string shell_join(const std::vector<std::string> &w) {
  std::string out;
  for (const std::string &word : w) {
    if (!out.empty()) out += ' ';
    const bool quote = word.empty() || word.find_first_of(" \t") != std::string::npos;
    out += quote ? "'" + word + "'" : word;
  }
  return out;
}

bool is_option(const std::string &w) { return w.size() > 1 && w[0] == '-'; }

// `NAME=value`, a shell assignment.
bool is_assignment(const std::string &w) {
  const std::size_t eq = w.find('=');
  if (eq == 0 || eq == std::string::npos || std::isdigit(static_cast<unsigned char>(w[0]))) return false;
  return std::all_of(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(eq),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool has_glob(const std::string &path) { return path.find_first_of("*?[{") != std::string::npos; }

// Where CI providers check the repository out: a path under one is a path of
// the repository.
constexpr const char *kCheckoutRoots[] = {
    "$GITHUB_WORKSPACE", "${GITHUB_WORKSPACE}", "${{ github.workspace }}", "$CI_PROJECT_DIR", "${CI_PROJECT_DIR}",
    "$CIRCLE_WORKING_DIRECTORY", "${CIRCLE_WORKING_DIRECTORY}", "~/project", "/home/circleci/project",
    "$BUILD_SOURCESDIRECTORY", "$(Build.SourcesDirectory)", "$(System.DefaultWorkingDirectory)"};

std::string join_path(const std::string &base, std::string rel) {
  for (const char *root : kCheckoutRoots) {
    const std::string_view r(root);
    if (rel == r) return "";
    if (rel.starts_with(r) && rel.size() > r.size() && rel[r.size()] == '/') return join_path("", rel.substr(r.size() + 1));
  }
  while (rel.starts_with("./")) rel = rel.substr(2);
  if (rel == "." || rel.empty()) return base;
  if (rel.starts_with("/")) return rel.substr(1);
  // `..` leaves a folder (`cd ..`, `cd ../..`); above the root it stays `..`.
  std::vector<std::string> parts;
  for (const std::string *piece : {&base, static_cast<const std::string *>(&rel)}) {
    std::size_t from = 0;
    while (from <= piece->size()) {
      std::size_t slash = piece->find('/', from);
      if (slash == std::string::npos) slash = piece->size();
      const std::string part = piece->substr(from, slash - from);
      if (part == ".." && !parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!part.empty() && part != ".") parts.push_back(part);
      from = slash + 1;
    }
  }
  std::string out;
  for (const std::string &part : parts) out += (out.empty() ? "" : "/") + part;
  return out;
}

// `for VAR in A B; do ... "$VAR" ...`: each $VAR or ${VAR} of a loop seen so
// far becomes what it loops over, one path or a {A,B} alternative (a glob
// either way when the values are), so a publish of "$VAR/" names those
// directories. Values the loop computes (`$(...)`) stay variables.
void substitute_loop_values(std::vector<std::string> &w, const std::map<std::string, std::vector<std::string>> &loops) {
  for (auto &word : w)
    for (const auto &[var, values] : loops) {
      if (values.empty()) continue;
      std::string with = values.size() == 1 ? values[0] : "{";
      for (std::size_t k = 0; values.size() > 1 && k < values.size(); ++k) with += (k ? "," : "") + values[k];
      if (values.size() > 1) with += "}";
      for (const std::string &ref : {"${" + var + "}", "$" + var}) {
        for (std::size_t at = word.find(ref); at != std::string::npos; at = word.find(ref, at + with.size())) {
          const std::size_t after = at + ref.size();
          // $VAR must not be the start of a longer name ($VARIANT).
          if (ref[1] != '{' && after < word.size() && (std::isalnum(static_cast<unsigned char>(word[after])) || word[after] == '_'))
            continue;
          word.replace(at, ref.size(), with);
        }
      }
    }
}

// A shell script's positional parameters in the words of a command: `"$@"`
// (or `$*`) is every one, `$N` / `${N}` the Nth; a parameter the caller did
// not give stays as written. A word that is `$@` alone becomes the words.
void substitute_positional(std::vector<std::string> &w, const std::vector<std::string> &args) {
  std::vector<std::string> out;
  for (std::string &word : w) {
    if (word == "$@" || word == "${@}" || word == "$*" || word == "${*}") {
      out.insert(out.end(), args.begin(), args.end());
      continue;
    }
    for (std::size_t at = word.find('$'), next = 0; at != std::string::npos; at = word.find('$', next)) {
      next = at + 1;
      const bool braced = at + 1 < word.size() && word[at + 1] == '{';
      const std::size_t digit = at + (braced ? 2 : 1);
      if (digit >= word.size() || word[digit] < '1' || word[digit] > '9') continue;
      const std::size_t end = digit + 1 + (braced ? 1 : 0);
      if (braced && (end > word.size() || word[end - 1] != '}')) continue;
      if (!braced && end < word.size() && std::isdigit(static_cast<unsigned char>(word[end]))) continue;
      const std::size_t n = static_cast<std::size_t>(word[digit] - '1');
      if (n >= args.size() || args[n].find('$') != std::string::npos) continue;
      word.replace(at, end - at, args[n]);
      next = at + args[n].size();  // after what was put in
    }
    out.push_back(std::move(word));
  }
  w = std::move(out);
}

}  // namespace pubplan::detail::scan
