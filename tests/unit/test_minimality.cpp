// Every reason set the engine reports is unsat, and dropping any member makes it
// satisfiable: checked on the examples and on generated topologies.
#include <catch2/catch.hpp>

#include <random>

#include "catalog_model.hpp"
#include "encoder.hpp"
#include "helpers.hpp"
#include "problem.hpp"

using namespace pubplan::detail;

namespace {

void check_minimal(Encoder &enc, const Problem &pr, int strategy, const std::vector<Item> &core) {
  REQUIRE_FALSE(core.empty());
  CHECK(enc.unsat_with(pr, strategy, core));
  for (std::size_t i = 0; i < core.size(); ++i) {
    std::vector<Item> less = core;
    less.erase(less.begin() + static_cast<std::ptrdiff_t>(i));
    INFO("member " << i << " of " << core.size() << " is not needed");
    CHECK_FALSE(enc.unsat_with(pr, strategy, less));
  }
}

// Every repair, applied to the problem, leaves its strategy possible; and it is
// minimal: undoing any one of its changes leaves the strategy impossible again.
void check_repairs(Encoder &enc, const Problem &pr, const Diagnosis &d, int strategy) {
  for (const auto &rep : d.repairs) {
    Problem fixed = pr;
    for (const auto &[slot, to] : rep.changes) {
      fixed.slots[slot].domain = to;
      fixed.slots[slot].tracked = true;
    }
    const int st = strategy >= 0 ? strategy : rep.unlocks;
    CHECK(enc.solve(fixed, false).strategies[st].status != pubplan::Status::infeasible);
    if (rep.changes.size() < 2) continue;
    for (std::size_t i = 0; i < rep.changes.size(); ++i) {
      Problem partial = fixed;
      const int slot = rep.changes[i].first;
      partial.slots[slot] = pr.slots[slot];
      auto after = enc.solve(partial, false);
      bool any = false;
      for (const auto &s : after.strategies) any |= s.status != pubplan::Status::infeasible;
      INFO("change " << i << " of a repair is not needed");
      CHECK((strategy >= 0 ? after.strategies[strategy].status == pubplan::Status::infeasible : !any));
    }
  }
}

// Returns how many reason sets were checked.
int check_topology(const pubplan::Topology &t) {
  const auto &cat = pubplan::Catalog::builtin().model();
  Encoder enc(cat, {});
  int checked = 0;
  for (std::size_t i = 0; i < t.model().packages.size(); ++i) {
    Problem pr = build_problem(t.model(), static_cast<int>(i));
    ProblemOutcome out = enc.solve(pr);
    for (std::size_t st = 0; st < out.strategies.size(); ++st)
      if (out.strategies[st].status == pubplan::Status::infeasible) {
        check_minimal(enc, pr, static_cast<int>(st), out.strategies[st].core);
        for (const auto &c : out.strategies[st].diagnosis.conflicts) check_minimal(enc, pr, static_cast<int>(st), c);
        check_repairs(enc, pr, out.strategies[st].diagnosis, static_cast<int>(st));
        ++checked;
      }
    if (!out.conflict.empty()) {
      check_minimal(enc, pr, -1, out.conflict);
      for (const auto &c : out.diagnosis.conflicts) check_minimal(enc, pr, -1, c);
      check_repairs(enc, pr, out.diagnosis, -1);
      ++checked;
    }
  }
  return checked;
}

std::string pick(std::mt19937 &rng, std::vector<std::string> v) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

// A random small topology: every fact drawn from its values or left unknown.
std::string random_topology(std::mt19937 &rng) {
  std::string y = "version: 1\n";
  y += "policy:\n  provenance: " + pick(rng, {"required", "preferred", "off"}) +
       "\n  bypass_2fa_tokens: " + pick(rng, {"allowed", "forbidden"}) + "\n";
  y += "npm:\n  orgs: [{name: acme, paid: " + pick(rng, {"true", "false", "unknown"}) + "}]\n";
  y += "repositories:\n";
  for (int r = 0; r < 2; ++r)
    y += "  - {name: r" + std::to_string(r) + ", host: " + pick(rng, {"github", "gitlab", "github-enterprise-server", "other"}) +
         ", visibility: " + pick(rng, {"public", "private", "unknown"}) + "}\n";
  y += "pipelines:\n";
  for (int p = 0; p < 3; ++p) {
    // A provider that fits both hosts a repository may have.
    std::string repo = "r" + std::to_string(p % 2);
    bool gl = y.find("name: " + repo + ", host: gitlab") != std::string::npos;
    bool gh = y.find("name: " + repo + ", host: github") != std::string::npos;
    std::string provider = gl ? pick(rng, {"gitlab-ci", "circleci", "jenkins"})
                         : gh ? pick(rng, {"github-actions", "circleci", "azure-pipelines"})
                              : pick(rng, {"circleci", "jenkins", "buildkite"});
    y += "  - {name: p" + std::to_string(p) + ", repository: " + repo + ", provider: " + provider +
         ", runner: " + pick(rng, {"hosted", "self-hosted", "unknown"}) +
         ", file: " + pick(rng, {"a.yml", "b.yml"}) +
         ", node: " + pick(rng, {"20.11.0", "22.14.0", "22", "24", "unknown"}) +
         ", npm: " + pick(rng, {"10.9.0", "11.5.1", "11.12.0", "^11.6.0", "unknown"}) +
         ", unattended: " + pick(rng, {"true", "false", "unknown"}) + "}\n";
  }
  y += "packages:\n";
  for (int k = 0; k < 3; ++k) {
    std::string pubs = pick(rng, {"[]", "[p0]", "[p1]", "[p0, p1]", "[p2]", "[p0, p2]"});
    y += "  - {name: \"@acme/k" + std::to_string(k) + "\", repository: r" + std::to_string(k % 2) +
         ", access: " + pick(rng, {"public", "private", "unknown"}) +
         ", exists: " + pick(rng, {"true", "false"}) +
         ", tokens_allowed: " + pick(rng, {"true", "false", "unknown"}) + ", published_by: " + pubs + "}\n";
  }
  return y;
}

}  // namespace

TEST_CASE("reason sets of the bundled example are unsat and minimal", "[minimality]") {
  auto t = pubplan::Topology::load_file(PUBPLAN_SOURCE_DIR "/examples/acme.yaml");
  CHECK(check_topology(t) >= 8);
}

TEST_CASE("reason sets of random topologies are unsat and minimal", "[minimality][property]") {
  std::mt19937 rng(20261128);
  int checked = 0;
  for (int i = 0; i < 60; ++i) {
    std::string yaml = random_topology(rng);
    INFO(yaml);
    checked += check_topology(pubplan::Topology::load_string(yaml, "random.yaml"));
  }
  CHECK(checked > 100);
}
