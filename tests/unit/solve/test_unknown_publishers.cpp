// `published_by: unknown`: a person, or pipelines whose every fact is unknown.
// No strategy may be feasible because nobody found who publishes.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using pubplan::Status;
using test::ids;

namespace {

std::string unknown_package(const std::string &package_extra, const std::string &top = "") {
  return "version: 1\n" + top +
         "repositories:\n  - name: acme/web\n    host: github\n    visibility: public\n"
         "packages:\n  - name: \"@acme/ui\"\n    repository: acme/web\n    published_by: unknown\n" +
         package_extra;
}

const pubplan::PackageResult &only(const pubplan::Result &r) {
  REQUIRE(r.packages.size() == 1);
  return r.packages[0];
}

}  // namespace

TEST_CASE("unknown publishers: nothing is feasible, everything possible is conditional", "[unknown-publishers]") {
  const auto r = test::solve(unknown_package("    access: public\n"));
  const auto &p = only(r);
  for (const auto &s : p.strategies) {
    INFO(s.id);
    CHECK(s.status == Status::conditional);
    CHECK_FALSE(s.assuming.empty());
  }
  CHECK(p.feasible.empty());
  CHECK(r.exit_code() == 3);
  // What trusted publishing assumes names the unknown fact, once per meaning.
  const auto *tp = p.strategy("trusted-publishing");
  std::vector<std::string> facts, needs;
  for (const auto &a : tp->assuming) {
    facts.push_back(a.fact);
    needs.push_back(a.needs);
  }
  CHECK(facts == std::vector<std::string>(3, "packages[@acme/ui].published_by"));
  CHECK(test::has(needs, "pipelines >= 1"));
  CHECK(test::has(needs, "pipelines whose facts meet the strategy's rules"));
  CHECK(tp->assuming[0].origin == "t.yaml:9");
  // A token per unknown pipeline may not fit the account: unknown too.
  const auto *token = p.strategy("granular-token");
  REQUIRE(token->assuming.size() == 1);
  CHECK(token->assuming[0].fact == "npm.tokens_in_use");
}

TEST_CASE("unknown publishers: known package facts still rule strategies out", "[unknown-publishers]") {
  SECTION("tokens disallowed: no token strategy, for any publisher") {
    const auto p = only(test::solve(unknown_package("    access: public\n    tokens_allowed: false\n")));
    const auto *token = p.strategy("granular-token");
    REQUIRE(token->status == Status::infeasible);
    CHECK(ids(token->because) == std::vector<std::string>{"token.disallowed", "packages[@acme/ui].tokens_allowed"});
    CHECK(p.strategy("trusted-publishing")->status == Status::conditional);
  }
  SECTION("a private package cannot give the provenance the policy requires") {
    const auto r = test::solve(unknown_package("    access: private\n", "policy:\n  provenance: required\n"));
    const auto &p = only(r);
    for (const auto &s : p.strategies) {
      INFO(s.id);
      CHECK(s.status == Status::infeasible);
      // Unknown counts are never a reason.
      for (const auto &why : s.because) CHECK(why.fact.find("published_by") == std::string::npos);
    }
    CHECK(r.exit_code() == 1);
  }
}

TEST_CASE("unknown publishers: what may not hold is named where it is read", "[unknown-publishers]") {
  // Before September 2026 a package had one trusted publisher: unknown
  // pipelines may be several, so trusted publishing stays conditional.
  const auto p = only(test::solve(unknown_package("    access: public\n"), pubplan::Catalog::builtin(), "2026-08-01"));
  const auto *tp = p.strategy("trusted-publishing");
  REQUIRE(tp->status == Status::conditional);
  std::vector<std::string> needs;
  for (const auto &a : tp->assuming) needs.push_back(a.needs);
  CHECK(test::has(needs, "trusted publishers <= 1"));
}

TEST_CASE("published_by: a scalar other than unknown is an error", "[unknown-publishers][loader]") {
  const auto errors = test::errors_of(
      "version: 1\nrepositories:\n  - {name: r, host: github}\n"
      "packages:\n  - {name: a, repository: r, published_by: unkown}\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 5);
  CHECK(errors[0].message.find("a list of pipeline names or `unknown`") != std::string::npos);
}

TEST_CASE("published_by: unknown survives normalisation", "[unknown-publishers][normalize]") {
  const auto t = pubplan::Topology::load_string(unknown_package("    access: public\n"), "t.yaml");
  const std::string json = t.to_normalized_json();
  CHECK(json.find("\"published_by\": \"unknown\"") != std::string::npos);
  const auto again = pubplan::Topology::load_string(json, "n.json");
  CHECK(again.to_normalized_json() == json);
}
