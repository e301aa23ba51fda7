// Release tools read for what they publish: changesets, Lerna and Lerna-Lite,
// Nx, Rush, beachball, release-plan, @ossjs/release, changelogen, napi-rs,
// auto, semantic-release and release-it.
#include <algorithm>
#include <set>

#include "scan/shell.hpp"
#include "scan/tool_command.hpp"

namespace pubplan::detail::scan {

namespace {

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

}  // namespace

void ToolCommand::read_release_tool(std::vector<Publish> &out) {
  Publish &p = p_;
  const auto has = [&](const char *word) { return std::find(rest_.begin(), rest_.end(), word) != rest_.end(); };
  if ((tool_ == "changeset" || tool_ == "changesets") && s1_ == "publish") {
    p.client = changeset_client(repo_), p.tool = "changeset publish", p.mode = Publish::Mode::recursive;
    out.push_back(p);
  } else if (tool_ == "lerna" && s1_ == "exec") {
    read_lerna_exec(out);
  } else if (tool_ == "lerna" && s1_ == "publish") {
    // Lerna-Lite installs the same `lerna` binary: the root manifest, or the
    // packages a runner installs for it (`pnpm dlx --package @lerna-lite/cli`),
    // say which it is.
    const std::string &w = words_[at_];
    const bool lite = w.starts_with("lerna-lite") || w.starts_with("@lerna-lite/") ||
                      std::any_of(words_.begin(), words_.begin() + static_cast<std::ptrdiff_t>(at_),
                                  [](const std::string &x) { return x.find("@lerna-lite/") != std::string::npos; }) ||
                      repo_.root_dependencies.count("@lerna-lite/publish") ||
                      repo_.root_dependencies.count("@lerna-lite/cli");
    p.client = lite ? "lerna-lite" : "lerna", p.tool = "lerna publish", p.mode = Publish::Mode::recursive;
    if (const auto version = w.find('@', 1); version != std::string::npos)
      p.client_version = w.substr(version + 1);  // npx lerna@9
    read_options(sub_ + 1);
    out.push_back(p);
  } else if (tool_ == "nx" && s1_ == "release" && has("publish")) {
    p.client = default_client(repo_), p.tool = "nx release publish", p.mode = Publish::Mode::recursive;
    read_options(sub_ + 1);
    out.push_back(p);
  } else if (tool_ == "rush" && s1_ == "publish" && (has("--publish") || has("-p")) && !has("--pack")) {
    // rush publish --publish runs npm publish for the projects rush.json
    // publishes (with --pack it writes tarballs instead).
    p.client = "npm", p.tool = "rush publish", p.mode = Publish::Mode::recursive;
    out.push_back(p);
  } else if (tool_ == "beachball" && s1_ == "publish" &&
             std::none_of(rest_.begin(), rest_.end(),
                          [](const std::string &x) { return x.starts_with("--pack-to-path"); })) {
    // beachball publish runs npm publish for each package it bumps (with
    // --pack-to-path it writes tarballs instead).
    p.client = "npm", p.tool = "beachball publish", p.mode = Publish::Mode::recursive;
    out.push_back(p);
  } else if (tool_ == "release-plan" && s1_ == "publish") {
    // release-plan publishes each package of its plan with pnpm where
    // pnpm-lock.yaml is, else npm; the plan may hold the workspace root.
    const bool pnpm = repo_.files && repo_.files->is_file(join_path(cwd_, "pnpm-lock.yaml"));
    p.client = pnpm ? "pnpm" : "npm", p.tool = "release-plan publish", p.mode = Publish::Mode::recursive;
    p.with_root = true;
    out.push_back(p);
  } else if (tool_ == "release" && s1_ == "publish" && repo_.root_dependencies.count("@ossjs/release") &&
             repo_.files) {
    read_ossjs_release(out);
  } else if (tool_ == "changelogen" && s1_ != "gh" && s1_ != "github") {
    read_changelogen(out);
  } else if (tool_ == "napi" && (s1_ == "pre-publish" || s1_ == "prepublish") && repo_.files &&
             !has("--skip-optional-publish")) {
    read_napi(out);
  } else if (tool_ == "auto" && (s1_ == "shipit" || s1_ == "latest" || s1_ == "next" || s1_ == "canary") &&
             auto_uploads_to_npm(cwd_, repo_)) {
    // auto's npm plugin publishes with `lerna publish` where lerna.json is,
    // else `npm publish` of the folder.
    const bool lerna = repo_.files && repo_.files->is_file(join_path(cwd_, "lerna.json"));
    p.client = lerna ? "lerna" : "npm", p.tool = "auto " + s1_;
    if (lerna) p.mode = Publish::Mode::recursive;
    else p.dir = cwd_;
    if (!has("--dry-run")) out.push_back(p);
  } else if ((tool_ == "semantic-release" || tool_ == "release-it") && uploads_to_npm(tool_, rest_, cwd_, repo_)) {
    p.client = "npm", p.tool = tool_;
    out.push_back(p);
  }
}

// `lerna exec [OPTIONS] -- COMMAND`: COMMAND in the folder of every package
// Lerna manages (--scope NAME: those named; --ignore NAME: not those), so a
// publish of the folder it runs in publishes each of them.
void ToolCommand::read_lerna_exec(std::vector<Publish> &out) {
  const auto dashes = std::find(rest_.begin() + static_cast<std::ptrdiff_t>(sub_) + 1, rest_.end(), "--");
  const auto command = dashes == rest_.end() ? rest_.begin() + static_cast<std::ptrdiff_t>(sub_) + 1 : dashes + 1;
  if (command == rest_.end()) return;
  const std::string inner = shell_join({command, rest_.end()});
  Publish selection = p_;
  selection.mode = Publish::Mode::recursive;
  for (auto k = rest_.begin() + static_cast<std::ptrdiff_t>(sub_) + 1; k < command; ++k) {
    const std::string key = k->substr(0, k->find('='));
    const bool inline_value = key.size() < k->size();
    if (key != "--scope" && key != "--ignore") continue;
    if (!inline_value && k + 1 >= command) break;
    const std::string value = inline_value ? k->substr(key.size() + 1) : *(k + 1);
    if (key == "--scope") {
      selection.mode = Publish::Mode::names;
      selection.names.push_back(value);
    } else {
      selection.excluded.push_back(value);
    }
    if (!inline_value) ++k;
  }
  for (Publish &q : follow_(inner, here_, cwd_)) {
    in_selected_workspaces(q, selection, cwd_);
    out.push_back(std::move(q));
  }
}

// @ossjs/release runs the `use` command of a profile of release.config.json
// (--profile NAME, else the one named latest, else the first).
void ToolCommand::read_ossjs_release(std::vector<Publish> &out) {
  std::string profile = "latest";
  for (std::size_t k = 0; k + 1 < rest_.size(); ++k)
    if (rest_[k] == "--profile") profile = rest_[k + 1];
  const std::string config = join_path(cwd_, "release.config.json");
  const auto doc = repo_.files->is_file(config) ? repo_.files->parse(config) : std::nullopt;
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
    for (auto &q : follow_(use->value, Where{repo_.files->display(config), use->line}, cwd_)) {
      q.tool += " in " + config;
      out.push_back(std::move(q));
    }
}

// changelogen --publish runs `npm publish --access public` in its folder
// (--dir); --nameSuffix X, or --canary X, renames the package NAME-X before (a
// suffix held in a variable: to what is not written).
void ToolCommand::read_changelogen(std::vector<Publish> &out) {
  Publish &p = p_;
  p.client = "npm", p.tool = "changelogen --publish", p.access_public = true;
  for (std::size_t k = 0; k < rest_.size(); ++k) {
    const std::string &o = rest_[k];
    const std::string key = o.substr(0, o.find('='));
    const bool inline_value = key.size() < o.size();
    const bool has_next = k + 1 < rest_.size() && !is_option(rest_[k + 1]);
    const std::string value = inline_value ? o.substr(key.size() + 1) : has_next ? rest_[k + 1] : "";
    if (key == "--dir" && !value.empty()) p.dir = join_path(cwd_, value);
    else if ((key == "--nameSuffix" || key == "--canary") && !value.empty()) p.rename_suffix = "-" + value;
    if ((key == "--dir" || key == "--nameSuffix" || key == "--canary" || key == "--publishTag") && !inline_value &&
        has_next)
      ++k;
  }
  if (p.rename_suffix.find('$') != std::string::npos) p.rename_suffix.clear(), p.mode = Publish::Mode::packed;
  // Without --publish it only renames (and bumps): a later `npm publish`
  // there publishes the renamed package.
  p.rename_only = std::find(rest_.begin(), rest_.end(), "--publish") == rest_.end();
  if (!p.rename_only || (!p.rename_suffix.empty() && p.mode == Publish::Mode::here)) out.push_back(p);
}

// napi pre-publish: the platform packages of the manifest it is given
// (--package-json-path, or CLI 2's --config when it names a package.json), in --cwd.
void ToolCommand::read_napi(std::vector<Publish> &out) {
  std::string dir = cwd_, manifest = "package.json";
  for (std::size_t k = 0; k < rest_.size(); ++k) {
    const std::string key = rest_[k].substr(0, rest_[k].find('='));
    const bool inline_value = key.size() < rest_[k].size();
    if (!inline_value && k + 1 >= rest_.size()) break;
    const std::string value = inline_value ? rest_[k].substr(key.size() + 1) : rest_[k + 1];
    if (key == "--cwd") dir = join_path(cwd_, value);
    else if (key == "--package-json-path" || ((key == "-c" || key == "--config") && value.ends_with("package.json")))
      manifest = value;
    else continue;
    if (!inline_value) ++k;
  }
  const std::string path = join_path(dir, manifest);
  const auto doc = repo_.files->is_file(path) ? repo_.files->parse(path) : std::nullopt;
  // The CLI the package installs itself, else the root's.
  std::string cli = doc ? str(at(at(&*doc, "devDependencies"), "@napi-rs/cli")) : "";
  if (cli.empty() && repo_.root_dependencies.count("@napi-rs/cli"))
    cli = repo_.root_dependencies.at("@napi-rs/cli").first;
  if (const auto platforms = doc ? napi_packages(*doc, cli) : std::nullopt) {
    p_.client = platforms->client, p_.tool = "napi pre-publish", p_.generated = platforms->names;
    p_.dir = path.find('/') == std::string::npos ? "" : path.substr(0, path.rfind('/'));
    out.push_back(p_);
  }
}

}  // namespace pubplan::detail::scan
