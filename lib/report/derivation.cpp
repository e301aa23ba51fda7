// pubplan::derivation: a reason set as the numbered steps of a PubGrub-style
// explanation, kept as data; the text report renders it (text_report.cpp).
// Premises come first (provisions and rules that leave nothing out alone, with
// the facts they read; then facts no rule of the set reads), then the rules
// that leave strategies out, each citing the premises about those strategies;
// then, unless a ruling already settles the target, the conclusion.
#include <algorithm>

#include "pubplan/report.hpp"

namespace pubplan {

std::vector<DerivationStep> derivation(const std::vector<Reason> &because, const std::string &target) {
  std::vector<bool> used(because.size(), false);
  // A rule and the facts of the set it reads (each fact goes to the first rule that reads it).
  auto with_facts = [&](std::size_t rule) {
    std::vector<std::size_t> members{rule};
    const Reason &r = because[rule];
    for (std::size_t i = 0; i < because.size(); ++i)
      if (!used[i] && because[i].kind == Reason::Kind::fact &&
          std::count(r.reads.begin(), r.reads.end(), because[i].fact)) {
        members.push_back(i);
        used[i] = true;
      }
    return members;
  };
  std::vector<DerivationStep> premises, rulings;
  std::vector<std::vector<std::string>> about;  // per premise: the strategies it is about
  for (std::size_t i = 0; i < because.size(); ++i) {
    const Reason &r = because[i];
    if (r.kind != Reason::Kind::rule) continue;
    DerivationStep s;
    s.members = with_facts(i);
    if (r.rules_out.empty()) {
      premises.push_back(std::move(s));
      about.push_back(r.strategies);
    } else {
      s.kind = DerivationStep::Kind::ruling;
      s.rules_out = r.rules_out;
      rulings.push_back(std::move(s));
    }
  }
  for (std::size_t i = 0; i < because.size(); ++i)
    if (!used[i] && because[i].kind == Reason::Kind::fact) {
      premises.push_back({DerivationStep::Kind::premise, {i}, {}, {}});
      about.emplace_back();  // a lone fact is about every strategy
    }
  std::vector<DerivationStep> steps = premises;
  std::vector<int> ruling_numbers;
  bool settled = false;
  for (auto &s : rulings) {
    // Cite the premises about the strategies this step leaves out.
    for (std::size_t k = 0; k < premises.size(); ++k)
      if (about[k].empty() || std::any_of(about[k].begin(), about[k].end(), [&](const std::string &id) {
            return std::count(s.rules_out.begin(), s.rules_out.end(), id) > 0;
          }))
        s.cites.push_back(static_cast<int>(k) + 1);
    settled |= !target.empty() && std::count(s.rules_out.begin(), s.rules_out.end(), target);
    steps.push_back(std::move(s));
    ruling_numbers.push_back(static_cast<int>(steps.size()));
  }
  if (!settled) {
    DerivationStep conclusion{DerivationStep::Kind::conclusion, {}, {}, ruling_numbers};
    if (ruling_numbers.empty())
      for (std::size_t k = 0; k < steps.size(); ++k) conclusion.cites.push_back(static_cast<int>(k) + 1);
    steps.push_back(std::move(conclusion));
  }
  return steps;
}

}  // namespace pubplan
