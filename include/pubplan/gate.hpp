// CI gates (`--fail-on`): conditions on an answer that a CI job can fail on.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pubplan/export.hpp"
#include "pubplan/result.hpp"
#include "pubplan/topology.hpp"

namespace pubplan {

enum class Gate {
  infeasible,   // some package has nothing that fits
  conditional,  // some package's recommendation is conditional or undecided
  finding,      // the topology holds findings (what `pubplan scan` saw)
  ahead,        // some answer changes within the horizon (Result::ahead)
};

// The exit code of a command whose gate holds (beside 0 to 4 of docs/cli.md).
inline constexpr int kExitGate = 5;

PUBPLAN_API const char *to_string(Gate gate) noexcept;
// "infeasible", "conditional", "finding" or "ahead"; nullopt for anything else.
PUBPLAN_API std::optional<Gate> parse_gate(std::string_view name) noexcept;

struct GateHolds {
  Gate gate;
  std::string why;  // e.g. "2 packages have nothing that fits"
};

// Which of `gates` hold for `result` (solved from `topology`), in the order asked.
PUBPLAN_API std::vector<GateHolds> gates_holding(const Result &result, const Topology &topology,
                                                const std::vector<Gate> &gates);

}  // namespace pubplan
