// pubplan::reduce_topology: the smallest topology that still shows something
// (for a bug report, the checker's disagreement), found by deleting parts of
// the normalized topology for as long as what is left loads and still shows
// it. Hierarchical delta debugging (Misherghi and Su, ICSE 2006) over the
// topology's JSON tree: packages and pipelines by halves first, so that a
// large file shrinks in a few solves, then every remaining entry and every
// fact one at a time, until no single deletion keeps the property.
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pubplan/error.hpp"
#include "pubplan/verify.hpp"
#include "topology/loader.hpp"
#include "topology/access.hpp"

namespace pubplan {

namespace {

using nlohmann::ordered_json;

// A part of the topology, read with the original's vocabulary.
Topology load_part(const std::string &text, const std::string &name, const detail::Vocabulary &vocabulary) {
  return detail::Access::topology(detail::load_topology(text, name, vocabulary));
}

// Where an entry of a named list is referred to by name from the packages.
const char *reference_key(const std::string &list) {
  if (list == "packages") return "depends_on";
  if (list == "pipelines") return "published_by";
  return nullptr;
}

// `j` without the entries `drop` of the list `list`, and without the references
// to them from other packages (a dependency, a publishing pipeline).
ordered_json without_entries(const ordered_json &j, const std::string &list, const std::vector<bool> &drop) {
  ordered_json out = j;
  ordered_json kept = ordered_json::array();
  std::vector<std::string> gone;
  for (std::size_t i = 0; i < j[list].size(); ++i) {
    if (!drop[i]) kept.push_back(j[list][i]);
    else if (j[list][i].contains("name")) gone.push_back(j[list][i]["name"].get<std::string>());
  }
  out[list] = std::move(kept);
  const char *ref = reference_key(list);
  if (!ref || !out.contains("packages")) return out;
  for (auto &pkg : out["packages"]) {
    if (!pkg.contains(ref) || !pkg[ref].is_array()) continue;  // `published_by: unknown` names none
    ordered_json names = ordered_json::array();
    for (const auto &n : pkg[ref])
      if (!n.is_string() || std::find(gone.begin(), gone.end(), n.get<std::string>()) == gone.end())
        names.push_back(n);
    pkg[ref] = std::move(names);
  }
  return out;
}

class Reducer {
 public:
  Reducer(const std::function<bool(const Topology &)> &shows, std::string name, const detail::Vocabulary &vocabulary)
      : shows_(shows), name_(std::move(name)), vocabulary_(vocabulary) {}

  // Whether `j`, as a topology, loads and shows the property.
  bool shows(const ordered_json &j) const {
    std::optional<Topology> t;
    try {
      t = load_part(j.dump(), name_, vocabulary_);
    } catch (const TopologyError &) {
      return false;
    }
    return shows_(*t);
  }

  // Deletes entries of `list` in chunks, halving the chunk size down to one.
  bool shrink_list(ordered_json &j, const std::string &list) const {
    bool changed = false;
    if (!j.contains(list) || !j[list].is_array()) return false;
    for (std::size_t chunk = std::max<std::size_t>(j[list].size() / 2, 1); chunk >= 1; chunk /= 2) {
      for (std::size_t start = 0; start < j[list].size();) {
        std::vector<bool> drop(j[list].size(), false);
        for (std::size_t i = start; i < std::min(start + chunk, drop.size()); ++i) drop[i] = true;
        if (adopt(j, without_entries(j, list, drop))) changed = true;
        else start += chunk;
      }
      if (chunk == 1) break;
    }
    return changed;
  }

  // Tries deleting every member of objects and every element of arrays under
  // `node` (at `path` in `root`), largest first; one pass.
  bool shrink_tree(ordered_json &root, const ordered_json::json_pointer &path) const {
    bool changed = false;
    if (root[path].is_object()) {
      std::vector<std::string> keys;
      for (auto it = root[path].begin(); it != root[path].end(); ++it) keys.push_back(it.key());
      for (const std::string &key : keys) {
        ordered_json candidate = root;
        candidate[path].erase(key);
        if (adopt(root, std::move(candidate))) changed = true;
        else changed |= shrink_tree(root, path / key);
      }
    } else if (root[path].is_array()) {
      for (std::size_t i = 0; i < root[path].size();) {
        if (adopt(root, without_element(root, path, i))) {
          changed = true;
          continue;
        }
        changed |= shrink_tree(root, path / i);
        ++i;
      }
    }
    return changed;
  }

 private:
  // Takes `candidate` into `into` when it still shows the property.
  bool adopt(ordered_json &into, ordered_json candidate) const {
    if (!shows(candidate)) return false;
    into = std::move(candidate);
    return true;
  }

  // `root` without element i of the array at `path`; an entry of a top-level
  // list (packages, pipelines) takes the references to it along.
  static ordered_json without_element(const ordered_json &root, const ordered_json::json_pointer &path,
                                     std::size_t i) {
    if (path.parent_pointer().empty()) {
      std::vector<bool> drop(root[path].size(), false);
      drop[i] = true;
      return without_entries(root, path.back(), drop);
    }
    ordered_json out = root;
    out[path].erase(i);
    return out;
  }

  const std::function<bool(const Topology &)> &shows_;
  std::string name_;
  const detail::Vocabulary &vocabulary_;
};

}  // namespace

VerifyReport verify_and_reduce(const Planner &planner, const Topology &topology, const Result &result,
                               const std::string &package) {
  auto disagreements_of = [&](const Topology &t, const Result &r) {
    std::vector<Disagreement> out;
    for (auto &d : verify(t, r, planner.catalog()))
      if (package.empty() || d.package == package) out.push_back(std::move(d));
    return out;
  };
  VerifyReport report;
  report.disagreements = disagreements_of(topology, result);
  if (report.disagreements.empty()) return report;
  const Disagreement first = report.disagreements.front();
  auto shows_first = [&](const Topology &t) {
    for (const auto &d : disagreements_of(t, planner.solve(t)))
      if (d.package == first.package && d.strategy == first.strategy && d.check == first.check) return true;
    return false;
  };
  // The result given may be wrong where a fresh solve of the same topology is
  // not (that is what the first check looks at): start from what it showed.
  report.smallest = shows_first(topology) ? reduce_topology(topology, shows_first) : topology;
  return report;
}

Topology reduce_topology(const Topology &topology, const std::function<bool(const Topology &)> &still_shows) {
  if (!still_shows(topology)) return topology;
  const Reducer reducer(still_shows, topology.source_name(), pubplan::detail::Access::model(topology).vocabulary);
  ordered_json j = ordered_json::parse(topology.to_normalized_json());
  if (!reducer.shows(j)) return topology;  // the normalized form must show it too
  for (bool changed = true; changed;) {
    changed = false;
    for (const char *list : {"packages", "pipelines", "repositories"}) changed |= reducer.shrink_list(j, list);
    changed |= reducer.shrink_tree(j, ordered_json::json_pointer());
  }
  return load_part(j.dump(2) + "\n", topology.source_name(), pubplan::detail::Access::model(topology).vocabulary);
}

}  // namespace pubplan
