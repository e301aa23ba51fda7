// The C API's handles and the helpers its source files share (internal: not
// installed). Every entry point catches every exception: nothing C++ crosses
// the boundary.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pubplan.h"
#include "pubplan/pubplan.hpp"

struct pubplan_planner {
  pubplan::Catalog catalog = pubplan::Catalog::builtin();
  pubplan::Options options;
  std::unique_ptr<pubplan::Planner> planner;  // rebuilt when the configuration changes

  mutable std::mutex msg_mutex;
  std::string errmsg;

  // The catalog's strategy ids, for pubplan_planner_strategy_id (which lends them).
  std::vector<std::string> strategy_ids;

  pubplan_planner() { rebuild(); }
  void rebuild() {
    planner = std::make_unique<pubplan::Planner>(catalog, options);
    strategy_ids.clear();
    for (const auto &s : catalog.strategies()) strategy_ids.push_back(s.id);
  }
};

// The C header spells the defaults out (C cannot read the C++ ones);
// pubplan_options_init reads pubplan::Options' own, and the C tests check that
// PUBPLAN_OPTIONS_INIT gives the same. (Options holds a std::string since
// version 3, so the check cannot be a static_assert under every compiler.)

// A JSON document built on its first request and kept with the handle, so that
// the pointer handed out stays valid until the handle is freed. NULL when
// building it failed (out of memory); the next request tries again.
class LazyJson {
 public:
  template <class Make>
  const char *get(Make make) const noexcept {
    try {
      std::call_once(once_, [&] {
        text_ = make();
        ok_ = true;
      });
    } catch (...) {
      return nullptr;  // call_once runs again on the next call
    }
    return ok_ ? text_.c_str() : nullptr;
  }

 private:
  mutable std::once_flag once_;
  mutable std::string text_;
  mutable bool ok_ = false;
};

struct pubplan_result {
  pubplan::Result result;
  std::optional<pubplan::Topology> topology;  // what was solved (verify, the picture)
  LazyJson json;

  explicit pubplan_result(pubplan::Result r) : result(std::move(r)) {}
};

struct pubplan_plan {
  pubplan::MigrationPlan plan;
  LazyJson json;

  explicit pubplan_plan(pubplan::MigrationPlan p) : plan(std::move(p)) {}
};

namespace pubplan_c {

// Records the outcome of a call: on this thread and, when given, on the planner.
int record(pubplan_planner *planner, int code, const char *message) noexcept;
int ok(pubplan_planner *planner) noexcept;
// Maps the exception being handled to a code and records its message (and, for
// an input error, its diagnostics).
int fail_current(pubplan_planner *planner, int input_code) noexcept;
// Hands `text` to `write`; PUBPLAN_EWRITE when it asks to stop.
int write_all(pubplan_planner *planner, pubplan_write_fn write, void *userdata, const std::string &text);

const pubplan::PackageResult *package_at(const pubplan_result *r, size_t i) noexcept;
const pubplan::StrategyResult *strategy_at(const pubplan_result *r, size_t i, const char *id) noexcept;

// The diagnostics of the calling thread's last failed input (pubplan_diagnostic).
const std::vector<pubplan::Diagnostic> &thread_diagnostics() noexcept;

}  // namespace pubplan_c
