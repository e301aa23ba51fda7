// Publish commands in shell text (CI steps) and in what it runs: package.json
// scripts, shell and JavaScript release scripts, Makefile recipes and the RUN
// lines of a Dockerfile. The walk over the commands is here; what one client
// or release tool publishes is read by ToolCommand (tool_command.hpp).
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <sstream>
#include <string_view>

#include "format/bounded_regex.hpp"
#include "scan/loop_guards.hpp"
#include "scan/scan_model.hpp"
#include "scan/shell.hpp"
#include "scan/tool_command.hpp"

namespace pubplan::detail::scan {

namespace {

// Whether a script points npm at a local registry (verdaccio), where it
// publishes for tests, not to npm: a line that names a registry on localhost.
bool points_at_local_registry(const std::string &text) {
  static const std::regex local_registry(R"(registry.*(localhost|127\.0\.0\.1)|verdaccio)");
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (regex_search_bounded(line, local_registry)) return true;
  return false;
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

// The text of a command's line from where the command starts (`for …; do if
// [ a ] && [ b ]; then` on one line keeps the `&&` between the tests).
std::string from_command_on(const std::vector<std::string> &lines, const std::string &command, int offset) {
  const std::string line =
      offset >= 0 && static_cast<std::size_t>(offset) < lines.size() ? lines[offset] : command;
  const std::size_t first = command.find_first_not_of(" \t"), last = command.find_last_not_of(" \t");
  const std::size_t at =
      first == std::string::npos ? std::string::npos : line.find(command.substr(first, last - first + 1));
  return at == std::string::npos ? command : line.substr(at);
}

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> lines;
  for (std::size_t from = 0;;) {
    const std::size_t nl = text.find('\n', from);
    lines.push_back(text.substr(from, nl == std::string::npos ? std::string::npos : nl - from));
    if (nl == std::string::npos) break;
    from = nl + 1;
  }
  return lines;
}

// One walk over a shell text's commands, keeping what the shell keeps between
// them: the folder, loop and assigned values, positional parameters and the
// conditions of loops.
class PublishFinder {
 public:
  PublishFinder(const Repo &repo, const Scan &scan, std::string cwd, int depth, std::string script_dir,
                std::vector<std::string> args)
      : repo_(repo), scan_(scan), cwd_(std::move(cwd)), depth_(depth), script_dir_(std::move(script_dir)),
        args_(std::move(args)) {}

  std::vector<Publish> find(const std::string &script, const Where &where);

 private:
  bool apply_shell(std::vector<std::string> &w, const Where &here);
  std::size_t command_at(std::vector<std::string> &w);
  bool run_file(std::vector<std::string> &w, std::size_t i);
  void run_docker_build(const std::vector<std::string> &w, std::size_t i);
  void run_make(const std::vector<std::string> &w, std::size_t i);
  void run_script_file(const std::vector<std::string> &w, std::size_t i, const std::string &file);
  void drop_other_registries();
  void widen_unnamed_dirs();
  void add_prepublish_scripts();
  std::vector<Publish> follow(const std::string &text, const Where &where, const std::string &cwd,
                              const std::string &script_dir = "", std::vector<std::string> args = {}) const {
    return find_publishes(text, where, repo_, scan_, cwd, depth_ + 1, script_dir, std::move(args));
  }
  void append(std::vector<Publish> &&found) {
    for (auto &q : found) out_.push_back(std::move(q));
  }

  const Repo &repo_;
  const Scan &scan_;
  std::string cwd_;
  int depth_;
  std::string script_dir_;
  std::vector<std::string> args_;
  std::map<std::string, std::vector<std::string>> variables_;  // for VAR in VALUES; NAME=value
  std::vector<std::string> pushed_, subshell_;                  // folders to go back to: popd, a subshell's end
  LoopGuards guards_;
  std::vector<Publish> out_;
};

std::vector<Publish> PublishFinder::find(const std::string &script, const Where &where) {
  const std::vector<std::string> lines = lines_of(script);
  for (const auto &[cmd, offset] : commands(script)) {
    const Where here{where.file, where.line + offset};
    auto w = words(cmd);
    guards_.see(w, from_command_on(lines, cmd, offset), variables_, out_);
    if (apply_shell(w, here)) continue;
    const std::size_t i = command_at(w);
    if (i >= w.size() || dry_run(w, i)) continue;
    const std::size_t before = out_.size();
    if (!repo_.files || !run_file(w, i))
      ToolCommand(w, i, here, cwd_, repo_, scan_,
                  [this](const std::string &text, const Where &at, const std::string &cwd) {
                    return follow(text, at, cwd);
                  })
          .read(out_);
    // The environment reaches what the command runs: its publishes, a
    // script's, a release tool's.
    if (const auto provenance = provenance_in_env(w, i, variables_))
      for (std::size_t k = before; k < out_.size(); ++k)
        if (!out_[k].provenance) out_[k].provenance = provenance;
  }
  drop_other_registries();
  widen_unnamed_dirs();
  add_prepublish_scripts();
  return std::move(out_);
}

// The shell's own part of a command: subshells, loops, `shift`, assignments,
// `sh -c TEXT`. True when that was all of it; otherwise the loop values and
// positional parameters are put into w, and a command given as one quoted
// word is its words.
bool PublishFinder::apply_shell(std::vector<std::string> &w, const Where &here) {
  if (w.size() == 1 && w[0] == "(") {
    subshell_.push_back(cwd_);
    return true;
  }
  if (w.size() == 1 && w[0] == ")") {
    if (!subshell_.empty()) cwd_ = subshell_.back(), subshell_.pop_back();
    return true;
  }
  if (w.size() >= 3 && w[0] == "for" && w[2] == "in") {
    std::vector<std::string> values(w.begin() + 3, w.end());
    if (std::any_of(values.begin(), values.end(),
                    [](const std::string &v) { return v.find_first_of("$`") != std::string::npos; }))
      values.clear();  // computed: unknown here
    variables_[w[1]] = std::move(values);
    return true;
  }
  substitute_loop_values(w, variables_);
  if (!args_.empty()) {
    if (!w.empty() && w[0] == "shift") {  // `shift` or `shift N`
      const std::size_t n = w.size() > 1 && w[1].size() == 1 && std::isdigit(static_cast<unsigned char>(w[1][0]))
                                ? static_cast<std::size_t>(w[1][0] - '0')
                                : 1;
      args_.erase(args_.begin(), args_.begin() + static_cast<std::ptrdiff_t>(std::min(n, args_.size())));
      return true;
    }
    substitute_positional(w, args_);
  }
  // A command given as one quoted word (`exec "npm publish"`, `npm exec -c
  // "npm publish"`, `sh -c "npm publish"`) is its words.
  if (w.size() >= 3 && (w[0] == "sh" || w[0] == "bash" || w[0] == "zsh") && w[1] == "-c") {
    append(follow(w[2], here, cwd_));
    return true;
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
  if (std::size_t k = !w.empty() && w[0] == "export" ? 1 : 0;
      k < w.size() && std::all_of(w.begin() + static_cast<std::ptrdiff_t>(k), w.end(), is_assignment)) {
    for (; k < w.size(); ++k) {
      const std::size_t eq = w[k].find('=');
      const std::string value = w[k].substr(eq + 1);
      variables_[w[k].substr(0, eq)] =
          value.find_first_of("$`") == std::string::npos ? std::vector<std::string>{value} : std::vector<std::string>{};
    }
    return true;
  }
  return false;
}

// The index of the word that names the command, past assignments, shell
// keywords and launchers (npx, pnpm exec, eval, node_modules/.bin); w.size()
// when there is none, or when the command only moves the shell's folder.
std::size_t PublishFinder::command_at(std::vector<std::string> &w) {
  std::size_t i = 0;
  while (i < w.size() && w[i].find('=') != std::string::npos && !is_option(w[i])) ++i;  // FOO=bar
  // Shell keywords that start a command inside if/for/while bodies.
  // A condition (`if npm publish; then`, `if ! pnpm publish`) runs its command.
  while (i < w.size() && (w[i] == "do" || w[i] == "then" || w[i] == "else" || w[i] == "{" || w[i] == "(" ||
                          w[i] == "if" || w[i] == "elif" || w[i] == "while" || w[i] == "until" || w[i] == "!"))
    ++i;
  if (i < w.size() && (w[i] == "sudo" || w[i] == "exec" || w[i] == "time")) ++i;
  if (i >= w.size()) return w.size();
  if ((w[i] == "cd" || w[i] == "pushd") && i + 1 < w.size()) {  // a `$` in it: see widen_unnamed_dirs
    if (w[i] == "pushd") pushed_.push_back(cwd_);
    cwd_ = join_path(cwd_, w[i + 1]);
    return w.size();
  }
  if (w[i] == "popd") {
    if (!pushed_.empty()) cwd_ = pushed_.back(), pushed_.pop_back();
    return w.size();
  }
  // Runners of package binaries: npx X, npm exec X, pnpm exec X, pnpm dlx X,
  // yarn dlx X, bunx X.
  bool runner = true;
  if (w[i] == "npx" || w[i] == "bunx") ++i;
  else if (i + 1 < w.size() && (w[i] == "npm" || w[i] == "pnpm" || w[i] == "yarn") &&
           (w[i + 1] == "exec" || w[i + 1] == "dlx"))
    i += 2;
  else if (w[i] == "corepack" && i + 1 < w.size()) ++i;
  // Another tool's `exec` of a client (`vp exec pnpm publish`, `mise exec --
  // npm publish`); Lerna's runs it in every package (ToolCommand).
  else if (i + 2 < w.size() && w[i + 1] == "exec" && binary_of(w[i]) != "lerna") {
    const std::size_t k = w[i + 2] == "--" ? i + 3 : i + 2;
    if (k < w.size() && (w[k] == "npm" || w[k] == "pnpm" || w[k] == "yarn" || w[k] == "bun")) i = k;
    runner = false;
  } else {
    runner = false;
  }
  // The runner's options (`npx --yes`), with the packages it installs first
  // (`pnpm dlx --package @lerna-lite/cli lerna publish`), and `--`.
  for (; i < w.size() && is_option(w[i]); ++i)
    if (runner && (w[i] == "--package" || w[i] == "-p") && i + 1 < w.size()) ++i;
  if (i >= w.size()) return w.size();
  if (w[i] == "eval" && i + 1 < w.size()) {  // eval "npx npm@4 publish ..."
    std::string inner;
    for (std::size_t k = i + 1; k < w.size(); ++k) inner += (inner.empty() ? "" : " ") + w[k];
    w = words(inner);
    i = 0;
    if (w.empty()) return w.size();
    if (w[i] == "npx" || w[i] == "bunx") ++i;
    while (i < w.size() && is_option(w[i])) ++i;
    if (i >= w.size()) return w.size();
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
  return i;
}

// A file of the repository the command runs: a Dockerfile's RUN lines, a
// Makefile's recipe, a script. True when the command is one of those.
bool PublishFinder::run_file(std::vector<std::string> &w, std::size_t i) {
  if (w[i] == "docker" && (find_in(w, i + 1, "build") || find_in(w, i + 1, "buildx"))) {
    run_docker_build(w, i);
    return true;
  }
  // make TARGET, also as a recipe's `$(MAKE)`, with -C DIR and -f FILE.
  if (w[i] == "$(MAKE)" || w[i] == "${MAKE}" || w[i] == "$MAKE") w[i] = "make";
  if (w[i] == "make") {
    run_make(w, i);
    return true;
  }
  // "$SCRIPTS_DIR/publish": a script beside the one running.
  if (w[i].starts_with("$") && w[i].find('/') != std::string::npos && !script_dir_.empty())
    w[i] = "/" + join_path(script_dir_, w[i].substr(w[i].find('/') + 1));  // from the root
  const std::string file = script_file(w, i, cwd_, *repo_.files);
  if (file.empty()) return false;
  // A test script's publishes run against a fake client or registry.
  if (!is_test_script(file)) run_script_file(w, i, file);
  return true;
}

// docker build: the RUN lines of the Dockerfile (of --target's stage).
void PublishFinder::run_docker_build(const std::vector<std::string> &w, std::size_t i) {
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
  const std::string dockerfile = join_path(cwd_, file.empty() ? join_path(context, "Dockerfile") : file);
  if (auto text = repo_.files->is_file(dockerfile) ? repo_.files->read(dockerfile) : std::nullopt)
    append(follow(run_lines(*text, target), Where{repo_.files->display(dockerfile), 1}, join_path(cwd_, context)));
}

void PublishFinder::run_make(const std::vector<std::string> &w, std::size_t i) {
  std::string dir = cwd_, name = "Makefile", target;
  for (std::size_t k = i + 1; k < w.size() && target.empty(); ++k) {
    if ((w[k] == "-C" || w[k] == "--directory") && k + 1 < w.size()) dir = join_path(cwd_, w[++k]);
    else if (w[k].starts_with("--directory=")) dir = join_path(cwd_, w[k].substr(12));
    else if ((w[k] == "-f" || w[k] == "--file" || w[k] == "--makefile") && k + 1 < w.size()) name = w[++k];
    else if (!is_option(w[k]) && w[k].find('=') == std::string::npos) target = w[k];  // VAR=value sets a variable
  }
  const std::string makefile = join_path(dir, name);
  if (auto text = !target.empty() && repo_.files->is_file(makefile) ? repo_.files->read(makefile) : std::nullopt)
    append(follow(make_recipe(*text, target), Where{repo_.files->display(makefile), 1}, dir));
}

// A script of the repository: its publish commands, run from the root,
// publish whatever the script loops over unless they name a package.
void PublishFinder::run_script_file(const std::vector<std::string> &w, std::size_t i, const std::string &file) {
  auto text = repo_.files->is_file(file) ? repo_.files->read(file) : std::nullopt;
  const std::string first_line = text ? text->substr(0, text->find('\n')) : "";
  const bool js = !file.ends_with(".sh") &&
                  (!first_line.starts_with("#!") || first_line.find("node") != std::string::npos ||
                   first_line.find("zx") != std::string::npos || first_line.find("tsx") != std::string::npos);
  if (!text || points_at_local_registry(js ? without_comments(*text) : *text)) return;
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
      paths.push_back(join_path(cwd_, a));
    after |= join_path(cwd_, a) == file;
  }
  // A shell script's positional parameters: the caller's words after the
  // file, each split at blanks as an unquoted expansion is
  // (`publish.sh "$dir" ${FLAGS}`).
  std::vector<std::string> args;
  for (std::size_t k = i, seen = 0; !js && k < w.size(); ++k) {
    if (!seen) {
      seen = join_path(cwd_, w[k]) == file;
      continue;
    }
    std::istringstream split(w[k]);
    bool any = false;
    for (std::string a; split >> a;) args.push_back(a), any = true;
    if (!any) args.push_back(w[k]);
  }
  for (auto q : follow(commands_in_script(*text, js, dir), Where{repo_.files->display(file), 1}, cwd_, dir, args)) {
    if (q.mode == Publish::Mode::here && q.dir.empty() && js) q.mode = Publish::Mode::recursive;
    if (q.mode == Publish::Mode::packed && !paths.empty() && !js) {
      q.mode = Publish::Mode::dirs;
      q.dir = paths.size() == 1 ? paths[0] : "{";
      for (std::size_t k = 0; paths.size() > 1 && k < paths.size(); ++k) q.dir += (k ? "," : "") + paths[k];
      if (paths.size() > 1) q.dir += "}";
    }
    q.tool += " in " + file;
    out_.push_back(std::move(q));
  }
}

// A test registry, or another registry named on the command line (GitHub
// Packages, GitLab's): not a publish to npm.
void PublishFinder::drop_other_registries() {
  std::erase_if(out_, [](const Publish &q) { return q.local_registry || !is_npm_registry(q.registry); });
}

// A directory held in a variable (`cd "$path"` in a loop): which package is
// not written. A glob (`npm publish native/*/`, or a loop's values): the
// packages in the directories it matches.
void PublishFinder::widen_unnamed_dirs() {
  for (Publish &q : out_)
    if (q.mode == Publish::Mode::here && q.dir.find('$') != std::string::npos) {
      q.mode = Publish::Mode::packed;
      q.dir = q.dir.substr(0, q.dir.find('$'));
      while (!q.dir.empty() && q.dir.back() == '/') q.dir.pop_back();
    } else if (q.mode == Publish::Mode::here && has_glob(q.dir)) {
      q.mode = Publish::Mode::dirs;
    }
}

// npm and pnpm run the package's prepublishOnly (and the older prepublish)
// script before they publish it: what that script publishes is published too
// (napi-rs's `napi prepublish -t npm` publishes the platform packages).
void PublishFinder::add_prepublish_scripts() {
  const std::size_t direct = out_.size();
  for (std::size_t k = 0; k < direct && repo_.files; ++k) {
    const Publish q = out_[k];
    if (q.mode != Publish::Mode::here || (q.tool != "npm publish" && q.tool != "pnpm publish")) continue;
    const Package *pkg = package_at(repo_, scan_, q.dir);
    if (!pkg) continue;
    for (const char *hook : {"prepublishOnly", "prepublish"}) {
      const auto script = pkg->scripts.find(hook);
      if (script == pkg->scripts.end()) continue;
      const auto where_it = pkg->script_where.find(hook);
      const Where at_hook = where_it != pkg->script_where.end() ? where_it->second : pkg->where;
      for (auto &h : follow(script->second, at_hook, q.dir))
        if (h.tool != q.tool || h.dir != q.dir) out_.push_back(std::move(h));  // not the publish itself again
    }
  }
}

}  // namespace

std::vector<Publish> find_publishes(const std::string &script, const Where &where, const Repo &repo,
                                    const Scan &scan, std::string cwd, int depth, const std::string &script_dir,
                                    std::vector<std::string> args) {
  if (depth > 4) return {};
  return PublishFinder(repo, scan, std::move(cwd), depth, script_dir, std::move(args)).find(script, where);
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
