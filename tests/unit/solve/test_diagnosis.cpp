// Diagnosis: every minimal conflict and the cheapest verified repairs.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using pubplan::Status;
using test::ids;

namespace {

std::string changes_of(const pubplan::Repair &r) {
  std::string out;
  for (const auto &c : r.changes) out += (out.empty() ? "" : " & ") + c.fact + ": " + c.from_json + " -> " + c.to_json;
  return out + " => " + r.unlocks;
}

std::vector<std::string> all_repairs(const std::vector<pubplan::Repair> &rs) {
  std::vector<std::string> out;
  for (const auto &r : rs) out.push_back(changes_of(r));
  return out;
}

}  // namespace

TEST_CASE("Jenkins, tokens disallowed, unattended: three single-change repairs", "[diagnosis][acceptance]") {
  // Before staged publishing: today it fits (see the scenarios).
  auto r = test::solve(test::one_package(
      "    provider: jenkins\n    runner: hosted\n    unattended: true\n",
      "    access: public\n    tokens_allowed: false\n", "host: github\n    visibility: public"),
      pubplan::Catalog::builtin(), test::kBeforeStaging);
  const auto &p = r.packages[0];
  REQUIRE_FALSE(p.recommended);
  auto repairs = all_repairs(p.repairs);
  INFO(test::ids(p.conflict).size());
  CHECK(test::has(repairs, "packages[@acme/ui].tokens_allowed: false -> true => granular-token"));
  CHECK(test::has(repairs, "pipelines[release].unattended: true -> false => interactive-2fa"));
  bool moved = false;
  for (const auto &rep : p.repairs)
    if (rep.changes.size() == 1 && rep.changes[0].fact == "pipelines[release].provider") {
      moved = true;
      CHECK(rep.unlocks.rfind("trusted-publishing", 0) == 0);
      CHECK(rep.changes[0].from_json == "\"jenkins\"");
      CHECK(rep.status_after != Status::infeasible);
    }
  CHECK(moved);
  // Cheapest first, costs from the catalog's repair table.
  for (std::size_t i = 1; i < p.repairs.size(); ++i) CHECK(p.repairs[i - 1].cost <= p.repairs[i].cost);
  CHECK(p.repairs[0].cost == 2);
}

TEST_CASE("two independent reasons: two conflicts and a repair needing both changes", "[diagnosis][acceptance]") {
  auto r = test::solve(test::one_package(
      "    provider: github-actions\n    runner: self-hosted\n    node: 20.11.0\n    npm: 11.6.0\n    unattended: true\n",
      "    access: public\n"));
  // Both trusted-publishing strategies (with and without provenance) are blocked twice.
  for (const char *id : {"trusted-publishing", "trusted-publishing-without-provenance"}) {
  INFO(id);
  const auto *tp = r.packages[0].strategy(id);
  REQUIRE(tp->status == Status::infeasible);
  std::vector<std::vector<std::string>> conflicts;
  for (const auto &c : tp->conflicts) conflicts.push_back(ids(c));
  CHECK(conflicts.size() == 2);
  CHECK(test::has({conflicts[0][0], conflicts[1][0]}, "tp.no-self-hosted"));
  CHECK(test::has({conflicts[0][0], conflicts[1][0]}, "tp.node-version"));
  CHECK(tp->conflicts_complete);
  CHECK(ids(tp->because) == ids(tp->conflicts[0]));
  auto repairs = all_repairs(tp->repairs);
  CHECK(test::has(repairs, "pipelines[release].runner: \"self-hosted\" -> \"hosted\" & "
                           "pipelines[release].node: \"20.11.0\" -> \"22.14.0\" => " + std::string(id)));
  }
}

TEST_CASE("the conflict bound is honoured and says so", "[diagnosis]") {
  pubplan::Options opts = test::options();
  opts.max_conflicts = 1;
  pubplan::Planner planner(pubplan::Catalog::builtin(), opts);
  auto r = planner.solve(pubplan::Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml"));
  const auto *p = r.package("@acme/legacy-sdk");
  REQUIRE(p);
  CHECK(p->conflicts.size() == 1);
  CHECK_FALSE(p->conflicts_complete);
  pubplan::Planner defaults = test::planner();
  auto full = defaults.solve(pubplan::Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml"));
  CHECK(full.package("@acme/legacy-sdk")->conflicts.size() > 1);
}

TEST_CASE("repair costs and changeability are data a user catalog overrides", "[diagnosis]") {
  auto c = pubplan::Catalog::builtin();
  c.add_string("catalog: 1\nrepairs:\n  - { attribute: package.tokens_allowed, cost: -1 }\n"
               "  - { attribute: pipeline.unattended, cost: 1 }\n", "costs.yaml");
  auto r = test::solve(test::one_package("    provider: jenkins\n    runner: hosted\n    unattended: true\n",
                                         "    access: public\n    tokens_allowed: false\n"), c, test::kBeforeStaging);
  const auto &p = r.packages[0];
  REQUIRE_FALSE(p.repairs.empty());
  CHECK(changes_of(p.repairs[0]) == "pipelines[release].unattended: true -> false => interactive-2fa");
  CHECK(p.repairs[0].cost == 1);
  for (const auto &rep : p.repairs)
    for (const auto &ch : rep.changes) CHECK(ch.fact != "packages[@acme/ui].tokens_allowed");
  CHECK_THROWS_AS(c.add_string("catalog: 1\nrepairs:\n  - { attribute: strategy.provenance, cost: 1 }\n", "bad.yaml"),
                  pubplan::CatalogError);
}
