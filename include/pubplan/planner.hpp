// The planner: solves a topology against a catalog.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "pubplan/catalog.hpp"
#include "pubplan/export.hpp"
#include "pubplan/result.hpp"
#include "pubplan/topology.hpp"

namespace pubplan {

// How much of the explanation a solve computes. `first`: each ruled-out
// strategy's status and one minimal reason set (`because`), and everything
// (every minimal conflict, verified repairs) for a package with nothing that
// fits. `all`: everything for every ruled-out strategy too, and the dependency
// path behind each read need: what `explain` shows, several times the work.
enum class DiagnoseDepth : std::uint8_t { first, all };
PUBPLAN_API const char *to_string(DiagnoseDepth d) noexcept;
// "first" or "all"; false for anything else.
PUBPLAN_API bool parse_diagnose_depth(const std::string &text, DiagnoseDepth &out) noexcept;

struct Options {
  // Wall-clock limit per solver check in milliseconds; 0 = none.
  unsigned time_limit_ms = 0;
  // Deterministic resource limit per solver check (Z3 rlimit); 0 = none.
  std::uint64_t rlimit = 5'000'000;
  // How much of the explanation to compute (see DiagnoseDepth).
  DiagnoseDepth diagnose = DiagnoseDepth::first;
  // Bound on the conflicts reported per package (diagnosis).
  unsigned max_conflicts = 5;
  // Bound on the repairs reported per package (diagnosis).
  unsigned max_repairs = 5;
  // Worker threads for the distinct package problems, each with its own
  // solver contexts; 0 = one per core. Above 1, the packages' results are
  // also built on a second thread while solve()'s callback takes them (on the
  // calling thread, in order). Results are the same for any value.
  unsigned threads = 0;
  // Solve each distinct package shape once, and decide each strategy once per
  // distinct view of the facts it reads, reusing the answers (false: every
  // package on its own, for comparison in benchmarks and tests; same results).
  bool reuse_shapes = true;
  // The day the catalog's rules are evaluated on, "YYYY-MM-DD" (UTC); empty:
  // today, from the system clock.
  std::string as_of;
  // How many days after as_of `Result::ahead` looks for rules that take effect
  // or end; 0: it does not look.
  unsigned horizon_days = 180;
};

// How far a solve has come, for a progress display. A solve has stages: one
// per day within the horizon on which a rule changes ("ahead YYYY-MM-DD",
// statuses only), "solve" (today's statuses and diagnoses) and, when the token
// budget leaves packages without a token, "token budget" (those solved again).
struct Progress {
  std::string stage;
  std::size_t done = 0;   // packages of this stage answered so far
  std::size_t total = 0;  // packages of this stage
};
// Called when a stage starts and as its packages are answered: under a lock,
// from whichever thread finished them, so it must be short and must not call
// back into the planner.
using ProgressCallback = std::function<void(const Progress &)>;

// True when `text` is a date written YYYY-MM-DD (what Options::as_of takes).
PUBPLAN_API bool is_date(const std::string &text) noexcept;

class PUBPLAN_API Planner {
 public:
  // Throws std::invalid_argument when options.as_of is not a date (YYYY-MM-DD).
  explicit Planner(Catalog catalog = Catalog::builtin(), Options options = {});
  ~Planner();
  Planner(Planner &&) noexcept;
  Planner &operator=(Planner &&) noexcept;

  const Catalog &catalog() const noexcept;
  const Options &options() const noexcept;
  // The day a solve started now evaluates the rules on: options().as_of, or
  // today's date when it is empty.
  std::string as_of() const;

  // Solves every package. Thread-safe: concurrent solves on one planner are fine
  // (each uses its own solver context). A solver budget that runs out is not an
  // error (the affected strategies are Status::unknown). Throws Interrupted when
  // interrupt() stopped it.
  Result solve(const Topology &topology) const;
  // The same answer, with each package's result handed to `each` (in topology
  // order, on this thread, once the token plan and the graph are known) instead
  // of kept: Result::packages stays empty and Result::summary counts them, so
  // memory grows with the distinct package problems, not with the packages.
  // An exception thrown by `each` ends the solve and propagates.
  Result solve(const Topology &topology, const std::function<void(PackageResult &&)> &each) const;
  // Either of the above (`each` empty: the packages are kept in the result),
  // reporting its progress to `progress` (empty: to nobody). The answer is the
  // same with or without it.
  Result solve(const Topology &topology, const std::function<void(PackageResult &&)> &each,
               const ProgressCallback &progress) const;

  // The full diagnosis of one package of `result` (solved from `topology` by
  // this planner, at any depth), as DiagnoseDepth::all gives it: every
  // conflict and verified repair of each ruled-out strategy. The package is
  // solved again with the token budget `result` planned, so its statuses and
  // reason sets are the ones in `result`. Throws std::out_of_range when the
  // topology has no package of that name.
  PackageResult diagnose(const Topology &topology, const Result &result, const std::string &package) const;
  // `result` narrowed to that package, diagnosed in full as above (its `why`
  // the one in `result` when it kept its packages), with the `ahead` changes
  // that concern it: what `pubplan explain --format json` writes.
  Result explain(const Topology &topology, const Result &result, const std::string &package) const;

  // Callable from any thread, at any time: stops every solve running on this
  // planner now; each of them throws Interrupted. Solves started afterwards run
  // normally.
  void interrupt() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pubplan
