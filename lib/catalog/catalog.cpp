// Catalog files: parsing, layering, and the public Catalog handle.
#include <algorithm>
#include <bit>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalog/catalog_model.hpp"
#include "format/document.hpp"
#include "pubplan/catalog.hpp"
#include "pubplan/error.hpp"
#include "format/schema.hpp"
#include "format/version_range.hpp"

namespace pubplan::detail {

const char *capability_name(Capability c) {
  return c == Capability::provenance ? "provenance" : "bypass_2fa";
}

const char *credential_name(Credential c) {
  switch (c) {
    case Credential::none: return "none";
    case Credential::write_token: return "write-token";
    case Credential::stage_token: return "stage-token";
    case Credential::person_2fa: return "person-2fa";
  }
  return "none";
}

bool Cond::reads(Attr a) const {
  if (op == Op::atom) return attr == a;
  return std::any_of(kids.begin(), kids.end(), [&](const Cond &k) { return k.reads(a); });
}

int CatalogModel::strategy_index(const std::string &id) const {
  for (std::size_t i = 0; i < strategies.size(); ++i)
    if (strategies[i].id == id) return static_cast<int>(i);
  return -1;
}

std::vector<Day> CatalogModel::rule_changes(Day from, Day until) const {
  std::vector<Day> days;
  for (const Rule &r : rules) {
    // A warning changes no status: its dates do not make a day worth solving.
    if (!r.enabled || r.kind == RuleKind::warning) continue;
    for (const auto &d : {r.effective_from, r.effective_until})
      if (d && *d > from && *d <= until) days.push_back(*d);
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

CatalogModel in_force(const CatalogModel &cat, Day day) {
  CatalogModel out = cat;
  for (Rule &r : out.rules) r.enabled = r.enabled && r.in_force(day);
  return out;
}

namespace {

const std::vector<std::string> kRuleKeys = {
    "id",       "statement", "source",   "as_of",     "certainty", "severity", "strategies",
    "for_each", "when",      "requires", "provides",  "condition", "disabled",
    "effective_from", "effective_until"};

std::vector<std::string> attr_names() {
  std::vector<std::string> names;
  for (int i = 0; i < kAttrCount; ++i) names.push_back(attr_info(static_cast<Attr>(i)).name);
  return names;
}

class CatalogReader {
 public:
  CatalogReader(CatalogModel &m, const std::string &file, std::vector<Diagnostic> &errors)
      : m_(m), r_(file, errors) {}

  void read(const DocNode &root) {
    bool first = m_.layers.empty();
    if (root.is_null()) {
      r_.error_at(1, 1, "empty catalog");
      return;
    }
    if (!r_.check_map(root, {"catalog", "name", "as_of", "vocabulary", "provider_hosts", "strategies", "rules",
                             "ranking", "repairs", "tokens", "migration"},
                      "the catalog"))
      return;
    if (auto *v = SchemaReader::get(root, "catalog")) {
      if (auto n = r_.integer(*v, "catalog", 0, 1000); n && *n != 1)
        r_.error(*v, fmt::format("unsupported catalog format {} (this pubplan reads 1)", *n));
    } else {
      r_.error_at(root.line, root.column, "missing required key 'catalog' (write 'catalog: 1')");
    }
    if (auto *n = SchemaReader::get(root, "name"); n && first) m_.name = r_.string(*n, "name").value_or("");
    if (auto *n = SchemaReader::get(root, "as_of")) m_.as_of = std::max(m_.as_of, date(*n, "as_of"));
    if (auto *v = SchemaReader::get(root, "vocabulary")) read_vocabulary(*v);
    if (first)
      for (int a = 0; a < kAttrCount; ++a)
        if (attr_info(static_cast<Attr>(a)).catalog_values && m_.vocabulary.of(static_cast<Attr>(a)).empty())
          r_.error_at(root.line, root.column,
                      fmt::format("the base catalog must list the values of {} under 'vocabulary'",
                                  attr_info(static_cast<Attr>(a)).name));
    if (auto *h = SchemaReader::get(root, "provider_hosts")) read_provider_hosts(*h);
    const std::size_t known_strategies = m_.strategies.size();
    if (auto *s = SchemaReader::get(root, "strategies")) {
      read_strategies(*s);
    } else if (first) {
      r_.error_at(root.line, root.column, "the base catalog must define 'strategies'");
    }
    if (auto *rules = SchemaReader::get(root, "rules")) {
      if (!rules->is_sequence()) r_.error(*rules, "'rules' must be a list");
      else for (const auto &n : rules->items) read_rule(n);
    }
    if (auto *rp = SchemaReader::get(root, "repairs")) read_repairs(*rp);
    if (auto *tk = SchemaReader::get(root, "tokens")) read_tokens(*tk);
    if (auto *mg = SchemaReader::get(root, "migration")) read_migration(m_.migration, *mg, r_);
    // Rules of earlier layers that apply to every strategy apply to the new ones.
    for (auto &rule : m_.rules)
      if (rule.all_strategies)
        for (std::size_t s = rule.strategies.size(); s < m_.strategies.size(); ++s)
          rule.strategies.push_back(static_cast<int>(s));
    if (auto *rk = SchemaReader::get(root, "ranking")) read_ranking(*rk);
    else if (first) r_.error_at(root.line, root.column, "the base catalog must define 'ranking'");
    else rank_last(known_strategies);
    // Actors may be defined later in the file than the repairs that name them.
    for (const auto &[actor, at] : repair_actor_at_)
      if (!actor.empty() && !m_.migration.actors.count(actor))
        r_.error(*at, fmt::format("'{}' is not an actor of migration.actors", actor));
    check_migration(m_.migration, r_, root.line);
  }

 private:
  CatalogModel &m_;
  SchemaReader r_;
  std::vector<std::pair<std::string, const DocNode *>> repair_actor_at_;

  void read_strategies(const DocNode &list) {
    if (!list.is_sequence()) {
      r_.error(list, "'strategies' must be a list");
      return;
    }
    for (const auto &n : list.items) {
      if (!r_.check_map(n, {"id", "title", "provides", "credential", "person_acts", "colour"}, "a strategy"))
        continue;
      StrategyDef s;
      if (auto *id = SchemaReader::get(n, "id")) s.id = r_.string(*id, "id").value_or("");
      else r_.error(n, "a strategy needs an 'id'");
      if (auto *t = SchemaReader::get(n, "title")) s.title = r_.string(*t, "title").value_or("");
      if (auto *c = SchemaReader::get(n, "credential")) {
        auto name = r_.one_of(*c, {"none", "write-token", "stage-token", "person-2fa"}, "credential");
        for (auto k : {Credential::none, Credential::write_token, Credential::stage_token, Credential::person_2fa})
          if (name == credential_name(k)) s.credential = k;
      } else {
        r_.error(n, fmt::format("strategy '{}' needs a 'credential' (none, write-token, stage-token or person-2fa)",
                                s.id));
      }
      if (auto *a = SchemaReader::get(n, "person_acts")) s.person_acts = r_.boolean(*a, "person_acts").value_or(false);
      else r_.error(n, fmt::format("strategy '{}' needs 'person_acts' (true or false)", s.id));
      if (auto *c = SchemaReader::get(n, "colour")) {
        s.colour = r_.string(*c, "colour").value_or("");
        const bool hex = s.colour.size() == 7 && s.colour[0] == '#' &&
                         s.colour.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
        if (!hex) r_.error(*c, fmt::format("colour '{}' is not written #rrggbb", s.colour));
      }
      if (auto *p = SchemaReader::get(n, "provides")) {
        if (r_.check_map(*p, {"provenance", "bypass_2fa"}, "provides"))
          for (int c = 0; c < kCapabilityCount; ++c)
            if (auto *v = SchemaReader::get(*p, capability_name(static_cast<Capability>(c))))
              s.provides[c] = r_.boolean(*v, "a capability").value_or(false);
      }
      if (m_.strategy_index(s.id) >= 0) r_.error(n, fmt::format("duplicate strategy '{}'", s.id));
      else if (!s.id.empty()) {
        m_.vocabulary.strategies.push_back(s.id);
        m_.strategies.push_back(std::move(s));
      }
    }
  }

  // `vocabulary: {pipeline.provider: [...], ...}`: the values of the attributes
  // the catalog defines. A later layer may add values, never remove or reorder
  // them, so that what earlier layers wrote keeps its meaning.
  void read_vocabulary(const DocNode &n) {
    if (!n.is_map()) {
      r_.error(n, "'vocabulary' must map attributes to their values");
      return;
    }
    for (const auto &[key, list] : n.entries) {
      const AttrInfo *info = key.is_scalar() ? find_attr(key.value) : nullptr;
      if (!info || !info->catalog_values) {
        std::vector<std::string> names;
        for (int a = 0; a < kAttrCount; ++a)
          if (attr_info(static_cast<Attr>(a)).catalog_values) names.emplace_back(attr_info(static_cast<Attr>(a)).name);
        r_.error(key, fmt::format("'{}' takes no values from the catalog (these do: {})", key.value, join(names, ", ")));
        continue;
      }
      auto values = r_.string_list(list, info->name);
      if (!values) continue;
      auto &known = m_.vocabulary.values[static_cast<std::size_t>(info->attr)];
      for (std::size_t i = 0; i < values->size(); ++i) {
        const std::string &v = (*values)[i];
        if (v.empty() || v.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
          r_.error(list.items[i], fmt::format("'{}' is not a value name (lower-case letters, digits, '-')", v));
        } else if (std::find(known.begin(), known.end(), v) == known.end()) {
          if (known.size() == kMaxEnumValues)
            r_.error(list.items[i], fmt::format("{} has more than {} values", info->name, kMaxEnumValues));
          else
            known.push_back(v);
        }
      }
      if (info->attr == Attr::pipeline_provider) m_.vocabulary.provider_hosts.resize(known.size(), ~0u);
    }
  }

  // `provider_hosts: {PROVIDER: [HOST, ...]}`: the hosts whose
  // repositories a provider can build; a provider not listed builds any.
  void read_provider_hosts(const DocNode &n) {
    if (!n.is_map()) {
      r_.error(n, "'provider_hosts' must map CI providers to repository hosts");
      return;
    }
    const auto &providers = m_.vocabulary.of(Attr::pipeline_provider);
    const auto &hosts = m_.vocabulary.of(Attr::repository_host);
    for (const auto &[key, list] : n.entries) {
      auto provider = r_.one_of(key, providers, "pipeline.provider");
      if (!provider) continue;
      std::uint32_t mask = 0;
      if (!list.is_sequence()) {
        r_.error(list, "a provider's hosts must be a list");
        continue;
      }
      for (const auto &item : list.items)
        if (auto h = r_.one_of(item, hosts, "repository.host"))
          mask |= 1u << (std::find(hosts.begin(), hosts.end(), *h) - hosts.begin());
      m_.vocabulary.provider_hosts[static_cast<std::size_t>(
          std::find(providers.begin(), providers.end(), *provider) - providers.begin())] = mask;
    }
  }

  // A layer that adds strategies without a ranking ranks them last, in the
  // order it lists them, as a group of their own.
  void rank_last(std::size_t known) {
    if (known == m_.strategies.size()) return;
    std::vector<int> added;
    for (std::size_t s = known; s < m_.strategies.size(); ++s) added.push_back(static_cast<int>(s));
    m_.ranking.groups.push_back(added);
    m_.ranking.default_order.order.insert(m_.ranking.default_order.order.end(), added.begin(), added.end());
    for (auto &p : m_.ranking.profiles) p.order.insert(p.order.end(), added.begin(), added.end());
  }

  std::vector<int> strategy_list(const DocNode &n) {
    std::vector<int> out;
    if (n.is_scalar() && n.value == "all") {
      for (std::size_t i = 0; i < m_.strategies.size(); ++i) out.push_back(static_cast<int>(i));
      return out;
    }
    std::vector<std::string> ids;
    for (const auto &s : m_.strategies) ids.push_back(s.id);
    auto names = r_.string_list(n, "strategies");
    if (!names) return out;
    for (std::size_t i = 0; i < names->size(); ++i) {
      int idx = m_.strategy_index((*names)[i]);
      if (idx < 0) {
        std::string msg = fmt::format("unknown strategy '{}'", (*names)[i]);
        if (auto hint = did_you_mean((*names)[i], ids)) msg += fmt::format("; did you mean '{}'?", *hint);
        else msg += fmt::format(" (known: {})", join(ids, ", "));
        r_.error(n.items[i], std::move(msg));
      } else {
        out.push_back(idx);
      }
    }
    return out;
  }

  Cond atom(const DocNode &key, const DocNode &value, bool pipeline_scope) {
    Cond c;
    c.op = Cond::Op::atom;
    const AttrInfo *a = find_attr(key.value);
    if (!a) {
      std::string msg = fmt::format("unknown attribute '{}'", key.value);
      if (auto hint = did_you_mean(key.value, attr_names())) msg += fmt::format("; did you mean '{}'?", *hint);
      r_.error(key, std::move(msg));
      return c;
    }
    c.attr = a->attr;
    if (a->scope == Scope::pipeline && !pipeline_scope)
      r_.error(key, fmt::format("'{}' is a pipeline attribute: use it in a rule with 'for_each: "
                                "pipeline' or inside every_pipeline/some_pipeline", a->name));
    switch (a->type) {
      case ValueType::boolean:
        if (auto b = r_.boolean(value, a->name)) c.mask = *b ? 0b10 : 0b01;
        break;
      case ValueType::enumeration: {
        std::vector<const DocNode *> vals;
        if (value.is_sequence()) for (const auto &v : value.items) vals.push_back(&v);
        else vals.push_back(&value);
        const auto &values = m_.vocabulary.of(a->attr);
        for (const auto *v : vals)
          if (auto s = r_.one_of(*v, values, a->name))
            c.mask |= 1u << (std::find(values.begin(), values.end(), *s) - values.begin());
        break;
      }
      case ValueType::version:
      case ValueType::integer: {
        if (!value.is_scalar()) {
          r_.error(value, fmt::format("{} takes a comparison such as \">= 1\"", a->name));
          break;
        }
        std::string text = value.value;
        static const std::pair<const char *, Cond::Cmp> ops[] = {
            {">=", Cond::Cmp::ge}, {"<=", Cond::Cmp::le}, {">", Cond::Cmp::gt}, {"<", Cond::Cmp::lt}};
        bool found = false;
        for (auto [op, cmp] : ops)
          if (text.starts_with(op)) {
            c.cmp = cmp;
            text = text.substr(std::string_view(op).size());
            found = true;
            break;
          }
        if (!found) c.cmp = Cond::Cmp::in;
        while (!text.empty() && text.front() == ' ') text.erase(0, 1);
        if (a->type == ValueType::version) {
          auto d = parse_version_range(text);
          if (!d || d->hi == kVersionMax) {
            r_.error(value, fmt::format("'{}' is not a version bound (X.Y.Z)", value.value));
            break;
          }
          c.bound = d->lo;
          c.upper = d->hi;
        } else {
          try {
            std::size_t pos = 0;
            c.bound = c.upper = std::stoll(text, &pos);
            if (pos != text.size()) throw std::invalid_argument(text);
          } catch (const std::exception &) {
            r_.error(value, fmt::format("'{}' is not a comparison with an integer", value.value));
          }
        }
        break;
      }
    }
    return c;
  }

  Cond cond(const DocNode &n, bool pipeline_scope) {
    Cond out;
    out.op = Cond::Op::all;
    if (!n.is_map()) {
      r_.error(n, fmt::format("a condition must be a mapping, found {}", n.kind_name()));
      return out;
    }
    for (const auto &[k, v] : n.entries) {
      const std::string &key = k.value;
      if (key == "all" || key == "any") {
        Cond c;
        c.op = key == "all" ? Cond::Op::all : Cond::Op::any;
        if (!v.is_sequence()) r_.error(v, fmt::format("'{}' takes a list of conditions", key));
        else for (const auto &item : v.items) c.kids.push_back(cond(item, pipeline_scope));
        out.kids.push_back(std::move(c));
      } else if (key == "not") {
        Cond c;
        c.op = Cond::Op::negate;
        c.kids.push_back(cond(v, pipeline_scope));
        out.kids.push_back(std::move(c));
      } else if (key == "every_pipeline" || key == "some_pipeline") {
        if (pipeline_scope) r_.error(k, fmt::format("'{}' inside a pipeline scope", key));
        Cond c;
        c.op = key == "every_pipeline" ? Cond::Op::every_pipeline : Cond::Op::some_pipeline;
        c.kids.push_back(cond(v, true));
        out.kids.push_back(std::move(c));
      } else {
        out.kids.push_back(atom(k, v, pipeline_scope));
      }
    }
    if (out.kids.size() == 1) return std::move(out.kids[0]);
    return out;
  }

  void read_rule(const DocNode &n) {
    if (!r_.check_map(n, kRuleKeys, "a rule")) return;
    Rule rule;
    rule.defined_at = fmt::format("{}:{}", r_.file(), n.line);
    if (auto *id = SchemaReader::get(n, "id")) rule.id = r_.string(*id, "id").value_or("");
    else { r_.error(n, "a rule needs an 'id'"); return; }
    auto existing = std::find_if(m_.rules.begin(), m_.rules.end(),
                                 [&](const Rule &r) { return r.id == rule.id; });
    if (auto *d = SchemaReader::get(n, "disabled"); d && r_.boolean(*d, "disabled").value_or(false)) {
      if (existing == m_.rules.end()) r_.error(n, fmt::format("cannot disable unknown rule '{}'", rule.id));
      else existing->enabled = false;
      if (n.entries.size() > 2) r_.error(n, "a rule that is disabled takes only 'id' and 'disabled'");
      return;
    }
    auto text = [&](const char *key, std::string &into) {
      if (auto *v = SchemaReader::get(n, key)) into = r_.string(*v, key).value_or("");
      else r_.error(n, fmt::format("rule '{}' is missing required key '{}'", rule.id, key));
    };
    text("statement", rule.statement);
    text("source", rule.source);
    if (auto *v = SchemaReader::get(n, "as_of")) rule.as_of = date(*v, "as_of");
    else r_.error(n, fmt::format("rule '{}' is missing required key 'as_of'", rule.id));
    if (auto *v = SchemaReader::get(n, "effective_from")) rule.effective_from = parse_date(date(*v, "effective_from"));
    if (auto *v = SchemaReader::get(n, "effective_until")) rule.effective_until = parse_date(date(*v, "effective_until"));
    if (rule.effective_from && rule.effective_until && *rule.effective_until <= *rule.effective_from)
      r_.error(n, fmt::format("rule '{}': effective_until must come after effective_from", rule.id));
    rule.certainty = "documented";
    if (auto *c = SchemaReader::get(n, "certainty"))
      rule.certainty = r_.one_of(*c, {"documented", "announced", "reported"}, "certainty").value_or("");
    rule.severity = "constraint";
    if (auto *s = SchemaReader::get(n, "severity"))
      rule.severity = r_.one_of(*s, {"constraint", "warning"}, "severity").value_or("");
    if (auto *s = SchemaReader::get(n, "strategies")) {
      rule.strategies = strategy_list(*s);
      rule.all_strategies = s->is_scalar() && s->value == "all";
    }
    else r_.error(n, fmt::format("rule '{}' is missing required key 'strategies'", rule.id));
    if (auto *f = SchemaReader::get(n, "for_each"))
      rule.for_each_pipeline = r_.one_of(*f, {"package", "pipeline"}, "for_each").value_or("") == "pipeline";
    const DocNode *when = SchemaReader::get(n, "when");
    const DocNode *requires_node = SchemaReader::get(n, "requires");
    const DocNode *provides = SchemaReader::get(n, "provides");
    const DocNode *condition = SchemaReader::get(n, "condition");
    if (when) rule.when = cond(*when, rule.for_each_pipeline);
    if (provides) {
      rule.kind = RuleKind::provision;
      auto cap = r_.one_of(*provides, {"provenance", "bypass_2fa"}, "provides");
      rule.provides = cap == "bypass_2fa" ? Capability::bypass_2fa : Capability::provenance;
      if (!condition) r_.error(n, fmt::format("rule '{}' provides a capability: it needs a 'condition'", rule.id));
      else rule.condition = cond(*condition, rule.for_each_pipeline);
      if (requires_node || when) r_.error(n, fmt::format("rule '{}': a provision takes 'condition', not 'when'/'requires'", rule.id));
      if (rule.for_each_pipeline) r_.error(n, fmt::format("rule '{}': a provision is per package; quantify with every_pipeline", rule.id));
    } else if (rule.severity == "warning") {
      rule.kind = RuleKind::warning;
      if (requires_node) r_.error(*requires_node, "a warning takes 'when', not 'requires'");
      if (!when) r_.error(n, fmt::format("warning '{}' needs a 'when'", rule.id));
    } else {
      if (!requires_node) r_.error(n, fmt::format("rule '{}' needs 'requires' (or 'provides' and 'condition')", rule.id));
      else rule.condition = cond(*requires_node, rule.for_each_pipeline);
      if (condition) r_.error(*condition, "'condition' belongs to a rule that 'provides' a capability");
    }
    if (rule.kind == RuleKind::provision)
      for (const Rule &other : m_.rules)
        if (other.enabled && other.kind == RuleKind::provision && other.id != rule.id &&
            other.provides == rule.provides)
          for (int st : rule.strategies)
            if (std::count(other.strategies.begin(), other.strategies.end(), st))
              r_.error(n, fmt::format("rule '{}' provides {} for {}, which rule '{}' already defines; "
                                      "replace or disable that rule instead",
                                      rule.id, capability_name(rule.provides), m_.strategies[st].id, other.id));
    m_.as_of = std::max(m_.as_of, rule.as_of);  // a catalog is as recent as its newest rule
    if (existing != m_.rules.end()) *existing = std::move(rule);  // replace by id
    else m_.rules.push_back(std::move(rule));
  }

  // A "YYYY-MM-DD" date ("" after reporting anything else).
  std::string date(const DocNode &n, const char *key) {
    // YAML reads an unquoted date as a string here: the reader keeps scalars as text.
    std::string text = r_.string(n, key).value_or("");
    if (!text.empty() && !parse_date(text)) {
      r_.error(n, fmt::format("'{}' must be a date written YYYY-MM-DD, not '{}'", key, text));
      return "";
    }
    return text;
  }

  RankingOrder order(const DocNode &n, bool needs_profiles) {
    RankingOrder o;
    if (!r_.check_map(n, {"any_of", "order", "reason"}, "a ranking order")) return o;
    if (auto *a = SchemaReader::get(n, "any_of")) o.any_of = r_.string_list(*a, "any_of").value_or(std::vector<std::string>{});
    else if (needs_profiles) r_.error(n, "a profile order needs 'any_of'");
    if (auto *ord = SchemaReader::get(n, "order")) {
      o.order = strategy_list(*ord);
      if (o.order.size() != m_.strategies.size())
        r_.error(*ord, fmt::format("an order must list each of the {} strategies once", m_.strategies.size()));
    } else {
      r_.error(n, "a ranking order needs 'order'");
    }
    if (auto *r = SchemaReader::get(n, "reason")) o.reason = r_.string(*r, "reason").value_or("");
    return o;
  }

  // `repairs: [{attribute: pipeline.node, cost: 1}, ...]`; cost -1 makes it unchangeable.
  void read_repairs(const DocNode &n) {
    if (!n.is_sequence()) {
      r_.error(n, "'repairs' must be a list");
      return;
    }
    for (const auto &item : n.items) {
      if (!r_.check_map(item, {"attribute", "cost", "note", "actor"}, "a repair cost")) continue;
      const DocNode *a = SchemaReader::get(item, "attribute");
      const DocNode *c = SchemaReader::get(item, "cost");
      if (!a || !c) {
        r_.error(item, "a repair cost needs 'attribute' and 'cost'");
        continue;
      }
      const AttrInfo *info = a->is_scalar() ? find_attr(a->value) : nullptr;
      if (!info || info->scope == Scope::strategy) {
        std::string msg = fmt::format("'{}' is not an attribute a repair can change", a->value);
        if (auto hint = did_you_mean(a->value, attr_names())) msg += fmt::format("; did you mean '{}'?", *hint);
        r_.error(*a, std::move(msg));
        continue;
      }
      const int attr = static_cast<int>(info->attr);
      if (auto cost = r_.integer(*c, "cost", -1, 1'000'000)) m_.repair_cost[attr] = static_cast<int>(*cost);
      if (auto *note = SchemaReader::get(item, "note")) m_.repair_note[attr] = r_.string(*note, "note").value_or("");
      if (auto *actor = SchemaReader::get(item, "actor")) {
        m_.repair_actor[attr] = r_.string(*actor, "actor").value_or("");
        repair_actor_at_.emplace_back(m_.repair_actor[attr], actor);
      }
    }
  }

  // `tokens: {account_limit: 1000, grants_per_token: 50, ...}`; each key optional.
  void read_tokens(const DocNode &n) {
    const std::pair<const char *, int TokenLimits::*> keys[] = {
        {"account_limit", &TokenLimits::account_limit},
        {"grants_per_token", &TokenLimits::grants_per_token},
        {"write_expiry_days", &TokenLimits::write_expiry_days},
        {"read_expiry_days", &TokenLimits::read_expiry_days}};
    if (!r_.check_map(n, {"account_limit", "grants_per_token", "orgs_per_token", "write_expiry_days",
                          "read_expiry_days"},
                      "tokens"))
      return;
    for (const auto &[key, field] : keys)
      if (auto *v = SchemaReader::get(n, key))
        if (auto x = r_.integer(*v, key, 1, 1'000'000)) m_.tokens.*field = static_cast<int>(*x);
    // Accepted so that catalogs written for earlier versions still load, and
    // checked, but not kept: the plan grants no organisation, so it never binds.
    if (auto *v = SchemaReader::get(n, "orgs_per_token")) r_.integer(*v, "orgs_per_token", 1, 1'000'000);
  }

  void read_ranking(const DocNode &n) {
    if (!r_.check_map(n, {"groups", "default", "profiles", "provenance_preferred"}, "ranking")) return;
    Ranking rk;
    if (auto *g = SchemaReader::get(n, "groups"); g && g->is_sequence())
      for (const auto &grp : g->items) rk.groups.push_back(strategy_list(grp));
    if (auto *d = SchemaReader::get(n, "default")) rk.default_order = order(*d, false);
    else r_.error(n, "ranking needs a 'default' order");
    if (auto *p = SchemaReader::get(n, "profiles"); p && p->is_sequence())
      for (const auto &item : p->items) rk.profiles.push_back(order(item, true));
    if (auto *pp = SchemaReader::get(n, "provenance_preferred"))
      rk.provenance_preferred = r_.string(*pp, "provenance_preferred").value_or("");
    m_.ranking = std::move(rk);
  }
};

}  // namespace

void load_catalog_layer(CatalogModel &into, std::string_view text, const std::string &name) {
  std::vector<Diagnostic> errors;
  DocNode root = parse_document(text, name, errors);
  CatalogModel next = into;
  if (errors.empty()) CatalogReader(next, name, errors).read(root);
  if (!errors.empty()) throw CatalogError(std::move(errors));
  next.layers.push_back(name);
  into = std::move(next);
}

}  // namespace pubplan::detail

namespace pubplan {

Catalog::Catalog(std::shared_ptr<const detail::CatalogModel> model) : model_(std::move(model)) {}

Catalog Catalog::builtin() {
  static const std::shared_ptr<const detail::CatalogModel> base = [] {
    auto m = std::make_shared<detail::CatalogModel>();
    detail::load_catalog_layer(*m, detail::builtin_catalog_text(), "builtin:npm.yaml");
    return m;
  }();
  return Catalog(base);
}

void Catalog::add_string(std::string_view text, const std::string &name) {
  auto next = std::make_shared<detail::CatalogModel>(*model_);
  detail::load_catalog_layer(*next, text, name);
  model_ = std::move(next);
}

void Catalog::add_file(const std::string &path) {
  std::string text;
  try {
    text = detail::read_file(path, "catalog");
  } catch (const InputError &e) {
    throw CatalogError(e.diagnostics());
  }
  add_string(text, path);
}

std::vector<RuleInfo> Catalog::rules() const {
  std::vector<RuleInfo> out;
  for (const auto &r : model_->rules) {
    RuleInfo info{r.id, r.statement, r.source, r.as_of, r.certainty, r.severity,
                  r.kind == detail::RuleKind::provision ? "provision"
                  : r.kind == detail::RuleKind::warning ? "warning" : "requirement",
                  {}, r.enabled, {}, {}};
    for (int s : r.strategies) info.strategies.push_back(model_->strategies[s].id);
    if (r.effective_from) info.effective_from = detail::format_date(*r.effective_from);
    if (r.effective_until) info.effective_until = detail::format_date(*r.effective_until);
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<StrategyInfo> Catalog::strategies() const {
  std::vector<StrategyInfo> out;
  for (const auto &s : model_->strategies)
    out.push_back({s.id, s.title, detail::credential_name(s.credential), s.person_acts,
                   s.colour.empty() ? "#e0e0e0" : s.colour});
  return out;
}

std::string Catalog::as_of() const { return model_->as_of; }

namespace {
nlohmann::ordered_json date_or_null(const std::string &date) {
  return date.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(date);
}
}  // namespace

std::string Catalog::to_json() const {
  nlohmann::ordered_json j;
  j["catalog"] = 1;
  j["name"] = model_->name;
  j["as_of"] = model_->as_of;
  j["layers"] = model_->layers;
  auto &strategies = j["strategies"] = nlohmann::ordered_json::array();
  for (const auto &s : this->strategies())
    strategies.push_back({{"id", s.id}, {"title", s.title}, {"credential", s.credential},
                          {"person_acts", s.person_acts}, {"colour", s.colour}});
  auto &rules = j["rules"] = nlohmann::ordered_json::array();
  for (const auto &r : this->rules())
    rules.push_back({{"id", r.id}, {"statement", r.statement}, {"source", r.source},
                     {"as_of", r.as_of}, {"certainty", r.certainty}, {"severity", r.severity},
                     {"kind", r.kind}, {"strategies", r.strategies}, {"enabled", r.enabled},
                     {"effective_from", date_or_null(r.effective_from)},
                     {"effective_until", date_or_null(r.effective_until)}});
  return j.dump(2);
}

}  // namespace pubplan
