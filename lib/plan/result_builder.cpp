#include "plan/result_builder.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "explain/evaluate.hpp"

namespace pubplan::detail {

std::optional<std::string> ResultBuilder::recommended(const Problem &pr, const ProblemOutcome &out) const {
  return brief(pr, out).recommended;
}

PackageResult ResultBuilder::brief(const Problem &pr, const ProblemOutcome &out) const {
  PackageResult res;
  res.name = m_.packages[pr.package].name;
  for (std::size_t st = 0; st < cat_.strategies.size(); ++st) {
    StrategyResult s;
    s.id = cat_.strategies[st].id;
    s.status = out.strategies[st].status;
    s.provenance = out.strategies[st].provenance;
    res.strategies.push_back(std::move(s));
  }
  rank(pr, res);
  return res;
}

PackageResult ResultBuilder::build(const Problem &pr, const ProblemOutcome &out) const {
  const Package &pkg = m_.packages[pr.package];
  PackageResult res;
  res.name = pkg.name;
  res.origin = origin_text(m_, pkg.origin);
  Evaluator ev(cat_, pr);
  for (std::size_t st = 0; st < cat_.strategies.size(); ++st) {
    const StrategyOutcome &o = out.strategies[st];
    StrategyResult s;
    s.id = cat_.strategies[st].id;
    s.status = o.status;
    s.provenance = o.provenance;
    s.note = o.note;
    if (o.status == Status::infeasible) {
      s.because = reasons(pr, o.core, static_cast<int>(st));
      s.because_minimal = o.core_minimal;
      s.diagnosed = diagnosed_;
      if (diagnosed_) {
        fill(pr, static_cast<int>(st), o.diagnosis, s.conflicts, s.conflicts_complete, s.repairs,
             s.repairs_complete);
        if (!s.conflicts.empty()) s.because = s.conflicts.front();
      }
    }
    if (o.status == Status::conditional) {
      // The facts of unknown pipelines are one assumption: each rule's
      // branch named alone would read as a list that contradicts itself
      // (one client for one rule, any other client for the next).
      bool unknown_pipelines = false;
      for (const Need &n : ev.assumptions(static_cast<int>(st)))
        for (const FactRef &ref : pr.facts_of(n.slot)) {
          const bool unknown = ref.kind == FactRef::Kind::unknown_pipeline;
          if (unknown && std::exchange(unknown_pipelines, true)) continue;
          s.assuming.push_back({fact_path(m_, ref),
                                unknown ? "pipelines whose facts meet the strategy's rules" : need_text(ref, n.needs),
                                origin_text(m_, fact_origin(m_, ref))});
        }
    }
    res.strategies.push_back(std::move(s));
  }
  rank(pr, res);
  if (res.recommended) {
    int st = cat_.strategy_index(*res.recommended);
    for (const Rule &r : cat_.rules) {
      if (!r.enabled || r.kind != RuleKind::warning) continue;
      const Tri applies = ev.warning(r, st);
      if (applies != Tri::no) res.warnings.push_back({r.id, r.statement, source_text(r), applies == Tri::yes});
    }
  } else {
    res.conflict = reasons(pr, out.conflict, -1);
    fill(pr, -1, out.diagnosis, res.conflicts, res.conflicts_complete, res.repairs, res.repairs_complete);
    if (!res.conflicts.empty()) res.conflict = res.conflicts.front();
  }
  return res;
}

void ResultBuilder::fill(const Problem &pr, int target, const Diagnosis &d, std::vector<std::vector<Reason>> &conflicts,
                         bool &conflicts_complete, std::vector<Repair> &repairs, bool &repairs_complete) const {
  for (const auto &c : d.conflicts) conflicts.push_back(reasons(pr, c, target));
  drop_supersets(conflicts);
  conflicts_complete = d.conflicts_complete;
  for (const auto &r : d.repairs) {
    Repair rep;
    for (const auto &[slot, to] : r.changes) {
      const Slot &s = pr.slots[slot];
      const std::string to_json = s.ref.attr == Attr::package_token_budget ? std::to_string(tokens_in_use_to_fit_)
                                                                            : value_json(s, to);
      for (const FactRef &ref : pr.facts_of(slot))
        rep.changes.push_back({fact_path(m_, ref), fact_value_json(m_, ref), to_json,
                               origin_text(m_, fact_origin(m_, ref))});
    }
    rep.unlocks = cat_.strategies[r.unlocks].id;
    rep.status_after = r.status_after;
    rep.cost = r.cost;
    repairs.push_back(std::move(rep));
  }
  repairs_complete = d.repairs_complete;
}

void ResultBuilder::drop_supersets(std::vector<std::vector<Reason>> &sets) {
  auto keys = [](const std::vector<Reason> &set) {
    std::vector<std::string> k;
    for (const Reason &r : set) k.push_back(r.kind == Reason::Kind::rule ? "r" + r.rule + "@" + r.instance : "f" + r.fact);
    std::sort(k.begin(), k.end());
    return k;
  };
  std::vector<std::vector<std::string>> k;
  for (const auto &set : sets) k.push_back(keys(set));
  std::vector<bool> drop(sets.size(), false);
  for (std::size_t a = 0; a < sets.size(); ++a)
    for (std::size_t b = 0; b < sets.size() && !drop[a]; ++b)
      if (a != b && !drop[b] && std::includes(k[a].begin(), k[a].end(), k[b].begin(), k[b].end()) &&
          (k[a].size() > k[b].size() || b < a))
        drop[a] = true;
  std::size_t out = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (drop[i]) continue;
    if (out != i) sets[out] = std::move(sets[i]);
    ++out;
  }
  sets.resize(out);
}

std::string ResultBuilder::need_text(const FactRef &ref, const std::string &needs) const {
  if (ref.kind != FactRef::Kind::package || !m_.packages[ref.entity].published_by_unknown) return needs;
  if (ref.attr == Attr::package_pipelines) return "pipelines " + needs;
  if (ref.attr == Attr::package_publishers) return "trusted publishers " + needs;
  if (ref.attr == Attr::package_token_budget) return "room for a token per pipeline publishing it";
  return needs;
}

std::string ResultBuilder::value_json(const Slot &s, const Domain &d) const {
  switch (s.type) {
    case ValueType::boolean: return d.mask == 0b10 ? "true" : "false";
    case ValueType::enumeration:
      return "\"" + cat_.vocabulary.of(s.ref.attr)[static_cast<std::size_t>(std::countr_zero(d.mask))] + "\"";
    case ValueType::version: return "\"" + decode_version(d.lo) + "\"";
    case ValueType::integer: return std::to_string(d.lo);
  }
  return "null";
}

std::string ResultBuilder::source_text(const Rule &r) {
  return r.as_of.empty() ? r.source : fmt::format("{}, {}", r.source, r.as_of);
}

std::vector<Reason> ResultBuilder::reasons(const Problem &pr, const std::vector<Item> &core, int target) const {
  const Evaluator ev(cat_, pr);
  std::vector<Item> sorted = core;
  // Rules first (catalog order), then facts (problem order): reads as "because R and F".
  std::stable_sort(sorted.begin(), sorted.end(), [](const Item &a, const Item &b) {
    return std::tie(a.kind, a.index, a.pipeline_pos) < std::tie(b.kind, b.index, b.pipeline_pos);
  });
  std::vector<Reason> out;
  std::vector<int> fact_slots;
  for (const Item &it : sorted)
    if (it.kind == Item::Kind::fact) fact_slots.push_back(it.index);
  std::vector<std::string> facts_shown;
  for (const Item &it : sorted) {
    // Two slots can be one fact of the file (`published_by` gives both the
    // number of pipelines and of publishers): a person sees it once, and it is
    // one member of the set (the independent checker found it listed twice).
    if (it.kind == Item::Kind::fact) {
      std::string path = fact_path(m_, pr.slots[it.index].ref);
      if (std::count(facts_shown.begin(), facts_shown.end(), path)) continue;
      facts_shown.push_back(std::move(path));
    }
    Reason r;
    if (it.kind == Item::Kind::rule) {
      const Rule &rule = cat_.rules[it.index];
      r.kind = Reason::Kind::rule;
      r.rule = rule.id;
      r.says = rule.statement;
      r.source = source_text(rule);
      for (int st = 0; st < static_cast<int>(cat_.strategies.size()); ++st) {
        if (!std::count(rule.strategies.begin(), rule.strategies.end(), st)) continue;
        r.strategies.push_back(cat_.strategies[st].id);
        // Left out by this instance alone, given the file's facts: what a
        // sentence "because R and F, S does not fit" may conclude.
        if (rule.kind == RuleKind::requirement && (target < 0 || target == st) &&
            ev.requirement(rule, st, it.pipeline_pos) == Tri::no)
          r.rules_out.push_back(cat_.strategies[st].id);
      }
      if (it.pipeline_pos >= 0)
        r.instance = instance_name(m_, pr, it.pipeline_pos);
      std::vector<int> read;
      slots_read(pr, rule, it.pipeline_pos, read);
      for (int slot : fact_slots)
        if (std::count(read.begin(), read.end(), slot)) {
          std::string path = fact_path(m_, pr.slots[slot].ref);
          if (!std::count(r.reads.begin(), r.reads.end(), path)) r.reads.push_back(std::move(path));
        }
    } else {
      const Slot &slot = pr.slots[it.index];
      r.kind = Reason::Kind::fact;
      r.fact = fact_path(m_, slot.ref);
      r.value_json = fact_value_json(m_, slot.ref);
      r.origin = origin_text(m_, fact_origin(m_, slot.ref));
      const Fact *f = fact_of(m_, slot.ref);
      r.defaulted = f ? f->defaulted
                      : (slot.ref.attr == Attr::package_pipelines ||
                         slot.ref.attr == Attr::package_publishers)
                            ? m_.packages[slot.ref.entity].published_by_defaulted
                            : slot.ref.attr == Attr::package_token_budget && m_.tokens_in_use_origin.line == 0;
    }
    out.push_back(std::move(r));
  }
  return out;
}

void ResultBuilder::slots_read(const Problem &pr, const Cond &c, int pos, std::vector<int> &out, int depth) const {
  switch (c.op) {
    case Cond::Op::every_pipeline:
    case Cond::Op::some_pipeline:
      for (std::size_t i = 0; i < pr.pipelines.size(); ++i) slots_read(pr, c.kids[0], int(i), out, depth);
      return;
    case Cond::Op::atom:
      if (attr_info(c.attr).scope != Scope::strategy) {
        out.push_back(pr.slot_of(c.attr, pos));
      } else if (depth < 4) {
        for (const Rule &r : cat_.rules)
          if (r.enabled && r.kind == RuleKind::provision &&
              static_cast<int>(r.provides) == static_cast<int>(c.attr) - kFirstStrategyAttr)
            slots_read(pr, r.condition, -1, out, depth + 1);
      }
      return;
    default:
      for (const auto &k : c.kids) slots_read(pr, k, pos, out, depth);
  }
}

void ResultBuilder::slots_read(const Problem &pr, const Rule &r, int pos, std::vector<int> &out) const {
  if (r.when) slots_read(pr, *r.when, pos, out, 0);
  slots_read(pr, r.condition, pos, out, 0);
}

const RankingOrder &ResultBuilder::order_for_profiles() const {
  for (const auto &o : cat_.ranking.profiles)
    for (const auto &p : o.any_of)
      if (std::find(m_.profiles.begin(), m_.profiles.end(), p) != m_.profiles.end()) return o;
  return cat_.ranking.default_order;
}

void ResultBuilder::rank(const Problem &pr, PackageResult &res) const {
  const RankingOrder &order = order_for_profiles();
  const Slot &policy = pr.slots[pr.package_slot[static_cast<int>(Attr::package_provenance_policy)]];
  const auto &policies = attr_info(Attr::package_provenance_policy).format_values;
  const std::uint32_t preferred_bit =
      1u << (std::find(policies.begin(), policies.end(), "preferred") - policies.begin());
  const bool prefer_provenance = policy.domain.mask == preferred_bit;
  auto group_of = [&](int st) {
    for (std::size_t g = 0; g < cat_.ranking.groups.size(); ++g)
      if (std::count(cat_.ranking.groups[g].begin(), cat_.ranking.groups[g].end(), st)) return int(g);
    return int(cat_.ranking.groups.size());
  };
  auto key = [&](int st) {
    const auto &s = res.strategies[st];
    int prov = !prefer_provenance ? 0 : s.provenance == true ? 0 : !s.provenance ? 1 : 2;
    int pos = static_cast<int>(std::find(order.order.begin(), order.order.end(), st) - order.order.begin());
    return std::tuple(group_of(st), prov, pos);
  };
  std::vector<int> candidates;
  for (std::size_t st = 0; st < res.strategies.size(); ++st)
    if (res.strategies[st].status != Status::infeasible) candidates.push_back(static_cast<int>(st));
  std::stable_sort(candidates.begin(), candidates.end(), [&](int a, int b) { return key(a) < key(b); });
  for (int st : candidates) {
    if (res.strategies[st].status == Status::feasible) res.feasible.push_back(res.strategies[st].id);
    if (res.strategies[st].status == Status::conditional) res.conditional.push_back(res.strategies[st].id);
  }
  if (candidates.empty()) {
    res.why = "no strategy fits";
    return;
  }
  const StrategyResult &best = res.strategies[candidates[0]];
  res.recommended = best.id;
  res.recommended_status = best.status;
  res.provenance = best.provenance;
  if (best.status != Status::feasible && !res.feasible.empty()) res.fallback = res.feasible[0];
  // Why it won: the order that ranked it and what ranked above it.
  std::vector<std::string> above;
  for (int st : order.order) {
    if (st == candidates[0]) break;
    if (res.strategies[st].status == Status::infeasible) above.push_back(res.strategies[st].id + " (infeasible)");
  }
  std::string why = fmt::format("{} ranks first among the strategies that fit", best.id);
  if (!order.any_of.empty()) why += fmt::format(" with profiles {}", fmt::join(order.any_of, ", "));
  why += fmt::format(": {}", order.reason);
  if (prefer_provenance && candidates.size() > 1 && best.provenance == true &&
      !cat_.ranking.provenance_preferred.empty())
    why += fmt::format("; {}", cat_.ranking.provenance_preferred);
  if (!above.empty()) why += fmt::format("; ranked above it but not fitting: {}", fmt::join(above, ", "));
  res.why = std::move(why);
}

}  // namespace pubplan::detail
