// The C API's accessors of an answer (additions of version 0.2): diagnostics,
// validation, reason sets, repairs, assumptions, warnings, the token plan and
// the picture's options, so that a C caller never parses JSON to act.
#include "handles.hpp"


using namespace pubplan_c;

namespace {

int status_code(pubplan::Status s) noexcept {
  switch (s) {
    case pubplan::Status::feasible: return PUBPLAN_STATUS_FEASIBLE;
    case pubplan::Status::conditional: return PUBPLAN_STATUS_CONDITIONAL;
    case pubplan::Status::infeasible: return PUBPLAN_STATUS_INFEASIBLE;
    case pubplan::Status::unknown: return PUBPLAN_STATUS_UNKNOWN;
  }
  return PUBPLAN_STATUS_INVALID;
}

template <class T>
const T *at(const std::vector<T> &v, size_t k) noexcept {
  return k < v.size() ? &v[k] : nullptr;
}

// The conflicts of package i (strategy_id NULL) or of one of its strategies.
const std::vector<std::vector<pubplan::Reason>> *conflicts_of(const pubplan_result *r, size_t i,
                                                              const char *strategy_id) noexcept {
  if (!strategy_id) {
    const pubplan::PackageResult *p = package_at(r, i);
    return p ? &p->conflicts : nullptr;
  }
  const pubplan::StrategyResult *s = strategy_at(r, i, strategy_id);
  return s ? &s->conflicts : nullptr;
}

const std::vector<pubplan::Repair> *repairs_of(const pubplan_result *r, size_t i, const char *strategy_id) noexcept {
  if (!strategy_id) {
    const pubplan::PackageResult *p = package_at(r, i);
    return p ? &p->repairs : nullptr;
  }
  const pubplan::StrategyResult *s = strategy_at(r, i, strategy_id);
  return s ? &s->repairs : nullptr;
}

const pubplan::Repair *repair_at(const pubplan_result *r, size_t i, const char *strategy_id, size_t j) noexcept {
  const auto *repairs = repairs_of(r, i, strategy_id);
  return repairs ? at(*repairs, j) : nullptr;
}

const char *text(const std::string &s) noexcept { return s.c_str(); }
const char *text(const std::optional<std::string> &s) noexcept { return s ? s->c_str() : nullptr; }

const pubplan::Token *token_at(const pubplan_result *r, size_t t) noexcept {
  return r ? at(r->result.tokens.tokens, t) : nullptr;
}

const std::vector<std::string> *token_list(const pubplan_result *r, size_t t, int list) noexcept {
  const pubplan::Token *token = token_at(r, t);
  if (!token) return nullptr;
  switch (list) {
    case PUBPLAN_TOKEN_PACKAGES: return &token->packages;
    case PUBPLAN_TOKEN_SCOPES: return &token->scopes;
    default: return nullptr;
  }
}

int validate(pubplan_planner *planner, const pubplan::Topology &t, size_t *repositories, size_t *pipelines,
             size_t *packages) {
  if (repositories) *repositories = t.repository_count();
  if (pipelines) *pipelines = t.pipeline_count();
  if (packages) *packages = t.package_count();
  return ok(planner);
}

}  // namespace

extern "C" {

size_t pubplan_diagnostic_count(void) { return thread_diagnostics().size(); }

int pubplan_diagnostic(size_t k, const char **file, int *line, int *column, const char **message) {
  const pubplan::Diagnostic *d = at(thread_diagnostics(), k);
  if (!d) return PUBPLAN_EMISUSE;
  if (file) *file = d->file.c_str();
  if (line) *line = d->line;
  if (column) *column = d->column;
  if (message) *message = d->message.c_str();
  return PUBPLAN_OK;
}

int pubplan_validate_file(pubplan_planner *planner, const char *path, size_t *repositories, size_t *pipelines,
                          size_t *packages) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_validate_file: planner is NULL");
  if (!path) return record(planner, PUBPLAN_EMISUSE, "pubplan_validate_file: path is NULL");
  try {
    return validate(planner, pubplan::Topology::load_file(path, planner->catalog), repositories, pipelines,
                    packages);
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

int pubplan_validate_string(pubplan_planner *planner, const char *topology, size_t len, size_t *repositories,
                            size_t *pipelines, size_t *packages) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_validate_string: planner is NULL");
  if (!topology) return record(planner, PUBPLAN_EMISUSE, "pubplan_validate_string: topology is NULL");
  try {
    return validate(planner,
                    pubplan::Topology::load_string(std::string(topology, len), "<string>", planner->catalog),
                    repositories, pipelines, packages);
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

size_t pubplan_planner_strategy_count(const pubplan_planner *planner) {
  return planner ? planner->strategy_ids.size() : 0;
}

const char *pubplan_planner_strategy_id(const pubplan_planner *planner, size_t k) {
  const std::string *id = planner ? at(planner->strategy_ids, k) : nullptr;
  return id ? id->c_str() : nullptr;
}

const char *pubplan_result_package_field(const pubplan_result *result, size_t i, int field) {
  const pubplan::PackageResult *p = package_at(result, i);
  if (!p) return nullptr;
  switch (field) {
    case PUBPLAN_PACKAGE_NAME: return text(p->name);
    case PUBPLAN_PACKAGE_ORIGIN: return text(p->origin);
    case PUBPLAN_PACKAGE_RECOMMENDED: return text(p->recommended);
    case PUBPLAN_PACKAGE_FALLBACK: return text(p->fallback);
    case PUBPLAN_PACKAGE_WHY: return text(p->why);
    default: return nullptr;
  }
}

size_t pubplan_result_conflict_count(const pubplan_result *result, size_t i, const char *strategy_id) {
  const auto *conflicts = conflicts_of(result, i, strategy_id);
  return conflicts ? conflicts->size() : 0;
}

size_t pubplan_result_conflict_size(const pubplan_result *result, size_t i, const char *strategy_id, size_t c) {
  const auto *conflicts = conflicts_of(result, i, strategy_id);
  const auto *set = conflicts ? at(*conflicts, c) : nullptr;
  return set ? set->size() : 0;
}

const char *pubplan_result_conflict_field(const pubplan_result *result, size_t i, const char *strategy_id, size_t c,
                                          size_t k, int field) {
  const auto *conflicts = conflicts_of(result, i, strategy_id);
  const auto *set = conflicts ? at(*conflicts, c) : nullptr;
  const pubplan::Reason *r = set ? at(*set, k) : nullptr;
  if (!r) return nullptr;
  const bool rule = r->kind == pubplan::Reason::Kind::rule;
  switch (field) {
    case PUBPLAN_REASON_KIND: return rule ? "rule" : "fact";
    case PUBPLAN_REASON_RULE: return rule ? text(r->rule) : nullptr;
    case PUBPLAN_REASON_SAYS: return rule ? text(r->says) : nullptr;
    case PUBPLAN_REASON_SOURCE: return rule ? text(r->source) : nullptr;
    case PUBPLAN_REASON_INSTANCE: return rule ? text(r->instance) : nullptr;
    case PUBPLAN_REASON_FACT: return rule ? nullptr : text(r->fact);
    case PUBPLAN_REASON_VALUE: return rule ? nullptr : text(r->value_json);
    case PUBPLAN_REASON_ORIGIN: return rule ? nullptr : text(r->origin);
    default: return nullptr;
  }
}

size_t pubplan_result_repair_count(const pubplan_result *result, size_t i, const char *strategy_id) {
  const auto *repairs = repairs_of(result, i, strategy_id);
  return repairs ? repairs->size() : 0;
}

const char *pubplan_result_repair_unlocks(const pubplan_result *result, size_t i, const char *strategy_id,
                                          size_t j) {
  const pubplan::Repair *r = repair_at(result, i, strategy_id, j);
  return r ? text(r->unlocks) : nullptr;
}

int pubplan_result_repair_cost(const pubplan_result *result, size_t i, const char *strategy_id, size_t j) {
  const pubplan::Repair *r = repair_at(result, i, strategy_id, j);
  return r ? r->cost : PUBPLAN_EMISUSE;
}

int pubplan_result_repair_status(const pubplan_result *result, size_t i, const char *strategy_id, size_t j) {
  const pubplan::Repair *r = repair_at(result, i, strategy_id, j);
  return r ? status_code(r->status_after) : PUBPLAN_STATUS_INVALID;
}

size_t pubplan_result_repair_change_count(const pubplan_result *result, size_t i, const char *strategy_id,
                                          size_t j) {
  const pubplan::Repair *r = repair_at(result, i, strategy_id, j);
  return r ? r->changes.size() : 0;
}

const char *pubplan_result_repair_change(const pubplan_result *result, size_t i, const char *strategy_id, size_t j,
                                         size_t k, int field) {
  const pubplan::Repair *r = repair_at(result, i, strategy_id, j);
  const pubplan::Change *c = r ? at(r->changes, k) : nullptr;
  if (!c) return nullptr;
  switch (field) {
    case PUBPLAN_CHANGE_FACT: return text(c->fact);
    case PUBPLAN_CHANGE_FROM: return text(c->from_json);
    case PUBPLAN_CHANGE_TO: return text(c->to_json);
    case PUBPLAN_CHANGE_ORIGIN: return text(c->origin);
    default: return nullptr;
  }
}

size_t pubplan_result_assumption_count(const pubplan_result *result, size_t i, const char *strategy_id) {
  const pubplan::StrategyResult *s = strategy_at(result, i, strategy_id);
  return s ? s->assuming.size() : 0;
}

const char *pubplan_result_assumption(const pubplan_result *result, size_t i, const char *strategy_id, size_t k,
                                      int field) {
  const pubplan::StrategyResult *s = strategy_at(result, i, strategy_id);
  const pubplan::Assumption *a = s ? at(s->assuming, k) : nullptr;
  if (!a) return nullptr;
  switch (field) {
    case PUBPLAN_ASSUMPTION_FACT: return text(a->fact);
    case PUBPLAN_ASSUMPTION_NEEDS: return text(a->needs);
    case PUBPLAN_ASSUMPTION_ORIGIN: return text(a->origin);
    default: return nullptr;
  }
}

size_t pubplan_result_warning_count(const pubplan_result *result, size_t i) {
  const pubplan::PackageResult *p = package_at(result, i);
  return p ? p->warnings.size() : 0;
}

const char *pubplan_result_warning(const pubplan_result *result, size_t i, size_t k, int field) {
  const pubplan::PackageResult *p = package_at(result, i);
  const pubplan::Warning *w = p ? at(p->warnings, k) : nullptr;
  if (!w) return nullptr;
  switch (field) {
    case PUBPLAN_WARNING_RULE: return text(w->rule);
    case PUBPLAN_WARNING_SAYS: return text(w->says);
    case PUBPLAN_WARNING_SOURCE: return text(w->source);
    default: return nullptr;
  }
}

int pubplan_result_warning_certain(const pubplan_result *result, size_t i, size_t k) {
  const pubplan::PackageResult *p = package_at(result, i);
  const pubplan::Warning *w = p ? at(p->warnings, k) : nullptr;
  return w ? (w->certain ? 1 : 0) : PUBPLAN_EMISUSE;
}

size_t pubplan_result_token_count(const pubplan_result *result) {
  return result ? result->result.tokens.tokens.size() : 0;
}

const char *pubplan_result_token(const pubplan_result *result, size_t t, int field) {
  const pubplan::Token *token = token_at(result, t);
  if (!token) return nullptr;
  switch (field) {
    case PUBPLAN_TOKEN_NAME: return text(token->name);
    case PUBPLAN_TOKEN_PIPELINE: return text(token->pipeline);
    case PUBPLAN_TOKEN_ACCESS: return text(token->access);
    case PUBPLAN_TOKEN_COMMAND: return text(token->command);
    default: return nullptr;
  }
}

int pubplan_result_token_bypass_2fa(const pubplan_result *result, size_t t) {
  const pubplan::Token *token = token_at(result, t);
  return token ? (token->bypass_2fa ? 1 : 0) : PUBPLAN_EMISUSE;
}

int pubplan_result_token_expires_days(const pubplan_result *result, size_t t) {
  const pubplan::Token *token = token_at(result, t);
  return token ? token->expires_days : PUBPLAN_EMISUSE;
}

size_t pubplan_result_token_list_count(const pubplan_result *result, size_t t, int list) {
  const auto *items = token_list(result, t, list);
  return items ? items->size() : 0;
}

const char *pubplan_result_token_list_item(const pubplan_result *result, size_t t, int list, size_t k) {
  const auto *items = token_list(result, t, list);
  const std::string *item = items ? at(*items, k) : nullptr;
  return item ? item->c_str() : nullptr;
}

size_t pubplan_result_tokens_denied_count(const pubplan_result *result) {
  return result ? result->result.tokens.denied.size() : 0;
}

const char *pubplan_result_tokens_denied(const pubplan_result *result, size_t k) {
  const std::string *name = result ? at(result->result.tokens.denied, k) : nullptr;
  return name ? name->c_str() : nullptr;
}

int pubplan_result_dot_with(pubplan_planner *planner, const pubplan_result *result, const pubplan_dot_options *opts,
                            pubplan_write_fn write, void *userdata) {
  if (!planner) return record(nullptr, PUBPLAN_EMISUSE, "pubplan_result_dot_with: planner is NULL");
  if (!result || !result->topology)
    return record(planner, PUBPLAN_EMISUSE, "pubplan_result_dot_with: no solved result");
  if (!write) return record(planner, PUBPLAN_EMISUSE, "pubplan_result_dot_with: write is NULL");
  if (opts && (opts->version < 1 || (opts->package_count && !opts->packages) ||
               (opts->pipeline_count && !opts->pipelines)))
    return record(planner, PUBPLAN_EMISUSE, "pubplan_result_dot_with: invalid options");
  try {
    pubplan::DotOptions options;
    if (opts) {
      for (size_t k = 0; k < opts->package_count; ++k)
        if (opts->packages[k]) options.packages.emplace_back(opts->packages[k]);
      for (size_t k = 0; k < opts->pipeline_count; ++k)
        if (opts->pipelines[k]) options.pipelines.emplace_back(opts->pipelines[k]);
      options.legend = opts->legend != 0;
    }
    std::string dot;
    try {
      dot = pubplan::to_dot(*result->topology, &result->result, planner->planner->catalog(), options);
    } catch (const std::invalid_argument &e) {
      return record(planner, PUBPLAN_EMISUSE, e.what());
    }
    return write_all(planner, write, userdata, dot);
  } catch (...) {
    return fail_current(planner, PUBPLAN_EINPUT);
  }
}

}  // extern "C"
