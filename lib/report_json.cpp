// The JSON document (schema_version 1). Field names are a contract: extend, never rename.
#include <nlohmann/json.hpp>

#include <ostream>
#include <sstream>
#include <string_view>

#include "pubplan/report.hpp"
#include "pubplan/version.hpp"

namespace pubplan {

namespace {

using json = nlohmann::ordered_json;

json optional_bool(const std::optional<bool> &b) { return b ? json(*b) : json(nullptr); }

json reason_json(const Reason &r) {
  if (r.kind == Reason::Kind::rule) {
    json j = {{"rule", r.rule}, {"says", r.says}, {"source", r.source}};
    if (!r.instance.empty()) j["instance"] = r.instance;
    return j;
  }
  json j = {{"fact", r.fact}, {"value", json::parse(r.value_json)},
            {"origin", r.origin.empty() ? json(nullptr) : json(r.origin)}};
  if (r.defaulted) j["default"] = true;
  return j;
}

json reasons_json(const std::vector<Reason> &rs) {
  json a = json::array();
  for (const auto &r : rs) a.push_back(reason_json(r));
  return a;
}

json repairs_json(const std::vector<Repair> &repairs) {
  json a = json::array();
  for (const auto &r : repairs) {
    json changes = json::array();
    for (const auto &c : r.changes)
      changes.push_back({{"fact", c.fact}, {"from", json::parse(c.from_json)}, {"to", json::parse(c.to_json)},
                         {"origin", c.origin.empty() ? json(nullptr) : json(c.origin)}});
    a.push_back({{"changes", std::move(changes)}, {"unlocks", r.unlocks},
                 {"status", to_string(r.status_after)}, {"cost", r.cost}});
  }
  return a;
}

json conflicts_json(const std::vector<std::vector<Reason>> &conflicts) {
  json a = json::array();
  for (const auto &c : conflicts) a.push_back({{"because", reasons_json(c)}});
  return a;
}

json strategy_json(const StrategyResult &s) {
  json j = {{"status", to_string(s.status)}};
  if (s.status == Status::infeasible) {
    j["because"] = reasons_json(s.because);
    j["conflicts"] = conflicts_json(s.conflicts);
    j["complete"] = s.conflicts_complete;
    j["repairs"] = repairs_json(s.repairs);
    j["repairs_complete"] = s.repairs_complete;
  }
  if (s.status == Status::conditional) {
    json a = json::array();
    for (const auto &as : s.assuming)
      a.push_back({{"fact", as.fact}, {"needs", as.needs},
                   {"origin", as.origin.empty() ? json(nullptr) : json(as.origin)}});
    j["assuming"] = std::move(a);
  }
  if (s.status == Status::feasible || s.status == Status::conditional)
    j["provenance"] = optional_bool(s.provenance);
  if (s.status == Status::unknown) j["note"] = s.note;
  return j;
}

json package_json(const PackageResult &p) {
  json j;
  j["name"] = p.name;
  j["recommended"] = p.recommended ? json(*p.recommended) : json(nullptr);
  j["recommended_status"] = p.recommended ? json(to_string(p.recommended_status)) : json(nullptr);
  j["provenance"] = p.recommended ? optional_bool(p.provenance) : json(false);
  j["feasible"] = p.feasible;
  j["conditional"] = p.conditional;
  json strategies = json::object();
  for (const auto &s : p.strategies) strategies[s.id] = strategy_json(s);
  j["strategies"] = std::move(strategies);
  j["fallback"] = p.fallback ? json(*p.fallback) : json(nullptr);
  j["why"] = p.why;
  json warnings = json::array();
  for (const auto &w : p.warnings) warnings.push_back({{"rule", w.rule}, {"says", w.says}, {"source", w.source}});
  j["warnings"] = std::move(warnings);
  if (p.recommended) {
    j["conflict"] = nullptr;
  } else {
    j["conflict"] = {{"because", reasons_json(p.conflict)}, {"conflicts", conflicts_json(p.conflicts)},
                     {"complete", p.conflicts_complete}, {"repairs", repairs_json(p.repairs)},
                     {"repairs_complete", p.repairs_complete}};
  }
  j["origin"] = p.origin;
  return j;
}

json strings(const std::vector<std::string> &v) { return json(v); }

json token_json(const Token &t) {
  return {{"name", t.name},         {"pipeline", t.pipeline},     {"access", t.access},
          {"packages", strings(t.packages)}, {"scopes", strings(t.scopes)}, {"orgs", strings(t.orgs)},
          {"bypass_2fa", t.bypass_2fa}, {"expires_days", t.expires_days}, {"command", t.command}};
}

json token_budget_json(const TokenPlan &p) {
  return {{"account_limit", p.account_limit},
          {"grants_per_token", p.grants_per_token},
          {"in_use", p.in_use},
          {"planned", p.tokens.size()},
          {"requested", p.requested},
          {"lower_bound", p.lower_bound},
          {"denied", strings(p.denied)},
          {"read_denied", strings(p.read_denied)}};
}

json graph_json(const GraphFacts &g) {
  json groups = json::array();
  for (const auto &grp : g.multi_publisher)
    groups.push_back({{"pipelines", strings(grp.pipelines)},
                      {"packages", strings(grp.packages)},
                      {"publishers", {{"min", grp.publishers_min}, {"max", grp.publishers_max}}}});
  return {{"release_order", strings(g.release_order)},
          {"cycles", json(g.cycles)},
          {"multi_publisher", std::move(groups)},
          {"read_needs", nullptr},  // written by write_json, element by element
          {"components", g.components},
          {"largest_component", g.largest_component}};
}

// Writes the n elements of an array one at a time, as dump(indent) would lay
// them out with the array at nesting `level`.
template <class Element>
void write_array(std::ostream &out, std::size_t n, int indent, std::size_t level, Element element) {
  if (n == 0) {
    out << "[]";
    return;
  }
  const std::size_t width = indent >= 0 ? static_cast<std::size_t>(indent) : 0;
  const std::string pad = indent >= 0 ? "\n" + std::string(width * (level + 1), ' ') : "";
  out << '[';
  std::string shifted;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string one = element(i).dump(indent);
    shifted.clear();
    for (char c : one) {
      if (c == '\n') shifted += pad;
      else shifted += c;
    }
    out << (i ? "," : "") << pad << shifted;
  }
  if (indent >= 0) out << '\n' << std::string(width * level, ' ');
  out << ']';
}

}  // namespace

// The long arrays (packages, and the read needs, which grow with pipelines
// times private packages) are written one element at a time, never as one
// tree: for 100,000 packages the tree would cost gigabytes. The rest of the
// document is dumped around placeholders (strings starting with a NUL, which
// no other value holds), replaced in document order.
struct JsonWriter::Impl {
  std::ostream &out;
  int indent;
  std::string pad;           // before each package: a line break and the indentation
  std::size_t written = 0;   // packages so far
  Summary summary;
  std::string source, catalog_as_of;

  static std::string placeholder(const char *name) { return std::string(1, '\0') + name; }

  json document(const Result *result) const {
    json doc;
    doc["schema_version"] = 1;
    doc["pubplan_version"] = version();
    doc["source"] = source;
    doc["catalog_as_of"] = catalog_as_of;
    doc["packages"] = placeholder("packages");
    if (!result) return doc;
    json tokens = json::array();
    for (const auto &t : result->tokens.tokens) tokens.push_back(token_json(t));
    doc["tokens"] = std::move(tokens);
    doc["token_budget"] = token_budget_json(result->tokens);
    doc["graph"] = graph_json(result->graph);
    doc["graph"]["read_needs"] = placeholder("read_needs");
    const Summary &s = summary;  // of the packages written, those of `result` included
    json summary_json = {{"packages", s.packages},         {"feasible", s.feasible}, {"conditional", s.conditional},
                         {"unknown", s.unknown},           {"nothing_fits", s.nothing_fits}};
    summary_json["distinct_problems"] = result->distinct_problems;
    summary_json["exit_code"] = s.exit_code();
    doc["summary"] = std::move(summary_json);
    return doc;
  }

  // Where the placeholder `name` starts in `text`, and where it ends.
  static std::pair<std::size_t, std::size_t> find(const std::string &text, const char *name, std::size_t from) {
    const std::string quoted = "\"\\u0000" + std::string(name) + "\"";  // as dump() escapes it
    const std::size_t at = text.find(quoted, from);
    return {at, at + quoted.size()};
  }

  void package(const PackageResult &p) {
    if (written == 0) {
      const std::string head = document(nullptr).dump(indent);
      out << std::string_view(head).substr(0, find(head, "packages", 0).first) << '[';
    }
    const std::string one = package_json(p).dump(indent);
    std::string shifted;
    shifted.reserve(one.size() + one.size() / 8);
    for (char c : one) {
      if (c == '\n') shifted += pad;
      else shifted += c;
    }
    out << (written++ ? "," : "") << pad << shifted;
    summary.count(p);
  }

  void finish(const Result &result) {
    for (const auto &p : result.packages) package(p);
    const std::string text = document(&result).dump(indent);
    auto [at, after] = find(text, "packages", 0);
    if (written == 0) {
      out << std::string_view(text).substr(0, at) << "[]";
    } else {
      if (indent >= 0) out << '\n' << std::string(static_cast<std::size_t>(indent), ' ');
      out << ']';
    }
    auto [needs_at, needs_after] = find(text, "read_needs", after);
    out << std::string_view(text).substr(after, needs_at - after);
    const auto &needs = result.graph.read_needs;
    write_array(out, needs.size(), indent, 2, [&](std::size_t i) {
      return json{{"pipeline", needs[i].pipeline}, {"package", needs[i].package}, {"path", strings(needs[i].path)}};
    });
    out << std::string_view(text).substr(needs_after) << '\n';
  }
};

JsonWriter::JsonWriter(std::ostream &out, std::string source, std::string catalog_as_of, int indent)
    : impl_(std::make_unique<Impl>(Impl{out, indent,
                                        indent >= 0 ? "\n" + std::string(2 * static_cast<std::size_t>(indent), ' ') : "",
                                        0, {}, std::move(source), std::move(catalog_as_of)})) {}
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

}  // namespace pubplan
