// The report people read: packages grouped by what they should do, and for
// each package that is not simply fine, sentences composed from the rules'
// statements and the facts with their file:line. No sentence is written per case.
#include <algorithm>
#include <map>
#include <set>

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

std::string rule_text(const Reason &r, const Paint &p) {
  return fmt::format("{} {}", r.says, p.dim(fmt::format("[{}, {}]", r.rule, r.source)));
}

std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// "`a`", "`a` and `b`", "`a`, `b` and `c`".
std::string and_list(const std::vector<std::string> &items) {
  if (items.size() <= 1) return items.empty() ? std::string() : items[0];
  return fmt::format("{} and {}", fmt::join(items.begin(), items.end() - 1, ", "), items.back());
}

std::string refs(const std::vector<int> &lines) {
  std::vector<std::string> r;
  for (int n : lines) r.push_back(fmt::format("({})", n));
  return and_list(r);
}

// Renders the steps of pubplan::derivation as numbered sentences: a rule's
// statement with the facts of the file it reads (file:line), and what follows.
std::vector<std::string> derivation_text(const std::vector<Reason> &because, const std::string &target,
                                         const std::string &package, const Paint &p) {
  const std::vector<DerivationStep> steps = derivation(because, target);
  std::vector<std::string> out;
  for (const DerivationStep &s : steps) {
    std::vector<std::string> facts;
    for (std::size_t k = 1; k < s.members.size(); ++k) facts.push_back(fact_sentence(because[s.members[k]], p));
    switch (s.kind) {
      case DerivationStep::Kind::premise: {
        const Reason &first = because[s.members.front()];
        if (first.kind == Reason::Kind::fact) {
          out.push_back(capitalized(fact_sentence(first, p)) + ".");
        } else {
          out.push_back(capitalized(rule_text(first, p)) + (facts.empty() ? "" : ", and " + and_list(facts)) + ".");
        }
        break;
      }
      case DerivationStep::Kind::ruling: {
        std::vector<std::string> names;
        for (const auto &id : s.rules_out) names.push_back(p.name(id));
        out.push_back(fmt::format("Because {}{}{}, {} {} not fit.", rule_text(because[s.members.front()], p),
                                  facts.empty() ? "" : fmt::format(" and {}", and_list(facts)),
                                  s.cites.empty() ? "" : fmt::format(", with {}", refs(s.cites)), and_list(names),
                                  names.size() == 1 ? "does" : "do"));
        break;
      }
      case DerivationStep::Kind::conclusion: {
        const bool alone = s.cites.size() == 1 && out.size() == 1;
        const std::string by = alone ? "" : fmt::format("by {}, ", refs(s.cites));
        out.push_back(target.empty() ? fmt::format("So, {}no strategy fits {}.", by, p.name(package))
                                     : fmt::format("So, {}{} does not fit.", by, p.name(target)));
        break;
      }
    }
  }
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = fmt::format("{}. {}", k + 1, out[k]);
  return out;
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

// Strips "N. " from a derivation line.
std::string unnumbered(const std::string &line) { return line.substr(line.find(". ") + 2); }

// The other conflicts; one that shares lines with the first is shown as the
// first with some of its lines replaced, so only what differs is read again.
void other_conflicts(std::string &out, const std::vector<std::vector<Reason>> &conflicts, bool complete,
                     const std::string &target, const std::string &package, const Paint &p, const char *indent) {
  if (conflicts.size() <= 1) return;
  out += fmt::format("{}  Also, independently{}:\n", indent, complete ? "" : " (the search stopped at its bound)");
  const auto first = derivation_text(conflicts[0], target, package, p);
  std::vector<std::string> first_body;  // without the concluding "So, ..." line
  for (const auto &l : first)
    if (unnumbered(l).rfind("So, ", 0) != 0) first_body.push_back(unnumbered(l));
  for (std::size_t k = 1; k < conflicts.size(); ++k) {
    const auto lines = derivation_text(conflicts[k], target, package, p);
    std::vector<std::string> fresh;
    bool shares = false, same_shape = lines.size() == first.size();
    for (const auto &l : lines) {
      const std::string text = unnumbered(l);
      if (text.rfind("So, ", 0) == 0) continue;
      if (std::count(first_body.begin(), first_body.end(), text)) shares = true;
      else fresh.push_back(text);
    }
    std::vector<int> replaced;
    for (std::size_t i = 0; i < first_body.size(); ++i)
      if (std::none_of(lines.begin(), lines.end(), [&](const std::string &l) { return unnumbered(l) == first_body[i]; }))
        replaced.push_back(static_cast<int>(i) + 1);
    if (shares && same_shape && replaced.size() == fresh.size() && !fresh.empty()) {
      out += fmt::format("{}    Conflict {}: the same, with {} replaced by:\n", indent, k + 1, refs(replaced));
      for (const auto &f : fresh) out += fmt::format("{}      {}\n", indent, f);
      continue;
    }
    out += fmt::format("{}    Conflict {}:\n", indent, k + 1);
    for (const auto &line : lines) out += fmt::format("{}      {}\n", indent, line);
  }
}

void explain_strategy(std::string &out, const StrategyResult &s, const std::string &package, const Paint &p,
                      const char *indent, bool detailed = false) {
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
      out += fmt::format("{}{} does not fit:\n", indent, p.name(s.id));
      for (const auto &line : derivation_text(s.because, s.id, package, p)) out += fmt::format("{}  {}\n", indent, line);
      if (!s.because_minimal)
        out += fmt::format("{}  (These reasons may hold more than is needed: the solver's budget stopped "
                           "their shrinking.)\n", indent);
      if (detailed) {
        other_conflicts(out, s.conflicts, s.conflicts_complete, s.id, package, p, indent);
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
  out += fmt::format("{}{}:\n", indent, p.red("Nothing fits"));
  for (const auto &line : derivation_text(pkg.conflict, "", pkg.name, p)) out += fmt::format("{}  {}\n", indent, line);
  if (detailed) {
    other_conflicts(out, pkg.conflicts, pkg.conflicts_complete, "", pkg.name, p, indent);
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
    out += fmt::format("  {} {} [{}, {}]{}\n", p.yellow(w.certain ? "warning:" : "warning, if:"), w.says, w.rule,
                       w.source, w.certain ? "" : " (it depends on facts the file leaves unknown)");
  for (const auto &s : pkg.strategies) {
    if (!strategy.empty() && s.id != strategy) continue;
    explain_strategy(out, s, pkg.name, p, "  ", !strategy.empty());
    // Why not this one, when it fits but another was recommended.
    if (pkg.recommended && s.id != *pkg.recommended && s.status != Status::infeasible)
      out += fmt::format("    It ranks below {}: {}.\n", p.name(*pkg.recommended), pkg.why);
  }
  if (!pkg.recommended && strategy.empty()) explain_conflict(out, pkg, p, "  ", true);
  return out;
}

namespace {

// A list of names, shortened after `keep`.
std::string names_list(const std::vector<std::string> &names, std::size_t keep = 5) {
  if (names.size() <= keep) return fmt::format("{}", fmt::join(names, ", "));
  return fmt::format("{}, and {} more", fmt::join(names.begin(), names.begin() + keep, ", "), names.size() - keep);
}

// Packages with nothing that fits, grouped by cause: the rules of their
// conflict. Largest group first; packages in topology order within a group.
struct Cause {
  std::string rules;                        // the conflict's rule ids, joined by ", "
  std::vector<const PackageResult *> packages;
  std::vector<std::string> pipelines;       // named by the conflicts, first seen first
};

std::vector<Cause> causes_of(const Result &result) {
  std::vector<Cause> causes;
  std::map<std::string, std::size_t> index;
  std::vector<std::set<std::string>> seen;
  for (const auto &pkg : result.packages) {
    if (pkg.recommended) continue;
    std::vector<std::string> rules;
    for (const Reason &r : pkg.conflict)
      if (r.kind == Reason::Kind::rule) rules.push_back(r.rule);
    const std::string key = rules.empty() ? "(no conflict recorded)" : fmt::format("{}", fmt::join(rules, ", "));
    auto [it, fresh] = index.try_emplace(key, causes.size());
    if (fresh) {
      causes.push_back({key, {}, {}});
      seen.emplace_back();
    }
    Cause &c = causes[it->second];
    c.packages.push_back(&pkg);
    // "pipelines[NAME]" of a rule's instance or "pipelines[NAME].KEY" of a fact.
    for (const Reason &r : pkg.conflict) {
      const std::string &path = r.kind == Reason::Kind::rule ? r.instance : r.fact;
      if (path.rfind("pipelines[", 0) != 0) continue;
      const std::size_t end = path.find(']');
      if (end == std::string::npos) continue;
      std::string name = path.substr(10, end - 10);
      if (seen[it->second].insert(name).second) c.pipelines.push_back(std::move(name));
    }
  }
  std::stable_sort(causes.begin(), causes.end(),
                   [](const Cause &a, const Cause &b) { return a.packages.size() > b.packages.size(); });
  return causes;
}

// "2406 packages: RULE, RULE — pipelines ci1, ci7, and 40 more"
std::string cause_line(const Cause &c) {
  std::string line = fmt::format("{} package{}: {}", c.packages.size(), c.packages.size() == 1 ? "" : "s", c.rules);
  if (!c.pipelines.empty())
    line += fmt::format(" — pipeline{} {}", c.pipelines.size() == 1 ? "" : "s", names_list(c.pipelines));
  return line;
}

std::vector<std::string> names_of(const std::vector<const PackageResult *> &packages, std::size_t from = 0) {
  std::vector<std::string> out;
  for (std::size_t k = from; k < packages.size(); ++k) out.push_back(packages[k]->name);
  return out;
}

void tokens_text(std::string &out, const TokenPlan &plan, const Paint &p) {
  if (plan.tokens.empty() && plan.denied.empty() && plan.read_denied.empty()) return;
  out += fmt::format("\n{}\n", p.bold("Tokens"));
  out += fmt::format("  {} to create (fewest possible: {}); {} in use; account limit {}, {} packages+scopes per token\n",
                     plan.tokens.size(), plan.lower_bound, plan.in_use, plan.account_limit, plan.grants_per_token);
  for (const auto &t : plan.tokens) {
    std::vector<std::string> grants;
    if (!t.scopes.empty()) grants.push_back(fmt::format("scopes {}", names_list(t.scopes)));
    if (!t.packages.empty()) grants.push_back(fmt::format("{} package{}", t.packages.size(), t.packages.size() > 1 ? "s" : ""));
    out += fmt::format("  {}  {} for pipeline {}: {}{}, {} days\n    {}\n", p.name(t.name), t.access, t.pipeline,
                       fmt::join(grants, ", "), t.bypass_2fa ? ", bypass 2FA" : "", t.expires_days, t.command);
  }
  if (!plan.denied.empty())
    out += fmt::format("  {} the account's budget leaves {} package{} without a write token{}: {}\n",
                       p.red("error:"), plan.denied.size(), plan.denied.size() > 1 ? "s" : "",
                       plan.budget_rules.empty() ? "" : fmt::format(" ({})", fmt::join(plan.budget_rules, ", ")),
                       names_list(plan.denied));
  if (!plan.read_denied.empty())
    out += fmt::format("  {} no budget left for the read-only tokens of {}\n", p.yellow("warning:"),
                       names_list(plan.read_denied));
}

void structure_text(std::string &out, const GraphFacts &g, const Paint &p) {
  if (g.cycles.empty() && g.multi_publisher.empty() && g.installs.empty()) return;
  out += fmt::format("\n{}\n", p.bold("Structure"));
  for (const auto &c : g.cycles)
    out += fmt::format("  dependency cycle: {} (released together)\n", fmt::join(c, " -> "));
  for (const auto &grp : g.multi_publisher) {
    std::string count = grp.publishers_min == grp.publishers_max
                            ? fmt::format("{}", grp.publishers_min)
                            : fmt::format("{} to {}", grp.publishers_min, grp.publishers_max);
    out += fmt::format("  published by {} ({} trusted publisher{}; jobs of one workflow file are one): {}\n",
                       fmt::join(grp.pipelines, ", "), count, grp.publishers_max == 1 ? "" : "s",
                       names_list(grp.packages));
  }
  // With the paths (--diagnose all), one line per package; without, one per pipeline.
  for (const auto &n : g.read_needs)
    out += fmt::format("  pipeline {} installs private {} from the registry: {}\n", n.pipeline, n.package,
                       fmt::join(n.path, " -> "));
  if (g.read_needs.empty())
    for (const auto &in : g.installs)
      out += fmt::format("  pipeline {} installs private {} from the registry\n", in.pipeline,
                         names_list(in.packages));
}

// "lose S", "gain T", "see U conditional → feasible".
std::string status_changes(const AheadChange &a, bool plural, const Paint &p) {
  std::vector<std::string> lost, gained, other;
  auto fits = [](Status s) { return s == Status::feasible || s == Status::conditional; };
  for (const auto &s : a.strategies) {
    if (fits(s.before) && s.after == Status::infeasible) lost.push_back(p.name(s.strategy));
    else if (s.before == Status::infeasible && fits(s.after)) gained.push_back(p.name(s.strategy));
    else other.push_back(fmt::format("{} {} → {}", p.name(s.strategy), to_string(s.before), to_string(s.after)));
  }
  std::vector<std::string> parts;
  const char *s = plural ? "" : "s";
  if (!lost.empty()) parts.push_back(fmt::format("lose{} {}", s, and_list(lost)));
  if (!gained.empty()) parts.push_back(fmt::format("gain{} {}", s, and_list(gained)));
  if (!other.empty()) parts.push_back(fmt::format("see{} {}", s, and_list(other)));
  return and_list(parts);
}

}  // namespace

std::string ahead_text(const Result &result, TextStyle style) {
  if (result.ahead.empty()) return "";
  Paint p{style.color};
  std::string out = fmt::format("\n{}\n", p.bold(fmt::format("Ahead (rules that change within {} days of {})",
                                                               result.horizon_days, result.as_of)));
  // Changes that leave the recommendation as it is are one line per day, rules
  // and change; those that change it keep a line each.
  std::vector<AheadChange> lines;
  std::map<std::string, std::size_t> merged;
  for (const auto &a : result.ahead) {
    if (a.recommended_before != a.recommended_after) {
      lines.push_back(a);
      continue;
    }
    std::string key = a.date;
    for (const auto &r : a.rules) key += "/" + r.rule;
    key += "/" + status_changes(a, true, p);
    auto [it, fresh] = merged.try_emplace(key, lines.size());
    if (fresh) lines.push_back(a);
    else lines[it->second].packages.insert(lines[it->second].packages.end(), a.packages.begin(), a.packages.end());
  }
  for (const auto &a : lines) {
    std::vector<std::string> why;
    for (const auto &r : a.rules)
      why.push_back(fmt::format("{} {}, {}", r.rule, r.takes_effect ? "takes effect" : "ends", r.certainty));
    const std::size_t n = a.packages.size();
    std::string next = a.recommended_after == a.recommended_before ? fmt::format("; {} recommendation stays", n > 1 ? "their" : "its")
                       : a.recommended_after ? fmt::format("; {} is {} next recommendation", p.name(*a.recommended_after),
                                                           n > 1 ? "their" : "its")
                                             : fmt::format("; nothing fits {} then", n > 1 ? "them" : "it");
    out += fmt::format("  on {} ({}) {} package{} {}{}\n", p.bold(a.date), fmt::join(why, "; "), n, n > 1 ? "s" : "",
                       status_changes(a, n > 1, p), next);
    out += fmt::format("    for {}\n", names_list(a.packages));
  }
  return out;
}

namespace {

std::string summary_line(const Result &result) {
  int fits = 0, cond = 0, none = 0;
  for (const auto &pkg : result.packages) {
    if (!pkg.recommended) ++none;
    else if (pkg.recommended_status == Status::feasible) ++fits;
    else ++cond;
  }
  return fmt::format("{} feasible, {} conditional or undecided, {} with nothing that fits.\n", fits, cond, none);
}

// `--summary`: what a large run comes to, in a screen.
std::string summary_text(const Result &result, const Paint &p, TextStyle style) {
  std::string out;
  std::vector<std::string> groups;
  std::map<std::string, std::size_t> count;
  for (const auto &pkg : result.packages) {
    const std::string g = pkg.recommended ? *pkg.recommended + " (" + to_string(pkg.recommended_status) + ")"
                                          : "nothing fits";
    if (!count[g]++) groups.push_back(g);
  }
  std::stable_partition(groups.begin(), groups.end(), [](const std::string &g) { return g != "nothing fits"; });
  out += "\n";
  for (const auto &g : groups) out += fmt::format("  {:>7}  {}\n", count[g], g);
  // Nothing fits, by the rules of the conflict: one cause, many packages.
  const std::vector<Cause> causes = causes_of(result);
  if (!causes.empty()) out += fmt::format("\n{}\n", p.bold("Nothing fits, by cause"));
  for (const auto &c : causes)
    out += fmt::format("  {}\n    e.g. {}\n", cause_line(c), names_list(names_of(c.packages), 3));
  out += ahead_text(result, style);
  return out;
}

}  // namespace

std::string to_text(const Result &result, TextStyle style) {
  Paint p{style.color};
  std::string out = fmt::format("{} — {} packages, rules in force on {}, catalog as of {}\n", result.source,
                                result.packages.size(), result.as_of, result.catalog_as_of);
  // The answer first: a large report's last line is far away.
  out += summary_line(result);
  if (style.summary_only) return out + summary_text(result, p, style);
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
  // Details for every package that needs a person's attention: those whose
  // recommendation is not certain one by one, those with nothing that fits
  // by cause, each cause explained once on its first package.
  bool header = false;
  auto details = [&] {
    if (!header) out += fmt::format("\n{}\n", p.bold("Details"));
    header = true;
  };
  for (const auto &pkg : result.packages) {
    if (!pkg.recommended || pkg.recommended_status == Status::feasible) continue;
    details();
    out += "\n" + fmt::format("{}{}\n", p.bold(pkg.name), pkg.origin.empty() ? "" : fmt::format(" ({})", pkg.origin));
    const StrategyResult *s = pkg.strategy(*pkg.recommended);
    explain_strategy(out, *s, pkg.name, p, "  ");
    if (pkg.fallback) out += fmt::format("  Until that is known, {} fits now.\n", p.name(*pkg.fallback));
  }
  for (const Cause &c : causes_of(result)) {
    details();
    const PackageResult &first = *c.packages.front();
    const std::string origin = first.origin.empty() ? "" : fmt::format(" ({})", first.origin);
    if (c.packages.size() == 1) {
      out += "\n" + fmt::format("{}{}\n", p.bold(first.name), origin);
    } else {
      out += "\n" + fmt::format("{}\n", p.bold(cause_line(c)));
      out += fmt::format("  shown for {}{}; the same for {}\n", p.bold(first.name), origin,
                         names_list(names_of(c.packages, 1)));
    }
    explain_conflict(out, first, p, "  ", false);
  }
  // Warnings, collapsed by rule: those that certainly apply, then those that
  // depend on facts the file leaves unknown.
  std::vector<std::pair<std::string, bool>> rules;
  std::map<std::pair<std::string, bool>, std::vector<std::string>> warned;
  std::map<std::string, std::string> says;
  for (const bool certain : {true, false})
    for (const auto &pkg : result.packages)
      for (const auto &w : pkg.warnings) {
        if (w.certain != certain) continue;
        const auto key = std::pair(w.rule, w.certain);
        if (!warned.count(key)) rules.push_back(key);
        warned[key].push_back(pkg.name);
        says[w.rule] = w.says;
      }
  if (!rules.empty()) out += fmt::format("\n{}\n", p.bold("Warnings"));
  for (const auto &key : rules)
    out += fmt::format("  {} {} [{}]\n    for {}{}\n", p.yellow(key.second ? "warning:" : "warning, if:"),
                       says[key.first], key.first, names_list(warned[key]),
                       key.second ? "" : " (it depends on facts the file leaves unknown)");
  out += ahead_text(result, style);
  tokens_text(out, result.tokens, p);
  structure_text(out, result.graph, p);
  out += "\n" + summary_line(result);
  return out;
}

}  // namespace pubplan
