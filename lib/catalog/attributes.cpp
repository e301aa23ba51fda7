#include "catalog/attributes.hpp"

#include <cstdint>

namespace pubplan::detail {

namespace {
const std::vector<AttrInfo> &attr_table() {
  using enum Attr;
  using T = ValueType;
  static const std::vector<AttrInfo> table = {
      {package_access, "package.access", Scope::package, T::enumeration, {"public", "private"}},
      {package_exists, "package.exists", Scope::package, T::boolean, {}},
      {package_tokens_allowed, "package.tokens_allowed", Scope::package, T::boolean, {}},
      {package_scoped, "package.scoped", Scope::package, T::boolean, {}},
      {package_pipelines, "package.pipelines", Scope::package, T::integer, {}},
      {package_publishers, "package.publishers", Scope::package, T::integer, {}},
      {package_provenance_policy, "package.provenance_policy", Scope::package, T::enumeration,
       {"required", "preferred", "off"}},
      {package_installs_private, "package.installs_private", Scope::package, T::boolean, {}},
      {package_token_budget, "package.token_budget", Scope::package, T::boolean, {}},
      {package_trusted_publisher, "package.trusted_publisher", Scope::package, T::enumeration,
       {"none", "publish", "stage", "both"}},
      {org_paid, "org.paid", Scope::package, T::boolean, {}},
      {policy_bypass_2fa_tokens, "policy.bypass_2fa_tokens", Scope::package, T::enumeration,
       {"allowed", "forbidden"}},
      {pipeline_provider, "pipeline.provider", Scope::pipeline, T::enumeration, {}, true},
      {pipeline_runner, "pipeline.runner", Scope::pipeline, T::enumeration, {"hosted", "self-hosted"}},
      {pipeline_node, "pipeline.node", Scope::pipeline, T::version, {}},
      {pipeline_npm, "pipeline.npm", Scope::pipeline, T::version, {}},
      {pipeline_unattended, "pipeline.unattended", Scope::pipeline, T::boolean, {}},
      {pipeline_client, "pipeline.client", Scope::pipeline, T::enumeration, {}, true},
      {pipeline_client_version, "pipeline.client_version", Scope::pipeline, T::version, {}},
      {repository_host, "repository.host", Scope::pipeline, T::enumeration, {}, true},
      {repository_visibility, "repository.visibility", Scope::pipeline, T::enumeration,
       {"public", "private"}},
      {strategy_provenance, "strategy.provenance", Scope::strategy, T::boolean, {}},
      {strategy_bypass_2fa, "strategy.bypass_2fa", Scope::strategy, T::boolean, {}},
  };
  return table;
}
}  // namespace

const AttrInfo &attr_info(Attr a) { return attr_table()[static_cast<std::size_t>(a)]; }

const AttrInfo *find_attr(const std::string &name) {
  for (const auto &a : attr_table())
    if (name == a.name) return &a;
  return nullptr;
}

Vocabulary::Vocabulary() {
  for (int a = 0; a < kAttrCount; ++a) values[static_cast<std::size_t>(a)] = attr_info(static_cast<Attr>(a)).format_values;
}

Domain Vocabulary::full(Attr a) const { return full_domain(attr_info(a).type, of(a).size()); }

}  // namespace pubplan::detail
