// Release scripts in JavaScript and TypeScript: the shell commands they run,
// read from the strings and argument lists they hand to exec, spawn and the
// like. Text is read, never run, and what a regular expression reaches is
// bounded (format/bounded_regex.hpp).
#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "format/bounded_regex.hpp"
#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

// JavaScript or TypeScript without its comments, newlines kept so that lines
// keep their numbers: a comment that mentions `npm publish` runs nothing.
// Strings are kept whole (a URL's `//` is no comment); a backslash outside a
// string escapes the next character, as in a regular expression literal.
std::string without_comments(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (quote) {
      out += c;
      if (c == '\\' && next) out += text[++i];
      else if (c == quote || (c == '\n' && quote != '`')) quote = 0;
    } else if (c == '\\' && next) {
      out += c;
      out += text[++i];
    } else if (c == '/' && next == '/') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if (c == '/' && next == '*') {
      const std::size_t end = text.find("*/", i + 2);
      const std::size_t stop = end == std::string::npos ? text.size() : end + 2;
      out.append(static_cast<std::size_t>(std::count(text.begin() + static_cast<long>(i),
                                                     text.begin() + static_cast<long>(stop), '\n')),
                 '\n');
      i = stop - 1;
    } else {
      if (c == '"' || c == '\'' || c == '`') quote = c;
      out += c;
    }
  }
  return out;
}

namespace {

// A string's text with each template literal's `${...}` part written `$EXPR`,
// a value the scan cannot read (`${dry ? '--dry-run' : ''}` is no dry run for
// certain).
std::string computed_parts(const std::string &text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "${") != 0) {
      out += text[i];
      continue;
    }
    int depth = 0;
    std::size_t k = i + 1;
    for (; k < text.size(); ++k) {
      if (text[k] == '{') ++depth;
      else if (text[k] == '}' && --depth == 0) break;
    }
    out += "$EXPR";
    i = k;
  }
  return out;
}

// The command a JavaScript string holds, from `from` (where the match of a
// publish command starts) to `to` (where it stopped at a quote): to the end of
// the string, so that quotes of another kind inside it (`'pnpm publish --filter
// "./packages/*" --access public'`) keep what follows them.
std::string string_from(const std::string &line, std::size_t from, std::size_t to) {
  const std::size_t open = line.find_last_of("'\"`", from == 0 ? 0 : from - 1);
  if (from == 0 || open == std::string::npos || to >= line.size() || line[to] == line[open])
    return computed_parts(line.substr(from, to - from));
  const std::size_t close = line.find(line[open], to);
  return computed_parts(line.substr(from, (close == std::string::npos ? line.size() : close) - from));
}

// Where the string literal that holds line[pos] opens (npos: none), the line
// read from its start: a literal is taken to open on the line it is on.
std::size_t literal_open(const std::string &line, std::size_t pos) {
  std::size_t open = std::string::npos;
  for (std::size_t i = 0; i < pos && i < line.size(); ++i) {
    const char c = line[i];
    if (open != std::string::npos) {
      if (c == '\\') ++i;
      else if (c == line[open]) open = std::string::npos;
    } else if (c == '\'' || c == '"' || c == '`') {
      open = i;
    }
  }
  return open;
}

// Whether the words after `publish` make the text prose: two plain words
// before any option ("npm publish dry runs", "npm publish failed for x"),
// where a command has options, a folder or a tarball (`npm publish dist`,
// `lerna publish from-package --yes`).
bool prose_after(const std::string &command) {
  static const std::regex publish_word(R"(\b(?:pre-?)?publish\b)");
  std::smatch m;
  if (!regex_search_bounded(command, m, publish_word)) return false;
  std::istringstream in(command.substr(static_cast<std::size_t>(m.position(0) + m.length(0))));
  int plain = 0;
  for (std::string w; in >> w && plain < 2;) {
    if (!std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return false;
    ++plain;
  }
  return plain >= 2;
}

// Whether the words of a string before a publish command in it make it prose
// rather than a command line: "Publish via `pnpm publish`", "Run npm publish".
// A command line has, since its last separator (&&, ;, |, a subshell), at most
// a few lower-case words: a launcher (`vp exec`), a `cd` or an assignment.
bool prose_before(const std::string &prefix) {
  if (prefix.find('`') != std::string::npos) return true;  // inline code in a sentence
  std::size_t start = 0;
  for (const char *sep : {"&&", "||", ";", "|", "(", "{"}) {
    std::size_t at = prefix.rfind(sep);
    while (at != std::string::npos && at > 0 && sep[0] == '{' && prefix[at - 1] == '$')  // a template's `${`
      at = prefix.rfind(sep, at - 1);
    if (at != std::string::npos) start = std::max(start, at + std::char_traits<char>::length(sep));
  }
  // Words of a command line: lower-case words, a template's `${x}`, an
  // assignment, and the quote that opens the command (`exec "npm publish"`);
  // the words of a client's launcher (`yarn workspace ${pkg} exec`) do not
  // count towards the few.
  static const std::regex word(R"([a-z0-9_./@:$~+-]+|\$\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*=\S*|["'])");
  static const std::set<std::string> launcher = {"npm", "pnpm", "yarn", "bun", "npx", "bunx", "exec", "dlx",
                                                 "workspace", "workspaces", "foreach", "\"", "'"};
  std::istringstream in(prefix.substr(start));
  int n = 0;
  for (std::string w; in >> w;) {
    if (!std::regex_match(w, word)) return true;
    if (!launcher.count(w) && w.find("${") != 0 && ++n > 3) return true;
  }
  return false;
}

// Whether the string opening at line[open] is handed to a call that prints or
// fails (console.log, logger.warn, stderrWrite, new Error, core.setFailed,
// throw): a message, whatever command it names. The call may open on the line
// before (`stderrWrite(` then the message).
bool in_message(const std::vector<std::string> &lines, std::size_t n, std::size_t open) {
  static const std::regex sink(
      R"((?:\bthrow\s*|(?:^|[^A-Za-z0-9_$])[A-Za-z0-9_$.]*(?:log|warn|warning|info|debug|error|Error|fatal|notice|print|println|write|Write|fail|Fail|failed|Failed|abort)\s*\(\s*)$)");
  std::string before = lines[n].substr(0, open);
  // Inside the call's parentheses: what comes before the innermost open one.
  auto callee = [](const std::string &text) {
    int depth = 0;
    for (std::size_t i = text.size(); i-- > 0;) {
      if (text[i] == ')') ++depth;
      else if (text[i] == '(' && depth-- == 0) return text.substr(0, i + 1);
    }
    return text;
  };
  const bool starts_line = before.find_first_not_of(" \t+") == std::string::npos;
  if (starts_line && n > 0) before = lines[n - 1];
  return regex_search_bounded(callee(before), sink);
}

// The elements of the array literal that opens at text[i] ('['): a string as
// its text, anything else (a variable, a spread, a call) `$EXPR`.
std::vector<std::string> array_elements(const std::string &text, std::size_t i) {
  std::vector<std::string> out;
  std::string element;
  int depth = 0;
  auto take = [&] {
    const std::size_t a = element.find_first_not_of(" \t\n\r");
    if (a == std::string::npos) return element.clear();
    const std::string e = element.substr(a, element.find_last_not_of(" \t\n\r") - a + 1);
    const bool literal = e.size() >= 2 && (e[0] == '\'' || e[0] == '"' || e[0] == '`') && e.back() == e[0] &&
                         e.find(e[0], 1) == e.size() - 1;
    out.push_back(literal ? computed_parts(e.substr(1, e.size() - 2)) : "$EXPR");
    element.clear();
  };
  const std::size_t end = std::min(text.size(), i + 4000);
  for (++i; i < end; ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"' || c == '`') {
      const std::size_t from = i;
      for (++i; i < end && text[i] != c; ++i)
        if (text[i] == '\\') ++i;
      element += text.substr(from, i - from + 1);
      continue;
    }
    if (c == '[' || c == '(' || c == '{') ++depth;
    if (depth == 0 && (c == ',' || c == ']')) {
      take();
      if (c == ']') return out;
      continue;
    }
    if (c == ']' || c == ')' || c == '}') --depth;
    element += c;
  }
  return {};  // not closed within reach: nothing certain
}

// The text of the call whose parenthesis opens at text[open], to its closing
// one (or as far as `text` goes), quotes skipped.
std::string call_text(const std::string &text, std::size_t open) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '(' || c == '{' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == '}' || c == ']') && --depth == 0) {
      return text.substr(open, i - open + 1);
    }
  }
  return text.substr(open);
}

// The `cd` a call's `cwd` option stands for, in a subshell with its command:
// a literal folder (`cwd: 'browser'`, `cwd: path.resolve('browser')`) from the
// process's folder, `path.join(__dirname, '..', 'x')` from the script's
// folder (`script_dir`, relative to the root); any other value is a folder
// held in a variable, as the shell's `cd "$dir"` is. Empty without `cwd`.
std::string cwd_of_call(const std::string &call, const std::string &script_dir) {
  static const std::regex option(R"(\bcwd\s*(:|[,}]))");
  static const std::regex literal(R"(^(?:(?:path\.)?resolve\(\s*)?(['"])([A-Za-z0-9_.@/-]+)\1\s*\)?$)");
  static const std::regex from_script(
      R"(^(?:path\.)?(?:join|resolve)\(\s*__dirname((?:\s*,\s*(['"])[A-Za-z0-9_.@/-]+\2)*)\s*\)$)");
  std::smatch m;
  if (!regex_search_bounded(call, m, option)) return "";
  // The value: up to a comma or brace outside its own parentheses and quotes.
  std::string value;
  if (m[1].str() == ":") {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = static_cast<std::size_t>(m.position(0) + m.length(0)); i < call.size(); ++i) {
      const char c = call[i];
      if (quote) quote = c == quote ? 0 : quote;
      else if (c == '\'' || c == '"' || c == '`') quote = c;
      else if (c == '(' || c == '[') ++depth;
      else if ((c == ')' || c == ']') && depth > 0) --depth;
      else if (depth == 0 && (c == ',' || c == '}' || c == ')' || c == '\n')) break;
      value += c;
    }
  }
  const std::size_t first = value.find_first_not_of(" \t");
  value = first == std::string::npos ? "" : value.substr(first);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  if (regex_search_bounded(value, m, literal)) return "cd '" + m[2].str() + "' && ";
  if (regex_search_bounded(value, m, from_script)) {
    // The folders from the root, `..` leaving one (above the root: unknown).
    std::vector<std::string> dirs;
    std::string path = script_dir;
    static const std::regex part(R"(['"]([A-Za-z0-9_.@/-]+)['"])");
    const std::string parts = m[1].str();
    for (auto it = std::sregex_iterator(parts.begin(), parts.end(), part); it != std::sregex_iterator(); ++it)
      path += "/" + (*it)[1].str();
    std::istringstream in(path);
    for (std::string d; std::getline(in, d, '/');) {
      if (d == "..") {
        if (dirs.empty()) return "cd \"$cwd\" && ";
        dirs.pop_back();
      } else if (!d.empty() && d != ".") {
        dirs.push_back(d);
      }
    }
    std::string dir = "/";
    for (const auto &d : dirs) dir += (dir.size() > 1 ? "/" : "") + d;
    return "cd '" + dir + "' && ";
  }
  return "cd \"$cwd\" && ";
}

// The command an array makes whose first element is the string opening at
// lines[n][open], when the array is joined with a blank (`['npm publish',
// dir, '--access=public'].join(' ')`): all its elements; else "".
std::string joined_array_command(const std::vector<std::string> &lines, std::size_t n, std::size_t open) {
  std::string text;
  for (std::size_t k = n >= 5 ? n - 5 : 0; k < n; ++k) text += lines[k] + "\n";
  const std::size_t here = text.size() + open;
  if (here == 0) return "";
  for (std::size_t k = n; k < lines.size() && k <= n + 20; ++k) text += lines[k] + "\n";
  // The bracket the string is the first element of: nothing but blanks between.
  const std::size_t bracket = text.find_last_not_of(" \t\n", here - 1);
  if (bracket == std::string::npos || text[bracket] != '[') return "";
  if (text.find(".join(' ')", here) == std::string::npos && text.find(".join(\" \")", here) == std::string::npos)
    return "";
  std::string command;
  for (const auto &e : array_elements(text, bracket)) command += (command.empty() || e.empty() ? "" : " ") + e;
  return command;
}

// A call that hands the program and its arguments apart, as child_process's
// spawn and execFile and execa do: `spawn('pnpm', ['publish', '--tag', tag])`,
// or `spawn('pnpm', args)` with `const args = [...]` among `lines`. Returns the
// shell text it runs, or "" when `window` (the line and the ones after it)
// holds no such call opening on its first line (`line_length`).
std::string argument_list_call(const std::string &window, std::size_t line_length,
                               const std::vector<std::string> &lines, std::size_t &open) {
  static const std::regex call(R"(\(\s*(['"])([A-Za-z0-9_.@/-]+)\1\s*,\s*(\[|[A-Za-z_$][\w$]*\b))");
  // The call's head is on its line or the few after it; its list may go on.
  std::size_t head = std::string::npos;  // the end of the fourth line
  for (int k = 0; k < 4; ++k)
    if ((head = window.find('\n', head == std::string::npos ? 0 : head + 1)) == std::string::npos) break;
  std::smatch m;
  const std::string start = window.substr(0, std::min(head, kRegexMaxLength));
  if (!regex_search_bounded(start, m, call) || static_cast<std::size_t>(m.position(0)) >= line_length) return "";
  open = static_cast<std::size_t>(m.position(0));
  std::vector<std::string> args;
  const std::string list = m[3].str();
  if (list == "[") {
    args = array_elements(window, static_cast<std::size_t>(m.position(3)));
  } else {
    // The array the variable is declared with; what is pushed later is not read.
    std::string name;
    for (char c : list) name += c == '$' ? std::string("\\$") : std::string(1, c);
    const std::regex declared("(?:const|let|var)\\s+" + name + "\\s*(?::[^=]*)?=\\s*\\[");
    for (std::size_t n = 0; n < lines.size() && args.empty(); ++n) {
      std::smatch d;
      if (!regex_search_bounded(lines[n], d, declared)) continue;
      std::string from = lines[n];
      for (std::size_t k = n + 1; k < lines.size() && k <= n + 20; ++k) from += "\n" + lines[k];
      args = array_elements(from, static_cast<std::size_t>(d.position(0) + d.length(0) - 1));
    }
  }
  // `publish`, napi's `prepublish`, or an npm script named for publishing (`run publish:sub`).
  if (std::none_of(args.begin(), args.end(), [](const std::string &a) {
        return a == "publish" || a == "prepublish" || a == "pre-publish" ||
               (a.find("publish") != std::string::npos && a.find_first_of(" \t") == std::string::npos &&
                !a.starts_with("-"));
      }))
    return "";
  args.insert(args.begin(), m[2].str());
  return shell_join(args);
}

}  // namespace

// Publish commands quoted inside a script file: shell lines as they are, and
// in JavaScript the strings handed to exec/spawn (`'npm publish --access
// public'`) and the argument lists handed to spawn/execFile/execa
// (`('pnpm', ['publish', ...])`), rewritten as shell text at the line where
// the call opens; comments are left out, and so are messages (a string printed
// or thrown, or one whose words before the command are prose).
std::string commands_in_script(const std::string &source, bool javascript, const std::string &script_dir) {
  if (!javascript) return source;
  const std::string text = without_comments(source);
  std::string out;
  // `publish`, and napi's `prepublish`/`pre-publish` (also as an npm script's
  // name), after a tool and a blank: `napi:prepublish` is a script's name.
  // auto's release commands (`auto shipit`, also through npx or yarn), which
  // publish without the word.
  static const std::regex quoted(
      R"((?:^|[^A-Za-z0-9_])((?:npm|pnpm|yarn|bun|npx|changeset|lerna|napi)[ \t][^'"`\n]*\b(?:pre-?)?publish\b[^'"`\n]*|(?:(?:npx|yarn)[ \t]+)?auto[ \t]+(?:shipit|latest|next|canary)\b[^'"`\n]*))");
  // A function `publish` or `release` imported from a package that releases
  // (`import { publish } from '@acme/release-scripts'`), then called.
  static const std::regex release_import(
      R"((?:import\s*\{[^}]*\b(?:publish|release)\b[^}]*\}\s*from|require\s*\()\s*['"][^'"]*(?:release|publish)[^'"]*['"])");
  static const std::regex library_call(R"(^\s*(?:await\s+)?(?:publish|release)\s*\()");
  static const std::regex manager(R"(packageManager\s*:\s*['"](npm|pnpm|yarn|bun)['"])");
  // Nx's programmatic release (`import { releasePublish } from 'nx/release'`),
  // which publishes as `nx release publish` does.
  static const std::regex nx_publish_call(R"((?:^|[^A-Za-z0-9_.])releasePublish\s*\()");
  const bool nx_release = text.find("'nx/release") != std::string::npos ||
                          text.find("\"nx/release") != std::string::npos;
  std::vector<std::string> lines;
  std::istringstream in(text);
  bool release_library = false;
  for (std::string line; std::getline(in, line);) {
    release_library |= regex_search_bounded(line, release_import);
    lines.push_back(std::move(line));
  }
  // A command in a string, unless the string is a message; `call` is where
  // the call it is handed to opens (npos: none on its line).
  auto quoted_command = [&](std::size_t n, std::string &command, std::size_t &call) {
    const std::string &line = lines[n];
    std::smatch m;
    if (!regex_search_bounded(line, m, quoted)) return false;
    const auto from = static_cast<std::size_t>(m.position(1));
    const std::size_t open = literal_open(line, from);
    if (open != std::string::npos &&
        (prose_before(line.substr(open + 1, from - open - 1)) || in_message(lines, n, open)))
      return false;
    command = string_from(line, from, from + static_cast<std::size_t>(m.length(1)));
    if (prose_after(command)) return false;
    call = open == std::string::npos || open == 0 ? std::string::npos : line.rfind('(', open - 1);
    if (open != std::string::npos)
      if (std::string whole = joined_array_command(lines, n, open); !whole.empty()) command = whole;
    return true;
  };
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string &line = lines[n];
    // An argument list often goes on over the lines below the call.
    std::string window = line, near = line;
    for (std::size_t k = n + 1; k < lines.size() && k <= n + 20; ++k) window += "\n" + lines[k];
    for (std::size_t k = n + 1; k < lines.size() && k <= n + 3; ++k) near += " " + lines[k];
    std::smatch m;
    std::string command;
    std::size_t open = std::string::npos;
    // A call's `cwd` puts its command in that folder, in a subshell so that
    // the commands after it are not.
    auto in_cwd = [&](const std::string &text) {
      const std::string cd = open == std::string::npos ? "" : cwd_of_call(call_text(window, open), script_dir);
      return cd.empty() ? text : "(" + cd + text + ")";
    };
    if (quoted_command(n, command, open))
      out += in_cwd(command);
    else if (std::string call = argument_list_call(window, line.size(), lines, open); !call.empty())
      out += in_cwd(call);
    else if (line.find("libnpmpublish") != std::string::npos &&
             (line.find("require") != std::string::npos || line.find("import") != std::string::npos))
      out += "npm publish --workspaces";
    else if (nx_release && regex_search_bounded(line, m, nx_publish_call))
      out += "nx release publish";
    else if (regex_search_bounded(line, m, library_call) && release_library)
      // publish({ packageManager: 'pnpm' }) of a release library: it publishes
      // every workspace with the client it is given (npm by default).
      out += (regex_search_bounded(near, m, manager) ? m[1].str() : std::string("npm")) + " publish --recursive";
    out += "\n";
  }
  return out;
}

}  // namespace pubplan::detail::scan
