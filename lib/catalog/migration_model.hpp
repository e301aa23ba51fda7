// The catalog's `migration` section: what each kind of step of a migration plan
// is on the registry (its words, commands and actor). The planner (lib/plan)
// decides which kinds a package needs and their order; nothing here orders.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace pubplan::detail {

// The kinds of step the planner knows, in the phase order it sorts them by.
// A catalog names its templates with these ids.
inline constexpr const char *kStepKinds[] = {
    "change", "ensure", "create-token", "oidc", "oidc-unknown", "stage-command", "first-version", "trust",
    "publish", "publish-by-person", "approve", "remove-token", "remove-token-unknown", "revoke-token",
    "disallow-tokens"};

// The fields a template may use, filled per step ("" when not known).
inline constexpr const char *kStepFields[] = {
    "package", "count", "pipeline", "repository", "file", "file_name", "environment", "provider",
    "token_owner", "fact", "needs", "from", "to", "note", "token", "access", "expires_days", "command"};

struct StepWords {
  std::string title, detail;
  std::vector<std::string> commands;  // each run once per package when it names {package}
  bool has_detail = false, has_commands = false, has_title = false;
};

struct StepTemplate {
  std::string actor;
  StepWords words;
  std::map<std::string, StepWords> by_provider;  // pipeline.provider value -> what differs
  // field -> text added as {field_option} when the field is known
  std::vector<std::pair<std::string, std::string>> options;
};

struct Actor {
  std::string says;
  bool two_factor = false;
};

struct MigrationCatalog {
  std::map<std::string, Actor> actors;
  std::map<std::string, StepTemplate> steps;  // by kind
};

}  // namespace pubplan::detail
