// SARIF 2.1.0 (`--format sarif`) and GitLab Code Quality (`--format
// codequality`): the issues of issues.hpp as code-review services show them.
#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pubplan/report.hpp"
#include "pubplan/version.hpp"
#include "report/issues.hpp"

namespace pubplan {

namespace {

using detail::Issue;
using nlohmann::ordered_json;

// A relative path, as services resolve it against the repository root.
std::string relative(std::string path) {
  while (path.starts_with("./")) path.erase(0, 2);
  return path;
}

// A location's URI: the relative path percent-encoded; an absolute path as a
// file: URI. `@` may stand in a path as it is (RFC 3986 pchar), as in npm's
// scope folders (npm/@scope/pkg).
std::string uri_of(const std::string &path) {
  const std::string rel = relative(path);
  std::string out = rel.starts_with("/") ? "file://" : "";
  for (unsigned char c : rel) {
    if (std::isalnum(c) || std::string_view("-._~/@").find(static_cast<char>(c)) != std::string_view::npos)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// A whole-file location (line 0) has no region.
ordered_json location(const Issue::Place &p) {
  ordered_json physical{{"artifactLocation", {{"uri", uri_of(p.file)}}}};
  if (p.line > 0) physical["region"] = {{"startLine", p.line}};
  ordered_json loc{{"physicalLocation", physical}};
  if (!p.message.empty()) loc["message"] = {{"text", p.message}};
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

const char *level(const Issue &issue) { return issue.error ? "error" : issue.note ? "note" : "warning"; }

// tool.driver.rules: each rule once, in the order first used.
class SarifRules {
 public:
  explicit SarifRules(const Catalog &catalog) {
    for (auto &r : catalog.rules()) catalog_.emplace(r.id, std::move(r));
  }

  int of(const Issue &issue) {
    for (const auto *kind : {&detail::kNothingFits, &detail::kConditional, &detail::kUndecided, &detail::kPlanStep})
      if (issue.rule == kind->id)
        return add(kind->id, {{"id", kind->id},
                              {"name", kind->name},
                              {"shortDescription", {{"text", kind->text}}},
                              {"defaultConfiguration", {{"level", level(issue)}}}});
    // A finding: its id is its rule, described by the catalog rule it bears on.
    ordered_json rule{{"id", issue.rule}, {"defaultConfiguration", {{"level", "warning"}}}};
    const std::string bears_on = issue.catalog_rules.empty() ? "" : issue.catalog_rules.front();
    if (auto it = catalog_.find(bears_on); it != catalog_.end()) {
      rule["shortDescription"] = {{"text", it->second.statement}};
      if (auto uri = help_uri(it->second.source); !uri.empty()) rule["helpUri"] = uri;
    } else if (!bears_on.empty()) {
      rule["shortDescription"] = {{"text", "See " + bears_on}};
    }
    return add(issue.rule, std::move(rule));
  }

  // A catalog rule a conflict cites, with its statement, source and link.
  void cite(const std::string &id) {
    ordered_json rule{{"id", id}};
    if (auto it = catalog_.find(id); it != catalog_.end()) {
      const RuleInfo &r = it->second;
      rule["shortDescription"] = {{"text", r.statement}};
      rule["help"] = {{"text", fmt::format("{} (source: {}; as of {}, {})", r.statement, r.source, r.as_of,
                                           r.certainty)}};
      if (auto uri = help_uri(r.source); !uri.empty()) rule["helpUri"] = uri;
    }
    add(id, std::move(rule));
  }

  const ordered_json &json() const { return rules_; }

 private:
  int add(const std::string &id, ordered_json rule) {
    if (auto it = index_.find(id); it != index_.end()) return it->second;
    const int index = static_cast<int>(rules_.size());
    index_.emplace(id, index);
    rules_.push_back(std::move(rule));
    return index;
  }

  std::map<std::string, RuleInfo> catalog_;
  ordered_json rules_ = ordered_json::array();
  std::map<std::string, int> index_;
};

// 64-bit FNV-1a, as hex: a fingerprint that stays the same from run to run.
std::string fingerprint(const std::string &text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return fmt::format("{:016x}", h);
}

}  // namespace

namespace {

std::string sarif(const Result &result, const Catalog &catalog, const std::vector<Issue> &issues) {
  SarifRules rules(catalog);
  ordered_json results = ordered_json::array();
  for (const Issue &issue : issues) {
    ordered_json r{{"ruleId", issue.rule},
                   {"ruleIndex", rules.of(issue)},
                   {"level", level(issue)},
                   {"message", {{"text", issue.message}}}};
    if (!issue.where.file.empty()) r["locations"] = ordered_json::array({location(issue.where)});
    if (!issue.related.empty()) {
      ordered_json related = ordered_json::array();
      for (const auto &p : issue.related) {
        ordered_json loc = location(p);
        loc["id"] = static_cast<int>(related.size());
        related.push_back(std::move(loc));
      }
      r["relatedLocations"] = std::move(related);
    }
    ordered_json properties = ordered_json::object();
    if (!issue.package.empty()) {
      properties["package"] = issue.package;
      if (!issue.recommended.empty()) properties["recommended"] = issue.recommended;
      if (!issue.catalog_rules.empty()) properties["rules"] = issue.catalog_rules;
      for (const auto &id : issue.catalog_rules) rules.cite(id);
    } else if (!issue.catalog_rules.empty()) {
      properties["rule"] = issue.catalog_rules.front();
    } else if (!issue.step.empty()) {
      properties["step"] = issue.step;
      properties["kind"] = issue.step_kind;
    }
    if (!properties.empty()) r["properties"] = std::move(properties);
    results.push_back(std::move(r));
  }
  ordered_json run{{"tool", {{"driver", {{"name", "pubplan"}, {"version", version()}, {"rules", rules.json()}}}}},
                   {"results", std::move(results)},
                   {"properties", {{"topology", result.source}, {"as_of", result.as_of}}}};
  const ordered_json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                         {"version", "2.1.0"},
                         {"runs", ordered_json::array({std::move(run)})}};
  return doc.dump(2) + "\n";
}

std::string codequality(const Result &result, const std::vector<Issue> &issues) {
  ordered_json out = ordered_json::array();
  for (const Issue &issue : issues) {
    // What identifies the issue across runs: its rule and what it is about,
    // not the wording of its message.
    const std::string key = !issue.step.empty() ? fmt::format("{}|{}|{}", issue.rule, issue.step_kind, issue.message)
                            : issue.package.empty()
                                ? fmt::format("{}|{}|{}|{}", issue.rule, relative(issue.where.file),
                                              issue.where.line, issue.message)
                                : fmt::format("{}|{}", issue.rule, issue.package);
    ordered_json entry{{"description", issue.message},
                       {"check_name", issue.rule},
                       {"fingerprint", fingerprint(key)},
                       {"severity", issue.error ? "major" : issue.note ? "info" : "minor"}};
    // Code Quality needs a path; an issue without an origin points at the topology.
    const std::string path = issue.where.file.empty() ? result.source : issue.where.file;
    entry["location"] = {{"path", relative(path)}, {"lines", {{"begin", issue.where.line > 0 ? issue.where.line : 1}}}};
    out.push_back(std::move(entry));
  }
  return out.dump(2) + "\n";
}

}  // namespace

std::string to_sarif(const Result &result, const Topology &topology, const Catalog &catalog) {
  return sarif(result, catalog, detail::collect_issues(result, topology));
}

std::string to_sarif(const Result &result, const Topology &topology, const Catalog &catalog,
                     const MigrationPlan &plan) {
  std::vector<Issue> issues = detail::collect_issues(result, topology);
  detail::add_plan_steps(issues, plan);
  return sarif(result, catalog, issues);
}

std::string to_codequality(const Result &result, const Topology &topology) {
  return codequality(result, detail::collect_issues(result, topology));
}

std::string to_codequality(const Result &result, const Topology &topology, const MigrationPlan &plan) {
  std::vector<Issue> issues = detail::collect_issues(result, topology);
  detail::add_plan_steps(issues, plan);
  return codequality(result, issues);
}

}  // namespace pubplan
