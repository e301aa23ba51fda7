// The loaded topology: entities and their facts. A fact is a value the file
// states, a documented default, or unknown; all three are a Domain of possible
// values (format/values.hpp), so the encoder and the checker treat them the same way.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/container/deque.hpp>

#include "catalog/attributes.hpp"
#include "format/values.hpp"
#include "topology/name_index.hpp"

namespace pubplan::detail {

struct Origin {
  Origin() = default;
  Origin(int l, int c) : line(l), column(c) {}
  int line = 0;  // 1-based; 0 = not written in the file
  int column = 0;
  // "FILE:LINE" from the entity's `origins` map (a scanned fact's source), as an
  // index into TopologyModel::origin_texts; wins when set. An index, not a string:
  // every fact has an origin and few have a text (a large topology's memory).
  int text = -1;
};

struct Fact {
  Domain domain;         // what the file says (the type's full domain when unknown)
  bool stated = false;   // narrower than the full domain: the file or a default says something
  bool defaulted = false;
  std::string json;      // the value as JSON text, for reports ("unknown" facts: "null")
  Origin origin;
};

struct Repository {
  std::string name;
  Origin origin;
  Fact host, visibility;
  std::uint32_t host_fit = ~0u;  // hosts its pipelines' providers allow
};

struct Pipeline {
  std::string name;
  Origin origin;
  int repository = -1;
  Fact provider, runner, node, npm, unattended;
  Fact client, client_version;  // the publishing client (absent: npm, not cited in reasons)
  std::string file, environment;
  bool has_file = false, has_environment = false;
  // Whether the publishing job can request an OIDC token for npm (GitHub
  // `id-token: write`, GitLab `id_tokens` for npm); nullopt: unknown. No rule
  // reads it: the migration plan does.
  std::optional<bool> id_token;
  Origin id_token_origin;
};

// The upper bound of a count nobody could establish (`published_by: unknown`):
// larger than any bound a catalog compares counts with.
inline constexpr std::int64_t kUnknownCount = 1'000'000;

struct Package {
  std::string name;
  Origin origin;
  int repository = -1;
  std::vector<int> published_by;
  Origin published_by_origin;
  bool published_by_defaulted = true;
  // `published_by: unknown`: nobody could tell who publishes it. Either a person
  // does, or one or more pipelines whose every fact is unknown (`published_by`
  // is then empty; see Problem::publishers_unknown).
  bool published_by_unknown = false;
  Fact access, exists, tokens_allowed;
  Fact trusted_publisher;      // none | publish | stage | both: what its configurations allow
  // How it is published today: a strategy id of the catalog; empty when unknown
  // (the migration plan starts from it).
  std::string current;
  Origin current_origin;
  Fact provenance_policy;      // effective: the package's own requirement or the policy's
  bool provenance_from_policy = true;
  std::vector<int> depends_on;
  Origin depends_on_origin;
  int org = -1;                // org of its scope (may be implied, see Org::declared)
  // Derived facts.
  Domain publishers;           // number of distinct trusted publishers
  Fact installs_private;       // depends, transitively, on a private package of another repository
};

struct Org {
  std::string name;
  Origin origin;
  bool declared = true;  // false: implied by a package scope, not listed under npm.orgs
  Fact paid;
};

// A problem a scan saw in the repository itself (top-level `findings`).
struct FindingEntry {
  std::string id, file, message, rule;
  int line = 0;
  Origin origin;
};

class TopologyGraph;

struct TopologyModel {
  TopologyModel() = default;
  TopologyModel(TopologyModel &&) = default;
  // No assignment: Boost 1.74's deque (packages) clears itself first, and
  // clearing a deque that never held anything offsets a null pointer (UBSan).
  TopologyModel &operator=(TopologyModel &&) = delete;
  TopologyModel(const TopologyModel &) = delete;
  TopologyModel &operator=(const TopologyModel &) = delete;

  std::string source;
  Vocabulary vocabulary;  // of the catalog it was read with
  std::vector<std::string> origin_texts;  // Origin::text
  std::vector<FindingEntry> findings;
  std::vector<std::string> profiles;
  Origin profiles_origin;
  Fact policy_provenance, policy_bypass_2fa_tokens;
  std::string token_owner;
  std::int64_t tokens_in_use = 0;
  Origin tokens_in_use_origin;
  // False: the topology may hold only part of the organisation's packages (a
  // scan of some checkouts), so no token grants a whole scope.
  bool complete = true;
  std::vector<Org> orgs;
  std::vector<Repository> repositories;
  std::vector<Pipeline> pipelines;
  // In blocks of 64, never moved as the list grows: a package is large, and
  // growing a vector of 100,000 of them moved and faulted in twice the memory.
  boost::container::deque<Package, void, boost::container::deque_options_t<boost::container::block_size<64u>>>
      packages;
  NameIndex package_index, pipeline_index, repository_index, org_index;
};

// Where an entity or fact was read, "FILE:LINE": its scanned origin when the
// topology gives one, else its line in the topology file ("" when neither).
inline std::string origin_text(const TopologyModel &m, const Origin &o) {
  if (o.text >= 0) return m.origin_texts[static_cast<std::size_t>(o.text)];
  return o.line > 0 ? m.source + ":" + std::to_string(o.line) : std::string();
}

}  // namespace pubplan::detail
