// The normalized topology (`pubplan validate --print-normalized`): the parsed
// model written back as a topology in JSON, which loads to the same model.
// Stated facts are written with their value, unknown facts as null, defaults
// are left out (so that they stay defaults when the output is loaded again).
#include <nlohmann/json.hpp>

#include "topology/model.hpp"
#include "pubplan/topology.hpp"

namespace pubplan {

namespace {

using nlohmann::ordered_json;

// A fact as the format writes it: absent when defaulted, null when unknown.
void put(ordered_json &obj, const char *key, const detail::Fact &f) {
  if (f.defaulted) return;
  obj[key] = ordered_json::parse(f.json);
}

}  // namespace

std::string Topology::to_normalized_json() const {
  const detail::TopologyModel &m = *model_;
  ordered_json j;
  j["version"] = 1;
  if (!m.profiles.empty()) j["profiles"] = m.profiles;
  ordered_json policy = ordered_json::object();
  put(policy, "provenance", m.policy_provenance);
  put(policy, "bypass_2fa_tokens", m.policy_bypass_2fa_tokens);
  if (!policy.empty()) j["policy"] = policy;
  ordered_json npm = ordered_json::object();
  if (!m.token_owner.empty()) npm["token_owner"] = m.token_owner;
  if (m.tokens_in_use) npm["tokens_in_use"] = m.tokens_in_use;
  if (!m.complete) npm["complete"] = false;
  ordered_json orgs = ordered_json::array();
  for (const auto &o : m.orgs) {
    if (!o.declared) continue;  // implied by a package's scope
    ordered_json org = {{"name", o.name}};
    put(org, "paid", o.paid);
    orgs.push_back(org);
  }
  if (!orgs.empty()) npm["orgs"] = orgs;
  if (!npm.empty()) j["npm"] = npm;
  ordered_json repos = ordered_json::array();
  for (const auto &r : m.repositories) {
    ordered_json repo = {{"name", r.name}};
    put(repo, "host", r.host);
    put(repo, "visibility", r.visibility);
    repos.push_back(repo);
  }
  j["repositories"] = repos;
  ordered_json pipelines = ordered_json::array();
  for (const auto &p : m.pipelines) {
    ordered_json pl = {{"name", p.name}, {"repository", m.repositories[p.repository].name}};
    put(pl, "provider", p.provider);
    put(pl, "runner", p.runner);
    if (p.has_file) pl["file"] = p.file;
    if (p.has_environment) pl["environment"] = p.environment;
    put(pl, "node", p.node);
    put(pl, "npm", p.npm);
    put(pl, "unattended", p.unattended);
    if (p.id_token) pl["id_token"] = *p.id_token;
    pipelines.push_back(pl);
  }
  j["pipelines"] = pipelines;
  ordered_json packages = ordered_json::array();
  for (const auto &k : m.packages) {
    ordered_json pkg = {{"name", k.name}};
    put(pkg, "access", k.access);
    pkg["repository"] = m.repositories[k.repository].name;
    if (k.published_by_unknown) {
      pkg["published_by"] = "unknown";
    } else if (!k.published_by_defaulted) {
      ordered_json by = ordered_json::array();
      for (int p : k.published_by) by.push_back(m.pipelines[p].name);
      pkg["published_by"] = by;
    }
    put(pkg, "exists", k.exists);
    put(pkg, "tokens_allowed", k.tokens_allowed);
    put(pkg, "trusted_publisher", k.trusted_publisher);
    if (!k.current.empty()) pkg["current"] = k.current;  // unknown is the default
    if (!k.depends_on.empty()) {
      ordered_json deps = ordered_json::array();
      for (int d : k.depends_on) deps.push_back(m.packages[d].name);
      pkg["depends_on"] = deps;
    }
    if (!k.provenance_from_policy) {
      ordered_json req = ordered_json::object();
      put(req, "provenance", k.provenance_policy);
      pkg["requires"] = req;
    }
    packages.push_back(pkg);
  }
  j["packages"] = packages;
  return j.dump(2) + "\n";
}

}  // namespace pubplan
