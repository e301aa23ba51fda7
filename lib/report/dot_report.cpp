#include <fnmatch.h>

#include <algorithm>
#include <stdexcept>
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
  return to_dot(topology, result, catalog, DotOptions{{}, {}, false});
}

std::string to_dot(const Topology &topology, const Result *result, const Catalog &catalog, const DotOptions &options) {
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
  // A neighbourhood: the packages and pipelines the patterns match.
  auto matching = [](const std::vector<std::string> &patterns, const auto &entities) {
    std::vector<bool> out;
    if (patterns.empty()) return out;
    out.assign(entities.size(), false);
    for (std::size_t i = 0; i < entities.size(); ++i)
      for (const auto &p : patterns) out[i] = out[i] || fnmatch(p.c_str(), entities[i].name.c_str(), 0) == 0;
    return out;
  };
  const std::vector<bool> packages = matching(options.packages, m.packages);
  const std::vector<bool> pipelines = matching(options.pipelines, m.pipelines);
  auto any = [](const std::vector<bool> &v) { return std::find(v.begin(), v.end(), true) != v.end(); };
  if ((!options.packages.empty() || !options.pipelines.empty()) && !any(packages) && !any(pipelines))
    throw std::invalid_argument("no package or pipeline of the topology matches --package or --pipeline");
  // The legend: each strategy's fill, and how conditional and nothing-fits look.
  std::string legend;
  if (options.legend && result) {
    legend = "subgraph cluster_legend {\nlabel=\"recommended strategy\";\nfontname=\"Helvetica\";\n"
             "node [shape=box,style=filled,fontname=\"Helvetica\"];\n";
    int n = 0;
    for (const auto &s : catalog.strategies())
      legend += fmt::format("legend{} [label=\"{}\",fillcolor=\"{}\"];\n", n++, s.id, fill_of(s.id));
    legend += fmt::format("legend{} [label=\"conditional (dashed)\",style=\"filled,dashed\",fillcolor=\"#ffffff\"];\n", n++);
    legend += fmt::format("legend{} [label=\"nothing fits\",fillcolor=\"#ffcdd2\",color=red,penwidth=2];\n}}\n", n++);
  }
  return pubplan::detail::Access::graph(topology).to_dot(m, style, packages, pipelines, legend);
}

}  // namespace pubplan
