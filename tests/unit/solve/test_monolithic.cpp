// The decomposed path (one problem per package shape, fresh contexts, worker
// threads) against the monolithic baseline (every package in one solver).
#include <catch2/catch.hpp>

#include "catalog/catalog_model.hpp"
#include "solve/encoder.hpp"
#include "helpers.hpp"
#include "solve/problem.hpp"
#include "random_topology.hpp"
#include "topology/access.hpp"

TEST_CASE("decomposed and monolithic solving give every package and strategy the same status", "[planner]") {
  std::mt19937 rng(2024);
  const pubplan::Catalog catalog = pubplan::Catalog::builtin();
  std::size_t infeasible = 0, conditional = 0;
  // Two topologies of 150 packages: the baseline's checks each see every package.
  for (int round = 0; round < 2; ++round) {
    const auto topology = pubplan::Topology::load_string(test::random_topology(rng, 150), "m.yaml");
    const auto &m = pubplan::detail::Access::model(topology);
    pubplan::Options options;
    options.max_conflicts = 0;  // statuses only, like the baseline
    options.max_repairs = 0;
    options.as_of = "2026-12-04";
    const pubplan::Result decomposed = pubplan::Planner(catalog, options).solve(topology);

    std::vector<pubplan::detail::Problem> problems;
    for (std::size_t i = 0; i < m.packages.size(); ++i)
      problems.push_back(pubplan::detail::build_problem(m, static_cast<int>(i)));
    const auto in_force = pubplan::detail::in_force(pubplan::detail::Access::model(catalog),
                                                    *pubplan::detail::parse_date(options.as_of));
    pubplan::detail::Encoder encoder(in_force, pubplan::detail::SolverLimits{0, 0, 0, 0});
    const auto monolithic = encoder.monolithic_statuses(problems);

    REQUIRE(monolithic.size() == decomposed.packages.size());
    for (std::size_t i = 0; i < monolithic.size(); ++i) {
      const auto &strategies = decomposed.packages[i].strategies;
      REQUIRE(monolithic[i].size() == strategies.size());
      for (std::size_t st = 0; st < strategies.size(); ++st) {
        INFO("round " << round << ", " << decomposed.packages[i].name << " [" << strategies[st].id << "]");
        CHECK(monolithic[i][st] == strategies[st].status);
        infeasible += monolithic[i][st] == pubplan::Status::infeasible;
        conditional += monolithic[i][st] == pubplan::Status::conditional;
      }
    }
    CHECK(decomposed.distinct_problems < m.packages.size());
  }
  // The generated topologies exercise the statuses, so agreement means something.
  // (Totals over both: the topologies depend on the compiler's order of
  // evaluating the generator's calls.)
  CHECK(infeasible > 0);
  CHECK(conditional > 0);
}
