// The default depth (DiagnoseDepth::first) against the full diagnosis (all):
// the same statuses, recommendations, first reason sets and package
// conflicts, without the strategies' other conflicts and repairs, which
// Planner::diagnose then gives for one package, equal to the full solve's.
#include <catch2/catch.hpp>
#include <random>

#include "helpers.hpp"
#include "random_topology.hpp"

namespace {

using pubplan::DiagnoseDepth;

pubplan::Options at_depth(DiagnoseDepth depth, const std::string &day) {
  pubplan::Options o = test::options(day);
  o.diagnose = depth;
  return o;
}

// What both depths must agree on, as one text per package.
std::string agreed(const pubplan::PackageResult &p) {
  std::string out = p.name + " -> " + p.recommended.value_or("nothing") + " (" + pubplan::to_string(p.recommended_status) +
                    ")\nwhy: " + p.why + "\n";
  for (const auto &s : p.strategies) {
    out += s.id + ": " + pubplan::to_string(s.status);
    for (const auto &r : s.because) out += " " + pubplan::to_json(r);
    out += "\n";
  }
  for (const auto &w : p.warnings) out += "warning " + pubplan::to_json(w) + "\n";
  // Nothing fits: the package's whole diagnosis at either depth.
  for (const auto &c : p.conflicts)
    for (const auto &r : c) out += "conflict " + pubplan::to_json(r) + "\n";
  for (const auto &r : p.repairs) out += "repair " + pubplan::to_json(r) + "\n";
  return out;
}

struct Counts {
  int packages = 0, ruled_out = 0, nothing_fits = 0, strategy_conflicts = 0;
};

void depths_agree(std::uint32_t seed, int count) {
  const std::vector<std::string> days = {"2026-05-01", "2026-09-03", test::kToday, "2027-01-01"};
  std::vector<pubplan::Planner> firsts, alls;
  for (const auto &day : days) {
    firsts.emplace_back(pubplan::Catalog::builtin(), at_depth(DiagnoseDepth::first, day));
    alls.emplace_back(pubplan::Catalog::builtin(), at_depth(DiagnoseDepth::all, day));
  }
  std::mt19937 rng(seed);
  Counts n;
  for (int i = 0; i < count; ++i) {
    const std::size_t d = static_cast<std::size_t>(i) % days.size();
    const std::string &day = days[d];
    const pubplan::Planner &first = firsts[d], &all = alls[d];
    const std::string yaml = test::random_topology(rng, 1);
    const auto topology = pubplan::Topology::load_string(yaml, "random.yaml");
    const pubplan::Result brief = first.solve(topology), full = all.solve(topology);
    INFO("seed " << seed << ", topology " << i << ", day " << day << ":\n" << yaml);
    CHECK(brief.diagnose == "first");
    CHECK(full.diagnose == "all");
    REQUIRE(brief.packages.size() == full.packages.size());
    CHECK(pubplan::verify(topology, brief, first.catalog()).empty());
    for (std::size_t k = 0; k < brief.packages.size(); ++k) {
      const pubplan::PackageResult &b = brief.packages[k], &f = full.packages[k];
      ++n.packages;
      n.nothing_fits += !f.recommended;
      CHECK(agreed(b) == agreed(f));
      for (std::size_t st = 0; st < b.strategies.size(); ++st) {
        const bool infeasible = f.strategies[st].status == pubplan::Status::infeasible;
        n.ruled_out += infeasible;
        n.strategy_conflicts += static_cast<int>(f.strategies[st].conflicts.size());
        CHECK_FALSE(b.strategies[st].diagnosed);
        CHECK(b.strategies[st].conflicts.empty());
        CHECK(b.strategies[st].repairs.empty());
        CHECK(f.strategies[st].diagnosed == infeasible);
      }
      // On demand, from the brief result: what the full solve gave.
      pubplan::PackageResult again = first.diagnose(topology, brief, b.name);
      again.why = f.why;  // the recommendation's future is the solve's to tell
      CHECK(pubplan::to_json(again) == pubplan::to_json(f));
    }
  }
  // The random topologies exercise what is compared.
  CHECK(n.ruled_out > n.packages);
  CHECK(n.nothing_fits > n.packages / 20);
  CHECK(n.strategy_conflicts >= n.ruled_out);
}

}  // namespace

TEST_CASE("the default depth answers as the full diagnosis does (chunk 1)", "[planner][depth][property]") {
  depths_agree(20261205, PUBPLAN_DIAGNOSIS_CASES);
}
TEST_CASE("the default depth answers as the full diagnosis does (chunk 2)", "[planner][depth][property]") {
  depths_agree(20261206, PUBPLAN_DIAGNOSIS_CASES);
}

TEST_CASE("the default depth computes no strategy's conflicts or repairs, nor read paths", "[planner][depth]") {
  const auto topology = pubplan::Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml");
  pubplan::Options o = test::options();
  o.diagnose = DiagnoseDepth::first;
  const pubplan::Planner planner(pubplan::Catalog::builtin(), o);
  const pubplan::Result r = planner.solve(topology);
  CHECK_FALSE(r.graph.installs.empty());
  CHECK(r.graph.read_needs.empty());
  const pubplan::Result full = test::planner().solve(topology);
  CHECK(full.graph.installs.size() == r.graph.installs.size());
  CHECK(full.graph.read_needs.size() >= full.graph.installs.size());
  CHECK_THROWS_AS(planner.diagnose(topology, r, "@acme/nope"), std::out_of_range);
}

TEST_CASE("diagnose depths read and print as their names", "[planner][depth]") {
  DiagnoseDepth d = DiagnoseDepth::first;
  CHECK(pubplan::parse_diagnose_depth("all", d));
  CHECK(d == DiagnoseDepth::all);
  CHECK(pubplan::parse_diagnose_depth("first", d));
  CHECK(d == DiagnoseDepth::first);
  CHECK_FALSE(pubplan::parse_diagnose_depth("All", d));
  CHECK(d == DiagnoseDepth::first);
  CHECK(std::string(pubplan::to_string(DiagnoseDepth::all)) == "all");
}
