// The scanner's parts: glob matching, versions, publish commands, triggers.
#include <catch2/catch.hpp>

#include "helpers.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <fmt/format.h>

#include "pubplan/pubplan.hpp"
#include "scan/scan_model.hpp"
#include "solve/problem.hpp"
#include "topology/access.hpp"

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
  // Lines whose npm changed within them: a bare major (the newest release,
  // what setup-node installs) and the releases since the change have one, an
  // earlier release none (it may bundle the older npm).
  CHECK(bundled_npm("18") == std::optional<std::string>("10"));
  CHECK(bundled_npm("18.x") == std::optional<std::string>("10"));
  CHECK(bundled_npm("18.19.1") == std::optional<std::string>("10"));
  CHECK_FALSE(bundled_npm("18.12.0"));
  CHECK(bundled_npm("16") == std::optional<std::string>("8"));
  CHECK(bundled_npm("16.20.2") == std::optional<std::string>("8"));
  CHECK_FALSE(bundled_npm("16.9.0"));
  CHECK_FALSE(bundled_npm("20.5.0"));
  CHECK(bundled_npm("20.11") == std::optional<std::string>("10"));
  CHECK(bundled_npm("14.21.3") == std::optional<std::string>("6"));
  CHECK_FALSE(bundled_npm("21"));  // an odd line: not in the table
  CHECK_FALSE(bundled_npm("99999999999.1.0"));
  CHECK(npm_upgrade_in("npm install -g npm@latest") == std::optional<std::string>("latest"));
  CHECK(npm_upgrade_in("npm i -g npm@^11.5.1") == std::optional<std::string>("^11.5.1"));
  CHECK(npm_upgrade_in("sudo npm install --global npm@11.6.0 && npm ci") == std::optional<std::string>("11.6.0"));
  CHECK(npm_upgrade_in("npm i npm@11 -g") == std::optional<std::string>("11"));
  CHECK(npm_upgrade_in("npm i -g npm") == std::optional<std::string>("latest"));
  CHECK(npm_upgrade_in("corepack prepare npm@11.6.2 --activate") == std::optional<std::string>("11.6.2"));
  CHECK_FALSE(npm_upgrade_in("npm ci"));
  CHECK_FALSE(npm_upgrade_in("npm install -g pnpm@10"));
  CHECK_FALSE(npm_upgrade_in("npm install npm-run-all"));
  // A command's words end at its line and at ; & | : `npm -v` after the
  // upgrade is not the package it installs.
  CHECK(npm_upgrade_in("npm install -g npm@11.18.0\nnode -v\nnpm -v") == std::optional<std::string>("11.18.0"));
  CHECK(npm_upgrade_in("npm install -g npm@11.17.0; npm -v") == std::optional<std::string>("11.17.0"));
  CHECK(npm_upgrade_in("npm i -g npm@11.17.0&&npm --version") == std::optional<std::string>("11.17.0"));
  CHECK(npm_upgrade_in("npm install --global \\\n  npm@11.6.0\nnpm ls -g npm") == std::optional<std::string>("11.6.0"));
  CHECK_FALSE(npm_upgrade_in("npm install -g corepack\nnpm -v"));
  CHECK(npm_upgrade_in("npm i -g npm@10\nnpm i -g npm@11.6.0") == std::optional<std::string>("11.6.0"));  // the last
  CHECK(npm_upgrade_in(std::string(3000, '#') + "\nnpm i -g npm@11.5.1") == std::optional<std::string>("11.5.1"));
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
  // Web addresses of a place in the repository name the repository.
  CHECK(url_identity("https://github.com/acme/web/tree/main/packages/ui") == id);
  CHECK(url_identity("https://github.com/acme/web#readme") == id);
  CHECK(url_identity("https://github.com/acme/web/blob/main/README.md") != id);  // npm refuses blob/
  CHECK(url_identity("https://gitlab.com/forge/tools/toolkit/-/tree/main/pkg") == "gitlab.com/forge/tools/toolkit");
  CHECK(url_identity("https://bitbucket.org/acme/web/src/main/pkg") == "bitbucket.org/acme/web");
  CHECK(url_identity("not a url").empty());
  CHECK(host_of(id) == "github.com");
}

namespace {
std::vector<Publish> publishes(const std::string &script, Repo repo = {}) {
  Scan scan;
  return find_publishes(script, {"ci.yml", 10}, repo, scan);
}

// The one publish `script` holds; fails the test cleanly when it holds another number.
Publish only_publish(const std::string &script, Repo repo = {}) {
  std::vector<Publish> p = publishes(script, std::move(repo));
  INFO(script);
  REQUIRE(p.size() == 1);
  return p[0];
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

  // npm's workspace by folder, and one chosen when the job runs (any of them).
  p = publishes("npm publish --workspace=packages/ui");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::dirs);
  CHECK(p[0].dir == "packages/ui");
  p = publishes("npm publish -w @acme/ui");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::names);
  CHECK(p[0].names == std::vector<std::string>{"@acme/ui"});
  p = publishes("npm stage publish --workspace=${GITHUB_REF_NAME%@*} --access public");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::recursive);
  CHECK(p[0].staged);
  p = publishes("pnpm --filter \"$PKG\" publish");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::recursive);

  p = publishes("cd dist && npm publish");
  REQUIRE(p.size() == 1);
  CHECK(p[0].dir == "dist");

  // A command substitution or an `if` condition runs its command.
  CHECK(only_publish("out=$(npm publish --access public 2>&1) || exit 1").access_public);
  CHECK(only_publish("result=`pnpm publish --no-git-checks`").client == "pnpm");
  CHECK(publishes("if npm publish; then echo ok; fi").size() == 1);
  CHECK(publishes("if ! pnpm stage publish dist; then exit 1; fi").size() == 1);
  CHECK(publishes("! npm publish").size() == 1);
  CHECK(publishes("echo \"$(npm publish)\"").size() == 1);
  CHECK(only_publish("v=$(cd dist && npm publish)").dir == "dist");
  // An Azure Pipelines macro and shell arithmetic are text.
  CHECK(only_publish("cd $(Build.SourcesDirectory)/dist && npm publish").dir == "dist");
  CHECK(publishes("n=$((n + 1)); echo $n").empty());
  CHECK(publishes("version=$(node -p \"require('./package.json').version\")").empty());

  // A variable set alone (a CI step's env arrives so) names what it holds
  // after it; one set from a command, or for one command only, does not.
  CHECK(only_publish("export PKG_DIR='packages/ui'; npm publish \"$PKG_DIR\"").dir == "packages/ui");
  CHECK(only_publish("DIR=dist\ncd \"${DIR}\" && npm publish").dir == "dist");
  CHECK(only_publish("DIR=dist\nDIR=lib\nnpm publish $DIR").dir == "lib");
  const Publish unset = only_publish("npm publish $DIR");
  CHECK(unset.mode == Publish::Mode::packed);  // a folder or tarball: which is not known
  for (const char *script : {"DIR=$(mktemp -d)\nnpm publish $DIR", "DIR=`pwd`/out\nnpm publish $DIR",
                             "DIR=dist npm publish $DIR"}) {
    INFO(script);
    const Publish q = only_publish(script);
    CHECK(q.mode == unset.mode);
    CHECK(q.dir == unset.dir);
  }

  // Quoted text and a here-document's lines are no commands; a quote left
  // open ends with its line.
  CHECK(publishes("echo 'x | npm publish'").empty());
  CHECK(publishes("echo \"done; npm publish next\"").empty());
  CHECK(publishes("cat <<EOF > notes.txt\nnpm publish\nEOF\necho ok").empty());
  CHECK(publishes("cat <<-'NOTES'\n  npm publish\n  NOTES\n").empty());
  CHECK(only_publish("cat <<EOF > notes.txt\nnpm publish\nEOF\ncd dist && npm publish").dir == "dist");
  // The lines after it keep their numbers (a finding cites them).
  CHECK(only_publish("cat <<EOF > notes.txt\na\nb\nEOF\necho ok\nnpm publish").where.line == 10 + 5);
  CHECK(publishes("cat <<EOF\nnpm publish").empty());  // never closed: text to the end
  CHECK(publishes("bash <<EOF\nnpm publish\nEOF").size() == 1);  // fed to a shell: it runs
  CHECK(publishes("echo \"it's\" && npm publish").size() == 1);
  CHECK(publishes("echo 'open\nnpm publish").size() == 1);

  // Leaving a folder: `cd ..`, popd, the end of a subshell.
  auto dirs = [](const std::string &script) {
    std::vector<std::string> out;
    for (const Publish &q : publishes(script)) out.push_back(q.dir);
    return out;
  };
  using Dirs = std::vector<std::string>;
  CHECK(dirs("cd cli\ncd ..\nnpm publish") == Dirs{""});
  CHECK(dirs("cd cli && npm publish && cd ..\nnpm publish") == Dirs{"cli", ""});
  CHECK(dirs("cd sub/x\nnpm publish\ncd ../..\nnpm publish") == Dirs{"sub/x", ""});
  CHECK(dirs("(cd cli && npm publish)\nnpm publish") == Dirs{"cli", ""});
  CHECK(dirs("pushd cli\nnpm publish\npopd\nnpm publish") == Dirs{"cli", ""});
  CHECK(dirs("cd a/b/../c && npm publish") == Dirs{"a/c"});
  CHECK(dirs("n=$((1 + 2)) && npm publish") == Dirs{""});

  // A command given as one quoted word.
  CHECK(only_publish("yarn workspace @acme/ui exec \"npm publish --access public\"").access_public);
  CHECK(only_publish("npm exec -c \"npm publish\"").client == "npm");
  CHECK(only_publish("sh -c \"cd dist && pnpm publish --no-git-checks\"").client == "pnpm");

  // Wrappers that run another client's publish in the workspaces they select:
  // pnpm's and Yarn's give the same publish.
  for (const char *script : {"pnpm --filter @acme/ui exec npm publish --access public",
                             "yarn workspace @acme/ui exec npm publish --access public"}) {
    INFO(script);
    const Publish q = only_publish(script);
    CHECK(q.client == "npm");
    CHECK(q.tool == "npm publish");
    CHECK(q.mode == Publish::Mode::names);
    CHECK(q.names == std::vector<std::string>{"@acme/ui"});
    CHECK(q.access_public);
  }
  {
    const Publish q = only_publish("pnpm -r --filter '!@acme/docs' exec npm publish");
    CHECK(q.client == "npm");
    CHECK(q.mode == Publish::Mode::recursive);
    CHECK(q.excluded == std::vector<std::string>{"@acme/docs"});
  }
  CHECK(publishes("pnpm --filter @acme/ui exec tsc").empty());
  {
    const Publish q = only_publish("yarn workspace @acme/ui npm publish");
    CHECK(q.client == "yarn");
    CHECK(q.names == std::vector<std::string>{"@acme/ui"});
  }
  CHECK(only_publish("yarn workspace \"$PKG\" exec npm publish").mode == Publish::Mode::recursive);
  CHECK(publishes("yarn workspace @acme/ui exec tsc").empty());
  {
    const Publish q = only_publish("yarn workspaces foreach -A --no-private exec npm publish");
    CHECK(q.client == "npm");
    CHECK(q.mode == Publish::Mode::recursive);
  }
  CHECK(only_publish("yarn workspaces foreach -A npm publish").client == "yarn");

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

  CHECK(only_publish("npx semantic-release").client == "npm");
  CHECK(only_publish("npx lerna publish from-package --yes").tool == "lerna publish");
  CHECK(only_publish("npx nx release publish").tool == "nx release publish");
  CHECK(publishes("npm ci && npm test && npm pack").empty());
  CHECK(publishes("echo npm publish  # not run").size() == 0);
  CHECK(publishes("# npm publish").empty());
}

TEST_CASE("commands: tools run by version, through launchers, and what is not a publish", "[scan][commands]") {
  // A versioned binary is the tool; npx npm@X publish pins the npm.
  CHECK(only_publish("npx semantic-release@25").tool == "semantic-release");
  CHECK(only_publish("npx -y @changesets/cli@2 publish").tool == "changeset publish");
  auto p = publishes(R"(eval "npx npm@10.9.2 publish --access public")");
  REQUIRE(p.size() == 1);
  CHECK(p[0].npm_version == "10.9.2");
  // changeset publish runs pnpm only in a pnpm workspace: npm under Yarn and bun.
  Repo yarn_repo;
  yarn_repo.package_manager = "yarn@4.6.0";
  CHECK(publishes("yarn changeset publish", yarn_repo)[0].client == "npm");
  CHECK(publishes("node ./node_modules/.bin/changeset publish", yarn_repo)[0].client == "npm");
  // pnpm BIN: the binary when no script has its name; a Yarn plugin's publish.
  CHECK(only_publish("pnpm lerna publish --canary --yes").tool == "lerna publish");
  p = publishes("yarn release-tool publish --yes", yarn_repo);
  REQUIRE(p.size() == 1);
  CHECK(p[0].client == "yarn");
  CHECK(p[0].mode == Publish::Mode::recursive);
  // Release tools that publish, and the same tools writing tarballs only.
  CHECK(only_publish("node common/scripts/install-run-rush.js publish --apply --publish").tool == "rush publish");
  CHECK(publishes("rush publish --publish --pack --include-all").empty());
  CHECK(only_publish("npx beachball publish --yes").tool == "beachball publish");
  CHECK(publishes("yarn beachball publish --pack-to-path /tmp/packs", yarn_repo).empty());
  // A test registry on localhost is not npm.
  CHECK(publishes("npm publish --registry http://localhost:4873").empty());
  // Paths under the CI's checkout are paths of the repository.
  p = publishes("cd $GITHUB_WORKSPACE/packages/ui && npm publish");
  REQUIRE(p.size() == 1);
  CHECK(p[0].dir == "packages/ui");
  CHECK(p[0].mode == Publish::Mode::here);
  CHECK(only_publish("npm publish /home/circleci/project/packages/theme").dir == "packages/theme");
  // A target held in a variable or a tarball: which package is not written.
  CHECK(publishes(R"(npm publish "./$tgz" --tag next)")[0].mode == Publish::Mode::packed);
  p = publishes("for d in $(ls packages); do cd \"$d\"; npm publish; done");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::packed);
  // A loop over paths the script writes, or a glob: the directories it matches.
  p = publishes("for d in packages/*; do cd \"$d\"; npm publish; done");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::dirs);
  CHECK(p[0].dir == "packages/*");
  p = publishes("for pkg in native/tool-* native/tool; do pnpm publish \"${pkg}/\" --access public; done");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::dirs);
  CHECK(p[0].dir == "{native/tool-*,native/tool}");
  CHECK(publishes("for pkgs in a b; do npm publish \"$pkgsx\"; done")[0].mode == Publish::Mode::packed);
  // pnpm's exclusion, alone: every workspace but that one.
  p = publishes("pnpm publish --filter=!@acme/cli --access=public");
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::recursive);
  CHECK(p[0].excluded == std::vector<std::string>{"@acme/cli"});
  // Preview builds and other registries are no npm publish, run however.
  CHECK(publishes("yarn pkg-pr-new publish './packages/*'").empty());
  CHECK(publishes("npx pkg-pr-new publish --compact").empty());
  CHECK(publishes("pnpm dlx jsr publish").empty());
  // A dry run publishes nothing, however it is asked for; npm's -d is a log level.
  CHECK(publishes("npm publish --dry-run").empty());
  CHECK(publishes("pnpm -r publish --dry-run=true --no-git-checks").empty());
  CHECK(publishes("npx nx release publish --dryRun").empty());
  CHECK(publishes("npx semantic-release -d").empty());
  CHECK(publishes("yarn nx release publish -d").empty());
  CHECK(publishes("npx release-it -d").empty());
  CHECK(publishes("npm publish -d").size() == 1);
  CHECK(publishes("npm publish --dry-run; npm publish --access public").size() == 1);
  // release-it told not to publish to npm (its configuration files: the fixture
  // release-tool-config).
  CHECK(publishes("npx release-it --ci --no-npm").empty());
  CHECK(publishes("npx release-it --ci --npm.publish=false").empty());
  CHECK(only_publish("npx release-it --ci").tool == "release-it");
  // npx lerna-lite@4.9 is Lerna-Lite at that version, whatever the manifest holds.
  const Publish lite = only_publish("npx lerna-lite@4.9.1 publish from-package --yes");
  CHECK(lite.client == "lerna-lite");
  CHECK(lite.client_version == "4.9.1");
  CHECK(only_publish("npx lerna publish from-package").client == "lerna");
}

TEST_CASE("commands: a CI expression is one word, whatever its blanks and ||", "[scan][commands]") {
  // GitHub and GitLab replace ${{ ... }} and $[[ ... ]] before the shell reads
  // the line: the value chosen when the job runs is one selector.
  const Publish filtered = only_publish("pnpm --filter ${{ inputs.package }} publish --no-git-checks");
  CHECK(filtered.client == "pnpm");
  CHECK(filtered.mode == Publish::Mode::recursive);  // any workspace
  const Publish component = only_publish("npm publish --workspace $[[ inputs.workspace ]]");
  CHECK(component.mode == Publish::Mode::recursive);
  // Its || is no list of commands.
  const auto split = commands("npm publish --tag ${{ inputs.tag || 'next' }} && echo done");
  REQUIRE(split.size() == 2);
  CHECK(split[0].first == "npm publish --tag ${{ inputs.tag || 'next' }} ");
  CHECK(split[1].first == " echo done");
  // An expression not closed on its line is no expression.
  CHECK(commands("echo ${{ a\nnpm publish").size() == 2);
}

TEST_CASE("javascript: the commands a release script runs, and the messages that only name one", "[scan][javascript]") {
  // One line of output per line of input: a command stays at its call's line.
  auto lines = [](const std::string &source) {
    std::vector<std::string> out;
    std::istringstream in(commands_in_script(source, true));
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  };
  auto only = [&](const std::string &source, std::size_t line) {
    const auto l = lines(source);
    INFO(source);
    std::string found;
    for (std::size_t i = 0; i < l.size(); ++i)
      if (!l[i].empty()) {
        CHECK(i == line);
        found = l[i];
      }
    return found;
  };
  CHECK(only("import { spawn } from 'node:child_process'\nspawn('pnpm', ['publish', '--access', 'public'])", 1) ==
        "pnpm publish --access public");
  CHECK(only("const x = 1\n\n\n\nspawn('pnpm',\n  ['publish'])", 4) == "pnpm publish");
  // The argument list held in a variable: its declaration is read, later pushes are not.
  CHECK(only("const args = ['publish', '--tag', tag, ...extra]\nif (dry) args.push('--dry-run')\n"
             "const child = spawn('pnpm', args, { cwd })",
             2) == "(cd \"$cwd\" && pnpm publish --tag $EXPR $EXPR)");
  // An array whose first element is the command, joined into it.
  CHECK(only("const cmd = [\n  'npm publish',\n  `./dist/${pkg}`,\n  '--access=public',\n];\nexecSync(cmd.join(' '))", 1) ==
        "npm publish ./dist/$EXPR --access=public");
  // Not joined: the string alone.
  CHECK(only("const steps = [\n  'npm publish',\n  'git push',\n];\nfor (const s of steps) execSync(s)", 1) ==
        "npm publish");
  // A call's cwd: a folder from where the script runs, or from the script's own.
  CHECK(only("spawn('npm', ['publish'], { stdio: 'inherit', cwd: 'packages/a' })", 0) ==
        "(cd 'packages/a' && npm publish)");
  CHECK(only("execSync('npm publish --access public', {\n  cwd: path.resolve('web'),\n})", 0) ==
        "(cd 'web' && npm publish --access public)");
  CHECK(commands_in_script("spawnSync('npm', ['publish'], { cwd: path.join(__dirname, '..', 'pkg', 'b') })", true,
                           "tools/release") == "(cd '/tools/pkg/b' && npm publish)\n");
  CHECK(commands_in_script("spawnSync('npm', ['publish'], { cwd: join(__dirname, '../../..') })", true, "tools") ==
        "(cd \"$cwd\" && npm publish)\n");
  CHECK(only("const a: string[] = ['publish', 'my dir']\nexecFileSync('npm', a)", 1) == "npm publish 'my dir'");
  CHECK(only("execFile('vp', ['exec', 'pnpm', 'publish', '--tag', `${tag}-x`])", 0) ==
        "vp exec pnpm publish --tag $EXPR-x");
  CHECK(only("await execa('npm', [\n  'publish',\n  '--provenance',\n])", 0) == "npm publish --provenance");
  // Commands in strings handed to exec, and after a separator or a launcher.
  CHECK(only("execSync('cd packages/a && npm publish --access public')", 0) == "npm publish --access public");
  CHECK(only("execSync('vp exec pnpm publish')", 0) == "pnpm publish");
  CHECK(only("await $`NPM_CONFIG_PROVENANCE=true npm publish`", 0) == "npm publish");
  // Messages: printed, thrown or written in a sentence.
  CHECK(only("console.log('Publish via `pnpm publish` rather than `npm publish`')", 0).empty());
  CHECK(only("throw new Error('npm publish failed')", 0).empty());
  CHECK(only("core.setFailed('npm publish needs a token')", 0).empty());
  CHECK(only("stderrWrite(\n  '  run npm publish by hand\\n' +\n  '  afterwards')", 0).empty());
  CHECK(only("const hint = 'Run npm publish from CI, never by hand'", 0).empty());
  CHECK(only("logger.info(`Publishing ${name}`, 'npm publish')", 0).empty());
  // Not a program and its arguments, or no publish among them.
  CHECK(only("spawn('git', ['push', '--tags'])", 0).empty());
  CHECK(only("const opts = {a: 'npm', b: ['publish']}", 0).empty());
  CHECK(only("spawn('npm', args)", 0).empty());  // args declared nowhere: nothing certain
  // Long lines around the call and the declaration: each is read on its own.
  const std::string filler = "const note = '" + std::string(1500, 'x') + "'\n";
  CHECK(only("  const args = ['publish', '--access', 'public']\n" + filler + filler + "spawn('npm', args)", 3) ==
        "npm publish --access public");
  const std::string long_element = "  '--message=" + std::string(2500, 'y') + "',\n";
  CHECK(only("spawn('npm', [\n  'publish',\n" + long_element + "  '--access', 'public'])", 0) ==
        "npm publish --message=" + std::string(2500, 'y') + " --access public");
}

TEST_CASE("commands: the folders a loop's condition keeps from a publish", "[scan][commands]") {
  Scan scan;
  Repo repo;
  auto left_out = [&](const std::string &script) {
    const auto p = find_publishes(script, {"ci.yml", 1}, repo, scan);
    REQUIRE(p.size() == 1);
    CHECK(p[0].dir == "pkgs/*");
    return p[0].excluded_dirs;
  };
  using Dirs = std::vector<std::string>;
  // All of the `!=` tests hold where it publishes; on one line or several.
  CHECK(left_out("for p in pkgs/*; do if [ $p != pkgs/a ] && [ \"$p\" != \"pkgs/b\" ]; then npm publish $p; fi; done") ==
        Dirs{"pkgs/a", "pkgs/b"});
  CHECK(left_out("for p in pkgs/*; do\n  if [[ ${p} != 'pkgs/a' ]]; then\n    npm publish $p\n  fi\ndone") == Dirs{"pkgs/a"});
  // `continue` on equality, in both forms; a publish before it still runs.
  CHECK(left_out("for p in pkgs/*/; do\n  if [ \"$p\" = pkgs/a/ ] || [ \"$p\" == pkgs/b/ ]; then continue; fi\n"
                 "  [ \"$p\" = pkgs/c/ ] && continue\n  npm publish \"$p\"\ndone") == Dirs{"pkgs/a", "pkgs/b", "pkgs/c"});
  auto both = find_publishes("for p in pkgs/*; do npm publish $p --tag x; [ $p = pkgs/a ] && continue; npm publish $p; done",
                             {"ci.yml", 1}, repo, scan);
  REQUIRE(both.size() == 2);
  CHECK(both[0].excluded_dirs.empty());
  CHECK(both[1].excluded_dirs == Dirs{"pkgs/a"});
  // What the scan does not read leaves the publish as wide as its loop: `||`
  // between `!=` tests (nearly always true), the else branch, a test of
  // something else, an equality whose body publishes.
  CHECK(left_out("for p in pkgs/*; do if [ $p != pkgs/a ] || [ $p != pkgs/b ]; then npm publish $p; fi; done").empty());
  CHECK(left_out("for p in pkgs/*; do if [ $p != pkgs/a ]; then echo skip; else npm publish $p; fi; done").empty());
  CHECK(left_out("for p in pkgs/*; do if [ $q != pkgs/a ]; then npm publish $p; fi; done").empty());
  CHECK(left_out("for p in pkgs/*; do if [ $p = pkgs/a ]; then npm publish $p; fi; done").empty());
}

TEST_CASE("commands: a shell script's positional parameters", "[scan][commands]") {
  Scan scan;
  Repo repo;
  const Where at{"publish.sh", 1};
  auto p = find_publishes("dir=\"$1\"\nshift\nnpm publish \"$dir\" \"$@\"", at, repo, scan, "", 1, "",
                          {"pkgs/a", "--access", "public", "--provenance"});
  REQUIRE(p.size() == 1);
  CHECK(p[0].dir == "pkgs/a");
  CHECK(p[0].access_public);
  CHECK(p[0].provenance == std::optional<bool>(true));
  // `shift 2`, and ${N}: the third argument is the first after it.
  p = find_publishes("shift 2\nnpm publish ${1} --tag next", at, repo, scan, "", 1, "", {"x", "y", "pkgs/b"});
  REQUIRE(p.size() == 1);
  CHECK(p[0].dir == "pkgs/b");
  // A parameter the caller did not give stays a variable: which folder is not written.
  p = find_publishes("npm publish \"$2\"", at, repo, scan, "", 1, "", {"pkgs/a"});
  REQUIRE(p.size() == 1);
  CHECK(p[0].mode == Publish::Mode::packed);
  CHECK_FALSE(p[0].access_public);
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
  // The same script asked for a dry run.
  CHECK(find_publishes("npm run release -- --dry-run", {"ci.yml", 5}, repo, scan).empty());
  // Arguments after a script's name are appended to its command: here they
  // name what the runner runs (npm: positional ones and those after --).
  scan.packages[0].scripts["pub"] = "npm";
  p = find_publishes("npm run pub --silent -- publish --access public", {"ci.yml", 5}, repo, scan);
  REQUIRE(p.size() == 1);
  CHECK(p[0].tool == "npm publish");
  CHECK(p[0].access_public);
  p = find_publishes("pnpm pub publish --access public", {"ci.yml", 5}, repo, scan);
  REQUIRE(p.size() == 1);
  CHECK(p[0].access_public);
  CHECK(find_publishes("npm run pub --access public", {"ci.yml", 5}, repo, scan).empty());  // npm's own option
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
  CHECK(r.warnings[0].message == "include not read: project team/ci-templates is not in the checkout");
  auto t = pubplan::Topology::load_string(r.topology, "scan.yaml");
  CHECK(t.pipeline_count() == 1);
}

TEST_CASE("files: whether the checkout names a word, and when it cannot tell", "[scan][files]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / fmt::format("pubplan-scan-mentions-{}", ::getpid());
  fs::create_directories(dir / "scripts");
  fs::create_directories(dir / "node_modules" / "tool");
  std::ofstream(dir / "release.yml") << "env:\n  NPM_TOKEN: x\n";
  std::ofstream(dir / "README.md") << "Set NPM_TOKEN.\n";                          // Markdown does not run
  std::ofstream(dir / "node_modules" / "tool" / "index.js") << "process.env.NPM_TOKEN\n";  // not the checkout's
  std::ofstream(dir / "scripts" / "a.js") << "const NPM_TOKEN_X = 1; // MY_NPM_TOKEN\n";  // other words
  pubplan::ScanOptions options;
  std::vector<pubplan::Diagnostic> warnings;
  const Files files(dir.string(), options, warnings);
  REQUIRE(files.ok());
  auto at_set = [](const std::string &rel, int line) { return rel == "release.yml" && line == 2; };
  auto nowhere = [](const std::string &, int) { return false; };
  CHECK(files.mentions("NPM_TOKEN", at_set) == std::optional<bool>(false));
  CHECK(files.mentions("NPM_TOKEN", nowhere) == std::optional<bool>(true));
  // A script that reads it, on its third line.
  std::ofstream(dir / "scripts" / "b.mjs") << "// b\n\nconst t = process.env.NPM_TOKEN;\n";
  int seen_line = 0;
  CHECK(files.mentions("NPM_TOKEN", [&](const std::string &rel, int line) {
    if (rel == "scripts/b.mjs") seen_line = line;
    return at_set(rel, line);
  }) == std::optional<bool>(true));
  CHECK(seen_line == 3);
  fs::remove(dir / "scripts" / "b.mjs");
  // A file over the scan's size limit: it cannot tell, and says so without a warning.
  options.max_file_bytes = 16;
  std::ofstream(dir / "scripts" / "big.js") << std::string(64, 'x') << "\n";
  CHECK(files.mentions("NPM_TOKEN", at_set) == std::nullopt);
  CHECK(warnings.empty());
  fs::remove_all(dir);
}

TEST_CASE("scan: unattended cites the trigger that makes it so", "[scan][triggers]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / fmt::format("pubplan-scan-trigger-{}", ::getpid());
  fs::create_directories(dir / ".github" / "workflows");
  std::ofstream(dir / "package.json") << "{\"name\": \"tide\", \"repository\": \"github:sea/tide\"}\n";
  const std::string job = "jobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n";
  // Line 2 is attended, line 3 is not: the job is unattended because of line 3.
  std::ofstream(dir / ".github" / "workflows" / "map.yml") << "on:\n  workflow_dispatch:\n  schedule:\n"
                                                               "    - cron: '0 4 * * 1'\n" << job;
  std::ofstream(dir / ".github" / "workflows" / "list.yml") << "on:\n  - workflow_dispatch\n  - release\n" << job;
  // Attended only: the first trigger the job runs on.
  std::ofstream(dir / ".github" / "workflows" / "hand.yml") << "on:\n  pull_request:\n  workflow_dispatch:\n"
                                                                "jobs:\n  ship:\n    if: github.event_name == "
                                                                "'workflow_dispatch'\n    runs-on: ubuntu-latest\n"
                                                                "    steps:\n      - run: npm publish\n";
  pubplan::ScanOptions quiet;
  auto r = pubplan::scan({dir.string()}, quiet);
  fs::remove_all(dir);
  INFO(r.topology);
  auto origin_of = [&](const std::string &pipeline) {
    const std::size_t at = r.topology.find("  - name: " + pipeline + "\n");
    REQUIRE(at != std::string::npos);
    const std::size_t u = r.topology.find("      unattended: \"", at);
    REQUIRE(u != std::string::npos);
    const std::size_t end = r.topology.find('"', u + 20);
    return r.topology.substr(r.topology.rfind('/', end) + 1, end - r.topology.rfind('/', end) - 1);
  };
  CHECK(origin_of("map.ship") == "map.yml:3");
  CHECK(origin_of("list.ship") == "list.yml:3");
  CHECK(origin_of("hand.ship") == "hand.yml:3");
  CHECK(r.topology.find("    unattended: false\n") != std::string::npos);
}

namespace {
std::vector<pubplan::Finding> findings_of(const std::string &root, const pubplan::Catalog &catalog,
                                         const std::string &as_of = test::kToday) {
  pubplan::ScanOptions quiet;
  quiet.as_of = as_of;
  return pubplan::scan({PUBPLAN_SOURCE_DIR "/tests/scan/" + root}, quiet, catalog).findings;
}
const pubplan::Finding *find(const std::vector<pubplan::Finding> &fs, const std::string &id) {
  for (const auto &f : fs)
    if (f.id == id) return &f;
  return nullptr;
}
}  // namespace

TEST_CASE("findings read the catalog's rules, not copies of them", "[scan][catalog]") {
  const pubplan::Catalog builtin = pubplan::Catalog::builtin();
  // npm 10 on GitHub Actions: below the built-in minimum, cited by rule.
  const auto old = findings_of("npm-too-old", builtin);
  REQUIRE(find(old, "scan.npm-too-old"));
  CHECK(find(old, "scan.npm-too-old")->rule == "tp.npm-version");
  CHECK(find(old, "scan.npm-too-old")->message.find("older than 11.5.1") != std::string::npos);

  // A catalog that asks for npm 9 at least: npm 10 is no longer too old.
  pubplan::Catalog lenient = builtin;
  lenient.add_string(R"(catalog: 1
rules:
  - id: tp.npm-version
    statement: trusted publishing needs npm 9 here
    source: test
    as_of: 2026-12-01
    strategies: [trusted-publishing, trusted-publishing-without-provenance]
    for_each: pipeline
    requires: { pipeline.npm: ">= 9.0.0" }
)", "lenient.yaml");
  CHECK_FALSE(find(findings_of("npm-too-old", lenient), "scan.npm-too-old"));

  // A rule of another id with a higher bound is cited with its own id and bound.
  pubplan::Catalog strict = builtin;
  strict.add_string(R"(catalog: 1
rules:
  - id: acme.npm-12
    statement: acme publishes with npm 12
    source: test
    as_of: 2026-12-01
    strategies: [trusted-publishing]
    for_each: pipeline
    requires: { pipeline.npm: ">= 12.0.0" }
)", "strict.yaml");
  const auto strict_findings = findings_of("npm-too-old", strict);
  std::vector<std::string> cited;
  for (const auto &f : strict_findings)
    if (f.id == "scan.npm-too-old") cited.push_back(f.rule + " " + f.message.substr(f.message.find("older than")));
  CHECK(cited == std::vector<std::string>{
                     "tp.npm-version older than 11.5.1, the minimum for trusted publishing on github-actions; add "
                     "`npm install -g npm@11` before publishing (not npm@latest: npm 12 needs Node ^22.22.2, "
                     "^24.15.0 or >= 26)",
                     "acme.npm-12 older than 12.0.0, the minimum for trusted publishing on github-actions; add "
                     "`npm install -g npm@12` before publishing (npm 12 needs Node ^22.22.2, ^24.15.0 or >= 26)"});

  // Two publishers broke the one-publisher rule while it was in force; without
  // it, or after it (up to ten since 2026-09-03), no finding.
  const auto two = findings_of("reusable-two-callers", builtin, "2026-09-02");
  REQUIRE(find(two, "scan.two-publishers"));
  CHECK(find(two, "scan.two-publishers")->rule == "tp.one-publisher");
  pubplan::Catalog several = builtin;
  several.add_string("catalog: 1\nrules:\n  - id: tp.one-publisher\n    disabled: true\n", "several.yaml");
  CHECK_FALSE(find(findings_of("reusable-two-callers", several, "2026-09-02"), "scan.two-publishers"));
  CHECK_FALSE(find(findings_of("reusable-two-callers", builtin), "scan.two-publishers"));
  // A scan's day is checked like a solve's.
  CHECK_THROWS_AS(findings_of("reusable-two-callers", builtin, "2026-9-2"), pubplan::InputError);
}

TEST_CASE("a problem of known facts leaves every other fact open", "[scan][catalog]") {
  const pubplan::Catalog c = pubplan::Catalog::builtin();
  const auto &vocabulary = pubplan::detail::Access::model(c).vocabulary;
  using pubplan::detail::Attr;
  const auto pr = pubplan::detail::problem_of_facts(vocabulary, 2, {{Attr::pipeline_npm, {0, 5, 5}}});
  REQUIRE(pr.pipelines.size() == 2);
  CHECK(pr.slots[pr.slot_of(Attr::pipeline_npm, 1)].domain == pubplan::detail::Domain{0, 5, 5});
  CHECK(pr.slots[pr.slot_of(Attr::pipeline_node, 0)].domain == vocabulary.full(Attr::pipeline_node));
  CHECK(pr.slots[pr.slot_of(Attr::package_access, -1)].domain == vocabulary.full(Attr::package_access));
  CHECK(pr.slots[pr.slot_of(Attr::pipeline_provider, 0)].values == vocabulary.of(Attr::pipeline_provider).size());
}

TEST_CASE("napi-rs: the platform a target triple publishes for", "[scan][napi]") {
  using pubplan::detail::scan::napi_platform;
  CHECK(napi_platform("x86_64-unknown-linux-gnu") == "linux-x64-gnu");
  CHECK(napi_platform("aarch64-unknown-linux-musl") == "linux-arm64-musl");
  CHECK(napi_platform("aarch64-apple-darwin") == "darwin-arm64");
  CHECK(napi_platform("universal-apple-darwin") == "darwin-universal");
  CHECK(napi_platform("x86_64-pc-windows-msvc") == "win32-x64-msvc");
  CHECK(napi_platform("i686-pc-windows-msvc") == "win32-ia32-msvc");
  CHECK(napi_platform("armv7-unknown-linux-gnueabihf") == "linux-arm-gnueabihf");
  CHECK(napi_platform("armv7-linux-androideabi") == "android-arm-eabi");
  CHECK(napi_platform("aarch64-linux-android") == "android-arm64");
  CHECK(napi_platform("aarch64-unknown-linux-ohos") == "openharmony-arm64");
  CHECK(napi_platform("x86_64-unknown-freebsd") == "freebsd-x64");
  CHECK(napi_platform("riscv64gc-unknown-linux-gnu") == "linux-riscv64-gnu");
  CHECK(napi_platform("powerpc64le-unknown-linux-gnu") == "linux-ppc64-gnu");
  CHECK(napi_platform("s390x-unknown-linux-gnu") == "linux-s390x-gnu");
  CHECK(napi_platform("loongarch64-unknown-linux-gnu") == "linux-loong64-gnu");
  CHECK(napi_platform("wasm32-wasi-preview1-threads") == "wasm32-wasi");
  CHECK(napi_platform("wasm32-wasip1") == "wasm32-wasip1");
}

TEST_CASE("npm tokens: an _authToken for another named host is not one", "[scan][tokens]") {
  using pubplan::detail::scan::sets_npm_token;
  CHECK(sets_npm_token("echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc", ""));
  CHECK(sets_npm_token("npm config set _authToken \"$NPM_TOKEN\"", ""));  // no host: the default registry
  CHECK(sets_npm_token("echo \"//${REGISTRY}/:_authToken=$T\" >> .npmrc", ""));  // computed host
  // A read-only mirror for installs: not the registry a publish goes to.
  CHECK_FALSE(sets_npm_token("pnpm config set //mirror.corp.example/npm/:_authToken \"$MIRROR\"", ""));
  CHECK_FALSE(sets_npm_token("pnpm config set //mirror.corp.example/npm/:_authToken \"$MIRROR\"",
                             "https://registry.npmjs.org/"));
  // Unless the job configures it as its registry (setup-node registry-url).
  CHECK(sets_npm_token("pnpm config set //mirror.corp.example/npm/:_authToken \"$MIRROR\"",
                       "https://mirror.corp.example/npm/"));
  // Any line of several that sets one for npm.
  CHECK(sets_npm_token("pnpm config set //mirror.corp.example/:_authToken x\n"
                       "echo //registry.npmjs.org/:_authToken=$NPM_TOKEN >> .npmrc",
                       ""));
  CHECK_FALSE(sets_npm_token("npm publish --provenance", ""));
}

TEST_CASE("release scripts: words after publish that make a sentence", "[scan][javascript]") {
  using pubplan::detail::scan::commands_in_script;
  // Strings a checker looks for in another script: no command.
  const std::string checker = "for (const requirement of [\n"
                              "  'Unset NPM_TOKEN first',\n"
                              "  'npm publish dry runs',\n"
                              "]) if (!source.includes(requirement)) errors.push(requirement);\n";
  CHECK(commands_in_script(checker, true).find("publish") == std::string::npos);
  // A folder, options, a tool's subcommand: commands.
  CHECK(commands_in_script("execSync('npm publish dist');\n", true).find("npm publish dist") != std::string::npos);
  CHECK(commands_in_script("await $`pnpm publish --access public`;\n", true).find("pnpm publish --access public") !=
        std::string::npos);
  CHECK(commands_in_script("run('npx lerna publish from-package --yes');\n", true).find("lerna publish from-package") !=
        std::string::npos);
}
