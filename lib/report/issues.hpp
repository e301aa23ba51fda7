// What the CI reports (SARIF, GitLab Code Quality) list: the topology's
// findings and the packages whose recommendation is not feasible, each with a
// level, a message and the file and line its origin gives. Collected once,
// rendered by each format's writer.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "pubplan/migration.hpp"
#include "pubplan/result.hpp"
#include "pubplan/topology.hpp"

namespace pubplan::detail {

struct Issue {
  struct Place {
    std::string file;
    int line = 0;  // 0: the whole file
    std::string message;
  };
  std::string rule;     // a finding's id, or one of the kind rules below
  bool error = false;   // nothing fits; otherwise a warning (or a note)
  bool note = false;    // a step of the migration plan: what to change there, not a problem
  std::string message;
  Place where;          // file empty: no location
  std::vector<Place> related;  // the facts a conflict or an assumption reads
  std::string package;         // empty for a finding
  std::string recommended;     // conditional or undecided: the strategy
  std::string step, step_kind; // a plan step's id and kind
  std::vector<std::string> catalog_rules;  // a conflict's rules; a finding's rule it bears on
};

// The rules of the issues about packages.
struct IssueKind {
  const char *id, *name, *text;
  bool error;
};
inline constexpr IssueKind kNothingFits{
    "pubplan.nothing-fits", "NothingFits",
    "No publishing strategy fits this package: every one is ruled out by the facts and rules cited.", true};
inline constexpr IssueKind kConditional{
    "pubplan.conditional", "Conditional",
    "The recommended strategy fits only if facts the topology leaves unknown have the values listed.", false};
inline constexpr IssueKind kUndecided{
    "pubplan.undecided", "Undecided", "The solver's budget ran out before it could decide the recommended strategy.",
    false};
inline constexpr IssueKind kPlanStep{"pubplan.plan-step", "PlanStep",
                                     "A step of the migration plan changes this file.", false};

// "FILE:LINE" into its parts; line 0 when there is none.
std::pair<std::string, int> split_origin(const std::string &origin);

// Findings first (file order), then packages (topology order). `result` holds
// its packages (not streamed).
std::vector<Issue> collect_issues(const Result &result, const Topology &topology);
// The plan's steps that have a location, as notes, appended to `issues`.
void add_plan_steps(std::vector<Issue> &issues, const MigrationPlan &plan);

}  // namespace pubplan::detail
