// The independent checker: it agrees with the solver on every example, scenario
// and generated topology, and it is not a rubber stamp: claims made wrong on
// purpose are caught, each by the check that should catch it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "verify/checker.hpp"
#include "helpers.hpp"
#include "random_topology.hpp"
#include "topology/access.hpp"

using pubplan::Status;

namespace {

std::string all_text(const std::vector<pubplan::Disagreement> &ds) {
  std::string out;
  for (const auto &d : ds) out += d.to_string() + "\n";
  return out;
}

bool found(const std::vector<pubplan::Disagreement> &ds, const std::string &check) {
  return std::any_of(ds.begin(), ds.end(), [&](const auto &d) { return d.check == check; });
}

// What a result claims: counted so that a test can say it checked something.
struct Claims {
  int statuses = 0, conflicts = 0, repairs = 0;
  void add(const pubplan::Result &r) {
    for (const auto &p : r.packages) {
      for (const auto &s : p.strategies) {
        statuses += s.status != Status::unknown;
        conflicts += static_cast<int>(s.conflicts.size()) + !s.because.empty();
        repairs += static_cast<int>(s.repairs.size());
      }
      conflicts += static_cast<int>(p.conflicts.size()) + !p.conflict.empty();
      repairs += static_cast<int>(p.repairs.size());
    }
  }
};

Claims verify_file(const std::string &path) {
  const auto topology = pubplan::Topology::load_file(path);
  const pubplan::Planner planner = test::planner();
  const auto result = planner.solve(topology);
  const auto ds = pubplan::verify(topology, result, planner.catalog());
  INFO(path << "\n" << all_text(ds));
  CHECK(ds.empty());
  Claims c;
  c.add(result);
  return c;
}

// Nothing fits: Jenkins on a hosted runner, tokens disallowed, unattended.
const std::string kJenkins = test::one_package("    provider: jenkins\n    runner: hosted\n    unattended: true\n",
                                               "    access: public\n    tokens_allowed: false\n");
// Trusted publishing blocked twice: self-hosted runner and Node 20.
const std::string kTwoReasons = test::one_package(
    "    provider: github-actions\n    runner: self-hosted\n    node: 20.11.0\n    npm: 11.6.0\n    unattended: true\n",
    "    access: public\n");

}  // namespace

TEST_CASE("the checker agrees with every example and scenario", "[checker]") {
  Claims total;
  auto add = [&](const Claims &c) {
    total.statuses += c.statuses, total.conflicts += c.conflicts, total.repairs += c.repairs;
  };
  add(verify_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml"));
  int files = 1;
  for (const auto &e : std::filesystem::directory_iterator(PUBPLAN_SOURCE_DIR "/tests/scenarios"))
    if (e.path().extension() == ".yaml") {
      add(verify_file(e.path().string()));
      ++files;
    }
  CHECK(files >= 6);
  CHECK(total.conflicts > 10);
  CHECK(total.repairs > 5);
}

TEST_CASE("the checker agrees with the acceptance cases", "[checker][acceptance]") {
  for (const std::string &yaml : {kJenkins, kTwoReasons}) {
    const auto topology = pubplan::Topology::load_string(yaml, "t.yaml");
    const pubplan::Planner planner = test::planner();
    const auto result = planner.solve(topology);
    const auto ds = pubplan::verify(topology, result, planner.catalog());
    INFO(all_text(ds));
    CHECK(ds.empty());
  }
}

TEST_CASE("the checker catches wrong claims", "[checker]") {
  const auto topology = pubplan::Topology::load_string(kTwoReasons, "t.yaml");
  const pubplan::Planner planner = test::planner();
  const auto good = planner.solve(topology);
  REQUIRE(pubplan::verify(topology, good, planner.catalog()).empty());
  auto &catalog = planner.catalog();
  auto strategy = [](pubplan::Result &r, const char *id) {
    return const_cast<pubplan::StrategyResult *>(r.packages[0].strategy(id));
  };

  SECTION("a status") {
    auto r = good;
    auto *gt = strategy(r, pubplan::kGranularToken);
    REQUIRE(gt->status == Status::feasible);
    gt->status = Status::infeasible;
    gt->because = strategy(r, pubplan::kTrustedPublishing)->because;
    auto ds = pubplan::verify(topology, r, catalog);
    CHECK(found(ds, "status"));
    // The witness names the facts of a completion that satisfies every rule.
    CHECK(all_text(ds).find("pipelines[release].") != std::string::npos);
  }
  SECTION("a conflict that is not a contradiction") {
    auto r = good;
    auto *tp = strategy(r, pubplan::kTrustedPublishing);
    REQUIRE(tp->status == Status::infeasible);
    auto &c = tp->conflicts[0];
    auto fact = std::find_if(c.begin(), c.end(), [](const auto &m) { return m.kind == pubplan::Reason::Kind::fact; });
    REQUIRE(fact != c.end());
    c.erase(fact);
    CHECK(found(pubplan::verify(topology, r, catalog), "conflict"));
  }
  SECTION("a conflict that is not minimal") {
    auto r = good;
    auto *tp = strategy(r, pubplan::kTrustedPublishing);
    pubplan::Reason extra;
    extra.kind = pubplan::Reason::Kind::fact;
    extra.fact = "pipelines[release].unattended";
    tp->conflicts[0].push_back(extra);
    auto ds = pubplan::verify(topology, r, catalog);
    CHECK(found(ds, "conflict-minimal"));
    CHECK(all_text(ds).find("without `pipelines[release].unattended`") != std::string::npos);
  }
  SECTION("a member that is not of this package") {
    auto r = good;
    pubplan::Reason bogus;
    bogus.kind = pubplan::Reason::Kind::rule;
    bogus.rule = "no.such-rule";
    strategy(r, pubplan::kTrustedPublishing)->conflicts[0].push_back(bogus);
    CHECK(found(pubplan::verify(topology, r, catalog), "reason"));
  }
  SECTION("a rule said to leave out a strategy it does not") {
    auto r = good;
    auto *tp = strategy(r, pubplan::kTrustedPublishing);
    for (auto &m : tp->conflicts[0])
      if (m.kind == pubplan::Reason::Kind::rule) m.rules_out.push_back(pubplan::kGranularToken);
    CHECK(found(pubplan::verify(topology, r, catalog), "rules-out"));
  }
  SECTION("a repair that does not repair") {
    auto r = good;
    auto *tp = strategy(r, pubplan::kTrustedPublishing);
    REQUIRE_FALSE(tp->repairs.empty());
    for (auto &ch : tp->repairs[0].changes) ch.to_json = ch.from_json;
    CHECK(found(pubplan::verify(topology, r, catalog), "repair"));
  }
  SECTION("a repair with a change it does not need") {
    auto r = good;
    auto *tp = strategy(r, pubplan::kTrustedPublishing);
    REQUIRE_FALSE(tp->repairs.empty());
    tp->repairs[0].changes.push_back({"pipelines[release].unattended", "true", "false", ""});
    auto ds = pubplan::verify(topology, r, catalog);
    CHECK(found(ds, "repair-minimal"));
    CHECK(all_text(ds).find("without changing `pipelines[release].unattended`") != std::string::npos);
  }
}

TEST_CASE("checker statuses on single rules, without the solver", "[checker]") {
  using namespace pubplan::detail;
  const auto &cat = pubplan::detail::Access::model(pubplan::Catalog::builtin());
  auto status_of = [&](const std::string &yaml, const char *id) {
    auto t = pubplan::Topology::load_string(yaml, "t.yaml");
    Problem pr = build_problem(pubplan::detail::Access::model(t), 0);
    return Checker(cat, pr).status(cat.strategy_index(id));
  };
  CHECK(status_of(test::one_package(test::kGood, "    access: public\n"), pubplan::kTrustedPublishing) ==
        Status::feasible);
  // Access left unknown: a private package needs a paid organisation, which is unknown too.
  CHECK(status_of(test::one_package(test::kGood), pubplan::kTrustedPublishing) == Status::conditional);
  // Node left unknown: trusted publishing needs >= 22.14.0, which it may or may not be.
  CHECK(status_of(test::one_package("    provider: github-actions\n    runner: hosted\n    npm: 11.5.1\n"
                                    "    unattended: true\n", "    access: public\n"),
                  pubplan::kTrustedPublishing) == Status::conditional);
  CHECK(status_of(kJenkins, pubplan::kGranularToken) == Status::infeasible);
  CHECK(status_of(kJenkins, pubplan::kInteractive2fa) == Status::infeasible);
}

// The property: on generated topologies, everything the solver says is confirmed
// by the checker: statuses and first reason sets, then every conflict and every
// repair (full diagnoses, hundreds of solver checks per package).
namespace {

// A disagreement on a generated topology fails the test with the smallest
// topology that still shows a disagreement, ready for a regression test.
void report(const pubplan::Planner &planner, const pubplan::Topology &topology, std::uint32_t seed,
                         int i, const std::vector<pubplan::Disagreement> &ds) {
  const auto smallest = pubplan::reduce_topology(topology, [&](const pubplan::Topology &t) {
    return !pubplan::verify(t, planner.solve(t), planner.catalog()).empty();
  });
  FAIL("seed " << seed << ", topology " << i << ":\n"
                << all_text(ds) << "smallest topology with a disagreement:\n" << smallest.to_normalized_json());
}

// Days on which the catalog's dated rules differ: before staged publishing,
// the last day of one trusted publisher, the first of ten, before and after
// staging could create a package, today, and after direct token publishing ends.
const std::vector<std::string> kDays = {"2026-05-01", "2026-09-02", "2026-09-03", "2026-10-01",
                                        test::kToday, "2027-01-01"};

std::vector<pubplan::Planner> planners_by_day(pubplan::Options options) {
  std::vector<pubplan::Planner> out;
  for (const auto &day : kDays) {
    options.as_of = day;
    out.emplace_back(pubplan::Catalog::builtin(), options);
  }
  return out;
}

// Statuses and first reason sets of `count` random one-package topologies,
// each solved on one of kDays in turn.
void agree_on_random(std::uint32_t seed, int count) {
  std::mt19937 rng(seed);
  pubplan::Options quick = test::options();
  quick.max_conflicts = 0;
  quick.max_repairs = 0;
  const auto planners = planners_by_day(quick);
  Claims claims;
  for (int i = 0; i < count; ++i) {
    const pubplan::Planner &planner = planners[static_cast<std::size_t>(i) % planners.size()];
    const std::string yaml = test::random_topology(rng, 1);
    const auto topology = pubplan::Topology::load_string(yaml, "random.yaml");
    const auto result = planner.solve(topology);
    const auto ds = pubplan::verify(topology, result, planner.catalog());
    if (!ds.empty()) report(planner, topology, seed, i, ds);
    claims.add(result);
  }
  CHECK(claims.statuses > 3 * count);
  CHECK(claims.conflicts > count);
}

}  // namespace

// Two halves of 1000, so that ctest can run them at the same time.
TEST_CASE("the checker agrees on random topologies (first thousand)", "[checker][property]") {
  agree_on_random(20261128, 1000);
}
TEST_CASE("the checker agrees on random topologies (second thousand)", "[checker][property]") {
  agree_on_random(20261130, 1000);
}

namespace {

// Every conflict and every repair (full diagnoses) of `count` random topologies
// of `packages` packages each.
void diagnoses_agree(std::uint32_t seed, int count, int packages) {
  std::mt19937 rng(seed);
  const auto planners = planners_by_day(test::options());
  Claims claims;
  for (int i = 0; i < count; ++i) {
    const pubplan::Planner &planner = planners[static_cast<std::size_t>(i) % planners.size()];
    const std::string yaml = test::random_topology(rng, packages);
    const auto topology = pubplan::Topology::load_string(yaml, "random.yaml");
    const auto result = planner.solve(topology);
    const auto ds = pubplan::verify(topology, result, planner.catalog());
    if (!ds.empty()) report(planner, topology, seed, i, ds);
    claims.add(result);
  }
  // Most random packages have an infeasible strategy, many have nothing that fits.
  CHECK(claims.conflicts > count * packages);
  CHECK(claims.repairs > count * packages / 2);
}

}  // namespace

// PUBPLAN_DIAGNOSIS_CASES topologies per chunk (500 in a release build, fewer
// under the sanitizers, where the same code runs ten times slower); chunks are
// separate test cases so that ctest runs them side by side.
TEST_CASE("the checker agrees with every conflict and repair of random topologies (chunk 1)",
          "[checker][property]") {
  diagnoses_agree(20261201, PUBPLAN_DIAGNOSIS_CASES, 1);
}
TEST_CASE("the checker agrees with every conflict and repair of random topologies (chunk 2)",
          "[checker][property]") {
  diagnoses_agree(20261202, PUBPLAN_DIAGNOSIS_CASES, 1);
}
TEST_CASE("the checker agrees with every conflict and repair of random topologies (chunk 3)",
          "[checker][property]") {
  diagnoses_agree(20261203, PUBPLAN_DIAGNOSIS_CASES, 1);
}
TEST_CASE("the checker agrees with every conflict and repair of random topologies (chunk 4)",
          "[checker][property]") {
  diagnoses_agree(20261204, PUBPLAN_DIAGNOSIS_CASES, 1);
}
// Three packages per topology: packages that share a problem or a strategy's
// diagnosis must each be explained with their own facts.
TEST_CASE("the checker agrees with every conflict and repair of random three-package topologies",
          "[checker][property]") {
  diagnoses_agree(20261129, PUBPLAN_DIAGNOSIS_CASES / 5, 3);
}

// Item 6's size: ten pipelines on one package with every runner, Node, npm and
// unattended fact unknown (40 unknown facts, plus access and the org's plan).
// Not timed: it checks that the answer comes and that the checker confirms it.
TEST_CASE("a package with ten pipelines and 42 unknown facts is answered and verified", "[checker]") {
  std::string yaml = "version: 1\nrepositories:\n  - {name: acme/web, host: github, visibility: public}\npipelines:\n";
  std::string pubs;
  for (int i = 0; i < 10; ++i) {
    yaml += "  - {name: p" + std::to_string(i) + ", repository: acme/web, provider: github-actions, file: f" +
            std::to_string(i) + ".yml}\n";
    pubs += (i ? ", p" : "p") + std::to_string(i);
  }
  yaml += "packages:\n  - {name: \"@acme/ui\", repository: acme/web, published_by: [" + pubs + "]}\n";
  const auto topology = pubplan::Topology::load_string(yaml, "ten.yaml");
  // Ten workflow files are ten trusted publishers: too many until npm allowed
  // ten per package on 2026-09-03, within the limit since.
  for (const auto &[day, status] : {std::pair{"2026-09-02", Status::infeasible}, {"2026-09-03", Status::conditional}}) {
    pubplan::Options options;
    options.as_of = day;
    const pubplan::Planner planner(pubplan::Catalog::builtin(), options);
    const auto result = planner.solve(topology);
    const auto &p = result.packages[0];
    INFO(day);
    CHECK(p.strategy(pubplan::kTrustedPublishing)->status == status);
    const auto ds = pubplan::verify(topology, result, planner.catalog());
    INFO(all_text(ds));
    CHECK(ds.empty());
  }
}
