// The issues the CI reports list (issues.hpp).
#include "report/issues.hpp"

#include <cctype>

#include <fmt/format.h>

namespace pubplan::detail {

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

namespace {

Issue::Place place(const std::string &origin, std::string message = "") {
  auto [file, line] = split_origin(origin);
  return {std::move(file), line, std::move(message)};
}

// Nothing fits: the conflict's rules and facts, and the cheapest repair.
void nothing_fits(const PackageResult &p, Issue &issue) {
  std::string rules, facts;
  for (const Reason &r : p.conflict) {
    if (r.kind == Reason::Kind::rule) {
      rules += fmt::format("{}{} ({})", rules.empty() ? "" : "; ", r.rule, r.says);
      issue.catalog_rules.push_back(r.rule);
    } else {
      facts += fmt::format("{}{} = {}", facts.empty() ? "" : "; ", r.fact, r.value_json);
      if (!r.origin.empty()) issue.related.push_back(place(r.origin, fmt::format("{} = {}", r.fact, r.value_json)));
    }
  }
  issue.message = fmt::format("{}: nothing fits. Rules: {}. Facts: {}.", p.name, rules.empty() ? "none" : rules,
                              facts.empty() ? "none" : facts);
  if (p.repairs.empty()) return;
  const Repair &cheapest = p.repairs.front();
  std::string changes;
  for (const Change &c : cheapest.changes)
    changes += fmt::format("{}{} from {} to {}", changes.empty() ? "" : ", ", c.fact, c.from_json, c.to_json);
  issue.message += fmt::format(" Cheapest repair (unlocks {}): {}.", cheapest.unlocks, changes);
}

// Conditional or undecided: what the unknown facts must be, or why the solver stopped.
void not_decided(const PackageResult &p, Issue &issue) {
  const StrategyResult *s = p.strategy(*p.recommended);
  issue.recommended = *p.recommended;
  issue.message = fmt::format("{}: {} is {}", p.name, *p.recommended, to_string(p.recommended_status));
  if (s && !s->assuming.empty()) {
    issue.message += ", assuming";
    for (const Assumption &a : s->assuming) {
      issue.message += fmt::format(" {} {};", a.fact, a.needs);
      if (!a.origin.empty()) issue.related.push_back(place(a.origin, fmt::format("{} must be {}", a.fact, a.needs)));
    }
    issue.message.pop_back();
  } else if (s && !s->note.empty()) {
    issue.message += ": " + s->note;
  }
  issue.message += ".";
}

}  // namespace

std::vector<Issue> collect_issues(const Result &result, const Topology &topology) {
  std::vector<Issue> out;
  for (const Finding &f : topology.findings()) {
    Issue issue;
    issue.rule = f.id;
    issue.message = f.message;
    issue.where = {f.file, f.line, ""};
    if (!f.rule.empty()) issue.catalog_rules.push_back(f.rule);
    out.push_back(std::move(issue));
  }
  for (const PackageResult &p : result.packages) {
    if (p.recommended && p.recommended_status == Status::feasible) continue;
    const IssueKind &kind = !p.recommended                                   ? kNothingFits
                            : p.recommended_status == Status::conditional ? kConditional
                                                                           : kUndecided;
    Issue issue;
    issue.rule = kind.id;
    issue.error = kind.error;
    issue.package = p.name;
    issue.where = place(p.origin);
    if (!p.recommended) nothing_fits(p, issue);
    else not_decided(p, issue);
    out.push_back(std::move(issue));
  }
  return out;
}

void add_plan_steps(std::vector<Issue> &issues, const MigrationPlan &plan) {
  for (const PlanStep &s : plan.steps) {
    if (s.location.empty()) continue;
    Issue issue;
    issue.rule = kPlanStep.id;
    issue.note = true;
    issue.message = fmt::format("plan step {}: {}{}", s.id, s.title, s.actor.empty() ? "" : " (" + s.actor + ")");
    auto [file, line] = split_origin(s.location);
    issue.where = {file, line, ""};
    issue.step = s.id;
    issue.step_kind = s.kind;
    issues.push_back(std::move(issue));
  }
}

}  // namespace pubplan::detail
