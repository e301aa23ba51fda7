// Concurrency stress: THREADS threads, each with a planner of its own, solve
// ROUNDS times through the C++ API and through the C API, taking the test
// scenarios in turn; every answer must be byte for byte the single-threaded one.
// Run under ThreadSanitizer by `make tsan`; with fewer rounds by plain ctest.
// Usage: stress ROUNDS TOPOLOGY...
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "pubplan.h"
#include "pubplan/pubplan.hpp"

namespace {

constexpr int kThreads = 8;

std::string solve_cpp(const pubplan::Planner &planner, const std::string &text) {
  return pubplan::to_json(planner.solve(pubplan::Topology::load_string(text, "scenario.yaml")));
}

// The C API's JSON, or "" on failure.
std::string solve_c(pubplan_planner *planner, const std::string &text) {
  pubplan_result *r = nullptr;
  if (pubplan_solve_string(planner, text.data(), text.size(), &r) != PUBPLAN_OK) return "";
  std::string json = pubplan_result_json(r);
  pubplan_result_free(r);
  return json;
}

std::string read(const char *path) {
  std::FILE *f = std::fopen(path, "rb");
  if (!f) {
    std::perror(path);
    std::exit(2);
  }
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  return text;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: stress ROUNDS TOPOLOGY...\n");
    return 2;
  }
  const int rounds = std::atoi(argv[1]);
  std::vector<std::string> inputs;
  for (int i = 2; i < argc; ++i) inputs.push_back(read(argv[i]));

  // The single-threaded answers.
  std::vector<std::string> want_cpp, want_c;
  {
    pubplan::Planner planner;
    pubplan_planner *cp = nullptr;
    if (pubplan_planner_new(&cp) != PUBPLAN_OK) return 2;
    for (const auto &text : inputs) {
      want_cpp.push_back(solve_cpp(planner, text));
      want_c.push_back(solve_c(cp, text));
      if (want_c.back().empty()) return 2;
    }
    pubplan_planner_free(cp);
  }

  std::vector<int> differences(kThreads, 0), solves(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      pubplan::Planner planner;  // distinct planners, one per thread
      pubplan_planner *cp = nullptr;
      if (pubplan_planner_new(&cp) != PUBPLAN_OK) {
        ++differences[t];
        return;
      }
      for (int i = 0; i < rounds; ++i) {
        const std::size_t k = static_cast<std::size_t>(t + i) % inputs.size();
        const bool c_api = (t + i) % 2 == 1;
        const std::string got = c_api ? solve_c(cp, inputs[k]) : solve_cpp(planner, inputs[k]);
        if (got != (c_api ? want_c[k] : want_cpp[k])) ++differences[t];
        ++solves[t];
      }
      pubplan_planner_free(cp);
    });
  for (auto &th : threads) th.join();

  int total = 0, different = 0;
  for (int t = 0; t < kThreads; ++t) {
    total += solves[t];
    different += differences[t];
  }
  std::printf("%d threads, %d solves, %d different from the single-threaded answer\n", kThreads, total,
              different);
  return different == 0 && total == kThreads * rounds ? 0 : 1;
}
