#include "explain/evaluate.hpp"

#include <algorithm>
#include <bit>
#include <optional>

#include <fmt/format.h>

namespace pubplan::detail {

namespace {

Tri negate(Tri t) { return t == Tri::yes ? Tri::no : t == Tri::no ? Tri::yes : Tri::maybe; }

std::string values_text(const AttrInfo &info, const Vocabulary &vocabulary, std::uint32_t mask) {
  std::vector<std::string> v;
  if (info.type == ValueType::boolean) {
    if (mask & 0b01) v.push_back("false");
    if (mask & 0b10) v.push_back("true");
  } else {
    const auto &values = vocabulary.of(info.attr);
    for (std::size_t k = 0; k < values.size(); ++k)
      if (mask & (1u << k)) v.push_back(values[k]);
  }
  if (v.size() == 1) return v[0];
  std::string out = "one of ";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

std::string bound_text(const AttrInfo &info, std::int64_t b) {
  return info.type == ValueType::version ? decode_version(b) : std::to_string(b);
}

}  // namespace

Tri Evaluator::capability(int strategy, int cap, std::vector<Need> *needs, bool negated) const {
  for (const Rule &r : cat_.rules)
    if (r.enabled && r.kind == RuleKind::provision && static_cast<int>(r.provides) == cap &&
        std::find(r.strategies.begin(), r.strategies.end(), strategy) != r.strategies.end())
      return eval(r.condition, strategy, -1, needs, negated);
  return cat_.strategies[strategy].provides[cap] ? Tri::yes : Tri::no;
}

Tri Evaluator::eval(const Cond &c, int strategy, int pos, std::vector<Need> *needs,
                    bool negated) const {
  // What makes an undecided node hold: every undecided part's needs where all
  // parts must hold, one part's (the fewest) where one is enough. Which is
  // which depends on `negated`: the needs are for the formula the rule states.
  auto combine = [&](bool conj, auto &&each, std::size_t n) {
    bool undecided = false;
    std::vector<Need> all_needs;
    std::optional<std::vector<Need>> fewest;
    const bool one_enough = conj == negated;
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<Need> local;
      Tri t = each(i, &local);
      if (t == (conj ? Tri::no : Tri::yes)) return t;
      if (t != Tri::maybe) continue;
      undecided = true;
      all_needs.insert(all_needs.end(), local.begin(), local.end());
      if (!fewest || local.size() < fewest->size()) fewest = std::move(local);
    }
    if (!undecided) return conj ? Tri::yes : Tri::no;
    if (needs) {
      const std::vector<Need> &chosen = one_enough ? *fewest : all_needs;
      needs->insert(needs->end(), chosen.begin(), chosen.end());
    }
    return Tri::maybe;
  };
  switch (c.op) {
    case Cond::Op::all:
    case Cond::Op::any:
      return combine(
          c.op == Cond::Op::all,
          [&](std::size_t i, std::vector<Need> *n) { return eval(c.kids[i], strategy, pos, n, negated); },
          c.kids.size());
    case Cond::Op::negate: return negate(eval(c.kids[0], strategy, pos, needs, !negated));
    case Cond::Op::every_pipeline:
    case Cond::Op::some_pipeline:
      return combine(
          c.op == Cond::Op::every_pipeline,
          [&](std::size_t i, std::vector<Need> *n) {
            const int pos = static_cast<int>(i);
            return guard(c.op == Cond::Op::every_pipeline, pos, eval(c.kids[0], strategy, pos, n, negated), *n,
                         negated);
          },
          pr_.pipelines.size());
    case Cond::Op::atom: break;
  }
  const AttrInfo &info = attr_info(c.attr);
  if (info.scope == Scope::strategy) {
    // The atom asks for the capability's value in its mask: true, false or either.
    const int cap = static_cast<int>(c.attr) - kFirstStrategyAttr;
    if ((c.mask & 0b11) == 0b11) return Tri::yes;
    if ((c.mask & 0b11) == 0) return Tri::no;
    if (c.mask & 0b10) return capability(strategy, cap, needs, negated);
    return negate(capability(strategy, cap, needs, !negated));
  }
  const int slot = pr_.slot_of(c.attr, pos);
  const Domain &d = pr_.slots[slot].domain;
  Tri t = Tri::maybe;
  std::string need;
  if (info.type == ValueType::boolean || info.type == ValueType::enumeration) {
    std::uint32_t inside = d.mask & c.mask;
    if (inside == d.mask) t = Tri::yes;
    else if (inside == 0) t = Tri::no;
    else need = values_text(info, cat_.vocabulary, negated ? d.mask & ~c.mask : inside);
  } else {
    std::int64_t lo = c.bound, hi = c.upper;  // the accepted interval
    switch (c.cmp) {
      case Cond::Cmp::ge: lo = c.bound, hi = INT64_MAX; break;
      case Cond::Cmp::gt: lo = c.bound + 1, hi = INT64_MAX; break;
      case Cond::Cmp::le: lo = INT64_MIN, hi = c.bound; break;
      case Cond::Cmp::lt: lo = INT64_MIN, hi = c.bound - 1; break;
      case Cond::Cmp::in: break;
    }
    if (d.lo >= lo && d.hi <= hi) t = Tri::yes;
    else if (d.hi < lo || d.lo > hi) t = Tri::no;
    else {
      static const char *ops[] = {"", ">=", ">", "<=", "<"};
      static const char *neg_ops[] = {"", "<", "<=", ">", ">="};
      if (c.cmp == Cond::Cmp::in)
        need = fmt::format("{}{} .. {}", negated ? "outside " : "", bound_text(info, c.bound),
                           bound_text(info, c.upper));
      else
        need = fmt::format("{} {}", (negated ? neg_ops : ops)[static_cast<int>(c.cmp)],
                           bound_text(info, c.bound));
    }
  }
  if (t == Tri::maybe && needs) needs->push_back({slot, need});
  return t;
}

Tri Evaluator::guard(bool vacuous, int pos, Tri t, std::vector<Need> &local, bool negated) const {
  if (pos < 0 || !pr_.guarded(pos)) return t;
  const int slot = pr_.slot_of(Attr::package_pipelines, -1);
  const Domain &d = pr_.slots[slot].domain;
  if (d.lo >= 1) return t;
  if (d.hi < 1) {
    local.clear();
    return vacuous ? Tri::yes : Tri::no;
  }
  const Need some{slot, ">= 1"}, none{slot, "< 1"};
  if (vacuous) {  // there is none, or t
    if (t == Tri::yes) return t;
    // Named one way: the pipeline exists and t holds, unless t cannot.
    if (!negated && t == Tri::no) local = {none};
    if (negated) local.push_back(some);
    return Tri::maybe;
  }
  if (t == Tri::no) return t;  // there is one, and t
  if (!negated) local.push_back(some);
  else if (t == Tri::yes) local = {none};
  return Tri::maybe;
}

Tri Evaluator::requirement(const Rule &r, int strategy, int pos, std::vector<Need> *needs) const {
  if (pos >= 0 && pr_.guarded(pos)) {
    std::vector<Need> local;
    Tri t = guard(true, pos, requirement_here(r, strategy, pos, &local), local, false);
    if (needs) needs->insert(needs->end(), local.begin(), local.end());
    return t;
  }
  return requirement_here(r, strategy, pos, needs);
}

Tri Evaluator::requirement_here(const Rule &r, int strategy, int pos, std::vector<Need> *needs) const {
  if (r.when) {
    // The needs that make it not apply: the `when` read negated.
    std::vector<Need> not_applying;
    Tri w = eval(*r.when, strategy, pos, &not_applying, true);
    if (w == Tri::no) return Tri::yes;
    std::vector<Need> met;
    Tri q = eval(r.condition, strategy, pos, &met);
    if (w == Tri::yes || q == Tri::yes) {
      if (needs) needs->insert(needs->end(), met.begin(), met.end());
      return q;
    }
    // Undecided whether it applies: it holds when it does not apply or is met.
    // `assuming` is a list that must all hold, so one way is named: that the
    // rule does not apply (naming both, as before, asked for a value and its
    // opposite, e.g. access public and access private).
    if (needs) needs->insert(needs->end(), not_applying.begin(), not_applying.end());
    return Tri::maybe;
  }
  return eval(r.condition, strategy, pos, needs);
}

Tri Evaluator::warning(const Rule &r, int strategy) const {
  if (std::find(r.strategies.begin(), r.strategies.end(), strategy) == r.strategies.end())
    return Tri::no;
  const int n = r.for_each_pipeline ? static_cast<int>(pr_.pipelines.size()) : 1;
  Tri best = Tri::no;
  for (int pos = 0; pos < n; ++pos) {
    std::vector<Need> ignored;
    const int at = r.for_each_pipeline ? pos : -1;
    Tri t = guard(false, at, eval(*r.when, strategy, at, &ignored), ignored, false);
    if (t == Tri::yes) return t;
    if (t == Tri::maybe) best = t;
  }
  return best;
}

std::vector<Need> Evaluator::assumptions(int strategy) const {
  std::vector<Need> out;
  for (const Rule &r : cat_.rules) {
    if (!r.enabled || r.kind != RuleKind::requirement ||
        std::find(r.strategies.begin(), r.strategies.end(), strategy) == r.strategies.end())
      continue;
    const int n = r.for_each_pipeline ? static_cast<int>(pr_.pipelines.size()) : 1;
    for (int pos = 0; pos < n; ++pos) {
      std::vector<Need> local;
      if (requirement(r, strategy, r.for_each_pipeline ? pos : -1, &local) == Tri::maybe)
        for (auto &need : local)
          if (std::find(out.begin(), out.end(), need) == out.end()) out.push_back(need);
    }
  }
  return out;
}

}  // namespace pubplan::detail
