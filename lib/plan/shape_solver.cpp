#include "plan/shape_solver.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <thread>

#include "pubplan/error.hpp"

namespace pubplan::detail {

ShapeSolver::ShapeSolver(std::mutex &active_mutex, std::vector<Encoder *> &active, const std::atomic<bool> &stop,
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

std::vector<ProblemOutcome> ShapeSolver::solve(const std::vector<const Problem *> &problems, Timings &timings,
                                               const std::function<void(std::size_t)> &solved) const {
  const Views views = views_of(problems);
  if (what_ != Diagnose::all) return decide_by_views(problems, views, timings, solved);
  // With every diagnosis, a problem is answered when its diagnoses are.
  std::vector<bool> alone;
  std::vector<ProblemOutcome> out = decide_by_views(problems, views, timings, {}, &alone);
  diagnose_views(problems, views, alone, out, timings, solved);
  return out;
}

const StrategyOutcome *ShapeSolver::known(const std::string &key) const {
  auto at = decided_views_.find(key);
  if (at == decided_views_.end() && key[0] == 's') at = decided_views_.find('r' + key.substr(1));
  return at == decided_views_.end() ? nullptr : &at->second;
}

ShapeSolver::Views ShapeSolver::views_of(const std::vector<const Problem *> &problems) const {
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

std::vector<ProblemOutcome> ShapeSolver::decide_by_views(const std::vector<const Problem *> &problems,
                                                         const Views &views, Timings &timings,
                                                         const std::function<void(std::size_t)> &solved,
                                                         std::vector<bool> *alone) const {
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

void ShapeSolver::diagnose_views(const std::vector<const Problem *> &problems, const Views &views,
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

std::vector<ProblemOutcome> ShapeSolver::solve_each(const std::vector<const Problem *> &problems, Timings &timings,
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

template <class Work>
void ShapeSolver::run(std::size_t n, Work work, bool reuse_encoder) const {
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

}  // namespace pubplan::detail
