// The first reason set of a strategy, and of a package with nothing that fits,
// is the preferred minimal set (docs/explanations.md): with the literals most
// preferred first (facts by slot, then rules by catalog order and instance),
// its next member is the least k for which the members so far and the first k
// candidates are unsat. The engine finds it from Z3's cores and, for a
// package, from the strategies' reason sets it already knows; this test
// builds it the slow way, from whole-problem checks of every prefix, and
// compares on random topologies.
#include <catch2/catch.hpp>

#include <algorithm>
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

// Every fact and rule instance that can be a literal of the problem, most
// preferred first. Items that are no literal change no check, so they are
// never members.
std::vector<Item> candidates(const CatalogModel &cat, const Problem &pr) {
  std::vector<Item> out;
  for (std::size_t i = 0; i < pr.slots.size(); ++i)
    if (pr.slots[i].tracked) out.push_back({Item::Kind::fact, static_cast<int>(i), -1});
  for (std::size_t r = 0; r < cat.rules.size(); ++r) {
    const Rule &rule = cat.rules[r];
    if (!rule.enabled || (rule.kind != RuleKind::requirement && rule.kind != RuleKind::provision)) continue;
    if (rule.kind == RuleKind::requirement && rule.for_each_pipeline) {
      for (std::size_t pos = 0; pos < pr.pipelines.size(); ++pos)
        out.push_back({Item::Kind::rule, static_cast<int>(r), static_cast<int>(pos)});
    } else {
      out.push_back({Item::Kind::rule, static_cast<int>(r), -1});
    }
  }
  return out;
}

// The preferred minimal unsat set for `strategy` (-1: every strategy), from
// whole-problem checks only.
std::vector<Item> preferred(Encoder &enc, const Problem &pr, int strategy, std::vector<Item> cands) {
  std::vector<Item> found;
  for (;;) {
    std::vector<Encoder::ItemSet> sets{{strategy, found}};
    for (std::size_t k = 0; k < cands.size(); ++k) {
      sets.push_back({strategy, found});
      sets.back().items.insert(sets.back().items.end(), cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(k) + 1);
    }
    const std::vector<bool> unsat = enc.unsat_each(pr, sets);
    if (unsat.front()) return found;
    const auto first = std::find(unsat.begin() + 1, unsat.end(), true);
    REQUIRE(first != unsat.end());  // the whole problem is unsat
    const std::size_t k = static_cast<std::size_t>(first - unsat.begin() - 1);
    found.push_back(cands[k]);
    cands.resize(k);
  }
}

std::string listed(std::vector<Item> set) {
  std::sort(set.begin(), set.end(), [](const Item &a, const Item &b) {
    return std::tie(a.kind, a.index, a.pipeline_pos) < std::tie(b.kind, b.index, b.pipeline_pos);
  });
  std::string out;
  for (const Item &i : set)
    out += (i.kind == Item::Kind::rule ? " r" : " f") + std::to_string(i.index) + "@" + std::to_string(i.pipeline_pos);
  return out;
}

}  // namespace

TEST_CASE("first reason sets are the preferred minimal sets, for strategies and packages", "[diagnosis][property]") {
  for (const char *day : {test::kToday, "2027-01-01"}) {
    const CatalogModel cat = in_force(Access::model(pubplan::Catalog::builtin()), *parse_date(day));
    std::mt19937 rng(91);
    const std::vector<bool> every(cat.strategies.size(), true);
    std::vector<pubplan::Topology> topologies;
    Encoder reference(cat, kLimits), kept(cat, kLimits);
    std::size_t strategies = 0, packages = 0;
    for (int round = 0; round < 30; ++round) {
      topologies.push_back(pubplan::Topology::load_string(test::random_topology(rng, 6), "preferred.yaml"));
      const TopologyModel &m = Access::model(topologies.back());
      const std::vector<bool> merge = merge_needs_known(cat);
      for (std::size_t i = 0; i < m.packages.size(); ++i) {
        const Problem pr = build_problem(m, static_cast<int>(i), &merge);
        const std::vector<Item> cands = candidates(cat, pr);
        // As the planner does: decided in a kept context, then completed.
        ProblemOutcome out = kept.decide(pr, Diagnose::none, every);
        bool nothing_fits = true;
        for (std::size_t st = 0; st < every.size(); ++st) {
          if (out.strategies[st].status != pubplan::Status::infeasible) {
            nothing_fits = false;
            continue;
          }
          INFO(day << ", round " << round << ", package " << i << ", strategy " << cat.strategies[st].id);
          CHECK(listed(out.strategies[st].core) == listed(preferred(reference, pr, static_cast<int>(st), cands)));
          ++strategies;
        }
        if (!nothing_fits) continue;
        kept.complete(pr, Diagnose::package, out);
        INFO(day << ", round " << round << ", package " << i << ", nothing fits");
        const std::string want = listed(preferred(reference, pr, -1, cands));
        CHECK(listed(out.conflict) == want);
        // Solved alone, in one go, the same.
        CHECK(listed(Encoder(cat, kLimits).solve(pr, Diagnose::package).conflict) == want);
        ++packages;
      }
    }
    INFO(day << ": " << strategies << " strategies, " << packages << " packages with nothing that fits");
    CHECK(strategies >= 400);
    CHECK(packages >= 60);
  }
}
