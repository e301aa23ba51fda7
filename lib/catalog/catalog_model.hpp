// The catalog in memory: strategies, rules with their conditions, ranking.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "catalog/attributes.hpp"
#include "catalog/migration_model.hpp"
#include "format/date.hpp"

namespace pubplan::detail {

// A condition over the attributes of one package (and, inside a pipeline scope
// or quantifier, of one of its pipelines).
struct Cond {
  enum class Op : std::uint8_t { all, any, negate, every_pipeline, some_pipeline, atom };
  enum class Cmp : std::uint8_t { in, ge, gt, le, lt };
  Op op = Op::all;
  std::vector<Cond> kids;
  // atom
  Attr attr = Attr::package_access;
  Cmp cmp = Cmp::in;
  std::uint32_t mask = 0;   // in: allowed values (booleans and enumerations)
  std::int64_t bound = 0;   // ge/gt/le/lt: versions and integers
  std::int64_t upper = 0;   // in, for versions and integers: [bound, upper]

  bool reads(Attr a) const;  // some atom of it reads `a`
};

enum class RuleKind : std::uint8_t { requirement, provision, warning };
enum class Capability : std::uint8_t { provenance, bypass_2fa, count_ };
inline constexpr int kCapabilityCount = static_cast<int>(Capability::count_);

struct Rule {
  std::string id, statement, source, as_of, certainty, severity;
  RuleKind kind = RuleKind::requirement;
  std::vector<int> strategies;     // indices into CatalogModel::strategies
  bool all_strategies = false;     // `strategies: all`: also those a later layer adds
  bool for_each_pipeline = false;  // one instance per publishing pipeline
  std::optional<Cond> when;        // requirement/warning: applies only when this holds
  Cond condition;                  // requirement: what must hold; provision: when it provides
  Capability provides = Capability::provenance;
  bool enabled = true;
  // In force on the days d with effective_from <= d < effective_until (either
  // bound may be absent): npm changes its rules on announced dates.
  std::optional<Day> effective_from, effective_until;
  std::string defined_at;          // FILE:LINE of the rule

  bool in_force(Day d) const {
    return (!effective_from || *effective_from <= d) && (!effective_until || d < *effective_until);
  }

  bool reads(Attr a) const { return condition.reads(a) || (when && when->reads(a)); }
};

// What a strategy needs to publish: nothing stored (an OIDC exchange), a write
// token kept in CI, or a person who answers a 2FA prompt.
// A stage-only token can stage a version for a person to approve, never publish
// one directly.
enum class Credential : std::uint8_t { none, write_token, stage_token, person_2fa };

struct StrategyDef {
  std::string id, title;
  std::array<bool, kCapabilityCount> provides{};  // constant capabilities
  Credential credential = Credential::none;
  bool person_acts = false;  // a person must act for each release (publish or approve)
  std::string colour;        // fill colour in pictures ("#rrggbb"; empty: grey)
};

struct RankingOrder {
  std::vector<std::string> any_of;  // profiles that select it (empty: the default)
  std::vector<int> order;           // strategy indices, best first
  std::string reason;
};

struct Ranking {
  std::vector<std::vector<int>> groups;
  RankingOrder default_order;
  std::vector<RankingOrder> profiles;
  std::string provenance_preferred;
};

// npm's limits on granular access tokens (the catalog's `tokens` section).
struct TokenLimits {
  int account_limit = 1000;
  int grants_per_token = 50;
  int write_expiry_days = 90;
  int read_expiry_days = 90;
};

struct CatalogModel {
  std::string name, as_of;
  Vocabulary vocabulary;
  // What a repair may change and what the change costs; -1: not changeable.
  std::array<int, kAttrCount> repair_cost = [] {
    std::array<int, kAttrCount> a{};
    a.fill(-1);
    return a;
  }();
  // How to make each change (`repairs[].note`) and who can (`repairs[].actor`).
  std::array<std::string, kAttrCount> repair_note, repair_actor;
  std::vector<StrategyDef> strategies;
  std::vector<Rule> rules;
  Ranking ranking;
  TokenLimits tokens;
  MigrationCatalog migration;
  std::vector<std::string> layers;  // where each layer came from

  int strategy_index(const std::string &id) const;
  // The days after `from`, up to `until` included, on which some enabled rule
  // that can change a status (not a warning) takes effect or ends, in order.
  std::vector<Day> rule_changes(Day from, Day until) const;
};

// The catalog as it stands on `day`: the rules not in force are disabled.
CatalogModel in_force(const CatalogModel &cat, Day day);

// Parses a catalog document. The first layer must define strategies and ranking;
// later layers add, replace (same id) or disable rules, and may replace ranking.
// Throws CatalogError with every problem.
void load_catalog_layer(CatalogModel &into, std::string_view text, const std::string &name);
std::string_view builtin_catalog_text();

class SchemaReader;
struct DocNode;
// Reads a layer's `migration` section into `into` (a later layer replaces
// actors and step kinds by id), reporting every problem through `reader`.
void read_migration(MigrationCatalog &into, const DocNode &section, SchemaReader &reader);
// Checks that every step's actor is one of the actors (after all of a layer is read).
void check_migration(const MigrationCatalog &m, SchemaReader &reader, int line);

const char *capability_name(Capability c);
const char *credential_name(Credential c);

}  // namespace pubplan::detail
