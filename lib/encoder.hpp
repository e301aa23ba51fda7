// The SMT encoding: a package problem and the catalog as Z3 constraints, with
// every stated fact and every rule instance behind its own assumption literal so
// that unsat cores map back to rule ids and facts.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog_model.hpp"
#include "problem.hpp"
#include "pubplan/result.hpp"

namespace pubplan::detail {

// A member of a reason set: a rule instance or a stated fact (slot).
struct Item {
  enum class Kind : std::uint8_t { rule, fact } kind;
  int index = -1;         // rule index or slot index
  int pipeline_pos = -1;  // rule instance: position in Problem::pipelines, -1 per package
  bool operator==(const Item &) const = default;
};

struct StrategyOutcome {
  Status status = Status::unknown;
  std::vector<Item> core;          // infeasible: minimal reason set
  bool core_minimal = true;        // false when the solver budget stopped minimization
  std::optional<bool> provenance;  // feasible/conditional
  std::string note;                // unknown: why
};

struct ProblemOutcome {
  std::vector<StrategyOutcome> strategies;  // catalog order
  std::vector<Item> conflict;               // every strategy infeasible: minimal reason set
};

struct SolverLimits {
  unsigned time_limit_ms = 0;
  std::uint64_t rlimit = 0;
};

// One solver context; not thread-safe, make one per thread.
class Encoder {
 public:
  Encoder(const CatalogModel &catalog, SolverLimits limits);
  ~Encoder();
  Encoder(const Encoder &) = delete;
  Encoder &operator=(const Encoder &) = delete;

  ProblemOutcome solve(const Problem &problem);
  // Whether `items` alone (every other fact and rule switched off) leave the
  // strategy (or, with strategy -1, every strategy) impossible. For checking
  // that reason sets are unsat and minimal.
  bool unsat_with(const Problem &problem, int strategy, const std::vector<Item> &items);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pubplan::detail
