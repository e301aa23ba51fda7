// The independent checker (see checker.hpp for what it shares with the engine
// and what it does not).
#include "verify/checker.hpp"

#include <algorithm>
#include <climits>
#include <numeric>

namespace pubplan::detail {

namespace {

bool lists(const Rule &r, int strategy) {
  return std::find(r.strategies.begin(), r.strategies.end(), strategy) != r.strategies.end();
}

int instances(const Rule &r, const Problem &pr) {
  return r.for_each_pipeline ? static_cast<int>(pr.pipelines.size()) : 1;
}


// Written apart from solve/problem.cpp's on purpose: a checker that cut values
// with the engine's code could not notice that code being wrong.
void collect_cuts(const Cond &c, std::vector<std::vector<std::int64_t>> &cuts) {
  for (const auto &k : c.kids) collect_cuts(k, cuts);
  if (c.op != Cond::Op::atom) return;
  const ValueType t = attr_info(c.attr).type;
  if (t != ValueType::version && t != ValueType::integer) return;
  auto &out = cuts[static_cast<int>(c.attr)];
  // The first value at which the comparison's answer may change.
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

Selection Selection::all(const CatalogModel &cat, const Problem &pr) {
  Selection s;
  s.fact.assign(pr.slots.size(), true);
  for (const Rule &r : cat.rules) s.rule.emplace_back(static_cast<std::size_t>(instances(r, pr)) + 1, true);
  return s;
}

Selection Selection::none(const CatalogModel &cat, const Problem &pr) {
  Selection s;
  s.fact.assign(pr.slots.size(), false);
  for (const Rule &r : cat.rules) s.rule.emplace_back(static_cast<std::size_t>(instances(r, pr)) + 1, false);
  return s;
}

// One constraint of a query: a requirement rule instance, a provision, or the
// format's provider/host fit. It reads only `vars`.
struct Checker::Constraint {
  enum class Kind : std::uint8_t { fit, counts, provision, requirement } kind;
  std::vector<int> vars;
  const Rule *rule = nullptr;  // provision, requirement
  int pos = -1;                // requirement: pipeline position, -1 per package
  int a = -1, b = -1;  // fit: provider, host slots; counts: pipelines, publishers; provision: capability
  bool requirement() const { return kind == Kind::requirement; }
};

Checker::Checker(const CatalogModel &cat, const Problem &pr) : cat_(cat), pr_(pr), cuts_(kAttrCount) {
  for (std::size_t k = 0; k < cat.vocabulary.of(Attr::pipeline_provider).size(); ++k)
    fit_.push_back(cat.vocabulary.hosts_of(k));
  for (int a = 0; a < kAttrCount; ++a) {
    scope_.push_back(attr_info(static_cast<Attr>(a)).scope);
    type_.push_back(attr_info(static_cast<Attr>(a)).type);
  }
  for (const Rule &r : cat.rules) {
    if (!r.enabled) continue;
    if (r.when) collect_cuts(*r.when, cuts_);
    collect_cuts(r.condition, cuts_);
  }
  // The link between unknown counts (Problem::publishers_unknown) compares
  // them with 0: pieces must not join 0 with other values.
  cuts_[static_cast<int>(Attr::package_pipelines)].push_back(1);
  cuts_[static_cast<int>(Attr::package_publishers)].push_back(1);
  for (auto &c : cuts_) {
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
  }
  for (const Slot &s : pr.slots) {
    stated_.push_back(values_of(s, s.domain));
    // A stated fact not in force may take any value of its type.
    any_.push_back(s.tracked ? values_of(s, full_domain(s.type, s.values)) : stated_.back());
  }
}

bool Checker::eval(const Cond &c, int pos, const std::vector<std::int64_t> &v) const {
  switch (c.op) {
    case Cond::Op::all:
      return std::all_of(c.kids.begin(), c.kids.end(), [&](const Cond &k) { return eval(k, pos, v); });
    case Cond::Op::any:
      return std::any_of(c.kids.begin(), c.kids.end(), [&](const Cond &k) { return eval(k, pos, v); });
    case Cond::Op::negate: return !eval(c.kids[0], pos, v);
    case Cond::Op::every_pipeline:
    case Cond::Op::some_pipeline: {
      const bool every = c.op == Cond::Op::every_pipeline;
      for (std::size_t i = 0; i < pr_.pipelines.size(); ++i)
        if (exists(static_cast<int>(i), v) && eval(c.kids[0], static_cast<int>(i), v) != every) return !every;
      return every;
    }
    case Cond::Op::atom: break;
  }
  const auto a = static_cast<std::size_t>(c.attr);
  const std::int64_t x =
      scope_[a] == Scope::strategy
          ? v[pr_.slots.size() + static_cast<std::size_t>(static_cast<int>(c.attr) - kFirstStrategyAttr)]
          : v[static_cast<std::size_t>(pr_.slot_of(c.attr, pos))];
  if (type_[a] == ValueType::boolean || type_[a] == ValueType::enumeration) return (c.mask >> x) & 1u;
  switch (c.cmp) {
    case Cond::Cmp::in: return x >= c.bound && x <= c.upper;
    case Cond::Cmp::ge: return x >= c.bound;
    case Cond::Cmp::gt: return x > c.bound;
    case Cond::Cmp::le: return x <= c.bound;
    case Cond::Cmp::lt: return x < c.bound;
  }
  return false;
}

bool Checker::exists(int pos, const std::vector<std::int64_t> &v) const {
  return pos < 0 || !pr_.guarded(pos) || v[static_cast<std::size_t>(pr_.slot_of(Attr::package_pipelines, -1))] >= 1;
}

void Checker::reads(const Cond &c, int pos, std::vector<int> &out) const {
  if (pos >= 0 && pr_.guarded(pos)) out.push_back(pr_.slot_of(Attr::package_pipelines, -1));
  switch (c.op) {
    case Cond::Op::every_pipeline:
    case Cond::Op::some_pipeline:
      for (std::size_t i = 0; i < pr_.pipelines.size(); ++i) reads(c.kids[0], static_cast<int>(i), out);
      return;
    case Cond::Op::atom:
      if (attr_info(c.attr).scope == Scope::strategy)
        out.push_back(static_cast<int>(pr_.slots.size()) + static_cast<int>(c.attr) - kFirstStrategyAttr);
      else
        out.push_back(pr_.slot_of(c.attr, pos));
      return;
    default:
      for (const auto &k : c.kids) reads(k, pos, out);
  }
}

std::vector<std::int64_t> Checker::values_of(const Slot &s, const Domain &d) const {
  std::vector<std::int64_t> out;
  if (s.type == ValueType::boolean || s.type == ValueType::enumeration) {
    const std::uint32_t n = s.type == ValueType::boolean ? 2 : s.values;
    for (std::uint32_t k = 0; k < n; ++k)
      if (d.mask & (1u << k)) out.push_back(k);
    return out;
  }
  // One value per piece of [lo, hi] cut at the catalog's bounds: the piece's start.
  if (d.lo > d.hi) return out;
  out.push_back(d.lo);
  for (std::int64_t c : cuts_[static_cast<int>(s.ref.attr)])
    if (c > d.lo && c <= d.hi) out.push_back(c);
  return out;
}

std::vector<Checker::Constraint> Checker::constraints(int strategy, const Selection &sel) const {
  using K = Constraint::Kind;
  std::vector<Constraint> cs;
  // The format's consistency: a provider builds only the hosts it fits.
  for (std::size_t pos = 0; pos < pr_.pipelines.size(); ++pos) {
    Constraint c{K::fit, {}, nullptr, -1, pr_.slot_of(Attr::pipeline_provider, static_cast<int>(pos)),
                 pr_.slot_of(Attr::repository_host, static_cast<int>(pos))};
    c.vars = {c.a, c.b};
    cs.push_back(std::move(c));
  }
  if (pr_.publishers_unknown) {
    // Unknown publishers: none exactly when no pipeline.
    Constraint c{K::counts, {}, nullptr, -1, pr_.slot_of(Attr::package_pipelines, -1),
                 pr_.slot_of(Attr::package_publishers, -1)};
    c.vars = {c.a, c.b};
    cs.push_back(std::move(c));
  }
  for (const Rule &r : cat_.rules) {
    const auto ri = static_cast<std::size_t>(&r - cat_.rules.data());
    if (!r.enabled || !lists(r, strategy)) continue;
    if (r.kind == RuleKind::provision && sel.rule[ri][0]) {
      Constraint c{K::provision, {}, &r, -1, static_cast<int>(pr_.slots.size()) + static_cast<int>(r.provides), -1};
      reads(r.condition, -1, c.vars);
      c.vars.push_back(c.a);
      cs.push_back(std::move(c));
    }
    if (r.kind != RuleKind::requirement) continue;
    for (int i = 0; i < instances(r, pr_); ++i) {
      const int pos = r.for_each_pipeline ? i : -1;
      if (!sel.rule[ri][static_cast<std::size_t>(pos + 1)]) continue;
      Constraint c{K::requirement, {}, &r, pos, -1, -1};
      if (r.when) reads(*r.when, pos, c.vars);
      reads(r.condition, pos, c.vars);
      cs.push_back(std::move(c));
    }
  }
  for (auto &c : cs) {
    std::sort(c.vars.begin(), c.vars.end());
    c.vars.erase(std::unique(c.vars.begin(), c.vars.end()), c.vars.end());
  }
  return cs;
}

bool Checker::holds(const Constraint &c, const std::vector<std::int64_t> &v) const {
  switch (c.kind) {
    case Constraint::Kind::fit:
      return (fit_[static_cast<std::size_t>(v[c.a])] >> v[c.b]) & 1u;
    case Constraint::Kind::counts: return (v[c.a] == 0) == (v[c.b] == 0);
    case Constraint::Kind::provision: return (v[c.a] == 1) == eval(c.rule->condition, -1, v);
    case Constraint::Kind::requirement:
      return !exists(c.pos, v) || (c.rule->when && !eval(*c.rule->when, c.pos, v)) || eval(c.rule->condition, c.pos, v);
  }
  return false;
}

// Whether some completion satisfies every constraint in the query (see
// `negated`). Constraints that share no variable are independent, so each group
// of connected variables is searched on its own.
bool Checker::search(const std::vector<Constraint> &cs, int negated, int strategy, const Selection &sel,
                     Completion *witness) const {
  const int nslots = static_cast<int>(pr_.slots.size());
  const int nvars = nslots + kCapabilityCount;
  std::vector<const std::vector<std::int64_t> *> cand(static_cast<std::size_t>(nvars));
  std::vector<std::int64_t> caps[kCapabilityCount];
  for (int v = 0; v < nslots; ++v) {
    cand[v] = pr_.slots[v].tracked && !sel.fact[v] ? &any_[v] : &stated_[v];
    if (cand[v]->empty()) return false;  // a fact with no value at all: nothing completes it
  }
  for (int k = 0; k < kCapabilityCount; ++k) {
    // Defined by a provision: constrained by it when in force, else free.
    const bool defined = std::any_of(cat_.rules.begin(), cat_.rules.end(), [&](const Rule &r) {
      return r.enabled && r.kind == RuleKind::provision && static_cast<int>(r.provides) == k && lists(r, strategy);
    });
    caps[k] = defined ? std::vector<std::int64_t>{0, 1}
                      : std::vector<std::int64_t>{cat_.strategies[strategy].provides[k] ? 1 : 0};
    cand[nslots + k] = &caps[k];
  }
  std::vector<const Constraint *> query;
  for (std::size_t i = 0; i < cs.size(); ++i)
    if (negated < 0 || !cs[i].requirement() || static_cast<int>(i) == negated) query.push_back(&cs[i]);
  auto satisfied = [&](const Constraint *c, const std::vector<std::int64_t> &v) {
    return holds(*c, v) != (c == (negated >= 0 ? &cs[negated] : nullptr));
  };

  std::vector<int> group(static_cast<std::size_t>(nvars));
  std::iota(group.begin(), group.end(), 0);
  auto root = [&](int x) {
    while (group[x] != x) x = group[x] = group[group[x]];
    return x;
  };
  for (const Constraint *c : query)
    for (std::size_t i = 1; i < c->vars.size(); ++i) group[root(c->vars[i])] = root(c->vars[0]);

  std::vector<std::int64_t> value(static_cast<std::size_t>(nvars), 0);
  std::vector<bool> set(static_cast<std::size_t>(nvars), false);
  for (const Constraint *c : query)
    if (c->vars.empty() && !satisfied(c, value)) return false;
  for (int g = 0; g < nvars; ++g) {
    if (root(g) != g) continue;
    // Order: facts with one value first (free), then the variables of the
    // constraints with the fewest open variables, so that each constraint is
    // tested as early as possible; it is tested once its last variable is set.
    std::vector<const Constraint *> mine;
    for (const Constraint *c : query)
      if (!c->vars.empty() && root(c->vars[0]) == g) mine.push_back(c);
    if (mine.empty()) continue;
    auto open = [&](const Constraint *c) {
      return std::count_if(c->vars.begin(), c->vars.end(), [&](int v) { return cand[v]->size() > 1; });
    };
    std::stable_sort(mine.begin(), mine.end(), [&](auto *x, auto *y) { return open(x) < open(y); });
    std::vector<int> vars;
    for (int v = 0; v < nvars; ++v)
      if (root(v) == g && cand[v]->size() == 1) vars.push_back(v);
    for (const Constraint *c : mine)
      for (int v : c->vars)
        if (std::find(vars.begin(), vars.end(), v) == vars.end()) vars.push_back(v);
    std::vector<std::size_t> rank(static_cast<std::size_t>(nvars), 0);
    for (std::size_t i = 0; i < vars.size(); ++i) rank[vars[i]] = i;
    std::vector<std::vector<const Constraint *>> at(vars.size());
    for (const Constraint *c : mine) {
      std::size_t last = 0;
      for (int v : c->vars) last = std::max(last, rank[v]);
      at[last].push_back(c);
    }
    // Depth-first over the group's variables, an index per level.
    std::vector<std::size_t> choice(vars.size(), 0);
    std::size_t level = 0;
    bool ok = false;
    while (true) {
      if (level == vars.size()) {
        ok = true;
        break;
      }
      const auto &values = *cand[vars[level]];
      if (choice[level] == values.size()) {
        if (level == 0) break;
        choice[level] = 0;
        ++choice[--level];
        continue;
      }
      value[vars[level]] = values[choice[level]];
      if (std::all_of(at[level].begin(), at[level].end(), [&](const Constraint *c) { return satisfied(c, value); }))
        ++level;
      else
        ++choice[level];
    }
    if (!ok) return false;
    for (int v : vars) set[v] = true;
  }
  if (witness) *witness = {value, set};
  return true;
}

bool Checker::possible(int strategy, const Selection &sel, Completion *witness) const {
  return search(constraints(strategy, sel), -1, strategy, sel, witness);
}

bool Checker::breakable(int strategy, Completion *witness) const {
  const Selection all = Selection::all(cat_, pr_);
  const std::vector<Constraint> cs = constraints(strategy, all);
  // What holds in every completion (the fit, the provisions), with one
  // requirement instance at a time, negated.
  for (std::size_t i = 0; i < cs.size(); ++i)
    if (cs[i].requirement() && search(cs, static_cast<int>(i), strategy, all, witness)) return true;
  return false;
}

Status Checker::status(int strategy) const {
  if (!possible(strategy, Selection::all(cat_, pr_))) return Status::infeasible;
  return breakable(strategy) ? Status::conditional : Status::feasible;
}

}  // namespace pubplan::detail
