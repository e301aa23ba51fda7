// The migration plan as JSON (`pubplan plan --format json`) and as text.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "pubplan/migration.hpp"

namespace pubplan {

namespace {

using J = nlohmann::ordered_json;

J text_or_null(const std::string &s) { return s.empty() ? J() : J(s); }

J step_json(const PlanStep &s) {
  return {{"id", s.id},
          {"kind", s.kind},
          {"title", s.title},
          {"detail", s.detail},
          {"actor", text_or_null(s.actor)},
          {"actor_says", text_or_null(s.actor_says)},
          {"two_factor", s.two_factor},
          {"pipeline", text_or_null(s.pipeline)},
          {"location", text_or_null(s.location)},
          {"packages", s.packages},
          {"commands", s.commands},
          {"after", s.after}};
}

J package_json(const PackagePlan &p) {
  return {{"name", p.name},
          {"current", p.current},
          {"target", p.target ? J(*p.target) : J()},
          {"target_status", p.target ? J(to_string(p.target_status)) : J()},
          {"via_repair", p.via_repair},
          {"steps", p.steps},
          {"notes", p.notes}};
}

std::string dump(const J &j, int indent) {
  return j.dump(indent, ' ', false, J::error_handler_t::replace);
}

}  // namespace

std::string to_json(const PlanStep &step) { return dump(step_json(step), -1); }
std::string to_json(const PackagePlan &package) { return dump(package_json(package), -1); }

std::string to_json(const MigrationPlan &plan, int indent) {
  J doc;
  doc["schema_version"] = 1;
  doc["source"] = plan.source;
  doc["as_of"] = plan.as_of;
  J steps = J::array();
  for (const PlanStep &step : plan.steps) steps.push_back(step_json(step));
  doc["steps"] = std::move(steps);
  J packages = J::array();
  for (const PackagePlan &p : plan.packages) packages.push_back(package_json(p));
  doc["packages"] = std::move(packages);
  return dump(doc, indent) + "\n";
}

std::string to_text(const MigrationPlan &plan) {
  std::string out = fmt::format("{}: migration plan, {} step{} (rules in force on {})\n", plan.source,
                                plan.steps.size(), plan.steps.size() == 1 ? "" : "s", plan.as_of);
  for (const PlanStep &s : plan.steps) {
    out += fmt::format("\n{:>4}. {}\n", s.id, s.title);
    if (!s.actor.empty()) out += fmt::format("      by: {}{}\n", s.actor_says.empty() ? s.actor : s.actor_says,
                                             s.two_factor && s.actor_says.find("2FA") == std::string::npos ? " (2FA)" : "");
    if (!s.location.empty()) out += fmt::format("      at: {}\n", s.location);
    if (!s.after.empty()) out += fmt::format("      after: {}\n", fmt::join(s.after, ", "));
    if (!s.packages.empty())
      out += s.packages.size() <= 3
                 ? fmt::format("      for: {}\n", fmt::join(s.packages, ", "))
                 : fmt::format("      for: {} packages ({}, {} and {} more)\n", s.packages.size(), s.packages[0],
                               s.packages[1], s.packages.size() - 2);
    if (!s.detail.empty()) out += fmt::format("      {}\n", s.detail);
    for (const std::string &c : s.commands) out += fmt::format("      $ {}\n", c);
  }
  out += "\npackages:\n";
  for (const PackagePlan &p : plan.packages) {
    out += fmt::format("  {}: {} -> {}{}{}\n", p.name, p.current, p.target ? *p.target : "nothing fits",
                       p.target && p.target_status != Status::feasible ? fmt::format(" ({})", to_string(p.target_status)) : "",
                       p.via_repair ? " after a repair" : "");
    if (!p.steps.empty()) out += fmt::format("    steps: {}\n", fmt::join(p.steps, ", "));
    for (const std::string &n : p.notes) out += fmt::format("    note: {}\n", n);
  }
  return out;
}

}  // namespace pubplan
