// A loaded, validated topology: the facts about an organisation's repositories,
// pipelines and packages (format v1, documented in docs/topology-format.md).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pubplan/export.hpp"

namespace pubplan {

class Catalog;

// A problem visible in the repository itself, as `pubplan scan` reports it and a
// topology's `findings` list keeps it. Ids are stable:
// scan.no-id-token, scan.leftover-token, scan.unread-token, scan.id-token-not-npm,
// scan.repository-mismatch, scan.npm-too-old, scan.two-publishers,
// scan.private-published, scan.publishes-elsewhere, scan.no-publishing,
// scan.publisher-not-found, scan.registry-unreachable.
struct Finding {
  std::string id;
  std::string file;  // as the scan names it (the root as given, then the path inside it)
  int line = 0;      // 1-based; 0 when the finding is about the whole file
  std::string message;
  std::string rule;  // the catalog rule it bears on, or the documentation it rests on
};

namespace detail {
struct TopologyModel;
class TopologyGraph;
struct Access;
}  // namespace detail

class PUBPLAN_API Topology {
 public:
  // Reads and validates FILE (YAML, or JSON when it starts with '{').
  // The path as given is used in origins and diagnostics ("acme.yaml:31");
  // "-" reads standard input, named "<stdin>".
  // Throws TopologyError with every problem of the file.
  static Topology load_file(const std::string &path);
  // Same for text already in memory; `name` stands for the file in messages.
  static Topology load_string(std::string_view text, const std::string &name = "<string>");
  // The same, with the values (CI providers, hosts, clients) of `catalog`, which
  // may add some to the built-in ones. A topology is solved only by a planner
  // whose catalog has the same values (Planner::solve throws otherwise).
  static Topology load_file(const std::string &path, const Catalog &catalog);
  static Topology load_string(std::string_view text, const std::string &name, const Catalog &catalog);

  std::size_t package_count() const noexcept;
  std::size_t pipeline_count() const noexcept;
  std::size_t repository_count() const noexcept;
  // The name the topology was loaded under.
  const std::string &source_name() const noexcept;
  // Its `findings` (what a scan saw), in file order.
  std::vector<Finding> findings() const;

  // The topology as the parser understood it, written back as a topology in
  // JSON (`pubplan validate --print-normalized`): stated facts with their value,
  // unknown facts as null, defaults left out. Loading it gives the same model.
  std::string to_normalized_json() const;

 private:
  // The engine reaches the model through detail::Access; users cannot.
  friend struct detail::Access;
  Topology(std::shared_ptr<const detail::TopologyModel> model, std::shared_ptr<const detail::TopologyGraph> graph);

  // Both immutable, cheap to copy; the graph is derived from the model.
  std::shared_ptr<const detail::TopologyModel> model_;
  std::shared_ptr<const detail::TopologyGraph> graph_;
};

}  // namespace pubplan
