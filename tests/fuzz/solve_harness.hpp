// What the two solve fuzzers share: a generator of schema-valid topologies
// driven by the fuzzer's bytes (every fact drawn from its values or left
// unknown, providers that can build their repository's host, so every input
// loads; the day solved for drawn from the catalog's own rule dates), and the
// checks of a result:
//   - consistency: a recommendation is one of the strategies that fit,
//     `feasible`/`conditional` list exactly the strategies of that status,
//     nothing fits exactly when every strategy is infeasible;
//   - the JSON and text reports are written without error;
//   - the independent checker (pubplan::verify, no SMT) agrees with it all,
//     on the topologies with up to two pipelines (it enumerates unknowns);
//   - each package solved again by an encoder of its own: the same statuses,
//     and every reason set that encoder gives, and every one of the planner's
//     (read back into the problem by name), unsat, and satisfiable with any
//     one member dropped, on any number of pipelines (a set both give is
//     checked once).
#pragma once
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "format/date.hpp"
#include "pubplan/pubplan.hpp"
#include "solve/encoder.hpp"
#include "solve/problem.hpp"
#include "topology/access.hpp"

namespace fuzz_solve_harness {

// The topology of the input being run, printed when a check fails.
inline std::string current;

// A failed check names itself and shows the topology, then aborts (the finding).
inline void check(bool ok, const char *what, const char *file, int line) {
  if (ok) return;
  std::fprintf(stderr, "%s:%d: check failed: %s\n--- topology ---\n%s---\n", file, line, what, current.c_str());
  std::abort();
}
#define require(cond) ::fuzz_solve_harness::check((cond), #cond, __FILE__, __LINE__)

inline std::string pick(FuzzedDataProvider &in, const std::vector<const char *> &values) {
  return values[in.ConsumeIntegralInRange<std::size_t>(0, values.size() - 1)];
}

// A version as YAML: quoted ("^22", ">=22.14.0" and "22" are text), except the
// keyword `unknown`, which quoted would be a version string and invalid.
inline std::string version(const std::string &v) { return v == "unknown" ? v : "\"" + v + "\""; }

inline std::string generate_topology(FuzzedDataProvider &in) {
  static const std::vector<const char *> hosts = {"github", "github-enterprise-server", "gitlab",
                                                  "gitlab-self-managed", "bitbucket", "other", "unknown"};
  // Providers that build a repository on any host (Bitbucket Pipelines does not).
  static const std::vector<const char *> any_ci = {"circleci", "jenkins", "azure-pipelines", "buildkite",
                                                   "other"};
  static const std::vector<const char *> versions_node = {"20.11.0", "22.14.0", "22", "22.x", "24", "24.1",
                                                          "^22.14.0", "~22.14.0", ">=22.14.0", "lts/*",
                                                          "latest", "unknown"};
  static const std::vector<const char *> versions_npm = {"10.9.0", "11.5.1", "11.12.0", "11", "^11.6.0",
                                                         "latest", "unknown"};
  static const std::vector<const char *> tri = {"true", "false", "unknown"};
  static const std::vector<const char *> profiles = {"low-ops", "compliance", "enterprise", "small-team",
                                                     "monorepo", "microservices", "cost-sensitive"};
  std::string y = "version: 1\n";
  if (in.ConsumeBool()) y += "profiles: [" + pick(in, profiles) + "]\n";
  y += "policy: {provenance: " + pick(in, {"required", "preferred", "off"}) +
       ", bypass_2fa_tokens: " + pick(in, {"allowed", "forbidden"}) + "}\n";
  y += "npm: {tokens_in_use: " + std::to_string(in.ConsumeIntegralInRange<int>(0, 1000)) +
       ", orgs: [{name: acme, paid: " + pick(in, tri) + "}]}\n";
  const int repos = in.ConsumeIntegralInRange<int>(1, 3);
  std::vector<std::string> repo_host;
  y += "repositories:\n";
  for (int r = 0; r < repos; ++r) {
    repo_host.push_back(pick(in, hosts));
    y += "  - {name: acme/r" + std::to_string(r) + ", host: " + repo_host.back() +
         ", visibility: " + pick(in, {"public", "private", "unknown"}) + "}\n";
  }
  const int pipelines = in.ConsumeIntegralInRange<int>(0, 4);
  y += pipelines ? "pipelines:\n" : "pipelines: []\n";
  for (int p = 0; p < pipelines; ++p) {
    const int r = in.ConsumeIntegralInRange<int>(0, repos - 1);
    const std::string &h = repo_host[r];
    std::string provider = pick(in, any_ci);
    if (in.ConsumeBool()) {  // the repository's own CI, where it has one
      if (h == "github" || h == "github-enterprise-server") provider = "github-actions";
      if (h == "gitlab" || h == "gitlab-self-managed") provider = "gitlab-ci";
      if (h == "bitbucket") provider = "bitbucket-pipelines";
    }
    y += "  - {name: p" + std::to_string(p) + ", repository: acme/r" + std::to_string(r) +
         ", provider: " + provider + ", runner: " + pick(in, {"hosted", "self-hosted", "unknown"});
    if (in.ConsumeBool()) y += ", file: " + pick(in, {"a.yml", "b.yml"});
    if (in.ConsumeBool()) y += ", environment: npm";
    y += ", node: " + version(pick(in, versions_node)) + ", npm: " + version(pick(in, versions_npm)) +
         ", unattended: " + pick(in, tri) + "}\n";
  }
  const int packages = in.ConsumeIntegralInRange<int>(1, 4);
  y += "packages:\n";
  for (int k = 0; k < packages; ++k) {
    std::string pubs, deps;
    for (int p = 0; p < pipelines; ++p)
      if (in.ConsumeBool()) pubs += (pubs.empty() ? "p" : ", p") + std::to_string(p);
    for (int d = 0; d < packages; ++d)  // self-dependencies and cycles included
      if (in.ConsumeIntegralInRange<int>(0, 3) == 0)
        deps += (deps.empty() ? "\"@acme/k" : ", \"@acme/k") + std::to_string(d) + "\"";
    y += "  - {name: \"@acme/k" + std::to_string(k) + "\", repository: acme/r" +
         std::to_string(in.ConsumeIntegralInRange<int>(0, repos - 1)) +
         ", access: " + pick(in, {"public", "private", "unknown"}) + ", exists: " + pick(in, {"true", "false"}) +
         ", tokens_allowed: " + pick(in, tri) + ", published_by: [" + pubs + "], depends_on: [" + deps + "]";
    if (in.ConsumeBool()) y += ", requires: {provenance: " + pick(in, {"required", "preferred", "off"}) + "}";
    y += "}\n";
  }
  return y;
}

// The day to solve for: 2026-12-03, or the day before or the day of a date
// on which one of the catalog's rules takes effect or ends, so that every
// period the catalog's dates make is reached. Drawn after the topology: the
// seeds written before it still make the same topologies (on the first day
// when they end with the topology's bytes).
inline std::string generate_day(FuzzedDataProvider &in, const pubplan::Catalog &catalog) {
  static const std::vector<std::string> days = [&] {
    std::set<pubplan::detail::Day> boundaries;
    for (const auto &rule : pubplan::detail::Access::model(catalog).rules) {
      if (rule.effective_from) boundaries.insert(*rule.effective_from);
      if (rule.effective_until) boundaries.insert(*rule.effective_until);
    }
    std::vector<std::string> out{"2026-12-03"};
    for (auto b : boundaries) {
      out.push_back(pubplan::detail::format_date(b - 1));
      out.push_back(pubplan::detail::format_date(b));
    }
    return out;
  }();
  return days[in.ConsumeIntegralInRange<std::size_t>(0, days.size() - 1)];
}

// An input: its topology (kept in `current`, with its day, for a finding's
// report) and the day to solve it on, set in `options` with one thread.
inline pubplan::Topology generate_input(FuzzedDataProvider &in, const pubplan::Catalog &catalog,
                                        pubplan::Options &options) {
  current = generate_topology(in);
  options.as_of = generate_day(in, catalog);
  current += "# as of " + options.as_of + "\n";
  options.threads = 1;
  return pubplan::Topology::load_string(current, "generated.yaml");  // must load
}

inline bool listed(const std::vector<std::string> &v, const std::string &s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Consistency, both reports, and the independent checker.
inline void check_result(const pubplan::Topology &topology, const pubplan::Result &result,
                         const pubplan::Catalog &catalog) {
  using namespace pubplan;
  require(result.packages.size() == topology.package_count());
  for (const auto &p : result.packages) {
    bool any = false;
    for (const auto &s : p.strategies) {
      any |= s.status == Status::feasible || s.status == Status::conditional || s.status == Status::unknown;
      require(listed(p.feasible, s.id) == (s.status == Status::feasible));
      require(listed(p.conditional, s.id) == (s.status == Status::conditional));
      if (s.status == Status::infeasible) require(!s.because.empty());
    }
    if (p.recommended) {
      const StrategyResult *s = p.strategy(*p.recommended);
      require(s && s->status == p.recommended_status && s->status != Status::infeasible);
    } else {
      require(!any && !p.conflict.empty());
    }
  }
  (void)to_json(result);
  (void)to_text(result, {});
  if (topology.pipeline_count() <= 2)
    for (const auto &d : verify(topology, result, catalog)) {
      std::fprintf(stderr, "%s\n", d.to_string().c_str());
      require(false);
    }
}

// The reason sets of one package to check: each unsat in the package's problem
// for its strategy (-1: every strategy), and satisfiable with any one member
// dropped. A member is one item (the encoder's own sets) or every item a
// member of the planner's names. A set met twice (the planner's `because` is
// usually the encoder's own first reason) is checked once, and all of a
// package's sets with one encoding of its problem.
class ReasonSetChecks {
 public:
  void add(const char *what, int strategy, std::vector<std::vector<pubplan::detail::Item>> members) {
    require(!members.empty());
    for (auto &m : members) {
      require(!m.empty());  // every member names something of the problem
      std::sort(m.begin(), m.end(), before);
    }
    auto key = members;
    std::sort(key.begin(), key.end(), [](const auto &a, const auto &b) {
      return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), before);
    });
    for (const auto &q : queries_)
      if (q.strategy == strategy && q.key == key) return;
    queries_.push_back({what, strategy, std::move(members), std::move(key)});
  }

  // One member per item.
  void add_items(const char *what, int strategy, const std::vector<pubplan::detail::Item> &items) {
    std::vector<std::vector<pubplan::detail::Item>> members;
    for (const auto &it : items) members.push_back({it});
    add(what, strategy, std::move(members));
  }

  void run(pubplan::detail::Encoder &enc, const pubplan::detail::Problem &pr) const {
    using Set = pubplan::detail::Encoder::ItemSet;
    std::vector<Set> sets;
    for (const Query &q : queries_)
      for (std::size_t drop = 0; drop <= q.members.size(); ++drop) {  // drop == size: none dropped
        Set set{q.strategy, {}};
        for (std::size_t j = 0; j < q.members.size(); ++j)
          if (j != drop) set.items.insert(set.items.end(), q.members[j].begin(), q.members[j].end());
        sets.push_back(std::move(set));
      }
    const std::vector<bool> unsat = enc.unsat_each(pr, sets);
    std::size_t k = 0;
    for (const Query &q : queries_) {
      for (std::size_t drop = 0; drop <= q.members.size(); ++drop, ++k) {
        const bool ok = drop == q.members.size() ? unsat[k] : !unsat[k];
        if (!ok)
          std::fprintf(stderr, "%s (strategy %d): %s\n", q.what, q.strategy,
                       drop == q.members.size() ? "satisfiable" : "not minimal");
        require(ok);
      }
    }
  }

 private:
  struct Query {
    const char *what;
    int strategy;
    std::vector<std::vector<pubplan::detail::Item>> members, key;
  };
  static bool before(const pubplan::detail::Item &a, const pubplan::detail::Item &b) {
    return std::tie(a.kind, a.index, a.pipeline_pos) < std::tie(b.kind, b.index, b.pipeline_pos);
  }
  std::vector<Query> queries_;
};

// The members of `pr` a reason set of the planner names: a rule member is that
// rule's instance (by id and instance name), a fact member every slot of that
// path (two slots can be one fact of the file: `published_by` is both the
// number of pipelines and of publishers). Per member, its items; an empty list
// for a member `pr` does not have.
inline std::vector<std::vector<pubplan::detail::Item>> items_of(const pubplan::detail::TopologyModel &m,
                                                                const pubplan::detail::CatalogModel &rules,
                                                                const pubplan::detail::Problem &pr,
                                                                const std::vector<pubplan::Reason> &set) {
  using namespace pubplan::detail;
  std::vector<std::vector<Item>> out;
  for (const pubplan::Reason &r : set) {
    std::vector<Item> items;
    if (r.kind == pubplan::Reason::Kind::rule) {
      for (std::size_t k = 0; k < rules.rules.size(); ++k) {
        if (rules.rules[k].id != r.rule) continue;
        if (r.instance.empty()) items.push_back({Item::Kind::rule, static_cast<int>(k), -1});
        for (int pos = 0; pos < static_cast<int>(pr.pipelines.size()) && !r.instance.empty(); ++pos)
          if (instance_name(m, pr, pos) == r.instance) items.push_back({Item::Kind::rule, static_cast<int>(k), pos});
      }
    } else {
      for (std::size_t slot = 0; slot < pr.slots.size(); ++slot)
        if (fact_path(m, pr.slots[slot].ref) == r.fact) items.push_back({Item::Kind::fact, static_cast<int>(slot), -1});
    }
    out.push_back(std::move(items));
  }
  return out;
}

// Each package solved again by an encoder of its own, at depth `what`: the same
// statuses as the result's, and every reason set it gives (each strategy's
// first, the package's, and with Diagnose::all every enumerated conflict)
// unsat and minimal. So is every reason set of the planner's (its `because`
// sets and conflicts), each member read back into the problem by name.
inline void check_reason_sets(const pubplan::Topology &topology, const pubplan::Result &result,
                              const pubplan::Catalog &catalog, pubplan::detail::Diagnose what) {
  using namespace pubplan;
  const auto &model = detail::Access::model(topology);
  // The rules in force on the day the planner solved for, and an encoder of
  // them, kept from input to input (the catalog is always the built-in one): a
  // solver context costs about as much as the checks of a small input, and
  // what this encoder answers is checked for what it is (unsat, minimal),
  // whatever it solved before.
  struct Day {
    detail::CatalogModel rules;
    std::unique_ptr<detail::Encoder> encoder;
  };
  static std::map<std::string, std::unique_ptr<Day>> days;
  std::unique_ptr<Day> &day = days[result.as_of];
  if (!day) {
    day = std::make_unique<Day>();
    day->rules = detail::in_force(detail::Access::model(catalog), *detail::parse_date(result.as_of));
    detail::SolverLimits limits;
    limits.max_conflicts = 2;
    limits.max_repairs = 0;
    day->encoder = std::make_unique<detail::Encoder>(day->rules, limits);
  }
  const detail::CatalogModel &rules = day->rules;
  detail::Encoder &enc = *day->encoder;
  for (std::size_t i = 0; i < model.packages.size(); ++i) {
    detail::Problem pr = detail::build_problem(model, static_cast<int>(i));
    // A package the token budget denies is solved again with the budget as a
    // false fact (its granular token fails on token.account-limit); so here.
    const auto &denied = result.tokens.denied;
    if (std::find(denied.begin(), denied.end(), result.packages[i].name) != denied.end())
      pr.slots[pr.package_slot[static_cast<int>(detail::Attr::package_token_budget)]].domain.mask = 0b01;
    const detail::ProblemOutcome out = enc.solve(pr, what);
    ReasonSetChecks checks;
    for (std::size_t st = 0; st < out.strategies.size(); ++st) {
      require(out.strategies[st].status == result.packages[i].strategies[st].status);
      if (out.strategies[st].status != Status::infeasible) continue;
      checks.add_items("the encoder's first reason", static_cast<int>(st), out.strategies[st].core);
      for (const auto &conflict : out.strategies[st].diagnosis.conflicts)
        checks.add_items("a conflict of the encoder's", static_cast<int>(st), conflict);
    }
    if (!out.conflict.empty()) checks.add_items("the encoder's package conflict", -1, out.conflict);
    for (const auto &conflict : out.diagnosis.conflicts)
      checks.add_items("a package conflict of the encoder's", -1, conflict);

    const pubplan::PackageResult &planned = result.packages[i];
    for (std::size_t st = 0; st < planned.strategies.size(); ++st) {
      const pubplan::StrategyResult &s = planned.strategies[st];
      if (s.status != Status::infeasible) continue;
      if (s.because_minimal)
        checks.add("the planner's because", static_cast<int>(st), items_of(model, rules, pr, s.because));
      for (const auto &conflict : s.conflicts)
        checks.add("a conflict of the planner's", static_cast<int>(st), items_of(model, rules, pr, conflict));
    }
    for (const auto &conflict : planned.conflicts)
      checks.add("a package conflict of the planner's", -1, items_of(model, rules, pr, conflict));
    checks.run(enc, pr);
  }
}

// One input of a solve target: generated, solved with `options` (the depth
// and bounds; the day and one thread are set here), and checked, the reason
// sets again at depth `what`. At DiagnoseDepth::all every ruled-out strategy
// must have been diagnosed.
inline void run(const std::uint8_t *data, std::size_t size, pubplan::Options options,
                pubplan::detail::Diagnose what) {
  using namespace pubplan;
  static const Catalog catalog = Catalog::builtin();
  FuzzedDataProvider in(data, size);
  const Topology topology = generate_input(in, catalog, options);
  const Result result = Planner(catalog, options).solve(topology);
  if (options.diagnose == DiagnoseDepth::all)
    for (const auto &p : result.packages)
      for (const auto &s : p.strategies)
        if (s.status == Status::infeasible) require(s.diagnosed && !s.conflicts.empty());
  check_result(topology, result, catalog);
  check_reason_sets(topology, result, catalog, what);
}

}  // namespace fuzz_solve_harness
