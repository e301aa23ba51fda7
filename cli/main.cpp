// The pubplan command: arguments and printing only; everything else is the C++ API.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "pubplan/pubplan.hpp"

namespace {

constexpr int kExitUsage = 2;
// --verify: the independent checker disagrees with the solver (a bug in pubplan).
constexpr int kExitDisagreement = 4;

const char *kUsage = R"(usage: pubplan COMMAND [OPTIONS]

Decides how each npm package of an organisation should be published.

commands:
  solve FILE             recommend a strategy for every package of a topology
  explain FILE PACKAGE   explain one package (every strategy, or --strategy ID)
  validate FILE          check a topology without solving
    --print-normalized   print it as pubplan read it (JSON topology; loads to the same model)
  catalog                list the rules pubplan reasons with
  scan DIR...            read checkouts and write their topology (YAML) with findings

options:
  --format text|json     output format (solve, explain, catalog; default text)
  --catalog FILE         layer a user catalog over the built-in one (repeatable)
  --strategy ID          explain: only this strategy
  --time-limit MS        wall-clock limit per solver check (0 = none)
  --max-conflicts N      minimal conflicts reported per package and strategy (default 5)
  --max-repairs N        repairs reported per package and strategy (default 5)
  --verify               solve, explain: check every status, conflict and repair with
                         the independent checker (no SMT); disagreements go to stderr
  -o FILE                scan: write the topology to FILE instead of standard output
  --quiet, -q            scan: no progress and no findings on standard error
  --help, --version

FILE may be '-' for standard input.
exit codes: 0 every recommendation feasible; 1 some package has nothing that fits;
            3 some recommendation is conditional or undecided; 2 usage or input error;
            4 --verify found a disagreement between the solver and the checker.
            scan: 0 when it wrote a topology (with or without findings); 2 usage error
            or unreadable directory.
)";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::string format = "text";
  std::vector<std::string> catalogs;
  std::optional<std::string> strategy;
  unsigned time_limit_ms = 0;
  unsigned max_conflicts = 5, max_repairs = 5;
  bool verify = false;
  std::optional<std::string> output;
  bool quiet = false;
  bool print_normalized = false;
};

[[noreturn]] void usage_error(const std::string &msg) {
  fmt::print(stderr, "pubplan: error: {}\n(run 'pubplan --help' for usage)\n", msg);
  std::exit(kExitUsage);
}

unsigned number(const std::string &flag, const std::string &v, unsigned long max) {
  char *end = nullptr;
  unsigned long n = std::strtoul(v.c_str(), &end, 10);
  if (v.empty() || *end || v[0] == '-' || n > max)
    usage_error(fmt::format("{} takes a number from 0 to {}, not '{}'", flag, max, v));
  return static_cast<unsigned>(n);
}

Args parse(int argc, char **argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *name) -> std::string {
      if (i + 1 >= argc) usage_error(fmt::format("{} needs a value", name));
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      fmt::print("{}", kUsage);
      std::exit(0);
    } else if (arg == "--version") {
      fmt::print("pubplan {}\n", pubplan::version());
      std::exit(0);
    } else if (arg == "--format") {
      a.format = value("--format");
      if (a.format != "text" && a.format != "json")
        usage_error(fmt::format("--format must be text or json, not '{}'", a.format));
    } else if (arg == "--print-normalized") {
      a.print_normalized = true;
    } else if (arg == "--catalog") {
      a.catalogs.push_back(value("--catalog"));
    } else if (arg == "--strategy") {
      a.strategy = value("--strategy");
    } else if (arg == "--time-limit") {
      a.time_limit_ms = number("--time-limit", value("--time-limit"), 86'400'000UL);
    } else if (arg == "--max-conflicts") {
      a.max_conflicts = number("--max-conflicts", value("--max-conflicts"), 1000);
    } else if (arg == "--verify") {
      a.verify = true;
    } else if (arg == "--max-repairs") {
      a.max_repairs = number("--max-repairs", value("--max-repairs"), 1000);
    } else if (arg == "-o" || arg == "--output") {
      a.output = value("-o");
    } else if (arg == "--quiet" || arg == "-q") {
      a.quiet = true;
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      usage_error(fmt::format("unknown option '{}'", arg));
    } else if (a.command.empty()) {
      a.command = arg;
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

void expect_positionals(const Args &a, std::size_t n, const char *shape) {
  if (a.positional.size() != n) usage_error(fmt::format("usage: pubplan {}", shape));
}

bool use_color() {
  const char *no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

pubplan::Planner make_planner(const Args &a) {
  pubplan::Catalog catalog = pubplan::Catalog::builtin();
  for (const auto &path : a.catalogs) catalog.add_file(path);
  pubplan::Options options;
  options.time_limit_ms = a.time_limit_ms;
  options.max_conflicts = a.max_conflicts;
  options.max_repairs = a.max_repairs;
  return pubplan::Planner(std::move(catalog), options);
}

// --verify: the checker's verdict on stderr, so that stdout stays the report.
// Returns the exit code to use instead of `code`.
int verified(const Args &a, const pubplan::Planner &planner, const pubplan::Topology &topology,
             const pubplan::Result &result, const std::string &only_package, int code) {
  if (!a.verify) return code;
  pubplan::Result checked = result;
  // Test hook for the disagreement path (tests/cli/test_usage.py): the checker
  // must notice a result made wrong on purpose; the printed report is unchanged.
  if (const char *hook = std::getenv("PUBPLAN_TEST_CORRUPT_RESULT"); hook && *hook)
    for (auto &p : checked.packages)
      for (auto &s : p.strategies)
        if (s.status == pubplan::Status::feasible) s.status = pubplan::Status::conditional;
  std::size_t disagreements = 0;
  for (const auto &d : pubplan::verify(topology, checked, planner.catalog())) {
    if (!only_package.empty() && d.package != only_package) continue;
    fmt::print(stderr, "pubplan: error: the checker disagrees: {}\n", d.to_string());
    ++disagreements;
  }
  if (disagreements > 0) {
    fmt::print(stderr, "pubplan: {} disagreement(s) between the solver and the independent checker: "
                       "a bug in pubplan, please report it with this topology\n", disagreements);
    return kExitDisagreement;
  }
  fmt::print(stderr, "pubplan: verified: the independent checker agrees with every status, conflict "
                     "and repair{}\n", only_package.empty() ? "" : " of " + only_package);
  return code;
}

int run_solve(const Args &a) {
  expect_positionals(a, 1, "solve FILE [--format text|json] [--catalog FILE]");
  pubplan::Planner planner = make_planner(a);
  pubplan::Topology topology = pubplan::Topology::load_file(a.positional[0]);
  pubplan::Result result = planner.solve(topology);
  if (a.format == "json") fmt::print("{}", pubplan::to_json(result));
  else fmt::print("{}", pubplan::to_text(result, {use_color()}));
  std::fflush(stdout);
  return verified(a, planner, topology, result, "", result.exit_code());
}

int run_explain(const Args &a) {
  expect_positionals(a, 2, "explain FILE PACKAGE [--strategy ID]");
  pubplan::Planner planner = make_planner(a);
  if (a.strategy) {
    bool known = false;
    for (const auto &s : planner.catalog().strategies()) known |= s.id == *a.strategy;
    if (!known) usage_error(fmt::format("unknown strategy '{}'", *a.strategy));
  }
  pubplan::Topology topology = pubplan::Topology::load_file(a.positional[0]);
  pubplan::Result result = planner.solve(topology);
  const pubplan::PackageResult *pkg = result.package(a.positional[1]);
  if (!pkg) {
    fmt::print(stderr, "pubplan: error: {} has no package '{}'\n", a.positional[0], a.positional[1]);
    return kExitUsage;
  }
  pubplan::Result one;
  one.source = result.source;
  one.catalog_as_of = result.catalog_as_of;
  one.packages.push_back(*pkg);
  if (a.format == "json") fmt::print("{}", pubplan::to_json(one));
  else fmt::print("{}", pubplan::explain_text(*pkg, a.strategy.value_or(""), {use_color()}));
  std::fflush(stdout);
  return verified(a, planner, topology, result, pkg->name, one.exit_code());
}

int run_validate(const Args &a) {
  expect_positionals(a, 1, "validate FILE [--print-normalized]");
  pubplan::Topology t = pubplan::Topology::load_file(a.positional[0]);
  if (a.print_normalized) {
    fmt::print("{}", t.to_normalized_json());
    return 0;
  }
  fmt::print("{}: ok ({} repositories, {} pipelines, {} packages)\n", a.positional[0],
             t.repository_count(), t.pipeline_count(), t.package_count());
  return 0;
}

int run_catalog(const Args &a) {
  expect_positionals(a, 0, "catalog [--format text|json] [--catalog FILE]");
  pubplan::Catalog catalog = pubplan::Catalog::builtin();
  for (const auto &path : a.catalogs) catalog.add_file(path);
  if (a.format == "json") {
    fmt::print("{}\n", catalog.to_json());
    return 0;
  }
  fmt::print("catalog as of {}\n\nstrategies:\n", catalog.as_of());
  for (const auto &s : catalog.strategies()) fmt::print("  {:<40} {}\n", s.id, s.title);
  fmt::print("\nrules:\n");
  for (const auto &r : catalog.rules()) {
    fmt::print("  {:<26} {:<11} {:<10} {}{}\n", r.id, r.kind, r.certainty, r.statement,
               r.enabled ? "" : " (disabled)");
    fmt::print("  {:<26} source: {}, {}\n", "", r.source, r.as_of);
  }
  return 0;
}

int run_scan(const Args &a) {
  if (a.positional.empty()) usage_error("usage: pubplan scan DIR... [-o FILE] [--quiet]");
  pubplan::ScanOptions options;
  if (!a.quiet) options.progress = [](const std::string &line) { fmt::print(stderr, "pubplan scan: {}\n", line); };
  pubplan::ScanResult r = pubplan::scan(a.positional, options);
  for (const auto &w : r.warnings) {
    std::string where = w.line > 0 ? fmt::format("{}:{}:{}", w.file, w.line, w.column) : w.file;
    fmt::print(stderr, "{}: warning: {}\n", where, w.message);
  }
  if (!a.quiet)
    for (const auto &f : r.findings)
      fmt::print(stderr, "{}{}: {}: {}\n", f.file, f.line > 0 ? fmt::format(":{}", f.line) : "", f.id, f.message);
  if (a.output) {
    std::FILE *out = std::fopen(a.output->c_str(), "wb");
    if (!out || std::fwrite(r.topology.data(), 1, r.topology.size(), out) != r.topology.size()) {
      fmt::print(stderr, "pubplan: error: cannot write {}: {}\n", *a.output, std::strerror(errno));
      if (out) std::fclose(out);
      return kExitUsage;
    }
    if (std::fclose(out) != 0) {
      fmt::print(stderr, "pubplan: error: cannot write {}: {}\n", *a.output, std::strerror(errno));
      return kExitUsage;
    }
  } else {
    fmt::print("{}", r.topology);
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  Args a = parse(argc, argv);
  try {
    if (a.command == "solve") return run_solve(a);
    if (a.command == "explain") return run_explain(a);
    if (a.command == "validate") return run_validate(a);
    if (a.command == "catalog") return run_catalog(a);
    if (a.command == "scan") return run_scan(a);
    if (a.command.empty()) usage_error("no command given");
    usage_error(fmt::format("unknown command '{}'", a.command));
  } catch (const pubplan::InputError &e) {
    for (const auto &d : e.diagnostics()) fmt::print(stderr, "{}\n", d.to_string());
    return kExitUsage;
  } catch (const std::exception &e) {
    fmt::print(stderr, "pubplan: error: {}\n", e.what());
    return kExitUsage;
  }
}
