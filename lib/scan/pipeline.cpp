// What every CI reader shares once it has found a publishing job: the client
// and npm version on the publish path, and which packages the job publishes.
#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "format/bounded_regex.hpp"

#include "scan/scan_model.hpp"
#include "scan/shell.hpp"

namespace pubplan::detail::scan {

bool sets_npm_token(const std::string &text, const std::string &registry) {
  const std::size_t scheme = registry.find("://");
  const std::size_t from = scheme == std::string::npos ? 0 : scheme + 3;
  const std::string registry_host = registry.substr(from, registry.find_first_of("/:", from) - from);
  for (std::size_t at = text.find("_authToken"); at != std::string::npos; at = text.find("_authToken", at + 1)) {
    // The host of `//HOST/PATH/:_authToken` on the same line.
    const std::size_t line = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
    const std::size_t slashes = text.rfind("//", at);
    if (slashes == std::string::npos || slashes < line) return true;  // no host: the default registry's
    const std::size_t end = text.find_first_of("/:", slashes + 2);
    const std::string host = text.substr(slashes + 2, (end == std::string::npos || end > at ? at : end) - slashes - 2);
    if (host.empty() || host.find_first_of("${}") != std::string::npos || host == "registry.npmjs.org" ||
        host == registry_host)
      return true;
  }
  return false;
}

bool is_npm_registry(const std::string &url) {
  // Empty is the default; a value held in a variable is not known to be another.
  if (url.empty() || url.find('$') != std::string::npos) return true;
  std::string lower = url;
  for (char &c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string host = lower.substr(lower.find("//") == std::string::npos ? 0 : lower.find("//") + 2);
  const std::string path = host.find('/') == std::string::npos ? "" : host.substr(host.find('/'));
  host = host.substr(0, host.find_first_of("/:"));
  // Only registries known to keep what they are given: a registry of
  // another host may be a proxy that publishes to npm (Google's Wombat
  // Dressing Room is one), so it may still be a publish to npm.
  return !(host == "npm.pkg.github.com" || host == "localhost" || host == "127.0.0.1" ||
           host == "pkgs.dev.azure.com" || host.ends_with(".pkgs.visualstudio.com") || host.ends_with(".jfrog.io") ||
           (host.find(".codeartifact.") != std::string::npos && host.ends_with(".amazonaws.com")) ||
           (path.find("/api/v4/") != std::string::npos && path.find("/packages/npm") != std::string::npos));
}

bool attended_only(const std::vector<std::string> &triggers) {
  return !triggers.empty() && std::all_of(triggers.begin(), triggers.end(), [](const std::string &t) {
    return t == "workflow_dispatch" || t == "manual";
  });
}

namespace {

// The npm that @semantic-release/npm runs where package-lock.json pins it: the
// plugin's own copy, else the one installed at the root, which it then finds.
std::optional<Field> semantic_release_npm(const Repo &repo) {
  if (!repo.files || !repo.files->is_file("package-lock.json")) return std::nullopt;
  const auto lock = repo.files->parse("package-lock.json");
  const DocNode *installed = lock ? at(&*lock, "packages") : nullptr;
  if (!at(installed, "node_modules/@semantic-release/npm")) return std::nullopt;
  for (const char *path : {"node_modules/@semantic-release/npm/node_modules/npm", "node_modules/npm"})
    if (const DocNode *v = at(at(installed, path), "version"); v && v->is_scalar())
      if (auto n = normalize_npm_version(v->value); n && *n != "latest")
        return Field{*n, {repo.files->display("package-lock.json"), v->line}, ""};
  return std::nullopt;
}

// Whether shell text installs semantic-release or its npm plugin
// (`npm install semantic-release`, `npm i -g @semantic-release/npm@13`,
// `pnpm add`, `yarn add`); `line` gets the line of that command.
bool installs_semantic_release(const std::string &text, int *line) {
  for (const auto &[command, n] : commands(text)) {
    const std::vector<std::string> w = words(command);
    std::size_t i = 0;
    while (i < w.size() && is_assignment(w[i])) ++i;
    if (i + 1 >= w.size()) continue;
    const bool installs = ((w[i] == "npm" || w[i] == "bun") && (w[i + 1] == "install" || w[i + 1] == "i" ||
                                                               w[i + 1] == "add")) ||
                          ((w[i] == "pnpm" || w[i] == "yarn") && w[i + 1] == "add");
    if (!installs) continue;
    for (std::size_t k = i + 2; k < w.size(); ++k) {
      const std::string name = w[k].substr(0, w[k].find('@', w[k].starts_with("@") ? 1 : 0));
      if (name == "semantic-release" || name == "@semantic-release/npm") {
        if (line) *line = n;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void finish_pipeline(Pipeline &p, const Repo &repo, const Scan &) {
  if (p.publishes.empty()) return;
  const Publish &first = p.publishes.front();
  p.client = {first.client, first.where, ""};
  // One job that uploads with two clients (napi pre-publish's npm, then pnpm
  // publish) has no one client: the facts of each may hold.
  for (const Publish &other : p.publishes)
    if (other.client != first.client) {
      p.client = {"", first.where,
                  fmt::format("the job publishes with {} ({}) and with {} ({})", first.client, first.where.text(),
                              other.client, other.where.text())};
      break;
    }
  const std::string pm_prefix = first.client + "@";
  // A release tool that publishes itself: the package that installs it.
  const char *tool_package = first.client == "lerna" ? "lerna" : first.client == "lerna-lite" ? "@lerna-lite/publish" : "";
  auto declared = repo.root_dependencies.find(tool_package);
  if (first.client == "lerna-lite" && declared == repo.root_dependencies.end())
    declared = repo.root_dependencies.find("@lerna-lite/cli");
  if (!first.client_version.empty()) {
    auto v = normalize_npm_version(first.client_version);
    p.client_version = {v && *v != "latest" ? *v : "", first.where,
                        first.client == "yarn"   ? "yarn publish exists only in Yarn classic (1.x)"
                        : v && *v != "latest" ? "" : "the command runs the tool's latest version"};
  } else if (repo.package_manager.starts_with(pm_prefix)) {
    std::string v = repo.package_manager.substr(pm_prefix.size());
    v = v.substr(0, v.find('+'));  // packageManager may carry a hash: pnpm@10.4.0+sha512...
    if (auto n = normalize_npm_version(v); n && *n != "latest")
      p.client_version = {*n, repo.package_manager_where, ""};
  } else if (*tool_package && declared != repo.root_dependencies.end()) {
    auto n = normalize_npm_version(declared->second.first);
    p.client_version = {n && *n != "latest" ? *n : "", declared->second.second,
                        n && *n != "latest" ? "the range the root package.json declares"
                                            : "the root package.json declares a version the scan cannot read"};
  }
  if (!first.npm_version.empty()) {
    // The command runs its own npm (`npx npm@4 publish`).
    auto v = normalize_npm_version(first.npm_version);
    p.npm = {v && *v != "latest" ? *v : "", first.where, v && *v != "latest" ? "" : "the publish command runs npm@latest"};
    p.npm_upgraded = true;
  } else if (first.tool.starts_with("semantic-release")) {
    // Its npm plugin publishes with the npm it depends on, not the job's.
    p.npm = {"", first.where, "semantic-release publishes with the npm its @semantic-release/npm plugin installs"};
    if (!p.release_tool_installed.file.empty())
      p.npm = {"", p.release_tool_installed,
               "the job installs semantic-release itself: which npm its npm plugin brings is not in the checkout"};
    else if (auto locked = semantic_release_npm(repo))
      p.npm = *locked;
    p.npm_upgraded = true;
  }
  if (!p.client_version.known() && first.client == "pnpm" && p.pnpm_setup.known())
    p.client_version = p.pnpm_setup;  // the pnpm the setup step installs
  if (!p.client_version.known() && first.client != "npm" && p.client_version.why.empty())
    p.client_version.why = *tool_package ? "the root package.json does not declare this tool"
                                         : "no packageManager names this client's version";
  // packageManager's npm runs only where a step puts it in place: setup-node
  // reads the field for its cache alone.
  if (!p.npm.known() && !p.npm_upgraded && p.package_manager_npm.line > 0 && repo.package_manager.starts_with("npm@")) {
    std::string v = repo.package_manager.substr(4);
    if (auto n = normalize_npm_version(v.substr(0, v.find('+'))))
      p.npm = {*n, repo.package_manager_where,
               fmt::format("packageManager pins npm, which a step puts in place ({})", p.package_manager_npm.text())};
  }
  if (!p.node.known() && p.node.why.empty())
    p.node.why = "nothing the scan reads says which Node runs the job (no setup step, image or version file)";
  if (!p.npm.known() && !p.npm_upgraded && p.node.known())
    if (auto b = bundled_npm(p.node.value))
      p.npm = {*b, p.node.where, fmt::format("the npm that Node {} bundles: no step upgrades npm", p.node.value)};
  if (!p.npm.known() && p.npm.why.empty())
    p.npm.why = p.npm_upgraded ? "npm is upgraded to a version the scan cannot read"
                               : "no step upgrades npm and the Node version does not tell which npm it bundles";
  if (first.client == "npm") p.client_version = {};  // the npm key says it
}

namespace {

// Words of release steps and tools: a line with one that publishes nothing
// the scan recognises is worth naming. A folder of a path (`target/release/`,
// a `release/1.0` branch) is no such word.
const std::regex &release_words() {
  static const std::regex re(
      R"((^|[^A-Za-z0-9_-])(publish|release|semantic-release|release-it|changeset|changesets|lerna|beachball|np|ship|deploy-npm|npm-publish)([^A-Za-z0-9_/]|$))",
      std::regex::icase);
  return re;
}

std::string first_line(const std::string &text) {
  std::string line = text.substr(0, text.find('\n'));
  line.erase(0, line.find_first_not_of(" \t"));
  if (line.size() > 80) line = line.substr(0, 77) + "...";
  return line;
}

}  // namespace

void read_command(Pipeline &p, const std::string &text, const Where &where, const Repo &repo, const Scan &scan) {
  if (p.publishes.empty() && installs_package_manager_npm(text)) p.package_manager_npm = where;
  if (int line = 0; p.publishes.empty() && p.release_tool_installed.file.empty() &&
                    installs_semantic_release(text, &line))
    p.release_tool_installed = {where.file, where.line + line};
  auto found = find_publishes(text, where, repo, scan);
  if (found.empty()) {
    // Name the first command that reads like releasing, where it is; a
    // comment or a printed message says so without doing it.
    for (auto [command, n] : commands(text)) {
      // A shell `case` label (`release)`) names a value, not a command.
      const std::size_t word = command.find_first_not_of(" \t");
      const std::size_t end = word == std::string::npos ? word : command.find_first_of(" \t", word);
      const std::string first = word == std::string::npos ? "" : command.substr(word, end - word);
      if (first.size() > 1 && first.back() == ')' && first.find('(') == std::string::npos && first[0] != '$')
        command = end == std::string::npos ? "" : command.substr(end);
      if (!prints_a_message(command) && regex_search_bounded(command, release_words())) {
        Where at{where.file, where.line + n};
        if (const std::string tool = other_registry_tool(command); !tool.empty())
          p.unfollowed.push_back(fmt::format("`{}` ({}) publishes with {} to another registry, not npm's",
                                             first_line(command), at.text(), tool));
        else
          p.unfollowed.push_back(fmt::format("`{}` ({}) runs no publish command the scan can follow",
                                             first_line(command), at.text()));
        break;
      }
    }
  }
  for (auto &pub : found) {
    if (pub.rename_only) p.renames.push_back({pub.dir, pub.rename_suffix, p.publishes.size()});
    else p.publishes.push_back(std::move(pub));
  }
}

void note_action(Pipeline &p, const std::string &uses, const Where &where) {
  if (uses.empty() || uses.starts_with("actions/")) return;
  if (uses.starts_with("./") || uses.starts_with("$/"))
    p.unfollowed.push_back(fmt::format("the local action `{}` ({}) is not followed", uses, where.text()));
  else if (regex_search_bounded(uses, release_words()))
    p.unfollowed.push_back(fmt::format("the action `{}` ({}) may publish; the scan does not read actions",
                                       uses, where.text()));
}

void note_candidate(Scan &scan, const Pipeline &p, const std::string &job_name) {
  Candidate c{p.repo, p.name, p.where, {}, p.unfollowed};
  if (p.oidc_declared) c.evidence.push_back(fmt::format("an OIDC token ({})", p.oidc_where.text())), c.weight += 1;
  if (p.token) c.evidence.push_back(fmt::format("an npm token ({})", p.token_where.text())), c.weight += 1;
  if (regex_search_bounded(job_name, release_words()))
    c.evidence.push_back("a name that says it releases"), c.weight += 1;
  if (!c.unfollowed.empty()) c.weight += 1;
  if (!c.evidence.empty() || !c.unfollowed.empty()) scan.candidates.push_back(std::move(c));
}

void hand_elsewhere(Pipeline &p, const std::string &what, const Where &where, const Repo &repo, const Scan &scan) {
  p.elsewhere = fmt::format("{} ({}), which the checkout does not hold", what, where.text());
  Publish handed;
  handed.mode = Publish::Mode::packed;
  handed.tool = what;
  handed.where = where;
  p.publishes = {handed};
  const std::string why = "set in " + p.elsewhere;
  for (Field *f : {&p.runner, &p.node, &p.unattended})
    if (!f->known()) f->why = why;
  finish_pipeline(p, repo, scan);
  p.client = {"", p.where, why};
  p.client_version = {};
  p.npm = {"", p.where, why};
}

namespace {

int package_containing(const Scan &scan, const Repo &repo, const std::string &dir) {
  int best = -1;
  std::size_t best_len = 0;
  for (int id : repo.packages) {
    const std::string &d = scan.packages[id].dir;
    bool contains = d.empty() || dir == d || dir.starts_with(d + "/");
    if (contains && (best < 0 || d.size() > best_len)) best = id, best_len = d.size();
  }
  return best;
}

// Whether a workspace tool's publish of every workspace reaches `pkg`. Most
// tools are read as seeing every list; changesets finds packages as
// @manypkg/get-packages does, from the first list of package.json
// `workspaces`, pnpm-workspace.yaml and lerna.json the repository has.
bool seen_by(const Publish &pub, const Repo &repo, const Package &pkg) {
  if (repo.workspace_lists == 0 || pub.tool != "changeset publish") return true;
  for (unsigned list : {manifest_list, pnpm_list, lerna_list})
    if (repo.workspace_lists & list) return (pkg.listed_in & list) != 0;
  return true;
}

// `pre{a,b}post` -> pre a post, pre b post (one group, no nesting: a loop's
// values); anything else is its own one alternative.
std::vector<std::string> brace_alternatives(const std::string &pattern) {
  const std::size_t open = pattern.find('{'), close = pattern.find('}');
  if (open == std::string::npos || close == std::string::npos || close < open ||
      pattern.find('{', open + 1) < close || pattern.find('{', close) != std::string::npos)
    return {pattern};
  std::vector<std::string> out;
  for (std::size_t from = open + 1;;) {
    const std::size_t comma = std::min(pattern.find(',', from), close);
    out.push_back(pattern.substr(0, open) + pattern.substr(from, comma - from) + pattern.substr(close + 1));
    if (comma == close) break;
    from = comma + 1;
  }
  return out;
}

// The package `name` that the tool publishing at `where` makes from package
// `id` (renamed, or generated from it): the checkout has no manifest of it.
int derived(Scan &scan, Repo &repo, int id, const std::string &name, const Where &where) {
  for (int k : repo.packages)
    if (scan.packages[k].name == name) return k;
  Package copy = scan.packages[id];
  copy.name = name;
  copy.where = where;
  copy.published_by.clear();
  copy.targeted_by.clear();
  copy.published_where = {};
  copy.current = {};
  scan.packages.push_back(std::move(copy));
  repo.packages.push_back(static_cast<int>(scan.packages.size()) - 1);
  return repo.packages.back();
}

}  // namespace

void resolve_targets(Scan &scan) {
  std::vector<bool> elsewhere(scan.pipelines.size(), false);  // every package it publishes goes to another registry
  for (std::size_t pi = 0; pi < scan.pipelines.size(); ++pi) {
    Pipeline &p = scan.pipelines[pi];
    Repo &repo = scan.repos[p.repo];
    std::vector<int> targets;
    bool to_other_registry = false;
    for (std::size_t k = 0; k < p.publishes.size(); ++k) {
      const Publish &pub = p.publishes[k];
      std::string rename_suffix = pub.rename_suffix;
      for (const auto &r : p.renames)  // renamed by an earlier step, in the folder it publishes
        if (r.from <= k && rename_suffix.empty() && pub.mode == Publish::Mode::here && pub.dir == r.dir)
          rename_suffix = r.suffix;
      std::vector<int> these;
      bool explicit_target = true;
      switch (pub.mode) {
        case Publish::Mode::recursive:
          // Workspace tools publish the workspaces, not the root that holds them.
          explicit_target = false;
          for (int id : repo.packages)
            if (scan.packages[id].publishable() && !(repo.workspaces && id == repo.root_package && !pub.with_root) &&
                seen_by(pub, repo, scan.packages[id]))
              these.push_back(id);
          break;
        case Publish::Mode::here:
          if (int id = package_containing(scan, repo, pub.dir); id >= 0) {
            these.push_back(id);
            // A folder inside the package without a manifest of its own
            // (`cd dist && npm publish`): the build writes the manifest npm
            // reads there, so the committed one's `private` is not it.
            explicit_target = scan.packages[id].dir == pub.dir;
          }
          break;
        case Publish::Mode::dirs: {
          // An alternative without a wildcard (a loop's value, `{a,b}`) names
          // its directory as a path does: a private package there is published
          // all the same (scan.private-published); a wildcard matches only
          // packages that can be published.
          for (const std::string &alternative : brace_alternatives(pub.dir)) {
            const bool literal = alternative.find_first_of("*?[{") == std::string::npos;
            for (int id : repo.packages)
              if (literal ? scan.packages[id].dir == alternative
                          : scan.packages[id].publishable() && glob_match(alternative, scan.packages[id].dir))
                if (std::find(these.begin(), these.end(), id) == these.end()) these.push_back(id);
          }
          // Folders a condition of the loop keeps from the publish.
          const bool matched = !these.empty();
          std::erase_if(these, [&](int id) {
            return std::find(pub.excluded_dirs.begin(), pub.excluded_dirs.end(), scan.packages[id].dir) !=
                   pub.excluded_dirs.end();
          });
          if (matched) break;
          // No package the scan knows is there: directories the build makes,
          // or packages no workspace lists. The package around them when it
          // is publishable (a build's output inside it), else none it knows.
          const std::string fixed = pub.dir.substr(0, pub.dir.find_first_of("*?[{"));
          const std::size_t slash = fixed.rfind('/');
          const int id = package_containing(scan, repo, slash == std::string::npos ? "" : fixed.substr(0, slash));
          if (id >= 0 && scan.packages[id].publishable()) these.push_back(id);
          break;
        }
        case Publish::Mode::packed:
          if (int id = package_containing(scan, repo, pub.dir); id >= 0 && scan.packages[id].publishable()) {
            these.push_back(id);
          } else {
            explicit_target = false;
            for (int k : repo.packages)
              if (scan.packages[k].publishable() && !(repo.workspaces && k == repo.root_package)) these.push_back(k);
          }
          break;
        case Publish::Mode::names:
          for (int id : repo.packages)
            for (const auto &n : pub.names)
              if (glob_match(n, scan.packages[id].name) || n == scan.packages[id].name) {
                these.push_back(id);
                break;
              }
          break;
      }
      std::erase_if(these, [&](int id) {
        const std::string &name = scan.packages[id].name;
        return std::any_of(pub.excluded.begin(), pub.excluded.end(),
                           [&](const std::string &n) { return n == name || glob_match(n, name); });
      });
      // Where each goes: --registry, else its publishConfig.registry, else the
      // job's configured registry (for its scope, when one is given); a
      // package that goes to another registry is not published to npm here.
      std::erase_if(these, [&](int id) {
        const Package &pkg = scan.packages[id];
        std::string registry = pub.registry.empty() ? pkg.publish_registry : pub.registry;
        if (registry.empty() && (p.registry_scope.empty() || pkg.name.starts_with(p.registry_scope + "/")))
          registry = p.registry;
        const bool other = !is_npm_registry(registry);
        to_other_registry |= other;
        return other;
      });
      if (!rename_suffix.empty())
        for (int &id : these) id = derived(scan, repo, id, scan.packages[id].name + rename_suffix, pub.where);
      if (!pub.generated.empty() && these.size() == 1) {
        const int from = these.front();
        these.clear();
        for (const std::string &name : pub.generated) these.push_back(derived(scan, repo, from, name, pub.where));
      }
      for (int id : these) {
        Package &pkg = scan.packages[id];
        if (explicit_target) pkg.targeted_by.insert(static_cast<int>(pi));
        if (pkg.published_where.file.empty()) pkg.published_where = pub.where;
        if (pub.access_public && !pkg.access.known())
          pkg.access = {"public", pub.where, "published with --access public"};
        if (std::find(targets.begin(), targets.end(), id) == targets.end()) targets.push_back(id);
      }
    }
    std::sort(targets.begin(), targets.end());
    p.packages = targets;
    elsewhere[pi] = targets.empty() && to_other_registry;
    for (int id : targets) scan.packages[id].published_by.push_back(static_cast<int>(pi));
  }
  // A job that publishes only to another registry is no npm publisher: gone,
  // and the pipelines after it renumbered (none of its packages names it).
  if (std::find(elsewhere.begin(), elsewhere.end(), true) != elsewhere.end()) {
    std::vector<int> renumbered(scan.pipelines.size(), -1);
    std::vector<Pipeline> kept;
    for (std::size_t pi = 0; pi < scan.pipelines.size(); ++pi)
      if (!elsewhere[pi]) {
        renumbered[pi] = static_cast<int>(kept.size());
        kept.push_back(std::move(scan.pipelines[pi]));
      }
    scan.pipelines = std::move(kept);
    for (Package &pkg : scan.packages) {
      for (int &id : pkg.published_by) id = renumbered[id];
      std::set<int> targeted;
      for (int id : pkg.targeted_by) targeted.insert(renumbered[id]);
      pkg.targeted_by = std::move(targeted);
    }
  }
  // A workspace the repository's release tool does not see, because it reads
  // another list (astro's benchmark projects, listed for pnpm only), is there
  // to be installed, not published, unless some job publishes it anyway.
  for (const Pipeline &p : scan.pipelines)
    for (const Publish &pub : p.publishes) {
      if (pub.mode != Publish::Mode::recursive) continue;
      const Repo &repo = scan.repos[p.repo];
      for (int id : repo.packages) {
        Package &pkg = scan.packages[id];
        if (pkg.publishable() && pkg.published_by.empty() && id != repo.root_package && !seen_by(pub, repo, pkg))
          pkg.example_why = fmt::format("{} does not see it (not in the workspace list it reads)", pub.tool);
      }
    }
}

}  // namespace pubplan::detail::scan
