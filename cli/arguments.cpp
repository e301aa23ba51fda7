// The command line, on CLI11: one subcommand per command with only the options
// it uses, per-command help, --opt=value, did-you-mean for options, commands
// and enumerated values. Messages keep the words of the hand-written parser
// they replace ("unknown option '--bogus'"), which scripts may match.
#include "arguments.hpp"
#include "generate.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace cli {

namespace {

const char *kOverview = R"(usage: pubplan COMMAND [OPTIONS]

Decides how each npm package of an organisation should be published.

commands:
  solve FILE             recommend a strategy for every package of a topology
  plan FILE              the ordered steps from each package's current method to its
                         recommendation (takes every option of solve; solve's exit codes)
  explain FILE PACKAGE   explain one package (every strategy, or --strategy ID)
  validate FILE          check a topology without solving (--print-normalized prints it)
  catalog                list the rules pubplan reasons with
  graph FILE             draw the topology graph (dot, or svg through Graphviz)
  scan DIR...            read checkouts and write their topology (YAML) with findings
  help [COMMAND]         this overview, or a command's options

Run 'pubplan COMMAND --help' (or 'pubplan help COMMAND') for a command's options.
FILE may be '-' for standard input. --version prints the version; --generate KIND
prints the man page or a shell's completions (man, complete-bash, complete-zsh,
complete-fish).

exit codes:
)";

// The exit codes, for the overview and the man page.
const std::vector<ExitStatus> kExitCodes = {
    {0, "every recommendation feasible; with --fail-on, no listed condition holds; graph: the picture was "
        "written; scan: a topology was written, with or without findings"},
    {1, "some package has nothing that fits"},
    {2, "usage or input error, output that could not be written, an unreadable directory (scan), or svg "
        "without Graphviz's dot on PATH (graph)"},
    {3, "some recommendation is conditional or undecided"},
    {4, "--verify found a disagreement between the solver and the independent checker"},
    {5, "--fail-on: a listed condition holds"},
};

// The overview: the commands, then the exit codes wrapped at 80 columns.
std::string overview() {
  std::string out = kOverview;
  for (const auto &[code, meaning] : kExitCodes) {
    std::string line = fmt::format("  {}  ", code);
    std::string word;
    auto flush_word = [&] {
      if (word.empty()) return;
      if (line.size() + word.size() + 1 > 80) {
        out += line + "\n";
        line = "     ";
      } else if (line.back() != ' ') {
        line += ' ';
      }
      line += word;
      word.clear();
    };
    for (const char *c = meaning; *c; ++c) {
      if (*c == ' ') flush_word();
      else word += *c;
    }
    flush_word();
    out += line + "\n";
  }
  return out;
}

std::string join(const std::vector<std::string> &items, const char *last) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? last : ", ") + items[i];
  return out;
}

// An enumerated value, with the allowed ones and a suggestion in the error.
CLI::Validator one_of(const std::string &flag, const std::string &command, std::vector<std::string> values) {
  return CLI::Validator(
      [flag, command, values](std::string &v) -> std::string {
        if (std::find(values.begin(), values.end(), v) != values.end()) return "";
        std::string msg = fmt::format("{} takes {} for {}, not '{}'", flag, join(values, " or "), command, v);
        if (auto hint = closest(v, values)) msg += fmt::format("; did you mean '{}'?", *hint);
        return msg;
      },
      "{" + fmt::format("{}", fmt::join(values, "|")) + "}", "one of");
}

// A whole number from 0 to `max`, with the hand-written parser's message.
CLI::Validator number(const std::string &flag, unsigned long max) {
  return CLI::Validator(
      [flag, max](std::string &v) -> std::string {
        char *end = nullptr;
        const unsigned long n = std::strtoul(v.c_str(), &end, 10);
        if (v.empty() || *end || v[0] == '-' || v[0] == '+' || n > max)
          return fmt::format("{} takes a number from 0 to {}, not '{}'", flag, max, v);
        return "";
      },
      "", "number");
}

// Where a validator's or converter's message is the whole story, CLI11 puts
// the option's name in front of it ("--format: --format takes ..."): drop it.
std::string message_of(const CLI::Error &e) {
  std::string m = e.what();
  if (const std::size_t colon = m.find(": --"); colon != std::string::npos && m.starts_with("--"))
    m = m.substr(colon + 2);
  return m;
}

struct Builder {
  explicit Builder(Args &args) : a(args) {}
  Args &a;
  // The enumerated options' values, for the generated completions and man page.
  std::map<const CLI::Option *, std::vector<std::string>> choices;
  std::set<const CLI::Option *> lists;  // of those, the ones taking a comma-separated list
  // String forms of the numbers, converted once validated.
  std::string horizon, time_limit, max_conflicts, max_repairs, jobs, fail_on, diagnose;

  void file(CLI::App *sub, const char *what) {
    sub->add_option("FILE", a.file, what)->required()->type_name("");
  }
  void catalogs(CLI::App *sub) {
    sub->add_option("--catalog", a.catalogs, "layer a user catalog over the built-in one (repeatable)")
        ->type_name("FILE")
        ->allow_extra_args(false)  // one FILE per --catalog: what follows is a positional
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
  void output(CLI::App *sub) {
    sub->add_option("-o,--output", a.output, "write to FILE instead of standard output ('-': standard output)")->type_name("FILE");
  }
  void format(CLI::App *sub, const std::string &command, std::vector<std::string> values, const char *what) {
    enumerated(sub->add_option("--format", a.format, what), command, values)
        ->type_name("FORMAT")
        ->default_str(values.front())
        ->each([this](const std::string &) { a.format_given = true; });
  }
  CLI::Option *enumerated(CLI::Option *option, const std::string &command, const std::vector<std::string> &values) {
    choices[option] = values;
    return option->check(one_of(option->get_name(), command, values));
  }
  void as_of(CLI::App *sub) {
    sub->add_option("--as-of", a.options.as_of, "evaluate the rules in force on DATE (default: today, UTC)")
        ->type_name("DATE")
        ->check(CLI::Validator(
            [](std::string &v) -> std::string {
              return pubplan::is_date(v) ? "" : fmt::format("--as-of takes a date written YYYY-MM-DD, not '{}'", v);
            },
            "", "date"));
  }
  // The options of a solve, with the library's defaults shown.
  void solver(CLI::App *sub, bool verify) {
    const pubplan::Options defaults;
    as_of(sub);
    sub->add_option("--horizon", horizon, "list in 'ahead' what changes within DAYS after the date (0: nothing)")
        ->type_name("DAYS")->check(number("--horizon", 36'500))->default_str(std::to_string(defaults.horizon_days));
    sub->add_option("--time-limit", time_limit, "wall-clock limit per solver check in milliseconds (0 = none)")
        ->type_name("MS")->check(number("--time-limit", 86'400'000UL))
        ->default_str(std::to_string(defaults.time_limit_ms));
    sub->add_option("--max-conflicts", max_conflicts, "minimal conflicts reported per package and strategy")
        ->type_name("N")->check(number("--max-conflicts", 1000))->default_str(std::to_string(defaults.max_conflicts));
    sub->add_option("--max-repairs", max_repairs, "repairs reported per package and strategy")
        ->type_name("N")->check(number("--max-repairs", 1000))->default_str(std::to_string(defaults.max_repairs));
    sub->add_option("-j,--jobs", jobs, "solver threads (0: one per core; the answer is the same for any N)")
        ->type_name("N")->check(number("--jobs", 256))->default_str(std::to_string(defaults.threads));
    sub->add_flag("-q,--quiet", a.quiet, "no progress line on standard error (it is shown on a terminal only)");
    sub->add_flag_callback("--no-reuse", [this] { a.options.reuse_shapes = false; },
                           "solve every package on its own even when another has the same shape (benchmarks)");
    if (verify)
      sub->add_flag("--verify", a.verify,
                    "check every status, conflict and repair with the independent checker (no SMT); "
                    "disagreements go to standard error");
    catalogs(sub);
  }
  // solve and plan: how much of each ruled-out strategy's explanation to compute.
  void diagnose_depth(CLI::App *sub, const std::string &command) {
    const pubplan::Options defaults;
    enumerated(sub->add_option("--diagnose", diagnose,
                               "first: one reason set per ruled-out strategy (every conflict and repair only "
                               "when nothing fits); all: every conflict and repair of every ruled-out strategy, "
                               "and the dependency path of each read need"),
               command, {"first", "all"})
        ->type_name("DEPTH")
        ->default_str(pubplan::to_string(defaults.diagnose));
  }
  // solve and plan: a topology in, a report in any of the CI formats out, a gate.
  CLI::App *report_command(CLI::App &app, const std::string &name, const std::string &what, const char *formats) {
    CLI::App *sub = app.add_subcommand(name, what);
    file(sub, "the topology (YAML or JSON)");
    format(sub, name, {"text", "json", "markdown", "sarif", "codequality"}, formats);
    gates(sub);
    output(sub);
    return sub;
  }
  void gates(CLI::App *sub) {
    CLI::Option *option = sub->add_option("--fail-on", fail_on,
                                          "exit 5 if any listed condition holds, else 0 (a CI gate): "
                                          "infeasible,conditional,finding,ahead")
                              ->type_name("LIST");
    choices[option] = {"infeasible", "conditional", "finding", "ahead"};
    lists.insert(option);
  }

  void finish(const std::string &command) {
    auto to_unsigned = [](const std::string &s) { return static_cast<unsigned>(std::strtoul(s.c_str(), nullptr, 10)); };
    if (!horizon.empty()) a.options.horizon_days = to_unsigned(horizon);
    if (!time_limit.empty()) a.options.time_limit_ms = to_unsigned(time_limit);
    if (!max_conflicts.empty()) a.options.max_conflicts = to_unsigned(max_conflicts);
    if (!max_repairs.empty()) a.options.max_repairs = to_unsigned(max_repairs);
    if (!jobs.empty()) a.options.threads = to_unsigned(jobs);
    if (!diagnose.empty()) pubplan::parse_diagnose_depth(diagnose, a.options.diagnose);  // checked by its option
    if (fail_on.empty()) return;
    std::size_t start = 0;
    while (start <= fail_on.size()) {
      const std::size_t comma = std::min(fail_on.find(',', start), fail_on.size());
      const std::string name = fail_on.substr(start, comma - start);
      const auto gate = pubplan::parse_gate(name);
      if (!gate) {
        std::string msg = fmt::format("--fail-on takes a list of infeasible, conditional, finding, ahead; not '{}'", name);
        if (auto hint = closest(name, {"infeasible", "conditional", "finding", "ahead"}))
          msg += fmt::format("; did you mean '{}'?", *hint);
        usage_error(command, msg);
      }
      if (std::find(a.fail_on.begin(), a.fail_on.end(), *gate) == a.fail_on.end()) a.fail_on.push_back(*gate);
      start = comma + 1;
    }
  }
};

// Every option name of `app` ("--format", "-o").
std::vector<std::string> option_names(const CLI::App *app) {
  std::vector<std::string> out;
  for (const CLI::Option *o : app->get_options()) {
    for (const auto &l : o->get_lnames()) out.push_back("--" + l);
    for (const auto &s : o->get_snames()) out.push_back("-" + s);
  }
  return out;
}

// What is left over after parsing: an option the command does not take (with
// a suggestion, or the commands that take it), or an extra argument.
void reject_remaining(const CLI::App &app, const CLI::App *sub) {
  const std::vector<std::string> rest = sub->remaining();
  if (rest.empty()) return;
  const std::string &arg = rest.front();
  const std::string name = sub->get_name();
  if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
    const std::string flag = arg.substr(0, arg.find('='));
    std::string msg = fmt::format("unknown option '{}'", flag);
    std::vector<std::string> takers;
    for (const CLI::App *other : app.get_subcommands({}))
      if (other != sub) {
        const auto names = option_names(other);
        if (std::find(names.begin(), names.end(), flag) != names.end()) takers.push_back(other->get_name());
      }
    if (auto hint = closest(flag, option_names(sub))) msg += fmt::format("; did you mean '{}'?", *hint);
    else if (!takers.empty()) msg += fmt::format(" ({} does not take it; {} {})", name, join(takers, " and "),
                                                 takers.size() == 1 ? "does" : "do");
    usage_error(name, msg);
  }
  usage_error(name, fmt::format("unexpected argument '{}'", arg));
}

// The parser's model as data, for --generate.
CommandLine describe(const CLI::App &app, const Builder &b) {
  auto option_spec = [&b](const CLI::Option *o) {
    OptionSpec spec;
    for (const auto &s : o->get_snames()) spec.names.push_back("-" + s);
    for (const auto &l : o->get_lnames()) spec.names.push_back("--" + l);
    if (o->get_type_size() > 0) {
      const std::string type = o->get_type_name();
      spec.value = type.substr(0, type.find(':'));
    }
    spec.help = o->get_description();
    spec.default_value = o->get_default_str();
    if (auto it = b.choices.find(o); it != b.choices.end()) spec.choices = it->second;
    spec.list = b.lists.count(o) > 0;
    spec.repeatable = o->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll || o->get_expected_max() > 1;
    return spec;
  };
  CommandLine line;
  line.version = pubplan::version();
  line.summary = "decides how each npm package of an organisation should be published";
  line.exit_codes = kExitCodes;
  for (const CLI::Option *o : app.get_options()) line.global.push_back(option_spec(o));
  for (const CLI::App *sub : app.get_subcommands({})) {
    CommandSpec command{sub->get_name(), sub->get_description(), {}, {}};
    for (const CLI::Option *o : sub->get_options()) {
      if (o->get_positional())
        command.positionals.push_back({o->get_name(), o->get_description(), o->get_expected_max() > 1, o->get_required()});
      else
        command.options.push_back(option_spec(o));
    }
    line.commands.push_back(std::move(command));
  }
  return line;
}

}  // namespace

std::optional<std::string> closest(const std::string &word, const std::vector<std::string> &candidates) {
  // Edit distance with transpositions (optimal string alignment): "sovle" is
  // one step from "solve". Within a third of the word's length is a likely typo.
  auto distance = [](const std::string &s, const std::string &t) {
    std::vector<std::vector<std::size_t>> d(s.size() + 1, std::vector<std::size_t>(t.size() + 1));
    for (std::size_t i = 0; i <= s.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= t.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= s.size(); ++i)
      for (std::size_t j = 1; j <= t.size(); ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1])
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    return d[s.size()][t.size()];
  };
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
  for (const auto &c : candidates)
    if (const std::size_t d = distance(word, c); d < best_distance) {
      best = c;
      best_distance = d;
    }
  return best;
}

void usage_error(const std::string &command, const std::string &message) {
  const std::string who = command.empty() ? "pubplan" : "pubplan " + command;
  fmt::print(stderr, "{}: error: {}\n(run '{} --help' for usage)\n", who, message, who);
  std::exit(kExitUsage);
}

Args parse_arguments(int argc, char **argv) {
  Args a;
  Builder b{a};
  CLI::App app("Decides how each npm package of an organisation should be published.", "pubplan");
  app.set_help_flag("-h,--help", "print this help");
  app.set_version_flag("--version", std::string("pubplan ") + pubplan::version());
  app.footer("FILE may be '-' for standard input. Exit codes: pubplan --help.");
  std::string generate_kind;
  CLI::Option *generate_option =
      app.add_option("--generate", generate_kind, "print the man page or a shell's completion script")
          ->type_name("KIND");
  b.enumerated(generate_option, "pubplan", kGenerateKinds);
  app.get_formatter()->column_width(26);

  CLI::App *solve = b.report_command(app, "solve", "recommend a strategy for every package of a topology",
                                     "text, json, markdown (a pull-request comment), sarif (code scanning), "
                                     "codequality (GitLab)");
  solve->add_option("--package", a.filter.globs, "list only the packages whose name matches GLOB (repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  std::vector<std::string> statuses(std::begin(pubplan::kFilterStatuses), std::end(pubplan::kFilterStatuses));
  b.enumerated(solve->add_option("--status", a.filter.statuses,
                                 "list only the packages whose recommendation has STATUS (repeatable): " +
                                     fmt::format("{}", fmt::join(statuses, ", "))),
               "solve", statuses)
      ->type_name("STATUS")
      ->allow_extra_args(false);
  solve->add_flag("--summary", a.summary,
                  "text: only the counts, the packages with nothing that fits by cause, and what changes ahead");
  b.solver(solve, true);
  b.diagnose_depth(solve, "solve");

  CLI::App *plan = b.report_command(app, "plan",
                                    "the ordered steps from each package's current method to its recommendation",
                                    "text, json, markdown, sarif (steps as notes), codequality");
  b.solver(plan, true);
  b.diagnose_depth(plan, "plan");

  CLI::App *explain = app.add_subcommand("explain", "explain one package: every strategy, or --strategy ID");
  b.file(explain, "the topology (YAML or JSON)");
  explain->add_option("PACKAGE", a.package, "the package's name")->required()->type_name("");
  explain->add_option("--strategy", a.strategy, "only this strategy (a strategy id of the catalog)")->type_name("ID");
  b.format(explain, "explain", {"text", "json"}, "text or json");
  b.output(explain);
  b.solver(explain, true);

  CLI::App *validate = app.add_subcommand("validate", "check a topology without solving");
  b.file(validate, "the topology (YAML or JSON)");
  validate->add_flag("--print-normalized", a.print_normalized,
                     "print the topology as pubplan read it (JSON; loads to the same model)");
  b.catalogs(validate);
  b.output(validate);

  CLI::App *catalog = app.add_subcommand("catalog", "list the rules pubplan reasons with");
  b.format(catalog, "catalog", {"text", "json"}, "text or json");
  b.catalogs(catalog);
  b.output(catalog);

  CLI::App *graph = app.add_subcommand("graph", "draw the topology graph, packages coloured by recommended strategy");
  b.file(graph, "the topology (YAML or JSON)");
  b.enumerated(graph->add_option("--format", a.format, "dot, or svg through Graphviz's dot"), "graph", {"dot", "svg"})
      ->type_name("FORMAT")
      ->default_str("dot")
      ->each([&a](const std::string &) { a.format_given = true; });
  graph->add_option("--package", a.graph.packages,
                    "draw only the packages matching GLOB and their neighbours (repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  graph->add_option("--pipeline", a.graph.pipelines,
                    "draw only the pipelines matching GLOB and their neighbours (repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  graph->add_flag_callback("--no-legend", [&a] { a.graph.legend = false; }, "leave out the strategies' colours");
  b.output(graph);
  b.solver(graph, false);

  const pubplan::ScanOptions scan_defaults;
  CLI::App *scan = app.add_subcommand("scan", "read checkouts and write their topology (YAML) with findings");
  scan->add_option("DIR", a.dirs, "checkouts to read")->required()->type_name("");
  b.output(scan);
  scan->add_flag("-q,--quiet", a.quiet, "no progress, warnings or findings on standard error");
  scan->add_flag("--whole-org", a.whole_org,
                 "the directories hold every package of the organisation (tokens may then grant a whole scope)");
  scan->add_flag("--registry", a.scan.registry,
                 "read each package's packument (exists, access) from the registry, anonymously");
  scan->add_option("--registry-url", a.scan.registry_url,
                   "the registry for --registry (default: the user's npm configuration, else "
                   "https://registry.npmjs.org/)")
      ->type_name("URL");
  b.as_of(scan);
  b.catalogs(scan);
  (void)scan_defaults;

  std::string help_topic;
  CLI::App *help = app.add_subcommand("help", "this overview, or a command's options");
  help->add_option("COMMAND", help_topic, "a command")->type_name("");

  for (CLI::App *sub : app.get_subcommands({})) sub->allow_extras();
  app.require_subcommand(0, 1);

  // Help and the version are printed here; main checks the write (Args::done).
  auto print = [&a](std::string text) {
    if (const std::size_t at = text.find("Usage: "); at != std::string::npos) text.insert(at + 7, "pubplan ");
    fmt::print("{}", text);
    a.done = 0;
    return a;
  };
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) return print(overview());

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &) {
    const auto chosen = app.get_subcommands();
    return print(chosen.empty() ? overview() : chosen.front()->help());
  } catch (const CLI::CallForVersion &) {
    return print(fmt::format("pubplan {}\n", pubplan::version()));
  } catch (const CLI::ParseError &e) {
    const auto chosen = app.get_subcommands();
    // A mistyped option explains a missing FILE better than the other way round.
    if (!chosen.empty() && dynamic_cast<const CLI::RequiredError *>(&e)) reject_remaining(app, chosen.front());
    const std::string command = chosen.empty() ? "" : chosen.front()->get_name();
    std::string msg = message_of(e);
    if (chosen.empty() && argc > 1 && argv[1][0] != '-') {
      std::vector<std::string> names;
      for (const CLI::App *sub : app.get_subcommands({})) names.push_back(sub->get_name());
      msg = fmt::format("unknown command '{}'", argv[1]);
      if (auto hint = closest(argv[1], names)) msg += fmt::format("; did you mean '{}'?", *hint);
    } else if (dynamic_cast<const CLI::RequiredError *>(&e) && !chosen.empty()) {
      // The command's usage line, as its help starts it.
      const std::string help = chosen.front()->help();
      if (const std::size_t at = help.find("Usage: "); at != std::string::npos)
        msg += "; usage: pubplan " + help.substr(at + 7, help.find('\n', at) - at - 7);
    }
    usage_error(command, msg);
  }

  if (!generate_kind.empty()) return print(*generate(describe(app, b), generate_kind));
  const auto chosen = app.get_subcommands();
  if (chosen.empty()) {
    // Arguments but no command: an option before it, or nothing at all.
    if (argc > 1 && argv[1][0] == '-') usage_error("", fmt::format("unknown option '{}'", argv[1]));
    usage_error("", "no command given");
  }
  CLI::App *sub = chosen.front();
  reject_remaining(app, sub);
  a.command = sub->get_name();
  if (sub == help) {
    if (help_topic.empty()) return print(overview());
    for (const CLI::App *c : app.get_subcommands({}))
      if (c->get_name() == help_topic && c != help) return print(c->help());
    std::vector<std::string> names;
    for (const CLI::App *c : app.get_subcommands({})) names.push_back(c->get_name());
    std::string msg = fmt::format("unknown command '{}'", help_topic);
    if (auto hint = closest(help_topic, names)) msg += fmt::format("; did you mean '{}'?", *hint);
    usage_error("help", msg);
  }
  if (!a.scan.registry_url.empty() && !a.scan.registry) usage_error("scan", "--registry-url needs --registry");
  b.finish(a.command);
  return a;
}

}  // namespace cli
