// pubplan::verify: reads a Result back into the checker's terms (reason sets
// into selections of facts and rules, repairs into changed fact domains) and
// asks the checker about each claim. It reads what the result says, as a user
// would, so a slip in turning solver output into the result is caught too.
#include "pubplan/verify.hpp"

#include "format/date.hpp"

#include <algorithm>
#include <bit>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "verify/checker.hpp"
#include "format/version_range.hpp"
#include "topology/access.hpp"

namespace pubplan {

using namespace detail;

std::string Disagreement::to_string() const {
  return fmt::format("{}{}: {}: {}", package, strategy.empty() ? "" : " [" + strategy + "]", check, message);
}

namespace {

std::string value_text(const Slot &s, std::int64_t v, const Vocabulary &vocabulary) {
  switch (s.type) {
    case ValueType::boolean: return v ? "true" : "false";
    case ValueType::enumeration: return vocabulary.of(s.ref.attr)[static_cast<std::size_t>(v)];
    case ValueType::version: return decode_version(v);
    case ValueType::integer: return std::to_string(v);
  }
  return "?";
}

// A JSON value of a fact's type (a repair's `to`) as a one-value domain.
std::optional<Domain> parse_value(const Slot &s, const std::string &json, const Vocabulary &vocabulary) {
  auto unquoted = [&]() -> std::optional<std::string> {
    if (json.size() < 2 || json.front() != '"' || json.back() != '"') return std::nullopt;
    return json.substr(1, json.size() - 2);
  };
  switch (s.type) {
    case ValueType::boolean:
      if (json == "true") return Domain{0b10, 0, 0};
      if (json == "false") return Domain{0b01, 0, 0};
      return std::nullopt;
    case ValueType::enumeration: {
      auto text = unquoted();
      if (!text) return std::nullopt;
      const auto &values = vocabulary.of(s.ref.attr);
      auto it = std::find(values.begin(), values.end(), *text);
      if (it == values.end()) return std::nullopt;
      return Domain{1u << (it - values.begin()), 0, 0};
    }
    case ValueType::version: {
      auto text = unquoted();
      auto v = text ? parse_version_bound(*text) : std::nullopt;
      if (!v) return std::nullopt;
      return Domain{0, *v, *v};
    }
    case ValueType::integer:
      try {
        std::int64_t v = std::stoll(json);
        return Domain{0, v, v};
      } catch (...) {
        return std::nullopt;
      }
  }
  return std::nullopt;
}

class PackageCheck {
 public:
  // `denied`: the token plan left the package without a write token, which the
  // planner solves again as a fact (the budget slot false); so does the check.
  PackageCheck(const TopologyModel &m, const CatalogModel &cat, int package, bool denied, const PackageResult &res,
               std::vector<Disagreement> &out)
      : m_(m), cat_(cat), pr_(problem(m, package, denied)), ch_(cat, pr_), res_(res), out_(out) {
    for (std::size_t i = 0; i < pr_.slots.size(); ++i)
      slots_[fact_path(m, pr_.slots[i].ref)].push_back(static_cast<int>(i));
  }

  void run() {
    for (std::size_t st = 0; st < cat_.strategies.size(); ++st) {
      const StrategyResult *s = res_.strategy(cat_.strategies[st].id);
      if (!s) {
        report("", "status", fmt::format("the result has no strategy `{}`", cat_.strategies[st].id));
        continue;
      }
      if (s->status == Status::unknown) continue;
      check_status(static_cast<int>(st), *s);
      if (s->status != Status::infeasible) continue;
      check_conflict(static_cast<int>(st), s->because, s->because_minimal);
      for (const auto &c : s->conflicts) check_conflict(static_cast<int>(st), c);
      for (const auto &r : s->repairs) check_repair(static_cast<int>(st), r);
    }
    if (res_.recommended) return;
    check_conflict(-1, res_.conflict);
    for (const auto &c : res_.conflicts) check_conflict(-1, c);
    for (const auto &r : res_.repairs) check_repair(-1, r);
  }

 private:
  const TopologyModel &m_;
  const CatalogModel &cat_;
  const Problem pr_;
  const Checker ch_;
  const PackageResult &res_;
  std::vector<Disagreement> &out_;
  std::unordered_map<std::string, std::vector<int>> slots_;  // fact path -> slots ("published_by": two counts)

  static Problem problem(const TopologyModel &m, int package, bool denied) {
    Problem pr = build_problem(m, package);
    if (denied) pr.slots[pr.package_slot[static_cast<int>(Attr::package_token_budget)]].domain.mask = 0b01;
    return pr;
  }

  // A change's new value as a domain of its slot. The budget slot stands for
  // npm.tokens_in_use: retiring tokens (a count below today's) makes it fit;
  // how many must go is the token plan's arithmetic, tested with it, not a
  // claim of the solver.
  std::optional<Domain> new_value(const Slot &s, const std::string &json) const {
    if (s.ref.attr != Attr::package_token_budget) return parse_value(s, json, m_.vocabulary);
    try {
      const long long v = std::stoll(json);
      if (v >= 0 && v < m_.tokens_in_use) return Domain{0b10, 0, 0};
    } catch (...) {
    }
    return std::nullopt;
  }

  std::string strategy_id(int st) const { return st >= 0 ? cat_.strategies[st].id : std::string(); }

  void report(const std::string &strategy, const std::string &check, std::string message) {
    out_.push_back({res_.name, strategy, check, std::move(message)});
  }

  std::string witness(const Problem &pr, const Completion &c) const {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < pr.slots.size(); ++i)
      if (i < c.set.size() && c.set[i])
        parts.push_back(fmt::format("{} = {}", fact_path(m_, pr.slots[i].ref), value_text(pr.slots[i], c.value[i], m_.vocabulary)));
    return parts.empty() ? std::string("any values") : fmt::format("{}", fmt::join(parts, ", "));
  }

  // Some strategy (st = -1) or the one strategy is possible under `sel`.
  bool possible(const Checker &ch, int st, const Selection &sel, Completion *w = nullptr) const {
    if (st >= 0) return ch.possible(st, sel, w);
    for (std::size_t k = 0; k < cat_.strategies.size(); ++k)
      if (ch.possible(static_cast<int>(k), sel, w)) return true;
    return false;
  }

  void check_status(int st, const StrategyResult &s) {
    const Status found = ch_.status(st);
    if (found == s.status) return;
    std::string why;
    Completion w;
    if (found == Status::infeasible) {
      why = "no completion of the unknown facts satisfies every rule";
    } else if (found == Status::feasible) {
      why = "no completion of the unknown facts breaks any of its rules";
    } else if (s.status == Status::infeasible) {
      ch_.possible(st, Selection::all(cat_, pr_), &w);
      why = "every rule holds for " + witness(pr_, w);
    } else {
      ch_.breakable(st, &w);
      why = "a rule breaks for " + witness(pr_, w);
    }
    report(strategy_id(st), "status",
           fmt::format("reported {}, the checker finds {}: {}", to_string(s.status), to_string(found), why));
  }

  // The selection a reason set stands for; nullopt (and a report) when a member
  // is not a rule or fact of this package.
  std::optional<Selection> selection(int st, const std::vector<Reason> &reasons, std::size_t skip) {
    Selection sel = Selection::none(cat_, pr_);
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      if (i == skip) continue;
      const Reason &r = reasons[i];
      if (r.kind == Reason::Kind::fact) {
        auto it = slots_.find(r.fact);
        if (it == slots_.end()) {
          report(strategy_id(st), "reason", fmt::format("`{}` is not a fact of this package", r.fact));
          return std::nullopt;
        }
        for (int slot : it->second) sel.fact[static_cast<std::size_t>(slot)] = true;
        continue;
      }
      auto rule = std::find_if(cat_.rules.begin(), cat_.rules.end(),
                               [&](const Rule &x) { return x.enabled && x.id == r.rule; });
      if (rule == cat_.rules.end()) {
        report(strategy_id(st), "reason", fmt::format("`{}` is not an enabled rule", r.rule));
        return std::nullopt;
      }
      const auto ri = static_cast<std::size_t>(rule - cat_.rules.begin());
      int pos = -1;
      if (rule->for_each_pipeline && rule->kind == RuleKind::requirement) {
        for (std::size_t k = 0; k < pr_.pipelines.size(); ++k)
          if (r.instance == instance_name(m_, pr_, static_cast<int>(k)))
            pos = static_cast<int>(k);
        if (pos < 0) {
          report(strategy_id(st), "reason",
                 fmt::format("`{}` on `{}`: not a pipeline of this package", r.rule, r.instance));
          return std::nullopt;
        }
      }
      sel.rule[ri][static_cast<std::size_t>(pos + 1)] = true;
    }
    return sel;
  }

  static std::string member_text(const Reason &r) {
    return r.kind == Reason::Kind::fact ? r.fact : r.rule + (r.instance.empty() ? "" : " on " + r.instance);
  }

  // `minimal`: the result claims no proper subset is a conflict (checked); a
  // reason set the solver's budget stopped shrinking claims only that it is one.
  void check_conflict(int st, const std::vector<Reason> &reasons, bool minimal = true) {
    const std::string id = strategy_id(st);
    if (reasons.empty()) {
      report(id, "conflict", "the reported conflict is empty");
      return;
    }
    auto sel = selection(st, reasons, reasons.size());
    if (!sel) return;
    Completion w;
    if (possible(ch_, st, *sel, &w)) {
      report(id, "conflict", "not a contradiction: its rules and facts hold together for " + witness(pr_, w));
      return;
    }
    for (const Reason &r : reasons) check_rules_out(st, r);
    for (std::size_t i = 0; minimal && i < reasons.size(); ++i) {
      auto less = selection(st, reasons, i);
      if (less && !possible(ch_, st, *less))
        report(id, "conflict-minimal",
               fmt::format("still a contradiction without `{}`: the conflict is not minimal", member_text(reasons[i])));
    }
  }

  // A member that says it leaves strategies out on its own: with every fact of
  // the file and the provisions in force, that rule instance alone must leave
  // each of them impossible (the text's "because R and F, S does not fit").
  void check_rules_out(int st, const Reason &r) {
    if (r.kind != Reason::Kind::rule || r.rules_out.empty()) return;
    auto one = selection(st, {r}, 1);
    if (!one) return;
    Selection sel = Selection::all(cat_, pr_);
    for (std::size_t ri = 0; ri < cat_.rules.size(); ++ri)
      if (cat_.rules[ri].kind == RuleKind::requirement) sel.rule[ri] = one->rule[ri];
    for (const std::string &id : r.rules_out) {
      const int s = cat_.strategy_index(id);
      Completion w;
      if (s < 0 || ch_.possible(s, sel, &w))
        report(strategy_id(st), "rules-out",
               fmt::format("`{}`{} does not leave `{}` out on its own: it holds for {}", r.rule,
                           r.instance.empty() ? "" : " on " + r.instance, id, s < 0 ? "?" : witness(pr_, w)));
    }
  }

  void check_repair(int st, const Repair &rep) {
    const std::string id = strategy_id(st);
    const int unlocks = cat_.strategy_index(rep.unlocks);
    if (unlocks < 0 || (st >= 0 && unlocks != st)) {
      report(id, "repair", fmt::format("unlocks `{}`, not the strategy it repairs", rep.unlocks));
      return;
    }
    Problem repaired = pr_;
    std::vector<int> changed;
    for (const Change &c : rep.changes) {
      auto it = slots_.find(c.fact);
      std::optional<Domain> to;
      if (it != slots_.end() && it->second.size() == 1) to = new_value(pr_.slots[it->second[0]], c.to_json);
      if (!to) {
        report(id, "repair", fmt::format("cannot apply `{}` -> {} to this package", c.fact, c.to_json));
        return;
      }
      repaired.slots[it->second[0]].domain = *to;
      repaired.slots[it->second[0]].tracked = true;
      changed.push_back(it->second[0]);
    }
    const Checker after(cat_, repaired);
    const Status found = after.status(unlocks);
    if (found == Status::infeasible) {
      report(id, "repair", fmt::format("the repaired topology still leaves `{}` impossible", rep.unlocks));
      return;
    }
    if (found != rep.status_after)
      report(id, "repair", fmt::format("reported to make `{}` {}, the checker finds {}", rep.unlocks,
                                       to_string(rep.status_after), to_string(found)));
    // Minimal: undoing any one change leaves the target impossible again.
    for (std::size_t i = 0; i < changed.size(); ++i) {
      Problem partial = repaired;
      partial.slots[changed[i]] = pr_.slots[changed[i]];
      const Checker undone(cat_, partial);
      if (possible(undone, st, Selection::all(cat_, partial)))
        report(id, "repair-minimal",
               fmt::format("works without changing `{}`: the repair is not minimal", rep.changes[i].fact));
    }
  }
};

}  // namespace

std::vector<Disagreement> verify(const Topology &topology, const Result &result, const Catalog &catalog) {
  const TopologyModel &m = pubplan::detail::Access::model(topology);
  // The rules in force on the day the result was solved for.
  const CatalogModel cat =
      in_force(pubplan::detail::Access::model(catalog), parse_date(result.as_of).value_or(today()));
  std::vector<Disagreement> out;
  if (result.packages.size() != m.packages.size()) {
    out.push_back({"", "", "package", fmt::format("the result has {} packages, the topology {}",
                                                  result.packages.size(), m.packages.size())});
    return out;
  }
  const std::unordered_set<std::string> denied(result.tokens.denied.begin(), result.tokens.denied.end());
  for (std::size_t i = 0; i < m.packages.size(); ++i) {
    if (result.packages[i].name != m.packages[i].name) {
      out.push_back({result.packages[i].name, "", "package",
                     fmt::format("expected package `{}` at this place", m.packages[i].name)});
      continue;
    }
    PackageCheck(m, cat, static_cast<int>(i), denied.count(m.packages[i].name) > 0, result.packages[i], out).run();
  }
  return out;
}

}  // namespace pubplan
