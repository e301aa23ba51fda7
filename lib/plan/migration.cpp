// The migration plan (pubplan/migration.hpp): which steps each package needs to
// go from its current strategy to its recommended one, and their partial order.
// The steps' words and commands are the catalog's (`migration`); what decides
// the steps is the target strategy's credential, the current one's, the token
// plan and the facts. docs/plan.md states the ordering rules this enforces.
#include <algorithm>
#include <iterator>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <fmt/args.h>
#include <fmt/format.h>

#include "pubplan/migration.hpp"
#include "topology/access.hpp"

namespace pubplan {
namespace {

using detail::Attr;
using detail::Credential;

std::string unquote(const std::string &json) {
  return json.size() >= 2 && json.front() == '"' ? json.substr(1, json.size() - 2) : std::string();
}

// A fact's JSON value as words: strings unquoted, null as unknown.
std::string plain(const std::string &json) {
  if (json == "null") return "unknown";
  return json.size() >= 2 && json.front() == '"' ? json.substr(1, json.size() - 2) : json;
}

int kind_rank(const std::string &kind) {
  const auto *end = std::end(detail::kStepKinds);
  return static_cast<int>(std::find(std::begin(detail::kStepKinds), end, kind) - std::begin(detail::kStepKinds));
}

// The catalog attribute a fact path names (pipelines[x].npm: pipeline.npm), for
// the note and actor of its repair line; nullopt when it names none.
std::optional<Attr> attribute_of(const std::string &path) {
  static const std::pair<const char *, const char *> whole[] = {
      {"npm.tokens_in_use", "package.token_budget"},
      {"policy.provenance", "package.provenance_policy"},
      {"policy.bypass_2fa_tokens", "policy.bypass_2fa_tokens"}};
  for (const auto &[p, a] : whole)
    if (path == p) return detail::find_attr(a)->attr;
  static const std::pair<const char *, const char *> prefixes[] = {
      {"pipelines[", "pipeline."}, {"packages[", "package."}, {"repositories[", "repository."}, {"npm.orgs[", "org."}};
  for (const auto &[prefix, scope] : prefixes) {
    if (!path.starts_with(prefix)) continue;
    const std::size_t close = path.rfind("].");
    if (close == std::string::npos) return std::nullopt;
    std::string field = path.substr(close + 2);
    if (field == "client.name") field = "client";
    if (field == "client.version") field = "client_version";
    if (field == "requires.provenance") field = "provenance_policy";
    if (field == "published_by") field = "pipelines";
    if (field == "name") field = "scoped";
    if (const detail::AttrInfo *info = detail::find_attr(std::string(scope) + field)) return info->attr;
    return std::nullopt;
  }
  return std::nullopt;
}

// The pipeline a fact path belongs to (-1: none).
int pipeline_of(const detail::TopologyModel &m, const std::string &path) {
  if (!path.starts_with("pipelines[")) return -1;
  const std::size_t close = path.rfind("].");
  if (close == std::string::npos) return -1;
  return m.pipeline_index.find(std::string_view(path).substr(10, close - 10));
}

struct Draft {
  std::string kind;
  int pipeline = -1;
  std::string location;
  std::vector<int> packages;
  std::set<std::size_t> after;  // drafts
  std::unordered_map<std::string, std::string> fields;  // fact, needs, from, to, note, token, ...
  std::string actor;            // overrides the template's (a repair line's actor)
};

class PlanBuilder {
 public:
  PlanBuilder(const detail::TopologyModel &m, const detail::CatalogModel &cat, const Result &r)
      : m_(m), cat_(cat), r_(r) {
    keeps_token_.assign(m.pipelines.size(), false);
    for (const Token &t : r.tokens.tokens)
      if (t.access != "read-only")
        if (const int p = m.pipeline_index.find(t.pipeline); p >= 0) keeps_token_[p] = true;
  }

  MigrationPlan build() {
    MigrationPlan plan;
    plan.source = m_.source;
    plan.as_of = r_.as_of;
    for (std::size_t i = 0; i < m_.packages.size(); ++i) plan.packages.push_back(package(static_cast<int>(i)));
    finish(plan);
    return plan;
  }

 private:
  const detail::TopologyModel &m_;
  const detail::CatalogModel &cat_;
  const Result &r_;
  std::vector<Draft> drafts_;
  std::unordered_map<std::string, std::size_t> by_key_;
  std::vector<std::vector<std::size_t>> of_package_;  // drafts serving each package
  std::vector<bool> keeps_token_;  // the token plan keeps a write or stage token in this pipeline

  // The draft for `key`, made on first use; it serves package `pkg` (-1: none).
  std::size_t step(const std::string &kind, const std::string &key, int pipeline, int pkg,
                   const std::string &location = {}) {
    auto [it, fresh] = by_key_.emplace(kind + '\n' + key, drafts_.size());
    if (fresh) {
      Draft d;
      d.kind = kind;
      d.pipeline = pipeline;
      d.location = location;
      drafts_.push_back(std::move(d));
    }
    Draft &d = drafts_[it->second];
    if (pkg >= 0 && (d.packages.empty() || d.packages.back() != pkg)) {
      d.packages.push_back(pkg);
      of_package_[static_cast<std::size_t>(pkg)].push_back(it->second);
    }
    return it->second;
  }
  void before(std::size_t first, std::size_t then) {
    if (first != then) drafts_[then].after.insert(first);
  }
  void before(const std::vector<std::size_t> &firsts, std::size_t then) {
    for (std::size_t f : firsts) before(f, then);
  }

  std::string pipeline_location(int p) const { return detail::origin_text(m_, m_.pipelines[p].origin); }

  // A fact the plan changes (a repair) or must make sure of (an assumption).
  std::size_t fact_step(const char *kind, const std::string &fact, const std::string &value_field,
                        const std::string &value, const std::string &origin, int pkg) {
    const int p = pipeline_of(m_, fact);
    const std::size_t s = step(kind, fact + '\n' + value, p, pkg, origin);
    Draft &d = drafts_[s];
    d.fields["fact"] = fact;
    d.fields[value_field] = value;
    if (auto a = attribute_of(fact)) {
      d.fields["note"] = cat_.repair_note[static_cast<int>(*a)];
      d.actor = cat_.repair_actor[static_cast<int>(*a)];
    }
    return s;
  }

  // The tokens of the token plan held by pipeline `p` whose access is `access`.
  std::vector<std::size_t> token_steps(int p, const std::string &access, int pkg) {
    std::vector<std::size_t> out;
    for (const Token &t : r_.tokens.tokens) {
      if (t.pipeline != m_.pipelines[p].name || t.access != access) continue;
      const std::size_t s = step("create-token", t.name, p, pkg);
      Draft &d = drafts_[s];
      d.fields["token"] = t.name;
      d.fields["access"] = t.access;
      d.fields["expires_days"] = std::to_string(t.expires_days);
      d.fields["command"] = t.command;
      out.push_back(s);
    }
    return out;
  }

  PackagePlan package(int i) {
    of_package_.emplace_back();
    const detail::Package &pkg = m_.packages[i];
    const PackageResult &res = r_.packages[i];
    PackagePlan pp;
    pp.name = pkg.name;
    pp.current = pkg.current.empty() ? "unknown" : pkg.current;
    const Repair *repair = nullptr;
    if (res.recommended) {
      pp.target = res.recommended;
      pp.target_status = res.recommended_status;
    } else if (!res.repairs.empty()) {
      repair = &res.repairs.front();
      pp.target = repair->unlocks;
      pp.target_status = repair->status_after;
      pp.via_repair = true;
    } else {
      pp.notes.push_back("nothing fits and no repair was found (pubplan explain says why): no steps");
      return pp;
    }
    const int target = cat_.strategy_index(*pp.target);
    const int current = pkg.current.empty() ? -1 : cat_.strategy_index(pkg.current);
    const bool stays = current == target;
    const Credential to = cat_.strategies[target].credential;
    const bool used_token = current >= 0 && (cat_.strategies[current].credential == Credential::write_token ||
                                             cat_.strategies[current].credential == Credential::stage_token);

    // What must change or hold first: the repair's changes and the target's assumptions.
    std::vector<std::size_t> prep;  // of the package itself
    std::unordered_map<int, std::vector<std::size_t>> pipeline_prep;
    // Only a trusted publisher needs the package to exist first: a token, a
    // stage or a person's publish creates it.
    bool first_version = to == Credential::none && !stays && pkg.exists.json == "false";
    auto add_prep = [&](std::size_t s) {
      const int p = drafts_[s].pipeline;
      (p >= 0 ? pipeline_prep[p] : prep).push_back(s);
    };
    if (repair)
      for (const Change &c : repair->changes) {
        if (attribute_of(c.fact) == Attr::package_exists) first_version = to == Credential::none;
        else {
          const std::size_t s = fact_step("change", c.fact, "to", plain(c.to_json), c.origin, i);
          drafts_[s].fields["from"] = plain(c.from_json);
          add_prep(s);
        }
      }
    if (const StrategyResult *sr = res.strategy(*pp.target); sr && !repair && sr->status == Status::conditional)
      for (const Assumption &a : sr->assuming) add_prep(fact_step("ensure", a.fact, "needs", a.needs, a.origin, i));
    std::vector<std::size_t> all_prep = prep;
    for (const auto &[p, steps] : pipeline_prep) all_prep.insert(all_prep.end(), steps.begin(), steps.end());

    std::optional<std::size_t> first;
    if (first_version) {
      first = step("first-version", pkg.name, -1, i, detail::origin_text(m_, pkg.origin));
      before(all_prep, *first);
    }
    std::vector<std::size_t> proven;  // the steps after which the new route has published once
    const std::vector<int> &pipes = pkg.published_by;
    if (to == Credential::none && !stays) {
      const bool trusted = pkg.trusted_publisher.json == "\"publish\"" || pkg.trusted_publisher.json == "\"both\"";
      for (int p : pipes) {
        const std::string name = m_.pipelines[p].name;
        // The OIDC grant: none when the topology says the job has it, a step to
        // make sure of it when nobody could tell.
        const detail::Pipeline &pl = m_.pipelines[p];
        std::vector<std::size_t> edits = pipeline_prep[p];
        if (pl.id_token != true) {
          const bool stated = pl.id_token_origin.line > 0 || pl.id_token_origin.text >= 0;
          const std::size_t oidc = step(pl.id_token ? "oidc" : "oidc-unknown", name, p, i,
                                        stated ? detail::origin_text(m_, pl.id_token_origin) : pipeline_location(p));
          before(pipeline_prep[p], oidc);
          edits.push_back(oidc);
        }
        const std::vector<std::size_t> reads = token_steps(p, "read-only", i);
        std::vector<std::size_t> last = edits;
        if (!trusted) {
          // Created no earlier than its first publish can follow: after every edit.
          const std::size_t trust = step("trust", name, p, i);
          before(edits, trust);
          before(all_prep, trust);
          before(reads, trust);
          if (first) before(*first, trust);
          last = {trust};
        }
        const std::size_t publish = step("publish", name, p, i, pipeline_location(p));
        before(last, publish);
        before(reads, publish);
        before(all_prep, publish);
        proven.push_back(publish);
      }
    } else if (to == Credential::stage_token) {
      for (int p : pipes) {
        std::vector<std::size_t> tokens = token_steps(p, "read-write-stage-only", i);
        const std::vector<std::size_t> reads = token_steps(p, "read-only", i);
        if (stays) continue;
        const std::size_t edit = step("stage-command", m_.pipelines[p].name, p, i, pipeline_location(p));
        before(tokens, edit);
        before(reads, edit);
        before(all_prep, edit);
        const std::size_t approve = step("approve", m_.pipelines[p].name, p, i);
        before(edit, approve);
        if (first) before(*first, approve);
        proven.push_back(approve);
      }
    } else if (to == Credential::write_token) {
      for (int p : pipes) {
        std::vector<std::size_t> tokens = token_steps(p, "read-write", i);
        const std::vector<std::size_t> reads = token_steps(p, "read-only", i);
        if (stays || used_token) continue;
        const std::size_t publish = step("publish", m_.pipelines[p].name, p, i, pipeline_location(p));
        before(tokens, publish);
        before(reads, publish);
        before(all_prep, publish);
        if (first) before(*first, publish);
      }
    } else if (to == Credential::person_2fa && !stays) {
      const std::size_t publish = step("publish-by-person", m_.repositories[pkg.repository].name, -1, i,
                                       detail::origin_text(m_, pkg.origin));
      before(all_prep, publish);
      if (first) before(*first, publish);
      proven.push_back(publish);
    }

    // The old route's token: out of the pipelines once the new route has
    // published, revoked once out, unless the pipeline keeps a token route.
    const bool leaves_tokens = to == Credential::none || to == Credential::person_2fa;
    bool token_remains = !leaves_tokens;
    std::vector<std::size_t> removed;
    if (leaves_tokens)
      for (int p : pipes) {
        if (keeps_token_[p]) {
          token_remains = true;
          pp.notes.push_back(fmt::format("pipeline {} keeps a token for other packages: its token stays, so tokens "
                                         "stay allowed on this package",
                                         m_.pipelines[p].name));
          continue;
        }
        if (stays || (!used_token && current >= 0)) continue;
        const std::size_t remove = step(used_token ? "remove-token" : "remove-token-unknown", m_.pipelines[p].name, p,
                                        i, pipeline_location(p));
        before(proven, remove);
        removed.push_back(remove);
        if (used_token) before(remove, step("revoke-token", m_.pipelines[p].name, p, i));
      }
    if (leaves_tokens && !stays && proven.empty()) {
      // No pipeline is known to publish it: nothing can prove the new route yet.
      token_remains = true;
      pp.notes.push_back("no pipeline is known to publish it: find who does, then plan again; tokens stay allowed "
                         "until the new route has published");
    }
    if (leaves_tokens && !token_remains && pkg.tokens_allowed.json != "false") {
      const std::string batch = pipes.empty() ? std::string() : m_.pipelines[pipes.front()].name;
      const std::size_t disallow = step("disallow-tokens", batch, pipes.empty() ? -1 : pipes.front(), i);
      before(proven, disallow);
      before(removed, disallow);
      before(all_prep, disallow);
      if (first) before(*first, disallow);
    }
    if (!leaves_tokens && pkg.tokens_allowed.json != "false")
      pp.notes.push_back("tokens stay allowed: the recommended route publishes with a token");
    return pp;
  }

  // Words from the catalog, fields filled; ids in plan order.
  void finish(MigrationPlan &plan) {
    // A token leaves a pipeline, and is revoked, only after every release
    // through that pipeline on a new route, whichever package it was for.
    for (std::size_t d = 0; d < drafts_.size(); ++d) {
      const std::string &kind = drafts_[d].kind;
      if (kind != "remove-token" && kind != "remove-token-unknown" && kind != "revoke-token") continue;
      for (std::size_t r = 0; r < drafts_.size(); ++r)
        if (drafts_[r].pipeline == drafts_[d].pipeline && (drafts_[r].kind == "publish" || drafts_[r].kind == "approve"))
          before(r, d);
    }
    std::vector<std::size_t> order(drafts_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Every `before` goes from an earlier kind to a later one (kStepKinds is in
    // phase order), so sorting by kind, then by creation, respects them all.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return kind_rank(drafts_[a].kind) < kind_rank(drafts_[b].kind);
    });
    std::vector<std::size_t> position(drafts_.size());
    for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const Draft &d = drafts_[order[i]];
      PlanStep s = words(d);
      s.id = fmt::format("s{}", i + 1);
      std::vector<std::size_t> after;
      for (std::size_t a : d.after) {
        if (position[a] >= i)
          throw std::logic_error(fmt::format("migration plan: a {} step ordered before its prerequisite, a {} step",
                                             d.kind, drafts_[a].kind));
        after.push_back(position[a]);
      }
      std::sort(after.begin(), after.end());
      for (std::size_t a : after) s.after.push_back(fmt::format("s{}", a + 1));
      plan.steps.push_back(std::move(s));
    }
    for (std::size_t p = 0; p < plan.packages.size(); ++p) {
      std::vector<std::size_t> mine;
      for (std::size_t d : of_package_[p]) mine.push_back(position[d]);
      std::sort(mine.begin(), mine.end());
      mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
      for (std::size_t s : mine) plan.packages[p].steps.push_back(fmt::format("s{}", s + 1));
    }
  }

  PlanStep words(const Draft &d) const {
    PlanStep s;
    s.kind = d.kind;
    s.location = d.location;
    for (int p : d.packages) s.packages.push_back(m_.packages[p].name);
    std::unordered_map<std::string, std::string> f = d.fields;
    std::string provider;
    if (d.pipeline >= 0) {
      const detail::Pipeline &p = m_.pipelines[d.pipeline];
      s.pipeline = p.name;
      provider = unquote(p.provider.json);
      f["pipeline"] = p.name;
      f["repository"] = m_.repositories[p.repository].name;
      f["provider"] = provider;
      f["file"] = p.has_file ? p.file : "its pipeline file (the topology does not name it)";
      f["file_name"] = p.has_file ? p.file.substr(p.file.rfind('/') + 1) : "<pipeline-file>";
      if (p.has_environment) f["environment"] = p.environment;
    } else if (!d.packages.empty()) {
      f["repository"] = m_.repositories[m_.packages[d.packages.front()].repository].name;
    }
    f["count"] = std::to_string(d.packages.size());
    f["token_owner"] = m_.token_owner.empty() ? "the token owner" : m_.token_owner;
    if (!d.packages.empty()) f["package"] = m_.packages[d.packages.front()].name;

    auto found = cat_.migration.steps.find(d.kind);
    if (found == cat_.migration.steps.end()) {
      s.title = d.kind;  // a catalog without words for it: its kind still says what it is
      return s;
    }
    const detail::StepTemplate &t = found->second;
    detail::StepWords w = t.words;
    if (auto bp = t.by_provider.find(provider); bp != t.by_provider.end()) {
      if (bp->second.has_title) w.title = bp->second.title;
      if (bp->second.has_detail) w.detail = bp->second.detail;
      if (bp->second.has_commands) w.commands = bp->second.commands;
    }
    s.actor = d.actor.empty() ? t.actor : d.actor;
    if (auto a = cat_.migration.actors.find(s.actor); a != cat_.migration.actors.end()) {
      s.actor_says = a->second.says;
      s.two_factor = a->second.two_factor;
    }
    auto fill = [&](const std::string &text, const std::string &package) {
      fmt::dynamic_format_arg_store<fmt::format_context> args;
      for (const char *name : detail::kStepFields) {
        auto it = f.find(name);
        const std::string value = std::string(name) == "package" && !package.empty() ? package
                                  : it == f.end()                                   ? std::string()
                                                                                    : it->second;
        args.push_back(fmt::arg(name, value));
      }
      std::vector<std::string> option_names;  // kept alive: the store refers to the names
      option_names.reserve(t.options.size());
      for (const auto &[field, option] : t.options) {
        auto it = f.find(field);
        option_names.push_back(field + "_option");
        args.push_back(fmt::arg(option_names.back().c_str(),
                                it == f.end() || it->second.empty() ? std::string() : fmt::vformat(option, args)));
      }
      std::string out = fmt::vformat(text, args);
      // An option left out leaves two spaces behind.
      for (std::size_t at; (at = out.find("  ")) != std::string::npos && out.find("#") > at;) out.erase(at, 1);
      return out;
    };
    s.title = fill(w.title, "");
    s.detail = fill(w.detail, "");
    for (const std::string &c : w.commands) {
      if (c.find("{package}") == std::string::npos) {
        s.commands.push_back(fill(c, ""));
        continue;
      }
      for (int p : d.packages) s.commands.push_back(fill(c, m_.packages[p].name));
    }
    return s;
  }
};

}  // namespace

MigrationPlan plan_migration(const Result &result, const Topology &topology, const Catalog &catalog) {
  const detail::TopologyModel &m = detail::Access::model(topology);
  if (result.packages.size() != m.packages.size())
    throw std::invalid_argument("plan_migration: the result does not hold the topology's packages (was it streamed?)");
  for (std::size_t i = 0; i < m.packages.size(); ++i)
    if (result.packages[i].name != m.packages[i].name)
      throw std::invalid_argument("plan_migration: the result is not a solve of this topology");
  return PlanBuilder(m, detail::Access::model(catalog), result).build();
}

}  // namespace pubplan
