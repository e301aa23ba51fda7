// The engine's way into the public handles: Topology and Catalog keep their
// models private, so that a user of the C++ API cannot reach (or build) them,
// and name this type their friend.
#pragma once
#include <memory>
#include <utility>

#include "catalog/catalog_model.hpp"
#include "pubplan/catalog.hpp"
#include "pubplan/topology.hpp"
#include "topology/model.hpp"

namespace pubplan::detail {

struct Access {
  static const TopologyModel &model(const Topology &t) noexcept { return t.model(); }
  static const CatalogModel &model(const Catalog &c) noexcept { return c.model(); }
  static Topology topology(std::shared_ptr<const TopologyModel> m) { return Topology(std::move(m)); }
};

}  // namespace pubplan::detail
