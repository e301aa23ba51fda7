// Small public value types: errors, topology handle, result helpers, version.
#include <fmt/format.h>

#include "loader.hpp"
#include "pubplan/error.hpp"
#include "pubplan/result.hpp"
#include "pubplan/topology.hpp"
#include "pubplan/version.hpp"

namespace pubplan {

const char *version() noexcept { return PUBPLAN_VERSION_STRING; }

std::string Diagnostic::to_string() const {
  if (line > 0) return fmt::format("{}:{}:{}: error: {}", file, line, column, message);
  return fmt::format("{}: error: {}", file, message);
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic> &ds) {
  std::string out;
  for (const auto &d : ds) out += (out.empty() ? "" : "\n") + d.to_string();
  return out;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : Error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

Topology::Topology(std::shared_ptr<const detail::TopologyModel> model) : model_(std::move(model)) {}

Topology Topology::load_string(std::string_view text, const std::string &name) {
  return Topology(std::make_shared<const detail::TopologyModel>(detail::load_topology(text, name)));
}

Topology Topology::load_file(const std::string &path) {
  std::string text;
  try {
    text = detail::read_file(path, "topology");
  } catch (const InputError &e) {
    throw TopologyError(e.diagnostics());
  }
  return load_string(text, path);
}

std::size_t Topology::package_count() const noexcept { return model_->packages.size(); }
std::size_t Topology::pipeline_count() const noexcept { return model_->pipelines.size(); }
std::size_t Topology::repository_count() const noexcept { return model_->repositories.size(); }
const std::string &Topology::source_name() const noexcept { return model_->source; }

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
