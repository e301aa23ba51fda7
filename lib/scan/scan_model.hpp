// What a scan gathers before it writes the topology: repositories, packages and
// publishing pipelines, each fact with the FILE:LINE it came from, or unknown
// with the reason why. Shared by the files of lib/scan/.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "format/document.hpp"
#include "pubplan/scan.hpp"

namespace pubplan::detail::scan {

// A place in a scanned file: the path as the scan names it, and a line.
struct Where {
  std::string file;
  int line = 0;
  std::string text() const { return file + ":" + std::to_string(line > 0 ? line : 1); }
};

// A fact of the topology: its YAML value (empty = unknown), where it was read,
// and, when unknown or derived, a comment saying why.
struct Field {
  std::string value;
  Where where;
  std::string why;
  bool known() const { return !value.empty(); }
};

// Reads files under one root: bounded sizes, no symbolic links out of the root,
// problems recorded as warnings.
class Files {
 public:
  Files(std::string root_as_given, const ScanOptions &options, std::vector<Diagnostic> &warnings);
  bool ok() const { return ok_; }
  // "ROOT/REL" as the scan prints it (just REL when the root is ".").
  std::string display(const std::string &rel) const;
  bool is_file(const std::string &rel) const;
  bool is_dir(const std::string &rel) const;
  // Directory entries (names) of rel, sorted; symbolic links that leave the root are skipped.
  std::vector<std::string> list(const std::string &rel) const;
  std::optional<std::string> read(const std::string &rel) const;
  // Walks the tree under `dir`, at most `depth` levels down and `budget`
  // entries in all: `visit(rel, name, is_dir)` sees each entry; a directory is
  // entered when it returns true. node_modules and .git are skipped.
  void walk(const std::string &dir, int depth, std::size_t &budget,
            const std::function<bool(const std::string &rel, const std::string &name, bool is_dir)> &visit) const;
  // Whether some file of the checkout holds `word` as a whole word on a line
  // `ignored(rel, line)` does not set aside; nullopt when the checkout is too
  // large to tell or a file could not be read. Markdown is not searched (it
  // does not run). No warnings: a file it cannot read only makes it unsure.
  std::optional<bool> mentions(const std::string &word,
                               const std::function<bool(const std::string &rel, int line)> &ignored) const;
  // A YAML or JSON file as a positioned tree; nullopt (with a warning) when broken.
  std::optional<DocNode> parse(const std::string &rel) const;
  void warn(const std::string &rel, int line, int column, std::string message) const;
  const std::string &root() const { return root_; }
  void progress(const std::string &line) const {
    if (options_.progress) options_.progress(line);
  }

 private:
  bool inside(const std::string &rel) const;
  std::string root_;      // as given
  std::string canonical_; // resolved
  const ScanOptions &options_;
  std::vector<Diagnostic> &warnings_;
  bool ok_ = false;
};

// Where a workspace folder is listed: the root package.json's `workspaces`
// (npm, Yarn, Bun), pnpm-workspace.yaml, lerna.json's `packages`.
enum WorkspaceList : unsigned { manifest_list = 1, pnpm_list = 2, lerna_list = 4 };

struct Package {
  std::string name;
  std::string dir;          // relative to the root; "" for the root package
  std::string manifest;     // relative path of its package.json
  Where where;              // the "name" line
  bool is_private = false;
  Where private_where;
  // Not published unless a pipeline names it: a manifest without a version
  // (npm publishes none), or one under a directory of tests or examples.
  std::string example_why;
  bool declares_contents = false;  // an entry point or a files list: something to publish
  // Only what a pipeline names is published (a recursive publish skips it).
  bool publishable() const { return !is_private && example_why.empty(); }
  Field access;
  Field exists;                // from the registry (scan --registry), else unknown
  Field current;               // how it is published today: a strategy id, or unknown with why
  std::string repository_url;  // as written
  Where repository_where;
  std::string repository_directory;
  std::vector<std::string> deps;  // names of dependencies of every kind
  std::vector<std::string> local_deps;  // folders it installs through file: or link:, relative to the checkout
  std::map<std::string, std::string> scripts;
  std::map<std::string, Where> script_where;
  std::string publish_registry;   // publishConfig.registry: where npm publishes it, whatever is configured
  std::optional<bool> provenance;  // publishConfig.provenance
  Where provenance_where;
  std::vector<int> published_by;  // pipeline indices
  Where published_where;          // the first publish command that targets it
  std::set<int> targeted_by;      // pipelines whose publish step names this package itself
  // Which workspace lists name its folder (WorkspaceList bits): tools that
  // read only one list see only its packages.
  unsigned listed_in = 0;
};

// One publish command found in a step or script line.
struct Publish {
  // packed: a tarball or a path held in a variable, so which package is not
  // written: the package of `dir` when it is publishable, else every one.
  // here: the package at `dir`; recursive: every workspace; names: `names`;
  // packed: a tarball or a directory the text does not name (the package
  // containing `dir`, else every one); dirs: the packages whose directory
  // matches the glob `dir`.
  enum class Mode { here, recursive, names, packed, dirs } mode = Mode::here;
  std::string client;          // npm | pnpm | yarn | bun | other
  std::string client_version;  // when the command itself fixes it (yarn classic: "1")
  std::string dir;             // Mode::here: directory relative to the root (dirs: a glob)
  std::vector<std::string> names;  // Mode::names: names or globs
  std::vector<std::string> excluded;  // names or globs left out (pnpm's --filter=!NAME)
  std::vector<std::string> excluded_dirs;  // folders a loop's condition keeps it from (loop_guards.hpp)
  bool access_public = false;  // --access public
  std::string tool;            // what publishes: "npm publish", "changeset publish", ...
  std::string npm_version;     // `npx npm@4 publish`: the npm the command itself runs
  bool local_registry = false; // --registry http://localhost:...: a test registry, not npm
  std::string registry;        // --registry URL: where it publishes instead of the configured registry
  bool staged = false;         // `npm stage publish`: a maintainer approves the version
  // Whether it asks for provenance (`--provenance`, `--no-provenance`,
  // NPM_CONFIG_PROVENANCE in its environment); unset when it does not say.
  std::optional<bool> provenance;
  std::string rename_suffix;   // the tool renames the package NAME+suffix first (changelogen --canary X: "-X")
  bool rename_only = false;    // it only renames the package at `dir` (changelogen --canary X without --publish)
  bool with_root = false;      // recursive: the workspace root is one of the projects (pnpm -r)
  // Packages the tool makes from the package at `dir` and publishes instead of
  // it (napi pre-publish's platform packages): their names.
  std::vector<std::string> generated;
  Where where;
};

struct Pipeline {
  std::string name;
  int repo = 0;
  std::string provider;
  std::string file;            // the file npm's trusted publisher names (caller workflow)
  Where where;                 // the job
  Field runner, node, npm, unattended, environment, client, client_version;
  std::vector<Publish> publishes;
  // Packages the job renames before a later step publishes them: the package
  // at `dir` is published as NAME+suffix by the publishes from index `from` on.
  struct Rename {
    std::string dir, suffix;
    std::size_t from = 0;
  };
  std::vector<Rename> renames;
  // The registry setup-node configures (`registry-url`), for `scope`'s
  // packages only when one is given: where a publish without --registry goes.
  std::string registry, registry_scope;
  // Evidence for the findings.
  bool oidc_npm = false;       // id-token: write (not for a cloud login) / npm id_tokens / circleci oidc
  bool oidc_declared = false;  // id-token: write or id_tokens at all
  Where oidc_where;
  bool oidc_other = false;     // used for a cloud login or another audience
  Where oidc_other_where;
  std::string oidc_other_what;
  std::vector<Where> oidc_missing;  // workflows (caller / callee) without id-token: write
  bool token = false;          // NODE_AUTH_TOKEN / NPM_TOKEN / _authToken from a secret
  // With an OIDC token for npm: the catalog rule by which no trusted publishing
  // can work with what the pipeline shows of its client and runner (npm 10
  // cannot exchange the token, which then serves provenance only); empty when
  // it may work (judge_oidc).
  std::string oidc_unusable;
  Where token_where;
  // Token variables a step is given that nothing reads (not npm, which reads
  // a token only through an .npmrc, nor the step, its publish or any file of
  // the checkout): no credential, and left out of `token`. Name and where set.
  std::vector<std::pair<std::string, Where>> unread_tokens;
  bool npm_upgraded = false;
  // Where a step puts packageManager's npm in place (line 0: none does).
  Where package_manager_npm;
  Field pnpm_setup;            // the pnpm a setup step installs (pnpm/action-setup `version`)
  // A step before the publish installs semantic-release or its npm plugin
  // (`npm install semantic-release --no-save`): the lockfile's npm is not
  // the one that publishes.
  Where release_tool_installed;
  std::vector<int> packages;
  // Steps that look like releasing but led to no publish command the scan
  // recognises, each with why (for scan.publisher-not-found).
  std::vector<std::string> unfollowed;
  // Where publishing is handed to what the checkout does not hold (a template
  // of another repository): the pipeline's facts are there.
  std::string elsewhere;
};

// A job that looks like it publishes (an OIDC token, an npm token, a release
// step or name) in which the scan recognised no publish command.
struct Candidate {
  int repo = 0;
  std::string job;                    // as a pipeline would be named
  Where where;
  std::vector<std::string> evidence;  // what made it look like publishing
  std::vector<std::string> unfollowed;
  // How many kinds of evidence it has (an OIDC token, an npm token, a name,
  // a step it could not follow): the finding is anchored at the first with
  // the most.
  int weight = 0;
};

struct Repo {
  std::string root;     // as given
  const Files *files = nullptr;  // its checkout, for the scripts a command runs
  std::map<std::string, std::string> root_scripts;  // of the root package.json, named or not
  std::string name;
  Field host;
  std::string url;      // normalised host/owner/name of the remote or root manifest, "" unknown
  Where url_where;
  std::string package_manager;  // root packageManager, e.g. "pnpm@10.4.0"
  Where package_manager_where;
  std::string lockfile_client;  // client implied by a lockfile
  // The root manifest's dependencies and devDependencies: the version range of
  // each, where it is written (which release tool a command runs, and which version).
  std::map<std::string, std::pair<std::string, Where>> root_dependencies;
  bool workspaces = false;
  unsigned workspace_lists = 0;  // WorkspaceList bits: the lists the repository has
  std::vector<int> packages;    // indices into Scan::packages
  int root_package = -1;
  Where npmrc_token;            // a committed .npmrc line with _authToken (line 0: none)
  std::string changeset_access; // .changeset/config.json "access"
  Where changeset_where;
};

struct Scan {
  std::vector<Repo> repos;
  std::vector<Package> packages;
  std::vector<Pipeline> pipelines;
  std::vector<Candidate> candidates;
  std::vector<Finding> findings;
};

// DocNode access for files that follow no schema of ours.
inline const DocNode *at(const DocNode *map, const char *key) {
  if (!map || !map->is_map()) return nullptr;
  for (const auto &[k, v] : map->entries)
    if (k.is_scalar() && k.value == key) return &v;
  return nullptr;
}
inline std::string str(const DocNode *n) { return n && n->is_scalar() ? n->value : std::string(); }
inline int line_of(const DocNode *n) { return n ? n->line : 0; }
// First line of a scalar's text in its file (block scalars start below `|`).
inline int text_line(const DocNode *n) {
  if (!n) return 0;
  return n->value.find('\n') != std::string::npos && !n->plain ? n->line + 1 : n->line;
}
// A scalar or a list of scalars, as a list.
inline std::vector<std::string> strings(const DocNode *n) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n->is_scalar()) out.push_back(n->value);
  for (const auto &i : n->items)
    if (i.is_scalar()) out.push_back(i.value);
  return out;
}

// glob.cpp
bool glob_match(std::string_view pattern, std::string_view path);

// versions.cpp
std::optional<std::string> normalize_node_version(std::string raw);
std::optional<std::string> node_from_image(const std::string &image);
std::optional<std::string> bundled_npm(const std::string &node);
std::optional<Field> node_in_version_file(const Files &files, const std::string &file, bool dev_engines = false);
std::optional<Field> node_in_dev_engines(const Files &files, const std::string &manifest);
std::optional<std::string> normalize_npm_version(std::string raw);
// The npm version an upgrade command installs ("npm i -g npm@11" -> "11"; no version: "latest"),
// with `line` set to the line of the script it is on.
std::optional<std::string> npm_upgrade_in(const std::string &script, int *line = nullptr);
// Whether the script puts the npm packageManager names in place (`corepack enable npm`, or a
// global npm install of what packageManager names).
bool installs_package_manager_npm(const std::string &script);

// commands.cpp: publish commands in shell text and in what it runs (package.json
// scripts, release scripts, Makefiles, Dockerfiles).
// `script_dir`: the directory of the script file the text comes from, where
// `"$DIR/other-script"` is looked for. `args`: a shell script's positional
// parameters as its caller wrote them (`$1`, `"$@"`, after any `shift`).
std::vector<Publish> find_publishes(const std::string &script, const Where &where, const Repo &repo,
                                    const Scan &scan, std::string cwd = "", int depth = 0,
                                    const std::string &script_dir = "", std::vector<std::string> args = {});
// The client a repository's packageManager or lockfile names, npm by default.
std::string default_client(const Repo &repo);
// shell.cpp (the rest of it in shell.hpp).
// Shell text -> simple commands (split at newlines, ;, &&, || and |, comments
// dropped), each with the line (from 0) it starts on.
std::vector<std::pair<std::string, int>> commands(const std::string &script);
// Whether a simple command only prints (echo, printf, a workflow command).
bool prints_a_message(const std::string &command);
std::string shell_join(const std::vector<std::string> &words);  // quoted where a word holds a blank
// JavaScript and TypeScript release scripts (javascript.cpp).
std::string without_comments(const std::string &text);
std::string commands_in_script(const std::string &source, bool javascript, const std::string &script_dir = "");
std::string url_identity(const std::string &url);  // "github.com/acme/web" or ""
std::string host_of(const std::string &identity);

// workspace.cpp
// The directory of tests, fixtures, examples or documentation `rel` is inside
// (tests, examples, docs, X-tests, ...): what lives there is not published.
std::optional<std::string> example_dir_in(const std::string &rel);
void scan_workspace(const Files &files, int repo, Scan &scan);
void scan_git_remote(const Files &files, Repo &repo);

// ci/github.cpp, ci/gitlab.cpp, ci/circleci.cpp, ci/other.cpp
void scan_github(const Files &files, int repo, Scan &scan);
void scan_gitlab(const Files &files, int repo, Scan &scan);
void scan_circleci(const Files &files, int repo, Scan &scan);
void scan_other_ci(const Files &files, int repo, Scan &scan);
void scan_azure(const Files &files, int repo, Scan &scan);
void scan_kokoro(const Files &files, int repo, Scan &scan);

// pipeline.cpp: what the CI readers share.
void finish_pipeline(Pipeline &p, const Repo &repo, const Scan &scan);
// The publish commands of one command text into p; a release-like line that
// has none is noted as unfollowed.
void read_command(Pipeline &p, const std::string &text, const Where &where, const Repo &repo, const Scan &scan);
// The tool a command runs when it publishes to another registry or a preview
// service (`npx pkg-pr-new publish`, `jsr publish`, not `cargo bench`): its
// binary, else "".
std::string other_registry_tool(const std::string &command);
// A step that hands the job to an action (GitHub `uses:`): the scan does not read actions.
void note_action(Pipeline &p, const std::string &uses, const Where &where);
// A job in which no publish command was found: a candidate when something
// about it looks like publishing. `job_name` is its id or display name.
void note_candidate(Scan &scan, const Pipeline &p, const std::string &job_name);
// p hands publishing to `what` (a workflow, template or include of another
// repository, at `where`): it publishes every package, and each fact not read
// from the caller (runner, Node, npm, client, ...) is unknown, set there.
void hand_elsewhere(Pipeline &p, const std::string &what, const Where &where, const Repo &repo, const Scan &scan);
void resolve_targets(Scan &scan);
// Whether a publish to this registry URL may reach npm: false only for
// registries known to keep packages themselves (GitHub Packages, GitLab's,
// Azure Artifacts, JFrog, CodeArtifact, a local one); empty is the default.
bool is_npm_registry(const std::string &url);
// Whether shell text sets an npm token a publish may use: an `_authToken` for
// npm's registry, for `registry` (the one the job configures), for a host the
// text computes, or with no host. A token for another named host (a
// read-only mirror for installs) is not one.
bool sets_npm_token(const std::string &text, const std::string &registry);

// napi.cpp: the platform packages napi-rs's `napi pre-publish` publishes for
// a manifest with a `napi` configuration (nothing without targets), given the
// range of @napi-rs/cli the repository depends on (its major names the fields).
struct NapiPackages {
  std::vector<std::string> names;  // PACKAGE-PLATFORM, one per target
  std::string client;              // napi.npmClient, npm by default
};
std::string napi_platform(const std::string &triple);
std::optional<NapiPackages> napi_packages(const DocNode &manifest, const std::string &cli_range);
bool attended_only(const std::vector<std::string> &triggers);

// findings.cpp: what the scan saw, read against the catalog's rules.
// Pipeline::oidc_unusable, from the catalog's rules in force.
void judge_oidc(Scan &scan, const CatalogModel &catalog);
void find_problems(Scan &scan, const CatalogModel &catalog);
// Each published package's `current`: the catalog strategy whose credential
// its pipelines show (current.cpp).
void infer_current(Scan &scan, const CatalogModel &catalog);

// registry.cpp: the registry the user's npm configuration names, and the
// packuments of the packages in the topology (exists, access), with a finding
// when some could not be read.
std::string user_registry();
void read_registry(Scan &s, const std::string &registry, long timeout_ms, const Files &progress);

// emit.cpp
// Whether a package is part of the topology: publishable, or published by a pipeline.
inline bool in_topology(const Package &pkg) { return pkg.publishable() || !pkg.published_by.empty(); }
std::string emit_topology(const Scan &scan, const std::vector<std::string> &roots, bool whole_org);

}  // namespace pubplan::detail::scan
