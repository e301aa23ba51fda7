// The report people read: packages grouped by what they should do, and for
// each package that is not simply fine, sentences composed from the rules'
// statements and the facts with their file:line. No sentence is written per case.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "pubplan/report.hpp"
#include "pubplan/version.hpp"

namespace pubplan {

namespace {

struct Paint {
  bool on;
  std::string operator()(const char *code, const std::string &s) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  }
  std::string bold(const std::string &s) const { return (*this)("1", s); }
  std::string red(const std::string &s) const { return (*this)("31", s); }
  std::string green(const std::string &s) const { return (*this)("32", s); }
  std::string yellow(const std::string &s) const { return (*this)("33", s); }
  std::string dim(const std::string &s) const { return (*this)("2", s); }
  std::string name(const std::string &s) const { return on ? bold(s) : "`" + s + "`"; }
};

std::string value_text(const std::string &json) {
  if (json.size() >= 2 && json.front() == '"') return json.substr(1, json.size() - 2);
  if (json == "[]") return "empty";
  if (json == "null") return "unknown";
  return json;
}

std::string fact_sentence(const Reason &f, const Paint &p) {
  std::string where = f.origin.empty() ? "" : fmt::format(" ({}{})", f.origin, f.defaulted ? ", default" : "");
  if (f.origin.empty() && f.defaulted) where = " (default)";
  return fmt::format("{} is {}{}", p.name(f.fact), p.bold(value_text(f.value_json)), where);
}

std::string rule_sentence(const Reason &r, const Paint &p) {
  return fmt::format("{} {}", r.says, p.dim(fmt::format("[{}, {}]", r.rule, r.source)));
}

// "because R1 and F1, F2; and R2 and F3" — each rule followed by the facts it reads.
std::vector<std::string> because_lines(const std::vector<Reason> &because, const Paint &p) {
  std::vector<std::string> lines;
  std::vector<bool> used(because.size(), false);
  for (const auto &r : because) {
    if (r.kind != Reason::Kind::rule) continue;
    std::vector<std::string> facts;
    for (std::size_t i = 0; i < because.size(); ++i)
      if (!used[i] && because[i].kind == Reason::Kind::fact &&
          std::count(r.reads.begin(), r.reads.end(), because[i].fact)) {
        facts.push_back(fact_sentence(because[i], p));
        used[i] = true;
      }
    std::string line = rule_sentence(r, p);
    if (!facts.empty()) line += fmt::format(", and {}", fmt::join(facts, ", and "));
    lines.push_back(std::move(line));
  }
  for (std::size_t i = 0; i < because.size(); ++i)
    if (!used[i] && because[i].kind == Reason::Kind::fact) lines.push_back(fact_sentence(because[i], p));
  return lines;
}

std::string json_text(const std::string &json) {
  return json.size() >= 2 && json.front() == '"' ? json.substr(1, json.size() - 2) : json;
}

void list_repairs(std::string &out, const std::vector<Repair> &repairs, bool complete, const Paint &p,
                  const char *indent) {
  if (repairs.empty()) {
    out += fmt::format("{}  No change of the topology's facts makes it fit{}.\n", indent,
                       complete ? "" : " within the search budget");
    return;
  }
  out += fmt::format("{}  Cheapest repairs (each checked by solving the changed topology):\n", indent);
  for (const auto &r : repairs) {
    std::vector<std::string> changes;
    for (const auto &c : r.changes)
      changes.push_back(fmt::format("{}: {} -> {}{}", p.name(c.fact), json_text(c.from_json), p.bold(json_text(c.to_json)),
                                    c.origin.empty() ? "" : fmt::format(" ({})", c.origin)));
    out += fmt::format("{}    - {} unlocks {}{} [cost {}]\n", indent, fmt::join(changes, " and "), p.name(r.unlocks),
                       r.status_after == Status::conditional ? " (conditional)" : "", r.cost);
  }
}

void other_conflicts(std::string &out, const std::vector<std::vector<Reason>> &conflicts, bool complete,
                     const Paint &p, const char *indent) {
  if (conflicts.size() <= 1) return;
  out += fmt::format("{}  Also, independently{}:\n", indent, complete ? "" : " (the search stopped at its bound)");
  for (std::size_t k = 1; k < conflicts.size(); ++k) {
    auto lines = because_lines(conflicts[k], p);
    out += fmt::format("{}    {}\n", indent, fmt::join(lines, "; "));
  }
}

void explain_strategy(std::string &out, const StrategyResult &s, const Paint &p, const char *indent,
                      bool detailed = false) {
  switch (s.status) {
    case Status::feasible:
      out += fmt::format("{}{} fits{}.\n", indent, p.name(s.id),
                         s.provenance == true ? ", with provenance" : "");
      break;
    case Status::conditional: {
      std::vector<std::string> needs;
      for (const auto &a : s.assuming)
        needs.push_back(fmt::format("{} {}{}", p.name(a.fact), a.needs,
                                    a.origin.empty() ? "" : fmt::format(" ({})", a.origin)));
      out += fmt::format("{}{} fits provided {}.\n", indent, p.name(s.id),
                         needs.empty() ? "the unknown facts allow it" : fmt::format("{}", fmt::join(needs, " and ")));
      break;
    }
    case Status::infeasible: {
      auto lines = because_lines(s.because, p);
      out += fmt::format("{}{} does not fit, because\n", indent, p.name(s.id));
      for (std::size_t i = 0; i < lines.size(); ++i)
        out += fmt::format("{}  {}{}\n", indent, lines[i], i + 1 < lines.size() ? ";" : ".");
      if (detailed) {
        other_conflicts(out, s.conflicts, s.conflicts_complete, p, indent);
        list_repairs(out, s.repairs, s.repairs_complete, p, indent);
      }
      break;
    }
    case Status::unknown:
      out += fmt::format("{}{} is undecided: {}.\n", indent, p.name(s.id), s.note);
      break;
  }
}

void explain_conflict(std::string &out, const PackageResult &pkg, const Paint &p, const char *indent,
                      bool detailed) {
  auto lines = because_lines(pkg.conflict, p);
  out += fmt::format("{}{}:\n", indent, p.red("Nothing fits"));
  for (std::size_t i = 0; i < lines.size(); ++i)
    out += fmt::format("{}  {}. {}\n", indent, i + 1, lines[i]);
  out += fmt::format("{}  So no strategy fits {}.\n", indent, p.name(pkg.name));
  if (detailed) {
    other_conflicts(out, pkg.conflicts, pkg.conflicts_complete, p, indent);
  } else if (pkg.conflicts.size() > 1) {
    out += fmt::format("{}  ({}{} other minimal conflicts: pubplan explain FILE {})\n", indent,
                       pkg.conflicts_complete ? "" : "at least ", pkg.conflicts.size() - 1, pkg.name);
  }
  list_repairs(out, pkg.repairs, pkg.repairs_complete, p, indent);
}

std::string status_word(const PackageResult &pkg, const Paint &p) {
  if (!pkg.recommended) return p.red("nothing fits");
  switch (pkg.recommended_status) {
    case Status::feasible: return p.green("feasible");
    case Status::conditional: return p.yellow("conditional");
    default: return p.yellow("unknown");
  }
}

}  // namespace

std::string explain_text(const PackageResult &pkg, const std::string &strategy, TextStyle style) {
  Paint p{style.color};
  std::string out = fmt::format("{}{}\n", p.bold(pkg.name), pkg.origin.empty() ? "" : fmt::format(" ({})", pkg.origin));
  if (pkg.recommended) {
    out += fmt::format("  recommended: {} ({}{})\n", p.bold(*pkg.recommended), to_string(pkg.recommended_status),
                       pkg.provenance == true ? ", with provenance" : "");
    if (pkg.fallback) out += fmt::format("  fallback: {}\n", *pkg.fallback);
    out += fmt::format("  why: {}\n", pkg.why);
  }
  for (const auto &w : pkg.warnings)
    out += fmt::format("  {} {} [{}, {}]\n", p.yellow("warning:"), w.says, w.rule, w.source);
  for (const auto &s : pkg.strategies) {
    if (!strategy.empty() && s.id != strategy) continue;
    explain_strategy(out, s, p, "  ", !strategy.empty());
    // Why not this one, when it fits but another was recommended.
    if (pkg.recommended && s.id != *pkg.recommended && s.status != Status::infeasible)
      out += fmt::format("    It ranks below {}: {}.\n", p.name(*pkg.recommended), pkg.why);
  }
  if (!pkg.recommended && strategy.empty()) explain_conflict(out, pkg, p, "  ", true);
  return out;
}

std::string to_text(const Result &result, TextStyle style) {
  Paint p{style.color};
  std::string out = fmt::format("{} — {} packages, catalog as of {}\n", result.source,
                                result.packages.size(), result.catalog_as_of);
  // Group by recommendation, in the order strategies first appear.
  std::vector<std::string> groups;
  std::map<std::string, std::vector<const PackageResult *>> by;
  for (const auto &pkg : result.packages) {
    std::string g = pkg.recommended ? *pkg.recommended : "nothing fits";
    if (!by.count(g)) groups.push_back(g);
    by[g].push_back(&pkg);
  }
  std::stable_partition(groups.begin(), groups.end(), [](const std::string &g) { return g != "nothing fits"; });
  std::size_t width = 0;
  for (const auto &pkg : result.packages) width = std::max(width, pkg.name.size());
  for (const auto &g : groups) {
    out += fmt::format("\n{} ({})\n", p.bold(g), by[g].size());
    for (const auto *pkg : by[g]) {
      std::string notes;
      if (pkg->recommended && pkg->provenance == true) notes += "  provenance";
      if (pkg->fallback) notes += fmt::format("  fallback {}", *pkg->fallback);
      if (!pkg->warnings.empty()) notes += fmt::format("  {} warning{}", pkg->warnings.size(), pkg->warnings.size() > 1 ? "s" : "");
      out += fmt::format("  {:<{}}  {}{}\n", pkg->name, width, status_word(*pkg, p), notes);
    }
  }
  // Details for every package that needs a person's attention.
  bool header = false;
  for (const auto &pkg : result.packages) {
    bool attention = !pkg.recommended || pkg.recommended_status != Status::feasible;
    if (!attention) continue;
    if (!header) out += fmt::format("\n{}\n", p.bold("Details"));
    header = true;
    out += "\n" + fmt::format("{}{}\n", p.bold(pkg.name), pkg.origin.empty() ? "" : fmt::format(" ({})", pkg.origin));
    if (pkg.recommended) {
      const StrategyResult *s = pkg.strategy(*pkg.recommended);
      explain_strategy(out, *s, p, "  ");
      if (pkg.fallback) out += fmt::format("  Until that is known, {} fits now.\n", p.name(*pkg.fallback));
    } else {
      explain_conflict(out, pkg, p, "  ", false);
    }
  }
  // Warnings, collapsed by rule.
  std::vector<std::string> rules;
  std::map<std::string, std::vector<std::string>> warned;
  std::map<std::string, std::string> says;
  for (const auto &pkg : result.packages)
    for (const auto &w : pkg.warnings) {
      if (!warned.count(w.rule)) rules.push_back(w.rule);
      warned[w.rule].push_back(pkg.name);
      says[w.rule] = w.says;
    }
  if (!rules.empty()) out += fmt::format("\n{}\n", p.bold("Warnings"));
  for (const auto &r : rules) {
    const auto &names = warned[r];
    std::string list = names.size() <= 5 ? fmt::format("{}", fmt::join(names, ", "))
                                         : fmt::format("{}, and {} more", fmt::join(names.begin(), names.begin() + 5, ", "), names.size() - 5);
    out += fmt::format("  {} {} [{}]\n    for {}\n", p.yellow("warning:"), says[r], r, list);
  }
  int fits = 0, cond = 0, none = 0;
  for (const auto &pkg : result.packages) {
    if (!pkg.recommended) ++none;
    else if (pkg.recommended_status == Status::feasible) ++fits;
    else ++cond;
  }
  out += fmt::format("\n{} feasible, {} conditional or undecided, {} with nothing that fits.\n", fits, cond, none);
  return out;
}

}  // namespace pubplan
