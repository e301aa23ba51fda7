// The independent checker: decides the catalog's rules over concrete values of
// a package's facts by plain enumeration, with no SMT solver.
//
// What "independent" means here. The checker shares with the engine only the
// inputs: the loaded topology, the parsed catalog (CatalogModel) and the slots
// of a package problem (build_problem, fact_path). It shares no reasoning: it
// does not use the Z3 encoding (encoder*, diagnosis.cpp) nor the three-valued
// evaluator (evaluate.cpp), which reads assumptions out for people and works on
// domains, not values. Conditions are evaluated here on one concrete value per
// fact; a statement "some completion works" is proved by showing one, and "no
// completion works" by trying them all. A bug in the shared inputs is not found
// by this checker; a bug in how the engine reasons about them is.
//
// Enumeration stays small: versions and counts only matter relative to the
// bounds the catalog compares them with, so each interval domain is cut at
// those bounds and one value per piece is tried (exact, not an approximation);
// the constraints split into independent groups of facts that are searched
// separately, and a constraint is tested as soon as the facts it reads have
// values.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "solve/problem.hpp"
#include "pubplan/result.hpp"

namespace pubplan::detail {

// Which stated facts and which rules are in force. A fact not in force may take
// any value of its type (as when it is left out of a reason set); an unstated
// fact always ranges over what the file allows. A rule not in force does not
// constrain anything; a provision not in force leaves its capability free.
struct Selection {
  std::vector<bool> fact;                 // per slot (only tracked slots matter)
  std::vector<std::vector<bool>> rule;    // per rule: per instance, [pos + 1]; [0] per package

  static Selection all(const CatalogModel &cat, const Problem &pr);
  static Selection none(const CatalogModel &cat, const Problem &pr);
};

// Values of one completion: per slot, then the two capabilities of the strategy.
// Booleans and enumerations are value indices; versions and counts themselves.
// Slots no constraint read are left out (`set` false).
struct Completion {
  std::vector<std::int64_t> value;
  std::vector<bool> set;
};

class Checker {
 public:
  Checker(const CatalogModel &cat, const Problem &pr);

  // Some completion satisfies every selected rule for `strategy`.
  bool possible(int strategy, const Selection &sel, Completion *witness = nullptr) const;
  // Some completion (every fact and rule in force) breaks a requirement of the
  // strategy: then it is not feasible for every value of the unknowns.
  bool breakable(int strategy, Completion *witness = nullptr) const;
  // feasible, conditional or infeasible, from the two above.
  Status status(int strategy) const;

  const Problem &problem() const { return pr_; }

 private:
  struct Constraint;
  const CatalogModel &cat_;
  const Problem &pr_;
  std::vector<std::vector<std::int64_t>> cuts_;  // per attribute: where comparisons change
  // Per slot: the values to try when the fact is in force, and when it is not.
  std::vector<std::vector<std::int64_t>> stated_, any_;
  // Read off attr_info and the catalog's vocabulary once.
  std::vector<std::uint32_t> fit_;                 // per provider: hosts it builds
  std::vector<Scope> scope_;                       // per attribute
  std::vector<ValueType> type_;                    // per attribute

  std::vector<std::int64_t> values_of(const Slot &s, const Domain &d) const;
  std::vector<Constraint> constraints(int strategy, const Selection &sel) const;
  // Whether the pipeline at `pos` exists in completion v (Problem::guarded).
  bool exists(int pos, const std::vector<std::int64_t> &v) const;
  bool holds(const Constraint &c, const std::vector<std::int64_t> &v) const;
  // `negated`: index of the constraint that must fail, -1 none; constraints
  // with `requirement` set are left out when `negated` >= 0, except that one.
  bool search(const std::vector<Constraint> &cs, int negated, int strategy, const Selection &sel,
              Completion *witness) const;
  bool eval(const Cond &c, int pos, const std::vector<std::int64_t> &v) const;
  void reads(const Cond &c, int pos, std::vector<int> &out) const;
};

}  // namespace pubplan::detail
