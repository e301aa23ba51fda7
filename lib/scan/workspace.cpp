// Packages of a checkout: the workspace layouts of npm, Yarn (classic and Berry),
// pnpm and Lerna, glob patterns included; a single package is a workspace of one.
#include <filesystem>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "scan/scan_model.hpp"

namespace pubplan::detail::scan {

std::optional<std::string> example_dir_in(const std::string &rel) {
  static const std::set<std::string> kExampleDirs = {
      "__tests__", "__fixtures__", "__mocks__", "test", "tests", "fixtures", "fixture", "example",
      "examples", "playground", "playgrounds", "e2e", "demo", "demos", "sandbox", "sandboxes", "benchmarks",
      "samples", "testbed", "docs", "website"};
  std::istringstream parts(rel);
  for (std::string part; std::getline(parts, part, '/');)
    if (kExampleDirs.count(part) || part.ends_with("-tests") || part.ends_with("-test")) return part;
  return std::nullopt;
}

namespace {

const char *const kDependencyKinds[] = {"dependencies", "devDependencies", "peerDependencies",
                                        "optionalDependencies"};

bool read_package(const Files &files, const std::string &dir, Package &pkg) {
  pkg.dir = dir;
  pkg.manifest = dir.empty() ? "package.json" : dir + "/package.json";
  auto doc = files.parse(pkg.manifest);
  if (!doc) return false;
  if (!doc->is_map()) {
    files.warn(pkg.manifest, doc->line, doc->column, "skipped: package.json is not an object");
    return false;
  }
  const DocNode *name = at(&*doc, "name");
  pkg.name = str(name);
  pkg.where = {files.display(pkg.manifest), name ? name->line : 1};
  if (!at(&*doc, "version")) {
    pkg.example_why = "no version";
  } else {
    // The rule for a package that no pipeline names: one inside a directory of
    // tests, fixtures, examples or documentation is one of those, not a
    // published package.
    if (auto dir_name = example_dir_in(dir)) pkg.example_why = fmt::format("inside {}/", *dir_name);
  }
  // beachball's opt-out: the package is never published.
  if (str(at(at(&*doc, "beachball"), "shouldPublish")) == "false") pkg.example_why = "beachball.shouldPublish: false";
  if (const DocNode *priv = at(&*doc, "private"); priv && str(priv) == "true") {
    pkg.is_private = true;
    pkg.private_where = {files.display(pkg.manifest), priv->line};
  }
  pkg.publish_registry = str(at(at(&*doc, "publishConfig"), "registry"));
  if (const DocNode *prov = at(at(&*doc, "publishConfig"), "provenance"); prov && (str(prov) == "true" || str(prov) == "false")) {
    pkg.provenance = str(prov) == "true";
    pkg.provenance_where = {files.display(pkg.manifest), prov->line};
  }
  // Published to another registry (GitHub Packages): not an npm package.
  if (!is_npm_registry(pkg.publish_registry)) pkg.example_why = "publishConfig.registry is not npm's";
  if (const DocNode *access = at(at(&*doc, "publishConfig"), "access")) {
    std::string a = str(access);
    if (a == "public" || a == "restricted")
      pkg.access = {a == "public" ? "public" : "private", {files.display(pkg.manifest), access->line}, ""};
  }
  if (!pkg.access.known() && !pkg.name.empty() && !pkg.name.starts_with("@"))
    pkg.access = {"public", pkg.where, "unscoped packages are always public"};
  const DocNode *repo = at(&*doc, "repository");
  if (repo && repo->is_scalar()) {
    pkg.repository_url = repo->value;
    pkg.repository_where = {files.display(pkg.manifest), repo->line};
  } else if (const DocNode *url = at(repo, "url")) {
    pkg.repository_url = str(url);
    pkg.repository_where = {files.display(pkg.manifest), url->line};
    pkg.repository_directory = str(at(repo, "directory"));
  }
  for (const char *key : {"main", "exports", "module", "browser", "bin", "types", "typings", "files"})
    if (at(&*doc, key)) pkg.declares_contents = true;
  for (const char *kind : kDependencyKinds)
    if (const DocNode *deps = at(&*doc, kind); deps && deps->is_map())
      for (const auto &[k, v] : deps->entries) {
        pkg.deps.push_back(k.value);
        std::string spec = str(&v);
        for (const char *local : {"file:", "link:"})
          if (spec.starts_with(local)) {
            auto path = std::filesystem::path(dir) / spec.substr(std::string(local).size());
            pkg.local_deps.push_back(path.lexically_normal().generic_string());
          }
      }
  if (const DocNode *scripts = at(&*doc, "scripts"); scripts && scripts->is_map())
    for (const auto &[k, v] : scripts->entries) {
      pkg.scripts[k.value] = str(&v);
      pkg.script_where[k.value] = {files.display(pkg.manifest), v.line};
    }
  return true;
}

// Directories (relative) that hold a package.json, at most `depth` deep;
// node_modules and hidden directories are not workspaces.
void package_dirs(const Files &files, int depth, std::vector<std::string> &out, std::size_t &budget) {
  files.walk("", depth, budget, [&](const std::string &rel, const std::string &name, bool dir) {
    if (!dir || name.starts_with(".")) return false;
    if (files.is_file(rel + "/package.json")) out.push_back(rel);
    return true;
  });
}

}  // namespace

void scan_git_remote(const Files &files, Repo &repo) {
  // .git/config (a directory checkout; a worktree's .git file points outside the root).
  auto text = files.is_file(".git/config") ? files.read(".git/config") : std::nullopt;
  if (!text) return;
  std::string section;
  int line = 0;
  std::string first_url;
  Where first_where;
  std::istringstream in(*text);
  for (std::string l; std::getline(in, l);) {
    ++line;
    std::string t = l;
    t.erase(0, t.find_first_not_of(" \t"));
    if (t.starts_with("[")) {
      section = t;
      continue;
    }
    if (!section.starts_with("[remote ") || !t.starts_with("url")) continue;
    auto eq = t.find('=');
    if (eq == std::string::npos) continue;
    std::string url = t.substr(eq + 1);
    url.erase(0, url.find_first_not_of(" \t"));
    std::string id = url_identity(url);
    if (id.empty()) continue;
    if (section.find("\"origin\"") != std::string::npos || first_url.empty()) {
      first_url = id;
      first_where = {files.display(".git/config"), line};
      if (section.find("\"origin\"") != std::string::npos) break;
    }
  }
  if (!first_url.empty()) {
    repo.url = first_url;
    repo.url_where = first_where;
  }
}

namespace {

void read_packages(const Files &files, int repo_id, Scan &scan) {
  Repo &repo = scan.repos[repo_id];
  Package root;
  bool has_root = files.is_file("package.json") && read_package(files, "", root);
  if (has_root) repo.root_scripts = root.scripts;  // a nameless root still runs scripts
  std::vector<std::string> patterns;
  std::vector<std::pair<std::string, unsigned>> listed;  // each pattern with its list
  auto list = [&](const std::vector<std::string> &these, WorkspaceList from) {
    if (!these.empty()) repo.workspace_lists |= from;
    for (const auto &p : these) patterns.push_back(p), listed.emplace_back(p, from);
  };
  if (has_root) {
    auto doc = files.parse("package.json");
    const DocNode *ws = at(&*doc, "workspaces");
    if (ws && ws->is_map()) ws = at(ws, "packages");  // Yarn classic's object form
    list(strings(ws), manifest_list);
    if (const DocNode *pm = at(&*doc, "packageManager")) {
      repo.package_manager = str(pm);
      repo.package_manager_where = {files.display("package.json"), pm->line};
    }
    for (const char *key : {"dependencies", "devDependencies"})
      if (const DocNode *deps = at(&*doc, key); deps && deps->is_map())
        for (const auto &[name, range] : deps->entries)
          if (name.is_scalar() && range.is_scalar())
            repo.root_dependencies.emplace(name.value, std::pair{range.value, Where{files.display("package.json"), range.line}});
    if (repo.url.empty()) {
      std::string id = url_identity(root.repository_url);
      if (!id.empty()) {
        repo.url = id;
        repo.url_where = root.repository_where;
      }
    }
  }
  if (files.is_file("pnpm-workspace.yaml"))
    if (auto doc = files.parse("pnpm-workspace.yaml"))
      list(strings(at(&*doc, "packages")), pnpm_list);
  if (files.is_file("lerna.json"))
    if (auto doc = files.parse("lerna.json")) {
      auto lerna = strings(at(&*doc, "packages"));
      if (lerna.empty() && patterns.empty()) lerna.push_back("packages/*");  // Lerna's default
      list(lerna, lerna_list);
    }
  if (files.is_file("pnpm-lock.yaml")) repo.lockfile_client = "pnpm";
  else if (files.is_file("yarn.lock")) repo.lockfile_client = "yarn";
  else if (files.is_file("bun.lockb") || files.is_file("bun.lock")) repo.lockfile_client = "bun";
  else if (files.is_file("package-lock.json")) repo.lockfile_client = "npm";
  // A committed .npmrc that reads a token (//registry.npmjs.org/:_authToken=${NPM_TOKEN}):
  // every publish of the repository may authenticate with it.
  if (files.is_file(".npmrc"))
    if (auto text = files.read(".npmrc")) {
      std::istringstream in(*text);
      int line = 0;
      for (std::string l; std::getline(in, l);)
        if (++line, sets_npm_token(l, "") && !l.starts_with("#") && !l.starts_with(";")) {
          repo.npmrc_token = {files.display(".npmrc"), line};
          break;
        }
    }
  if (files.is_file(".changeset/config.json"))
    if (auto doc = files.parse(".changeset/config.json"))
      if (const DocNode *a = at(&*doc, "access")) {
        repo.changeset_access = str(a);
        repo.changeset_where = {files.display(".changeset/config.json"), a->line};
      }

  auto add = [&](Package pkg) {
    if (pkg.name.empty()) {
      // A nameless fixture of a test folder, or a workspace root that holds
      // the packages, is expected, not worth a word.
      const bool container = pkg.dir.empty() && (pkg.is_private || !patterns.empty());
      if (!example_dir_in(pkg.dir) && !container) files.warn(pkg.manifest, 1, 1, "skipped: package.json has no name");
      return;
    }
    if (!valid_npm_name(pkg.name)) {  // npm would refuse it, and so would the topology's loader
      files.warn(pkg.manifest, pkg.where.line, 1,
                 fmt::format("skipped: '{}' is not a valid npm package name", pkg.name));
      return;
    }
    for (auto it = repo.packages.begin(); it != repo.packages.end(); ++it) {
      const Package &earlier = scan.packages[*it];
      if (earlier.name != pkg.name) continue;
      // A private manifest (socket.io's workspace root) is never published:
      // the package of that name is the one that can be.
      if (earlier.is_private && pkg.publishable()) {
        if (*it == repo.root_package) repo.root_package = -1;
        repo.packages.erase(it);
        break;
      }
      if (pkg.example_why.empty())  // copies among fixtures are expected
        files.warn(pkg.manifest, pkg.where.line, 1, fmt::format("skipped: a second package named '{}'", pkg.name));
      return;
    }
    if (!pkg.access.known() && repo.changeset_access == "public")
      pkg.access = {"public", repo.changeset_where, "the changesets config publishes with access public"};
    if (!pkg.access.known())
      pkg.access.why = "scoped, no publishConfig.access: a first publish is restricted, an existing package keeps its access";
    repo.packages.push_back(static_cast<int>(scan.packages.size()));
    scan.packages.push_back(std::move(pkg));
  };
  // Nx without package-manager workspaces: its projects are the folders with a
  // project.json, and those that also hold a package.json are packages.
  const bool nx_projects = patterns.empty() && files.is_file("nx.json");
  const bool monorepo_tool = nx_projects || files.is_file("rush.json");
  if (has_root) {
    // The rule for a workspace root that declares no entry point (main,
    // exports, module, browser, bin, types, files): a container of the
    // packages, listed only when a pipeline publishes it by name or directory.
    if (root.example_why.empty() && !root.declares_contents && (!patterns.empty() || monorepo_tool))
      root.example_why = "a workspace root that declares no contents";
    repo.root_package = static_cast<int>(scan.packages.size());
    add(root);
    if (repo.packages.empty()) repo.root_package = -1;
  }
  if (files.is_file("rush.json")) {
    // Rush: the projects of rush.json; published are those it says
    // (shouldPublish, or a version policy).
    repo.workspaces = true;
    auto doc = files.parse("rush.json");
    const DocNode *projects = doc ? at(&*doc, "projects") : nullptr;
    if (projects && projects->is_sequence())
      for (const auto &project : projects->items) {
        Package pkg;
        if (!read_package(files, str(at(&project, "projectFolder")), pkg)) continue;
        if (str(at(&project, "shouldPublish")) != "true" && str(at(&project, "versionPolicyName")).empty() &&
            pkg.example_why.empty())
          pkg.example_why = "rush.json does not publish it";
        add(std::move(pkg));
      }
    return;
  }
  if (nx_projects) {
    repo.workspaces = true;
    std::vector<std::string> dirs;
    std::size_t budget = 100'000;
    package_dirs(files, 8, dirs, budget);
    for (const auto &dir : dirs) {
      Package pkg;
      if (files.is_file(dir + "/project.json") && read_package(files, dir, pkg)) add(std::move(pkg));
    }
    return;
  }
  if (patterns.empty()) {
    // No workspaces: a manifest in a sub-folder (at most three levels down) is
    // a package of its own when it could be published: a name and a version,
    // not private, not under tests or examples (the rule of read_package).
    std::vector<std::string> dirs;
    std::size_t budget = 20'000;
    package_dirs(files, 2, dirs, budget);
    // A folder another manifest installs through file: or link: is a local
    // helper (a lint plugin, a build tool), not a package of its own.
    std::set<std::string> local;
    if (has_root)
      for (auto d : root.local_deps) local.insert(d.ends_with("/") ? d.substr(0, d.size() - 1) : d);
    for (const auto &dir : dirs) {
      Package pkg;
      if (read_package(files, dir, pkg) && pkg.publishable() && !pkg.name.empty() && !local.count(dir))
        add(std::move(pkg));
    }
    return;
  }
  repo.workspaces = true;
  std::vector<std::string> dirs;
  std::size_t budget = 100'000;
  package_dirs(files, 8, dirs, budget);
  files.progress(fmt::format("{}: {} package directories, {} workspace patterns", files.display(""),
                             dirs.size(), patterns.size()));
  for (const auto &dir : dirs) {
    // A `!` pattern takes the folder out of its own list only.
    unsigned in = 0;
    for (const auto &[p, from] : listed) {
      if (p.starts_with("!")) {
        if (glob_match(p.substr(1), dir)) in &= ~from;
      } else if (glob_match(p, dir)) {
        in |= from;
      }
    }
    Package pkg;
    if (in && read_package(files, dir, pkg)) {
      // A workspace whose own folder is named like tests (pg-esm-test, or
      // rxjs's packages/test, @rxjs/test) is a package all the same: the
      // tools that publish every workspace (lerna, changesets, pnpm -r)
      // publish it unless it is private. Folders of tests above it
      // (playground/, examples/) still mark fixtures.
      const std::string own = dir.substr(dir.rfind('/') + 1);
      if (pkg.example_why == fmt::format("inside {}/", own) && !example_dir_in(dir.substr(0, dir.size() - own.size())))
        pkg.example_why.clear();
      pkg.listed_in = in;
      add(std::move(pkg));
    }
  }
}

}  // namespace

void scan_workspace(const Files &files, int repo_id, Scan &scan) {
  read_packages(files, repo_id, scan);
  // No remote and no `repository` at the root: the repository its packages
  // name, when every one that names one names the same.
  Repo &repo = scan.repos[repo_id];
  if (!repo.url.empty()) return;
  std::string agreed;
  Where where;
  for (int id : repo.packages) {
    const std::string named = url_identity(scan.packages[id].repository_url);
    if (named.empty()) continue;
    if (!agreed.empty() && named != agreed) return;
    if (agreed.empty()) agreed = named, where = scan.packages[id].repository_where;
  }
  repo.url = agreed;
  repo.url_where = where;
}

}  // namespace pubplan::detail::scan
