// The pubplan command: arguments and printing only; everything else is the C++ API.
#include <sys/wait.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <csignal>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <optional>
#include <map>
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
  plan FILE              the ordered steps from each package's current method to its
                         recommendation (takes every option of solve; solve's exit codes)
  explain FILE PACKAGE   explain one package (every strategy, or --strategy ID)
  validate FILE          check a topology without solving
    --print-normalized   print it as pubplan read it (JSON topology; loads to the same model)
  catalog                list the rules pubplan reasons with
  graph FILE             draw the topology graph, packages coloured by recommended
                         strategy (--format dot, the default, or svg through
                         Graphviz's dot; -o FILE to write a file)
  scan DIR...            read checkouts and write their topology (YAML) with findings

options:
  --format text|json     output format (solve, plan, explain, catalog; default text)
  --format sarif         solve, plan: SARIF 2.1.0 for code scanning (findings, packages
                         whose recommendation is not feasible; plan: its steps as notes)
  --format codequality   solve, plan: the same as a GitLab Code Quality report
  --format markdown      solve, plan: a report for a pull-request comment or a job summary
  --fail-on LIST         solve, plan: exit 5 if any listed condition holds, else 0 (a CI gate);
                         LIST: infeasible,conditional,finding,ahead (any of them)
  --format dot|svg       graph: output format (default dot)
  --catalog FILE         layer a user catalog over the built-in one (repeatable;
                         solve, explain, validate, catalog, graph, scan)
  --strategy ID          explain: only this strategy
  --as-of DATE           solve, explain, graph, scan: evaluate the rules in force on DATE
                         (YYYY-MM-DD; default: today)
  --horizon DAYS         solve, explain: list in 'ahead' what changes within DAYS
                         after the date (default 180; 0: nothing)
  --time-limit MS        wall-clock limit per solver check (0 = none)
  --max-conflicts N      minimal conflicts reported per package and strategy (default 5)
  --max-repairs N        repairs reported per package and strategy (default 5)
  --jobs N, -j N         solver threads (default: one per core; results are the same for any N)
  --no-reuse             solve every package on its own even when another has the same shape
                         (for benchmarks: same results, more time)
  --verify               solve, explain: check every status, conflict and repair with
                         the independent checker (no SMT); disagreements go to stderr,
                         with the smallest topology that shows the first one
  -o FILE                scan, graph: write to FILE instead of standard output
  --quiet, -q            scan: no progress, warnings or findings on standard error
  --whole-org            scan: the directories hold every package of the organisation
                         (without it the topology says npm.complete: false, and tokens
                         grant packages one by one, never a whole scope)
  --registry             scan: read each package's packument (exists, access) from the
                         registry, anonymously; without it the scan uses no network
  --registry-url URL     scan --registry: the registry (default: the user's npm
                         configuration, else https://registry.npmjs.org/)
  --help, --version

FILE may be '-' for standard input.
exit codes: 0 every recommendation feasible; 1 some package has nothing that fits;
            3 some recommendation is conditional or undecided; 2 usage or input error,
            or output that could not be written
            (graph: 0 when it wrote the picture, 2 also when svg needs dot and
            dot is not installed);
            4 --verify found a disagreement between the solver and the checker;
            5 --fail-on: a listed condition holds (with --fail-on, 0 otherwise).
            scan: 0 when it wrote a topology (with or without findings); 2 usage error
            or unreadable directory.
)";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::string format = "text";
  bool format_given = false;
  std::vector<std::string> catalogs;
  std::optional<std::string> strategy;
  pubplan::Options options;  // the library's defaults, changed by the flags
  bool verify = false;
  std::optional<std::string> output;
  bool quiet = false;
  bool whole_org = false;
  pubplan::ScanOptions scan;  // the scan's registry options, the library's defaults
  bool print_normalized = false;
  std::vector<pubplan::Gate> fail_on;  // empty: the usual exit codes
};

int checked_stdout(int code);
void flush_stdout();

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
      std::exit(checked_stdout(0));
    } else if (arg == "--version") {
      fmt::print("pubplan {}\n", pubplan::version());
      std::exit(checked_stdout(0));
    } else if (arg == "--format") {
      a.format = value("--format");
      a.format_given = true;
      if (a.format != "text" && a.format != "json" && a.format != "markdown" && a.format != "sarif" &&
          a.format != "codequality" && a.format != "dot" && a.format != "svg")
        usage_error(fmt::format("--format must be text, json, markdown, sarif, codequality, dot or svg, not '{}'",
                                a.format));
    } else if (arg == "--fail-on") {
      const std::string list = value("--fail-on");
      std::size_t start = 0;
      while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string name = list.substr(start, comma - start);
        const auto gate = pubplan::parse_gate(name);
        if (!gate)
          usage_error(fmt::format("--fail-on takes a list of infeasible, conditional, finding, ahead; not '{}'", name));
        if (std::find(a.fail_on.begin(), a.fail_on.end(), *gate) == a.fail_on.end()) a.fail_on.push_back(*gate);
        start = comma + 1;
      }
    } else if (arg == "--print-normalized") {
      a.print_normalized = true;
    } else if (arg == "--catalog") {
      a.catalogs.push_back(value("--catalog"));
    } else if (arg == "--strategy") {
      a.strategy = value("--strategy");
    } else if (arg == "--as-of") {
      a.options.as_of = value("--as-of");
      if (!pubplan::is_date(a.options.as_of))
        usage_error(fmt::format("--as-of takes a date written YYYY-MM-DD, not '{}'", a.options.as_of));
    } else if (arg == "--horizon") {
      a.options.horizon_days = number("--horizon", value("--horizon"), 36'500);
    } else if (arg == "--time-limit") {
      a.options.time_limit_ms = number("--time-limit", value("--time-limit"), 86'400'000UL);
    } else if (arg == "--max-conflicts") {
      a.options.max_conflicts = number("--max-conflicts", value("--max-conflicts"), 1000);
    } else if (arg == "--verify") {
      a.verify = true;
    } else if (arg == "--max-repairs") {
      a.options.max_repairs = number("--max-repairs", value("--max-repairs"), 1000);
    } else if (arg == "--jobs" || arg == "-j") {
      a.options.threads = number("--jobs", value("--jobs"), 256);
    } else if (arg == "--no-reuse") {
      a.options.reuse_shapes = false;
    } else if (arg == "-o" || arg == "--output") {
      a.output = value("-o");
    } else if (arg == "--whole-org") {
      a.whole_org = true;
    } else if (arg == "--registry") {
      a.scan.registry = true;
    } else if (arg == "--registry-url") {
      a.scan.registry_url = value("--registry-url");
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

pubplan::Catalog make_catalog(const Args &a) {
  pubplan::Catalog catalog = pubplan::Catalog::builtin();
  for (const auto &path : a.catalogs) catalog.add_file(path);
  return catalog;
}

pubplan::Planner make_planner(const Args &a) {
  return pubplan::Planner(make_catalog(a), a.options);
}

// --verify: the checker's verdict on stderr, so that stdout stays the report.
// Returns the exit code to use instead of `code`.
int verified(const Args &a, const pubplan::Planner &planner, const pubplan::Topology &topology,
             const pubplan::Result &result, const std::string &only_package, int code) {
  if (!a.verify) return code;
  const pubplan::VerifyReport report = pubplan::verify_and_reduce(planner, topology, result, only_package);
  if (report.disagreements.empty()) {
    fmt::print(stderr, "pubplan: verified: the independent checker agrees with every status, conflict "
                       "and repair{}\n", only_package.empty() ? "" : " of " + only_package);
    return code;
  }
  for (const auto &d : report.disagreements)
    fmt::print(stderr, "pubplan: error: the checker disagrees: {}\n", d.to_string());
  fmt::print(stderr, "pubplan: {} disagreement(s) between the solver and the independent checker: "
                     "a bug in pubplan, please report it with this topology, the smallest that shows "
                     "the first one:\n{}", report.disagreements.size(), report.smallest->to_normalized_json());
  return kExitDisagreement;
}

// --fail-on: exit 5 when a listed condition holds, else 0; a usage error or a
// disagreement of --verify keeps its own code.
int gated(const Args &a, const pubplan::Result &result, const pubplan::Topology &topology, int code) {
  if (a.fail_on.empty() || code == kExitUsage || code == kExitDisagreement) return code;
  const auto holding = pubplan::gates_holding(result, topology, a.fail_on);
  for (const auto &h : holding) fmt::print(stderr, "pubplan: --fail-on {}: {}\n", pubplan::to_string(h.gate), h.why);
  return holding.empty() ? 0 : pubplan::kExitGate;
}

int run_solve(const Args &a) {
  expect_positionals(a, 1, "solve FILE [--format text|json] [--catalog FILE]");
  pubplan::Planner planner = make_planner(a);
  pubplan::Topology topology = pubplan::Topology::load_file(a.positional[0], planner.catalog());
  if (a.format == "json" && !a.verify) {
    // Each package is written as it is built and not kept: memory stays with
    // the distinct problems, not the packages (--verify needs them all).
    flush_stdout();
    pubplan::JsonWriter writer(std::cout, topology.source_name(), planner.catalog().as_of());
    const pubplan::Result result = planner.solve(topology, [&](pubplan::PackageResult &&p) {
      errno = 0;
      writer.package(p);
      // Output that cannot be written ends the solve, with the write's reason.
      if (!std::cout) throw std::system_error(errno ? errno : EIO, std::generic_category());
    });
    writer.finish(result);
    flush_stdout();
    return gated(a, result, topology, result.exit_code());
  }
  pubplan::Result result = planner.solve(topology);
  if (a.format == "json") {
    flush_stdout();
    pubplan::write_json(std::cout, result);
    flush_stdout();
  } else if (a.format == "sarif") {
    fmt::print("{}", pubplan::to_sarif(result, topology, planner.catalog()));
  } else if (a.format == "markdown") {
    fmt::print("{}", pubplan::to_markdown(result));
  } else if (a.format == "codequality") {
    fmt::print("{}", pubplan::to_codequality(result, topology));
  } else {
    fmt::print("{}", pubplan::to_text(result, {use_color()}));
  }
  flush_stdout();
  return gated(a, result, topology, verified(a, planner, topology, result, "", result.exit_code()));
}

int run_plan(const Args &a) {
  expect_positionals(a, 1, "plan FILE [--format text|json|markdown|sarif|codequality] [--catalog FILE]");
  pubplan::Planner planner = make_planner(a);
  pubplan::Topology topology = pubplan::Topology::load_file(a.positional[0], planner.catalog());
  const pubplan::Result result = planner.solve(topology);
  const pubplan::MigrationPlan plan = pubplan::plan_migration(result, topology, planner.catalog());
  if (a.format == "json") fmt::print("{}", pubplan::to_json(plan));
  else if (a.format == "sarif") fmt::print("{}", pubplan::to_sarif(result, topology, planner.catalog(), plan));
  else if (a.format == "markdown") fmt::print("{}", pubplan::to_markdown(result, plan));
  else if (a.format == "codequality") fmt::print("{}", pubplan::to_codequality(result, topology, plan));
  else fmt::print("{}", pubplan::to_text(plan));
  flush_stdout();
  return gated(a, result, topology, verified(a, planner, topology, result, "", result.exit_code()));
}

int run_explain(const Args &a) {
  expect_positionals(a, 2, "explain FILE PACKAGE [--strategy ID]");
  pubplan::Planner planner = make_planner(a);
  if (a.strategy) {
    bool known = false;
    for (const auto &s : planner.catalog().strategies()) known |= s.id == *a.strategy;
    if (!known) usage_error(fmt::format("unknown strategy '{}'", *a.strategy));
  }
  pubplan::Topology topology = pubplan::Topology::load_file(a.positional[0], planner.catalog());
  pubplan::Result result = planner.solve(topology);
  const pubplan::PackageResult *pkg = result.package(a.positional[1]);
  if (!pkg) {
    fmt::print(stderr, "pubplan: error: {} has no package '{}'\n", a.positional[0], a.positional[1]);
    return kExitUsage;
  }
  pubplan::Result one;
  one.source = result.source;
  one.catalog_as_of = result.catalog_as_of;
  one.as_of = result.as_of;
  one.horizon_days = result.horizon_days;
  for (const auto &change : result.ahead)
    if (std::count(change.packages.begin(), change.packages.end(), pkg->name)) {
      one.ahead.push_back(change);
      one.ahead.back().packages = {pkg->name};
    }
  one.packages.push_back(*pkg);
  if (a.format == "json") fmt::print("{}", pubplan::to_json(one));
  else fmt::print("{}", pubplan::explain_text(*pkg, a.strategy.value_or(""), {use_color()}));
  flush_stdout();
  return verified(a, planner, topology, result, pkg->name, one.exit_code());
}

int run_validate(const Args &a) {
  expect_positionals(a, 1, "validate FILE [--print-normalized] [--catalog FILE]");
  pubplan::Topology t = pubplan::Topology::load_file(a.positional[0], make_catalog(a));
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
  const pubplan::Catalog catalog = make_catalog(a);
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

bool write_output(const Args &a, const std::string &text);

// Warnings of one kind (the same message) seen in three files or more are one
// line with their count: a checkout full of nameless test fixtures is one line.
void print_scan_warnings(const std::vector<pubplan::Diagnostic> &warnings) {
  // The kind: the message without what it quotes ('mylib').
  auto kind_of = [](const std::string &message) {
    std::string kind;
    bool quoted = false;
    for (char c : message) {
      if (c == '\'') {
        kind += quoted ? "...'" : "'";
        quoted = !quoted;
      } else if (!quoted) {
        kind += c;
      }
    }
    return kind;
  };
  std::map<std::string, std::vector<const pubplan::Diagnostic *>> by_message;
  std::vector<std::string> order;
  for (const auto &w : warnings) {
    auto &group = by_message[kind_of(w.message)];
    if (group.empty()) order.push_back(kind_of(w.message));
    group.push_back(&w);
  }
  auto where = [](const pubplan::Diagnostic &w) {
    return w.line > 0 ? fmt::format("{}:{}:{}", w.file, w.line, w.column) : w.file;
  };
  for (const auto &message : order) {
    const auto &group = by_message[message];
    if (group.size() < 3) {
      for (const auto *w : group) fmt::print(stderr, "{}: warning: {}\n", where(*w), w->message);
      continue;
    }
    fmt::print(stderr, "pubplan scan: warning: {} ({} files: {}, {} and {} more)\n", message, group.size(),
               group[0]->file, group[1]->file, group.size() - 2);
  }
}

int run_scan(const Args &a) {
  if (a.positional.empty())
    usage_error("usage: pubplan scan DIR... [-o FILE] [--quiet] [--whole-org] [--registry [--registry-url URL]]");
  if (!a.scan.registry_url.empty() && !a.scan.registry) usage_error("--registry-url needs --registry");
  pubplan::ScanOptions options = a.scan;
  options.as_of = a.options.as_of;
  options.whole_org = a.whole_org;
  if (!a.quiet) options.progress = [](const std::string &line) { fmt::print(stderr, "pubplan scan: {}\n", line); };
  pubplan::ScanResult r = pubplan::scan(a.positional, options, make_catalog(a));
  if (!a.quiet) print_scan_warnings(r.warnings);
  if (!a.quiet)
    for (const auto &f : r.findings)
      fmt::print(stderr, "{}{}: {}: {}\n", f.file, f.line > 0 ? fmt::format(":{}", f.line) : "", f.id, f.message);
  if (!write_output(a, r.topology)) return kExitUsage;
  return 0;
}

// Writes `text` to -o FILE or standard output; false (with a message) when it cannot.
bool write_output(const Args &a, const std::string &text) {
  if (!a.output) {
    fmt::print("{}", text);
    return true;
  }
  std::FILE *out = std::fopen(a.output->c_str(), "wb");
  bool ok = out && std::fwrite(text.data(), 1, text.size(), out) == text.size();
  if (out && std::fclose(out) != 0) ok = false;
  if (!ok) fmt::print(stderr, "pubplan: error: cannot write {}: {}\n", *a.output, std::strerror(errno));
  return ok;
}

// Runs Graphviz's dot on `dot_text`, its SVG going to -o FILE or standard output.
int render_svg(const Args &a, const std::string &dot_text) {
  int to_dot[2];
  if (pipe(to_dot) != 0) {
    fmt::print(stderr, "pubplan: error: cannot run dot: {}\n", std::strerror(errno));
    return kExitUsage;
  }
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(to_dot[0], STDIN_FILENO);
    close(to_dot[0]);
    close(to_dot[1]);
    if (a.output) execlp("dot", "dot", "-Tsvg", "-o", a.output->c_str(), static_cast<char *>(nullptr));
    else execlp("dot", "dot", "-Tsvg", static_cast<char *>(nullptr));
    _exit(127);
  }
  close(to_dot[0]);
  if (pid < 0) {
    close(to_dot[1]);
    fmt::print(stderr, "pubplan: error: cannot run dot: {}\n", std::strerror(errno));
    return kExitUsage;
  }
  // dot may exit early (not installed): a closed pipe is an error to report, not a signal.
  std::signal(SIGPIPE, SIG_IGN);
  std::size_t done = 0;
  while (done < dot_text.size()) {
    ssize_t n = write(to_dot[1], dot_text.data() + done, dot_text.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  close(to_dot[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    fmt::print(stderr, "pubplan: error: --format svg needs Graphviz's dot on PATH "
                       "(apt-get install graphviz), or use --format dot\n");
    return kExitUsage;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || done < dot_text.size()) {
    fmt::print(stderr, "pubplan: error: dot failed to draw the graph\n");
    return kExitUsage;
  }
  return 0;
}

int run_graph(const Args &a) {
  expect_positionals(a, 1, "graph FILE [--format dot|svg] [-o FILE]");
  const std::string format = a.format_given ? a.format : "dot";
  if (format != "dot" && format != "svg") usage_error(fmt::format("graph draws dot or svg, not '{}'", format));
  pubplan::Planner planner = make_planner(a);
  pubplan::Topology topology = pubplan::Topology::load_file(a.positional[0], planner.catalog());
  const pubplan::Result result = planner.solve(topology);
  const std::string dot = pubplan::to_dot(topology, &result, planner.catalog());
  if (format == "svg") return render_svg(a, dot);
  return write_output(a, dot) ? 0 : kExitUsage;
}

// Every byte of a report must arrive: a failed or short write to standard
// output (a full disk, a closed descriptor) is an error with its reason, not a
// green job with an empty report. A reader that stopped on purpose (EPIPE,
// `pubplan solve | head`) is not an error.
int write_errno = 0;  // the reason of the first failed write to standard output

void flush_stdout() {
  errno = 0;  // std::cout writes through stdout: its flush may be the failing write
  std::cout.flush();
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  if (failed && !write_errno) write_errno = errno ? errno : EIO;
}

int write_failed(int err, int code) {
  if (err == EPIPE) return code;
  fmt::print(stderr, "pubplan: error: cannot write standard output: {}\n", std::strerror(err));
  return kExitUsage;
}

int checked_stdout(int code) {
  flush_stdout();
  return write_errno ? write_failed(write_errno, code) : code;
}

int run(const Args &a) {
  if (a.command == "solve") return run_solve(a);
  if (a.command == "plan") return run_plan(a);
  if (a.command == "explain") return run_explain(a);
  if (a.command == "validate") return run_validate(a);
  if (a.command == "catalog") return run_catalog(a);
  if (a.command == "scan") return run_scan(a);
  if (a.command == "graph") return run_graph(a);
  if (a.command.empty()) usage_error("no command given");
  usage_error(fmt::format("unknown command '{}'", a.command));
}

}  // namespace

int main(int argc, char **argv) try {
#ifdef __GLIBC__
  // Z3 allocates and frees blocks of a few hundred KiB on every check; with
  // glibc's default thresholds each goes to the kernel and back (mmap, trim),
  // which cost as much system time as the solving itself (enterprise 1,000:
  // 2.5 s of 7.5 s). Keeping them in the heap makes that time disappear.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
  Args a = parse(argc, argv);
  if (a.command != "graph" && (a.format == "dot" || a.format == "svg"))
    usage_error(fmt::format("--format {} is for the graph command; {} writes text or json", a.format,
                            a.command.empty() ? "this command" : a.command));
  if (a.command != "solve" && a.command != "plan" &&
      (a.format == "sarif" || a.format == "codequality" || a.format == "markdown"))
    usage_error(fmt::format("--format {} is for the solve and plan commands; {} writes text or json", a.format,
                            a.command.empty() ? "this command" : a.command));
  try {
    return checked_stdout(run(a));
  } catch (const pubplan::InputError &e) {
    for (const auto &d : e.diagnostics()) fmt::print(stderr, "{}\n", d.to_string());
    return kExitUsage;
  } catch (const std::system_error &e) {
    // fmt reports a failed write to standard output this way.
    if (e.code().category() != std::generic_category() && e.code().category() != std::system_category()) throw;
    return write_failed(e.code().value(), kExitUsage);
  } catch (const std::exception &e) {
    fmt::print(stderr, "pubplan: error: {}\n", e.what());
    return kExitUsage;
  }
} catch (const std::system_error &e) {
  // --help or --version could not be written.
  return write_failed(e.code().value(), kExitUsage);
}
