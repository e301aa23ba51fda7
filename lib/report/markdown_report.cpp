// The Markdown report (`--format markdown`): what a pull-request comment or a
// CI job summary shows. The decisions first (a summary table, the packages
// with nothing that fits and their cheapest repairs, the conditional ones,
// what changes ahead), every package after them in a collapsed section; the
// whole fits a GitHub comment, and whatever is left out is said.
#include <algorithm>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "pubplan/migration.hpp"
#include "pubplan/report.hpp"

namespace pubplan {

namespace {

// Inline text that cannot break a table or a code span.
std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

std::string code(std::string s) {
  for (char &c : s)
    if (c == '`' || c == '\n') c = '\'';
  return "`" + s + "`";
}

std::string value_text(const std::string &json) {
  if (json.size() >= 2 && json.front() == '"') return json.substr(1, json.size() - 2);
  if (json == "null") return "unknown";
  return json;
}

// Sections in order; each may be cut short to keep the report within `limit`.
class Builder {
 public:
  // `command`: the pubplan command whose JSON holds everything left out.
  Builder(std::size_t limit, const char *command) : limit_(limit), command_(command) {}

  // Appends `text` if it fits with room for the notes and closings; false
  // otherwise (and nothing more is added after that).
  bool add(const std::string &text) {
    if (full_ || out_.size() + text.size() + kReserve > limit_) return !(full_ = true);
    out_ += text;
    return true;
  }
  // What must close an opened block (a </details>): always added; the reserve keeps room.
  void close(const std::string &text) { out_ += text; }
  // Items of a list: the first `visible` open, the rest in a collapsed block
  // that takes at most half the room left (so that the sections after it keep
  // some); as many as fit, then a line that says how many were left out.
  void items(const std::vector<std::string> &items, const std::string &what, std::size_t visible = SIZE_MAX) {
    std::size_t shown = 0;
    while (shown < items.size() && shown < visible && add(items[shown])) ++shown;
    if (shown == visible && shown < items.size() &&
        add(fmt::format("\n<details><summary>{} more {}</summary>\n\n", items.size() - shown, what))) {
      const std::size_t stop = out_.size() + (limit_ - std::min(limit_, out_.size() + kReserve)) / 2;
      while (shown < items.size() && out_.size() + items[shown].size() <= stop && add(items[shown])) ++shown;
      close("\n</details>\n");
    }
    if (shown < items.size())
      out_ += fmt::format("\n*{} {}{} left out: the report stops at {} characters; `pubplan {} --format "
                          "json` has them all.*\n",
                          items.size() - shown, shown ? "more " : "", what, limit_, command_);
  }
  std::string finish() const { return out_; }

 private:
  // Room for the notes of what was left out (one per section, at most five) and
  // the closings of the blocks.
  static constexpr std::size_t kReserve = 1500;
  std::size_t limit_;
  const char *command_;
  bool full_ = false;
  std::string out_;
};

// Items shown open in a section; the rest are collapsed.
constexpr std::size_t kOpenItems = 10;

std::string nothing_fits_item(const PackageResult &p) {
  std::string out = fmt::format("- **{}**{}\n", cell(p.name), p.origin.empty() ? "" : " (" + code(p.origin) + ")");
  for (const Reason &r : p.conflict) {
    if (r.kind == Reason::Kind::rule)
      out += fmt::format("  - {} {}\n", code(r.rule), cell(r.says));
    else
      out += fmt::format("  - {} is {}{}\n", code(r.fact), code(value_text(r.value_json)),
                         r.origin.empty() ? "" : " (" + code(r.origin) + ")");
  }
  std::size_t shown = 0;
  for (const Repair &repair : p.repairs) {
    if (++shown > 3) break;
    std::vector<std::string> changes;
    for (const Change &c : repair.changes)
      changes.push_back(fmt::format("{} from {} to {}", code(c.fact), code(value_text(c.from_json)),
                                    code(value_text(c.to_json))));
    out += fmt::format("  - repair (cost {}, unlocks {}): {}\n", repair.cost, code(repair.unlocks),
                       fmt::join(changes, ", "));
  }
  return out;
}

std::string conditional_item(const PackageResult &p) {
  const StrategyResult *s = p.strategy(*p.recommended);
  std::vector<std::string> needs;
  if (s)
    for (const Assumption &a : s->assuming) needs.push_back(fmt::format("{} {}", code(a.fact), cell(a.needs)));
  std::string what = !needs.empty()           ? "assuming " + fmt::format("{}", fmt::join(needs, ", "))
                     : s && !s->note.empty() ? cell(s->note)
                                             : "";
  return fmt::format("- **{}**: {} is {}{}{}\n", cell(p.name), code(*p.recommended),
                     to_string(p.recommended_status), what.empty() ? "" : ", ", what);
}

// A step of the plan: what, who, where, after what, and its first commands.
std::string step_item(const PlanStep &s) {
  std::string out = fmt::format("- **{}** {} — {}{}{}\n", s.id, cell(s.title), s.actor.empty() ? "" : code(s.actor),
                                s.two_factor ? " with 2FA" : "", s.location.empty() ? "" : " at " + code(s.location));
  if (!s.after.empty()) out += fmt::format("  after {}\n", fmt::join(s.after, ", "));
  constexpr std::size_t kCommands = 5;
  for (std::size_t i = 0; i < s.commands.size() && i < kCommands; ++i) out += fmt::format("  - {}\n", code(s.commands[i]));
  if (s.commands.size() > kCommands)
    out += fmt::format("  - and {} more commands (`pubplan plan --format json` has them all)\n",
                       s.commands.size() - kCommands);
  return out;
}

std::string markdown(const Result &result, const MigrationPlan *plan, std::size_t limit) {
  Builder b(limit, plan ? "plan" : "solve");
  const std::size_t n = result.packages.size();
  b.add(fmt::format("## pubplan: {} — {} package{}, rules in force on {}\n\n", cell(result.source), n,
                    n == 1 ? "" : "s", result.as_of));

  // Recommendations: strategy and status, with counts.
  std::map<std::pair<std::string, std::string>, std::size_t> groups;
  std::vector<const PackageResult *> nothing, conditional;
  for (const auto &p : result.packages) {
    if (!p.recommended) {
      nothing.push_back(&p);
      continue;
    }
    ++groups[{*p.recommended, to_string(p.recommended_status)}];
    if (p.recommended_status != Status::feasible) conditional.push_back(&p);
  }
  std::string table = "| recommended | status | packages |\n|---|---|---:|\n";
  for (const auto &[key, count] : groups) table += fmt::format("| {} | {} | {} |\n", code(key.first), key.second, count);
  if (!nothing.empty()) table += fmt::format("| nothing fits | | {} |\n", nothing.size());
  b.add(table);

  if (!nothing.empty()) {
    b.add(fmt::format("\n### Nothing fits ({})\n\n", nothing.size()));
    std::vector<std::string> items;
    for (const auto *p : nothing) items.push_back(nothing_fits_item(*p));
    b.items(items, "packages with nothing that fits", kOpenItems);
  }
  if (!conditional.empty()) {
    b.add(fmt::format("\n### Conditional or undecided ({})\n\n", conditional.size()));
    std::vector<std::string> items;
    for (const auto *p : conditional) items.push_back(conditional_item(*p));
    b.items(items, "conditional packages", kOpenItems);
  }
  if (plan) {
    b.add(fmt::format("\n### Plan ({} steps; each after the steps it names)\n\n", plan->steps.size()));
    std::vector<std::string> items;
    for (const PlanStep &s : plan->steps) items.push_back(step_item(s));
    b.items(items, "steps", kOpenItems);
  }
  if (const std::string ahead = ahead_text(result); !ahead.empty()) {
    // The text report's lines, as a list: "  on DATE ..." items, "    for ..." under them.
    b.add(fmt::format("\n### Ahead (rules that change within {} days of {})\n\n", result.horizon_days, result.as_of));
    std::vector<std::string> items;
    std::istringstream lines(ahead);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("  on ")) items.push_back("- " + cell(line.substr(2)) + "\n");
      else if (line.starts_with("    for ") && !items.empty()) items.back() += "  " + cell(line.substr(4)) + "\n";
    }
    b.items(items, "changes ahead");
  }
  if (!result.tokens.tokens.empty()) {
    const bool opened =
        b.add(fmt::format("\n<details><summary>Tokens to create ({})</summary>\n\n| token | pipeline | access | "
                          "packages |\n|---|---|---|---:|\n",
                          result.tokens.tokens.size()));
    std::vector<std::string> rows;
    for (const Token &t : result.tokens.tokens)
      rows.push_back(fmt::format("| {} | {} | {} | {} |\n", code(t.name), code(t.pipeline), t.access,
                                 t.packages.size() + t.scopes.size()));
    b.items(rows, "tokens");
    if (opened) b.close("\n</details>\n");
  }
  if (n > 0) {
    const bool opened = b.add(fmt::format("\n<details><summary>Every package ({})</summary>\n\n| package | "
                                          "recommended | status | provenance |\n|---|---|---|---|\n",
                                          n));
    std::vector<std::string> rows;
    for (const auto &p : result.packages)
      rows.push_back(fmt::format("| {} | {} | {} | {} |\n", cell(p.name), p.recommended ? code(*p.recommended) : "—",
                                 p.recommended ? to_string(p.recommended_status) : "nothing fits",
                                 !p.recommended || !p.provenance ? "—" : *p.provenance ? "yes" : "no"));
    b.items(rows, "packages");
    if (opened) b.close("\n</details>\n");
  }
  return b.finish();
}

}  // namespace

std::string to_markdown(const Result &result, std::size_t limit) { return markdown(result, nullptr, limit); }

std::string to_markdown(const Result &result, const MigrationPlan &plan, std::size_t limit) {
  return markdown(result, &plan, limit);
}

}  // namespace pubplan
