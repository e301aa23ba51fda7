// pubplan-bench: measures one topology file and prints one JSON record.
//
//   pubplan-bench FILE --pubplan PATH [--scenario NAME] [--n N] [--monolithic] [--jobs N]
//                 [--save-json PATH] [--monolithic-limit SECONDS]
//
// end_to_end and parse_only are separate processes (`pubplan solve FILE
// --format json`, its output discarded or, with --save-json, kept in a file for
// the ASP peer's comparison; and `pubplan validate FILE`), each with
// its wall time and peak resident memory. phases are measured in this process:
// load (parse, validate, build the graph: what `pubplan validate` does too),
// graph (the planner's graph answers), encode, solve, explain and tokens (the
// planner's own timings; encode/solve/explain summed over solver threads,
// solving their wall time), output (the JSON document). With --one-job,
// solving_one_job is that wall time with one solver thread, in this process. graph_build is the part of load that builds the
// graph, measured by building it once more. --monolithic adds the baseline: every package in
// one Z3 solver, statuses by assumption checks, compared with the decomposed
// statuses; --monolithic-limit stops it after SECONDS (the record says how many
// of its checks it made by then).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalog/catalog_model.hpp"
#include "solve/encoder.hpp"
#include "topology/graph.hpp"
#include "solve/problem.hpp"
#include "pubplan/pubplan.hpp"
#include "topology/access.hpp"

extern char **environ;

namespace {

using json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;
// The day every run solves on, so that figures and the peers' agreement do not
// depend on the day the benchmark runs.
constexpr const char *kDay = "2026-12-04";

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Runs argv with standard output to `output` (/dev/null by default): wall
// seconds, peak RSS (MiB), exit code.
json measure_process(const std::vector<std::string> &args, const std::string &output = "/dev/null") {
  std::vector<char *> argv;
  for (const auto &a : args) argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const auto start = Clock::now();
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return {{"error", fmt::format("cannot run {}: {}", args[0], std::strerror(rc))}};
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  json out = {{"seconds", since(start)},
              {"peak_rss_mib", static_cast<double>(usage.ru_maxrss) / 1024.0},
              {"exit_code", WIFEXITED(status) ? WEXITSTATUS(status) : -1}};
  struct stat written {};
  if (output != "/dev/null" && stat(output.c_str(), &written) == 0) out["output_bytes"] = written.st_size;
  return out;
}

[[noreturn]] void usage(const std::string &msg) {
  fmt::print(stderr, "pubplan-bench: {}\nusage: pubplan-bench FILE --pubplan PATH [--scenario NAME] [--n N] "
                     "[--monolithic] [--monolithic-limit S] [--jobs N] [--save-json PATH] [--depths] [--one-job]\n", msg);
  std::exit(2);
}

}  // namespace

int main(int argc, char **argv) {
  std::string file, pubplan_path, scenario = "file", save_json = "/dev/null";
  long n = -1;
  bool monolithic = false;
  double monolithic_limit = 0;
  unsigned jobs = 0;
  bool depths = false, one_job = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--pubplan") pubplan_path = value();
    else if (a == "--scenario") scenario = value();
    else if (a == "--n") n = std::stol(value());
    else if (a == "--jobs") jobs = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--monolithic") monolithic = true;
    else if (a == "--depths") depths = true;    // also time `--diagnose all`
    else if (a == "--one-job") one_job = true;  // also time `--jobs 1`
    else if (a == "--save-json") save_json = value();
    else if (a == "--monolithic-limit") monolithic_limit = std::stod(value());
    else if (!a.empty() && a[0] == '-') usage("unknown option " + a);
    else file = a;
  }
  if (file.empty() || pubplan_path.empty()) usage("FILE and --pubplan are required");

  try {
    json record;
    record["scenario"] = scenario;
    record["file"] = file;
    std::vector<std::string> solve = {pubplan_path, "solve", file, "--format", "json", "--as-of", kDay};
    if (jobs) solve.insert(solve.end(), {"--jobs", std::to_string(jobs)});
    record["end_to_end"] = measure_process(solve, save_json);
    record["parse_only"] = measure_process({pubplan_path, "validate", file});
    if (depths) {
      std::vector<std::string> all = solve;
      all.insert(all.end(), {"--diagnose", "all"});
      const std::string written = save_json == "/dev/null" ? save_json : save_json + ".all";
      record["diagnose_all"] = measure_process(all, written);
      if (written != save_json) std::remove(written.c_str());
    }
    if (one_job) {
      std::vector<std::string> serial = {pubplan_path, "solve", file, "--format", "json", "--as-of", kDay, "--jobs", "1"};
      record["end_to_end_one_job"] = measure_process(serial);
    }

    json phases;
    auto start = Clock::now();
    const pubplan::Topology topology = pubplan::Topology::load_file(file);
    phases["load"] = since(start);
    record["n"] = n >= 0 ? n : static_cast<long>(topology.package_count());
    start = Clock::now();
    const pubplan::detail::TopologyGraph graph(pubplan::detail::Access::model(topology));
    const double graph_build = since(start);
    pubplan::Options options;
    options.threads = jobs;
    options.as_of = kDay;
    const pubplan::Planner planner(pubplan::Catalog::builtin(), options);
    const pubplan::Result result = planner.solve(topology);
    phases["graph"] = result.timings.graph;
    phases["encode"] = result.timings.encode;
    phases["solve"] = result.timings.solve;
    phases["explain"] = result.timings.explain;
    phases["tokens"] = result.timings.tokens;
    phases["solving"] = result.timings.solving;
    if (one_job) {
      // The solving phases' own wall time on one thread, for the speed-up of
      // --jobs where loading and writing (single-threaded) are left out.
      pubplan::Options serial = options;
      serial.threads = 1;
      const pubplan::Result one = pubplan::Planner(pubplan::Catalog::builtin(), serial).solve(topology);
      record["solving_one_job"] = one.timings.solving;
      record["solving_speedup"] = result.timings.solving > 0 ? one.timings.solving / result.timings.solving : 0.0;
    }
    start = Clock::now();
    const std::size_t bytes = pubplan::to_json(result).size();
    phases["output"] = since(start);
    record["phases"] = phases;
    record["graph_build"] = graph_build;
    record["distinct_problems"] = result.distinct_problems;
    record["json_bytes"] = bytes;
    record["graph"] = {{"vertices", graph.vertex_count()}, {"edges", graph.edge_count()},
                       {"components", result.graph.components}};

    if (monolithic) {
      const auto &m = pubplan::detail::Access::model(topology);
      start = Clock::now();
      std::vector<pubplan::detail::Problem> problems;
      for (std::size_t i = 0; i < m.packages.size(); ++i)
        problems.push_back(pubplan::detail::build_problem(m, static_cast<int>(i)));
      const auto in_force = pubplan::detail::in_force(pubplan::detail::Access::model(planner.catalog()),
                                                      *pubplan::detail::parse_date(kDay));
      pubplan::detail::Encoder encoder(in_force, pubplan::detail::SolverLimits{0, 0, 0, 0});
      std::size_t checks = 0;
      const auto statuses = encoder.monolithic_statuses(problems, monolithic_limit, &checks);
      const double seconds = since(start);
      // Packages the token budget denied were solved again with that fact; the
      // baseline knows nothing of the budget, so they are not compared.
      std::size_t differ = 0, compared = 0;
      for (std::size_t i = 0; i < statuses.size(); ++i) {
        const auto &pkg = result.packages[i];
        if (statuses[i].empty() || statuses[i][0] == pubplan::Status::unknown) continue;  // not reached
        if (std::find(result.tokens.denied.begin(), result.tokens.denied.end(), pkg.name) !=
            result.tokens.denied.end())
          continue;
        ++compared;
        for (std::size_t st = 0; st < statuses[i].size(); ++st) differ += statuses[i][st] != pkg.strategies[st].status;
      }
      const std::size_t needed = 2 * statuses.size() * pubplan::detail::Access::model(planner.catalog()).strategies.size();
      record["monolithic"] = {{"seconds", seconds},
                              {"checks", checks},
                              {"checks_needed_at_most", needed},
                              {"stopped_at_limit", monolithic_limit > 0 && seconds > monolithic_limit},
                              {"packages_compared", compared},
                              {"statuses_differing", differ}};
    }
    fmt::print("{}\n", record.dump());
    return 0;
  } catch (const std::exception &e) {
    fmt::print(stderr, "pubplan-bench: {}\n", e.what());
    return 1;
  }
}
