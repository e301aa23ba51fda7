// The attributes catalog conditions read (package.access, pipeline.node, ...):
// their names, scopes, types and enumerated values. The vocabulary shared by the
// catalog and the topology format.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "format/values.hpp"

namespace pubplan::detail {

// Every attribute a catalog condition can read. The vocabulary of the format.
enum class Attr : std::uint8_t {
  // package scope
  package_access, package_exists, package_tokens_allowed, package_scoped,
  package_pipelines, package_publishers, package_provenance_policy, package_installs_private,
  package_token_budget,  // the token plan can give its pipelines a write token (planner.cpp)
  package_trusted_publisher,  // what the package's trusted publisher configurations allow
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
  // Enumerations the format defines (package.access: public, private). Empty for
  // those whose values the catalog defines (its `vocabulary`): read Vocabulary.
  std::vector<std::string> format_values;
  bool catalog_values = false;
};
const AttrInfo &attr_info(Attr a);
const AttrInfo *find_attr(const std::string &name);

// An enumeration has at most this many values (domains are 32-bit masks).
inline constexpr std::size_t kMaxEnumValues = 32;

// The values of every enumerated attribute: the format's own, and the catalog's
// for the attributes it defines (CI providers, repository hosts, clients), with
// which hosts' repositories each provider can build. A topology is read with a
// catalog's vocabulary, and solved only with a catalog of the same vocabulary.
struct Vocabulary {
  Vocabulary();  // the format's values; the catalog's attributes empty
  std::array<std::vector<std::string>, kAttrCount> values;
  // Per pipeline.provider value: bit mask over repository.host's values (~0:
  // any host, also hosts a later catalog layer adds). Read it with hosts_of.
  std::vector<std::uint32_t> provider_hosts;
  // The catalog's strategy ids, in catalog order (what a package's `current` may name).
  std::vector<std::string> strategies;

  const std::vector<std::string> &of(Attr a) const { return values[static_cast<std::size_t>(a)]; }
  // Every value the attribute's type allows.
  Domain full(Attr a) const;
  // The hosts (mask over repository.host) whose repositories provider p builds.
  std::uint32_t hosts_of(std::size_t p) const { return provider_hosts.at(p) & full(Attr::repository_host).mask; }
  bool operator==(const Vocabulary &) const = default;
};

}  // namespace pubplan::detail
