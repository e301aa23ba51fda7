// The independent checker, for results of Planner::solve: a second evaluator of
// the catalog's rules over concrete values of the facts, with no SMT solver.
// It re-derives every strategy's status, checks that every reported conflict is
// contradictory for every completion of the unknown facts and minimal (without
// any one member something is possible), that a member said to leave strategies
// out on its own does, and that every repair, applied to the
// topology, makes its strategy possible while undoing any one change does not.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pubplan/catalog.hpp"
#include "pubplan/export.hpp"
#include "pubplan/planner.hpp"
#include "pubplan/result.hpp"
#include "pubplan/topology.hpp"

namespace pubplan {

// One point where the checker and the result disagree: a bug in pubplan.
struct Disagreement {
  std::string package;
  std::string strategy;  // empty: the package as a whole (its conflict, its repairs)
  std::string check;     // status | conflict | conflict-minimal | rules-out | repair | repair-minimal | reason
  std::string message;   // what the result says and what the checker found, with a witness
                         // (values of the facts) where there is one
  // "PACKAGE [STRATEGY]: CHECK: MESSAGE"
  PUBPLAN_API std::string to_string() const;
};

// Checks `result`, which `Planner(catalog).solve(topology)` returned. Strategies
// whose status is unknown (a solver budget ran out) are not checked. Empty: the
// checker agrees with everything the result says.
PUBPLAN_API std::vector<Disagreement> verify(const Topology &topology, const Result &result,
                                             const Catalog &catalog);

// The smallest topology that still shows something, for a bug report: parts of
// `topology` (packages, pipelines, repositories, organisations, list entries,
// stated facts) are deleted, references to a deleted package or pipeline with
// them, for as long as what is left loads and `still_shows` it; no single
// further deletion keeps it. `topology` itself comes back when it does not show
// it. `still_shows` runs many times (a few per deletion tried, by halves on
// large files).
PUBPLAN_API Topology reduce_topology(const Topology &topology,
                                     const std::function<bool(const Topology &)> &still_shows);

// What `pubplan solve --verify` reports: the checker's disagreements with a
// result of `planner.solve(topology)` (only those of `package` when it is not
// empty) and, when there is one, the smallest part of `topology` in which the
// first of them (same package, strategy and check) still shows, for the bug
// report. Solves the parts again with `planner`.
struct VerifyReport {
  std::vector<Disagreement> disagreements;
  std::optional<Topology> smallest;  // set when `disagreements` is not empty
};
PUBPLAN_API VerifyReport verify_and_reduce(const Planner &planner, const Topology &topology, const Result &result,
                                           const std::string &package = "");

}  // namespace pubplan
