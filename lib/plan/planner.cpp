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
#include "plan/result_builder.hpp"
#include "plan/shape_solver.hpp"
#include "plan/tokens.hpp"
#include "pubplan/error.hpp"
#include "topology/access.hpp"
#include "format/date.hpp"
#include <stdexcept>

namespace pubplan {

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
