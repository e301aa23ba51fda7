// Solving a solve's distinct problems (ShapeSolver): each strategy decided
// once per view of the facts it reads, the problems with nothing that fits
// diagnosed, on worker threads, every solver context registered for
// Planner::interrupt().
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "solve/encoder.hpp"
#include "solve/problem.hpp"

namespace pubplan::detail {

// Settled strategy decisions by view, shared by the solves of one
// Planner::solve (today's, the token budget's, the days ahead). A key holds
// what a decision rests on: the strategy, which of its rules are in force,
// the facts it reads and whether reason sets were asked for.
struct DecidedViews {
  std::unordered_map<std::string, StrategyOutcome> by_key;
};

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
              DecidedViews &decided);

  const std::vector<std::vector<std::int64_t>> &cuts() const { return cuts_; }

  // Adds the time spent to `timings` (encode, solve, explain).
  // `solved(i)` is called as each problem is answered, from its worker thread.
  std::vector<ProblemOutcome> solve(const std::vector<const Problem *> &problems, Timings &timings,
                                    const std::function<void(std::size_t)> &solved = {}) const;

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
  const StrategyOutcome *known(const std::string &key) const;

  Views views_of(const std::vector<const Problem *> &problems) const;

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
                                              std::vector<bool> *alone = nullptr) const;

  // Diagnose::all: the conflicts and repairs of each ruled-out view, computed
  // by the first problem ruled out with it, all of a problem's at once (in the
  // worker's kept encoder, or a fresh one when the answer may depend on the
  // context's past), and copied to the problems that share the view. Problems
  // solved alone (`alone`) have their own.
  void diagnose_views(const std::vector<const Problem *> &problems, const Views &views,
                      const std::vector<bool> &alone, std::vector<ProblemOutcome> &out, Timings &timings,
                      const std::function<void(std::size_t)> &solved) const;

  // Each problem in its own encoder, as deep as `what_` says.
  std::vector<ProblemOutcome> solve_each(const std::vector<const Problem *> &problems, Timings &timings,
                                         const std::function<void(std::size_t)> &solved) const;

  // work(encoder, i) for i in [0, n), on up to threads_ workers, each item in a
  // fresh encoder: Z3's answers (which core, which model) depend on what the
  // context solved before, and an answer must not depend on the thread or the
  // order it was computed in. With `reuse_encoder`, for work whose answers do
  // not (Encoder::decide; Encoder::complete and diagnose_strategies unless
  // they say history_dependent), each worker keeps one encoder for all its
  // items, and for those of the next such work (kept_).
  template <class Work>
  void run(std::size_t n, Work work, bool reuse_encoder = false) const;

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

}  // namespace pubplan::detail
