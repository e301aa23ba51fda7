// The topology as a graph (Boost.Graph inside graph.cpp): repositories,
// pipelines, packages and scopes as vertices; publishes, depends-on, lives-in
// and owned-by as edges. Derived once after loading and kept beside the model
// (in the Topology handle); it holds no reference to the model (methods that need names take the model it
// was built from). The loader derives `installs_private` from it and the
// planner reads its answers.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "topology/model.hpp"

namespace pubplan::detail {

// A private package a pipeline installs from the registry, and why.
struct PrivateInstall {
  int pipeline = -1;
  int package = -1;       // the private package (of another repository)
  std::vector<int> path;  // a published package first, `package` last, along depends_on
};

class TopologyGraph {
 public:
  enum class VertexKind : std::uint8_t { repository, pipeline, package, scope };
  enum class EdgeKind : std::uint8_t { publishes, depends_on, lives_in, owned_by };

  explicit TopologyGraph(const TopologyModel &m);
  ~TopologyGraph();
  TopologyGraph(const TopologyGraph &) = delete;
  TopologyGraph &operator=(const TopologyGraph &) = delete;

  std::size_t vertex_count() const;
  std::size_t edge_count() const;

  // Per package: does it depend, through one or more depends_on edges, on a
  // private package of another repository? 2 yes, 1 maybe (some access
  // unknown), 0 no. One pass over the strong components: linear in the graph.
  const std::vector<std::uint8_t> &installs_private() const { return installs_private_; }

  // Packages, dependencies before their dependents; the members of a cycle
  // are adjacent (in topology order), so a cycle never stops the order.
  const std::vector<int> &release_order() const { return release_order_; }
  // Dependency cycles (a package depending on itself included), members in
  // topology order, cycles in order of their first member.
  const std::vector<std::vector<int>> &cycles() const { return cycles_; }
  // Connected components of packages joined by a pipeline they share or a
  // dependency; component ids in order of their first package.
  const std::vector<int> &component_of_package() const { return component_; }
  std::size_t component_count() const { return component_count_; }

  // For each pipeline p with sources[p] non-empty (packages it publishes and
  // installs in CI): the private packages of repositories other than p's that
  // the sources reach along depends_on, each with a shortest path when
  // `paths` (else PrivateInstall::path stays empty).
  std::vector<PrivateInstall> private_installs(const TopologyModel &m, const std::vector<std::vector<int>> &sources,
                                              bool paths = true) const;

  // Graphviz text; `package_style[i]` gives package i's extra attributes
  // (fill colour, outline), may be empty. With `packages` or `pipelines` (by
  // index; empty: none), only those and their neighbours are drawn (one edge
  // away, either way); with neither, everything. `extra` is written inside the
  // graph (a legend).
  std::string to_dot(const TopologyModel &m, const std::vector<std::string> &package_style,
                     const std::vector<bool> &packages = {}, const std::vector<bool> &pipelines = {},
                     const std::string &extra = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::uint8_t> installs_private_;
  std::vector<int> release_order_;
  std::vector<std::vector<int>> cycles_;
  std::vector<int> component_;
  std::size_t component_count_ = 0;
};

}  // namespace pubplan::detail
