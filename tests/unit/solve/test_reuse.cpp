// What the planner's reuse rests on: an encoder that decided other problems
// before decides the next one as a fresh encoder does (Encoder::decide), and
// diagnoses it so too unless it says the answer may depend on its past
// (Encoder::complete and diagnose_strategies, history_dependent), and a
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

// A reason set as one text.
std::string listed(const std::vector<Item> &set) {
  std::string out = "[";
  for (const Item &i : set) out += fmt::format(" {}{}@{}", i.kind == Item::Kind::rule ? 'r' : 'f', i.index, i.pipeline_pos);
  return out + " ]";
}

// A diagnosis as one text: every conflict, every repair (changes, strategy,
// status after, cost) and whether each list is complete.
std::string diagnosed(const Diagnosis &d) {
  std::string out = d.conflicts_complete ? "conflicts" : "conflicts (cut)";
  for (const auto &c : d.conflicts) out += " " + listed(c);
  out += d.repairs_complete ? "; repairs" : "; repairs (cut)";
  for (const auto &r : d.repairs) {
    out += fmt::format(" [unlocks {} {} cost {}:", r.unlocks, pubplan::to_string(r.status_after), r.cost);
    for (const auto &[slot, to] : r.changes) out += fmt::format(" s{}={}/{}/{}", slot, to.mask, to.lo, to.hi);
    out += " ]";
  }
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

// A problem decided by a fresh encoder, and the strategies it rules out.
struct Decided {
  ProblemOutcome outcome;
  std::vector<bool> ruled_out;
};
Decided decided_alone(const CatalogModel &cat, const Problem &pr) {
  Decided d;
  d.outcome = Encoder(cat, kLimits).decide(pr, Diagnose::none, std::vector<bool>(cat.strategies.size(), true));
  for (const auto &o : d.outcome.strategies) d.ruled_out.push_back(o.status == pubplan::Status::infeasible);
  return d;
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

TEST_CASE("an encoder that diagnosed other problems diagnoses each as a fresh one does", "[planner][reuse]") {
  for (const char *day : {test::kToday, "2027-01-01"}) {
    const CatalogModel cat = in_force(Access::model(pubplan::Catalog::builtin()), *parse_date(day));
    std::mt19937 rng(80);
    const Sample s = sample(rng, cat, 40, 6);
    const std::vector<bool> every(cat.strategies.size(), true);
    Encoder kept(cat, kLimits);
    std::size_t packages = 0, strategies = 0;
    for (std::size_t i = 0; i < s.problems.size(); ++i) {
      const auto [decided, ruled_out] = decided_alone(cat, s.problems[i]);
      // Every ruled-out strategy's diagnosis (what --diagnose all adds).
      ProblemOutcome after_others = decided, alone = decided;
      kept.diagnose_strategies(s.problems[i], after_others, ruled_out);
      Encoder(cat, kLimits).diagnose_strategies(s.problems[i], alone, ruled_out);
      REQUIRE_FALSE(alone.history_dependent);
      if (!after_others.history_dependent)
        for (std::size_t st = 0; st < every.size(); ++st) {
          if (!ruled_out[st]) continue;
          INFO(day << ", problem " << i << ", strategy " << cat.strategies[st].id);
          CHECK(diagnosed(after_others.strategies[st].diagnosis) == diagnosed(alone.strategies[st].diagnosis));
          ++strategies;
        }
      // The package's conflict and diagnosis when nothing fits.
      if (std::find(ruled_out.begin(), ruled_out.end(), false) != ruled_out.end()) continue;
      after_others = decided, alone = decided;
      kept.complete(s.problems[i], Diagnose::package, after_others);
      Encoder(cat, kLimits).complete(s.problems[i], Diagnose::package, alone);
      REQUIRE_FALSE(alone.history_dependent);
      if (after_others.history_dependent) continue;
      INFO(day << ", problem " << i << ", nothing fits");
      CHECK(listed(after_others.conflict) == listed(alone.conflict));
      CHECK(diagnosed(after_others.diagnosis) == diagnosed(alone.diagnosis));
      ++packages;
    }
    // The sample has diagnoses to compare (with this seed 119 and 122 packages
    // with nothing that fits, 974 and 997 ruled-out strategies).
    INFO(day << ": " << packages << " packages with nothing that fits, " << strategies << " strategies");
    CHECK(packages >= 80);
    CHECK(strategies >= 700);
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

TEST_CASE("problems with nothing that fits and the same package view get the same diagnosis", "[planner][reuse]") {
  const CatalogModel cat = in_force(Access::model(pubplan::Catalog::builtin()), *parse_date(test::kToday));
  const auto cuts = value_cuts(cat);
  const std::vector<bool> read = attributes_read(cat);
  // The attributes no strategy reads are facts of the plan and the ranking.
  CHECK_FALSE(read[static_cast<int>(Attr::package_trusted_publisher)]);
  CHECK(read[static_cast<int>(Attr::package_access)]);
  std::mt19937 rng(80);
  Sample s = sample(rng, cat, 60, 6);
  // Each problem again with its unread facts of a few values changed: the
  // same package view, another problem.
  const std::size_t drawn = s.problems.size();
  for (std::size_t i = 0; i < drawn; ++i) {
    Problem turned = s.problems[i];
    for (Slot &slot : turned.slots)
      if (!read[static_cast<int>(slot.ref.attr)] &&
          (slot.type == ValueType::boolean || slot.type == ValueType::enumeration))
        slot.domain.mask = slot.domain.mask == 0b01 ? 0b10 : 0b01;
    s.problems.push_back(std::move(turned));
  }
  std::map<std::string, std::string> diagnosis_of_view;
  std::size_t shared = 0;
  for (std::size_t i = 0; i < s.problems.size(); ++i) {
    const ProblemOutcome o = Encoder(cat, kLimits).solve(s.problems[i], Diagnose::package);
    if (std::any_of(o.strategies.begin(), o.strategies.end(),
                    [](const StrategyOutcome &st) { return st.status != pubplan::Status::infeasible; }))
      continue;
    const std::string answer = listed(o.conflict) + " " + diagnosed(o.diagnosis);
    auto [it, fresh] = diagnosis_of_view.try_emplace(s.problems[i].signature(cuts, &read), answer);
    if (fresh) continue;
    ++shared;
    INFO("problem " << i);
    CHECK(answer == it->second);
  }
  // Every problem with nothing that fits has its turned copy to compare with.
  CHECK(shared >= 20);
}

TEST_CASE("the planner answers the same with and without sharing, at both depths", "[planner][reuse]") {
  std::mt19937 rng(79);
  std::size_t denied = 0;
  for (int round = 0; round < 24; ++round) {
    std::string yaml = test::random_topology(rng, 8);
    // Every third account has no token left: the packages the budget denies
    // are solved again, reusing the first solve's decisions where they hold.
    if (round % 3 == 2) yaml.replace(yaml.find("npm:\n") + 5, 0, "  tokens_in_use: 1000\n");
    const auto topology = pubplan::Topology::load_string(yaml, "reuse.yaml");
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
      denied += a.tokens.denied.size();
    }
  }
  CHECK(denied >= 10);
}

TEST_CASE("a diagnosis is the same whether or not the strategies' reason sets are known", "[planner][reuse]") {
  // Repairs, their verification and the conflicts' growth skip the checks a
  // known reason set answers; without the sets, every check is made.
  for (const char *day : {test::kToday, "2027-01-01"}) {
    const CatalogModel cat = in_force(Access::model(pubplan::Catalog::builtin()), *parse_date(day));
    std::mt19937 rng(83);
    const Sample s = sample(rng, cat, 40, 6);
    const std::vector<bool> every(cat.strategies.size(), true);
    std::size_t packages = 0, strategies = 0;
    for (std::size_t i = 0; i < s.problems.size(); ++i) {
      const auto [decided, ruled_out] = decided_alone(cat, s.problems[i]);
      // Each ruled-out strategy's diagnosis, the other strategies' sets known or not.
      for (std::size_t st = 0; st < every.size(); ++st) {
        if (!ruled_out[st]) continue;
        std::vector<bool> only(every.size(), false);
        only[st] = true;
        ProblemOutcome known = decided, unknown = decided;
        for (std::size_t other = 0; other < every.size(); ++other)
          if (other != st) unknown.strategies[other].core.clear();
        Encoder(cat, kLimits).diagnose_strategies(s.problems[i], known, only);
        Encoder(cat, kLimits).diagnose_strategies(s.problems[i], unknown, only);
        INFO(day << ", problem " << i << ", strategy " << cat.strategies[st].id);
        CHECK(diagnosed(known.strategies[st].diagnosis) == diagnosed(unknown.strategies[st].diagnosis));
        ++strategies;
      }
      if (std::find(ruled_out.begin(), ruled_out.end(), false) != ruled_out.end()) continue;
      // The package's, when nothing fits.
      ProblemOutcome known = decided, unknown = decided;
      for (auto &o : unknown.strategies) o.core.clear();
      Encoder(cat, kLimits).complete(s.problems[i], Diagnose::package, known);
      Encoder(cat, kLimits).complete(s.problems[i], Diagnose::package, unknown);
      INFO(day << ", problem " << i << ", nothing fits");
      CHECK(listed(known.conflict) == listed(unknown.conflict));
      CHECK(diagnosed(known.diagnosis) == diagnosed(unknown.diagnosis));
      ++packages;
    }
    INFO(day << ": " << packages << " packages with nothing that fits, " << strategies << " strategies");
    CHECK(packages >= 80);
    CHECK(strategies >= 700);
  }
}
