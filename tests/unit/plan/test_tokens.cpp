// The granular-token plan: packing, scope grants, the account's budget, and
// read-only tokens for private installs.
#include <catch2/catch.hpp>

#include <numeric>
#include <random>

#include "helpers.hpp"

namespace {

// A Jenkins pipeline (so only a granular token fits unattended releases)
// publishing the given packages; `extra` adds pipelines or top-level keys.
std::string jenkins(const std::vector<std::string> &packages, int tokens_in_use = 0,
                    const std::string &more_pipelines = "", const std::string &publisher_of = "") {
  std::string y = "version: 1\nnpm:\n  tokens_in_use: " + std::to_string(tokens_in_use) +
                  "\nrepositories:\n  - name: corp/mono\n    host: github\n    visibility: public\n"
                  "pipelines:\n  - name: ci\n    repository: corp/mono\n    provider: jenkins\n"
                  "    runner: self-hosted\n    node: 22.14.0\n    npm: 11.6.0\n    unattended: true\n" +
                  more_pipelines + "packages:\n";
  for (const auto &p : packages) {
    std::string by = p == publisher_of ? "[ci, other]" : "[ci]";
    y += "  - name: \"" + p + "\"\n    access: public\n    repository: corp/mono\n    published_by: " + by + "\n";
  }
  return y;
}

std::vector<std::string> names(const std::string &prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

const std::string kOtherPipeline =
    "  - name: other\n    repository: corp/mono\n    provider: jenkins\n    runner: self-hosted\n"
    "    node: 22.14.0\n    npm: 11.6.0\n    unattended: true\n";

std::size_t grants(const pubplan::Token &t) { return t.packages.size() + t.scopes.size(); }

}  // namespace

TEST_CASE("120 unscoped packages of one Jenkins pipeline need 3 write tokens", "[tokens]") {
  auto r = test::solve(jenkins(names("pkg-", 120)));
  REQUIRE(r.exit_code() == 0);
  for (const auto &p : r.packages) REQUIRE(p.recommended == std::optional<std::string>("granular-token"));
  const auto &plan = r.tokens;
  REQUIRE(plan.tokens.size() == 3);
  CHECK(plan.lower_bound == 3);
  CHECK(plan.requested == 3);
  CHECK(plan.denied.empty());
  std::vector<std::size_t> sizes;
  for (const auto &t : plan.tokens) {
    sizes.push_back(grants(t));
    CHECK(t.pipeline == "ci");
    CHECK(t.access == "read-write");
    CHECK(t.scopes.empty());
    CHECK(t.orgs.empty());
    CHECK(t.bypass_2fa);
    CHECK(t.expires_days == 90);
  }
  CHECK(sizes == std::vector<std::size_t>{50, 50, 20});
  CHECK(plan.tokens[0].name == "pubplan-ci-write-1");
  CHECK(plan.tokens[2].command ==
        "npm token create --name pubplan-ci-write-3 --packages-and-scopes-permission read-write"
        " --packages pkg-100 --packages pkg-101 --packages pkg-102 --packages pkg-103 --packages pkg-104"
        " --packages pkg-105 --packages pkg-106 --packages pkg-107 --packages pkg-108 --packages pkg-109"
        " --packages pkg-110 --packages pkg-111 --packages pkg-112 --packages pkg-113 --packages pkg-114"
        " --packages pkg-115 --packages pkg-116 --packages pkg-117 --packages pkg-118 --packages pkg-119"
        " --bypass-2fa --expires 90");
  // Every package is in exactly one token.
  std::vector<std::string> all;
  for (const auto &t : plan.tokens) all.insert(all.end(), t.packages.begin(), t.packages.end());
  std::sort(all.begin(), all.end());
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
  CHECK(all.size() == 120);
}

TEST_CASE("with 999 tokens in use the budget holds one token: the rest fail on token.account-limit", "[tokens]") {
  auto r = test::solve(jenkins(names("pkg-", 120), 999));
  CHECK(r.exit_code() == 1);
  const auto &plan = r.tokens;
  REQUIRE(plan.tokens.size() == 1);
  CHECK(grants(plan.tokens[0]) == 50);
  CHECK(plan.tokens[0].packages.front() == "pkg-0");  // tokens go out in topology order
  CHECK(plan.requested == 3);
  REQUIRE(plan.denied.size() == 70);
  CHECK(plan.denied.front() == "pkg-50");
  for (int i = 0; i < 120; ++i) {
    const auto *p = r.package("pkg-" + std::to_string(i));
    REQUIRE(p);
    const auto *gt = p->strategy("granular-token");
    if (i < 50) {
      CHECK(p->recommended == std::optional<std::string>("granular-token"));
      continue;
    }
    CHECK_FALSE(p->recommended);
    REQUIRE(gt->status == pubplan::Status::infeasible);
    CHECK(test::has(test::ids(gt->because), "token.account-limit"));
    CHECK(test::has(test::ids(gt->because), "npm.tokens_in_use"));
    CHECK(test::has(test::ids(p->conflict), "token.account-limit"));
    // Repairs: retire tokens (down to the count at which all 3 fit), make
    // releases attended, move to a CI that trusted publishing supports.
    bool retire = false, attended = false, move_ci = false;
    for (const auto &rep : p->repairs) {
      for (const auto &c : rep.changes) {
        if (c.fact == "npm.tokens_in_use") {
          retire = rep.unlocks == "granular-token" && c.from_json == "999" && c.to_json == "997";
          CHECK(c.origin == "t.yaml:3");
        }
        if (c.fact == "pipelines[ci].unattended") attended = rep.unlocks == "interactive-2fa";
        if (c.fact == "pipelines[ci].provider") move_ci = true;
      }
    }
    CHECK(retire);
    CHECK(attended);
    CHECK(move_ci);
  }
  // The JSON says the same.
  const std::string json = pubplan::to_json(r);
  CHECK(json.find("\"denied\": [\n      \"pkg-50\"") != std::string::npos);
  // Streamed, the denied packages come out as solved again, as when kept.
  const pubplan::Planner planner = test::planner();
  const auto t = pubplan::Topology::load_string(jenkins(names("pkg-", 120), 999), "t.yaml");
  std::vector<pubplan::PackageResult> handed;
  const pubplan::Result streamed = planner.solve(t, [&](pubplan::PackageResult &&p) { handed.push_back(p); });
  CHECK(streamed.packages.empty());
  CHECK(streamed.exit_code() == 1);
  CHECK(streamed.summary.nothing_fits == 70);
  REQUIRE(handed.size() == 120);
  CHECK_FALSE(handed[50].recommended);
  pubplan::Result rebuilt = streamed;
  rebuilt.packages = handed;
  rebuilt.summary = {};
  CHECK(pubplan::to_json(rebuilt) == json);
}

TEST_CASE("300 packages under 2 scopes of one pipeline: one token with 2 scope grants", "[tokens]") {
  auto pkgs = names("@alpha/p", 150);
  auto beta = names("@beta/p", 150);
  pkgs.insert(pkgs.end(), beta.begin(), beta.end());
  auto r = test::solve(jenkins(pkgs));
  REQUIRE(r.tokens.tokens.size() == 1);
  CHECK(r.tokens.tokens[0].scopes == std::vector<std::string>{"@alpha", "@beta"});
  CHECK(r.tokens.tokens[0].packages.empty());
  CHECK(r.tokens.tokens[0].command ==
        "npm token create --name pubplan-ci-write --packages-and-scopes-permission read-write"
        " --scopes @alpha --scopes @beta --bypass-2fa --expires 90");

  SECTION("a topology that may hold only part of the organisation: packages one by one, never a scope") {
    std::string partial = jenkins(pkgs);
    partial.replace(partial.find("npm:\n"), 5, "npm:\n  complete: false\n");
    auto r2 = test::solve(partial);
    REQUIRE(r2.tokens.tokens.size() == 6);  // 300 package grants, 50 a token
    for (const auto &t : r2.tokens.tokens) {
      CHECK(t.scopes.empty());
      CHECK(t.packages.size() == 50);
    }
    CHECK(r2.tokens.lower_bound == 6);
    // The normalized form keeps it.
    CHECK(pubplan::Topology::load_string(partial, "t.yaml").to_normalized_json().find("\"complete\": false") !=
          std::string::npos);
  }

  SECTION("another pipeline also publishing one package of a scope: package grants for that scope") {
    auto r2 = test::solve(jenkins(pkgs, 0, kOtherPipeline, "@alpha/p7"));
    std::vector<pubplan::Token> ci, other;
    for (const auto &t : r2.tokens.tokens) (t.pipeline == "ci" ? ci : other).push_back(t);
    // ci: scope @beta + 150 packages of @alpha = 151 grants -> 4 tokens.
    REQUIRE(ci.size() == 4);
    CHECK(ci[0].scopes == std::vector<std::string>{"@beta"});
    std::size_t alpha = 0;
    for (const auto &t : ci) {
      CHECK(grants(t) <= 50);
      for (const auto &p : t.packages) alpha += p.starts_with("@alpha/");
      CHECK(std::find(t.scopes.begin(), t.scopes.end(), "@alpha") == t.scopes.end());
    }
    CHECK(alpha == 150);
    REQUIRE(other.size() == 1);
    CHECK(other[0].packages == std::vector<std::string>{"@alpha/p7"});
    CHECK(r2.tokens.lower_bound == 5);
    // The two publishers are grouped in the graph's answer.
    REQUIRE(r2.graph.multi_publisher.size() == 1);
    CHECK(r2.graph.multi_publisher[0].pipelines == std::vector<std::string>{"ci", "other"});
    CHECK(r2.graph.multi_publisher[0].packages == std::vector<std::string>{"@alpha/p7"});
  }
}

TEST_CASE("a scope is granted only when every package of it needs this pipeline's write token", "[tokens]") {
  // One package of @alpha is published by hand: a scope grant would let the
  // pipeline's token publish it too.
  std::string y = jenkins(names("@alpha/p", 3));
  y += "  - name: \"@alpha/locked\"\n    access: public\n    repository: corp/mono\n"
       "    published_by: []\n";
  auto r = test::solve(y);
  REQUIRE(r.tokens.tokens.size() == 1);
  CHECK(r.tokens.tokens[0].scopes.empty());
  CHECK(r.tokens.tokens[0].packages == std::vector<std::string>{"@alpha/p0", "@alpha/p1", "@alpha/p2"});
}

TEST_CASE("token packing meets its lower bound and the per-token limit", "[tokens]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    // Up to 4 pipelines, each publishing a random number of unscoped packages.
    const int pipelines = 1 + static_cast<int>(rng() % 4);
    std::string more, pkgs;
    std::vector<int> count(pipelines);
    for (int q = 1; q < pipelines; ++q)
      more += "  - name: ci" + std::to_string(q) +
              "\n    repository: corp/mono\n    provider: jenkins\n    runner: self-hosted\n"
              "    node: 22.14.0\n    npm: 11.6.0\n    unattended: true\n";
    int n = 0;
    for (int q = 0; q < pipelines; ++q) {
      count[q] = 1 + static_cast<int>(rng() % 130);
      for (int k = 0; k < count[q]; ++k, ++n)
        pkgs += "  - name: p" + std::to_string(n) + "\n    access: public\n    repository: corp/mono\n"
                "    published_by: [" + (q == 0 ? std::string("ci") : "ci" + std::to_string(q)) + "]\n";
    }
    const std::string y = jenkins({}, 0, more) + pkgs;
    auto r = test::solve(y);
    std::size_t expected = 0;
    for (int c : count) expected += (c + 49) / 50;
    CHECK(r.tokens.tokens.size() == expected);
    CHECK(r.tokens.lower_bound == expected);
    std::size_t granted = 0;
    for (const auto &t : r.tokens.tokens) {
      CHECK(grants(t) >= 1);
      CHECK(grants(t) <= 50);
      granted += grants(t);
    }
    CHECK(granted == static_cast<std::size_t>(n));
  }
}

TEST_CASE("a private package of another repository reached through a workspace package needs a read-only token",
          "[tokens][graph]") {
  auto topology = [](const std::string &secret_repo) {
    return "version: 1\nnpm:\n  orgs:\n    - name: acme\n      paid: true\n"
           "repositories:\n"
           "  - name: acme/web\n    host: github\n    visibility: public\n"
           "  - name: acme/platform\n    host: github\n    visibility: private\n"
           "pipelines:\n"
           "  - name: web-release\n    repository: acme/web\n    provider: github-actions\n    runner: hosted\n"
           "    file: .github/workflows/release.yml\n    node: 22.14.0\n    npm: 11.5.1\n    unattended: true\n"
           "packages:\n"
           "  - name: \"@acme/app\"\n    access: public\n    repository: acme/web\n"
           "    published_by: [web-release]\n    depends_on: [\"@acme/shared\"]\n"
           "  - name: \"@acme/shared\"\n    access: public\n    repository: acme/web\n    published_by: []\n"
           "    depends_on: [\"@acme/secret\"]\n"
           "  - name: \"@acme/secret\"\n    access: private\n    repository: " +
           secret_repo + "\n    published_by: []\n";
  };
  auto r = test::solve(topology("acme/platform"));
  REQUIRE(r.package("@acme/app")->recommended == std::optional<std::string>("trusted-publishing"));
  REQUIRE(r.graph.read_needs.size() == 1);
  CHECK(r.graph.read_needs[0].pipeline == "web-release");
  CHECK(r.graph.read_needs[0].package == "@acme/secret");
  CHECK(r.graph.read_needs[0].path == std::vector<std::string>{"@acme/app", "@acme/shared", "@acme/secret"});
  REQUIRE(r.tokens.tokens.size() == 1);
  const auto &t = r.tokens.tokens[0];
  CHECK(t.access == "read-only");
  CHECK(t.pipeline == "web-release");
  CHECK(t.packages == std::vector<std::string>{"@acme/secret"});
  CHECK_FALSE(t.bypass_2fa);
  CHECK(t.name == "pubplan-web-release-read");
  auto warned = [](const pubplan::PackageResult &p) {
    std::vector<std::string> rules;
    for (const auto &w : p.warnings) rules.push_back(w.rule);
    return test::has(rules, "install.read-token");
  };
  CHECK(warned(*r.package("@acme/app")));

  auto same_repo = test::solve(topology("acme/web"));
  CHECK(same_repo.graph.read_needs.empty());
  CHECK(same_repo.tokens.tokens.empty());
  CHECK_FALSE(warned(*same_repo.package("@acme/app")));
}

TEST_CASE("read-only tokens that do not fit the budget are reported, not planned", "[tokens]") {
  std::string y =
      "version: 1\nnpm:\n  tokens_in_use: 1000\n  orgs:\n    - name: acme\n      paid: true\n"
      "repositories:\n  - name: a\n    host: github\n    visibility: public\n"
      "  - name: b\n    host: github\n    visibility: private\n"
      "pipelines:\n  - name: rel\n    repository: a\n    provider: github-actions\n    runner: hosted\n"
      "    file: r.yml\n    node: 22.14.0\n    npm: 11.5.1\n    unattended: true\n"
      "packages:\n  - name: \"@acme/x\"\n    access: public\n    repository: a\n    published_by: [rel]\n"
      "    depends_on: [\"@acme/y\"]\n"
      "  - name: \"@acme/y\"\n    access: private\n    repository: b\n    published_by: []\n";
  auto r = test::solve(y);
  CHECK(r.tokens.tokens.empty());
  CHECK(r.tokens.read_denied == std::vector<std::string>{"rel"});
  CHECK(r.graph.read_needs.size() == 1);
}

// Found by fuzz_solve: --verify checked a denied package as if it had its
// token, and reported the planner's answers for it as disagreements.
TEST_CASE("the independent checker reads a package the budget denies as the planner does", "[tokens][checker]") {
  const std::string three_pipelines =
      "version: 1\n"
      "npm: {tokens_in_use: 999}\n"
      "repositories: [{name: acme/r0, host: bitbucket, visibility: unknown}]\n"
      "pipelines:\n"
      "  - {name: p1, repository: acme/r0, provider: azure-pipelines, runner: hosted, node: \"~22.14.0\", npm: \"10.9.0\", unattended: true}\n"
      "  - {name: p2, repository: acme/r0, provider: circleci, runner: self-hosted, node: \"24\", npm: latest, unattended: unknown}\n"
      "  - {name: p3, repository: acme/r0, provider: jenkins, runner: hosted, node: \"24.1\", npm: latest, unattended: true}\n"
      "packages:\n"
      "  - {name: \"@acme/k0\", repository: acme/r0, access: public, tokens_allowed: true, published_by: [p1, p2, p3]}\n";
  for (const std::string &text : {three_pipelines, jenkins(names("pkg-", 120), 999)}) {
    INFO(text.substr(0, 200));
    const pubplan::Planner planner = test::planner();
    const auto t = pubplan::Topology::load_string(text, "t.yaml");
    const pubplan::Result r = planner.solve(t);
    // The case under test: some package is denied, and its granular token is out.
    REQUIRE_FALSE(r.tokens.denied.empty());
    const auto *denied = r.package(r.tokens.denied.front());
    REQUIRE(denied);
    CHECK(denied->strategy("granular-token")->status == pubplan::Status::infeasible);
    const auto disagreements = pubplan::verify(t, r, planner.catalog());
    for (const auto &d : disagreements) INFO(d.to_string());
    CHECK(disagreements.empty());
  }
}

TEST_CASE("staged publishing gets a stage-only token, counted against the same budget", "[tokens]") {
  auto topology = [](int in_use) {
    return "version: 1\nnpm:\n  tokens_in_use: " + std::to_string(in_use) +
           "\n  orgs: [{name: acme, paid: true}]\n"
           "repositories:\n  - {name: acme/svc, host: bitbucket, visibility: private}\n"
           "pipelines:\n  - {name: nightly, repository: acme/svc, provider: jenkins, runner: self-hosted, "
           "node: 22.14.0, npm: 11.15.0, unattended: true}\n"
           "packages:\n  - {name: \"@acme/orders\", access: private, repository: acme/svc, published_by: [nightly]}\n"
           "  - {name: \"@acme/api\", access: private, repository: acme/svc, published_by: [nightly]}\n";
  };
  const auto r = test::solve(topology(10));
  REQUIRE(r.packages[0].recommended == std::optional<std::string>(pubplan::kStagedPublishing));
  REQUIRE(r.tokens.tokens.size() == 1);
  const auto &t = r.tokens.tokens[0];
  CHECK(t.access == "read-write-stage-only");
  CHECK_FALSE(t.bypass_2fa);  // staging never asks for a one-time password
  CHECK(t.scopes == std::vector<std::string>{"@acme"});  // the pipeline publishes the whole scope
  CHECK(t.name == "pubplan-nightly-stage");
  CHECK(t.command == "npm token create --name pubplan-nightly-stage --packages-and-scopes-permission "
                     "read-write-stage-only --scopes @acme --expires 90");

  // An account with no token left: staging (and the bypass-2FA token) fail on the budget.
  const auto full = test::solve(topology(1000));
  CHECK(full.tokens.denied == std::vector<std::string>{"@acme/orders", "@acme/api"});
  const auto &p = full.packages[0];
  CHECK_FALSE(p.recommended);
  const auto *staged = p.strategy(pubplan::kStagedPublishing);
  REQUIRE(staged->status == pubplan::Status::infeasible);
  CHECK(test::ids(staged->because) == std::vector<std::string>{"token.account-limit", "npm.tokens_in_use"});
}
