// The attributes catalog conditions read (package.access, pipeline.node, ...):
// their names, scopes, types and enumerated values. The vocabulary shared by the
// catalog and the topology format.
#pragma once
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

}  // namespace pubplan::detail
