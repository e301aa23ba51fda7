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

#include "arguments.hpp"
#include "progress.hpp"
#include "pubplan/pubplan.hpp"

namespace {

using cli::Args;
using cli::kExitDisagreement;
using cli::kExitUsage;
using cli::usage_error;

int checked_stdout(int code);
void flush_stdout();


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

// Loads the topology with the progress line saying so.
pubplan::Topology load(const Args &a, const pubplan::Planner &planner, cli::ProgressLine &progress) {
  progress.reading(a.file);
  return pubplan::Topology::load_file(a.file, planner.catalog());
}

int run_solve(const Args &a) {
  pubplan::Planner planner = make_planner(a);
  cli::ProgressLine progress(!a.quiet);
  pubplan::Topology topology = load(a, planner, progress);
  if (a.summary && a.format != "text")
    usage_error("solve", fmt::format("--summary is a text report; --format {} lists every package", a.format));
  if (a.format == "json" && !a.verify) {
    // Each package is written as it is built and not kept: memory stays with
    // the distinct problems, not the packages (--verify needs them all).
    flush_stdout();
    pubplan::JsonWriter writer(std::cout, topology.source_name(), planner.catalog().as_of());
    const pubplan::Result result = planner.solve(topology, [&](pubplan::PackageResult &&p) {
      progress.clear();  // the packages come once every stage is done
      if (!a.filter.matches(p)) return;
      errno = 0;
      writer.package(p);
      // Output that cannot be written ends the solve, with the write's reason.
      if (!std::cout) throw std::system_error(errno ? errno : EIO, std::generic_category());
    }, progress.callback());
    writer.finish(result);
    flush_stdout();
    return gated(a, result, topology, result.exit_code());
  }
  pubplan::Result result = planner.solve(topology, {}, progress.callback());
  progress.clear();
  // The report lists what the filters select; exit codes, --verify and
  // --fail-on read the whole answer.
  const std::optional<pubplan::Result> selected =
      a.filter.empty() ? std::nullopt : std::optional(pubplan::filtered(result, a.filter));
  const pubplan::Result &shown = selected ? *selected : result;
  if (a.format == "json") {
    flush_stdout();
    pubplan::write_json(std::cout, shown);
    flush_stdout();
  } else if (a.format == "sarif") {
    fmt::print("{}", pubplan::to_sarif(shown, topology, planner.catalog()));
  } else if (a.format == "markdown") {
    fmt::print("{}", pubplan::to_markdown(shown));
  } else if (a.format == "codequality") {
    fmt::print("{}", pubplan::to_codequality(shown, topology));
  } else {
    fmt::print("{}", pubplan::to_text(shown, {use_color(), a.summary}));
  }
  flush_stdout();
  return gated(a, result, topology, verified(a, planner, topology, result, "", result.exit_code()));
}

int run_plan(const Args &a) {
  pubplan::Planner planner = make_planner(a);
  cli::ProgressLine progress(!a.quiet);
  pubplan::Topology topology = load(a, planner, progress);
  const pubplan::Result result = planner.solve(topology, {}, progress.callback());
  progress.clear();
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
  pubplan::Planner planner = make_planner(a);
  if (a.strategy) {
    bool known = false;
    for (const auto &s : planner.catalog().strategies()) known |= s.id == *a.strategy;
    if (!known) {
      std::vector<std::string> ids;
      for (const auto &st : planner.catalog().strategies()) ids.push_back(st.id);
      std::string msg = fmt::format("unknown strategy '{}' (the catalog's: {})", *a.strategy, fmt::join(ids, ", "));
      if (auto hint = cli::closest(*a.strategy, ids)) msg += fmt::format("; did you mean '{}'?", *hint);
      usage_error("explain", msg);
    }
  }
  cli::ProgressLine progress(!a.quiet);
  pubplan::Topology topology = load(a, planner, progress);
  pubplan::Result result = planner.solve(topology, {}, progress.callback());
  progress.clear();
  const pubplan::PackageResult *solved = result.package(a.package);
  if (!solved) {
    fmt::print(stderr, "pubplan: error: {} has no package '{}'\n", a.file, a.package);
    return kExitUsage;
  }
  // Every conflict and repair of each ruled-out strategy, for this package only.
  const pubplan::Result one = planner.explain(topology, result, solved->name);
  // In the whole result too, so that --verify checks what is shown.
  pubplan::PackageResult *pkg = &result.packages[static_cast<std::size_t>(solved - result.packages.data())];
  *pkg = one.packages.front();
  if (a.format == "json") fmt::print("{}", pubplan::to_json(one));
  else fmt::print("{}", pubplan::explain_text(*pkg, a.strategy.value_or(""), {use_color()}));
  flush_stdout();
  return verified(a, planner, topology, result, pkg->name, one.exit_code());
}

int run_validate(const Args &a) {
  pubplan::Topology t = pubplan::Topology::load_file(a.file, make_catalog(a));
  if (a.print_normalized) {
    fmt::print("{}", t.to_normalized_json());
    return 0;
  }
  fmt::print("{}: ok ({} repositories, {} pipelines, {} packages)\n", a.file,
             t.repository_count(), t.pipeline_count(), t.package_count());
  return 0;
}

int run_catalog(const Args &a) {
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
  pubplan::ScanOptions options = a.scan;
  options.as_of = a.options.as_of;
  options.whole_org = a.whole_org;
  if (!a.quiet) options.progress = [](const std::string &line) { fmt::print(stderr, "pubplan scan: {}\n", line); };
  pubplan::ScanResult r = pubplan::scan(a.dirs, options, make_catalog(a));
  if (!a.quiet) print_scan_warnings(r.warnings);
  if (!a.quiet)
    for (const auto &f : r.findings)
      fmt::print(stderr, "{}{}: {}: {}\n", f.file, f.line > 0 ? fmt::format(":{}", f.line) : "", f.id, f.message);
  fmt::print("{}", r.topology);
  return 0;
}


// Runs Graphviz's dot on `dot_text`, its SVG going to -o FILE or standard output.
int render_svg(const std::string &dot_text) {
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
    execlp("dot", "dot", "-Tsvg", static_cast<char *>(nullptr));
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
  const std::string format = a.format_given ? a.format : "dot";
  pubplan::Planner planner = make_planner(a);
  cli::ProgressLine progress(!a.quiet);
  pubplan::Topology topology = load(a, planner, progress);
  const pubplan::Result result = planner.solve(topology, {}, progress.callback());
  progress.clear();
  std::string dot;
  try {
    dot = pubplan::to_dot(topology, &result, planner.catalog(), a.graph);
  } catch (const std::invalid_argument &e) {
    usage_error("graph", e.what());
  }
  if (format == "svg") return render_svg(dot);
  fmt::print("{}", dot);
  return 0;
}

// Every byte of a report must arrive: a failed or short write to standard
// output (a full disk, a closed descriptor) is an error with its reason, not a
// green job with an empty report. A reader that stopped on purpose (EPIPE,
// `pubplan solve | head`) is not an error.
int write_errno = 0;  // the reason of the first failed write to standard output
std::string output_name = "standard output";  // or the -o file it was reopened on

void flush_stdout() {
  // A write that failed before this call (a report written in one piece) left its reason in errno.
  if ((!std::cout || std::ferror(stdout)) && !write_errno) write_errno = errno ? errno : EIO;
  errno = 0;  // std::cout writes through stdout: its flush may be the failing write
  std::cout.flush();
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  if (failed && !write_errno) write_errno = errno ? errno : EIO;
}

int write_failed(int err, int code) {
  if (err == EPIPE) return code;
  fmt::print(stderr, "pubplan: error: cannot write {}: {}\n", output_name, std::strerror(err));
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
  usage_error("", fmt::format("unknown command '{}'", a.command));
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
  const Args a = cli::parse_arguments(argc, argv);
  if (a.done) return checked_stdout(*a.done);
  // -o FILE: the report goes to FILE, and so do the checks of every write;
  // `-o -` is standard output, as `-` is standard input for FILE.
  if (a.output && *a.output != "-") {
    output_name = *a.output;
    if (!std::freopen(a.output->c_str(), "w", stdout)) {
      fmt::print(stderr, "pubplan: error: cannot write {}: {}\n", *a.output, std::strerror(errno));
      return kExitUsage;
    }
  }
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
