// The JSON document (schema_version 2; docs/json.md says what changed from 1).
// Field names are a contract: extend, never rename.
#include <map>
#include <ostream>
#include <unordered_map>
#include <sstream>
#include <string_view>

#include "report/json_out.hpp"
#include "pubplan/report.hpp"
#include "pubplan/version.hpp"

namespace pubplan {

namespace {

using detail::JsonOut;

// The statement and source of each rule the document's members name: written
// once, in the top-level `rules`, instead of in every member.
struct RuleText {
  std::string says, source;
};
using RuleTable = std::map<std::string, RuleText>;

// Where the rules named so far are collected (nullptr: a part written alone).
thread_local RuleTable *t_rules = nullptr;

// Collects the rules named into `table` for its scope.
class CollectRules {
 public:
  explicit CollectRules(RuleTable &table) { t_rules = &table; }
  ~CollectRules() { t_rules = nullptr; }
  CollectRules(const CollectRules &) = delete;
  CollectRules &operator=(const CollectRules &) = delete;
};

void name_rule(const std::string &id, const std::string &says, const std::string &source) {
  if (t_rules) t_rules->try_emplace(id, RuleText{says, source});
}

void origin(JsonOut &j, const std::string &o) {
  j.key("origin");
  if (o.empty()) j.null();
  else j.string(o);
}

void optional_bool(JsonOut &j, const std::optional<bool> &b) {
  if (b) j.boolean(*b);
  else j.null();
}

void reason(JsonOut &j, const Reason &r) {
  j.object();
  if (r.kind == Reason::Kind::rule) {
    j.key("rule").string(r.rule);
    name_rule(r.rule, r.says, r.source);
    if (!r.instance.empty()) j.key("instance").string(r.instance);
    // What the explanation is derived from (pubplan::derivation): the facts of
    // the set it reads, the strategies it is about, those it leaves out alone.
    j.key("reads").strings(r.reads).key("strategies").strings(r.strategies).key("rules_out").strings(r.rules_out);
  } else {
    j.key("fact").string(r.fact).key("value").raw(r.value_json);
    origin(j, r.origin);
    if (r.defaulted) j.key("default").boolean(true);
  }
  j.end_object();
}

void reasons(JsonOut &j, const std::vector<Reason> &rs) {
  j.array();
  for (const auto &r : rs) reason(j, r);
  j.end_array();
}

void change(JsonOut &j, const Change &c) {
  j.object().key("fact").string(c.fact).key("from").raw(c.from_json).key("to").raw(c.to_json);
  origin(j, c.origin);
  j.end_object();
}

void repair(JsonOut &j, const Repair &r) {
  j.object().key("changes").array();
  for (const auto &c : r.changes) change(j, c);
  j.end_array().key("unlocks").string(r.unlocks).key("status").string(to_string(r.status_after));
  j.key("cost").integer(r.cost).end_object();
}

void repairs(JsonOut &j, const std::vector<Repair> &rs) {
  j.array();
  for (const auto &r : rs) repair(j, r);
  j.end_array();
}

void assumption(JsonOut &j, const Assumption &a) {
  j.object().key("fact").string(a.fact).key("needs").string(a.needs);
  origin(j, a.origin);
  j.end_object();
}

void warning(JsonOut &j, const Warning &w) {
  j.object().key("rule").string(w.rule);
  name_rule(w.rule, w.says, w.source);
  if (!w.certain) j.key("certain").boolean(false);
  j.end_object();
}

void conflicts(JsonOut &j, const std::vector<std::vector<Reason>> &cs) {
  j.array();
  for (const auto &c : cs) {
    j.object().key("because");
    reasons(j, c);
    j.end_object();
  }
  j.end_array();
}

// The diagnosis of an infeasible strategy, or of the package when nothing
// fits; without `diagnosed`, only its first reason set was computed.
void diagnosis(JsonOut &j, const std::vector<Reason> &because, const std::vector<std::vector<Reason>> &cs,
               bool complete, const std::vector<Repair> &rs, bool repairs_complete, bool because_minimal = true,
               bool diagnosed = true) {
  j.key("because");
  reasons(j, because);
  // Written only when it is not: every `because` is minimal unless this says otherwise.
  if (!because_minimal) j.key("because_minimal").boolean(false);
  if (!diagnosed) return;
  j.key("conflicts");
  conflicts(j, cs);
  j.key("complete").boolean(complete).key("repairs");
  repairs(j, rs);
  j.key("repairs_complete").boolean(repairs_complete);
}

void strategy(JsonOut &j, const StrategyResult &s) {
  j.object().key("status").string(to_string(s.status));
  if (s.status == Status::infeasible)
    diagnosis(j, s.because, s.conflicts, s.conflicts_complete, s.repairs, s.repairs_complete, s.because_minimal,
              s.diagnosed);
  if (s.status == Status::conditional) {
    j.key("assuming").array();
    for (const auto &a : s.assuming) assumption(j, a);
    j.end_array();
  }
  if (s.status == Status::feasible || s.status == Status::conditional) {
    j.key("provenance");
    optional_bool(j, s.provenance);
  }
  if (s.status == Status::unknown) j.key("note").string(s.note);
  j.end_object();
}

void package(JsonOut &j, const PackageResult &p) {
  j.object().key("name").string(p.name).key("recommended");
  if (p.recommended) j.string(*p.recommended).key("recommended_status").string(to_string(p.recommended_status));
  else j.null().key("recommended_status").null();
  j.key("provenance");
  if (p.recommended) optional_bool(j, p.provenance);
  else j.boolean(false);
  j.key("feasible").strings(p.feasible).key("conditional").strings(p.conditional);
  j.key("strategies").object();
  for (const auto &s : p.strategies) strategy(j.key(s.id), s);
  j.end_object().key("fallback");
  if (p.fallback) j.string(*p.fallback);
  else j.null();
  j.key("why").string(p.why).key("warnings").array();
  for (const auto &w : p.warnings) warning(j, w);
  j.end_array().key("conflict");
  if (p.recommended) {
    j.null();
  } else {
    j.object();
    diagnosis(j, p.conflict, p.conflicts, p.conflicts_complete, p.repairs, p.repairs_complete);
    j.end_object();
  }
  j.key("origin").string(p.origin).end_object();
}

void token(JsonOut &j, const Token &t) {
  j.object().key("name").string(t.name).key("pipeline").string(t.pipeline).key("access").string(t.access);
  j.key("packages").strings(t.packages).key("scopes").strings(t.scopes).key("orgs").strings(t.orgs);
  j.key("bypass_2fa").boolean(t.bypass_2fa).key("expires_days").integer(t.expires_days);
  j.key("command").string(t.command).end_object();
}

void optional_string(JsonOut &j, const std::optional<std::string> &v) {
  if (v) j.string(*v);
  else j.null();
}

void ahead_change(JsonOut &j, const AheadChange &a) {
  j.object().key("date").string(a.date).key("rules").array();
  for (const auto &r : a.rules)
    j.object().key("rule").string(r.rule).key("certainty").string(r.certainty)
        .key("change").string(r.takes_effect ? "takes_effect" : "ends").key("says").string(r.says).end_object();
  j.end_array().key("strategies").array();
  for (const auto &s : a.strategies)
    j.object().key("strategy").string(s.strategy).key("before").string(to_string(s.before))
        .key("after").string(to_string(s.after)).end_object();
  j.end_array().key("recommended_before");
  optional_string(j, a.recommended_before);
  j.key("recommended_after");
  optional_string(j, a.recommended_after);
  j.key("packages").strings(a.packages).end_object();
}

void token_budget(JsonOut &j, const TokenPlan &p) {
  j.object().key("account_limit").integer(p.account_limit).key("grants_per_token").integer(p.grants_per_token);
  j.key("in_use").integer(p.in_use).key("planned").integer(static_cast<std::int64_t>(p.tokens.size()));
  j.key("requested").integer(static_cast<std::int64_t>(p.requested));
  j.key("lower_bound").integer(static_cast<std::int64_t>(p.lower_bound));
  j.key("denied").strings(p.denied).key("read_denied").strings(p.read_denied).end_object();
}

void graph(JsonOut &j, const GraphFacts &g) {
  j.object().key("release_order").strings(g.release_order).key("cycles").array();
  for (const auto &c : g.cycles) j.strings(c);
  j.end_array().key("multi_publisher").array();
  for (const auto &grp : g.multi_publisher) {
    j.object().key("pipelines").strings(grp.pipelines).key("packages").strings(grp.packages);
    j.key("publishers").object().key("min").integer(grp.publishers_min).key("max").integer(grp.publishers_max);
    j.end_object().end_object();
  }
  // One entry per pipeline; the paths behind it only when they were computed
  // (read_needs holds them, pipeline by pipeline, as installs has the pipelines).
  j.end_array().key("read_needs").array();
  std::size_t next = 0;
  for (const auto &in : g.installs) {
    j.object().key("pipeline").string(in.pipeline).key("packages").strings(in.packages);
    std::unordered_map<std::string_view, const ReadNeed *> path_to;
    for (; next < g.read_needs.size() && g.read_needs[next].pipeline == in.pipeline; ++next)
      path_to.emplace(g.read_needs[next].package, &g.read_needs[next]);
    if (!path_to.empty()) {
      j.key("paths").array();
      for (const auto &p : in.packages)
        if (auto it = path_to.find(p); it != path_to.end()) j.strings(it->second->path);
      j.end_array();
    }
    j.end_object();
  }
  j.end_array().key("components").integer(static_cast<std::int64_t>(g.components));
  j.key("largest_component").integer(static_cast<std::int64_t>(g.largest_component)).end_object();
}

std::int64_t count(std::size_t n) { return static_cast<std::int64_t>(n); }

}  // namespace

// The document is written as it goes: its head before the first package, each
// package as it comes (none is kept), the rest at the end. The buffer goes to
// the stream whenever it has grown past a few pages.
struct JsonWriter::Impl {
  std::ostream &out;
  std::string buffer;
  JsonOut j;
  std::string source, catalog_as_of;
  Summary summary;
  RuleTable rules;
  bool started = false;

  Impl(std::ostream &o, int indent, std::string src, std::string as_of)
      : out(o), j(buffer, indent), source(std::move(src)), catalog_as_of(std::move(as_of)) {}

  void flush(std::size_t above) {
    if (buffer.size() <= above) return;
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    buffer.clear();
  }

  void start() {
    if (started) return;
    started = true;
    j.object().key("schema_version").integer(2).key("pubplan_version").string(version());
    j.key("source").string(source).key("catalog_as_of").string(catalog_as_of).key("packages").array();
  }

  void package(const PackageResult &p) {
    start();
    {
      const CollectRules collect(rules);
      pubplan::package(j, p);
    }
    summary.count(p);
    flush(1 << 16);
  }

  void finish(const Result &result) {
    for (const auto &p : result.packages) package(p);
    start();
    j.end_array().key("rules").object();
    for (const auto &[id, text] : rules)
      j.key(id).object().key("says").string(text.says).key("source").string(text.source).end_object();
    j.end_object().key("diagnose").string(result.diagnose);
    j.key("as_of").string(result.as_of).key("horizon_days").integer(result.horizon_days);
    j.key("ahead").array();
    for (const auto &a : result.ahead) ahead_change(j, a);
    j.end_array().key("tokens").array();
    for (const auto &t : result.tokens.tokens) token(j, t);
    j.end_array().key("token_budget");
    token_budget(j, result.tokens);
    j.key("graph");
    graph(j, result.graph);
    const Summary &s = summary;  // of the packages written, those of `result` included
    j.key("summary").object().key("packages").integer(count(s.packages));
    j.key("feasible").integer(count(s.feasible)).key("conditional").integer(count(s.conditional));
    j.key("unknown").integer(count(s.unknown)).key("nothing_fits").integer(count(s.nothing_fits));
    j.key("distinct_problems").integer(count(result.distinct_problems));
    j.key("exit_code").integer(s.exit_code()).end_object().end_object();
    buffer += '\n';
    flush(0);
  }
};

JsonWriter::JsonWriter(std::ostream &out, std::string source, std::string catalog_as_of, int indent)
    : impl_(std::make_unique<Impl>(out, indent, std::move(source), std::move(catalog_as_of))) {}
JsonWriter::~JsonWriter() = default;
void JsonWriter::package(const PackageResult &p) { impl_->package(p); }
void JsonWriter::finish(const Result &result) { impl_->finish(result); }

void write_json(std::ostream &out, const Result &result, int indent) {
  JsonWriter(out, result.source, result.catalog_as_of, indent).finish(result);
}

std::string to_json(const Result &result, int indent) {
  std::ostringstream out;
  write_json(out, result, indent);
  return std::move(out).str();
}

namespace {
// One part of the document, compact, written by the same function as in it.
template <class Part>
std::string part_json(void (*write)(JsonOut &, const Part &), const Part &part) {
  std::string out;
  JsonOut j(out, -1);
  write(j, part);
  return out;
}
}  // namespace

std::string to_json(const Reason &r) { return part_json(reason, r); }
std::string to_json(const Assumption &a) { return part_json(assumption, a); }
std::string to_json(const Change &c) { return part_json(change, c); }
std::string to_json(const Repair &r) { return part_json(repair, r); }
std::string to_json(const Warning &w) { return part_json(warning, w); }
std::string to_json(const Token &t) { return part_json(token, t); }
std::string to_json(const PackageResult &p) { return part_json(package, p); }
std::string to_json(const StrategyResult &s) { return part_json(strategy, s); }
std::string to_json(const AheadChange &a) { return part_json(ahead_change, a); }

}  // namespace pubplan
