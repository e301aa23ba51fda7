// Reading the catalog's `migration` section (catalog/migration_model.hpp).
#include <algorithm>
#include <iterator>

#include <fmt/args.h>
#include <fmt/format.h>

#include "catalog/catalog_model.hpp"
#include "format/schema.hpp"

namespace pubplan::detail {
namespace {

// Formats `text` once with every field bound, so that an unknown field or a
// stray brace is an error of the catalog, at its line, not of a plan.
void check_template(const DocNode &at, const std::string &text, const std::vector<std::string> &options,
                    SchemaReader &r) {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const char *f : kStepFields) args.push_back(fmt::arg(f, "x"));
  std::vector<std::string> names;  // the store keeps pointers to the names
  names.reserve(options.size());
  for (const auto &o : options) {
    names.push_back(o + "_option");
    args.push_back(fmt::arg(names.back().c_str(), "x"));
  }
  try {
    (void)fmt::vformat(text, args);
  } catch (const fmt::format_error &e) {
    r.error(at, fmt::format("bad template '{}': {} (fields: {}{})", text, e.what(),
                            fmt::join(std::begin(kStepFields), std::end(kStepFields), ", "),
                            options.empty() ? "" : ", and NAME_option for each option"));
  }
}

StepWords read_words(const DocNode &n, const std::vector<std::string> &options, SchemaReader &r) {
  StepWords w;
  auto text = [&](const char *key, std::string &into, bool &given) {
    if (auto *v = SchemaReader::get(n, key)) {
      into = r.string(*v, key).value_or("");
      given = true;
      check_template(*v, into, options, r);
    }
  };
  text("title", w.title, w.has_title);
  text("detail", w.detail, w.has_detail);
  if (auto *c = SchemaReader::get(n, "commands")) {
    w.has_commands = true;
    if (auto list = r.string_list(*c, "commands")) {
      w.commands = *list;
      for (std::size_t i = 0; i < c->items.size() && i < list->size(); ++i)
        check_template(c->items[i], (*list)[i], options, r);
    }
  }
  return w;
}

StepTemplate read_step(const DocNode &n, SchemaReader &r) {
  StepTemplate t;
  if (!r.check_map(n, {"actor", "title", "detail", "commands", "options", "by_provider"}, "a migration step"))
    return t;
  std::vector<std::string> option_names;
  if (auto *o = SchemaReader::get(n, "options"); o && r.check_map(*o, std::vector<std::string>(
                                                                     std::begin(kStepFields), std::end(kStepFields)),
                                                                 "options")) {
    for (const auto &[key, value] : o->entries) option_names.push_back(key.value);
    for (const auto &[key, value] : o->entries) {
      const std::string text = r.string(value, "an option").value_or("");
      check_template(value, text, option_names, r);
      t.options.emplace_back(key.value, text);
    }
  }
  if (auto *a = SchemaReader::get(n, "actor")) t.actor = r.string(*a, "actor").value_or("");
  else r.error(n, "a migration step needs an 'actor'");
  t.words = read_words(n, option_names, r);
  if (!t.words.has_title) r.error(n, "a migration step needs a 'title'");
  if (auto *b = SchemaReader::get(n, "by_provider")) {
    if (!b->is_map()) {
      r.error(*b, "'by_provider' must map CI providers to what differs for them");
    } else {
      for (const auto &[key, value] : b->entries)
        if (r.check_map(value, {"title", "detail", "commands"}, "a provider's step"))
          t.by_provider[key.value] = read_words(value, option_names, r);
    }
  }
  return t;
}

}  // namespace

void read_migration(MigrationCatalog &into, const DocNode &section, SchemaReader &r) {
  if (!r.check_map(section, {"actors", "steps"}, "migration")) return;
  if (auto *a = SchemaReader::get(section, "actors")) {
    if (!a->is_map()) r.error(*a, "'actors' must map actor ids to {says, two_factor}");
    else
      for (const auto &[key, value] : a->entries) {
        if (!r.check_map(value, {"says", "two_factor"}, "an actor")) continue;
        Actor actor;
        if (auto *s = SchemaReader::get(value, "says")) actor.says = r.string(*s, "says").value_or("");
        else r.error(value, fmt::format("actor '{}' needs 'says'", key.value));
        if (auto *t = SchemaReader::get(value, "two_factor")) actor.two_factor = r.boolean(*t, "two_factor").value_or(false);
        into.actors[key.value] = std::move(actor);
      }
  }
  if (auto *s = SchemaReader::get(section, "steps")) {
    const std::vector<std::string> kinds(std::begin(kStepKinds), std::end(kStepKinds));
    if (r.check_map(*s, kinds, "migration steps"))
      for (const auto &[key, value] : s->entries) {
        into.steps[key.value] = read_step(value, r);
      }
  }
}

void check_migration(const MigrationCatalog &m, SchemaReader &r, int line) {
  for (const auto &[kind, step] : m.steps)
    if (!step.actor.empty() && !m.actors.count(step.actor))
      r.error_at(line, 1, fmt::format("migration step '{}' names actor '{}', which migration.actors does not define",
                                      kind, step.actor));
}

}  // namespace pubplan::detail
