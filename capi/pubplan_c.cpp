// The C API (pubplan.h) over the C++ API. Every entry point catches every
// exception: nothing C++ crosses the boundary.
#include "handles.hpp"

#include <stdexcept>

#include <memory>
#include <mutex>
#include <optional>
#include <new>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

#include "pubplan/pubplan.hpp"

namespace pubplan_c {

thread_local std::string t_last_error;
thread_local std::vector<pubplan::Diagnostic> t_diagnostics;

const std::vector<pubplan::Diagnostic> &thread_diagnostics() noexcept { return t_diagnostics; }

const pubplan::PlanStep *step_at(const pubplan_plan *plan, size_t i) {
  return plan && i < plan->plan.steps.size() ? &plan->plan.steps[i] : nullptr;
}

const std::vector<std::string> *step_list(const pubplan_plan *plan, size_t i, int list) {
  const pubplan::PlanStep *s = step_at(plan, i);
  if (!s) return nullptr;
  switch (list) {
    case PUBPLAN_STEP_PACKAGES: return &s->packages;
    case PUBPLAN_STEP_COMMANDS: return &s->commands;
    case PUBPLAN_STEP_AFTER: return &s->after;
    default: return nullptr;
  }
}
thread_local std::string t_errmsg_copy;

int record(pubplan_planner *planner, int code, const char *message) noexcept {
  t_diagnostics.clear();
  try {
    t_last_error = code == PUBPLAN_OK ? "" : message;
  } catch (...) {
    t_last_error.clear();
  }
  if (planner) {
    try {
      std::lock_guard lock(planner->msg_mutex);
      planner->errmsg = code == PUBPLAN_OK ? "" : message;
    } catch (...) {
    }
  }
  return code;
}

int ok(pubplan_planner *planner) noexcept { return record(planner, PUBPLAN_OK, ""); }

int fail_current(pubplan_planner *planner, int input_code) noexcept {
  try {
    throw;
  } catch (const pubplan::InputError &e) {
    const int code = record(planner, input_code, e.what());
    try {
      t_diagnostics = e.diagnostics();
    } catch (...) {  // out of memory: the message still has them
    }
    return code;
  } catch (const pubplan::Interrupted &e) {
    return record(planner, PUBPLAN_EINTERRUPTED, e.what());
  } catch (const std::bad_alloc &) {
    return record(planner, PUBPLAN_ENOMEM, "out of memory");
  } catch (const std::exception &e) {
    return record(planner, PUBPLAN_EINTERNAL, e.what());
  } catch (...) {
    return record(planner, PUBPLAN_EINTERNAL, "unknown internal error");
  }
}

const pubplan::PackageResult *package_at(const pubplan_result *r, size_t i) noexcept {
  if (!r || i >= r->result.packages.size()) return nullptr;
  return &r->result.packages[i];
}

const pubplan::StrategyResult *strategy_at(const pubplan_result *r, size_t i, const char *id) noexcept {
  const pubplan::PackageResult *p = package_at(r, i);
  if (!p || !id) return nullptr;
  for (const auto &s : p->strategies)
    if (s.id == id) return &s;
  return nullptr;
}

int solve(pubplan_planner *planner, pubplan_result **out, const pubplan::Topology &topology) {
  *out = new pubplan_result(planner->planner->solve(topology));
  (*out)->topology = topology;
  return ok(planner);
}

// A stream whose bytes go to a pubplan_write_fn; once the function asks to
// stop, every later write fails (and the stream goes bad).
class WriteFnBuffer : public std::streambuf {
 public:
  WriteFnBuffer(pubplan_write_fn write, void *userdata) : write_(write), userdata_(userdata) {}
  bool stopped() const { return stopped_; }

 protected:
  std::streamsize xsputn(const char *data, std::streamsize n) override {
    if (stopped_) return 0;
    if (n > 0) stopped_ = write_(userdata_, data, static_cast<size_t>(n)) != 0;
    return stopped_ ? 0 : n;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char one = traits_type::to_char_type(c);
    return xsputn(&one, 1) == 1 ? c : traits_type::eof();
  }

 private:
  pubplan_write_fn write_;
  void *userdata_;
  bool stopped_ = false;
};

struct WriteStopped {};

// Writes `text` through `write`: PUBPLAN_OK, or PUBPLAN_EWRITE when it asked to stop.
int write_all(pubplan_planner *planner, pubplan_write_fn write, void *userdata, const std::string &text) {
  if (!text.empty() && write(userdata, text.data(), text.size()) != 0)
    return record(planner, PUBPLAN_EWRITE, "the write function asked to stop");
  return ok(planner);
}

// The streamed solve behind pubplan_solve_*_json, as `pubplan solve --format json`.
int solve_json(pubplan_planner *planner, const pubplan::Topology &topology, pubplan_write_fn write, void *userdata,
               int *exit_code) {
  WriteFnBuffer buffer(write, userdata);
  std::ostream out(&buffer);
  const pubplan::Planner &solver = *planner->planner;
  pubplan::JsonWriter writer(out, topology.source_name(), solver.catalog().as_of());
  try {
    const pubplan::Result r = solver.solve(topology, [&](pubplan::PackageResult &&p) {
      writer.package(p);
      if (buffer.stopped()) throw WriteStopped{};
    });
    writer.finish(r);
    if (buffer.stopped()) throw WriteStopped{};
    if (exit_code) *exit_code = r.exit_code();
    return ok(planner);
  } catch (const WriteStopped &) {
    return record(planner, PUBPLAN_EWRITE, "the write function asked to stop");
  }
}

}  // namespace pubplan_c

using namespace pubplan_c;

namespace {
// Layers a catalog (added by `add`) over the planner's; nothing changes on failure.
template <class Add>
int add_catalog(pubplan_planner *planner, Add add) {
  try {
    pubplan::Catalog next = planner->catalog;
    add(next);
    std::vector<std::string> ids;
    for (const auto &s : next.strategies()) ids.push_back(s.id);
    auto planner_next = std::make_unique<pubplan::Planner>(next, planner->options);
    planner->catalog = std::move(next);
    planner->planner = std::move(planner_next);
    planner->strategy_ids = std::move(ids);
    return ok(planner);
  } catch (...) {
    return fail_current(planner, PUBPLAN_ECATALOG);
  }
}
}  // namespace

extern "C" {

const char *pubplan_version(void) { return pubplan::version(); }

const char *pubplan_last_error(void) { return t_last_error.c_str(); }

int pubplan_options_init(pubplan_options *opts) {
  if (!opts) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_options_init: opts is NULL");
  const pubplan::Options defaults;
  *opts = pubplan_options{PUBPLAN_OPTIONS_VERSION, defaults.time_limit_ms, defaults.rlimit,
                          defaults.max_conflicts, defaults.max_repairs, defaults.threads,
                          nullptr,  // as_of: empty, today
                          defaults.horizon_days,
                          defaults.diagnose == pubplan::DiagnoseDepth::all ? PUBPLAN_DIAGNOSE_ALL
                                                                           : PUBPLAN_DIAGNOSE_FIRST};
  return ok(nullptr);
}

int pubplan_planner_new(pubplan_planner **out) {
  if (!out) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_planner_new: out is NULL");
  *out = nullptr;
  try {
    *out = new pubplan_planner();
    return ok(nullptr);
  } catch (...) {
    return fail_current(nullptr, PUBPLAN_ECATALOG);
  }
}

void pubplan_planner_free(pubplan_planner *planner) { delete planner; }

int pubplan_planner_add_catalog(pubplan_planner *planner, const char *text, size_t len) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_planner_add_catalog: planner is NULL");
  if (!text) return record(planner, PUBPLAN_EMISUSE, "pubplan_planner_add_catalog: text is NULL");
  return add_catalog(planner, [&](pubplan::Catalog &c) { c.add_string(std::string_view(text, len)); });
}

int pubplan_planner_add_catalog_file(pubplan_planner *planner, const char *path) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_planner_add_catalog_file: planner is NULL");
  if (!path) return record(planner, PUBPLAN_EMISUSE, "pubplan_planner_add_catalog_file: path is NULL");
  return add_catalog(planner, [&](pubplan::Catalog &c) { c.add_file(path); });
}

int pubplan_planner_set_options(pubplan_planner *planner, const pubplan_options *opts) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_planner_set_options: planner is NULL");
  if (!opts) return record(planner, PUBPLAN_EMISUSE, "pubplan_planner_set_options: opts is NULL");
  if (opts->version < 1 || opts->version > PUBPLAN_OPTIONS_VERSION)
    return record(planner, PUBPLAN_EMISUSE,
                  "pubplan_planner_set_options: unsupported opts->version (start from PUBPLAN_OPTIONS_INIT)");
  try {
    pubplan::Options o;
    o.time_limit_ms = opts->time_limit_ms;
    o.rlimit = opts->rlimit;
    o.max_conflicts = opts->max_conflicts;
    o.max_repairs = opts->max_repairs;
    // A caller compiled with an older header passes a shorter struct.
    if (opts->version >= 2) o.threads = opts->threads;
    if (opts->version >= 3) {
      if (opts->as_of && !pubplan::is_date(opts->as_of)) {
        const std::string message =
            std::string("pubplan_planner_set_options: as_of must be a date written YYYY-MM-DD, not '") + opts->as_of +
            "'";
        return record(planner, PUBPLAN_EMISUSE, message.c_str());
      }
      o.as_of = opts->as_of ? opts->as_of : "";
      o.horizon_days = opts->horizon_days;
    }
    if (opts->version >= 4) {
      if (opts->diagnose != PUBPLAN_DIAGNOSE_FIRST && opts->diagnose != PUBPLAN_DIAGNOSE_ALL)
        return record(planner, PUBPLAN_EMISUSE,
                      "pubplan_planner_set_options: diagnose must be PUBPLAN_DIAGNOSE_FIRST or PUBPLAN_DIAGNOSE_ALL");
      o.diagnose = opts->diagnose == PUBPLAN_DIAGNOSE_ALL ? pubplan::DiagnoseDepth::all : pubplan::DiagnoseDepth::first;
    }
    auto planner_next = std::make_unique<pubplan::Planner>(planner->catalog, o);
    planner->options = o;
    planner->planner = std::move(planner_next);
    return ok(planner);
  } catch (...) {
    return fail_current(planner, PUBPLAN_EMISUSE);
  }
}

const char *pubplan_planner_errmsg(const pubplan_planner *planner) {
  if (!planner) return "pubplan_planner_errmsg: planner is NULL";
  try {
    std::lock_guard lock(planner->msg_mutex);
    t_errmsg_copy = planner->errmsg;
    return t_errmsg_copy.c_str();
  } catch (...) {
    return "out of memory";
  }
}

void pubplan_planner_interrupt(pubplan_planner *planner) {
  if (planner) planner->planner->interrupt();
}

int pubplan_solve_string(pubplan_planner *planner, const char *topology, size_t len, pubplan_result **out) {
  if (out) *out = nullptr;
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_solve_string: planner is NULL");
  if (!topology) return record(planner, PUBPLAN_EMISUSE, "pubplan_solve_string: topology is NULL");
  if (!out) return record(planner, PUBPLAN_EMISUSE, "pubplan_solve_string: out is NULL");
  try {
    return solve(planner, out, pubplan::Topology::load_string(std::string_view(topology, len), "<string>", planner->catalog));
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_solve_file(pubplan_planner *planner, const char *path, pubplan_result **out) {
  if (out) *out = nullptr;
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_solve_file: planner is NULL");
  if (!path) return record(planner, PUBPLAN_EMISUSE, "pubplan_solve_file: path is NULL");
  if (!out) return record(planner, PUBPLAN_EMISUSE, "pubplan_solve_file: out is NULL");
  try {
    return solve(planner, out, pubplan::Topology::load_file(path, planner->catalog));
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

void pubplan_result_free(pubplan_result *result) { delete result; }

int pubplan_result_exit_code(const pubplan_result *result) {
  return result ? result->result.exit_code() : PUBPLAN_EMISUSE;
}

size_t pubplan_result_package_count(const pubplan_result *result) {
  return result ? result->result.packages.size() : 0;
}

const char *pubplan_result_package_name(const pubplan_result *result, size_t i) {
  const pubplan::PackageResult *p = package_at(result, i);
  return p ? p->name.c_str() : nullptr;
}

const char *pubplan_result_recommended(const pubplan_result *result, size_t i) {
  const pubplan::PackageResult *p = package_at(result, i);
  return p && p->recommended ? p->recommended->c_str() : nullptr;
}

int pubplan_result_strategy_status(const pubplan_result *result, size_t i, const char *strategy_id) {
  const pubplan::StrategyResult *s = strategy_at(result, i, strategy_id);
  if (!s) return PUBPLAN_STATUS_INVALID;
  switch (s->status) {
    case pubplan::Status::feasible: return PUBPLAN_STATUS_FEASIBLE;
    case pubplan::Status::conditional: return PUBPLAN_STATUS_CONDITIONAL;
    case pubplan::Status::infeasible: return PUBPLAN_STATUS_INFEASIBLE;
    case pubplan::Status::unknown: return PUBPLAN_STATUS_UNKNOWN;
  }
  return PUBPLAN_STATUS_INVALID;
}

size_t pubplan_result_reason_count(const pubplan_result *result, size_t i, const char *strategy_id) {
  const pubplan::StrategyResult *s = strategy_at(result, i, strategy_id);
  return s ? s->because.size() : 0;
}

const char *pubplan_result_reason(const pubplan_result *result, size_t i, const char *strategy_id, size_t k) {
  const pubplan::StrategyResult *s = strategy_at(result, i, strategy_id);
  if (!s || k >= s->because.size()) return nullptr;
  const pubplan::Reason &r = s->because[k];
  return r.kind == pubplan::Reason::Kind::rule ? r.rule.c_str() : r.fact.c_str();
}

const char *pubplan_result_json(const pubplan_result *result) {
  return result ? result->json.get([result] { return pubplan::to_json(result->result); }) : nullptr;
}

int pubplan_solve_file_json(pubplan_planner *planner, const char *path, pubplan_write_fn write, void *userdata,
                            int *exit_code) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_solve_file_json: planner is NULL");
  if (!path) return record(planner, PUBPLAN_EMISUSE, "pubplan_solve_file_json: path is NULL");
  if (!write) return record(planner, PUBPLAN_EMISUSE, "pubplan_solve_file_json: write is NULL");
  try {
    return solve_json(planner, pubplan::Topology::load_file(path, planner->catalog), write, userdata, exit_code);
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_solve_string_json(pubplan_planner *planner, const char *topology, size_t len, pubplan_write_fn write,
                              void *userdata, int *exit_code) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_solve_string_json: planner is NULL");
  if (!topology) return record(planner, PUBPLAN_EMISUSE, "pubplan_solve_string_json: topology is NULL");
  if (!write) return record(planner, PUBPLAN_EMISUSE, "pubplan_solve_string_json: write is NULL");
  try {
    return solve_json(planner, pubplan::Topology::load_string(std::string_view(topology, len), "<string>", planner->catalog), write, userdata,
                      exit_code);
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_result_diagnose(pubplan_planner *planner, const pubplan_result *result, const char *package,
                            pubplan_result **out) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_result_diagnose: planner is NULL");
  if (!out) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_diagnose: out is NULL");
  *out = nullptr;
  if (!result || !result->topology) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_diagnose: no solved result");
  if (!package) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_diagnose: package is NULL");
  try {
    *out = new pubplan_result(planner->planner->explain(*result->topology, result->result, package));
    (*out)->topology = result->topology;
    return ok(planner);
  } catch (const std::out_of_range &e) {
    return record(planner, PUBPLAN_EINPUT, e.what());
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_result_verify(pubplan_planner *planner, const pubplan_result *result, pubplan_write_fn write,
                          void *userdata, size_t *disagreements) {
  if (disagreements) *disagreements = 0;
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_result_verify: planner is NULL");
  if (!result || !result->topology) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_verify: no solved result");
  if (!disagreements) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_verify: disagreements is NULL");
  try {
    const pubplan::VerifyReport report = pubplan::verify_and_reduce(*planner->planner, *result->topology, result->result);
    *disagreements = report.disagreements.size();
    if (!write || report.disagreements.empty()) return ok(planner);
    std::string text;
    for (const auto &d : report.disagreements) text += d.to_string() + "\n";
    return write_all(planner, write, userdata, text + report.smallest->to_normalized_json());
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_result_dot(pubplan_planner *planner, const pubplan_result *result, pubplan_write_fn write,
                       void *userdata) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_result_dot: planner is NULL");
  if (!result || !result->topology) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_dot: no solved result");
  if (!write) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_dot: write is NULL");
  try {
    return write_all(planner, write, userdata,
                     pubplan::to_dot(*result->topology, &result->result, planner->planner->catalog()));
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_result_report(pubplan_planner *planner, const pubplan_result *result, int format, pubplan_write_fn write,
                          void *userdata) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_result_report: planner is NULL");
  if (!result || !result->topology)
    return record(planner, PUBPLAN_EMISUSE, "pubplan_result_report: no solved result");
  if (!write) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_report: write is NULL");
  try {
    switch (format) {
      case PUBPLAN_REPORT_TEXT: return write_all(planner, write, userdata, pubplan::to_text(result->result));
      case PUBPLAN_REPORT_MARKDOWN: return write_all(planner, write, userdata, pubplan::to_markdown(result->result));
      case PUBPLAN_REPORT_SARIF:
        return write_all(planner, write, userdata,
                         pubplan::to_sarif(result->result, *result->topology, planner->planner->catalog()));
      case PUBPLAN_REPORT_CODEQUALITY:
        return write_all(planner, write, userdata, pubplan::to_codequality(result->result, *result->topology));
      default: return record(planner, PUBPLAN_EMISUSE, "pubplan_result_report: unknown format");
    }
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_result_gates(const pubplan_result *result, unsigned gates, unsigned *holding) {
  constexpr std::pair<unsigned, pubplan::Gate> kBits[] = {{PUBPLAN_GATE_INFEASIBLE, pubplan::Gate::infeasible},
                                                          {PUBPLAN_GATE_CONDITIONAL, pubplan::Gate::conditional},
                                                          {PUBPLAN_GATE_FINDING, pubplan::Gate::finding},
                                                          {PUBPLAN_GATE_AHEAD, pubplan::Gate::ahead}};
  if (!holding) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_result_gates: holding is NULL");
  *holding = 0;
  if (!result || !result->topology) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_result_gates: no solved result");
  unsigned known = 0;
  std::vector<pubplan::Gate> asked;
  for (const auto &[bit, gate] : kBits) {
    known |= bit;
    if (gates & bit) asked.push_back(gate);
  }
  if (gates & ~known) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_result_gates: unknown gate bits");
  try {
    for (const auto &h : pubplan::gates_holding(result->result, *result->topology, asked))
      for (const auto &[bit, gate] : kBits)
        if (gate == h.gate) *holding |= bit;
    return ok(nullptr);
  } catch (...) {
    return fail_current(nullptr, PUBPLAN_ENOMEM);
  }
}

int pubplan_normalize_file(pubplan_planner *planner, const char *path, pubplan_write_fn write, void *userdata) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_normalize_file: planner is NULL");
  if (!path) return record(planner, PUBPLAN_EMISUSE, "pubplan_normalize_file: path is NULL");
  if (!write) return record(planner, PUBPLAN_EMISUSE, "pubplan_normalize_file: write is NULL");
  try {
    return write_all(planner, write, userdata,
                     pubplan::Topology::load_file(path, planner->catalog).to_normalized_json());
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_scan_options_init(pubplan_scan_options *opts) {
  if (!opts) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_scan_options_init: opts is NULL");
  *opts = pubplan_scan_options PUBPLAN_SCAN_OPTIONS_INIT;
  return ok(nullptr);
}

int pubplan_scan_with(pubplan_planner *planner, const char *const *roots, size_t count,
                      const pubplan_scan_options *opts, pubplan_write_fn write, void *userdata) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_scan: planner is NULL");
  if (!roots || count == 0) return record(planner, PUBPLAN_EMISUSE, "pubplan_scan: no directory to scan");
  if (!write) return record(planner, PUBPLAN_EMISUSE, "pubplan_scan: write is NULL");
  for (size_t i = 0; i < count; ++i)
    if (!roots[i]) return record(planner, PUBPLAN_EMISUSE, "pubplan_scan: a root is NULL");
  if (opts && (opts->version < 1 || opts->version > PUBPLAN_SCAN_OPTIONS_VERSION))
    return record(planner, PUBPLAN_EMISUSE,
                  "pubplan_scan: unsupported opts->version (start from PUBPLAN_SCAN_OPTIONS_INIT)");
  try {
    pubplan::ScanOptions options;  // the library's defaults, changed only where the caller says
    options.as_of = planner->options.as_of;
    if (opts) {
      options.whole_org = opts->whole_org != 0;
      options.registry = opts->registry != 0;
      if (opts->registry_url) options.registry_url = opts->registry_url;
      if (opts->registry_timeout_ms) options.registry_timeout_ms = opts->registry_timeout_ms;
    }
    const pubplan::ScanResult r =
        pubplan::scan(std::vector<std::string>(roots, roots + count), options, planner->catalog);
    return write_all(planner, write, userdata, r.topology);
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_scan(pubplan_planner *planner, const char *const *roots, size_t count, pubplan_write_fn write,
                 void *userdata) {
  return pubplan_scan_with(planner, roots, count, nullptr, write, userdata);
}

const char *pubplan_strerror(int code) {
  switch (code) {
    case PUBPLAN_OK: return "success";
    case PUBPLAN_EINPUT: return "invalid or unreadable topology";
    case PUBPLAN_ECATALOG: return "invalid or unreadable catalog";
    case PUBPLAN_ENOMEM: return "out of memory";
    case PUBPLAN_EMISUSE: return "invalid argument (NULL, out of range, or a call out of order)";
    case PUBPLAN_EINTERRUPTED: return "interrupted by pubplan_planner_interrupt";
    case PUBPLAN_EINTERNAL: return "internal error in pubplan (a bug: please report it)";
    case PUBPLAN_EWRITE: return "the write callback asked to stop";
    default: return "unknown pubplan code";
  }
}

// --- the migration plan ------------------------------------------------------

int pubplan_plan_create(pubplan_planner *planner, const pubplan_result *result, pubplan_plan **out) {
  if (!out) return record(planner, PUBPLAN_EMISUSE, "pubplan_plan_create: out is NULL");
  *out = nullptr;
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_plan_create: planner is NULL");
  if (!result || !result->topology)
    return record(planner, PUBPLAN_EMISUSE, "pubplan_plan_create: no solved result");
  try {
    *out = new pubplan_plan(pubplan::plan_migration(result->result, *result->topology, planner->planner->catalog()));
    return ok(planner);
  } catch (const std::invalid_argument &e) {
    return record(planner, PUBPLAN_EMISUSE, e.what());
  } catch (...) {
    return fail_current(planner, PUBPLAN_ENOMEM);
  }
}

void pubplan_plan_free(pubplan_plan *plan) { delete plan; }

size_t pubplan_plan_step_count(const pubplan_plan *plan) { return plan ? plan->plan.steps.size() : 0; }

const char *pubplan_plan_step_field(const pubplan_plan *plan, size_t i, int field) {
  const pubplan::PlanStep *s = step_at(plan, i);
  if (!s) return nullptr;
  switch (field) {
    case PUBPLAN_STEP_ID: return s->id.c_str();
    case PUBPLAN_STEP_KIND: return s->kind.c_str();
    case PUBPLAN_STEP_TITLE: return s->title.c_str();
    case PUBPLAN_STEP_DETAIL: return s->detail.c_str();
    case PUBPLAN_STEP_ACTOR: return s->actor.c_str();
    case PUBPLAN_STEP_PIPELINE: return s->pipeline.c_str();
    case PUBPLAN_STEP_LOCATION: return s->location.c_str();
    default: return nullptr;
  }
}

int pubplan_plan_step_two_factor(const pubplan_plan *plan, size_t i) {
  const pubplan::PlanStep *s = step_at(plan, i);
  return s ? (s->two_factor ? 1 : 0) : PUBPLAN_EMISUSE;
}

size_t pubplan_plan_step_list_count(const pubplan_plan *plan, size_t i, int list) {
  const std::vector<std::string> *l = step_list(plan, i, list);
  return l ? l->size() : 0;
}

const char *pubplan_plan_step_list_item(const pubplan_plan *plan, size_t i, int list, size_t k) {
  const std::vector<std::string> *l = step_list(plan, i, list);
  return l && k < l->size() ? (*l)[k].c_str() : nullptr;
}

const char *pubplan_plan_json(const pubplan_plan *plan) {
  return plan ? plan->json.get([plan] { return pubplan::to_json(plan->plan); }) : nullptr;
}

int pubplan_plan_report(pubplan_planner *planner, const pubplan_result *result, const pubplan_plan *plan, int format,
                        pubplan_write_fn write, void *userdata) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_plan_report: planner is NULL");
  if (!result || !result->topology) return record(planner, PUBPLAN_EMISUSE, "pubplan_plan_report: no solved result");
  if (!plan) return record(planner, PUBPLAN_EMISUSE, "pubplan_plan_report: plan is NULL");
  if (!write) return record(planner, PUBPLAN_EMISUSE, "pubplan_plan_report: write is NULL");
  try {
    const pubplan::Topology &topology = *result->topology;
    switch (format) {
      case PUBPLAN_REPORT_TEXT: return write_all(planner, write, userdata, pubplan::to_text(plan->plan));
      case PUBPLAN_REPORT_MARKDOWN:
        return write_all(planner, write, userdata, pubplan::to_markdown(result->result, plan->plan));
      case PUBPLAN_REPORT_SARIF:
        return write_all(planner, write, userdata,
                         pubplan::to_sarif(result->result, topology, planner->planner->catalog(), plan->plan));
      case PUBPLAN_REPORT_CODEQUALITY:
        return write_all(planner, write, userdata, pubplan::to_codequality(result->result, topology, plan->plan));
      default: return record(planner, PUBPLAN_EMISUSE, "pubplan_plan_report: unknown format");
    }
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

}  // extern "C"
