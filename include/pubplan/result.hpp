// What the planner found, as plain values: no solver types, safe to copy and keep.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "pubplan/export.hpp"

namespace pubplan {

// The fixed strategy ids.
inline constexpr const char *kTrustedPublishing = "trusted-publishing";
inline constexpr const char *kTrustedPublishingWithoutProvenance =
    "trusted-publishing-without-provenance";
inline constexpr const char *kStagedPublishing = "staged-publishing";
inline constexpr const char *kGranularToken = "granular-token";
inline constexpr const char *kInteractive2fa = "interactive-2fa";

enum class Status {
  feasible,     // works for every value of the unknown facts
  conditional,  // works for some values of the unknown facts (see `assuming`)
  infeasible,   // works for none (see `because`)
  unknown,      // the solver's budget ran out before it could tell
};
PUBPLAN_API const char *to_string(Status s) noexcept;

// One member of a reason set: either a catalog rule or a topology fact.
struct Reason {
  enum class Kind { rule, fact } kind = Kind::rule;
  // kind == rule
  std::string rule;       // rule id, e.g. "tp.no-self-hosted"
  std::string says;       // its statement
  std::string source;     // where it comes from, with its date
  std::string instance;   // the entity it was applied to, e.g. "pipelines[nightly]" (may be empty)
  std::vector<std::string> reads;  // paths of the facts of this reason set that the rule reads
  std::vector<std::string> strategies;  // the strategies the rule applies to (catalog order)
  // The strategies of this reason set's target that this rule instance, with
  // the file's facts, leaves out on its own (empty: a premise of other members,
  // such as a provision, or a rule that needs unknown facts to bite).
  std::vector<std::string> rules_out;
  // kind == fact
  std::string fact;       // path, e.g. "pipelines[nightly].runner"
  std::string value_json; // its value as JSON text, e.g. "\"self-hosted\"", "true", "[]"
  std::string origin;     // "FILE:LINE" where it was stated (empty when absent)
  bool defaulted = false; // the value is the format's default, not written in the file
};

// What a conditional strategy needs from one unknown fact.
struct Assumption {
  std::string fact;    // path of the unknown fact
  std::string needs;   // e.g. ">= 22.14.0", "hosted", "one of github, gitlab"
  std::string origin;  // where the entity is declared
};

// One change of a topology fact, as JSON values of the fact's own type.
struct Change {
  std::string fact;       // path, as in Reason::fact
  std::string from_json;  // e.g. "\"self-hosted\"", "false", "\"20.11.0\""
  std::string to_json;
  std::string origin;     // where the fact is stated
};

// A minimal set of changes that makes a strategy possible, checked by solving
// the repaired topology again.
struct Repair {
  std::vector<Change> changes;
  std::string unlocks;                     // strategy id
  Status status_after = Status::feasible;  // the unlocked strategy's status once repaired
  int cost = 0;                            // sum of the catalog's repair costs
};

struct StrategyResult {
  std::string id;
  Status status = Status::unknown;
  std::vector<Reason> because;        // infeasible: a reason set, minimal unless because_minimal is false
  bool because_minimal = true;        // false: the solver's budget stopped shrinking `because`
  std::vector<std::vector<Reason>> conflicts;  // infeasible: distinct minimal reason sets, preferred first
  bool conflicts_complete = true;     // false: enumeration stopped at its bound
  std::vector<Repair> repairs;        // infeasible: cheapest verified repairs
  bool repairs_complete = true;
  // Infeasible: whether `conflicts` and `repairs` were computed (solving with
  // DiagnoseDepth::all, or Planner::diagnose); false: only `because` was.
  bool diagnosed = false;
  std::vector<Assumption> assuming;   // conditional: what the unknowns must be
  std::optional<bool> provenance;     // publishes with provenance (nullopt: depends on unknowns)
  std::string note;                   // unknown: why the solver stopped
};

struct Warning {
  std::string rule;
  std::string says;
  std::string source;
  // false: it applies only for some values of facts the topology leaves unknown.
  bool certain = true;
};

struct PackageResult {
  std::string name;
  std::string origin;                         // where the package is declared
  std::optional<std::string> recommended;     // nullopt: nothing fits
  Status recommended_status = Status::infeasible;
  std::optional<bool> provenance;             // of the recommended strategy
  std::vector<std::string> feasible;          // in rank order
  std::vector<std::string> conditional;       // in rank order
  std::vector<StrategyResult> strategies;     // every strategy of the catalog, catalog order
  std::optional<std::string> fallback;        // best feasible strategy when the recommendation is not
  std::string why;                            // why the recommendation won
  std::vector<Warning> warnings;
  // Nothing fits: a minimal set of rules and facts that together leave nothing.
  std::vector<Reason> conflict;
  std::vector<std::vector<Reason>> conflicts;  // every minimal set found (conflicts[0] == conflict)
  bool conflicts_complete = true;
  std::vector<Repair> repairs;                  // cheapest verified repairs, cheapest first
  bool repairs_complete = true;

  PUBPLAN_API const StrategyResult *strategy(const std::string &id) const noexcept;
};

// One granular access token to create (`npm token create ...`).
struct Token {
  std::string name;                   // suggested token name, unique in the plan
  std::string pipeline;               // the pipeline whose secret store holds it
  std::string access;                 // "read-write" or "read-only"
  std::vector<std::string> packages;  // package grants
  std::vector<std::string> scopes;    // scope grants ("@acme"), each reaching every package of the scope
  std::vector<std::string> orgs;      // organisation grants (always empty: they give no publishing right)
  bool bypass_2fa = false;            // write tokens of unattended pipelines
  int expires_days = 0;
  std::string command;                // the npm command line that creates it
};

// The granular tokens the recommended strategies need, within npm's limits.
struct TokenPlan {
  int account_limit = 1000;        // tokens per account (catalog)
  int grants_per_token = 50;       // packages + scopes per token (catalog)
  long long in_use = 0;            // npm.tokens_in_use of the topology
  std::vector<Token> tokens;       // write tokens first, then read-only; pipelines in topology order
  // Fewest tokens any plan can have for the grants it makes: a token lives in
  // one pipeline's secret store and holds at most grants_per_token grants, so
  // each pipeline needs ceil(grants / grants_per_token) of each access level.
  std::size_t lower_bound = 0;
  std::size_t requested = 0;       // tokens the recommendations asked for before the budget
  // The npm.tokens_in_use at which every requested write token would fit (0:
  // none would): what the repairs of denied packages retire tokens down to.
  long long in_use_to_fit = 0;
  // Packages the account's budget left without a write token, in topology order;
  // the strategies that need one are infeasible for each, by `budget_rules`.
  std::vector<std::string> denied;
  // The catalog rules that read the token budget (package.token_budget).
  std::vector<std::string> budget_rules;
  // Pipelines whose read-only token did not fit the budget.
  std::vector<std::string> read_denied;
};

// Packages published by more than one pipeline (npm allows one trusted
// publisher per package), grouped by the pipelines that publish them.
struct PublisherGroup {
  std::vector<std::string> pipelines;
  std::vector<std::string> packages;
  long long publishers_min = 0, publishers_max = 0;  // distinct trusted publishers among the pipelines
};

// A private package of another repository that a pipeline installs from the registry.
struct ReadNeed {
  std::string pipeline;
  std::string package;             // the private package
  std::vector<std::string> path;   // a package the pipeline publishes first, `package` last
};

// The private packages of other repositories one pipeline installs from the
// registry (so it needs a read-only token for them).
struct PipelineInstalls {
  std::string pipeline;
  std::vector<std::string> packages;  // topology order
};

// What the topology graph answers.
struct GraphFacts {
  std::vector<std::string> release_order;         // dependencies before dependents
  std::vector<std::vector<std::string>> cycles;   // dependency cycles, members in topology order
  std::vector<PublisherGroup> multi_publisher;
  std::vector<PipelineInstalls> installs;          // for the recommended strategies, pipelines in topology order
  // One dependency path per entry of `installs`: only when solved with
  // DiagnoseDepth::all (at scale, millions of paths nobody reads).
  std::vector<ReadNeed> read_needs;
  std::size_t components = 0;                     // independent groups of packages and pipelines
  std::size_t largest_component = 0;              // packages in the largest
};

// Where the time of a solve went, in seconds. `encode` (building constraints),
// `solve` (checking, solver contexts included) and `explain` (conflicts,
// repairs and their verification) are summed over the solver threads;
// `solving` is the wall time those three took together (what more threads
// shorten); `graph` (the graph's answers) and `tokens` (the plan) are wall time.
// Not part of the JSON document: it differs from run to run.
struct Timings {
  double encode = 0, solve = 0, explain = 0, graph = 0, tokens = 0;
  double solving = 0;
};

// How the recommendations came out: packages by the status of their
// recommended strategy, and those with nothing that fits.
struct Summary {
  std::size_t packages = 0, feasible = 0, conditional = 0, unknown = 0, nothing_fits = 0;
  PUBPLAN_API void count(const PackageResult &p) noexcept;
  // As Result::exit_code.
  PUBPLAN_API int exit_code() const noexcept;
};

// What changes on a day within the horizon, for some packages: the same change
// of the same strategies, caused by the same rules.
struct RuleChange {
  std::string rule;
  std::string certainty;  // documented | announced | reported
  bool takes_effect = true;  // false: the rule ends that day
  std::string says;
};
struct StatusChange {
  std::string strategy;
  Status before = Status::unknown, after = Status::unknown;
};
struct AheadChange {
  std::string date;                         // "YYYY-MM-DD"
  std::vector<RuleChange> rules;            // the rules changing that day that apply to these strategies
  std::vector<StatusChange> strategies;     // catalog order; only those whose status changes
  std::optional<std::string> recommended_before, recommended_after;  // nullopt: nothing fits
  std::vector<std::string> packages;        // topology order
};

struct Result {
  std::string source;                    // topology source name
  std::string catalog_as_of;
  std::string as_of;                     // the day the rules were evaluated on, "YYYY-MM-DD"
  std::string diagnose = "first";        // the DiagnoseDepth solved with: "first" or "all"
  unsigned horizon_days = 0;             // how far `ahead` looked
  // Answers that change when a dated rule takes effect or ends within the
  // horizon: by date, then by first package. Solving on that date gives the
  // `after` statuses and `recommended_after`.
  std::vector<AheadChange> ahead;
  std::vector<PackageResult> packages;   // in topology order (empty when they were streamed)
  Summary summary;                       // of every package, streamed or kept
  std::size_t distinct_problems = 0;     // package shapes actually solved
  TokenPlan tokens;
  GraphFacts graph;
  Timings timings;

  // 0 every recommendation feasible, 1 some package has nothing that fits,
  // 3 otherwise some recommendation is conditional or unknown (from `summary`,
  // or from `packages` when the summary counts none).
  PUBPLAN_API int exit_code() const noexcept;
  PUBPLAN_API const PackageResult *package(const std::string &name) const noexcept;
};

}  // namespace pubplan
