// The encoding, rule by rule and on the acceptance cases of the core engine.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "solve/problem.hpp"
#include "topology/access.hpp"

using pubplan::Status;
using test::has;
using test::ids;
using test::one_package;

namespace {

const pubplan::PackageResult &only(const pubplan::Result &r) {
  REQUIRE(r.packages.size() == 1);
  return r.packages[0];
}

std::string pipeline(const std::string &provider, const std::string &runner, const std::string &node,
                     const std::string &npm, const std::string &unattended = "true") {
  std::string s = "    provider: " + provider + "\n    runner: " + runner + "\n";
  if (!node.empty()) s += "    node: " + node + "\n";
  if (!npm.empty()) s += "    npm: " + npm + "\n";
  return s + "    unattended: " + unattended + "\n";
}

const char *kPublic = "    access: public\n";

}  // namespace

TEST_CASE("GitHub-hosted public package: trusted publishing with provenance", "[encoding][acceptance]") {
  auto r = test::solve(one_package(test::kGood, kPublic));
  const auto &p = only(r);
  CHECK(p.recommended == std::optional<std::string>("trusted-publishing"));
  CHECK(p.recommended_status == Status::feasible);
  CHECK(p.provenance == true);
  CHECK(p.feasible == std::vector<std::string>{"trusted-publishing", "trusted-publishing-without-provenance", "granular-token"});
  const auto *i2fa = p.strategy("interactive-2fa");
  REQUIRE(i2fa->status == Status::infeasible);
  CHECK(ids(i2fa->because) == std::vector<std::string>{"interactive.unattended", "pipelines[release].unattended"});
  CHECK(i2fa->because[1].value_json == "true");
  CHECK(i2fa->because[1].origin == "t.yaml:14");
  CHECK(r.exit_code() == 0);
  // The package states no trusted publisher: creating one has a deadline.
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].rule == "tp.new-configuration");
  // On 2027-01-01 the bypass-2FA token stops publishing; the recommendation stays.
  REQUIRE(r.ahead.size() == 1);
  CHECK(r.ahead[0].date == "2027-01-01");
  CHECK(r.ahead[0].rules[0].rule == "token.direct-publish-ends");
  CHECK(r.ahead[0].strategies[0].strategy == "granular-token");
  CHECK(r.ahead[0].recommended_after == std::optional<std::string>("trusted-publishing"));
}

TEST_CASE("self-hosted runner: no trusted publishing, granular token with the sunset warning", "[encoding][acceptance]") {
  auto p = only(test::solve(one_package(pipeline("github-actions", "self-hosted", "22.14.0", "11.5.1"), kPublic)));
  const auto *tpwp = p.strategy("trusted-publishing-without-provenance");
  REQUIRE(tpwp->status == Status::infeasible);
  CHECK(ids(tpwp->because) == std::vector<std::string>{"tp.no-self-hosted", "pipelines[release].runner"});
  const auto *tp = p.strategy("trusted-publishing");
  REQUIRE(tp->status == Status::infeasible);
  CHECK((has(ids(tp->because), "tp.no-self-hosted") || has(ids(tp->because), "provenance.requires")));
  CHECK(p.recommended == std::optional<std::string>("granular-token"));
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].rule == "token.bypass-2fa-sunset");
}

TEST_CASE("CircleCI: trusted publishing without provenance", "[encoding][acceptance]") {
  auto p = only(test::solve(one_package(pipeline("circleci", "hosted", "22.14.0", "11.12.0"), kPublic)));
  CHECK(p.recommended == std::optional<std::string>("trusted-publishing-without-provenance"));
  CHECK(p.provenance == false);
  const auto *tp = p.strategy("trusted-publishing");
  REQUIRE(tp->status == Status::infeasible);
  CHECK(ids(tp->because) == std::vector<std::string>{"provenance.requires", "pipelines[release].provider"});
}

TEST_CASE("Jenkins, tokens disallowed, unattended: nothing fits", "[encoding][acceptance]") {
  // Before staged publishing, which fits it today (see the scenarios).
  auto r = test::solve(one_package(pipeline("jenkins", "hosted", "", ""), "    access: public\n    tokens_allowed: false\n"),
                       pubplan::Catalog::builtin(), test::kBeforeStaging);
  const auto &p = only(r);
  CHECK_FALSE(p.recommended);
  CHECK(r.exit_code() == 1);
  auto c = ids(p.conflict);
  std::sort(c.begin(), c.end());
  CHECK(c == std::vector<std::string>{"interactive.unattended", "packages[@acme/ui].tokens_allowed",
                                      "pipelines[release].provider", "pipelines[release].unattended",
                                      "stage.available", "token.disallowed", "tp.supported-ci"});
}

TEST_CASE("no node version: trusted publishing conditional, granular token as fallback", "[encoding][acceptance]") {
  auto r = test::solve(one_package(pipeline("github-actions", "hosted", "", "11.5.1"), kPublic));
  const auto &p = only(r);
  CHECK(p.recommended == std::optional<std::string>("trusted-publishing"));
  CHECK(p.recommended_status == Status::conditional);
  CHECK(p.fallback == std::optional<std::string>("granular-token"));
  CHECK(p.conditional == std::vector<std::string>{"trusted-publishing", "trusted-publishing-without-provenance"});
  const auto *tp = p.strategy("trusted-publishing");
  REQUIRE(tp->assuming.size() == 1);
  CHECK(tp->assuming[0].fact == "pipelines[release].node");
  CHECK(tp->assuming[0].needs == ">= 22.14.0");
  CHECK(r.exit_code() == 3);
}

TEST_CASE("partial versions are ranges: 24 is enough, 22 is not known to be", "[encoding]") {
  auto p24 = only(test::solve(one_package(pipeline("github-actions", "hosted", "24", "11.5.1"), kPublic)));
  CHECK(p24.strategy("trusted-publishing")->status == Status::feasible);
  auto p22 = only(test::solve(one_package(pipeline("github-actions", "hosted", "22", "11.5.1"), kPublic)));
  CHECK(p22.strategy("trusted-publishing")->status == Status::conditional);
  auto p20 = only(test::solve(one_package(pipeline("github-actions", "hosted", "20", "11.5.1"), kPublic)));
  CHECK(p20.strategy("trusted-publishing")->status == Status::infeasible);
  auto lts = only(test::solve(one_package(pipeline("github-actions", "hosted", "lts/*", "latest"), kPublic)));
  CHECK(lts.strategy("trusted-publishing")->status == Status::conditional);
}

TEST_CASE("each trusted-publishing rule on its own", "[encoding]") {
  struct Case { const char *rule; std::string pipeline, package, repo; std::string fact; };
  std::vector<Case> cases = {
      {"tp.supported-ci", pipeline("azure-pipelines", "hosted", "24", "11.6.0"), kPublic, "host: github\n    visibility: public", "pipelines[release].provider"},
      {"tp.cloud-host", pipeline("github-actions", "hosted", "24", "11.6.0"), kPublic, "host: github-enterprise-server\n    visibility: public", "repositories[acme/web].host"},
      {"tp.npm-version", pipeline("github-actions", "hosted", "24", "11.4.0"), kPublic, "host: github\n    visibility: public", "pipelines[release].npm"},
      {"tp.node-version", pipeline("github-actions", "hosted", "20.11.0", "11.6.0"), kPublic, "host: github\n    visibility: public", "pipelines[release].node"},
      {"tp.package-exists", pipeline("github-actions", "hosted", "24", "11.6.0"), "    access: public\n    exists: false\n", "host: github\n    visibility: public", "packages[@acme/ui].exists"},
  };
  for (const auto &c : cases) {
    INFO(c.rule);
    auto p = only(test::solve(one_package(c.pipeline, c.package, c.repo)));
    const auto *s = p.strategy("trusted-publishing-without-provenance");
    REQUIRE(s->status == Status::infeasible);
    CHECK(ids(s->because) == std::vector<std::string>{c.rule, c.fact});
  }
}

TEST_CASE("tp.npm-version needs 11.11.0 on CircleCI", "[encoding]") {
  auto p = only(test::solve(one_package(pipeline("circleci", "hosted", "24", "11.6.0"), kPublic)));
  const auto *s = p.strategy("trusted-publishing-without-provenance");
  REQUIRE(s->status == Status::infeasible);
  CHECK(ids(s->because) == std::vector<std::string>{"tp.npm-version", "pipelines[release].provider", "pipelines[release].npm"});
}

TEST_CASE("tp.needs-ci: a package nobody's pipeline publishes goes to a person", "[encoding]") {
  std::string yaml = one_package(test::kGood, kPublic);
  yaml.replace(yaml.find("published_by: [release]"), 23, "published_by: []");
  auto p = only(test::solve(yaml));
  CHECK(ids(p.strategy("trusted-publishing-without-provenance")->because) ==
        std::vector<std::string>{"tp.needs-ci", "packages[@acme/ui].published_by"});
  CHECK(p.recommended == std::optional<std::string>("interactive-2fa"));
}

TEST_CASE("tp.one-publisher: two workflow files are two publishers", "[encoding]") {
  std::string yaml =
      "version: 1\nrepositories:\n  - {name: a/r, host: github, visibility: public}\n"
      "pipelines:\n"
      "  - {name: p1, repository: a/r, provider: github-actions, runner: hosted, file: a.yml, node: 24, npm: 11.6.0, unattended: true}\n"
      "  - {name: p2, repository: a/r, provider: github-actions, runner: hosted, file: b.yml, node: 24, npm: 11.6.0, unattended: true}\n"
      "  - {name: p3, repository: a/r, provider: github-actions, runner: hosted, file: a.yml, node: 24, npm: 11.6.0, unattended: true}\n"
      "packages:\n  - {name: two, access: public, repository: a/r, published_by: [p1, p2]}\n"
      "  - {name: same, access: public, repository: a/r, published_by: [p1, p3]}\n";
  auto r = test::solve(yaml, pubplan::Catalog::builtin(), "2026-09-02");
  CHECK(ids(r.packages[0].strategy("trusted-publishing-without-provenance")->because) ==
        std::vector<std::string>{"tp.one-publisher", "packages[two].published_by"});
  CHECK(r.packages[1].recommended == std::optional<std::string>("trusted-publishing"));
  // Since 2026-09-03 a package may have up to ten trusted publishers.
  CHECK(test::solve(yaml).packages[0].recommended == std::optional<std::string>("trusted-publishing"));
}

TEST_CASE("provenance.requires: a private repository gets trusted publishing without provenance", "[encoding]") {
  auto p = only(test::solve(one_package(test::kGood, kPublic, "host: github\n    visibility: private")));
  CHECK(p.recommended == std::optional<std::string>("trusted-publishing-without-provenance"));
  CHECK(ids(p.strategy("trusted-publishing")->because) ==
        std::vector<std::string>{"provenance.requires", "repositories[acme/web].visibility"});
}

TEST_CASE("policy.provenance required: only strategies with provenance fit", "[encoding]") {
  const std::string top = "policy:\n  provenance: required\n";
  auto hosted = only(test::solve(one_package(test::kGood, kPublic, "host: github\n    visibility: public", top)));
  CHECK(hosted.feasible == std::vector<std::string>{"trusted-publishing", "granular-token"});
  CHECK(hosted.strategy("granular-token")->provenance == true);
  auto self = only(test::solve(one_package(pipeline("github-actions", "self-hosted", "24", "11.6.0"), kPublic,
                                            "host: github\n    visibility: public", top)));
  CHECK_FALSE(self.recommended);
  const auto *gt = self.strategy("granular-token");
  REQUIRE(gt->status == Status::infeasible);
  // Rules, then facts: the policy fact has the same path as the policy rule's id.
  CHECK(ids(gt->because) == std::vector<std::string>{"provenance.with-token", "policy.provenance",
                                                    "policy.provenance", "pipelines[release].runner"});
}

TEST_CASE("a package's own requirement overrides the policy", "[encoding]") {
  auto p = only(test::solve(one_package(test::kGood, "    access: public\n    requires: { provenance: off }\n",
                                        "host: github\n    visibility: private", "policy:\n  provenance: required\n")));
  CHECK(p.recommended == std::optional<std::string>("trusted-publishing-without-provenance"));
}

TEST_CASE("token.disallowed and bypass-2FA policy block the token", "[encoding]") {
  auto disallowed = only(test::solve(one_package(pipeline("jenkins", "hosted", "", "", "false"),
                                                 "    access: public\n    tokens_allowed: false\n")));
  CHECK(ids(disallowed.strategy("granular-token")->because) ==
        std::vector<std::string>{"token.disallowed", "packages[@acme/ui].tokens_allowed"});
  // Staging is not publishing: "disallow tokens" leaves it open (its npm and
  // Node are unknown, so it is conditional, and a person fits now).
  CHECK(disallowed.recommended == std::optional<std::string>("staged-publishing"));
  CHECK(disallowed.recommended_status == Status::conditional);
  CHECK(disallowed.fallback == std::optional<std::string>("interactive-2fa"));
  auto forbidden = only(test::solve(one_package(pipeline("jenkins", "hosted", "", "", "false"), kPublic,
                                                "host: github\n    visibility: public",
                                                "policy:\n  bypass_2fa_tokens: forbidden\n")));
  auto because = ids(forbidden.strategy("granular-token")->because);
  CHECK(because == std::vector<std::string>{"token.bypass-2fa", "policy.no-bypass-2fa",
                                            "packages[@acme/ui].published_by", "policy.bypass_2fa_tokens"});
}

TEST_CASE("private packages need a paid plan and a scope", "[encoding]") {
  std::string yaml = one_package(test::kGood, "    access: private\n", "host: github\n    visibility: public",
                                 "npm:\n  orgs:\n    - {name: acme, paid: false}\n");
  auto r = test::solve(yaml);
  CHECK_FALSE(r.packages[0].recommended);
  CHECK(ids(r.packages[0].conflict) == std::vector<std::string>{"private.paid-plan", "packages[@acme/ui].access", "npm.orgs[acme].paid"});
  // An org that is not listed has an unknown plan: the answer is conditional on it.
  auto unknown = test::solve(one_package(test::kGood, "    access: private\n"));
  CHECK(unknown.packages[0].recommended_status == Status::conditional);
  CHECK(unknown.packages[0].strategy("trusted-publishing-without-provenance")->assuming[0].fact == "npm.orgs[acme].paid");
  std::string unscoped = one_package(test::kGood, "    access: private\n");
  unscoped.replace(unscoped.find("\"@acme/ui\""), 10, "plain-pkg");
  CHECK(test::has(ids(test::solve(unscoped).packages[0].conflict), "private.scoped"));
}

TEST_CASE("install.read-token: private dependency of another repository", "[encoding]") {
  std::string yaml =
      "version: 1\nnpm:\n  orgs: [{name: acme, paid: true}]\nrepositories:\n"
      "  - {name: a/web, host: github, visibility: public}\n  - {name: a/core, host: github, visibility: private}\n"
      "pipelines:\n  - {name: rel, repository: a/web, provider: github-actions, runner: hosted, file: r.yml, node: 24, npm: 11.6.0, unattended: true}\n"
      "packages:\n"
      "  - {name: \"@acme/app\", access: public, repository: a/web, published_by: [rel], depends_on: [\"@acme/mid\"]}\n"
      "  - {name: \"@acme/mid\", access: public, repository: a/web, published_by: [rel], depends_on: [\"@acme/secret\"]}\n"
      "  - {name: \"@acme/secret\", access: private, repository: a/core}\n"
      "  - {name: \"@acme/local\", access: private, repository: a/web, published_by: [rel]}\n"
      "  - {name: \"@acme/uses-local\", access: public, repository: a/web, published_by: [rel], depends_on: [\"@acme/local\"]}\n";
  auto r = test::solve(yaml);
  auto warned = [&](const char *name) {
    for (const auto &w : r.package(name)->warnings)
      if (w.rule == "install.read-token") return true;
    return false;
  };
  CHECK(warned("@acme/app"));        // transitively, through @acme/mid
  CHECK(warned("@acme/mid"));
  CHECK_FALSE(warned("@acme/uses-local"));  // same repository: linked locally
}

TEST_CASE("profiles shift a person in the loop against automation", "[encoding]") {
  // npm 10 rules out staged publishing, which ranks above both.
  auto attended = one_package(pipeline("jenkins", "hosted", "", "10.9.0", "false"), kPublic);
  CHECK(only(test::solve(attended)).recommended == std::optional<std::string>("interactive-2fa"));
  auto monorepo = one_package(pipeline("jenkins", "hosted", "", "10.9.0", "false"), kPublic,
                              "host: github\n    visibility: public", "profiles: [monorepo, compliance]\n");
  auto p = only(test::solve(monorepo));
  CHECK(p.recommended == std::optional<std::string>("granular-token"));
  CHECK(p.why.find("monorepo") != std::string::npos);
}

TEST_CASE("provenance preferred ranks a token with provenance above a person; off does not", "[encoding]") {
  // npm 10 rules out trusted publishing but still gives provenance with a token.
  auto pipe = pipeline("github-actions", "hosted", "24", "10.9.0", "false");
  auto preferred = only(test::solve(one_package(pipe, kPublic)));
  CHECK(preferred.recommended == std::optional<std::string>("granular-token"));
  CHECK(preferred.provenance == true);
  auto off = only(test::solve(one_package(pipe, kPublic, "host: github\n    visibility: public", "policy:\n  provenance: off\n")));
  CHECK(off.recommended == std::optional<std::string>("interactive-2fa"));
}

TEST_CASE("one infeasible package never makes the others infeasible", "[encoding]") {
  std::string yaml = one_package(test::kGood, kPublic) +
                     "  - name: \"@acme/stuck\"\n    access: public\n    repository: acme/web\n"
                     "    published_by: [release]\n    tokens_allowed: false\n    exists: false\n";
  auto r = test::solve(yaml);
  CHECK(r.packages[0].recommended == std::optional<std::string>("trusted-publishing"));
  CHECK_FALSE(r.packages[1].recommended);
  CHECK(r.exit_code() == 1);
}

TEST_CASE("packages of the same shape are solved once", "[encoding]") {
  std::string yaml = one_package(test::kGood, kPublic);
  for (int i = 0; i < 20; ++i)
    yaml += "  - name: \"@acme/p" + std::to_string(i) + "\"\n    access: public\n    repository: acme/web\n    published_by: [release]\n";
  auto r = test::solve(yaml);
  CHECK(r.packages.size() == 21);
  CHECK(r.distinct_problems == 1);
  for (const auto &p : r.packages) CHECK(p.recommended == std::optional<std::string>("trusted-publishing"));
  // Names in explanations are the package's own, not the first package's.
  CHECK(r.packages[7].strategy("interactive-2fa")->because[1].fact == "pipelines[release].unattended");
}

TEST_CASE("versions between the same catalog cuts share a problem; across a cut they do not", "[encoding]") {
  // One package per pipeline; trusted publishing needs Node >= 22.14.0.
  auto topology = [](const std::vector<std::string> &nodes) {
    std::string y = "version: 1\nrepositories:\n  - name: acme/web\n    host: github\n    visibility: public\npipelines:\n";
    for (std::size_t i = 0; i < nodes.size(); ++i)
      y += "  - name: p" + std::to_string(i) + "\n    repository: acme/web\n    file: p" + std::to_string(i) +
           ".yml\n" + pipeline("github-actions", "hosted", nodes[i], "11.5.1");
    y += "packages:\n";
    for (std::size_t i = 0; i < nodes.size(); ++i)
      y += "  - name: \"@acme/p" + std::to_string(i) + "\"\n    access: public\n    repository: acme/web\n"
           "    published_by: [p" + std::to_string(i) + "]\n";
    return y;
  };
  auto same = test::solve(topology({"22.14.0", "22.17.1", "24.4.0"}));
  CHECK(same.distinct_problems == 1);
  for (const auto &p : same.packages) CHECK(p.recommended == std::optional<std::string>("trusted-publishing"));
  auto split = test::solve(topology({"20.11.0", "22.13.9", "22.14.0"}));
  CHECK(split.distinct_problems == 2);
  CHECK(split.packages[0].recommended != std::optional<std::string>("trusted-publishing"));
  CHECK(split.packages[1].recommended != std::optional<std::string>("trusted-publishing"));
  CHECK(split.packages[2].recommended == std::optional<std::string>("trusted-publishing"));
  // The shared answer speaks of each package's own version.
  const auto *tp = split.packages[1].strategy("trusted-publishing");
  REQUIRE(tp->because.size() == 2);
  CHECK(tp->because[1].fact == "pipelines[p1].node");
  CHECK(tp->because[1].value_json == "\"22.13.9\"");
}

TEST_CASE("a solver budget that runs out gives unknown, not a guess", "[encoding]") {
  pubplan::Options opts = test::options();
  opts.rlimit = 1;
  pubplan::Planner planner(pubplan::Catalog::builtin(), opts);
  auto r = planner.solve(pubplan::Topology::load_string(one_package(test::kGood, kPublic), "t.yaml"));
  const auto &p = r.packages[0];
  CHECK(p.strategy("trusted-publishing")->status == Status::unknown);
  CHECK(p.strategy("trusted-publishing")->note.find("solver stopped") != std::string::npos);
  CHECK(p.recommended_status == Status::unknown);
  CHECK(r.exit_code() == 3);
}

namespace {

// Five pipelines of one package: a, b, c with the given runner and Node, d and
// e hosted with Node unknown (or `d_node` for d).
std::string five_pipelines(const std::string &abc_runner, const std::string &abc_node = "20.11.0",
                           const std::string &d_node = "unknown") {
  std::string y = "version: 1\nrepositories:\n  - {name: acme/web, host: github, visibility: public}\npipelines:\n";
  for (const char *n : {"a", "b", "c"})
    y += std::string("  - {name: ") + n + ", repository: acme/web, provider: github-actions, runner: " + abc_runner +
         ", file: r.yml, node: " + abc_node + ", npm: 11.5.1, unattended: true}\n";
  y += "  - {name: d, repository: acme/web, provider: github-actions, runner: hosted, file: r.yml, node: " + d_node +
       ", npm: 11.5.1, unattended: true}\n";
  y += "  - {name: e, repository: acme/web, provider: github-actions, runner: hosted, file: r.yml, node: unknown, "
       "npm: 11.5.1, unattended: true}\n";
  return y + "packages:\n  - {name: \"@acme/ui\", repository: acme/web, access: public, published_by: [a, b, c, d, e]}\n";
}

}  // namespace

TEST_CASE("pipelines with the same facts are one pipeline of the problem", "[encoding]") {
  using pubplan::detail::build_problem;
  const auto t = pubplan::Topology::load_string(five_pipelines("self-hosted"), "t.yaml");
  const auto &m = pubplan::detail::Access::model(t);
  const auto merge = pubplan::detail::merge_needs_known(pubplan::detail::Access::model(pubplan::Catalog::builtin()));
  const auto merged = build_problem(m, 0, &merge);
  REQUIRE(merged.pipelines.size() == 2);
  CHECK(merged.copies[0] == std::vector<int>{1, 2});
  CHECK(merged.copies[1] == std::vector<int>{4});
  const auto runner = merged.slot_of(pubplan::detail::Attr::pipeline_runner, 0);
  CHECK(merged.slots[runner].stands_for == 3);
  CHECK(merged.facts_of(runner).size() == 3);
  // The repository's slots are shared by every pipeline, not copied.
  CHECK(merged.slots[merged.slot_of(pubplan::detail::Attr::repository_host, 0)].stands_for == 1);
  CHECK(build_problem(m, 0).pipelines.size() == 5);
  // A pipeline that differs in one fact is its own.
  const auto t2 = pubplan::Topology::load_string(five_pipelines("self-hosted", "20.11.0", "22.14.0"), "t.yaml");
  CHECK(build_problem(pubplan::detail::Access::model(t2), 0, &merge).pipelines.size() == 3);
  // npm is read under every_pipeline (granular-token's provenance): copies that
  // leave it unknown could differ there, so they stay apart.
  std::string npm_unknown = five_pipelines("self-hosted");
  for (std::size_t at; (at = npm_unknown.find("npm: 11.5.1")) != std::string::npos;)
    npm_unknown.replace(at, 11, "npm: unknown");
  CHECK(merge[static_cast<int>(pubplan::detail::Attr::pipeline_npm)]);
  CHECK_FALSE(merge[static_cast<int>(pubplan::detail::Attr::pipeline_node)]);
  const auto t3 = pubplan::Topology::load_string(npm_unknown, "t.yaml");
  CHECK(build_problem(pubplan::detail::Access::model(t3), 0, &merge).pipelines.size() == 5);
  // Three copies and two are different problems: a repair costs per fact changed.
  const auto cuts = pubplan::detail::value_cuts(pubplan::detail::Access::model(pubplan::Catalog::builtin()));
  CHECK(merged.signature(cuts) != build_problem(pubplan::detail::Access::model(t2), 0, &merge).signature(cuts));
}

TEST_CASE("merged pipelines are each named in assumptions and changed by repairs", "[encoding]") {
  const pubplan::Planner planner = test::planner();
  SECTION("a repair changes every copy, at every copy's cost") {
    const auto t = pubplan::Topology::load_string(five_pipelines("self-hosted"), "t.yaml");
    const auto r = planner.solve(t);
    const auto *tp = only(r).strategy(pubplan::kTrustedPublishing);
    REQUIRE(tp->status == Status::infeasible);
    REQUIRE_FALSE(tp->repairs.empty());
    std::vector<std::string> changed;
    for (const auto &c : tp->repairs[0].changes) changed.push_back(c.fact);
    CHECK(changed == std::vector<std::string>{"pipelines[a].runner", "pipelines[b].runner", "pipelines[c].runner",
                                              "pipelines[a].node", "pipelines[b].node", "pipelines[c].node"});
    CHECK(tp->repairs[0].cost == 3 * 5 + 3 * 1);  // runner 5, node 1 (the catalog's costs)
    CHECK(pubplan::verify(t, r, planner.catalog()).empty());
  }
  SECTION("an assumption names every copy") {
    const auto t = pubplan::Topology::load_string(five_pipelines("hosted", "22.14.0"), "t.yaml");
    const auto r = planner.solve(t);
    const auto *tp = only(r).strategy(pubplan::kTrustedPublishing);
    REQUIRE(tp->status == Status::conditional);
    std::vector<std::string> facts;
    for (const auto &a : tp->assuming) facts.push_back(a.fact + " " + a.needs);
    CHECK(facts == std::vector<std::string>{"pipelines[d].node >= 22.14.0", "pipelines[e].node >= 22.14.0"});
    CHECK(pubplan::verify(t, r, planner.catalog()).empty());
  }
}

TEST_CASE("a warning that depends on unknown facts says so", "[encoding]") {
  auto warning = [](const std::string &trusted_publisher) {
    const auto p = only(test::solve(one_package(test::kGood, std::string(kPublic) + trusted_publisher)));
    REQUIRE(p.recommended == std::optional<std::string>("trusted-publishing"));
    for (const auto &w : p.warnings)
      if (w.rule == "tp.new-configuration") return std::optional<bool>(w.certain);
    return std::optional<bool>();
  };
  CHECK(warning("") == std::optional<bool>(true));  // the default: no trusted publisher yet
  CHECK(warning("    trusted_publisher: none\n") == std::optional<bool>(true));
  CHECK(warning("    trusted_publisher: unknown\n") == std::optional<bool>(false));
  CHECK(warning("    trusted_publisher: both\n") == std::nullopt);
}

TEST_CASE("a conditional strategy assumes one way through a rule's alternatives, not all of them", "[encoding]") {
  // tp.npm-version holds for pnpm 11.1.2 and later (its own exchange) or with
  // npm 11.5.1 and later: with both unknown, either is enough.
  const auto p = only(test::solve(one_package(
      pipeline("github-actions", "hosted", "24", "") + "    client: {name: pnpm, version: unknown}\n", kPublic)));
  const auto *tp = p.strategy("trusted-publishing");
  REQUIRE(tp->status == Status::conditional);
  std::vector<std::string> facts;
  for (const auto &a : tp->assuming) facts.push_back(a.fact + " " + a.needs);
  CHECK(facts == std::vector<std::string>{"pipelines[release].client.version >= 11.1.2"});
  // Each way is enough on its own: stating either makes it feasible.
  for (const char *stated : {"    npm: 11.5.1\n", "    client: {name: pnpm, version: 11.1.2}\n"}) {
    std::string pipe = pipeline("github-actions", "hosted", "24", "") + stated;
    if (std::string(stated).find("client") == std::string::npos) pipe += "    client: {name: pnpm, version: unknown}\n";
    INFO(stated);
    CHECK(only(test::solve(one_package(pipe, kPublic))).strategy("trusted-publishing")->status == Status::feasible);
  }
}
