// What the planner's reuse rests on: an encoder that decided other problems
// before decides the next one as a fresh encoder does (Encoder::decide), and a
// strategy's answer is the same for every problem with the same view of the
// facts it reads. Both on random topologies of several packages; then the
// planner with and without sharing, document against document.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <random>

#include "catalog/catalog_model.hpp"
#include "format/date.hpp"
#include "helpers.hpp"
#include "random_topology.hpp"
#include "solve/encoder.hpp"
#include "solve/problem.hpp"
#include "topology/access.hpp"

using namespace pubplan::detail;

namespace {

const SolverLimits kLimits{0, 5'000'000, 5, 5};

// A strategy's decided answer as one text: status, reason set, provenance.
std::string decided(const StrategyOutcome &o) {
  std::string out = std::string(pubplan::to_string(o.status)) + (o.core_minimal ? "" : " (not minimal)");
  for (const Item &i : o.core)
    out += fmt::format(" {}{}@{}", i.kind == Item::Kind::rule ? 'r' : 'f', i.index, i.pipeline_pos);
  out += o.provenance ? (*o.provenance ? " provenance" : " no provenance") : "";
  return out;
}

struct Sample {
  std::vector<pubplan::Topology> topologies;
  std::vector<Problem> problems;
};

// `rounds` random topologies of `packages` packages each, and their problems.
Sample sample(std::mt19937 &rng, const CatalogModel &cat, int rounds, int packages) {
  Sample s;
  const std::vector<bool> merge = merge_needs_known(cat);
  for (int r = 0; r < rounds; ++r) {
    s.topologies.push_back(pubplan::Topology::load_string(test::random_topology(rng, packages), "reuse.yaml"));
    const TopologyModel &m = Access::model(s.topologies.back());
    for (std::size_t i = 0; i < m.packages.size(); ++i) s.problems.push_back(build_problem(m, static_cast<int>(i), &merge));
  }
  return s;
}

}  // namespace

TEST_CASE("an encoder that decided other problems decides each as a fresh one does", "[planner][reuse]") {
  for (const char *day : {"2026-09-03", test::kToday, "2027-01-01"}) {
    const CatalogModel cat = in_force(Access::model(pubplan::Catalog::builtin()), *parse_date(day));
    std::mt19937 rng(77);
    const Sample s = sample(rng, cat, 40, 6);
    const std::vector<bool> every(cat.strategies.size(), true);
    Encoder kept(cat, kLimits);
    std::size_t infeasible = 0;
    for (std::size_t i = 0; i < s.problems.size(); ++i) {
      const ProblemOutcome after_others = kept.decide(s.problems[i], Diagnose::none, every);
      const ProblemOutcome alone = Encoder(cat, kLimits).solve(s.problems[i], Diagnose::none);
      REQUIRE(after_others.strategies.size() == alone.strategies.size());
      CHECK(after_others.conflict.empty());
      for (std::size_t st = 0; st < alone.strategies.size(); ++st) {
        INFO(day << ", problem " << i << ", strategy " << cat.strategies[st].id);
        CHECK(decided(after_others.strategies[st]) == decided(alone.strategies[st]));
        infeasible += alone.strategies[st].status == pubplan::Status::infeasible;
      }
    }
    // The sample rules strategies out, with reason sets to compare.
    CHECK(infeasible > s.problems.size());
  }
}

TEST_CASE("problems with the same view of a strategy get the same answer for it", "[planner][reuse]") {
  const CatalogModel cat = in_force(Access::model(pubplan::Catalog::builtin()), *parse_date(test::kToday));
  const auto cuts = value_cuts(cat);
  const auto reads = strategy_reads(cat);
  std::mt19937 rng(78);
  const Sample s = sample(rng, cat, 60, 6);
  std::vector<ProblemOutcome> alone;
  for (const Problem &pr : s.problems) alone.push_back(Encoder(cat, kLimits).solve(pr, Diagnose::none));
  std::size_t shared = 0;
  for (std::size_t st = 0; st < cat.strategies.size(); ++st) {
    std::map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < s.problems.size(); ++i) {
      auto [it, fresh] = first.try_emplace(s.problems[i].signature(cuts, &reads[st]), i);
      if (fresh) continue;
      ++shared;
      INFO("strategy " << cat.strategies[st].id << ", problems " << it->second << " and " << i);
      CHECK(decided(alone[i].strategies[st]) == decided(alone[it->second].strategies[st]));
    }
  }
  // The sample has views in common to compare (81 with this seed).
  CHECK(shared >= 50);
}

TEST_CASE("the planner answers the same with and without sharing, at both depths", "[planner][reuse]") {
  std::mt19937 rng(79);
  for (int round = 0; round < 24; ++round) {
    const auto topology = pubplan::Topology::load_string(test::random_topology(rng, 8), "reuse.yaml");
    for (pubplan::DiagnoseDepth depth : {pubplan::DiagnoseDepth::first, pubplan::DiagnoseDepth::all}) {
      pubplan::Options shared = test::options(round % 2 ? "2027-01-01" : test::kToday);
      shared.diagnose = depth;
      pubplan::Options alone = shared;
      alone.reuse_shapes = false;
      const pubplan::Result a = pubplan::Planner(pubplan::Catalog::builtin(), shared).solve(topology);
      pubplan::Result b = pubplan::Planner(pubplan::Catalog::builtin(), alone).solve(topology);
      INFO("round " << round << ", depth " << pubplan::to_string(depth));
      CHECK(a.distinct_problems <= b.distinct_problems);
      b.distinct_problems = a.distinct_problems;
      CHECK(pubplan::to_json(a) == pubplan::to_json(b));
    }
  }
}
