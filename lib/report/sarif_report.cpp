// SARIF 2.1.0 (`--format sarif`): what code-scanning services show on a pull
// request. Results are the topology's scan findings and the packages whose
// recommendation is not feasible; locations come from origins ("FILE:LINE").
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pubplan/report.hpp"
#include "pubplan/version.hpp"

namespace pubplan {

namespace {

using nlohmann::ordered_json;

// The results pubplan itself raises about packages (the catalog's rules are
// cited inside them).
struct OwnRule {
  const char *id, *name, *text, *level;
};
constexpr OwnRule kNothingFits{"pubplan.nothing-fits", "NothingFits",
                               "No publishing strategy fits this package: every one is ruled out by the facts and rules cited.",
                               "error"};
constexpr OwnRule kConditional{"pubplan.conditional", "Conditional",
                               "The recommended strategy fits only if facts the topology leaves unknown have the values listed.",
                               "warning"};
constexpr OwnRule kUndecided{"pubplan.undecided", "Undecided",
                             "The solver's budget ran out before it could decide the recommended strategy.", "warning"};

// A location's URI: a relative path (what code scanning resolves against the
// repository root), percent-encoded; an absolute path as a file: URI.
std::string uri_of(std::string path) {
  while (path.starts_with("./")) path.erase(0, 2);
  std::string out = path.starts_with("/") ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string_view("-._~/").find(static_cast<char>(c)) != std::string_view::npos)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// "FILE:LINE" into its parts; line 0 when there is none.
std::pair<std::string, int> split_origin(const std::string &origin) {
  const auto colon = origin.rfind(':');
  if (colon == std::string::npos || colon + 1 == origin.size()) return {origin, 0};
  int line = 0;
  for (std::size_t i = colon + 1; i < origin.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(origin[i]))) return {origin, 0};
    line = line * 10 + (origin[i] - '0');
    if (line > 100'000'000) return {origin, 0};
  }
  return {origin.substr(0, colon), line};
}

// A whole-file location (line 0) has no region.
ordered_json location(const std::string &file, int line, const std::string &message = "") {
  ordered_json physical{{"artifactLocation", {{"uri", uri_of(file)}}}};
  if (line > 0) physical["region"] = {{"startLine", line}};
  ordered_json loc{{"physicalLocation", physical}};
  if (!message.empty()) loc["message"] = {{"text", message}};
  return loc;
}

// A catalog rule's source, "docs.npmjs.com/trusted-publishers; ...", as a link
// when its first part is a host and path.
std::string help_uri(const std::string &source) {
  std::string first = source.substr(0, source.find(';'));
  if (first.find(' ') != std::string::npos || first.find('.') == std::string::npos ||
      first.find('/') == std::string::npos)
    return "";
  return first.starts_with("http") ? first : "https://" + first;
}

class SarifWriter {
 public:
  explicit SarifWriter(const Catalog &catalog) {
    for (auto &r : catalog.rules()) catalog_rules_.emplace(r.id, std::move(r));
  }

  void finding(const Finding &f) {
    ordered_json result{{"ruleId", f.id}, {"ruleIndex", rule_index_finding(f)}, {"level", "warning"},
                        {"message", {{"text", f.message}}}, {"locations", ordered_json::array({location(f.file, f.line)})}};
    if (!f.rule.empty()) result["properties"] = {{"rule", f.rule}};
    results_.push_back(std::move(result));
  }

  void package(const PackageResult &p) {
    if (p.recommended && p.recommended_status == Status::feasible) return;
    const OwnRule &own = !p.recommended                                   ? kNothingFits
                         : p.recommended_status == Status::conditional ? kConditional
                                                                        : kUndecided;
    std::string text;
    ordered_json related = ordered_json::array();
    ordered_json properties{{"package", p.name}};
    std::vector<std::string> cited;
    if (!p.recommended) {
      text = fmt::format("{}: nothing fits.", p.name);
      for (const Reason &r : p.conflict) {
        if (r.kind == Reason::Kind::rule) {
          text += fmt::format(" {} ({})", r.rule, r.says);
          cited.push_back(r.rule);
        } else {
          text += fmt::format(" {} is {}.", r.fact, r.value_json);
          add_related(related, r.origin, fmt::format("{} = {}", r.fact, r.value_json));
        }
      }
      if (!p.repairs.empty()) {
        const Repair &cheapest = p.repairs.front();
        std::string changes;
        for (const Change &c : cheapest.changes)
          changes += fmt::format("{}{} from {} to {}", changes.empty() ? "" : ", ", c.fact, c.from_json, c.to_json);
        text += fmt::format(" Cheapest repair (unlocks {}): {}.", cheapest.unlocks, changes);
      }
    } else {
      const StrategyResult *s = p.strategy(*p.recommended);
      text = fmt::format("{}: {} is {}", p.name, *p.recommended, to_string(p.recommended_status));
      if (s && !s->assuming.empty()) {
        text += ", assuming";
        for (const Assumption &a : s->assuming) {
          text += fmt::format(" {} {};", a.fact, a.needs);
          add_related(related, a.origin, fmt::format("{} must be {}", a.fact, a.needs));
        }
        text.pop_back();
      } else if (s && !s->note.empty()) {
        text += ": " + s->note;
      }
      text += ".";
      properties["recommended"] = *p.recommended;
    }
    for (const auto &id : cited) rule_index_catalog(id);
    if (!cited.empty()) properties["rules"] = cited;
    const auto [file, line] = split_origin(p.origin);
    ordered_json result{{"ruleId", own.id}, {"ruleIndex", rule_index_own(own)}, {"level", own.level},
                        {"message", {{"text", text}}}};
    if (!file.empty()) result["locations"] = ordered_json::array({location(file, line)});
    if (!related.empty()) result["relatedLocations"] = std::move(related);
    result["properties"] = std::move(properties);
    results_.push_back(std::move(result));
  }

  std::string finish(const Result &result) const {
    ordered_json run{
        {"tool", {{"driver", {{"name", "pubplan"},
                              {"version", version()},
                              {"rules", rules_}}}}},
        {"results", results_},
        {"properties", {{"topology", result.source}, {"as_of", result.as_of}}}};
    ordered_json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                     {"version", "2.1.0"},
                     {"runs", ordered_json::array({std::move(run)})}};
    return doc.dump(2) + "\n";
  }

 private:
  void add_related(ordered_json &related, const std::string &origin, const std::string &message) {
    if (origin.empty()) return;
    const auto [file, line] = split_origin(origin);
    ordered_json loc = location(file, line, message);
    loc["id"] = static_cast<int>(related.size());
    related.push_back(std::move(loc));
  }

  int add_rule(const std::string &id, ordered_json rule) {
    if (auto it = index_.find(id); it != index_.end()) return it->second;
    const int index = static_cast<int>(rules_.size());
    index_.emplace(id, index);
    rules_.push_back(std::move(rule));
    return index;
  }

  int rule_index_own(const OwnRule &own) {
    return add_rule(own.id, {{"id", own.id},
                             {"name", own.name},
                             {"shortDescription", {{"text", own.text}}},
                             {"defaultConfiguration", {{"level", own.level}}}});
  }

  ordered_json catalog_rule(const std::string &id) const {
    auto it = catalog_rules_.find(id);
    if (it == catalog_rules_.end()) return {{"id", id}};
    const RuleInfo &r = it->second;
    ordered_json rule{{"id", id},
                      {"shortDescription", {{"text", r.statement}}},
                      {"help", {{"text", fmt::format("{} (source: {}; as of {}, {})", r.statement, r.source,
                                                     r.as_of, r.certainty)}}}};
    if (auto uri = help_uri(r.source); !uri.empty()) rule["helpUri"] = uri;
    return rule;
  }

  int rule_index_catalog(const std::string &id) { return add_rule(id, catalog_rule(id)); }

  // A finding's own id is its rule; its text cites the catalog rule it bears on.
  int rule_index_finding(const Finding &f) {
    ordered_json rule{{"id", f.id}, {"defaultConfiguration", {{"level", "warning"}}}};
    if (auto it = catalog_rules_.find(f.rule); it != catalog_rules_.end()) {
      rule["shortDescription"] = {{"text", it->second.statement}};
      if (auto uri = help_uri(it->second.source); !uri.empty()) rule["helpUri"] = uri;
    } else if (!f.rule.empty()) {
      rule["shortDescription"] = {{"text", "See " + f.rule}};
    }
    return add_rule(f.id, std::move(rule));
  }

  std::map<std::string, RuleInfo> catalog_rules_;
  ordered_json rules_ = ordered_json::array();
  ordered_json results_ = ordered_json::array();
  std::map<std::string, int> index_;
};

}  // namespace

std::string to_sarif(const Result &result, const Topology &topology, const Catalog &catalog) {
  SarifWriter w(catalog);
  for (const Finding &f : topology.findings()) w.finding(f);
  for (const PackageResult &p : result.packages) w.package(p);
  return w.finish(result);
}

}  // namespace pubplan
