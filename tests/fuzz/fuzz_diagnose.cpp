// libFuzzer target: the full diagnosis, on schema-valid topologies
// (solve_harness.hpp generates them and says what is checked). The planner
// solves with DiagnoseDepth::all, two conflicts and two repairs per strategy:
// every conflict it enumerates must be unsat and minimal, and the independent
// checker must agree with every conflict and repair of every strategy.
#include "solve_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace pubplan;
  using namespace fuzz_solve_harness;
  static const Catalog catalog = Catalog::builtin();
  FuzzedDataProvider in(data, size);
  current = generate_topology(in);
  Options options;
  options.as_of = generate_day(in, catalog);
  current += "# as of " + options.as_of + "\n";
  options.threads = 1;
  options.diagnose = DiagnoseDepth::all;
  options.max_conflicts = 2;
  options.max_repairs = 2;
  const Topology topology = Topology::load_string(current, "generated.yaml");  // must load
  const Result result = Planner(catalog, options).solve(topology);
  for (const auto &p : result.packages)
    for (const auto &s : p.strategies)
      if (s.status == Status::infeasible) require(s.diagnosed && !s.conflicts.empty());
  check_result(topology, result, catalog);
  check_reason_sets(topology, result, catalog, detail::Diagnose::all);
  return 0;
}
