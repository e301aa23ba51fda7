// The loaded topology: entities and their facts. A fact is a value the file
// states, a documented default, or unknown; all three are a Domain of possible
// values, so the encoder and the checker treat them the same way.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace pubplan::detail {

enum class ValueType : std::uint8_t { boolean, enumeration, version, integer };

// The set of values a fact may take. Booleans and enumerations are bit masks
// over their value list (bit 0 = false / first value); versions and integers
// are closed intervals (versions encoded by encode_version).
struct Domain {
  std::uint32_t mask = 0;
  std::int64_t lo = 0, hi = 0;
  bool operator==(const Domain &) const = default;
};

struct Origin {
  Origin() = default;
  Origin(int l, int c) : line(l), column(c) {}
  int line = 0;  // 1-based; 0 = not written in the file
  int column = 0;
  // "FILE:LINE" from the entity's `origins` map (a scanned fact's source), as an
  // index into TopologyModel::origin_texts; wins when set. An index, not a string:
  // every fact has an origin and few have a text (a large topology's memory).
  int text = -1;
};

struct Fact {
  Domain domain;         // what the file says (the type's full domain when unknown)
  bool stated = false;   // narrower than the full domain: the file or a default says something
  bool defaulted = false;
  std::string json;      // the value as JSON text, for reports ("unknown" facts: "null")
  Origin origin;
};

// Every attribute a catalog condition can read. The vocabulary of the format.
enum class Attr : std::uint8_t {
  // package scope
  package_access, package_exists, package_tokens_allowed, package_scoped,
  package_pipelines, package_publishers, package_provenance_policy, package_installs_private,
  package_token_budget,  // the token plan can give its pipelines a write token (planner.cpp)
  org_paid, policy_bypass_2fa_tokens,
  // pipeline scope (repository = the pipeline's repository)
  pipeline_provider, pipeline_runner, pipeline_node, pipeline_npm, pipeline_unattended,
  pipeline_client, pipeline_client_version,
  repository_host, repository_visibility,
  // strategy capabilities (defined by the catalog, per strategy)
  strategy_provenance, strategy_bypass_2fa,
  count_
};
inline constexpr int kAttrCount = static_cast<int>(Attr::count_);
inline constexpr int kFirstPipelineAttr = static_cast<int>(Attr::pipeline_provider);
inline constexpr int kFirstStrategyAttr = static_cast<int>(Attr::strategy_provenance);

enum class Scope : std::uint8_t { package, pipeline, strategy };

struct AttrInfo {
  Attr attr;
  const char *name;  // as written in catalogs: "pipeline.node"
  Scope scope;
  ValueType type;
  std::vector<std::string> values;  // enumerations
};
const AttrInfo &attr_info(Attr a);
const AttrInfo *find_attr(const std::string &name);
// Full domain of a type (enumerations need their value count).
Domain full_domain(const AttrInfo &a);

// Hosts (bit mask over repository.host's values) whose repositories a provider
// (index into pipeline.provider's values) can build: GitHub Actions builds only
// GitHub repositories, GitLab CI only GitLab ones; the others build any.
std::uint32_t provider_host_fit(std::size_t provider);

// Versions as integers so that comparisons are exact: MAJOR*1e12 + MINOR*1e6 + PATCH.
inline constexpr std::int64_t kVersionMax = 999'999'999'999'999'999LL;
inline std::int64_t encode_version(std::int64_t major, std::int64_t minor, std::int64_t patch) {
  return major * 1'000'000'000'000LL + minor * 1'000'000LL + patch;
}
std::string decode_version(std::int64_t v);

struct Repository {
  std::string name;
  Origin origin;
  Fact host, visibility;
  std::uint32_t host_fit = ~0u;  // hosts its pipelines' providers allow
};

struct Pipeline {
  std::string name;
  Origin origin;
  int repository = -1;
  Fact provider, runner, node, npm, unattended;
  Fact client, client_version;  // the publishing client (absent: npm, not cited in reasons)
  std::string file, environment;
  bool has_file = false, has_environment = false;
};

struct Package {
  std::string name;
  Origin origin;
  int repository = -1;
  std::vector<int> published_by;
  Origin published_by_origin;
  bool published_by_defaulted = true;
  Fact access, exists, tokens_allowed;
  Fact provenance_policy;      // effective: the package's own requirement or the policy's
  bool provenance_from_policy = true;
  std::vector<int> depends_on;
  Origin depends_on_origin;
  int org = -1;                // org of its scope (may be implied, see Org::declared)
  // Derived facts.
  Domain publishers;           // number of distinct trusted publishers
  Fact installs_private;       // depends, transitively, on a private package of another repository
};

struct Org {
  std::string name;
  Origin origin;
  bool declared = true;  // false: implied by a package scope, not listed under npm.orgs
  Fact paid;
};

// A problem a scan saw in the repository itself (top-level `findings`).
struct FindingEntry {
  std::string id, file, message, rule;
  int line = 0;
  Origin origin;
};

class TopologyGraph;

struct TopologyModel {
  std::string source;
  std::vector<std::string> origin_texts;  // Origin::text
  std::vector<FindingEntry> findings;
  std::vector<std::string> profiles;
  Origin profiles_origin;
  Fact policy_provenance, policy_bypass_2fa_tokens;
  std::string token_owner;
  std::int64_t tokens_in_use = 0;
  Origin tokens_in_use_origin;
  std::vector<Org> orgs;
  std::vector<Repository> repositories;
  std::vector<Pipeline> pipelines;
  std::vector<Package> packages;
  std::unordered_map<std::string, int> package_index, pipeline_index, repository_index, org_index;
  // Built once after loading (graph.hpp); the loader derives facts from it.
  std::shared_ptr<const TopologyGraph> graph;
};

}  // namespace pubplan::detail
