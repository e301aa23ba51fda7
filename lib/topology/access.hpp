// The engine's way into the public handles: Topology and Catalog keep their
// models private, so that a user of the C++ API cannot reach (or build) them,
// and name this type their friend.
#pragma once
#include <memory>
#include <utility>

#include "catalog/catalog_model.hpp"
#include "pubplan/catalog.hpp"
#include "pubplan/topology.hpp"
#include "topology/graph.hpp"
#include "topology/loader.hpp"
#include "topology/model.hpp"

namespace pubplan::detail {

struct Access {
  static const TopologyModel &model(const Topology &t) noexcept { return *t.model_; }
  static const TopologyGraph &graph(const Topology &t) noexcept { return *t.graph_; }
  static const CatalogModel &model(const Catalog &c) noexcept { return c.model(); }
  static Topology topology(LoadedTopology &&loaded) {
    return Topology(std::make_shared<const TopologyModel>(std::move(loaded.model)), std::move(loaded.graph));
  }
};

}  // namespace pubplan::detail
