#include "solve/problem.hpp"

#include <algorithm>
#include <bit>
#include <map>

#include <fmt/format.h>

namespace pubplan::detail {

namespace {

using K = FactRef::Kind;

std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

const Fact *fact_of(const TopologyModel &m, const FactRef &ref) {
  if (ref.kind == K::unknown_pipeline) return nullptr;
  switch (ref.attr) {
    case Attr::package_access: return &m.packages[ref.entity].access;
    case Attr::package_exists: return &m.packages[ref.entity].exists;
    case Attr::package_tokens_allowed: return &m.packages[ref.entity].tokens_allowed;
    case Attr::package_trusted_publisher: return &m.packages[ref.entity].trusted_publisher;
    case Attr::package_provenance_policy: return &m.packages[ref.entity].provenance_policy;
    case Attr::package_installs_private: return &m.packages[ref.entity].installs_private;
    case Attr::org_paid: return &m.orgs[ref.entity].paid;
    case Attr::policy_bypass_2fa_tokens: return &m.policy_bypass_2fa_tokens;
    case Attr::pipeline_provider: return &m.pipelines[ref.entity].provider;
    case Attr::pipeline_runner: return &m.pipelines[ref.entity].runner;
    case Attr::pipeline_node: return &m.pipelines[ref.entity].node;
    case Attr::pipeline_npm: return &m.pipelines[ref.entity].npm;
    case Attr::pipeline_unattended: return &m.pipelines[ref.entity].unattended;
    case Attr::pipeline_client: return &m.pipelines[ref.entity].client;
    case Attr::pipeline_client_version: return &m.pipelines[ref.entity].client_version;
    case Attr::repository_host: return &m.repositories[ref.entity].host;
    case Attr::repository_visibility: return &m.repositories[ref.entity].visibility;
    default: return nullptr;  // derived from several keys
  }
}

std::string fact_path(const TopologyModel &m, const FactRef &ref) {
  if (ref.kind == K::unknown_pipeline) return fmt::format("packages[{}].published_by", m.packages[ref.entity].name);
  switch (ref.attr) {
    case Attr::package_scoped: return fmt::format("packages[{}].name", m.packages[ref.entity].name);
    case Attr::package_pipelines:
    case Attr::package_publishers:
      return fmt::format("packages[{}].published_by", m.packages[ref.entity].name);
    case Attr::package_installs_private:
      return fmt::format("packages[{}].depends_on", m.packages[ref.entity].name);
    case Attr::package_provenance_policy:
      return m.packages[ref.entity].provenance_from_policy
                 ? std::string("policy.provenance")
                 : fmt::format("packages[{}].requires.provenance", m.packages[ref.entity].name);
    case Attr::policy_bypass_2fa_tokens: return "policy.bypass_2fa_tokens";
    case Attr::pipeline_client:
      return fmt::format("pipelines[{}].client.name", m.pipelines[ref.entity].name);
    case Attr::pipeline_client_version:
      return fmt::format("pipelines[{}].client.version", m.pipelines[ref.entity].name);
    case Attr::org_paid: return fmt::format("npm.orgs[{}].paid", m.orgs[ref.entity].name);
    case Attr::package_token_budget: return "npm.tokens_in_use";
    default: break;
  }
  const std::string key = attr_info(ref.attr).name;
  const std::string field = key.substr(key.find('.') + 1);
  switch (ref.kind) {
    case K::package: return fmt::format("packages[{}].{}", m.packages[ref.entity].name, field);
    case K::pipeline: return fmt::format("pipelines[{}].{}", m.pipelines[ref.entity].name, field);
    case K::repository:
      return fmt::format("repositories[{}].{}", m.repositories[ref.entity].name, field);
    default: return key;
  }
}

std::string instance_name(const TopologyModel &m, const Problem &pr, int pos) {
  if (pr.guarded(pos)) return fmt::format("packages[{}].published_by", m.packages[pr.package].name);
  return fmt::format("pipelines[{}]", m.pipelines[pr.pipelines[static_cast<std::size_t>(pos)]].name);
}

std::string fact_value_json(const TopologyModel &m, const FactRef &ref) {
  if (ref.kind == K::unknown_pipeline) return "\"unknown\"";
  if (const Fact *f = fact_of(m, ref)) return f->json;
  if (ref.attr == Attr::package_token_budget) return std::to_string(m.tokens_in_use);
  const Package &p = m.packages[ref.entity];
  if (ref.attr == Attr::package_scoped) return quoted(p.name);
  if (ref.attr != Attr::package_installs_private && p.published_by_unknown) return "\"unknown\"";
  std::string out = "[";
  const std::vector<int> &ids = ref.attr == Attr::package_installs_private ? p.depends_on : p.published_by;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string &name = ref.attr == Attr::package_installs_private ? m.packages[ids[i]].name
                                                                         : m.pipelines[ids[i]].name;
    out += (i ? "," : "") + quoted(name);
  }
  return out + "]";
}

Origin fact_origin(const TopologyModel &m, const FactRef &ref) {
  if (ref.kind == K::unknown_pipeline) return m.packages[ref.entity].published_by_origin;
  if (const Fact *f = fact_of(m, ref)) return f->origin;
  if (ref.attr == Attr::package_token_budget) return m.tokens_in_use_origin;
  const Package &p = m.packages[ref.entity];
  if (ref.attr == Attr::package_scoped) return p.origin;
  return ref.attr == Attr::package_installs_private ? p.depends_on_origin : p.published_by_origin;
}

std::vector<FactRef> Problem::facts_of(int slot) const {
  const FactRef &ref = slots[slot].ref;
  std::vector<FactRef> out{ref};
  if (ref.kind != FactRef::Kind::pipeline) return out;
  const auto pos = std::find(pipelines.begin(), pipelines.end(), ref.entity) - pipelines.begin();
  for (int copy : copies[static_cast<std::size_t>(pos)]) out.push_back(FactRef{ref.kind, copy, ref.attr});
  return out;
}

std::vector<bool> merge_needs_known(const CatalogModel &cat) {
  std::vector<bool> out(kAttrCount, false);
  auto collect = [&](const Cond &c, bool quantified, auto &self) -> void {
    quantified |= c.op == Cond::Op::every_pipeline || c.op == Cond::Op::some_pipeline;
    if (c.op == Cond::Op::atom && quantified) out[static_cast<int>(c.attr)] = true;
    for (const auto &k : c.kids) self(k, quantified, self);
  };
  // Warnings are not part of a status; the evaluator reads them per problem.
  for (const Rule &r : cat.rules)
    if (r.enabled && r.kind != RuleKind::warning) {
      if (r.when) collect(*r.when, false, collect);
      collect(r.condition, false, collect);
    }
  return out;
}

Problem build_problem(const TopologyModel &m, int package, const std::vector<bool> *merge) {
  Problem pr;
  pr.package = package;
  const Package &pkg = m.packages[package];
  auto add = [&](const AttrInfo &info, Domain d, bool tracked, FactRef ref) {
    Slot s{info.type, static_cast<std::uint32_t>(m.vocabulary.of(info.attr).size()), d, tracked, ref};
    pr.slots.push_back(s);
    return static_cast<int>(pr.slots.size()) - 1;
  };
  auto add_fact = [&](Attr a, const Fact &f, FactRef ref) {
    return add(attr_info(a), f.domain, f.stated, ref);
  };
  auto pref = [&](Attr a) { return FactRef{K::package, package, a}; };
  using enum Attr;
  pr.package_slot[int(package_access)] = add_fact(package_access, pkg.access, pref(package_access));
  pr.package_slot[int(package_exists)] = add_fact(package_exists, pkg.exists, pref(package_exists));
  pr.package_slot[int(package_tokens_allowed)] =
      add_fact(package_tokens_allowed, pkg.tokens_allowed, pref(package_tokens_allowed));
  pr.package_slot[int(package_trusted_publisher)] =
      add_fact(package_trusted_publisher, pkg.trusted_publisher, pref(package_trusted_publisher));
  pr.package_slot[int(package_scoped)] =
      add(attr_info(package_scoped), Domain{pkg.name.starts_with("@") ? 0b10u : 0b01u, 0, 0}, true,
          pref(package_scoped));
  // Unknown publishers are unknown counts: not stated, so never a reason.
  const bool stated = !pkg.published_by_unknown;
  const auto n = static_cast<std::int64_t>(pkg.published_by.size());
  pr.package_slot[int(package_pipelines)] =
      add(attr_info(package_pipelines), stated ? Domain{0, n, n} : Domain{0, 0, kUnknownCount}, stated,
          pref(package_pipelines));
  pr.package_slot[int(package_publishers)] =
      add(attr_info(package_publishers), pkg.publishers, stated, pref(package_publishers));
  pr.package_slot[int(package_provenance_policy)] =
      add_fact(package_provenance_policy, pkg.provenance_policy, pref(package_provenance_policy));
  pr.package_slot[int(package_installs_private)] =
      add_fact(package_installs_private, pkg.installs_private, pref(package_installs_private));
  // A token for every pipeline fits the account's budget until the token plan
  // says otherwise (the planner narrows this slot for the packages it denies).
  // Unknown publishers may need any number of tokens: whether they fit is unknown.
  pr.package_slot[int(package_token_budget)] =
      add(attr_info(package_token_budget), Domain{stated ? 0b10u : 0b11u, 0, 0}, stated, pref(package_token_budget));
  pr.package_slot[int(org_paid)] =
      add_fact(org_paid, m.orgs[pkg.org].paid, FactRef{K::org, pkg.org, org_paid});
  pr.package_slot[int(policy_bypass_2fa_tokens)] =
      add_fact(policy_bypass_2fa_tokens, m.policy_bypass_2fa_tokens,
               FactRef{K::policy, -1, policy_bypass_2fa_tokens});

  std::vector<std::pair<int, std::array<int, 2>>> repo_slots;  // repositories shared by pipelines
  // A pipeline's facts as the problem sees them: repository, then per fact its
  // domain and whether it is stated. Empty: it must not be merged.
  auto facts_key = [&](const Pipeline &p) {
    std::vector<std::int64_t> key{p.repository};
    const std::pair<Attr, const Fact *> facts[] = {
        {pipeline_provider, &p.provider}, {pipeline_runner, &p.runner},
        {pipeline_node, &p.node},         {pipeline_npm, &p.npm},
        {pipeline_unattended, &p.unattended}, {pipeline_client, &p.client},
        {pipeline_client_version, &p.client_version}};
    for (const auto &[a, f] : facts) {
      const bool known = f->domain.lo == f->domain.hi && std::popcount(f->domain.mask) <= 1;
      if ((*merge)[static_cast<int>(a)] && !known) return std::vector<std::int64_t>{};
      key.insert(key.end(), {f->domain.mask, f->domain.lo, f->domain.hi, f->stated});
    }
    return key;
  };
  if (pkg.published_by_unknown) {
    // One position for the unknown pipelines, every fact (its repository's too)
    // ranging over all values.
    std::array<int, kPipelineAttrs> slots{};
    for (int a = 0; a < kPipelineAttrs; ++a) {
      const Attr attr = static_cast<Attr>(kFirstPipelineAttr + a);
      slots[a] = add(attr_info(attr), m.vocabulary.full(attr), false, FactRef{K::unknown_pipeline, package, attr});
    }
    pr.pipeline_slot.push_back(slots);
    pr.pipelines.push_back(-1);
    pr.copies.emplace_back();
    pr.publishers_unknown = true;
  }
  std::map<std::vector<std::int64_t>, std::size_t> seen;  // facts -> pipeline position
  for (int id : pkg.published_by) {
    const Pipeline &p = m.pipelines[id];
    if (merge) {
      auto key = facts_key(p);
      if (!key.empty()) {
        auto [at, fresh] = seen.try_emplace(std::move(key), pr.pipelines.size());
        if (!fresh) {
          pr.copies[at->second].push_back(id);
          continue;
        }
      }
    }
    std::array<int, kPipelineAttrs> slots{};
    auto pl = [&](Attr a, const Fact &f) {
      slots[int(a) - kFirstPipelineAttr] = add_fact(a, f, FactRef{K::pipeline, id, a});
    };
    pl(pipeline_provider, p.provider);
    pl(pipeline_runner, p.runner);
    pl(pipeline_node, p.node);
    pl(pipeline_npm, p.npm);
    pl(pipeline_unattended, p.unattended);
    pl(pipeline_client, p.client);
    pl(pipeline_client_version, p.client_version);
    auto it = std::find_if(repo_slots.begin(), repo_slots.end(),
                           [&](const auto &r) { return r.first == p.repository; });
    if (it == repo_slots.end()) {
      const Repository &r = m.repositories[p.repository];
      Domain host = r.host.domain;
      if (!r.host.stated) host.mask &= r.host_fit;  // unknown host: only what the providers allow
      int h = add(attr_info(repository_host), host, r.host.stated,
                  FactRef{K::repository, p.repository, repository_host});
      int v = add_fact(repository_visibility, r.visibility,
                       FactRef{K::repository, p.repository, repository_visibility});
      it = repo_slots.insert(repo_slots.end(), {p.repository, {h, v}});
    }
    slots[int(repository_host) - kFirstPipelineAttr] = it->second[0];
    slots[int(repository_visibility) - kFirstPipelineAttr] = it->second[1];
    pr.pipeline_slot.push_back(slots);
    pr.pipelines.push_back(id);
    pr.copies.emplace_back();
  }
  // A pipeline's own slots (not its repository's, which other pipelines share)
  // stand for the same fact of each of its copies too.
  for (std::size_t pos = 0; pos < pr.pipelines.size(); ++pos)
    for (int a = 0; a < kPipelineAttrs; ++a)
      if (pr.slots[pr.pipeline_slot[pos][a]].ref.kind == FactRef::Kind::pipeline)
        pr.slots[pr.pipeline_slot[pos][a]].stands_for = 1 + static_cast<std::uint32_t>(pr.copies[pos].size());
  return pr;
}

namespace {

// The independent checker (checker.cpp) computes the same cuts with its own
// code on purpose: if these were wrong, packages that differ would share an
// answer, and only a checker that cuts values by itself can notice.
void collect_cuts(const Cond &c, std::vector<std::vector<std::int64_t>> &cuts) {
  for (const auto &k : c.kids) collect_cuts(k, cuts);
  if (c.op != Cond::Op::atom) return;
  const ValueType t = attr_info(c.attr).type;
  if (t != ValueType::version && t != ValueType::integer) return;
  auto &out = cuts[static_cast<int>(c.attr)];
  switch (c.cmp) {
    case Cond::Cmp::ge:
    case Cond::Cmp::lt: out.push_back(c.bound); break;
    case Cond::Cmp::gt:
    case Cond::Cmp::le: out.push_back(c.bound + 1); break;
    case Cond::Cmp::in:
      out.push_back(c.bound);
      out.push_back(c.upper + 1);
      break;
  }
}

}  // namespace

std::vector<std::vector<std::int64_t>> value_cuts(const CatalogModel &cat) {
  std::vector<std::vector<std::int64_t>> cuts(kAttrCount);
  for (const Rule &r : cat.rules) {  // disabled rules too: finer pieces are still exact
    if (r.when) collect_cuts(*r.when, cuts);
    collect_cuts(r.condition, cuts);
  }
  for (auto &c : cuts) {
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
  }
  return cuts;
}

std::vector<std::vector<bool>> strategy_reads(const CatalogModel &cat) {
  std::vector<std::vector<bool>> reads(cat.strategies.size(), std::vector<bool>(kAttrCount, false));
  auto collect = [](const Cond &c, std::vector<bool> &out, auto &self) -> void {
    if (c.op == Cond::Op::atom) out[static_cast<int>(c.attr)] = true;
    for (const auto &k : c.kids) self(k, out, self);
  };
  for (std::size_t st = 0; st < cat.strategies.size(); ++st) {
    std::vector<bool> &r = reads[st];
    r[static_cast<int>(Attr::pipeline_provider)] = r[static_cast<int>(Attr::repository_host)] = true;
    auto for_st = [&](const Rule &rule) {
      return rule.enabled &&
             std::find(rule.strategies.begin(), rule.strategies.end(), static_cast<int>(st)) != rule.strategies.end();
    };
    for (const Rule &rule : cat.rules)
      if (for_st(rule) && rule.kind == RuleKind::requirement) {
        if (rule.when) collect(*rule.when, r, collect);
        collect(rule.condition, r, collect);
      }
    // Capabilities read so far pull in their provisions, which may read more.
    for (bool grew = true; grew;) {
      grew = false;
      for (const Rule &rule : cat.rules)
        if (for_st(rule) && rule.kind == RuleKind::provision &&
            r[kFirstStrategyAttr + static_cast<int>(rule.provides)]) {
          std::vector<bool> before = r;
          collect(rule.condition, r, collect);
          grew |= r != before;
        }
    }
  }
  return reads;
}

std::vector<bool> attributes_read(const CatalogModel &cat) {
  std::vector<bool> read(kAttrCount, false);
  for (const auto &r : strategy_reads(cat))
    for (int a = 0; a < kAttrCount; ++a) read[a] = read[a] || r[a];
  auto collect = [&](const Cond &c, auto &self) -> void {
    if (c.op == Cond::Op::atom) read[static_cast<int>(c.attr)] = true;
    for (const auto &k : c.kids) self(k, self);
  };
  for (const Rule &rule : cat.rules)
    if (rule.enabled && rule.kind == RuleKind::provision) collect(rule.condition, collect);
  return read;
}

std::string Problem::signature(const std::vector<std::vector<std::int64_t>> &cuts,
                               const std::vector<bool> *reads) const {
  std::string sig;
  sig.reserve(slots.size() * 24 + pipeline_slot.size() * kPipelineAttrs);
  auto put = [&](std::int64_t v) { sig.append(reinterpret_cast<const char *>(&v), sizeof v); };
  for (const auto &s : slots) {
    put(static_cast<std::int64_t>(s.type) | (std::int64_t(s.tracked) << 8) | (std::int64_t(s.stands_for) << 16));
    // With unknown publishers the pipeline count decides which positions exist
    // (Problem::guarded) and is tied to the publisher count: every strategy
    // reads both then.
    const bool counts = publishers_unknown && s.ref.kind == FactRef::Kind::package &&
                        (s.ref.attr == Attr::package_pipelines || s.ref.attr == Attr::package_publishers);
    if (reads && !(*reads)[static_cast<int>(s.ref.attr)] && !counts) continue;
    put(s.domain.mask);
    if (s.type == ValueType::version || s.type == ValueType::integer) {
      const auto &c = cuts[static_cast<int>(s.ref.attr)];
      put(s.domain.lo > s.domain.hi ? -1 : std::upper_bound(c.begin(), c.end(), s.domain.lo) - c.begin());
      put(s.domain.lo > s.domain.hi ? -1 : std::upper_bound(c.begin(), c.end(), s.domain.hi) - c.begin());
    } else {
      put(s.domain.lo);
      put(s.domain.hi);
    }
  }
  put(-1);
  put(publishers_unknown);
  for (const auto &ps : pipeline_slot)
    for (int i : ps) put(i);
  return sig;
}

Problem problem_of_facts(const Vocabulary &vocabulary, int pipelines,
                         const std::vector<std::pair<Attr, Domain>> &known) {
  Problem pr;
  auto add = [&](Attr a, FactRef ref) {
    Domain d = vocabulary.full(a);
    for (const auto &[attr, value] : known)
      if (attr == a) d = value;
    pr.slots.push_back({attr_info(a).type, static_cast<std::uint32_t>(vocabulary.of(a).size()), d, false, ref});
    return static_cast<int>(pr.slots.size()) - 1;
  };
  for (int a = 0; a < kPackageAttrs; ++a)
    pr.package_slot[a] = add(static_cast<Attr>(a), {FactRef::Kind::package, -1, static_cast<Attr>(a)});
  for (int q = 0; q < pipelines; ++q) {
    std::array<int, kPipelineAttrs> slots{};
    for (int a = 0; a < kPipelineAttrs; ++a) {
      const Attr attr = static_cast<Attr>(kFirstPipelineAttr + a);
      slots[a] = add(attr, {FactRef::Kind::pipeline, q, attr});
    }
    pr.pipeline_slot.push_back(slots);
    pr.pipelines.push_back(q);
    pr.copies.emplace_back();
  }
  return pr;
}

}  // namespace pubplan::detail
