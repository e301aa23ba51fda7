// CI gates: which conditions hold for an answer (`--fail-on`).
#include <set>

#include <fmt/format.h>

#include "pubplan/gate.hpp"

namespace pubplan {

namespace {
constexpr std::pair<Gate, const char *> kNames[] = {
    {Gate::infeasible, "infeasible"}, {Gate::conditional, "conditional"},
    {Gate::finding, "finding"}, {Gate::ahead, "ahead"}};

std::string packages(std::size_t n) { return fmt::format("{} package{}", n, n == 1 ? "" : "s"); }
}  // namespace

const char *to_string(Gate gate) noexcept {
  for (const auto &[g, name] : kNames)
    if (g == gate) return name;
  return "?";
}

std::optional<Gate> parse_gate(std::string_view name) noexcept {
  for (const auto &[g, n] : kNames)
    if (name == n) return g;
  return std::nullopt;
}

std::vector<GateHolds> gates_holding(const Result &result, const Topology &topology, const std::vector<Gate> &gates) {
  Summary s = result.summary;
  if (s.packages == 0)  // a Result put together by hand: its packages say
    for (const auto &p : result.packages) s.count(p);
  std::vector<GateHolds> out;
  for (Gate g : gates) {
    switch (g) {
      case Gate::infeasible:
        if (s.nothing_fits) out.push_back({g, packages(s.nothing_fits) + " with nothing that fits"});
        break;
      case Gate::conditional:
        if (s.conditional + s.unknown)
          out.push_back({g, packages(s.conditional + s.unknown) + " whose recommendation is conditional or undecided"});
        break;
      case Gate::finding:
        if (auto n = topology.findings().size()) out.push_back({g, fmt::format("{} finding{}", n, n == 1 ? "" : "s")});
        break;
      case Gate::ahead: {
        std::set<std::string> changing;  // a package may change on several days
        for (const auto &c : result.ahead) changing.insert(c.packages.begin(), c.packages.end());
        const std::size_t n = changing.size();
        if (n) out.push_back({g, packages(n) + fmt::format(" whose answer changes within {} days", result.horizon_days)});
        break;
      }
    }
  }
  return out;
}

}  // namespace pubplan
