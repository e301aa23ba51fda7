// Publish commands in shell text (CI steps) and in the package.json scripts
// those steps run: which client publishes, and which packages it targets.
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

#include "format/bounded_regex.hpp"
#include "scan/loop_guards.hpp"
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

}  // namespace

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

namespace {

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

const Package *package_at(const Repo &repo, const Scan &scan, const std::string &dir) {
  for (int id : repo.packages)
    if (scan.packages[id].dir == dir) return &scan.packages[id];
  return nullptr;
}

bool is_option(const std::string &w) { return w.size() > 1 && w[0] == '-'; }

// Options of the clients that take a value (so the value is not a positional).
bool takes_value(const std::string &w) {
  static const std::vector<std::string> opts = {"--filter", "-F", "--workspace", "-w", "--tag",
                                                "--access", "--otp", "--registry", "-C", "--dir",
                                                "--scope", "--cwd", "--userconfig", "--provenance-file"};
  return std::find(opts.begin(), opts.end(), w) != opts.end();
}

// A package binary as run by npx and the like: `semantic-release@25`,
// `@changesets/cli@2` -> the command it installs.
std::string binary_of(std::string w) {
  const auto at = w.find('@', w.starts_with("@") ? 1 : 0);
  if (at != std::string::npos) w.resize(at);
  if (w == "@changesets/cli") return "changeset";
  if (w == "@lerna/cli" || w == "lerna-lite" || w.starts_with("@lerna-lite/")) return "lerna";
  if (w.starts_with("@") && w.find('/') != std::string::npos) return w.substr(w.find('/') + 1);
  return w;
}

// Release tools the scan reads itself: `yarn TOOL publish` is theirs, not a Yarn plugin's.
bool known_tool(const std::string &binary) {
  static const std::set<std::string> tools = {"beachball", "lerna", "changeset", "nx", "semantic-release",
                                              "release-it", "rush", "np", "npm", "pnpm", "bun", "auto", "napi"};
  return tools.count(binary) > 0;
}

// Binaries whose `publish` goes to another registry or a preview service, not
// to npm's registry: pkg.pr.new's preview builds, JSR, the VS Code and Open VSX
// marketplaces, crates.io, Cloudflare Workers.
bool publishes_elsewhere(const std::string &binary) {
  static const std::set<std::string> tools = {"pkg-pr-new", "jsr", "vsce", "ovsx", "deno", "cargo", "wrangler"};
  return tools.count(binary) > 0;
}

// Whether release-it or semantic-release, as configured in `dir`, may upload to
// npm. release-it does unless its `npm` (or `npm.publish`) is false, on the
// command line or in its JSON or YAML configuration, and no plugin or hook of
// it may publish instead. semantic-release does unless every plugin it lists is
// one that never uploads to npm (@semantic-release/npm with `npmPublish: false`
// included). A configuration written in JavaScript is not read: it may publish.
bool uploads_to_npm(const std::string &tool, const std::vector<std::string> &args, const std::string &dir,
                    const Repo &repo) {
  const bool release_it = tool == "release-it";
  bool npm_off = false;
  if (release_it)
    for (const std::string &a : args)
      npm_off |= a == "--no-npm" || a == "--no-npm.publish" || a == "--npm.publish=false" || a == "--npm=false";
  if (!repo.files) return !npm_off;
  auto is_false = [](const DocNode *n) { return n && n->is_scalar() && n->value == "false"; };
  const std::vector<std::string> files = release_it ? std::vector<std::string>{".release-it.json", ".release-it.yaml",
                                                                                ".release-it.yml"}
                                                    : std::vector<std::string>{".releaserc", ".releaserc.json",
                                                                               ".releaserc.yaml", ".releaserc.yml"};
  std::optional<DocNode> config;
  for (const std::string &f : files)
    if (const std::string path = join_path(dir, f); repo.files->is_file(path))
      if ((config = repo.files->parse(path))) break;
  if (!config)
    if (const std::string path = join_path(dir, "package.json"); repo.files->is_file(path))
      if (auto manifest = repo.files->parse(path))
        if (const DocNode *key = at(&*manifest, release_it ? "release-it" : "release")) config = *key;
  if (!config || !config->is_map()) return !npm_off;
  if (release_it) {
    const DocNode *npm = at(&*config, "npm");
    npm_off |= is_false(npm) || is_false(at(npm, "publish"));
    if (!npm_off) return true;
    // A plugin (@release-it-plugins/workspaces publishes every workspace) or a
    // hook that runs a publish may upload instead.
    if (const DocNode *plugins = at(&*config, "plugins"); plugins && plugins->is_map() && !plugins->entries.empty())
      return true;
    if (const DocNode *hooks = at(&*config, "hooks"); hooks && hooks->is_map())
      for (const auto &[k, v] : hooks->entries)
        for (const DocNode &cmd : v.is_sequence() ? v.items : std::vector<DocNode>{v})
          if (str(&cmd).find("publish") != std::string::npos) return true;
    return false;
  }
  const DocNode *plugins = at(&*config, "plugins");
  if (!plugins || !plugins->is_sequence()) return true;  // the default plugins, or a shared configuration's
  static const std::set<std::string> never_upload = {
      "@semantic-release/commit-analyzer", "@semantic-release/release-notes-generator", "@semantic-release/changelog",
      "@semantic-release/git", "@semantic-release/github", "@semantic-release/gitlab"};
  for (const DocNode &plugin : plugins->items) {
    const DocNode *name = plugin.is_sequence() && !plugin.items.empty() ? &plugin.items[0] : &plugin;
    const DocNode *options = plugin.is_sequence() && plugin.items.size() > 1 ? &plugin.items[1] : nullptr;
    if (str(name) == "@semantic-release/npm" && is_false(at(options, "npmPublish"))) continue;
    if (!never_upload.count(str(name))) return true;
  }
  return false;
}

// Whether `auto` (intuit/auto), as configured in `dir`, is that release tool
// and may upload to npm: its configuration (.autorc, .autorc.json, or
// package.json's `auto`) or a dependency on it says it is; it uploads unless
// the configuration lists plugins and npm is not one of them (no `plugins`:
// npm is the default). A configuration written in JavaScript or TypeScript is
// not read: it may publish.
bool auto_uploads_to_npm(const std::string &dir, const Repo &repo) {
  if (!repo.files) return false;
  std::optional<DocNode> config;
  bool script_config = false;
  for (const char *f : {".autorc", ".autorc.json", ".autorc.yml", ".autorc.yaml"})
    if (const std::string path = join_path(dir, f); repo.files->is_file(path))
      if ((config = repo.files->parse(path))) break;
  for (const char *f : {"auto.config.ts", "auto.config.js", "auto.config.cjs", "auto.config.mjs", ".autorc.js"})
    script_config |= repo.files->is_file(join_path(dir, f));
  if (!config)
    if (const std::string path = join_path(dir, "package.json"); repo.files->is_file(path))
      if (auto manifest = repo.files->parse(path))
        if (const DocNode *key = at(&*manifest, "auto")) config = *key;
  const bool depends = repo.root_dependencies.count("auto") || repo.root_dependencies.count("@auto-it/core");
  if (!config && !script_config && !depends) return false;  // another program called auto
  if (!config || !config->is_map()) return true;
  const DocNode *plugins = at(&*config, "plugins");
  if (!plugins || !plugins->is_sequence()) return true;
  for (const DocNode &plugin : plugins->items) {
    const std::string name = str(plugin.is_sequence() && !plugin.items.empty() ? &plugin.items[0] : &plugin);
    if (name == "npm" || name == "@auto-it/npm" || name.find('/') != std::string::npos || name.starts_with("."))
      return true;  // npm, or a plugin of a path or package that may publish
  }
  return false;
}

// Whether a script points npm at a local registry (verdaccio), where it
// publishes for tests, not to npm: a line that names a registry on localhost.
bool points_at_local_registry(const std::string &text) {
  static const std::regex local_registry(R"(registry.*(localhost|127\.0\.0\.1)|verdaccio)");
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (regex_search_bounded(line, local_registry)) return true;
  return false;
}

}  // namespace

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

namespace {

// A dry run publishes nothing: `npm publish --dry-run`, `nx release --dry-run`,
// a release script run with --dry-run, and semantic-release's, release-it's and
// nx's `-d` (npm's `-d` is a log level).
bool dry_run(const std::vector<std::string> &w, std::size_t command) {
  bool short_dry = false;  // after semantic-release, release-it or nx (`npx nx release -d`)
  for (std::size_t k = command; k < w.size(); ++k) {
    const std::string &o = w[k];
    if (o == "--dry-run" || o == "--dry-run=true" || o == "--dryRun" || o == "--dryRun=true") return true;
    if (o == "-d" && short_dry) return true;
    short_dry |= binary_of(o) == "semantic-release" || binary_of(o) == "release-it" || binary_of(o) == "nx";
  }
  return false;
}

// `NAME=value`, a shell assignment.
bool is_assignment(const std::string &w) {
  const std::size_t eq = w.find('=');
  if (eq == 0 || eq == std::string::npos || std::isdigit(static_cast<unsigned char>(w[0]))) return false;
  return std::all_of(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(eq),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool has_glob(const std::string &path) { return path.find_first_of("*?[{") != std::string::npos; }

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

// The file a command runs with an interpreter (`node scripts/release.js`,
// `tsx scripts/publish.ts`, `bash ./release.sh`, `./scripts/publish.mjs`, or
// `./scripts/publish-npm` with a #! line): relative to the root, or empty.
std::string script_file(const std::vector<std::string> &w, std::size_t i, const std::string &cwd, const Files &files) {
  static const std::vector<std::string> runners = {"node", "tsx", "ts-node", "zx", "bash", "sh", "bun", "deno", "vite-node", "esno", "jiti"};
  std::size_t k = i;
  if (std::find(runners.begin(), runners.end(), w[k]) != runners.end()) {
    ++k;
    if (k < w.size() && w[k] == "run") ++k;  // bun run FILE, deno run FILE
    while (k < w.size() && is_option(w[k])) ++k;
  }
  if (k >= w.size()) return "";
  static const std::vector<std::string> exts = {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".sh"};
  const std::string &f = w[k];
  if (f.find("$") != std::string::npos) return "";
  if (std::any_of(exts.begin(), exts.end(), [&](const std::string &e) { return f.ends_with(e); }))
    return join_path(cwd, f);
  // An executable without an extension: a script when it starts with #!.
  const std::string base = f.substr(f.rfind('/') == std::string::npos ? 0 : f.rfind('/') + 1);
  if (f.find('/') == std::string::npos || base.find('.') != std::string::npos) return "";
  const std::string rel = join_path(cwd, f);
  if (!files.is_file(rel)) return "";
  auto text = files.read(rel);
  return text && text->starts_with("#!") ? rel : "";
}

// A script that tests another (`release.test.sh`, `tests/publish.sh`): what
// it publishes goes to a fake client or registry.
bool is_test_script(const std::string &file) {
  const std::string base = file.substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
  if (base.find(".test.") != std::string::npos || base.find(".spec.") != std::string::npos ||
      base.find("_test.") != std::string::npos || base.starts_with("test_") || base.starts_with("test-"))
    return true;
  std::istringstream parts(file);
  for (std::string part; std::getline(parts, part, '/');)
    if (part == "test" || part == "tests" || part == "__tests__" || part == "e2e" || part == "fixtures" ||
        part == "__fixtures__")
      return true;
  return false;
}

bool find_in(const std::vector<std::string> &w, std::size_t from, const char *word) {
  return from < w.size() && w[from] == word;
}

// The shell of a Dockerfile's RUN lines (continuations joined, one output line
// per input line so positions stay), only those of stage `target` when given.
std::string run_lines(const std::string &dockerfile, const std::string &target) {
  std::istringstream in(dockerfile);
  std::string out, stage;
  bool in_run = false;
  for (std::string line; std::getline(in, line);) {
    std::string t = line.substr(std::min(line.size(), line.find_first_not_of(" \t")));
    std::string upper;
    for (char c : t.substr(0, 5)) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!in_run && upper.starts_with("FROM ")) {
      auto as = t.find(" AS ");
      if (as == std::string::npos) as = t.find(" as ");
      stage = as == std::string::npos ? "" : t.substr(as + 4);
      stage.erase(stage.find_last_not_of(" \r") + 1);
    }
    const bool wanted = target.empty() || stage == target;
    std::string cmd;
    if (!in_run && upper.starts_with("RUN ")) {
      cmd = t.substr(4), in_run = true;
      // RUN's own flags (--mount=type=secret,..., --network=none) come first.
      while (cmd.starts_with("--")) {
        const auto space = cmd.find(' ');
        cmd = space == std::string::npos ? "" : cmd.substr(cmd.find_first_not_of(' ', space));
      }
    } else if (in_run) {
      cmd = t;
    }
    while (!cmd.empty() && (cmd.back() == '\r' || cmd.back() == ' ')) cmd.pop_back();
    // A trailing backslash stays: the command reader joins the lines.
    const bool continues = in_run && !cmd.empty() && cmd.back() == '\\';
    if (in_run && wanted) out += cmd;
    in_run = continues;
    out += "\n";
  }
  return out;
}

// The recipe of `make TARGET` (tab-indented lines under `TARGET:`), as shell text.
std::string make_recipe(const std::string &makefile, const std::string &target) {
  std::istringstream in(makefile);
  std::string out;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (inside && line.starts_with("\t")) {
      std::string cmd = line.substr(1);
      while (!cmd.empty() && (cmd[0] == '@' || cmd[0] == '-')) cmd = cmd.substr(1);
      out += cmd;
    } else if (inside && !line.empty() && !line.starts_with("#")) {
      inside = false;
    } else if (line.starts_with(target + ":") && line.find(":=") == std::string::npos) {
      inside = true;
    }
    out += "\n";
  }
  return out;
}

// A publish a wrapper runs in the workspaces it selects (`pnpm --filter X
// exec`, `yarn workspace X exec`): one that publishes the folder it runs in
// publishes those workspaces instead.
void in_selected_workspaces(Publish &q, const Publish &selection, const std::string &cwd) {
  if (q.mode != Publish::Mode::here || q.dir != cwd) return;
  q.mode = selection.mode;
  q.names = selection.names;
  q.excluded = selection.excluded;
  q.dir = selection.dir;
}

}  // namespace

// `changeset publish` runs pnpm publish in a pnpm workspace and npm publish
// everywhere else (Yarn and bun included).
std::string changeset_client(const Repo &repo) { return default_client(repo) == "pnpm" ? "pnpm" : "npm"; }

std::string default_client(const Repo &repo) {
  for (const char *c : {"pnpm", "yarn", "npm", "bun"})
    if (repo.package_manager.starts_with(std::string(c) + "@")) return c;
  return repo.lockfile_client.empty() ? "npm" : repo.lockfile_client;
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

std::vector<Publish> find_publishes(const std::string &script, const Where &where, const Repo &repo,
                                    const Scan &scan, std::string cwd, int depth, const std::string &script_dir,
                                    std::vector<std::string> args) {
  std::vector<Publish> out;
  if (depth > 4) return out;
  std::map<std::string, std::vector<std::string>> loops;  // for VAR in VALUES
  std::vector<std::string> pushed, subshell;              // folders to go back to: popd, a subshell's end
  LoopGuards guards;
  std::vector<std::string> lines;  // a command's whole line: the `&&` and `||` of its conditions
  for (std::size_t from = 0;;) {
    const std::size_t nl = script.find('\n', from);
    lines.push_back(script.substr(from, nl == std::string::npos ? std::string::npos : nl - from));
    if (nl == std::string::npos) break;
    from = nl + 1;
  }
  for (const auto &[cmd, offset] : commands(script)) {
    const Where here{where.file, where.line + offset};
    auto w = words(cmd);
    {
      // The rest of the command's line, from the command on (`for …; do if [ a ] && [ b ]; then` on one line).
      std::string line = offset >= 0 && static_cast<std::size_t>(offset) < lines.size() ? lines[offset] : cmd;
      const std::size_t first = cmd.find_first_not_of(" \t"), last = cmd.find_last_not_of(" \t");
      const std::size_t at = first == std::string::npos ? std::string::npos : line.find(cmd.substr(first, last - first + 1));
      guards.see(w, at == std::string::npos ? cmd : line.substr(at), loops, out);
    }
    if (w.size() == 1 && w[0] == "(") {
      subshell.push_back(cwd);
      continue;
    }
    if (w.size() == 1 && w[0] == ")") {
      if (!subshell.empty()) cwd = subshell.back(), subshell.pop_back();
      continue;
    }
    if (w.size() >= 3 && w[0] == "for" && w[2] == "in") {
      std::vector<std::string> values(w.begin() + 3, w.end());
      if (std::any_of(values.begin(), values.end(), [](const std::string &v) { return v.find_first_of("$`") != std::string::npos; }))
        values.clear();  // computed: unknown here
      loops[w[1]] = std::move(values);
      continue;
    }
    substitute_loop_values(w, loops);
    if (!args.empty()) {
      if (!w.empty() && w[0] == "shift") {  // `shift` or `shift N`
        const std::size_t n = w.size() > 1 && w[1].size() == 1 && std::isdigit(static_cast<unsigned char>(w[1][0]))
                                  ? static_cast<std::size_t>(w[1][0] - '0')
                                  : 1;
        args.erase(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(std::min(n, args.size())));
        continue;
      }
      substitute_positional(w, args);
    }
    // A command given as one quoted word (`exec "npm publish"`, `npm exec -c
    // "npm publish"`, `sh -c "npm publish"`) is its words.
    if (w.size() >= 3 && (w[0] == "sh" || w[0] == "bash" || w[0] == "zsh") && w[1] == "-c") {
      for (auto &q : find_publishes(w[2], here, repo, scan, cwd, depth + 1)) out.push_back(std::move(q));
      continue;
    }
    for (std::size_t k = 1; k < w.size(); ++k)
      if ((w[k - 1] == "exec" || w[k - 1] == "-c" || w[k - 1] == "--call") &&
          w[k].find_first_of(" \t") != std::string::npos) {
        std::vector<std::string> inner = words(w[k]);
        w.erase(w.begin() + static_cast<std::ptrdiff_t>(k));
        w.insert(w.begin() + static_cast<std::ptrdiff_t>(k), inner.begin(), inner.end());
        if (k >= 2 && (w[k - 1] == "-c" || w[k - 1] == "--call") && w[k - 2] == "exec")
          w.erase(w.begin() + static_cast<std::ptrdiff_t>(k) - 1);  // `npm exec -c CMD`: exec CMD
        break;
      }
    // `NAME=value` alone, or after `export`, sets NAME for the commands after
    // it (a CI step's env arrives so too): a literal is substituted as a
    // loop's value is, a computed value leaves $NAME unknown.
    if (std::size_t k = !w.empty() && w[0] == "export" ? 1 : 0; k < w.size() &&
        std::all_of(w.begin() + static_cast<std::ptrdiff_t>(k), w.end(), is_assignment)) {
      for (; k < w.size(); ++k) {
        const std::size_t eq = w[k].find('=');
        const std::string value = w[k].substr(eq + 1);
        loops[w[k].substr(0, eq)] =
            value.find_first_of("$`") == std::string::npos ? std::vector<std::string>{value} : std::vector<std::string>{};
      }
      continue;
    }
    std::size_t i = 0;
    while (i < w.size() && w[i].find('=') != std::string::npos && !is_option(w[i])) ++i;  // FOO=bar
    // Shell keywords that start a command inside if/for/while bodies.
    // A condition (`if npm publish; then`, `if ! pnpm publish`) runs its command.
    while (i < w.size() && (w[i] == "do" || w[i] == "then" || w[i] == "else" || w[i] == "{" || w[i] == "(" ||
                            w[i] == "if" || w[i] == "elif" || w[i] == "while" || w[i] == "until" || w[i] == "!"))
      ++i;
    if (i < w.size() && (w[i] == "sudo" || w[i] == "exec" || w[i] == "time")) ++i;
    if (i >= w.size()) continue;
    if ((w[i] == "cd" || w[i] == "pushd") && i + 1 < w.size()) {  // a `$` in it: see the end
      if (w[i] == "pushd") pushed.push_back(cwd);
      cwd = join_path(cwd, w[i + 1]);
      continue;
    }
    if (w[i] == "popd") {
      if (!pushed.empty()) cwd = pushed.back(), pushed.pop_back();
      continue;
    }
    // Runners of package binaries: npx X, pnpm exec X, pnpm dlx X, yarn dlx X, bunx X.
    if (w[i] == "npx" || w[i] == "bunx") ++i;
    else if (i + 1 < w.size() && (w[i] == "pnpm" || w[i] == "yarn") && (w[i + 1] == "exec" || w[i + 1] == "dlx")) i += 2;
    else if (w[i] == "corepack" && i + 1 < w.size()) ++i;
    // Another tool's `exec` of a client (`vp exec pnpm publish`, `mise exec -- npm publish`).
    else if (i + 2 < w.size() && w[i + 1] == "exec") {
      const std::size_t k = w[i + 2] == "--" ? i + 3 : i + 2;
      if (k < w.size() && (w[k] == "npm" || w[k] == "pnpm" || w[k] == "yarn" || w[k] == "bun")) i = k;
    }
    while (i < w.size() && is_option(w[i])) ++i;  // npx --yes
    if (i >= w.size()) continue;
    if (w[i] == "eval" && i + 1 < w.size()) {  // eval "npx npm@4 publish ..."
      std::string inner;
      for (std::size_t k = i + 1; k < w.size(); ++k) inner += (inner.empty() ? "" : " ") + w[k];
      w = words(inner);
      i = 0;
      if (w.empty()) continue;
      if (w[i] == "npx" || w[i] == "bunx") ++i;
      while (i < w.size() && is_option(w[i])) ++i;
      if (i >= w.size()) continue;
    }
    // node ./node_modules/.bin/changeset publish: the binary itself.
    if (w[i] == "node" && i + 1 < w.size() && w[i + 1].ends_with("install-run-rush.js")) {
      w[++i] = "rush";  // Rush's own launcher
    } else if (w[i] == "node" && i + 1 < w.size() && w[i + 1].find("node_modules/.bin/") != std::string::npos) {
      w[i + 1] = w[i + 1].substr(w[i + 1].rfind('/') + 1);
      ++i;
    } else if (w[i].find("node_modules/.bin/") != std::string::npos) {
      w[i] = w[i].substr(w[i].rfind('/') + 1);
    }
    if (w[i] == "nr" && i + 1 < w.size()) {  // ni's script runner
      w = {"npm", "run", w[i + 1]};
      i = 0;
    }
    if (w[i] == "pn") w[i] = "pnpm";
    if (dry_run(w, i)) continue;
    if (repo.files) {
      // A script of the repository: its publish commands, run from the root,
      // publish whatever the script loops over unless they name a package.
      if (w[i] == "docker" && (find_in(w, i + 1, "build") || find_in(w, i + 1, "buildx"))) {
        // docker build: the RUN lines of the Dockerfile (of --target's stage).
        std::string file, target, context = ".";
        for (std::size_t k = i + 2; k < w.size(); ++k) {
          if ((w[k] == "-f" || w[k] == "--file") && k + 1 < w.size()) file = w[++k];
          else if (w[k].starts_with("--file=")) file = w[k].substr(7);
          else if (w[k] == "--target" && k + 1 < w.size()) target = w[++k];
          else if (w[k].starts_with("--target=")) target = w[k].substr(9);
          else if (is_option(w[k]) && k + 1 < w.size() && w[k].find('=') == std::string::npos &&
                   (w[k] == "-t" || w[k] == "--tag" || w[k] == "--build-arg" || w[k] == "--secret" ||
                    w[k] == "--platform" || w[k] == "--cache-from" || w[k] == "--label"))
            ++k;
          else if (!is_option(w[k]) && w[k] != "build") context = w[k];
        }
        const std::string dockerfile = join_path(cwd, file.empty() ? join_path(context, "Dockerfile") : file);
        if (auto text = repo.files->is_file(dockerfile) ? repo.files->read(dockerfile) : std::nullopt)
          for (auto &q : find_publishes(run_lines(*text, target), Where{repo.files->display(dockerfile), 1}, repo,
                                        scan, join_path(cwd, context), depth + 1))
            out.push_back(std::move(q));
        continue;
      }
      // make TARGET, also as a recipe's `$(MAKE)`, with -C DIR and -f FILE.
      if (w[i] == "$(MAKE)" || w[i] == "${MAKE}" || w[i] == "$MAKE") w[i] = "make";
      if (w[i] == "make") {
        std::string dir = cwd, name = "Makefile", target;
        for (std::size_t k = i + 1; k < w.size() && target.empty(); ++k) {
          if ((w[k] == "-C" || w[k] == "--directory") && k + 1 < w.size()) dir = join_path(cwd, w[++k]);
          else if (w[k].starts_with("--directory=")) dir = join_path(cwd, w[k].substr(12));
          else if ((w[k] == "-f" || w[k] == "--file" || w[k] == "--makefile") && k + 1 < w.size()) name = w[++k];
          else if (!is_option(w[k]) && w[k].find('=') == std::string::npos) target = w[k];  // VAR=value sets a variable
        }
        const std::string makefile = join_path(dir, name);
        if (auto text = !target.empty() && repo.files->is_file(makefile) ? repo.files->read(makefile) : std::nullopt)
          for (auto &q : find_publishes(make_recipe(*text, target), Where{repo.files->display(makefile), 1}, repo,
                                        scan, dir, depth + 1))
            out.push_back(std::move(q));
        continue;
      }
      // "$SCRIPTS_DIR/publish": a script beside the one running.
      if (w[i].starts_with("$") && w[i].find('/') != std::string::npos && !script_dir.empty())
        w[i] = "/" + join_path(script_dir, w[i].substr(w[i].find('/') + 1));  // from the root
      if (std::string file = script_file(w, i, cwd, *repo.files); !file.empty()) {
        if (is_test_script(file)) continue;  // its publishes run against a fake client or registry
        auto text = repo.files->is_file(file) ? repo.files->read(file) : std::nullopt;
        const std::string first_line = text ? text->substr(0, text->find('\n')) : "";
        const bool js = !file.ends_with(".sh") &&
                        (!first_line.starts_with("#!") || first_line.find("node") != std::string::npos ||
                         first_line.find("zx") != std::string::npos || first_line.find("tsx") != std::string::npos);
        if (text && !points_at_local_registry(js ? without_comments(*text) : *text)) {
          const std::string dir = file.find('/') == std::string::npos ? "" : file.substr(0, file.rfind('/'));
          // The paths the caller passes (`release.sh stage pkg/a pkg/b`): what a
          // publish of a folder the script computes is given.
          // (Folders: a word with a slash, not an option, not a file such as a
          // configuration the script reads.)
          static const char *const kFiles[] = {".json", ".js", ".mjs", ".cjs", ".ts", ".yml", ".yaml",
                                               ".md", ".txt", ".sh", ".log", ".env"};
          std::vector<std::string> paths;
          bool after = false;
          for (std::size_t k = i; k < w.size(); ++k) {
            const std::string &a = w[k];
            if (after && a.find('/') != std::string::npos && a.find('$') == std::string::npos && !is_option(a) &&
                a.find(',') == std::string::npos && a.find_first_of("{}") == std::string::npos &&
                std::none_of(std::begin(kFiles), std::end(kFiles), [&](const char *e) { return a.ends_with(e); }))
              paths.push_back(join_path(cwd, a));
            after |= join_path(cwd, a) == file;
          }
          // A shell script's positional parameters: the caller's words after
          // the file, each split at blanks as an unquoted expansion is
          // (`publish.sh "$dir" ${FLAGS}`).
          std::vector<std::string> args;
          for (std::size_t k = i, seen = 0; !js && k < w.size(); ++k) {
            if (!seen) {
              seen = join_path(cwd, w[k]) == file;
              continue;
            }
            std::istringstream split(w[k]);
            bool any = false;
            for (std::string a; split >> a;) args.push_back(a), any = true;
            if (!any) args.push_back(w[k]);
          }
          for (auto q : find_publishes(commands_in_script(*text, js, dir), Where{repo.files->display(file), 1}, repo, scan,
                                       cwd, depth + 1, dir, args)) {
            if (q.mode == Publish::Mode::here && q.dir.empty() && js) q.mode = Publish::Mode::recursive;
            if (q.mode == Publish::Mode::packed && !paths.empty() && !js) {
              q.mode = Publish::Mode::dirs;
              q.dir = paths.size() == 1 ? paths[0] : "{";
              for (std::size_t k = 0; paths.size() > 1 && k < paths.size(); ++k) q.dir += (k ? "," : "") + paths[k];
              if (paths.size() > 1) q.dir += "}";
            }
            q.tool += " in " + file;
            out.push_back(std::move(q));
          }
        }
        continue;
      }
    }
    const std::string tool = binary_of(w[i]);
    const std::string pinned_npm = tool == "npm" && w[i].starts_with("npm@") ? w[i].substr(4) : "";
    std::vector<std::string> rest(w.begin() + static_cast<long>(i) + 1, w.end());
    // The first word after the client that is not an option (or an option's value).
    auto subcommand = [&](std::size_t from = 0) -> std::size_t {
      for (std::size_t k = from; k < rest.size(); ++k) {
        if (takes_value(rest[k])) { ++k; continue; }
        if (!is_option(rest[k])) return k;
      }
      return rest.size();
    };
    Publish p;
    p.where = here;
    p.dir = cwd;
    // npm reads its configuration from npm_config_* variables, in any case.
    for (const char *name : {"NPM_CONFIG_PROVENANCE", "npm_config_provenance"}) {
      const std::string set = std::string(name) + "=";
      for (std::size_t k = 0; k < i; ++k)
        if (w[k].starts_with(set)) p.provenance = w[k].substr(set.size()) == "true";
      if (const auto it = loops.find(name); !p.provenance && it != loops.end() && it->second.size() == 1)
        p.provenance = it->second[0] == "true";
    }
    auto scan_options = [&](std::size_t from) {
      for (std::size_t k = from; k < rest.size(); ++k) {
        const std::string &o = rest[k];
        std::string value = k + 1 < rest.size() ? rest[k + 1] : "";
        auto eq = o.find('=');
        std::string key = eq == std::string::npos ? o : o.substr(0, eq);
        if (eq != std::string::npos) value = o.substr(eq + 1);
        bool inline_value = eq != std::string::npos;
        if (key == "--filter" || key == "-F" || key == "--workspace" || key == "-w" || key == "--scope") {
          std::string v = value;
          while (v.ends_with("...")) v.resize(v.size() - 3);
          while (v.starts_with("...")) v = v.substr(3);
          if (v.find('$') != std::string::npos) {
            // Chosen when the job runs (`--workspace=${GITHUB_REF_NAME%@*}`):
            // any of the workspaces, which one is not written.
            if (p.mode != Publish::Mode::names) p.mode = Publish::Mode::recursive;
          } else if (v.starts_with("!")) {
            // pnpm's exclusion: every workspace but these (or those the other
            // filters select but these).
            p.excluded.push_back(v.substr(1));
            if (p.mode == Publish::Mode::here) p.mode = Publish::Mode::recursive;
          } else if ((key == "--workspace" || key == "-w") && v.find('/') != std::string::npos && !v.starts_with("@")) {
            // npm's workspace given as its folder (`-w packages/core`).
            p.mode = Publish::Mode::dirs;
            p.dir = join_path(cwd, v);
          } else if (v.starts_with("./") || v.starts_with("{")) {
            p.mode = Publish::Mode::here;
            p.dir = join_path(cwd, v.starts_with("{") ? v.substr(1, v.size() - 2) : v);
          } else if (!v.empty()) {
            p.mode = Publish::Mode::names;
            p.names.push_back(v);
          }
          if (!inline_value) ++k;
        } else if (key == "-r" || key == "--recursive" || key == "--workspaces" || key == "-ws") {
          if (p.mode != Publish::Mode::names) p.mode = Publish::Mode::recursive;
        } else if (key == "--registry") {
          p.local_registry = value.find("localhost") != std::string::npos || value.find("127.0.0.1") != std::string::npos;
          p.registry = value;
          if (!inline_value) ++k;
        } else if (key == "--access") {
          p.access_public = value == "public";
          if (!inline_value) ++k;
        } else if (key == "--provenance") {
          p.provenance = !inline_value || value != "false";
        } else if (key == "--no-provenance") {
          p.provenance = false;
        } else if (key == "-C" || key == "--dir" || key == "--cwd") {
          p.dir = join_path(cwd, value);
          if (!inline_value) ++k;
        } else if (takes_value(key) && !inline_value) {
          ++k;
        }
      }
    };
    auto positional_dir = [&](std::size_t from) {
      std::size_t k = subcommand(from);
      if (k >= rest.size() || p.mode != Publish::Mode::here) return;
      if (rest[k].ends_with(".tgz") || rest[k].find('$') != std::string::npos)
        p.mode = Publish::Mode::packed;
      else
        p.dir = join_path(p.dir, rest[k]);  // a glob stays one: see the end
    };
    // `pnpm NAME ARGS`: the script NAME, else the binary NAME (as pnpm, Yarn
    // and bun run it). False when it is neither a script nor publishes.
    // `index`: the script's name in `rest`.
    auto run_script = [&](std::size_t index) {
      const std::string &name = rest[index];
      const Package *pkg = package_at(repo, scan, cwd);
      const auto &scripts = pkg ? pkg->scripts : cwd.empty() ? repo.root_scripts : std::map<std::string, std::string>{};
      const auto at = rest.begin() + static_cast<long>(index);
      if (auto it = scripts.find(name); it != scripts.end()) {
        // The arguments after the script's name are appended to its command
        // (`npm run ts -- scripts/release.ts` with "ts": "tsc && tsx"): npm's
        // positional ones and those after `--`, all of them for the others.
        std::vector<std::string> appended;
        bool after_dashes = tool != "npm";
        for (auto k = at + 1; k != rest.end(); ++k) {
          if (*k == "--" && !after_dashes) after_dashes = true;
          else if (after_dashes || !is_option(*k)) appended.push_back(*k);
          else if (takes_value(*k) && k + 1 != rest.end()) ++k;
        }
        if (!appended.empty() && appended.front() == "--") appended.erase(appended.begin());
        const std::string text = appended.empty() ? it->second : it->second + " " + shell_join(appended);
        for (auto &q : find_publishes(text, here, repo, scan, cwd, depth + 1)) out.push_back(q);
        return true;
      }
      if (name == "run") return false;
      const std::string binary = shell_join({at, rest.end()});
      const std::size_t before = out.size();
      for (auto &q : find_publishes(binary, here, repo, scan, cwd, depth + 1)) out.push_back(q);
      return out.size() > before;
    };
    std::size_t sub = subcommand();
    std::string s1 = sub < rest.size() ? rest[sub] : "";
    std::string s2 = sub + 1 < rest.size() ? rest[sub + 1] : "";
    if (tool == "npm" || tool == "pnpm" || tool == "bun") {
      if (s1 == "publish") {
        p.client = tool;
        p.tool = tool + " publish";
        p.npm_version = pinned_npm;
        scan_options(0);
        positional_dir(sub + 1);
        // pnpm's recursive publish counts the root among the projects (it
        // leaves the root out of run, exec, add and test only).
        p.with_root = tool == "pnpm";
        out.push_back(p);
      } else if (s1 == "stage" && s2 == "publish" && tool != "bun") {
        p.client = tool;
        p.tool = tool + " stage publish";
        p.staged = true;
        p.npm_version = pinned_npm;
        scan_options(0);
        positional_dir(sub + 2);
        out.push_back(p);
      } else if (s1 == "run" || s1 == "run-script") {
        if (!s2.empty()) run_script(sub + 1);
      } else if (s1 == "changeset" && s2 == "publish") {
        p.client = changeset_client(repo), p.tool = "changeset publish", p.mode = Publish::Mode::recursive;
        out.push_back(p);
      } else if (tool == "pnpm" && s1 == "exec" && sub + 1 < rest.size()) {
        // `pnpm --filter X exec npm publish`: the command in each workspace the
        // options select, so its own client publishes them.
        const std::string inner = shell_join({rest.begin() + static_cast<long>(sub) + 1, rest.end()});
        rest.resize(sub);
        scan_options(0);
        for (Publish &q : find_publishes(inner, here, repo, scan, cwd, depth + 1)) {
          in_selected_workspaces(q, p, cwd);
          out.push_back(std::move(q));
        }
      } else if (tool != "npm" && !s1.empty()) {
        run_script(sub);  // pnpm release, bun release
      }
    } else if (tool == "yarn") {
      if (s1 == "npm" && s2 == "publish") {
        p.client = "yarn", p.tool = "yarn npm publish";
        scan_options(0);
        out.push_back(p);
      } else if (s1 == "workspace" && !s2.empty() && sub + 2 < rest.size()) {
        // `yarn workspace NAME COMMAND`: COMMAND in that workspace's folder, a
        // script of it or a binary; `exec` runs a shell command there
        // (`yarn workspace NAME exec npm publish`: npm publishes it).
        std::vector<std::string> inner(rest.begin() + static_cast<long>(sub) + 2, rest.end());
        const bool exec = inner.front() == "exec";
        const std::string text = exec ? shell_join({inner.begin() + 1, inner.end()}) : "yarn " + shell_join(inner);
        const Package *named = nullptr;
        for (int id : repo.packages)
          if (scan.packages[id].name == s2) named = &scan.packages[id];
        p.mode = s2.find('$') != std::string::npos ? Publish::Mode::recursive : Publish::Mode::names;
        p.names = {s2};
        for (Publish &q : find_publishes(text, here, repo, scan, named ? named->dir : cwd, depth + 1)) {
          if (!named) in_selected_workspaces(q, p, cwd);
          out.push_back(std::move(q));
        }
      } else if (s1 == "workspaces" && std::find(rest.begin(), rest.end(), "publish") != rest.end() &&
                 std::find(rest.begin(), rest.end(), "npm") != rest.end()) {
        // `… exec npm publish` runs the npm CLI in each workspace; `… npm publish`, Yarn's own.
        const auto exec = std::find(rest.begin(), rest.end(), "exec");
        const bool npm_cli = exec != rest.end() && exec + 1 != rest.end() && binary_of(*(exec + 1)) == "npm";
        p.client = npm_cli ? "npm" : "yarn";
        p.tool = npm_cli ? "yarn workspaces foreach exec npm publish" : "yarn workspaces foreach npm publish";
        p.mode = Publish::Mode::recursive;
        scan_options(sub + 1);
        out.push_back(p);
      } else if (s1 == "publish") {
        p.client = "yarn", p.client_version = "1", p.tool = "yarn publish";
        scan_options(0);
        positional_dir(sub + 1);
        out.push_back(p);
      } else if (s1 == "changeset" && s2 == "publish") {
        p.client = changeset_client(repo), p.tool = "changeset publish", p.mode = Publish::Mode::recursive;
        out.push_back(p);
      } else if (s1 == "run" && !s2.empty()) {
        run_script(sub + 1);
      } else if (!s1.empty() && !run_script(sub) && !known_tool(binary_of(s1)) &&
                 !publishes_elsewhere(binary_of(s1)) && std::find(rest.begin(), rest.end(), "publish") != rest.end()) {
        // `yarn release-tool publish`: a command of a Yarn plugin, which
        // publishes through Yarn's own npm client.
        p.client = "yarn", p.tool = "yarn " + s1 + " publish", p.mode = Publish::Mode::recursive;
        out.push_back(p);
      }
    } else if ((tool == "changeset" || tool == "changesets") && s1 == "publish") {
      p.client = changeset_client(repo), p.tool = "changeset publish", p.mode = Publish::Mode::recursive;
      out.push_back(p);
    } else if (tool == "lerna" && (s1 == "publish")) {
      // Lerna-Lite installs the same `lerna` binary: the root manifest says which it is.
      const bool lite = w[i].starts_with("lerna-lite") || w[i].starts_with("@lerna-lite/") ||
                        repo.root_dependencies.count("@lerna-lite/publish") || repo.root_dependencies.count("@lerna-lite/cli");
      p.client = lite ? "lerna-lite" : "lerna", p.tool = "lerna publish", p.mode = Publish::Mode::recursive;
      if (const auto at_ = w[i].find('@', 1); at_ != std::string::npos) p.client_version = w[i].substr(at_ + 1);  // npx lerna@9
      scan_options(sub + 1);
      out.push_back(p);
    } else if (tool == "nx" && s1 == "release" && std::find(rest.begin(), rest.end(), "publish") != rest.end()) {
      p.client = default_client(repo), p.tool = "nx release publish", p.mode = Publish::Mode::recursive;
      scan_options(sub + 1);
      out.push_back(p);
    } else if (tool == "rush" && s1 == "publish" &&
               (std::find(rest.begin(), rest.end(), "--publish") != rest.end() ||
                std::find(rest.begin(), rest.end(), "-p") != rest.end()) &&
               std::find(rest.begin(), rest.end(), "--pack") == rest.end()) {
      // rush publish --publish runs npm publish for the projects rush.json
      // publishes (with --pack it writes tarballs instead).
      p.client = "npm", p.tool = "rush publish", p.mode = Publish::Mode::recursive;
      out.push_back(p);
    } else if (tool == "beachball" && s1 == "publish" &&
               std::find_if(rest.begin(), rest.end(), [](const std::string &x) { return x.starts_with("--pack-to-path"); }) ==
                   rest.end()) {
      // beachball publish runs npm publish for each package it bumps (with
      // --pack-to-path it writes tarballs instead).
      p.client = "npm", p.tool = "beachball publish", p.mode = Publish::Mode::recursive;
      out.push_back(p);
    } else if (tool == "release-plan" && s1 == "publish") {
      // release-plan publishes each package of its plan with pnpm where
      // pnpm-lock.yaml is, else npm; the plan may hold the workspace root.
      const bool pnpm = repo.files && repo.files->is_file(join_path(cwd, "pnpm-lock.yaml"));
      p.client = pnpm ? "pnpm" : "npm", p.tool = "release-plan publish", p.mode = Publish::Mode::recursive;
      p.with_root = true;
      out.push_back(p);
    } else if (tool == "release" && s1 == "publish" && repo.root_dependencies.count("@ossjs/release") && repo.files) {
      // @ossjs/release runs the `use` command of a profile of release.config.json
      // (--profile NAME, else the one named latest, else the first).
      std::string profile = "latest";
      for (std::size_t k = 0; k + 1 < rest.size(); ++k)
        if (rest[k] == "--profile") profile = rest[k + 1];
      const std::string config = join_path(cwd, "release.config.json");
      const auto doc = repo.files->is_file(config) ? repo.files->parse(config) : std::nullopt;
      const DocNode *profiles = doc ? at(&*doc, "profiles") : nullptr;
      const DocNode *chosen = nullptr;
      if (profiles && profiles->is_sequence()) {
        for (const auto &candidate : profiles->items)
          if (str(at(&candidate, "name")) == profile) {
            chosen = &candidate;
            break;
          }
        if (!chosen && !profiles->items.empty()) chosen = &profiles->items.front();
      }
      if (const DocNode *use = at(chosen, "use"); use && use->is_scalar())
        for (auto &q : find_publishes(use->value, Where{repo.files->display(config), use->line}, repo, scan, cwd,
                                      depth + 1)) {
          q.tool += " in " + config;
          out.push_back(std::move(q));
        }
    } else if (tool == "changelogen" && s1 != "gh" && s1 != "github") {
      // changelogen --publish runs `npm publish --access public` in its
      // folder (--dir); --nameSuffix X, or --canary X, renames the package
      // NAME-X before (a suffix held in a variable: to what is not written).
      p.client = "npm", p.tool = "changelogen --publish", p.access_public = true;
      for (std::size_t k = 0; k < rest.size(); ++k) {
        const std::string &o = rest[k];
        const std::string key = o.substr(0, o.find('='));
        const bool inline_value = key.size() < o.size();
        const bool has_next = k + 1 < rest.size() && !is_option(rest[k + 1]);
        const std::string value = inline_value ? o.substr(key.size() + 1) : has_next ? rest[k + 1] : "";
        if (key == "--dir" && !value.empty()) p.dir = join_path(cwd, value);
        else if ((key == "--nameSuffix" || key == "--canary") && !value.empty()) p.rename_suffix = "-" + value;
        if ((key == "--dir" || key == "--nameSuffix" || key == "--canary" || key == "--publishTag") && !inline_value &&
            has_next)
          ++k;
      }
      if (p.rename_suffix.find('$') != std::string::npos) p.rename_suffix.clear(), p.mode = Publish::Mode::packed;
      // Without --publish it only renames (and bumps): a later `npm publish`
      // there publishes the renamed package.
      p.rename_only = std::find(rest.begin(), rest.end(), "--publish") == rest.end();
      if (!p.rename_only || (!p.rename_suffix.empty() && p.mode == Publish::Mode::here)) out.push_back(p);
    } else if (tool == "napi" && (s1 == "pre-publish" || s1 == "prepublish") && repo.files &&
               std::find(rest.begin(), rest.end(), "--skip-optional-publish") == rest.end()) {
      // The platform packages of the manifest it is given (--package-json-path,
      // or CLI 2's --config when it names a package.json), in --cwd.
      std::string dir = cwd, manifest = "package.json";
      for (std::size_t k = 0; k < rest.size(); ++k) {
        const std::string key = rest[k].substr(0, rest[k].find('='));
        const bool inline_value = key.size() < rest[k].size();
        if (!inline_value && k + 1 >= rest.size()) break;
        const std::string value = inline_value ? rest[k].substr(key.size() + 1) : rest[k + 1];
        if (key == "--cwd") dir = join_path(cwd, value);
        else if (key == "--package-json-path" || ((key == "-c" || key == "--config") && value.ends_with("package.json")))
          manifest = value;
        else continue;
        if (!inline_value) ++k;
      }
      const std::string path = join_path(dir, manifest);
      const auto doc = repo.files->is_file(path) ? repo.files->parse(path) : std::nullopt;
      // The CLI the package installs itself, else the root's.
      std::string cli = doc ? str(at(at(&*doc, "devDependencies"), "@napi-rs/cli")) : "";
      if (cli.empty() && repo.root_dependencies.count("@napi-rs/cli")) cli = repo.root_dependencies.at("@napi-rs/cli").first;
      if (const auto platforms = doc ? napi_packages(*doc, cli) : std::nullopt) {
        p.client = platforms->client, p.tool = "napi pre-publish", p.generated = platforms->names;
        p.dir = path.find('/') == std::string::npos ? "" : path.substr(0, path.rfind('/'));
        out.push_back(p);
      }
    } else if (tool == "auto" && (s1 == "shipit" || s1 == "latest" || s1 == "next" || s1 == "canary") &&
               auto_uploads_to_npm(cwd, repo)) {
      // auto's npm plugin publishes with `lerna publish` where lerna.json is,
      // else `npm publish` of the folder.
      const bool lerna = repo.files && repo.files->is_file(join_path(cwd, "lerna.json"));
      p.client = lerna ? "lerna" : "npm", p.tool = "auto " + s1;
      if (lerna) p.mode = Publish::Mode::recursive;
      else p.dir = cwd;
      if (!rest.empty() && std::find(rest.begin(), rest.end(), "--dry-run") != rest.end()) continue;
      out.push_back(p);
    } else if ((tool == "semantic-release" || tool == "release-it") && uploads_to_npm(tool, rest, cwd, repo)) {
      p.client = "npm", p.tool = tool;
      out.push_back(p);
    }
  }
  // A test registry, or another registry named on the command line (GitHub
  // Packages, GitLab's): not a publish to npm.
  std::erase_if(out, [](const Publish &q) { return q.local_registry || !is_npm_registry(q.registry); });
  // A directory held in a variable (`cd "$path"` in a loop): which package is
  // not written. A glob (`npm publish native/*/`, or a loop's values): the
  // packages in the directories it matches.
  for (Publish &q : out)
    if (q.mode == Publish::Mode::here && q.dir.find('$') != std::string::npos) {
      q.mode = Publish::Mode::packed;
      q.dir = q.dir.substr(0, q.dir.find('$'));
      while (!q.dir.empty() && q.dir.back() == '/') q.dir.pop_back();
    } else if (q.mode == Publish::Mode::here && has_glob(q.dir)) {
      q.mode = Publish::Mode::dirs;
    }
  // npm and pnpm run the package's prepublishOnly (and the older prepublish)
  // script before they publish it: what that script publishes is published
  // too (napi-rs's `napi prepublish -t npm` publishes the platform packages).
  const std::size_t direct = out.size();
  for (std::size_t k = 0; k < direct && repo.files; ++k) {
    const Publish q = out[k];
    if (q.mode != Publish::Mode::here || (q.tool != "npm publish" && q.tool != "pnpm publish")) continue;
    const Package *pkg = package_at(repo, scan, q.dir);
    if (!pkg) continue;
    for (const char *hook : {"prepublishOnly", "prepublish"}) {
      const auto script = pkg->scripts.find(hook);
      if (script == pkg->scripts.end()) continue;
      const auto where_it = pkg->script_where.find(hook);
      const Where at_hook = where_it != pkg->script_where.end() ? where_it->second : pkg->where;
      for (auto &h : find_publishes(script->second, at_hook, repo, scan, q.dir, depth + 1))
        if (h.tool != q.tool || h.dir != q.dir) out.push_back(std::move(h));  // not the publish itself again
    }
  }
  return out;
}

namespace {

// The repository a web address of the big hosts names, as npm reads it
// (hosted-git-info): GitHub's `/tree/REF/DIR` and Bitbucket's `/src/...` are
// places in the repository, and so is what follows GitLab's `/-/`.
std::string repository_of_web_path(const std::string &identity) {
  std::vector<std::string> seg;
  for (std::size_t from = 0, to; from <= identity.size(); from = to + 1) {
    to = std::min(identity.find('/', from), identity.size());
    seg.push_back(identity.substr(from, to - from));
  }
  if (seg[0] == "gitlab.com") {
    const std::size_t cut = identity.find("/-/");
    return cut == std::string::npos ? identity : identity.substr(0, cut);
  }
  const bool place = seg.size() > 3 && ((seg[0] == "github.com" && seg[3] == "tree") ||
                                        (seg[0] == "bitbucket.org" && seg[3] != "get"));
  return place ? seg[0] + "/" + seg[1] + "/" + seg[2] : identity;
}

}  // namespace

std::string url_identity(const std::string &raw) {
  std::string u = raw.substr(0, raw.find('#'));  // `#readme`, `#main`: a place or a ref
  while (!u.empty() && (u.back() == '/' || u.back() == ' ')) u.pop_back();
  if (u.ends_with(".git")) u.resize(u.size() - 4);
  static const std::regex shorthand(R"(^(github|gitlab|bitbucket):([\w.-]+/[\w./-]+)$)");
  static const std::regex bare(R"(^([\w.-]+)/([\w.-]+)$)");
  static const std::regex scp(R"(^[\w.-]+@([\w.-]+):(.+)$)");
  static const std::regex url(R"(^(?:git\+)?(?:[a-z+]+)://(?:[^@/]+@)?([^/:]+)(?::\d+)?/(.+)$)");
  std::smatch m;
  if (regex_match_bounded(u, m, shorthand)) {
    std::string host = m[1].str() == "bitbucket" ? "bitbucket.org" : m[1].str() + ".com";
    return host + "/" + m[2].str();
  }
  if (regex_match_bounded(u, m, bare)) return "github.com/" + u;
  if (regex_match_bounded(u, m, scp) || regex_match_bounded(u, m, url))
    return repository_of_web_path(m[1].str() + "/" + m[2].str());
  return "";
}

std::string host_of(const std::string &identity) { return identity.substr(0, identity.find('/')); }

std::string other_registry_tool(const std::string &command) {
  const std::vector<std::string> w = words(command);
  std::size_t i = 0;
  while (i < w.size() && w[i].find('=') != std::string::npos && !w[i].starts_with("-")) ++i;  // FOO=bar
  if (i < w.size() && (w[i] == "npx" || w[i] == "bunx")) ++i;
  else if (i + 1 < w.size() && (w[i] == "pnpm" || w[i] == "yarn" || w[i] == "npm") &&
           (w[i + 1] == "dlx" || w[i + 1] == "exec"))
    i += 2;
  while (i < w.size() && w[i].starts_with("-")) ++i;  // the launcher's options (npx -y)
  if (i >= w.size()) return "";
  const std::string binary = binary_of(w[i]);
  const bool publishes = std::find(w.begin() + static_cast<std::ptrdiff_t>(i), w.end(), "publish") != w.end();
  return publishes && publishes_elsewhere(binary) ? binary : "";
}

}  // namespace pubplan::detail::scan
