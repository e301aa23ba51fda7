// Client commands read for what they publish: npm, pnpm and bun (`publish`,
// `stage publish`, scripts, `exec`) and Yarn (classic and Berry, workspaces,
// plugins). Release tools are in release_tools.cpp.
#include <algorithm>
#include <set>

#include "scan/shell.hpp"
#include "scan/tool_command.hpp"

namespace pubplan::detail::scan {

namespace {

// Options of the clients that take a value (so the value is not a positional).
bool takes_value(const std::string &w) {
  static const std::vector<std::string> opts = {"--filter", "-F", "--workspace", "-w", "--tag",
                                                "--access", "--otp", "--registry", "-C", "--dir",
                                                "--scope", "--cwd", "--userconfig", "--provenance-file"};
  return std::find(opts.begin(), opts.end(), w) != opts.end();
}

// Release tools the scan reads itself: `yarn TOOL publish` is theirs, not a Yarn plugin's.
bool known_tool(const std::string &binary) {
  static const std::set<std::string> tools = {"beachball", "lerna", "changeset", "nx", "semantic-release",
                                              "release-it", "rush", "np", "npm", "pnpm", "bun", "auto", "napi"};
  return tools.count(binary) > 0;
}

}  // namespace

void in_selected_workspaces(Publish &q, const Publish &selection, const std::string &cwd) {
  if (q.mode != Publish::Mode::here || q.dir != cwd) return;
  q.mode = selection.mode;
  q.names = selection.names;
  q.excluded = selection.excluded;
  q.dir = selection.dir;
}

const Package *package_at(const Repo &repo, const Scan &scan, const std::string &dir) {
  for (int id : repo.packages)
    if (scan.packages[id].dir == dir) return &scan.packages[id];
  return nullptr;
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

// Binaries whose `publish` goes to another registry or a preview service, not
// to npm's registry: pkg.pr.new's preview builds, JSR, the VS Code and Open VSX
// marketplaces, crates.io, Cloudflare Workers.
bool publishes_elsewhere(const std::string &binary) {
  static const std::set<std::string> tools = {"pkg-pr-new", "jsr", "vsce", "ovsx", "deno", "cargo", "wrangler"};
  return tools.count(binary) > 0;
}

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

std::string default_client(const Repo &repo) {
  for (const char *c : {"pnpm", "yarn", "npm", "bun"})
    if (repo.package_manager.starts_with(std::string(c) + "@")) return c;
  return repo.lockfile_client.empty() ? "npm" : repo.lockfile_client;
}

std::string changeset_client(const Repo &repo) { return default_client(repo) == "pnpm" ? "pnpm" : "npm"; }

ToolCommand::ToolCommand(const std::vector<std::string> &words, std::size_t tool, const Where &here,
                         const std::string &cwd, const Repo &repo, const Scan &scan, Follow follow)
    : words_(words), at_(tool), tool_(binary_of(words[tool])),
      rest_(words.begin() + static_cast<std::ptrdiff_t>(tool) + 1, words.end()), here_(here), cwd_(cwd), repo_(repo),
      scan_(scan), follow_(std::move(follow)) {
  sub_ = subcommand();
  s1_ = sub_ < rest_.size() ? rest_[sub_] : "";
  s2_ = sub_ + 1 < rest_.size() ? rest_[sub_ + 1] : "";
  p_.where = here;
  p_.dir = cwd;
}

std::optional<bool> provenance_in_env(const std::vector<std::string> &words, std::size_t command,
                                      const std::map<std::string, std::vector<std::string>> &variables) {
  std::optional<bool> provenance;
  // npm reads its configuration from npm_config_* variables, in any case.
  for (const char *name : {"NPM_CONFIG_PROVENANCE", "npm_config_provenance"}) {
    const std::string set = std::string(name) + "=";
    for (std::size_t k = 0; k < command; ++k)
      if (words[k].starts_with(set)) provenance = words[k].substr(set.size()) == "true";
    if (const auto it = variables.find(name); !provenance && it != variables.end() && it->second.size() == 1)
      provenance = it->second[0] == "true";
  }
  return provenance;
}

// The first word after the client that is not an option (or an option's value).
std::size_t ToolCommand::subcommand(std::size_t from) const {
  for (std::size_t k = from; k < rest_.size(); ++k) {
    if (takes_value(rest_[k])) {
      ++k;
      continue;
    }
    if (!is_option(rest_[k])) return k;
  }
  return rest_.size();
}

// The options of a publish (or of the command that selects workspaces) from `from` on.
void ToolCommand::read_options(std::size_t from) {
  Publish &p = p_;
  for (std::size_t k = from; k < rest_.size(); ++k) {
    const std::string &o = rest_[k];
    std::string value = k + 1 < rest_.size() ? rest_[k + 1] : "";
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
        p.dir = join_path(cwd_, v);
      } else if (v.starts_with("./") || v.starts_with("{")) {
        p.mode = Publish::Mode::here;
        p.dir = join_path(cwd_, v.starts_with("{") ? v.substr(1, v.size() - 2) : v);
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
      p.dir = join_path(cwd_, value);
      if (!inline_value) ++k;
    } else if (takes_value(key) && !inline_value) {
      ++k;
    }
  }
}

// The folder or tarball a publish names after its subcommand.
void ToolCommand::read_positional_dir(std::size_t from) {
  const std::size_t k = subcommand(from);
  if (k >= rest_.size() || p_.mode != Publish::Mode::here) return;
  if (rest_[k].ends_with(".tgz") || rest_[k].find('$') != std::string::npos)
    p_.mode = Publish::Mode::packed;
  else
    p_.dir = join_path(p_.dir, rest_[k]);  // a glob stays one: see find_publishes
}

// `pnpm NAME ARGS`: the script NAME, else the binary NAME (as pnpm, Yarn and
// bun run it). False when it is neither a script nor publishes. `index`: the
// script's name in rest_.
bool ToolCommand::run_script(std::size_t index, std::vector<Publish> &out) {
  const std::string &name = rest_[index];
  const Package *pkg = package_at(repo_, scan_, cwd_);
  const auto &scripts = pkg ? pkg->scripts : cwd_.empty() ? repo_.root_scripts : std::map<std::string, std::string>{};
  const auto at = rest_.begin() + static_cast<long>(index);
  if (auto it = scripts.find(name); it != scripts.end()) {
    // The arguments after the script's name are appended to its command
    // (`npm run ts -- scripts/release.ts` with "ts": "tsc && tsx"): npm's
    // positional ones and those after `--`, all of them for the others.
    std::vector<std::string> appended;
    bool after_dashes = tool_ != "npm";
    for (auto k = at + 1; k != rest_.end(); ++k) {
      if (*k == "--" && !after_dashes) after_dashes = true;
      else if (after_dashes || !is_option(*k)) appended.push_back(*k);
      else if (takes_value(*k) && k + 1 != rest_.end()) ++k;
    }
    if (!appended.empty() && appended.front() == "--") appended.erase(appended.begin());
    const std::string text = appended.empty() ? it->second : it->second + " " + shell_join(appended);
    for (auto &q : follow_(text, here_, cwd_)) out.push_back(q);
    return true;
  }
  if (name == "run") return false;
  const std::size_t before = out.size();
  for (auto &q : follow_(shell_join({at, rest_.end()}), here_, cwd_)) out.push_back(q);
  return out.size() > before;
}

void ToolCommand::read(std::vector<Publish> &out) {
  if (tool_ == "npm" || tool_ == "pnpm" || tool_ == "bun") read_npm_pnpm_bun(out);
  else if (tool_ == "yarn") read_yarn(out);
  else read_release_tool(out);
}

void ToolCommand::read_npm_pnpm_bun(std::vector<Publish> &out) {
  Publish &p = p_;
  const std::string &w = words_[at_];
  const std::string pinned_npm = tool_ == "npm" && w.starts_with("npm@") ? w.substr(4) : "";
  if (s1_ == "publish") {
    p.client = tool_;
    p.tool = tool_ + " publish";
    p.npm_version = pinned_npm;
    read_options(0);
    read_positional_dir(sub_ + 1);
    // pnpm's recursive publish counts the root among the projects (it
    // leaves the root out of run, exec, add and test only).
    p.with_root = tool_ == "pnpm";
    out.push_back(p);
  } else if (s1_ == "stage" && s2_ == "publish" && tool_ != "bun") {
    p.client = tool_;
    p.tool = tool_ + " stage publish";
    p.staged = true;
    p.npm_version = pinned_npm;
    read_options(0);
    read_positional_dir(sub_ + 2);
    out.push_back(p);
  } else if (s1_ == "run" || s1_ == "run-script") {
    if (!s2_.empty()) run_script(sub_ + 1, out);
  } else if (s1_ == "changeset" && s2_ == "publish") {
    p.client = changeset_client(repo_), p.tool = "changeset publish", p.mode = Publish::Mode::recursive;
    out.push_back(p);
  } else if (tool_ == "pnpm" && s1_ == "exec" && sub_ + 1 < rest_.size()) {
    // `pnpm --filter X exec npm publish`: the command in each workspace the
    // options select, so its own client publishes them.
    const std::string inner = shell_join({rest_.begin() + static_cast<long>(sub_) + 1, rest_.end()});
    rest_.resize(sub_);
    read_options(0);
    for (Publish &q : follow_(inner, here_, cwd_)) {
      in_selected_workspaces(q, p, cwd_);
      out.push_back(std::move(q));
    }
  } else if (tool_ != "npm" && !s1_.empty()) {
    run_script(sub_, out);  // pnpm release, bun release
  }
}

void ToolCommand::read_yarn(std::vector<Publish> &out) {
  Publish &p = p_;
  if (s1_ == "npm" && s2_ == "publish") {
    p.client = "yarn", p.tool = "yarn npm publish";
    read_options(0);
    out.push_back(p);
  } else if (s1_ == "workspace" && !s2_.empty() && sub_ + 2 < rest_.size()) {
    // `yarn workspace NAME COMMAND`: COMMAND in that workspace's folder, a
    // script of it or a binary; `exec` runs a shell command there
    // (`yarn workspace NAME exec npm publish`: npm publishes it).
    std::vector<std::string> inner(rest_.begin() + static_cast<long>(sub_) + 2, rest_.end());
    const bool exec = inner.front() == "exec";
    const std::string text = exec ? shell_join({inner.begin() + 1, inner.end()}) : "yarn " + shell_join(inner);
    const Package *named = nullptr;
    for (int id : repo_.packages)
      if (scan_.packages[id].name == s2_) named = &scan_.packages[id];
    p.mode = s2_.find('$') != std::string::npos ? Publish::Mode::recursive : Publish::Mode::names;
    p.names = {s2_};
    for (Publish &q : follow_(text, here_, named ? named->dir : cwd_)) {
      if (!named) in_selected_workspaces(q, p, cwd_);
      out.push_back(std::move(q));
    }
  } else if (s1_ == "workspaces" && std::find(rest_.begin(), rest_.end(), "publish") != rest_.end() &&
             std::find(rest_.begin(), rest_.end(), "npm") != rest_.end()) {
    // `… exec npm publish` runs the npm CLI in each workspace; `… npm publish`, Yarn's own.
    const auto exec = std::find(rest_.begin(), rest_.end(), "exec");
    const bool npm_cli = exec != rest_.end() && exec + 1 != rest_.end() && binary_of(*(exec + 1)) == "npm";
    p.client = npm_cli ? "npm" : "yarn";
    p.tool = npm_cli ? "yarn workspaces foreach exec npm publish" : "yarn workspaces foreach npm publish";
    p.mode = Publish::Mode::recursive;
    read_options(sub_ + 1);
    out.push_back(p);
  } else if (s1_ == "publish") {
    p.client = "yarn", p.client_version = "1", p.tool = "yarn publish";
    read_options(0);
    read_positional_dir(sub_ + 1);
    out.push_back(p);
  } else if (s1_ == "changeset" && s2_ == "publish") {
    p.client = changeset_client(repo_), p.tool = "changeset publish", p.mode = Publish::Mode::recursive;
    out.push_back(p);
  } else if (s1_ == "run" && !s2_.empty()) {
    run_script(sub_ + 1, out);
  } else if (!s1_.empty() && !run_script(sub_, out) && !known_tool(binary_of(s1_)) &&
             !publishes_elsewhere(binary_of(s1_)) && std::find(rest_.begin(), rest_.end(), "publish") != rest_.end()) {
    // `yarn release-tool publish`: a command of a Yarn plugin, which
    // publishes through Yarn's own npm client.
    p.client = "yarn", p.tool = "yarn " + s1_ + " publish", p.mode = Publish::Mode::recursive;
    out.push_back(p);
  }
}

}  // namespace pubplan::detail::scan
