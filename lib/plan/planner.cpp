// The planner: one problem per package, solved once per distinct shape, then
// read out as results (reasons, assumptions, ranking, warnings).
#include "pubplan/planner.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "catalog/catalog_model.hpp"
#include "solve/encoder.hpp"
#include "explain/evaluate.hpp"
#include "topology/graph.hpp"
#include "solve/problem.hpp"
#include "plan/build_in_order.hpp"
#include "plan/tokens.hpp"
#include "pubplan/error.hpp"
#include "topology/access.hpp"
#include "format/date.hpp"
#include <stdexcept>

namespace pubplan {

namespace detail {
// Settled strategy decisions by view, shared by the solves of one
// Planner::solve (today's, the token budget's, the days ahead). A key holds
// what a decision rests on: the strategy, which of its rules are in force,
// the facts it reads and whether reason sets were asked for.
struct DecidedViews {
  std::unordered_map<std::string, StrategyOutcome> by_key;
};
}  // namespace detail

using namespace detail;

struct Planner::Impl {
  Catalog catalog;
  Options options;
  // The solves running now (their stop flags) and the encoders they are
  // checking with, for interrupt().
  mutable std::mutex active_mutex;
  mutable std::vector<Encoder *> active;
  mutable std::vector<std::atomic<bool> *> stops;

  Impl(Catalog c, Options o) : catalog(std::move(c)), options(std::move(o)) {}

  // One solve with the rules of `cat` (the catalog as it stands on one day).
  // `stage` names it for `progress`.
  // `what`: Diagnose::statuses gives packages with statuses and the ranking
  // only (what `ahead` compares), the others as Encoder::solve says.
  // `decided` keeps and gives decisions across solves; `then` runs once every
  // package is decided, before the results are built and handed to `each`.
  Result solve_on(const TopologyModel &m, const TopologyGraph &g, const CatalogModel &cat,
                  const SolverLimits &limits, Diagnose what, const std::function<void(PackageResult &&)> &each,
                  const ProgressCallback &progress, const std::string &stage, DecidedViews &decided,
                  const std::function<void()> &then = {}) const;
};

namespace {
// Lists an encoder or a solve's stop flag as running on a planner, for its scope.
template <class T>
class Registration {
 public:
  Registration(std::mutex &mutex, std::vector<T *> &list, T &item) : mutex_(mutex), list_(list), item_(item) {
    std::lock_guard lock(mutex_);
    list_.push_back(&item_);
  }
  ~Registration() {
    std::lock_guard lock(mutex_);
    list_.erase(std::find(list_.begin(), list_.end(), &item_));
  }
  Registration(const Registration &) = delete;
  Registration &operator=(const Registration &) = delete;

 private:
  std::mutex &mutex_;
  std::vector<T *> &list_;
  T &item_;
};
// A stage's answered packages, reported one call at a time: the solver threads
// finish problems concurrently.
class StageReporter {
 public:
  StageReporter(const ProgressCallback &callback, std::string stage, std::size_t total)
      : callback_(callback), progress_{std::move(stage), 0, total} {
    advance(0);
  }
  void advance(std::size_t packages) {
    if (!callback_) return;
    std::lock_guard lock(mutex_);
    progress_.done += packages;
    callback_(progress_);
  }

 private:
  const ProgressCallback &callback_;
  std::mutex mutex_;
  Progress progress_;
};

// How many packages each distinct problem stands for.
std::vector<std::size_t> packages_per_shape(const std::vector<std::size_t> &shape_of, std::size_t shapes) {
  std::vector<std::size_t> count(shapes, 0);
  for (std::size_t s : shape_of) ++count[s];
  return count;
}
}  // namespace

bool is_date(const std::string &text) noexcept { return parse_date(text).has_value(); }

const char *to_string(DiagnoseDepth d) noexcept { return d == DiagnoseDepth::all ? "all" : "first"; }

bool parse_diagnose_depth(const std::string &text, DiagnoseDepth &out) noexcept {
  for (DiagnoseDepth d : {DiagnoseDepth::first, DiagnoseDepth::all})
    if (text == to_string(d)) {
      out = d;
      return true;
    }
  return false;
}

Planner::Planner(Catalog catalog, Options options) {
  if (!options.as_of.empty() && !parse_date(options.as_of))
    throw std::invalid_argument("as_of must be a date written YYYY-MM-DD, not '" + options.as_of + "'");
  impl_ = std::make_unique<Impl>(std::move(catalog), std::move(options));
}
Planner::~Planner() = default;
Planner::Planner(Planner &&) noexcept = default;
Planner &Planner::operator=(Planner &&) noexcept = default;
const Catalog &Planner::catalog() const noexcept { return impl_->catalog; }
const Options &Planner::options() const noexcept { return impl_->options; }
std::string Planner::as_of() const {
  return impl_->options.as_of.empty() ? format_date(today()) : impl_->options.as_of;
}

void Planner::interrupt() const noexcept {
  std::lock_guard lock(impl_->active_mutex);
  for (std::atomic<bool> *stop : impl_->stops) stop->store(true);
  for (Encoder *e : impl_->active) e->interrupt();
}

namespace {

class ResultBuilder {
 public:
  // `diagnosed`: the outcomes hold every infeasible strategy's diagnosis.
  ResultBuilder(const TopologyModel &m, const CatalogModel &cat, bool diagnosed = false)
      : m_(m), cat_(cat), diagnosed_(diagnosed) {}

  // The budget slot stands for npm.tokens_in_use: its repair is retiring
  // tokens down to the count at which every requested token fits.
  void set_tokens_in_use_to_fit(long long n) { tokens_in_use_to_fit_ = n; }

  // The recommended strategy alone: the ranking reads only the statuses, the
  // provenance and the package's policy, so no reasons are built for it.
  std::optional<std::string> recommended(const Problem &pr, const ProblemOutcome &out) const {
    return brief(pr, out).recommended;
  }

  // Statuses, provenance and the ranking, nothing else: what `ahead` compares.
  PackageResult brief(const Problem &pr, const ProblemOutcome &out) const {
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

  PackageResult build(const Problem &pr, const ProblemOutcome &out) const {
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

 private:
  const TopologyModel &m_;
  const CatalogModel &cat_;
  bool diagnosed_ = false;
  long long tokens_in_use_to_fit_ = 0;

  void fill(const Problem &pr, int target, const Diagnosis &d, std::vector<std::vector<Reason>> &conflicts,
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

  // Two slots can be one fact of the file (`published_by` is both the number
  // of pipelines and of publishers): two conflicts minimal over slots can read
  // as one inside the other. Only the sets minimal as people read them stay.
  static void drop_supersets(std::vector<std::vector<Reason>> &sets) {
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

  // What an assumption needs, as read beside its fact's path: a count of
  // `published_by: unknown` is cited as `published_by`, so it names which.
  std::string need_text(const FactRef &ref, const std::string &needs) const {
    if (ref.kind != FactRef::Kind::package || !m_.packages[ref.entity].published_by_unknown) return needs;
    if (ref.attr == Attr::package_pipelines) return "pipelines " + needs;
    if (ref.attr == Attr::package_publishers) return "trusted publishers " + needs;
    if (ref.attr == Attr::package_token_budget) return "room for a token per pipeline publishing it";
    return needs;
  }

  std::string value_json(const Slot &s, const Domain &d) const {
    switch (s.type) {
      case ValueType::boolean: return d.mask == 0b10 ? "true" : "false";
      case ValueType::enumeration:
        return "\"" + cat_.vocabulary.of(s.ref.attr)[static_cast<std::size_t>(std::countr_zero(d.mask))] + "\"";
      case ValueType::version: return "\"" + decode_version(d.lo) + "\"";
      case ValueType::integer: return std::to_string(d.lo);
    }
    return "null";
  }

  static std::string source_text(const Rule &r) {
    return r.as_of.empty() ? r.source : fmt::format("{}, {}", r.source, r.as_of);
  }

  // `target`: the strategy the reason set leaves out, -1 every strategy.
  std::vector<Reason> reasons(const Problem &pr, const std::vector<Item> &core, int target) const {
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

  // The slots a rule instance's conditions read (capabilities through their provisions).
  void slots_read(const Problem &pr, const Cond &c, int pos, std::vector<int> &out, int depth) const {
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
  void slots_read(const Problem &pr, const Rule &r, int pos, std::vector<int> &out) const {
    if (r.when) slots_read(pr, *r.when, pos, out, 0);
    slots_read(pr, r.condition, pos, out, 0);
  }

  const RankingOrder &order_for_profiles() const {
    for (const auto &o : cat_.ranking.profiles)
      for (const auto &p : o.any_of)
        if (std::find(m_.profiles.begin(), m_.profiles.end(), p) != m_.profiles.end()) return o;
    return cat_.ranking.default_order;
  }

  void rank(const Problem &pr, PackageResult &res) const {
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
};

}  // namespace

namespace {

// Solves distinct problems, on worker threads when there are enough of them:
// decisions in one encoder (Z3 context) per worker, diagnoses in a fresh
// encoder per problem; every encoder registered for interrupt().
class ShapeSolver {
 public:
  // `stop`: set by Planner::interrupt() while this solve runs. `reuse`: share a
  // strategy's answer and diagnosis between problems that agree on what it reads.
  // `decided`: settled decisions from other solves, and where this one's go.
  ShapeSolver(std::mutex &active_mutex, std::vector<Encoder *> &active, const std::atomic<bool> &stop,
              const CatalogModel &cat, SolverLimits limits, Diagnose what, unsigned threads, bool reuse,
              DecidedViews &decided)
      : active_mutex_(active_mutex), active_(active), stop_(stop), cat_(cat), limits_(limits), what_(what),
        threads_(threads), reuse_(reuse), cuts_(value_cuts(cat)), reads_(strategy_reads(cat)),
        package_reads_(attributes_read(cat)), decided_views_(decided.by_key) {
    for (std::size_t st = 0; st < cat.strategies.size(); ++st) {
      // Which of the rules that can name the strategy are in force.
      std::string key(1, what_ == Diagnose::statuses ? 's' : 'r');
      key += std::to_string(st) + ':';
      for (const Rule &r : cat.rules)
        if (r.all_strategies || std::count(r.strategies.begin(), r.strategies.end(), static_cast<int>(st)))
          key += r.enabled ? '1' : '0';
      key_of_.push_back(std::move(key) + ':');
    }
  }

  const std::vector<std::vector<std::int64_t>> &cuts() const { return cuts_; }

  // Adds the time spent to `timings` (encode, solve, explain).
  // `solved(i)` is called as each problem is answered, from its worker thread.
  std::vector<ProblemOutcome> solve(const std::vector<const Problem *> &problems, Timings &timings,
                                    const std::function<void(std::size_t)> &solved = {}) const {
    const Views views = views_of(problems);
    if (what_ != Diagnose::all) return decide_by_views(problems, views, timings, solved);
    // With every diagnosis, a problem is answered when its diagnoses are.
    std::vector<bool> alone;
    std::vector<ProblemOutcome> out = decide_by_views(problems, views, timings, {}, &alone);
    diagnose_views(problems, views, alone, out, timings, solved);
    return out;
  }

 private:
  // A strategy's view of a problem: the facts the strategy reads, which are all
  // its status, reason set and diagnosis depend on. Problems with equal views
  // share them (without reuse, every problem is its own view).
  struct Views {
    std::vector<std::vector<std::size_t>> of;  // [problem][strategy] -> view
    std::vector<std::size_t> first;            // per view: the first problem with it
    std::vector<std::string> key;              // per view: strategy and signature
    std::vector<std::size_t> strategy;         // per view: its strategy
    // Per view: a settled decision another solve made for it (DecidedViews), if any.
    std::vector<const StrategyOutcome *> known;
    // The strategies problem i is the first to see as it does, and that no
    // earlier solve decided.
    std::vector<bool> firsts(std::size_t i) const {
      std::vector<bool> mark(of[i].size());
      for (std::size_t st = 0; st < mark.size(); ++st) mark[st] = first[of[i][st]] == i && !known[of[i][st]];
      return mark;
    }
  };

  // A settled decision of another solve for the view `key` names: one with
  // reason sets also answers a solve of statuses only.
  const StrategyOutcome *known(const std::string &key) const {
    auto at = decided_views_.find(key);
    if (at == decided_views_.end() && key[0] == 's') at = decided_views_.find('r' + key.substr(1));
    return at == decided_views_.end() ? nullptr : &at->second;
  }

  Views views_of(const std::vector<const Problem *> &problems) const {
    const std::size_t strategies = cat_.strategies.size();
    Views v;
    v.of.assign(problems.size(), std::vector<std::size_t>(strategies));
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < problems.size(); ++i)
      for (std::size_t st = 0; st < strategies; ++st) {
        std::string key = key_of_[st] + (reuse_ ? problems[i]->signature(cuts_, &reads_[st]) : std::to_string(i));
        auto [it, fresh] = index.try_emplace(key, v.first.size());
        if (fresh) {
          v.first.push_back(i);
          v.known.push_back(reuse_ ? known(key) : nullptr);
          v.key.push_back(std::move(key));
          v.strategy.push_back(st);
        }
        v.of[i][st] = it->second;
      }
    return v;
  }

  // Each strategy is decided once per view, problem after
  // problem in one encoder per worker (Encoder::decide: a fresh context would
  // answer the same, and a context costs more than the checks of a problem).
  // A problem with nothing that fits gets its package conflict and diagnosis
  // in the worker's kept encoder too (Encoder::complete), and again in a fresh
  // one when that answer may depend on the context's past (a check stopped, or
  // a value came from a model); one with a decision the solver could not
  // settle is solved again alone, as solve_each does, for the same reason.
  // `alone`, if given, receives which problems were solved alone.
  std::vector<ProblemOutcome> decide_by_views(const std::vector<const Problem *> &problems, const Views &views,
                                              Timings &timings, const std::function<void(std::size_t)> &solved,
                                              std::vector<bool> *alone = nullptr) const {
    std::vector<ProblemOutcome> decided(problems.size());
    std::vector<double> took(problems.size(), 0.0);
    run(
        problems.size(),
        [&](Encoder &encoder, std::size_t i) {
          const std::vector<bool> mark = views.firsts(i);
          if (std::find(mark.begin(), mark.end(), true) == mark.end()) return;
          const auto start = std::chrono::steady_clock::now();
          decided[i] = encoder.decide(*problems[i], what_, mark);
          took[i] = seconds_since(start);
        },
        /*reuse_encoder=*/true);
    std::vector<ProblemOutcome> out(problems.size());
    std::vector<std::size_t> unsettled, nothing_fits;
    for (std::size_t i = 0; i < problems.size(); ++i) {
      timings.encode += decided[i].encode_seconds;
      timings.solve += took[i] - decided[i].encode_seconds;
      bool fits = false, settled = true;
      for (std::size_t st = 0; st < views.of[i].size(); ++st) {
        const std::size_t v = views.of[i][st];
        const StrategyOutcome &o = views.known[v] ? *views.known[v] : decided[views.first[v]].strategies[st];
        out[i].strategies.push_back(o);
        fits |= o.status != Status::infeasible;
        settled &= o.status != Status::unknown && o.core_minimal;
      }
      if (!settled) {
        unsettled.push_back(i);
      } else if (!fits && what_ != Diagnose::statuses && !out[i].strategies.empty()) {
        nothing_fits.push_back(i);
      } else if (solved) {
        solved(i);
      }
    }
    // Later solves (the packages the token budget leaves out, the days
    // ahead) have many of these views again: a settled decision holds there.
    for (std::size_t v = 0; reuse_ && v < views.first.size(); ++v) {
      if (views.known[v]) continue;
      const StrategyOutcome &o = decided[views.first[v]].strategies[views.strategy[v]];
      if (o.status != Status::unknown && o.core_minimal) decided_views_.emplace(views.key[v], o);
    }
    // Problems with nothing that fits and the same facts where any strategy
    // reads (attributes_read) encode the same: the first of them is diagnosed
    // for all (`diagnosed`), the others copy its answer (`copies`).
    std::vector<std::size_t> diagnosed;
    std::vector<std::pair<std::size_t, std::size_t>> copies;  // (problem, from)
    std::unordered_map<std::string, std::size_t> first_with;
    for (std::size_t i : nothing_fits) {
      if (!reuse_) {
        diagnosed.push_back(i);
        continue;
      }
      auto [it, fresh] = first_with.try_emplace(problems[i]->signature(cuts_, &package_reads_), i);
      if (fresh) diagnosed.push_back(i);
      else copies.emplace_back(i, it->second);
    }
    // In a kept encoder per worker too: a diagnosis that may depend on what the
    // context solved before (history_dependent) is computed again in a fresh one.
    std::vector<double> completing(diagnosed.size(), 0.0);
    std::vector<std::size_t> again_fresh;
    auto complete = [&](Encoder &encoder, std::size_t k) {
      ProblemOutcome &o = out[diagnosed[k]];
      o.conflict.clear();
      o.diagnosis = {};
      const auto start = std::chrono::steady_clock::now();
      encoder.complete(*problems[diagnosed[k]], what_, o);
      completing[k] += seconds_since(start);
    };
    run(
        diagnosed.size(),
        [&](Encoder &encoder, std::size_t k) {
          complete(encoder, k);
          if (!out[diagnosed[k]].history_dependent && solved) solved(diagnosed[k]);
        },
        /*reuse_encoder=*/true);
    for (std::size_t k = 0; k < diagnosed.size(); ++k)
      if (out[diagnosed[k]].history_dependent) again_fresh.push_back(k);
    run(again_fresh.size(), [&](Encoder &encoder, std::size_t j) {
      complete(encoder, again_fresh[j]);
      if (solved) solved(diagnosed[again_fresh[j]]);
    });
    for (std::size_t k = 0; k < diagnosed.size(); ++k) {
      const ProblemOutcome &o = out[diagnosed[k]];
      timings.encode += o.encode_seconds;
      timings.explain += o.explain_seconds;
      timings.solve += completing[k] - o.encode_seconds - o.explain_seconds;
    }
    for (const auto &[i, from] : copies) {
      out[i].conflict = out[from].conflict;
      out[i].diagnosis = out[from].diagnosis;
      out[i].history_dependent = out[from].history_dependent;
      if (solved) solved(i);
    }
    std::vector<const Problem *> again;
    for (std::size_t i : unsettled) again.push_back(problems[i]);
    std::vector<ProblemOutcome> redone = solve_each(again, timings, [&](std::size_t k) {
      if (solved) solved(unsettled[k]);
    });
    for (std::size_t k = 0; k < unsettled.size(); ++k) out[unsettled[k]] = std::move(redone[k]);
    if (alone) {
      alone->assign(problems.size(), false);
      for (std::size_t i : unsettled) (*alone)[i] = true;
    }
    return out;
  }

  // Diagnose::all: the conflicts and repairs of each ruled-out view, computed
  // by the first problem ruled out with it, all of a problem's at once (in the
  // worker's kept encoder, or a fresh one when the answer may depend on the
  // context's past), and copied to the problems that share the view. Problems
  // solved alone (`alone`) have their own.
  void diagnose_views(const std::vector<const Problem *> &problems, const Views &views,
                      const std::vector<bool> &alone, std::vector<ProblemOutcome> &out, Timings &timings,
                      const std::function<void(std::size_t)> &solved) const {
    auto report = [&](std::size_t i) {
      if (solved) solved(i);
    };
    auto infeasible = [&](std::size_t i, std::size_t st) { return out[i].strategies[st].status == Status::infeasible; };
    if (limits_.max_conflicts + limits_.max_repairs == 0) {
      for (std::size_t i = 0; i < problems.size(); ++i) report(i);
      return;
    }
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> owner(views.first.size(), none);
    std::vector<std::size_t> owners;
    std::vector<std::vector<bool>> owns(problems.size());
    for (std::size_t i = 0; i < problems.size(); ++i) {
      bool any = false;
      owns[i].assign(views.of[i].size(), false);
      for (std::size_t st = 0; st < views.of[i].size(); ++st) {
        std::size_t &o = owner[views.of[i][st]];
        if (o != none || !infeasible(i, st)) continue;
        o = i;
        owns[i][st] = !alone[i];
        any |= !alone[i];
      }
      if (any) owners.push_back(i);
    }
    for (std::size_t i = 0; i < problems.size(); ++i)
      if (owns[i].empty() || std::find(owns[i].begin(), owns[i].end(), true) == owns[i].end()) report(i);
    // In a kept encoder per worker, and again in a fresh one where the answer
    // may depend on what the context solved before (history_dependent).
    std::vector<double> took(owners.size(), 0.0);
    auto diagnose = [&](Encoder &encoder, std::size_t k) {
      const std::size_t i = owners[k];
      for (std::size_t st = 0; st < owns[i].size(); ++st)
        if (owns[i][st]) out[i].strategies[st].diagnosis = {};
      out[i].history_dependent = false;
      const auto start = std::chrono::steady_clock::now();
      encoder.diagnose_strategies(*problems[i], out[i], owns[i]);
      took[k] += seconds_since(start);
    };
    run(
        owners.size(),
        [&](Encoder &encoder, std::size_t k) {
          diagnose(encoder, k);
          if (!out[owners[k]].history_dependent) report(owners[k]);
        },
        /*reuse_encoder=*/true);
    std::vector<std::size_t> again_fresh;
    for (std::size_t k = 0; k < owners.size(); ++k)
      if (out[owners[k]].history_dependent) again_fresh.push_back(k);
    run(again_fresh.size(), [&](Encoder &encoder, std::size_t j) {
      diagnose(encoder, again_fresh[j]);
      report(owners[again_fresh[j]]);
    });
    for (double t : took) timings.explain += t;
    for (std::size_t i = 0; i < problems.size(); ++i)
      for (std::size_t st = 0; st < views.of[i].size(); ++st) {
        const std::size_t from = owner[views.of[i][st]];
        if (from != i && !alone[i] && infeasible(i, st)) out[i].strategies[st].diagnosis = out[from].strategies[st].diagnosis;
      }
  }

  // Each problem in its own encoder, as deep as `what_` says.
  std::vector<ProblemOutcome> solve_each(const std::vector<const Problem *> &problems, Timings &timings,
                                         const std::function<void(std::size_t)> &solved) const {
    std::vector<ProblemOutcome> out(problems.size());
    std::vector<double> took(problems.size(), 0.0);
    run(problems.size(), [&](Encoder &encoder, std::size_t i) {
      const auto start = std::chrono::steady_clock::now();
      out[i] = encoder.solve(*problems[i], what_);
      took[i] = seconds_since(start);
      if (solved) solved(i);
    });
    for (std::size_t i = 0; i < out.size(); ++i) {
      timings.encode += out[i].encode_seconds;
      timings.explain += out[i].explain_seconds;
      timings.solve += took[i] - out[i].encode_seconds - out[i].explain_seconds;
    }
    return out;
  }

  // work(encoder, i) for i in [0, n), on up to threads_ workers, each item in a
  // fresh encoder: Z3's answers (which core, which model) depend on what the
  // context solved before, and an answer must not depend on the thread or the
  // order it was computed in. With `reuse_encoder`, for work whose answers do
  // not (Encoder::decide; Encoder::complete and diagnose_strategies unless
  // they say history_dependent), each worker keeps one encoder for all its
  // items, and for those of the next such work (kept_).
  template <class Work>
  void run(std::size_t n, Work work, bool reuse_encoder = false) const {
    if (n == 0) return;  // no worker, so no solver context
    // A worker costs a solver context; below a few dozen items one is enough.
    const std::size_t workers = std::min<std::size_t>(threads_, n / 16 + 1);
    if (kept_.size() < workers) kept_.resize(workers);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> interrupted{false};
    std::vector<std::exception_ptr> errors(workers);
    auto items = [&](Encoder *kept) {
      for (std::size_t i; !interrupted && (i = next.fetch_add(1)) < n;) {
        if (stop_) throw Interrupted();
        std::optional<Encoder> fresh;
        std::optional<Registration<Encoder>> registered;
        Encoder &encoder = kept ? *kept : fresh.emplace(cat_, limits_);
        if (!kept) registered.emplace(active_mutex_, active_, encoder);
        // Registered now: an interrupt() that came before it set stop_ only.
        if (stop_) throw Interrupted();
        work(encoder, i);
        // An interrupted check reads as unknown; such a result is not the answer.
        if (encoder.interrupted() || stop_) throw Interrupted();
      }
    };
    auto worker = [&](std::size_t w) {
      try {
        if (reuse_encoder) {
          std::unique_ptr<Encoder> &encoder = kept_[w];  // this worker's only
          if (!encoder) encoder = std::make_unique<Encoder>(cat_, limits_);
          Registration<Encoder> registered(active_mutex_, active_, *encoder);
          items(encoder.get());
        } else {
          items(nullptr);
        }
      } catch (...) {
        interrupted = true;
        errors[w] = std::current_exception();
      }
    };
    if (workers <= 1) {
      worker(0);
    } else {
      std::vector<std::thread> pool;
      for (std::size_t w = 0; w < workers; ++w) pool.emplace_back(worker, w);
      for (auto &t : pool) t.join();
    }
    for (auto &e : errors)
      if (e) std::rethrow_exception(e);
  }


  std::mutex &active_mutex_;
  std::vector<Encoder *> &active_;
  const std::atomic<bool> &stop_;
  const CatalogModel &cat_;
  SolverLimits limits_;
  Diagnose what_;
  unsigned threads_;
  bool reuse_;
  std::vector<std::vector<std::int64_t>> cuts_;
  std::vector<std::vector<bool>> reads_;
  std::vector<bool> package_reads_;
  // Worker w's encoder for the work that may reuse one, kept from phase to
  // phase (deciding, then completing, then diagnosing): what that work answers
  // does not depend on what the context solved before, or says so, and a
  // context costs more than the checks of a small problem.
  mutable std::vector<std::unique_ptr<Encoder>> kept_;
  std::vector<std::string> key_of_;  // per strategy: how its view keys start
  // Settled decisions by view key, from earlier solve() calls (DecidedViews).
  std::unordered_map<std::string, StrategyOutcome> &decided_views_;
};

// The packages' problems grouped by shape: equal signatures share one
// outcome. Only the first problem of each shape is kept: a package's own is
// made again when its result is built (at 100,000 packages, keeping them all
// held half the solve's memory, and making it again costs a small part of
// building the result).
struct Shapes {
  std::deque<Problem> kept;  // a deque: `distinct` points into it
  std::vector<const Problem *> distinct;
  std::vector<std::size_t> shape_of;  // per package
  template <class Make>
  Shapes(std::size_t packages, Make make, bool reuse, const std::vector<std::vector<std::int64_t>> &cuts) {
    std::unordered_map<std::string, std::size_t> index;
    shape_of.reserve(packages);
    for (std::size_t i = 0; i < packages; ++i) {
      Problem pr = make(i);
      if (!reuse) {
        shape_of.push_back(distinct.size());
        distinct.push_back(&kept.emplace_back(std::move(pr)));
        continue;
      }
      auto [it, fresh] = index.try_emplace(pr.signature(cuts), distinct.size());
      if (fresh) distinct.push_back(&kept.emplace_back(std::move(pr)));
      shape_of.push_back(it->second);
    }
  }
};


// `paths`: `needs` hold their paths, for GraphFacts::read_needs.
GraphFacts graph_facts(const TopologyModel &m, const TopologyGraph &g, const std::vector<PrivateInstall> &needs,
                       bool paths) {
  GraphFacts f;
  for (int i : g.release_order()) f.release_order.push_back(m.packages[i].name);
  for (const auto &c : g.cycles()) {
    f.cycles.emplace_back();
    for (int i : c) f.cycles.back().push_back(m.packages[i].name);
  }
  std::map<std::vector<int>, std::size_t> groups;
  for (const Package &p : m.packages) {
    if (p.published_by.size() < 2) continue;
    std::vector<int> key = p.published_by;
    std::sort(key.begin(), key.end());
    auto [it, fresh] = groups.try_emplace(key, f.multi_publisher.size());
    if (fresh) {
      PublisherGroup grp;
      for (int q : key) grp.pipelines.push_back(m.pipelines[q].name);
      grp.publishers_min = p.publishers.lo;
      grp.publishers_max = p.publishers.hi;
      f.multi_publisher.push_back(std::move(grp));
    }
    f.multi_publisher[it->second].packages.push_back(p.name);
  }
  // `needs` come pipeline by pipeline (pipelines in topology order).
  for (std::size_t k = 0; k < needs.size();) {
    const int pipeline = needs[k].pipeline;
    std::vector<int> packages;
    for (; k < needs.size() && needs[k].pipeline == pipeline; ++k) {
      const PrivateInstall &n = needs[k];
      packages.push_back(n.package);
      if (!paths) continue;
      ReadNeed r{m.pipelines[pipeline].name, m.packages[n.package].name, {}};
      for (int i : n.path) r.path.push_back(m.packages[i].name);
      f.read_needs.push_back(std::move(r));
    }
    std::sort(packages.begin(), packages.end());
    PipelineInstalls installs{m.pipelines[pipeline].name, {}};
    for (int i : packages) installs.packages.push_back(m.packages[i].name);
    f.installs.push_back(std::move(installs));
  }
  f.components = g.component_count();
  std::vector<std::size_t> size(f.components, 0);
  for (int c : g.component_of_package()) f.largest_component = std::max(f.largest_component, ++size[c]);
  return f;
}

}  // namespace

Result Planner::solve(const Topology &topology) const { return solve(topology, {}, {}); }

Result Planner::solve(const Topology &topology, const std::function<void(PackageResult &&)> &each) const {
  return solve(topology, each, {});
}

namespace {
// A topology's facts are masks over the values of the catalog it was read with:
// another catalog's values would give them another meaning.
void check_same_vocabulary(const TopologyModel &m, const CatalogModel &cat) {
  if (m.vocabulary == cat.vocabulary) return;
  std::string what = "provider_hosts";
  for (int a = 0; a < kAttrCount; ++a)
    if (m.vocabulary.of(static_cast<Attr>(a)) != cat.vocabulary.of(static_cast<Attr>(a))) {
      what = attr_info(static_cast<Attr>(a)).name;
      break;
    }
  throw TopologyError({{m.source, 0, 0,
                        fmt::format("the topology was read with a catalog whose {} differs from the planner's "
                                    "catalog: read it with the planner's catalog",
                                    what)}});
}
}  // namespace

Result Planner::Impl::solve_on(const TopologyModel &m, const TopologyGraph &g, const CatalogModel &cat,
                               const SolverLimits &limits, Diagnose what,
                               const std::function<void(PackageResult &&)> &each, const ProgressCallback &progress,
                               const std::string &stage, DecidedViews &decided,
                               const std::function<void()> &then) const {
  const Options &opt = options;
  const unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  std::atomic<bool> stop{false};
  Registration<std::atomic<bool>> running(active_mutex, stops, stop);
  const ShapeSolver solver(active_mutex, active, stop, cat, limits, what, threads, opt.reuse_shapes, decided);
  const bool diagnosed = what == Diagnose::all && limits.max_conflicts + limits.max_repairs > 0;
  ResultBuilder builder(m, cat, diagnosed);

  const std::vector<bool> merge = merge_needs_known(cat);
  auto problem_of = [&](std::size_t i) { return build_problem(m, static_cast<int>(i), &merge); };
  const Shapes shapes(m.packages.size(), problem_of, opt.reuse_shapes, solver.cuts());
  Result result;
  const std::vector<std::size_t> weight = packages_per_shape(shapes.shape_of, shapes.distinct.size());
  StageReporter reporter(progress, stage, m.packages.size());
  auto start = std::chrono::steady_clock::now();
  const std::vector<ProblemOutcome> outcomes =
      solver.solve(shapes.distinct, result.timings, [&](std::size_t d) { reporter.advance(weight[d]); });
  result.timings.solving += seconds_since(start);

  result.source = m.source;
  result.catalog_as_of = cat.as_of;
  result.distinct_problems = shapes.distinct.size();
  // A package's recommendation is its shape's: the ranking reads only the
  // statuses and the facts the signature holds. The packages' own results are
  // built at the end, one at a time, for `each`.
  std::vector<std::optional<std::string>> recommended(shapes.distinct.size());
  for (std::size_t d = 0; d < shapes.distinct.size(); ++d)
    recommended[d] = builder.recommended(*shapes.distinct[d], outcomes[d]);
  std::vector<const std::optional<std::string> *> recommended_of(m.packages.size());
  for (std::size_t i = 0; i < m.packages.size(); ++i) recommended_of[i] = &recommended[shapes.shape_of[i]];

  // What the recommended strategy needs to publish (the catalog says).
  auto credential_of = [&](const std::optional<std::string> &r) {
    return r ? cat.strategies[static_cast<std::size_t>(cat.strategy_index(*r))].credential : Credential::none;
  };
  // Write tokens (or stage-only ones) for the packages whose recommendation publishes with one.
  start = std::chrono::steady_clock::now();
  std::vector<TokenKind> needs_write(m.packages.size(), TokenKind::none);
  for (std::size_t i = 0; i < m.packages.size(); ++i) {
    const Credential c = credential_of(*recommended_of[i]);
    needs_write[i] = c == Credential::write_token   ? TokenKind::write
                     : c == Credential::stage_token ? TokenKind::stage
                                                    : TokenKind::none;
  }
  WritePlan write = plan_write_tokens(m, cat.tokens, needs_write);
  result.timings.tokens += seconds_since(start);
  // The packages the budget left out are solved again knowing it: their
  // strategies that need a write token now fail on the budget. The budget
  // changes alike for packages of one shape, so each shape is one problem
  // again (made from its first denied package); a package's own problem
  // without the budget is made as its result is built.
  auto without_budget = [](Problem pr) {
    pr.slots[pr.package_slot[static_cast<int>(Attr::package_token_budget)]].domain.mask = 0b01;
    return pr;
  };
  std::vector<Problem> again;              // per shape with a denied package
  std::vector<std::size_t> again_weight;   // its denied packages
  std::vector<int> again_of(m.packages.size(), -1);
  std::vector<int> again_of_shape(shapes.distinct.size(), -1);
  for (int i : write.denied) {
    int &k = again_of_shape[shapes.shape_of[i]];
    if (k < 0) {
      k = static_cast<int>(again.size());
      again.push_back(without_budget(problem_of(i)));
      again_weight.push_back(0);
    }
    again_of[i] = k;
    ++again_weight[k];
  }
  std::vector<ProblemOutcome> redone;
  if (!again.empty()) {
    std::vector<const Problem *> distinct;
    for (const Problem &pr : again) distinct.push_back(&pr);
    StageReporter again_reporter(progress, "token budget", write.denied.size());
    start = std::chrono::steady_clock::now();
    redone = solver.solve(distinct, result.timings, [&](std::size_t d) { again_reporter.advance(again_weight[d]); });
    result.timings.solving += seconds_since(start);
  }
  ResultBuilder denied_builder(m, cat, diagnosed);
  denied_builder.set_tokens_in_use_to_fit(write.in_use_to_fit);
  std::vector<std::optional<std::string>> recommended_again(again.size());
  for (std::size_t k = 0; k < again.size(); ++k) recommended_again[k] = denied_builder.recommended(again[k], redone[k]);
  for (int i : write.denied) recommended_of[i] = &recommended_again[again_of[i]];
  result.distinct_problems += again.size();
  if (then) then();
  // Publishing runs in CI unless a person publishes from a workstation.
  auto automated = [&](std::size_t i) {
    const std::optional<std::string> &r = *recommended_of[i];
    return r && credential_of(r) != Credential::person_2fa;
  };

  // Read-only tokens for the private packages that automated publishing installs.
  start = std::chrono::steady_clock::now();
  std::vector<std::vector<int>> sources(m.pipelines.size());
  for (std::size_t i = 0; i < m.packages.size(); ++i)
    if (automated(i))
      for (int q : m.packages[i].published_by) sources[q].push_back(static_cast<int>(i));
  const std::vector<PrivateInstall> needs = g.private_installs(m, sources, what == Diagnose::all);
  result.timings.graph += seconds_since(start);
  start = std::chrono::steady_clock::now();
  const long long left = static_cast<long long>(cat.tokens.account_limit) - m.tokens_in_use -
                         static_cast<long long>(write.tokens.size());
  ReadPlan read = plan_read_tokens(m, cat.tokens, needs, left);

  TokenPlan &plan = result.tokens;
  plan.account_limit = cat.tokens.account_limit;
  plan.grants_per_token = cat.tokens.grants_per_token;
  for (const Rule &r : cat.rules)
    if (r.enabled && r.reads(Attr::package_token_budget))
      plan.budget_rules.push_back(r.id);
  plan.in_use = m.tokens_in_use;
  plan.in_use_to_fit = write.in_use_to_fit;
  plan.tokens = std::move(write.tokens);
  plan.tokens.insert(plan.tokens.end(), read.tokens.begin(), read.tokens.end());
  plan.lower_bound = write.lower_bound + read.lower_bound;
  plan.requested = write.requested + read.lower_bound;
  for (int i : write.denied) plan.denied.push_back(m.packages[i].name);
  for (int q : read.denied_pipelines) plan.read_denied.push_back(m.pipelines[q].name);
  result.timings.tokens += seconds_since(start);
  start = std::chrono::steady_clock::now();
  result.graph = graph_facts(m, g, needs, what == Diagnose::all);
  result.timings.graph += seconds_since(start);

  // Each package's result is built on a second thread while `each` takes the
  // ones before it, when there is more than one.
  auto build = [&](std::size_t i) {
    const int k = again_of[i];
    const Problem pr = k < 0 ? problem_of(i) : without_budget(problem_of(i));
    const ProblemOutcome &out = k < 0 ? outcomes[shapes.shape_of[i]] : redone[k];
    const ResultBuilder &b = k < 0 ? builder : denied_builder;
    return what == Diagnose::statuses ? b.brief(pr, out) : b.build(pr, out);
  };
  build_in_order(m.packages.size(), threads > 1, build, [&](PackageResult &&p) {
    result.summary.count(p);
    each(std::move(p));
  });
  return result;
}

PackageResult Planner::diagnose(const Topology &topology, const Result &result, const std::string &package) const {
  const TopologyModel &m = pubplan::detail::Access::model(topology);
  const CatalogModel &cat = pubplan::detail::Access::model(impl_->catalog);
  check_same_vocabulary(m, cat);
  const auto found = std::find_if(m.packages.begin(), m.packages.end(),
                                  [&](const Package &p) { return p.name == package; });
  if (found == m.packages.end()) throw std::out_of_range("the topology has no package '" + package + "'");
  const std::optional<Day> day = parse_date(result.as_of.empty() ? as_of() : result.as_of);
  if (!day) throw std::invalid_argument("the result's as_of is not a date: '" + result.as_of + "'");
  const CatalogModel today = in_force(cat, *day);
  const Options &opt = impl_->options;
  const SolverLimits limits{opt.time_limit_ms, opt.rlimit, opt.max_conflicts, opt.max_repairs};
  const std::vector<bool> merge = merge_needs_known(today);
  Problem pr = build_problem(m, static_cast<int>(found - m.packages.begin()), &merge);
  // As solve() does for the packages its token plan left without a write token.
  const auto &denied = result.tokens.denied;
  const bool budget_denied = std::find(denied.begin(), denied.end(), package) != denied.end();
  if (budget_denied) pr.slots[pr.package_slot[static_cast<int>(Attr::package_token_budget)]].domain.mask = 0b01;
  std::atomic<bool> stop{false};
  Registration<std::atomic<bool>> running(impl_->active_mutex, impl_->stops, stop);
  DecidedViews decided;
  const ShapeSolver solver(impl_->active_mutex, impl_->active, stop, today, limits, Diagnose::all, 1,
                           opt.reuse_shapes, decided);
  Timings timings;
  const std::vector<ProblemOutcome> out = solver.solve({&pr}, timings);
  ResultBuilder builder(m, today, limits.max_conflicts + limits.max_repairs > 0);
  if (budget_denied) builder.set_tokens_in_use_to_fit(result.tokens.in_use_to_fit);
  return builder.build(pr, out.front());
}

Result Planner::explain(const Topology &topology, const Result &result, const std::string &package) const {
  Result one;
  one.source = result.source;
  one.catalog_as_of = result.catalog_as_of;
  one.as_of = result.as_of;
  one.diagnose = to_string(DiagnoseDepth::all);
  one.horizon_days = result.horizon_days;
  one.packages.push_back(diagnose(topology, result, package));
  PackageResult &p = one.packages.back();
  if (const PackageResult *solved = result.package(package)) p.why = solved->why;
  for (const auto &change : result.ahead)
    if (std::count(change.packages.begin(), change.packages.end(), package)) {
      one.ahead.push_back(change);
      one.ahead.back().packages = {package};
    }
  one.summary.count(p);
  return one;
}

namespace {

// What `ahead` compares of a package between two days.
struct Answer {
  std::vector<Status> statuses;  // catalog order
  std::optional<std::string> recommended;
  bool operator==(const Answer &) const = default;
};

Answer answer_of(const PackageResult &p) {
  Answer a;
  for (const auto &s : p.strategies) a.statuses.push_back(s.status);
  a.recommended = p.recommended;
  return a;
}

// The rules of `cat` that take effect or end on `day` and apply to one of `changed`.
std::vector<RuleChange> rules_changing(const CatalogModel &cat, Day day, const std::vector<int> &changed) {
  std::vector<RuleChange> out;
  for (const Rule &r : cat.rules) {
    if (!r.enabled || r.kind == RuleKind::warning) continue;
    const bool starts = r.effective_from == day, ends = r.effective_until == day;
    if (!starts && !ends) continue;
    const bool applies = r.all_strategies || std::any_of(changed.begin(), changed.end(), [&](int st) {
                           return std::count(r.strategies.begin(), r.strategies.end(), st) > 0;
                         });
    if (applies) out.push_back({r.id, r.certainty, starts, r.statement});
  }
  return out;
}

}  // namespace

Result Planner::solve(const Topology &topology, const std::function<void(PackageResult &&)> &each,
                      const ProgressCallback &progress) const {
  if (!each) {
    // Keep every package in the result.
    std::vector<PackageResult> packages;
    packages.reserve(pubplan::detail::Access::model(topology).packages.size());
    Result result = solve(topology, [&](PackageResult &&p) { packages.push_back(std::move(p)); }, progress);
    result.packages = std::move(packages);
    return result;
  }
  const TopologyModel &m = pubplan::detail::Access::model(topology);
  const TopologyGraph &g = pubplan::detail::Access::graph(topology);
  const CatalogModel &cat = pubplan::detail::Access::model(impl_->catalog);
  check_same_vocabulary(m, cat);
  const Options &opt = impl_->options;
  const Day day = *parse_date(as_of());
  // The days within the horizon on which a rule changes, each solved once
  // today's packages are decided and before their results are built (statuses
  // only: no diagnosis), so that a recommendation can say when it stops
  // fitting. A strategy none of whose rules change has today's decisions.
  const std::vector<Day> days = cat.rule_changes(day, day + opt.horizon_days);
  const SolverLimits statuses_only{opt.time_limit_ms, opt.rlimit, 0, 0};
  DecidedViews decided;
  std::vector<std::vector<Answer>> later(days.size());
  auto look_ahead = [&] {
    for (std::size_t k = 0; k < days.size(); ++k) {
      later[k].reserve(m.packages.size());
      impl_->solve_on(m, g, in_force(cat, days[k]), statuses_only, Diagnose::statuses,
                      [&](PackageResult &&p) { later[k].push_back(answer_of(p)); }, progress,
                      "ahead " + format_date(days[k]), decided);
    }
  };
  std::vector<Answer> now;
  now.reserve(m.packages.size());
  const SolverLimits limits{opt.time_limit_ms, opt.rlimit, opt.max_conflicts, opt.max_repairs};
  const Diagnose what = opt.diagnose == DiagnoseDepth::all ? Diagnose::all : Diagnose::package;
  Result result = impl_->solve_on(m, g, in_force(cat, day), limits, what, [&](PackageResult &&p) {
    const std::size_t i = now.size();
    now.push_back(answer_of(p));
    if (p.recommended) {
      const int st = cat.strategy_index(*p.recommended);
      for (std::size_t k = 0; k < days.size(); ++k) {
        if (later[k][i].statuses[st] != Status::infeasible) continue;
        std::vector<std::string> why;
        for (const RuleChange &r : rules_changing(cat, days[k], {st}))
          why.push_back(fmt::format("{}, {}", r.rule, r.certainty));
        p.why += fmt::format("; it stops fitting on {} ({}), when {}", format_date(days[k]), fmt::join(why, "; "),
                             later[k][i].recommended ? *later[k][i].recommended + " is recommended"
                                                     : std::string("nothing fits"));
        break;
      }
    }
    each(std::move(p));
  }, progress, "solve", decided, look_ahead);
  result.as_of = format_date(day);
  result.diagnose = to_string(opt.diagnose);
  result.horizon_days = opt.horizon_days;
  // Each day is compared with the day before it. Packages that change alike
  // (the same strategies from and to the same statuses, the same
  // recommendations) are one entry.
  const std::vector<Answer> *before = &now;
  for (std::size_t k = 0; k < days.size(); ++k) {
    const std::vector<Answer> &was = *before, &then = later[k];
    std::map<std::string, std::size_t> group;
    for (std::size_t i = 0; i < m.packages.size(); ++i) {
      if (was[i] == then[i]) continue;
      AheadChange change;
      std::vector<int> changed;
      std::string key = then[i].recommended.value_or("-") + '/' + was[i].recommended.value_or("-");
      for (std::size_t st = 0; st < cat.strategies.size(); ++st)
        if (was[i].statuses[st] != then[i].statuses[st]) {
          changed.push_back(static_cast<int>(st));
          change.strategies.push_back({cat.strategies[st].id, was[i].statuses[st], then[i].statuses[st]});
          key += fmt::format("/{}:{}:{}", st, int(was[i].statuses[st]), int(then[i].statuses[st]));
        }
      auto [it, fresh] = group.try_emplace(std::move(key), result.ahead.size());
      if (fresh) {
        change.date = format_date(days[k]);
        change.rules = rules_changing(cat, days[k], changed);
        change.recommended_before = was[i].recommended;
        change.recommended_after = then[i].recommended;
        result.ahead.push_back(std::move(change));
      }
      result.ahead[it->second].packages.push_back(m.packages[i].name);
    }
    before = &then;
  }
  return result;
}
}  // namespace pubplan
