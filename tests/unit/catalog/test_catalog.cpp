#include <catch2/catch.hpp>

#include "helpers.hpp"

using pubplan::Catalog;
using pubplan::CatalogError;

TEST_CASE("the builtin catalog has the fixed rule and strategy ids", "[catalog]") {
  auto c = Catalog::builtin();
  std::vector<std::string> ids;
  std::string newest;
  for (const auto &r : c.rules()) {
    ids.push_back(r.id);
    CHECK_FALSE(r.statement.empty());
    CHECK_FALSE(r.source.empty());
    CHECK(pubplan::is_date(r.as_of));
    CHECK_FALSE(r.certainty.empty());
    newest = std::max(newest, r.as_of);
  }
  // The catalog is as recent as its newest rule.
  CHECK(c.as_of() == newest);
  for (const char *id : {"tp.supported-ci", "tp.no-self-hosted", "tp.npm-version", "tp.node-version",
                         "tp.one-publisher", "tp.needs-ci", "tp.package-exists", "provenance.requires",
                         "provenance.with-token", "tp.cloud-host", "token.disallowed", "token.bypass-2fa",
                         "interactive.unattended", "private.paid-plan", "install.read-token",
                         "policy.provenance", "policy.no-bypass-2fa", "token.bypass-2fa-sunset",
                         "tp.publisher-limit", "token.direct-publish-ends", "stage.npm-version"})
    CHECK(test::has(ids, id));
  std::vector<std::string> strategies;
  for (const auto &s : c.strategies()) strategies.push_back(s.id);
  CHECK(strategies == std::vector<std::string>{"trusted-publishing", "trusted-publishing-without-provenance",
                                              "staged-publishing", "granular-token", "interactive-2fa"});
  for (const auto &r : c.rules())
    if (r.id == "token.bypass-2fa-sunset" || r.id == "install.read-token") CHECK(r.severity == "warning");
}

TEST_CASE("a user catalog disables a rule by id", "[catalog]") {
  auto c = Catalog::builtin();
  c.add_string("catalog: 1\nrules:\n  - id: tp.one-publisher\n    disabled: true\n", "user.yaml");
  bool found = false;
  for (const auto &r : c.rules())
    if (r.id == "tp.one-publisher") found = !r.enabled;
  CHECK(found);
  // Two publishers no longer block trusted publishing (on a day the rule was in force).
  std::string yaml =
      "version: 1\nrepositories:\n  - {name: a/r, host: github, visibility: public}\n"
      "pipelines:\n"
      "  - {name: p1, repository: a/r, provider: github-actions, runner: hosted, file: a.yml, node: 24, npm: 11.6.0, unattended: true}\n"
      "  - {name: p2, repository: a/r, provider: github-actions, runner: hosted, file: b.yml, node: 24, npm: 11.6.0, unattended: true}\n"
      "packages:\n  - {name: x, access: public, repository: a/r, published_by: [p1, p2]}\n";
  CHECK(test::solve(yaml, Catalog::builtin(), "2026-09-02").packages[0].recommended ==
        std::optional<std::string>("granular-token"));
  CHECK(test::solve(yaml, c, "2026-09-02").packages[0].recommended == std::optional<std::string>("trusted-publishing"));
}

TEST_CASE("a rule is in force from effective_from and before effective_until", "[catalog][dates]") {
  auto c = Catalog::builtin();
  for (const auto &r : c.rules()) {
    if (r.id == "tp.one-publisher") CHECK((r.effective_from.empty() && r.effective_until == "2026-09-03"));
    if (r.id == "tp.publisher-limit") CHECK((r.effective_from == "2026-09-03" && r.effective_until.empty()));
    if (r.id == "token.direct-publish-ends") CHECK((r.effective_from == "2027-01-01" && r.certainty == "announced"));
  }
  // A user rule with dates: the day before, the first day and the last day.
  c.add_string("catalog: 1\nrules:\n  - id: user.window\n    statement: s\n    source: here\n    as_of: 2026-01-01\n"
               "    effective_from: 2026-03-01\n    effective_until: 2026-03-10\n    strategies: [interactive-2fa]\n"
               "    requires: { package.pipelines: \">= 1\" }\n",
               "user.yaml");
  const std::string yaml = "version: 1\nrepositories:\n  - {name: a/r, host: github, visibility: public}\n"
                           "packages:\n  - {name: x, access: public, repository: a/r}\n";
  auto status = [&](const char *day) {
    return test::solve(yaml, c, day).packages[0].strategy("interactive-2fa")->status;
  };
  CHECK(status("2026-02-28") == pubplan::Status::feasible);
  CHECK(status("2026-03-01") == pubplan::Status::infeasible);
  CHECK(status("2026-03-09") == pubplan::Status::infeasible);
  CHECK(status("2026-03-10") == pubplan::Status::feasible);
}

TEST_CASE("dates in a catalog are checked", "[catalog][dates]") {
  auto c = Catalog::builtin();
  try {
    c.add_string("catalog: 1\nas_of: 2026-13-01\nrules:\n  - id: user.bad\n    statement: s\n    source: here\n"
                 "    as_of: yesterday\n    effective_from: 2026-05-01\n    effective_until: 2026-04-01\n"
                 "    strategies: all\n    requires: { package.pipelines: \">= 1\" }\n",
                 "user.yaml");
    FAIL("expected a CatalogError");
  } catch (const CatalogError &e) {
    std::vector<std::string> lines;
    for (const auto &d : e.diagnostics()) lines.push_back(d.to_string());
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "user.yaml:2:8: error: 'as_of' must be a date written YYYY-MM-DD, not '2026-13-01'");
    CHECK(lines[1] == "user.yaml:7:12: error: 'as_of' must be a date written YYYY-MM-DD, not 'yesterday'");
    CHECK(lines[2].find("effective_until must come after effective_from") != std::string::npos);
  }
}

TEST_CASE("a user catalog replaces a rule by id and adds new ones", "[catalog]") {
  auto c = Catalog::builtin();
  c.add_string(R"(catalog: 1
rules:
  - id: tp.node-version
    statement: our runners need Node 24 for trusted publishing
    source: acme platform team
    as_of: 2026-11-01
    strategies: [trusted-publishing, trusted-publishing-without-provenance]
    for_each: pipeline
    requires: { pipeline.node: ">= 24.0.0" }
  - id: acme.no-circleci
    statement: acme does not publish from CircleCI
    source: acme security policy
    as_of: 2026-11-01
    strategies: all
    for_each: pipeline
    requires: { not: { pipeline.provider: circleci } }
)", "user.yaml");
  auto r = test::solve(test::one_package(test::kGood, "    access: public\n"), c);
  const auto *tp = r.packages[0].strategy("trusted-publishing");
  REQUIRE(tp->status == pubplan::Status::infeasible);
  CHECK(test::ids(tp->because) == std::vector<std::string>{"tp.node-version", "pipelines[release].node"});
  CHECK(tp->because[0].says == "our runners need Node 24 for trusted publishing");
  auto circle = test::solve(test::one_package(
      "    provider: circleci\n    runner: hosted\n    node: 24\n    npm: 11.12.0\n    unattended: true\n",
      "    access: public\n"), c);
  CHECK_FALSE(circle.packages[0].recommended);
  CHECK(test::has(test::ids(circle.packages[0].conflict), "acme.no-circleci"));
}

TEST_CASE("catalog errors are reported with positions, all at once", "[catalog]") {
  auto c = Catalog::builtin();
  try {
    c.add_string("catalog: 1\nrules:\n  - id: x\n    statement: s\n    source: s\n    as_of: 2026-01-01\n"
                 "    strategies: [trusted-publising]\n    requires: { pipeline.nod: \">= 1.0.0\" }\n"
                 "  - id: nope\n    disabled: true\n", "user.yaml");
    FAIL("expected CatalogError");
  } catch (const CatalogError &e) {
    const auto &ds = e.diagnostics();
    REQUIRE(ds.size() == 3);
    CHECK(ds[0].message.find("did you mean 'trusted-publishing'") != std::string::npos);
    CHECK(ds[0].line == 7);
    CHECK(ds[1].message.find("did you mean 'pipeline.node'") != std::string::npos);
    CHECK(ds[2].message == "cannot disable unknown rule 'nope'");
  }
  // A failed layer leaves the catalog as it was.
  CHECK(c.rules().size() == Catalog::builtin().rules().size());
}

TEST_CASE("pipeline attributes need a pipeline scope", "[catalog]") {
  auto c = Catalog::builtin();
  CHECK_THROWS_AS(c.add_string("catalog: 1\nrules:\n  - id: x\n    statement: s\n    source: s\n"
                               "    as_of: 2026-01-01\n    strategies: all\n"
                               "    requires: { pipeline.runner: hosted }\n", "u.yaml"),
                  CatalogError);
}
