// The migration plan: the ordered steps that take each package from the way it
// is published today (the topology's `current`) to its recommended strategy.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "pubplan/catalog.hpp"
#include "pubplan/export.hpp"
#include "pubplan/result.hpp"
#include "pubplan/topology.hpp"

namespace pubplan {

// One thing to do. Steps that serve several packages (one pipeline edit, one
// batch of trusted publishers) are one step listing them all.
struct PlanStep {
  std::string id;         // "s1", "s2", ... in plan order
  // What it is: change, ensure, create-token, oidc, oidc-unknown, stage-command,
  // first-version, trust, publish, publish-by-person, approve, remove-token,
  // remove-token-unknown, revoke-token, disallow-tokens (docs/plan.md).
  std::string kind;
  std::string title;      // one line, from the catalog's words
  std::string detail;     // why and how
  std::string actor;      // who performs it: an actor id of the catalog
  std::string actor_says; // that actor in words
  bool two_factor = false;  // the actor must sign in with 2FA
  std::string pipeline;   // the pipeline it concerns ("" for none)
  std::string location;   // "FILE:LINE" to change, from the topology's origins ("" when none)
  std::vector<std::string> packages;  // the packages it serves, topology order
  std::vector<std::string> commands;  // command lines to run, in order
  std::vector<std::string> after;     // ids of the steps that must be done first
};

// One package's way through the plan.
struct PackagePlan {
  std::string name;
  std::string current;                 // strategy id, or "unknown"
  std::optional<std::string> target;   // nullopt: nothing fits and no repair was found
  Status target_status = Status::infeasible;  // of the target once its steps are done
  bool via_repair = false;             // nothing fits today; the plan starts with the cheapest repair
  std::vector<std::string> steps;      // ids, in plan order
  std::vector<std::string> notes;      // what the plan leaves undone, and why
};

struct MigrationPlan {
  std::string source;                  // the topology's source name
  std::string as_of;                   // the day the rules were evaluated on
  std::vector<PlanStep> steps;         // a linear order consistent with every `after`
  std::vector<PackagePlan> packages;   // topology order
};

// The plan for `result`, a solve of `topology` with `catalog` that holds its
// packages (not streamed). Throws std::invalid_argument when the result's
// packages are not the topology's.
PUBPLAN_API MigrationPlan plan_migration(const Result &result, const Topology &topology, const Catalog &catalog);

// Its JSON document (`pubplan plan --format json`, schema_version 1).
PUBPLAN_API std::string to_json(const MigrationPlan &plan, int indent = 2);
// One step or one package of the plan, as in the document's steps[] and packages[] (one line).
PUBPLAN_API std::string to_json(const PlanStep &step);
PUBPLAN_API std::string to_json(const PackagePlan &package);
// Its text, as `pubplan plan` prints it: the steps in order, then each package's way.
PUBPLAN_API std::string to_text(const MigrationPlan &plan);

}  // namespace pubplan
