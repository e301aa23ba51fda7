// The public topology handle over a loaded model.
#include "catalog/catalog_model.hpp"
#include "format/document.hpp"
#include "pubplan/catalog.hpp"
#include "pubplan/error.hpp"
#include "pubplan/topology.hpp"
#include "topology/loader.hpp"
#include "topology/access.hpp"

namespace pubplan {

Topology::Topology(std::shared_ptr<const detail::TopologyModel> model, std::shared_ptr<const detail::TopologyGraph> graph)
    : model_(std::move(model)), graph_(std::move(graph)) {}

Topology Topology::load_string(std::string_view text, const std::string &name) {
  return load_string(text, name, Catalog::builtin());
}

Topology Topology::load_file(const std::string &path) { return load_file(path, Catalog::builtin()); }

Topology Topology::load_string(std::string_view text, const std::string &name, const Catalog &catalog) {
  return detail::Access::topology(detail::load_topology(text, name, detail::Access::model(catalog).vocabulary));
}

Topology Topology::load_file(const std::string &path, const Catalog &catalog) {
  std::string text;
  try {
    text = detail::read_file(path, "topology");
  } catch (const InputError &e) {
    throw TopologyError(e.diagnostics());
  }
  // Standard input is named as Python names it: "<stdin>", not "-", in the
  // report's title, in origins and in errors.
  return load_string(text, path == "-" ? "<stdin>" : path, catalog);
}

std::size_t Topology::package_count() const noexcept { return model_->packages.size(); }
std::size_t Topology::pipeline_count() const noexcept { return model_->pipelines.size(); }
std::size_t Topology::repository_count() const noexcept { return model_->repositories.size(); }
const std::string &Topology::source_name() const noexcept { return model_->source; }

std::vector<Finding> Topology::findings() const {
  std::vector<Finding> out;
  out.reserve(model_->findings.size());
  for (const auto &f : model_->findings) out.push_back({f.id, f.file, f.line, f.message, f.rule});
  return out;
}

}  // namespace pubplan
