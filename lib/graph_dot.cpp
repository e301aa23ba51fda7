#include <fmt/format.h>

#include "graph.hpp"
#include "pubplan/graph.hpp"

namespace pubplan {

namespace {

// Fill colours: green for trusted publishing, blue for a person with 2FA,
// orange for a secret to rotate; a strategy of a user catalog is grey.
const char *fill_of(const std::string &strategy) {
  if (strategy == kTrustedPublishing) return "#a5d6a7";
  if (strategy == kTrustedPublishingWithoutProvenance) return "#dcedc8";
  if (strategy == kInteractive2fa) return "#bbdefb";
  if (strategy == kGranularToken) return "#ffcc80";
  return "#e0e0e0";
}

}  // namespace

std::string to_dot(const Topology &topology, const Result *result) {
  const detail::TopologyModel &m = topology.model();
  std::vector<std::string> style(m.packages.size());
  if (result && result->packages.size() == m.packages.size()) {
    for (std::size_t i = 0; i < m.packages.size(); ++i) {
      const PackageResult &p = result->packages[i];
      if (!p.recommended) {
        style[i] = "style=filled,fillcolor=\"#ffcdd2\",color=red,penwidth=2,tooltip=\"nothing fits\"";
        continue;
      }
      style[i] = fmt::format("style=\"filled{}\",fillcolor=\"{}\",tooltip=\"{} ({})\"",
                             p.recommended_status == Status::feasible ? "" : ",dashed", fill_of(*p.recommended),
                             *p.recommended, to_string(p.recommended_status));
    }
  }
  return m.graph->to_dot(m, style);
}

}  // namespace pubplan
