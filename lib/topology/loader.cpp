// Topology format v1: DocNode tree -> TopologyModel, with every error reported.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <bit>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "format/document.hpp"
#include "topology/graph.hpp"
#include "topology/loader.hpp"
#include "format/schema.hpp"
#include "format/version_range.hpp"

namespace pubplan::detail {

namespace {

const std::vector<std::string> kProfiles = {"low-ops",   "compliance", "enterprise",
                                            "small-team", "monorepo",  "microservices",
                                            "cost-sensitive"};

std::string json_string(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += c;
    }
  }
  return out + "\"";
}

// "FILE:LINE": a file name that does not end in ':' (nor holds a line break before
// its last character) and a line from 1 with at most nine digits. Written out: a
// regex on text of any length can overflow the stack (bounded_regex.hpp).
bool is_file_line(std::string_view s) {
  const auto colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || s[colon - 1] == ':') return false;
  const std::string_view line = s.substr(colon + 1);
  if (line.empty() || line.size() > 9 || line[0] == '0') return false;
  for (char c : line)
    if (c < '0' || c > '9') return false;
  return s.substr(0, colon - 1).find_first_of("\r\n") == std::string_view::npos;
}

class Loader {
 public:
  Loader(const std::string &file, std::vector<Diagnostic> &errors, const Vocabulary &vocabulary)
      : r_(file, errors) {
    m_.source = file;
    m_.vocabulary = vocabulary;
  }

  // The lists whose elements the parser hands over one by one (DocStream).
  static const std::vector<std::string> &streamed_lists() {
    static const std::vector<std::string> lists = {"repositories", "pipelines", "packages",
                                                   "findings"};
    return lists;
  }

  // An element of one of those lists, read while the document is still parsed.
  void element(const std::string &list, const DocNode &n) {
    if (list == "repositories") read_repository(n);
    else if (list == "pipelines") read_pipeline(n);
    else if (list == "packages") read_package(n);
    else if (list == "findings") read_finding(n);
  }

  // The rest of the document (with any list elements that did not stream, such as
  // a list written as an alias).
  LoadedTopology load(const DocNode &root) {
    if (root.is_null()) {
      r_.error_at(1, 1, "empty document: a topology needs at least 'version: 1'");
      return {};
    }
    if (!r_.check_map(root, {"version", "profiles", "policy", "npm", "repositories", "pipelines",
                             "packages", "findings"},
                      "the topology"))
      return {};
    if (auto *v = SchemaReader::get(root, "version")) {
      if (auto n = r_.integer(*v, "version", 0, 1000); n && *n != 1)
        r_.error(*v, fmt::format("unsupported topology version {} (this pubplan reads version 1)", *n));
    } else {
      r_.error_at(root.line, root.column, "missing required key 'version' (write 'version: 1')");
    }
    read_profiles(root);
    read_policy(root);
    read_npm(root);
    read_list(root, "repositories", [this](const DocNode &n) { read_repository(n); });
    read_list(root, "pipelines", [this](const DocNode &n) { read_pipeline(n); });
    read_list(root, "packages", [this](const DocNode &n) { read_package(n); });
    read_list(root, "findings", [this](const DocNode &n) { read_finding(n); });
    resolve_references();
    derive();
    return {std::move(m_), std::move(graph_)};
  }

 private:
  SchemaReader r_;
  TopologyModel m_;
  std::shared_ptr<const TopologyGraph> graph_;  // derived from m_ once it is read
  // References are resolved once every name is known.
  // Positions, not nodes: list elements are gone once read (DocStream).
  struct Where {
    int line = 0, column = 0;
  };
  static Where where(const DocNode *n) { return n ? Where{n->line, n->column} : Where{}; }
  // A name an entity refers to, kept in ref_names_ (one buffer for all of them:
  // a topology of 100,000 packages has hundreds of thousands of references).
  struct PendingRef {
    int owner;
    std::size_t name_at, name_size;
    Where at;
  };
  std::vector<PendingRef> pipeline_repo_, package_repo_, package_pipelines_, package_deps_;
  std::string ref_names_;
  void refer(std::vector<PendingRef> &refs, int owner, std::string_view name, const DocNode *at) {
    refs.push_back({owner, ref_names_.size(), name.size(), where(at)});
    ref_names_.append(name);
  }
  std::string_view ref_name(const PendingRef &ref) const {
    return std::string_view(ref_names_).substr(ref.name_at, ref.name_size);
  }
  std::vector<Where> provider_at_;
  // Names of each index, sorted once for suggestions.
  std::map<const void *, std::vector<std::string>> sorted_names_;
  // A suggestion compares the name with every known name. Thousands of wrong names
  // among hundreds of thousands would take minutes, so suggestions stop after this
  // many comparisons (the same file always gets the same messages).
  std::size_t suggestion_budget_ = 10'000'000;

  template <class F>
  void read_list(const DocNode &root, const char *key, F &&each) {
    const DocNode *list = SchemaReader::get(root, key);
    if (!list || list->is_null()) return;
    if (!list->is_sequence()) {
      r_.error(*list, fmt::format("'{}' must be a list, found {}", key, list->kind_name()));
      return;
    }
    for (const auto &item : list->items) each(item);
  }

  // A fact key: absent, explicitly unknown, or a value of the attribute's type.
  Fact fact(const DocNode &map, const char *key, Attr attr, const char *what,
            const char *default_value = nullptr) {
    const AttrInfo &info = attr_info(attr);
    Fact f;
    f.domain = m_.vocabulary.full(attr);
    f.json = "null";
    f.origin = {map.line, map.column};
    const DocNode *n = SchemaReader::get(map, key);
    std::optional<DocNode> defaulted;  // made only when needed: this runs for every fact
    if (!n) {
      if (!default_value) return f;
      defaulted.emplace();
      defaulted->kind = DocNode::Kind::scalar;
      defaulted->plain = true;
      defaulted->value = default_value;
      defaulted->line = map.line;
      defaulted->column = map.column;
      n = &*defaulted;
      f.defaulted = true;
    } else {
      f.origin = {n->line, n->column};
    }
    if (SchemaReader::is_explicit_unknown(*n)) return f;
    switch (info.type) {
      case ValueType::boolean:
        if (auto b = r_.boolean(*n, what)) {
          f.domain.mask = *b ? 0b10 : 0b01;
          f.stated = true;
          f.json = *b ? "true" : "false";
        }
        break;
      case ValueType::enumeration: {
        const auto &values = m_.vocabulary.of(attr);
        if (auto v = r_.one_of(*n, values, what)) {
          auto idx = std::find(values.begin(), values.end(), *v) - values.begin();
          f.domain.mask = 1u << idx;
          f.stated = true;
          f.json = json_string(*v);
        }
        break;
      }
      case ValueType::version:
        if (!n->is_scalar()) {
          r_.error(*n, fmt::format("{} must be a version, found {}", what, n->kind_name()));
        } else if (auto d = parse_version_range(n->value)) {
          f.domain = *d;
          f.stated = !(d->lo == 0 && d->hi == kVersionMax);
          f.json = json_string(n->value);
        } else {
          r_.error(*n, fmt::format("{} '{}' is not a version: expected X.Y.Z, X, X.Y, X.x, X.Y.x, "
                                   "^X.Y.Z, ~X.Y.Z, >=X.Y.Z, lts/*, latest, node or current",
                                   what, n->value));
        }
        break;
      case ValueType::integer:
        break;  // no integer fact keys in v1
    }
    return f;
  }

  // `what` names the entity ("a package"), `name_what` its name ("the name of
  // a package"): both written out, so that no message is formatted unless needed.
  std::string name_of(const DocNode &map, const char *what, const char *name_what) {
    const DocNode *n = SchemaReader::get(map, "name");
    if (!n) {
      r_.error(map, fmt::format("{} is missing required key 'name'", what));
      return {};
    }
    return r_.string(*n, name_what).value_or("");
  }

  // Adds `name` to `index` as entity `id`; a second entity of that name is an
  // error citing the line of the first, found in `entities` only then.
  template <class Index, class Entities>
  bool register_name(Index &index, const std::string &name, int id, const DocNode &at, const char *what,
                     const Entities &entities) {
    if (name.empty()) return false;
    if (const int first = index.emplace(name, id); first != id) {
      r_.error(at, fmt::format("duplicate {} name '{}' (first defined at line {})", what, name,
                               entities[static_cast<std::size_t>(first)].origin.line));
      return false;
    }
    return true;
  }

  void read_profiles(const DocNode &root) {
    const DocNode *n = SchemaReader::get(root, "profiles");
    if (!n || n->is_null()) return;
    m_.profiles_origin = {n->line, n->column};
    if (!n->is_sequence()) {
      r_.error(*n, fmt::format("'profiles' must be a list, found {}", n->kind_name()));
      return;
    }
    for (const auto &item : n->items)
      if (auto p = r_.one_of(item, kProfiles, "a profile")) {
        if (std::find(m_.profiles.begin(), m_.profiles.end(), *p) != m_.profiles.end())
          r_.error(item, fmt::format("profile '{}' is listed twice", *p));
        else
          m_.profiles.push_back(*p);
      }
  }

  void read_policy(const DocNode &root) {
    DocNode empty;
    empty.kind = DocNode::Kind::map;
    const DocNode *n = SchemaReader::get(root, "policy");
    if (n && n->is_null()) n = nullptr;
    if (n && !r_.check_map(*n, {"provenance", "bypass_2fa_tokens"}, "policy")) n = nullptr;
    const DocNode &p = n ? *n : empty;
    if (!n) empty.line = root.line, empty.column = root.column;
    m_.policy_provenance =
        fact(p, "provenance", Attr::package_provenance_policy, "policy.provenance", "preferred");
    m_.policy_bypass_2fa_tokens = fact(p, "bypass_2fa_tokens", Attr::policy_bypass_2fa_tokens,
                                       "policy.bypass_2fa_tokens", "allowed");
  }

  void read_npm(const DocNode &root) {
    const DocNode *n = SchemaReader::get(root, "npm");
    if (!n || n->is_null()) return;
    if (!r_.check_map(*n, {"token_owner", "tokens_in_use", "complete", "orgs"}, "npm")) return;
    if (auto *c = SchemaReader::get(*n, "complete")) m_.complete = r_.boolean(*c, "npm.complete").value_or(true);
    if (auto *o = SchemaReader::get(*n, "token_owner"))
      m_.token_owner = r_.string(*o, "npm.token_owner").value_or("");
    if (auto *t = SchemaReader::get(*n, "tokens_in_use")) {
      m_.tokens_in_use = r_.integer(*t, "npm.tokens_in_use", 0, 1000).value_or(0);
      m_.tokens_in_use_origin = {t->line, t->column};
    }
    read_list(*n, "orgs", [this](const DocNode &o) {
      if (!r_.check_map(o, {"name", "paid"}, "an org")) return;
      Org org;
      org.name = name_of(o, "an org", "the name of an org");
      org.origin = {o.line, o.column};
      org.paid = fact(o, "paid", Attr::org_paid, "paid");
      if (register_name(m_.org_index, org.name, static_cast<int>(m_.orgs.size()), o, "org", m_.orgs))
        m_.orgs.push_back(std::move(org));
    });
  }

  void read_repository(const DocNode &n) {
    if (!r_.check_map(n, {"name", "host", "visibility", "origins"}, "a repository")) return;
    Repository repo;
    repo.name = name_of(n, "a repository", "the name of a repository");
    repo.origin = {n.line, n.column};
    repo.host = fact(n, "host", Attr::repository_host, "host");
    repo.visibility = fact(n, "visibility", Attr::repository_visibility, "visibility");
    if (SchemaReader::get(n, "origins"))  // the key list is built only when there are origins
      read_origins(n, {{"name", {&repo.origin}},
                       {"host", {&repo.host.origin}},
                       {"visibility", {&repo.visibility.origin}}});
    int id = static_cast<int>(m_.repositories.size());
    if (register_name(m_.repository_index, repo.name, id, n, "repository", m_.repositories))
      m_.repositories.push_back(std::move(repo));
  }

  void read_pipeline(const DocNode &n) {
    if (!r_.check_map(n, {"name", "repository", "provider", "runner", "file", "environment",
                          "node", "npm", "unattended", "client", "id_token", "origins"},
                      "a pipeline"))
      return;
    Pipeline p;
    p.name = name_of(n, "a pipeline", "the name of a pipeline");
    p.origin = {n.line, n.column};
    int id = static_cast<int>(m_.pipelines.size());
    if (auto *repo = SchemaReader::get(n, "repository")) {
      if (auto s = r_.text(*repo, "repository")) refer(pipeline_repo_, id, *s, repo);
    } else {
      r_.error(n, fmt::format("pipeline '{}' is missing required key 'repository'", p.name));
    }
    const DocNode *prov = SchemaReader::get(n, "provider");
    if (!prov) r_.error(n, fmt::format("pipeline '{}' is missing required key 'provider'", p.name));
    p.provider = fact(n, "provider", Attr::pipeline_provider, "provider");
    p.runner = fact(n, "runner", Attr::pipeline_runner, "runner");
    p.node = fact(n, "node", Attr::pipeline_node, "node");
    p.npm = fact(n, "npm", Attr::pipeline_npm, "npm");
    p.unattended = fact(n, "unattended", Attr::pipeline_unattended, "unattended");
    read_client(n, p);
    if (auto *f = SchemaReader::get(n, "file"); f && !SchemaReader::is_explicit_unknown(*f)) {
      p.file = r_.string(*f, "file").value_or("");
      p.has_file = !p.file.empty();
    }
    if (auto *t = SchemaReader::get(n, "id_token")) {
      p.id_token_origin = {t->line, t->column};
      if (!SchemaReader::is_explicit_unknown(*t)) p.id_token = r_.boolean(*t, "id_token");
    }
    if (auto *e = SchemaReader::get(n, "environment"); e && !e->is_null()) {
      p.environment = r_.string(*e, "environment").value_or("");
      p.has_environment = true;
    }
    if (SchemaReader::get(n, "origins"))
      read_origins(n, {{"name", {&p.origin}},
                       {"repository", {}},
                       {"provider", {&p.provider.origin}},
                       {"runner", {&p.runner.origin}},
                       {"file", {}},
                       {"environment", {}},
                       {"node", {&p.node.origin}},
                       {"npm", {&p.npm.origin}},
                       {"unattended", {&p.unattended.origin}},
                       {"id_token", {&p.id_token_origin}},
                       {"client", {&p.client.origin, &p.client_version.origin}}});
    if (register_name(m_.pipeline_index, p.name, id, n, "pipeline", m_.pipelines)) {
      m_.pipelines.push_back(std::move(p));
      provider_at_.push_back(where(prov));
    } else if (!pipeline_repo_.empty() && pipeline_repo_.back().owner == id) {
      pipeline_repo_.pop_back();
    }
  }

  void read_package(const DocNode &n) {
    if (!r_.check_map(n, {"name", "access", "repository", "published_by", "exists",
                          "tokens_allowed", "trusted_publisher", "current", "depends_on", "requires", "origins"},
                      "a package"))
      return;
    // Read in place (a package is large; 100,000 of them moved once more cost a
    // few percent of loading), and taken back out if its name is a duplicate.
    const int id = static_cast<int>(m_.packages.size());
    Package &pkg = m_.packages.emplace_back();
    pkg.name = name_of(n, "a package", "the name of a package");
    pkg.origin = {n.line, n.column};
    if (!pkg.name.empty() && !valid_npm_name(pkg.name))
      r_.error(*SchemaReader::get(n, "name"),
               fmt::format("'{}' is not a valid npm package name (lowercase letters, digits, "
                           "'-', '.', '_', '~', optionally '@scope/', at most 214 characters)",
                           pkg.name));
    if (auto *repo = SchemaReader::get(n, "repository")) {
      if (auto s = r_.text(*repo, "repository")) refer(package_repo_, id, *s, repo);
    } else {
      r_.error(n, fmt::format("package '{}' is missing required key 'repository'", pkg.name));
    }
    pkg.access = fact(n, "access", Attr::package_access, "access");
    pkg.exists = fact(n, "exists", Attr::package_exists, "exists", "true");
    pkg.tokens_allowed = fact(n, "tokens_allowed", Attr::package_tokens_allowed, "tokens_allowed", "true");
    pkg.trusted_publisher =
        fact(n, "trusted_publisher", Attr::package_trusted_publisher, "trusted_publisher", "none");
    pkg.current_origin = pkg.origin;
    if (auto *cur = SchemaReader::get(n, "current"); cur && !cur->is_null()) {
      pkg.current_origin = {cur->line, cur->column};
      std::vector<std::string> allowed = m_.vocabulary.strategies;
      allowed.push_back("unknown");
      if (auto value = r_.one_of(*cur, allowed, "current"); value && *value != "unknown") pkg.current = *value;
    }
    pkg.published_by_origin = pkg.origin;
    if (auto *pb = SchemaReader::get(n, "published_by"); pb && !pb->is_null()) {
      pkg.published_by_origin = {pb->line, pb->column};
      pkg.published_by_defaulted = false;
      if (pb->is_scalar() && pb->value == "unknown")
        pkg.published_by_unknown = true;
      else if (pb->is_scalar())
        r_.error(*pb, fmt::format("published_by must be a list of pipeline names or `unknown`, found '{}'",
                                  pb->value));
      else if (r_.strings(*pb, "published_by"))
        for (const DocNode &item : pb->items) refer(package_pipelines_, id, item.value, &item);
    }
    pkg.depends_on_origin = pkg.origin;
    if (auto *d = SchemaReader::get(n, "depends_on"); d && !d->is_null()) {
      pkg.depends_on_origin = {d->line, d->column};
      if (r_.strings(*d, "depends_on"))
        for (const DocNode &item : d->items) refer(package_deps_, id, item.value, &item);
    }
    if (auto *req = SchemaReader::get(n, "requires"); req && !req->is_null()) {
      if (r_.check_map(*req, {"provenance"}, "requires") && SchemaReader::get(*req, "provenance")) {
        pkg.provenance_policy = fact(*req, "provenance", Attr::package_provenance_policy,
                                     "requires.provenance");
        pkg.provenance_from_policy = false;
      }
    }
    std::vector<Origin *> requires_targets;
    if (!pkg.provenance_from_policy) requires_targets.push_back(&pkg.provenance_policy.origin);
    if (SchemaReader::get(n, "origins"))
      read_origins(n, {{"name", {&pkg.origin}},
                       {"access", {&pkg.access.origin}},
                       {"repository", {}},
                       {"published_by", {&pkg.published_by_origin}},
                       {"exists", {&pkg.exists.origin}},
                       {"tokens_allowed", {&pkg.tokens_allowed.origin}},
                       {"trusted_publisher", {&pkg.trusted_publisher.origin}},
                       {"current", {&pkg.current_origin}},
                       {"depends_on", {&pkg.depends_on_origin}},
                       {"requires", requires_targets}});
    if (!register_name(m_.package_index, pkg.name, id, n, "package", m_.packages)) {
      m_.packages.pop_back();
      // This package's references are the last ones recorded.
      auto drop = [id](std::vector<PendingRef> &v) {
        while (!v.empty() && v.back().owner == id) v.pop_back();
      };
      drop(package_repo_), drop(package_pipelines_), drop(package_deps_);
    }
  }

  // `client: {name, version}`: absent means the npm CLI publishes. That default is
  // a fixed fact (never cited in reasons), so topologies without the key mean what
  // they meant before the key existed.
  void read_client(const DocNode &n, Pipeline &p) {
    p.client_version.domain = m_.vocabulary.full(Attr::pipeline_client_version);
    p.client_version.json = "null";
    p.client_version.origin = {n.line, n.column};
    const DocNode *c = SchemaReader::get(n, "client");
    if (!c) {
      p.client.domain.mask = 1u;  // npm, the first value
      p.client.json = json_string(m_.vocabulary.of(Attr::pipeline_client)[0]);
      p.client.defaulted = true;
      p.client.origin = {n.line, n.column};
      return;
    }
    p.client.domain = m_.vocabulary.full(Attr::pipeline_client);
    p.client.json = "null";
    p.client.origin = {c->line, c->column};
    if (SchemaReader::is_explicit_unknown(*c)) return;
    if (!r_.check_map(*c, {"name", "version"}, "client")) return;
    if (!SchemaReader::get(*c, "name"))
      r_.error(*c, fmt::format("client is missing required key 'name' ({} or unknown)",
                               join(m_.vocabulary.of(Attr::pipeline_client), ", ")));
    p.client = fact(*c, "name", Attr::pipeline_client, "client.name");
    p.client_version = fact(*c, "version", Attr::pipeline_client_version, "client.version");
  }

  // `origins: {KEY: "FILE:LINE"}`: where a scanned fact came from. Each key must be
  // a key of the entity; its origin replaces the topology's own line in reasons.
  struct OriginTarget {
    const char *key;
    std::vector<Origin *> targets;
  };
  void read_origins(const DocNode &entity, const std::vector<OriginTarget> &keys) {
    const DocNode *o = SchemaReader::get(entity, "origins");
    if (!o || o->is_null()) return;
    std::vector<std::string> allowed;
    for (const auto &k : keys) allowed.push_back(k.key);
    if (!r_.check_map(*o, allowed, "origins")) return;
    for (const auto &[key, value] : o->entries) {
      // A named copy: clang 14 cannot capture a structured binding in a lambda.
      const std::string &name = key.value;
      auto it = std::find_if(keys.begin(), keys.end(),
                             [&](const OriginTarget &k) { return name == k.key; });
      if (it == keys.end()) continue;  // reported by check_map
      auto text = r_.string(value, fmt::format("origins.{}", key.value).c_str());
      if (!text) continue;
      if (!is_file_line(*text)) {
        r_.error(value, fmt::format("origins.{} must be \"FILE:LINE\" (a line from 1), found '{}'",
                                    key.value, *text));
        continue;
      }
      if (it->targets.empty()) continue;
      for (Origin *t : it->targets) t->text = static_cast<int>(m_.origin_texts.size());
      m_.origin_texts.push_back(std::move(*text));
    }
  }

  void read_finding(const DocNode &n) {
    if (!r_.check_map(n, {"id", "file", "line", "message", "rule"}, "a finding")) return;
    FindingEntry f;
    f.origin = {n.line, n.column};
    auto required = [&](const char *key) -> const DocNode * {
      const DocNode *v = SchemaReader::get(n, key);
      if (!v) r_.error(n, fmt::format("a finding is missing required key '{}'", key));
      return v;
    };
    if (auto *v = required("id")) f.id = r_.string(*v, "a finding's id").value_or("");
    if (auto *v = required("file")) f.file = r_.string(*v, "a finding's file").value_or("");
    if (auto *v = required("line"))
      f.line = static_cast<int>(r_.integer(*v, "a finding's line", 0, 999'999'999).value_or(0));
    if (auto *v = required("message")) f.message = r_.string(*v, "a finding's message").value_or("");
    if (auto *v = SchemaReader::get(n, "rule"); v && !v->is_null())
      f.rule = r_.string(*v, "a finding's rule").value_or("");
    m_.findings.push_back(std::move(f));
  }

  template <class Index>
  int lookup(const Index &index, const PendingRef &ref, const char *what, const char *owner_kind,
             const std::string &owner) {
    const std::string_view name = ref_name(ref);
    if (const int id = index.find(name); id >= 0) return id;
    std::vector<std::string> &names = sorted_names_[&index];
    if (names.empty()) {
      for (std::string_view k : index.names()) names.emplace_back(k);
      std::sort(names.begin(), names.end());
    }
    std::string msg = fmt::format("{} '{}' names unknown {} '{}'", owner_kind, owner, what, name);
    if (names.size() <= suggestion_budget_) {
      suggestion_budget_ -= names.size();
      if (auto hint = did_you_mean(std::string(name), names)) msg += fmt::format("; did you mean '{}'?", *hint);
    }
    r_.error_at(ref.at.line, ref.at.column, std::move(msg));
    return -1;
  }

  void resolve_references() {
    for (const auto &ref : pipeline_repo_) {
      auto &p = m_.pipelines[ref.owner];
      p.repository = lookup(m_.repository_index, ref, "repository", "pipeline", p.name);
    }
    for (const auto &ref : package_repo_) {
      auto &p = m_.packages[ref.owner];
      p.repository = lookup(m_.repository_index, ref, "repository", "package", p.name);
    }
    for (const auto &ref : package_pipelines_) {
      auto &p = m_.packages[ref.owner];
      int id = lookup(m_.pipeline_index, ref, "pipeline", "package", p.name);
      if (id < 0) continue;
      if (std::find(p.published_by.begin(), p.published_by.end(), id) != p.published_by.end())
        r_.error_at(ref.at.line, ref.at.column, fmt::format("package '{}' lists pipeline '{}' twice", p.name, ref_name(ref)));
      else
        p.published_by.push_back(id);
    }
    for (const auto &ref : package_deps_) {
      auto &p = m_.packages[ref.owner];
      int id = lookup(m_.package_index, ref, "package", "package", p.name);
      if (id >= 0 && std::find(p.depends_on.begin(), p.depends_on.end(), id) == p.depends_on.end())
        p.depends_on.push_back(id);
    }
    // Provider and host must fit: GitHub Actions builds only GitHub repositories.
    const auto &providers = m_.vocabulary.of(Attr::pipeline_provider);
    const auto &hosts = m_.vocabulary.of(Attr::repository_host);
    for (std::size_t i = 0; i < m_.pipelines.size(); ++i) {
      auto &p = m_.pipelines[i];
      if (p.repository < 0 || std::popcount(p.provider.domain.mask) != 1) continue;
      const std::size_t prov_index = std::countr_zero(p.provider.domain.mask);
      const std::string &prov = providers[prov_index];
      std::uint32_t fit = m_.vocabulary.hosts_of(prov_index) & m_.repositories[p.repository].host.domain.mask;
      auto &repo = m_.repositories[p.repository];
      if (repo.host.stated && (fit & repo.host.domain.mask) == 0) {
        std::vector<std::string> ok;
        for (std::size_t h = 0; h < hosts.size(); ++h)
          if (m_.vocabulary.hosts_of(prov_index) & (1u << h)) ok.push_back(hosts[h]);
        r_.error_at(provider_at_[i].line, provider_at_[i].column,
                 fmt::format("provider {} does not fit repository '{}' on host {} ({} builds "
                             "repositories on {})",
                             prov, repo.name, hosts[std::countr_zero(repo.host.domain.mask)], prov,
                             join(ok, " or ")));
      }
      repo.host_fit &= m_.vocabulary.hosts_of(prov_index);
    }
  }

  int org_for(const Package &pkg) {
    std::string scope = "(user account)";
    if (pkg.name.starts_with("@")) scope = pkg.name.substr(1, pkg.name.find('/') - 1);
    if (const int id = m_.org_index.find(scope); id >= 0) return id;
    Org org;
    org.name = scope;
    org.declared = false;
    org.paid.domain = m_.vocabulary.full(Attr::org_paid);
    org.paid.json = "null";
    int id = static_cast<int>(m_.orgs.size());
    m_.org_index.emplace(scope, id);
    m_.orgs.push_back(std::move(org));
    return id;
  }

  void derive() {
    publisher_keys_.clear();
    for (const Pipeline &p : m_.pipelines) {
      std::string base = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f", p.provider.json, p.repository,
                                     p.has_environment ? p.environment : "", p.has_environment);
      const bool file_known = p.has_file && std::popcount(p.provider.domain.mask) == 1;
      publisher_keys_.push_back({file_known ? base + p.file : std::move(base), file_known});
    }
    for (auto &pkg : m_.packages) {
      // The policy may come after the packages in the file.
      if (pkg.provenance_from_policy) pkg.provenance_policy = m_.policy_provenance;
      pkg.org = org_for(pkg);
      pkg.publishers = count_publishers(pkg);
    }
    derive_installs_private();
  }

  // One trusted publisher is one (provider, repository, workflow file, environment).
  // A pipeline without a file may or may not be the same publisher as another.
  // Per pipeline, once: provider, repository and environment, each followed by a
  // separator, then the workflow file when it is known.
  struct PublisherKey {
    std::string key;
    bool file_known;
  };
  std::vector<PublisherKey> publisher_keys_;
  std::vector<const std::string *> known_, open_;  // reused for every package

  Domain count_publishers(const Package &pkg) {
    if (pkg.published_by_unknown) return Domain{0, 0, kUnknownCount};
    known_.clear();
    open_.clear();
    for (int id : pkg.published_by) {
      const PublisherKey &k = publisher_keys_[static_cast<std::size_t>(id)];
      (k.file_known ? known_ : open_).push_back(&k.key);
    }
    const std::int64_t unknown_files = static_cast<std::int64_t>(open_.size());
    auto distinct = [](std::vector<const std::string *> &keys) {
      std::sort(keys.begin(), keys.end(), [](const std::string *a, const std::string *b) { return *a < *b; });
      keys.erase(std::unique(keys.begin(), keys.end(), [](const std::string *a, const std::string *b) { return *a == *b; }),
                 keys.end());
    };
    distinct(known_);
    distinct(open_);
    std::int64_t lo = static_cast<std::int64_t>(known_.size());
    for (const std::string *b : open_) {
      bool joins = std::any_of(known_.begin(), known_.end(), [&](const std::string *k) { return k->starts_with(*b); });
      if (!joins) ++lo;
    }
    return Domain{0, lo, static_cast<std::int64_t>(known_.size()) + unknown_files};
  }

  // A package needs a read-only token to install when it depends, transitively,
  // on a private package of another repository (installed from the registry).
  // The graph answers it in one pass over its strong components.
  void derive_installs_private() {
    auto graph = std::make_shared<const TopologyGraph>(m_);
    const auto &answer = graph->installs_private();
    for (std::size_t i = 0; i < m_.packages.size(); ++i) {
      Package &pkg = m_.packages[i];
      const bool yes = answer[i] == 2, maybe = answer[i] == 1;
      Fact &f = pkg.installs_private;
      f.domain.mask = yes ? 0b10 : maybe ? 0b11 : 0b01;
      f.stated = yes || !maybe;
      f.json = yes ? "true" : maybe ? "null" : "false";
      f.origin = pkg.depends_on_origin;
      f.defaulted = pkg.depends_on.empty();
    }
    graph_ = std::move(graph);
  }
};

}  // namespace

LoadedTopology load_topology(std::string_view text, const std::string &name, const Vocabulary &vocabulary) {
  std::vector<Diagnostic> errors, read_errors;
  std::optional<Loader> loader(std::in_place, name, read_errors, vocabulary);
  const DocStream stream{
      Loader::streamed_lists(),
      [&](const std::string &list, const DocNode &n) { loader->element(list, n); },
      [&] {
        read_errors.clear();
        loader.emplace(name, read_errors, vocabulary);
      }};
  DocNode root = parse_document(text, name, errors, {}, &stream);
  std::optional<LoadedTopology> loaded;  // constructed, never assigned (model.hpp)
  // A document that does not parse gets its parse error alone: what its elements
  // said before the error would be noise.
  if (errors.empty()) {
    loaded.emplace(loader->load(root));
    errors = std::move(read_errors);
  }
  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(), [](const Diagnostic &a, const Diagnostic &b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    throw TopologyError(std::move(errors));
  }
  return std::move(*loaded);
}


}  // namespace pubplan::detail
