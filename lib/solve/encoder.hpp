// The SMT encoding: a package problem and the catalog as Z3 constraints, with
// every stated fact and every rule instance behind its own assumption literal so
// that unsat cores map back to rule ids and facts.
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "solve/problem.hpp"
#include "pubplan/result.hpp"

namespace pubplan::detail {

// Seconds since `t`, for the timings results report.
inline double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A member of a reason set: a rule instance or a stated fact (slot).
struct Item {
  enum class Kind : std::uint8_t { rule, fact } kind;
  int index = -1;         // rule index or slot index
  int pipeline_pos = -1;  // rule instance: position in Problem::pipelines, -1 per package
  bool operator==(const Item &) const = default;
};

// A change of facts that makes a strategy possible.
struct RepairOutcome {
  std::vector<std::pair<int, Domain>> changes;  // slot -> its new value (a single point)
  int unlocks = -1;                             // strategy index
  Status status_after = Status::unknown;        // of `unlocks` on the repaired problem
  int cost = 0;
};

// Diagnosis of one target (a strategy, or "some strategy" for the package).
struct Diagnosis {
  std::vector<std::vector<Item>> conflicts;  // minimal reason sets, preferred first
  bool conflicts_complete = true;
  std::vector<RepairOutcome> repairs;        // verified, cheapest first
  bool repairs_complete = true;
};

struct StrategyOutcome {
  Status status = Status::unknown;
  std::vector<Item> core;          // infeasible: minimal reason set
  Diagnosis diagnosis;             // infeasible: every conflict, repairs
  bool core_minimal = true;        // false when the solver budget stopped minimization
  std::optional<bool> provenance;  // feasible/conditional
  std::string note;                // unknown: why
};

struct ProblemOutcome {
  // Time spent, in seconds: building the constraints, and diagnosing
  // (conflicts, repairs and their verification); the rest of a solve is checking.
  double encode_seconds = 0, explain_seconds = 0;
  std::vector<StrategyOutcome> strategies;  // catalog order
  std::vector<Item> conflict;               // every strategy infeasible: minimal reason set
  Diagnosis diagnosis;                      // every strategy infeasible: conflicts, repairs
  // Set by complete and diagnose_strategies when what they added may depend on
  // what the context solved before (a check answered unknown, or a repair's
  // value came from Z3's model): then only a fresh encoder's answer is the answer.
  bool history_dependent = false;
};

struct SolverLimits {
  unsigned time_limit_ms = 0;
  std::uint64_t rlimit = 0;
  unsigned max_conflicts = 5;   // 0: no diagnosis beyond the first reason set
  unsigned max_repairs = 5;
  unsigned diagnosis_checks = 2000;  // solver checks one diagnosis may spend
};

// How much Encoder::solve explains: statuses alone (no reason sets); a reason
// set per infeasible strategy and none of the diagnosis; that and the
// package's diagnosis (when nothing fits); or that and every infeasible
// strategy's.
enum class Diagnose : std::uint8_t { statuses, none, package, all };

// One solver context; not thread-safe, make one per thread (except interrupt()).
class Encoder {
 public:
  Encoder(const CatalogModel &catalog, SolverLimits limits);
  ~Encoder();
  Encoder(const Encoder &) = delete;
  Encoder &operator=(const Encoder &) = delete;

  // Statuses, reason sets and, as `what` says, conflicts and repairs; with
  // Diagnose::all and `strategies` not empty, only the infeasible strategies it
  // marks (by index) are diagnosed.
  ProblemOutcome solve(const Problem &problem, Diagnose what = Diagnose::all,
                       const std::vector<bool> &strategies = {});
  // Statuses and, unless `what` is Diagnose::statuses, reason sets and
  // provenance of the strategies `strategies` marks (by index; the others stay
  // unknown): no package conflict and no diagnosis. These answers rest on sat
  // and unsat alone, so an encoder may decide problem after problem and give
  // each the answer a fresh one would, unless a check stopped (unknown).
  ProblemOutcome decide(const Problem &problem, Diagnose what, const std::vector<bool> &strategies);
  // For `outcome`, decided (decide) with every strategy infeasible: adds the
  // package's reason set and, as `what` says, its conflicts and repairs. They
  // rest on sat and unsat answers and pinned values, so a kept encoder gives
  // what a fresh one would, unless outcome.history_dependent says otherwise.
  void complete(const Problem &problem, Diagnose what, ProblemOutcome &outcome);
  // For `outcome`, decided (decide): the conflicts and verified repairs of the
  // infeasible strategies `strategies` marks, from their reason sets, the
  // problem encoded once; as complete, outcome.history_dependent says whether
  // a fresh encoder must compute them again.
  void diagnose_strategies(const Problem &problem, ProblemOutcome &outcome, const std::vector<bool> &strategies);
  // For each of `sets`: whether its items alone (every other fact and rule
  // switched off) leave the strategy (or, with strategy -1, every strategy)
  // impossible. For checking that reason sets are unsat and minimal; the problem
  // is encoded once for all the sets.
  std::vector<bool> unsat_each(const Problem &problem, int strategy,
                               const std::vector<std::vector<Item>> &sets);
  // The same for sets of several strategies at once, the problem encoded once.
  struct ItemSet {
    int strategy = -1;  // -1: every strategy
    std::vector<Item> items;
  };
  std::vector<bool> unsat_each(const Problem &problem, const std::vector<ItemSet> &sets);

  // The baseline a straightforward encoding gives: every problem in this one
  // solver at once (constants kept apart by name), each strategy's status by
  // assumption checks against the whole; no reuse of shapes, no diagnosis.
  // For benchmarks and for the test that the decomposed path agrees with it.
  // Use a fresh encoder: the problems stay in its solver. With a time limit
  // (seconds, 0 = none) it stops there, leaving the rest unknown; `checks`
  // receives the number of solver checks it made.
  std::vector<std::vector<Status>> monolithic_statuses(const std::vector<Problem> &problems,
                                                       double time_limit_seconds = 0, std::size_t *checks = nullptr);

  // Callable from any thread: stops the solver check running now (Z3 interrupt)
  // and marks the encoder interrupted, so its results must not be used.
  void interrupt() noexcept;
  bool interrupted() const noexcept { return interrupted_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> interrupted_{false};
};

}  // namespace pubplan::detail
