// The scanner's parts: glob matching, versions, publish commands, triggers.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <fmt/format.h>

#include "pubplan/pubplan.hpp"
#include "scan/scan_model.hpp"

using namespace pubplan::detail::scan;

TEST_CASE("glob: workspace patterns as the tools write them", "[scan][glob]") {
  CHECK(glob_match("packages/*", "packages/ui"));
  CHECK_FALSE(glob_match("packages/*", "packages/ui/nested"));
  CHECK_FALSE(glob_match("packages/*", "apps/ui"));
  CHECK(glob_match("packages/**", "packages/a/b/c"));
  CHECK(glob_match("tools/**", "tools/x"));
  CHECK(glob_match("**/pkg-*", "a/b/pkg-one"));
  CHECK(glob_match("./packages/*/", "packages/ui"));  // leading ./ and trailing / are ignored
  CHECK(glob_match("packages/{ui,core}", "packages/core"));
  CHECK_FALSE(glob_match("packages/{ui,core}", "packages/cli"));
  CHECK(glob_match("packages/[a-c]*", "packages/core"));
  CHECK_FALSE(glob_match("packages/[!a-c]*", "packages/core"));
  CHECK(glob_match("packages/?i", "packages/ui"));
  CHECK_FALSE(glob_match("packages/*", "packages/.hidden"));  // * does not match dot directories
  CHECK(glob_match("@acme/*", "@acme/ui"));                  // also package-name filters
  CHECK_FALSE(glob_match("@acme/*", "@other/ui"));
  CHECK(glob_match("packages/*-utils", "packages/date-utils"));
  CHECK_FALSE(glob_match("packages/*-utils", "packages/date-util"));
}

TEST_CASE("versions: Node versions as CI files write them", "[scan][versions]") {
  CHECK(normalize_node_version("22") == std::optional<std::string>("22"));
  CHECK(normalize_node_version("'22.x'") == std::optional<std::string>("22.x"));
  CHECK(normalize_node_version("v24.11.1") == std::optional<std::string>("24.11.1"));
  CHECK(normalize_node_version("lts/*") == std::optional<std::string>("lts/*"));
  CHECK(normalize_node_version("lts/jod") == std::optional<std::string>("22"));
  CHECK(normalize_node_version("latest") == std::optional<std::string>("latest"));
  CHECK(normalize_node_version(">=22.14") == std::optional<std::string>(">=22.14.0"));
  CHECK_FALSE(normalize_node_version("${{ matrix.node }}"));
  CHECK_FALSE(normalize_node_version("lts/unknown-name"));
  CHECK_FALSE(normalize_node_version("twenty"));
  CHECK(node_from_image("node:22") == std::optional<std::string>("22"));
  CHECK(node_from_image("node:24.11-bookworm") == std::optional<std::string>("24.11"));
  CHECK(node_from_image("cimg/node:22.14.0") == std::optional<std::string>("22.14.0"));
  CHECK(node_from_image("docker.io/library/node:lts-alpine") == std::optional<std::string>("lts/*"));
  CHECK_FALSE(node_from_image("python:3.12"));
  CHECK_FALSE(node_from_image("nodejs:22"));
}

TEST_CASE("versions: the npm a Node line bundles, and npm upgrades", "[scan][versions]") {
  CHECK(bundled_npm("22.14.0") == std::optional<std::string>("10"));
  CHECK(bundled_npm("20") == std::optional<std::string>("10"));
  CHECK(bundled_npm("24.x") == std::optional<std::string>("11"));
  CHECK_FALSE(bundled_npm("lts/*"));
  CHECK_FALSE(bundled_npm("18"));
  CHECK(npm_upgrade_in("npm install -g npm@latest") == std::optional<std::string>("latest"));
  CHECK(npm_upgrade_in("npm i -g npm@^11.5.1") == std::optional<std::string>("^11.5.1"));
  CHECK(npm_upgrade_in("sudo npm install --global npm@11.6.0 && npm ci") == std::optional<std::string>("11.6.0"));
  CHECK(npm_upgrade_in("npm i npm@11 -g") == std::optional<std::string>("11"));
  CHECK(npm_upgrade_in("npm i -g npm") == std::optional<std::string>("latest"));
  CHECK(npm_upgrade_in("corepack prepare npm@11.6.2 --activate") == std::optional<std::string>("11.6.2"));
  CHECK_FALSE(npm_upgrade_in("npm ci"));
  CHECK_FALSE(npm_upgrade_in("npm install -g pnpm@10"));
  CHECK_FALSE(npm_upgrade_in("npm install npm-run-all"));
  CHECK(certainly_below("10", "11.5.1"));
  CHECK(certainly_below("11.4.2", "11.5.1"));
  CHECK_FALSE(certainly_below("11", "11.5.1"));   // 11.x may be new enough
  CHECK_FALSE(certainly_below("latest", "11.5.1"));
  CHECK(certainly_below("11.10.0", "11.11.0"));
}

TEST_CASE("text of any length goes through the patterns without overflowing the stack", "[scan][versions]") {
  // std::regex recursed once per character: 200,000 characters overflowed an
  // 8 MB stack. Text longer than any name or command is not matched at all.
  const std::string huge(200000, 'x');
  CHECK_FALSE(npm_upgrade_in("npm i -g npm@" + huge));
  CHECK_FALSE(node_from_image("node:" + huge));
  CHECK_FALSE(normalize_node_version(">=" + std::string(200000, '1')));
  CHECK_FALSE(bundled_npm(std::string(200000, '2')));
  CHECK(url_identity("https://github.com/acme/" + huge).empty());
  // Just under the bound, the patterns still apply.
  CHECK(npm_upgrade_in("npm i -g npm@11.6.0" + std::string(1900, ' ')) == std::optional<std::string>("11.6.0"));
}

TEST_CASE("triggers: only workflow_dispatch or manual is attended", "[scan][triggers]") {
  CHECK(attended_only({"workflow_dispatch"}));
  CHECK(attended_only({"manual"}));
  CHECK_FALSE(attended_only({"push"}));
  CHECK_FALSE(attended_only({"workflow_dispatch", "schedule"}));
  CHECK_FALSE(attended_only({"workflow_run"}));
  CHECK_FALSE(attended_only({"release"}));
  CHECK_FALSE(attended_only({}));  // no trigger known: not attended
}

TEST_CASE("repository URLs: every spelling of one repository is one identity", "[scan][urls]") {
  const std::string id = "github.com/acme/web";
  CHECK(url_identity("git+https://github.com/acme/web.git") == id);
  CHECK(url_identity("https://github.com/acme/web") == id);
  CHECK(url_identity("git@github.com:acme/web.git") == id);
  CHECK(url_identity("ssh://git@github.com/acme/web.git") == id);
  CHECK(url_identity("github:acme/web") == id);
  CHECK(url_identity("acme/web") == id);
  CHECK(url_identity("gitlab:forge/toolkit") == "gitlab.com/forge/toolkit");
  CHECK(url_identity("https://git.example.com/tools/left-trim.git") == "git.example.com/tools/left-trim");
  CHECK(url_identity("https://github.com/Acme/web") != id);  // npm compares exactly
  CHECK(url_identity("not a url").empty());
  CHECK(host_of(id) == "github.com");
}

namespace {
std::vector<Publish> publishes(const std::string &script, Repo repo = {}) {
  Scan scan;
  return find_publishes(script, {"ci.yml", 10}, repo, scan);
}
}  // namespace

TEST_CASE("commands: which client publishes what", "[scan][commands]") {
  auto p = publishes("npm ci\nnpm publish --access public");
  REQUIRE(p.size() == 1);
  CHECK(p[0].client == "npm");
  CHECK(p[0].access_public);
  CHECK(p[0].where.line == 11);  // the second line of the script
  CHECK(p[0].mode == Publish::Mode::here);

  p = publishes("pnpm -r publish --no-git-checks");
  REQUIRE(p.size() == 1);
  CHECK(p[0].client == "pnpm");
  CHECK(p[0].mode == Publish::Mode::recursive);

  p = publishes("pnpm --filter @acme/ui publish");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::names);
  CHECK(p[0].names == std::vector<std::string>{"@acme/ui"});

  p = publishes("npm publish --workspace=packages/ui");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::names);

  p = publishes("cd dist && npm publish");
  REQUIRE(p.size() == 1);
  CHECK(p[0].dir == "dist");

  p = publishes("yarn npm publish --tolerate-republish");
  REQUIRE(p.size() == 1);
  CHECK(p[0].client == "yarn");
  CHECK(p[0].client_version.empty());

  p = publishes("yarn publish --non-interactive");
  REQUIRE(p.size() == 1);
  CHECK(p[0].client_version == "1");  // only Yarn classic has `yarn publish`

  Repo pnpm_repo;
  pnpm_repo.package_manager = "pnpm@10.4.0";
  p = publishes("npx changeset publish", pnpm_repo);
  REQUIRE(p.size() == 1);
  CHECK(p[0].client == "pnpm");
  CHECK(p[0].mode == Publish::Mode::recursive);

  CHECK(publishes("npx semantic-release")[0].client == "npm");
  CHECK(publishes("npx lerna publish from-package --yes")[0].tool == "lerna publish");
  CHECK(publishes("npx nx release publish")[0].tool == "nx release publish");
  CHECK(publishes("npm ci && npm test && npm pack").empty());
  CHECK(publishes("echo npm publish  # not run").size() == 0);
  CHECK(publishes("# npm publish").empty());
}

TEST_CASE("commands: package.json scripts that a step runs", "[scan][commands]") {
  Scan scan;
  Package root;
  root.name = "root";
  root.scripts["release"] = "npm run build && changeset publish";
  root.scripts["build"] = "tsc";
  scan.packages.push_back(root);
  Repo repo;
  repo.packages = {0};
  auto p = find_publishes("npm run release", {"ci.yml", 5}, repo, scan);
  REQUIRE(p.size() == 1);
  CHECK(p[0].tool == "changeset publish");
  CHECK(p[0].where.line == 5);  // the step that runs the script
  // A script that calls itself does not loop forever.
  scan.packages[0].scripts["loop"] = "npm run loop";
  CHECK(find_publishes("npm run loop", {"ci.yml", 5}, repo, scan).empty());
}

TEST_CASE("scan: a .git/config remote names the repository and its host", "[scan][git]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / fmt::format("pubplan-scan-git-{}", ::getpid());
  fs::create_directories(dir / ".git");
  std::ofstream(dir / ".git" / "config") << "[core]\n\tbare = false\n[remote \"upstream\"]\n"
                                            "\turl = https://github.com/other/fork.git\n"
                                            "[remote \"origin\"]\n\turl = git@gitlab.example.com:team/app.git\n";
  std::ofstream(dir / "package.json") << "{\"name\": \"app\", \"repository\": \"github:team/app\"}\n";
  std::ofstream(dir / ".gitlab-ci.yml") << "include:\n  - project: team/ci-templates\n"
                                           "publish:\n  script:\n    - npm publish\n";
  auto r = pubplan::scan({dir.string()});
  fs::remove_all(dir);
  INFO(r.topology);
  CHECK(r.topology.find("  - name: team/app\n    host: gitlab-self-managed\n") != std::string::npos);
  CHECK(r.topology.find("/.git/config:6\"") != std::string::npos);
  // No GitLab.com shared runners on a self-managed GitLab.
  CHECK(r.topology.find("runner: self-hosted  # a self-managed GitLab") != std::string::npos);
  // A remote include is not read, and the scan says so with its position.
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].line == 2);
  CHECK(r.warnings[0].message == "include not read: the scan reads only local includes");
  auto t = pubplan::Topology::load_string(r.topology, "scan.yaml");
  CHECK(t.pipeline_count() == 1);
}
