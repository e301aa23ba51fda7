// Helpers of the public result types.
#include "pubplan/result.hpp"

namespace pubplan {

const char *to_string(Status s) noexcept {
  switch (s) {
    case Status::feasible: return "feasible";
    case Status::conditional: return "conditional";
    case Status::infeasible: return "infeasible";
    case Status::unknown: return "unknown";
  }
  return "unknown";
}

const StrategyResult *PackageResult::strategy(const std::string &id) const noexcept {
  for (const auto &s : strategies)
    if (s.id == id) return &s;
  return nullptr;
}

void Summary::count(const PackageResult &p) noexcept {
  ++packages;
  if (!p.recommended) ++nothing_fits;
  else if (p.recommended_status == Status::feasible) ++feasible;
  else if (p.recommended_status == Status::conditional) ++conditional;
  else ++unknown;
}

int Summary::exit_code() const noexcept { return nothing_fits ? 1 : conditional + unknown ? 3 : 0; }

int Result::exit_code() const noexcept {
  if (summary.packages > 0) return summary.exit_code();
  Summary s;  // a Result put together by hand: its packages say
  for (const auto &p : packages) s.count(p);
  return s.exit_code();
}

const PackageResult *Result::package(const std::string &name) const noexcept {
  for (const auto &p : packages)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace pubplan
