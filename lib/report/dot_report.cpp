#include <unordered_map>

#include <fmt/format.h>

#include "topology/graph.hpp"
#include "pubplan/graph.hpp"
#include "topology/access.hpp"

namespace pubplan {

std::string to_dot(const Topology &topology, const Result *result) {
  return to_dot(topology, result, Catalog::builtin());
}

std::string to_dot(const Topology &topology, const Result *result, const Catalog &catalog) {
  const detail::TopologyModel &m = pubplan::detail::Access::model(topology);
  std::unordered_map<std::string, std::string> fill;
  for (const auto &s : catalog.strategies()) fill.emplace(s.id, s.colour);
  auto fill_of = [&](const std::string &id) {
    auto it = fill.find(id);
    return it == fill.end() ? std::string("#e0e0e0") : it->second;
  };
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
  return pubplan::detail::Access::graph(topology).to_dot(m, style);
}

}  // namespace pubplan
