// libFuzzer target: statuses and first reasons, on schema-valid topologies
// (solve_harness.hpp generates them and says what is checked). The planner
// solves at the default depth with one conflict and no repair per package and
// does not look ahead (the day itself is drawn around the catalog's dates), a
// third of the work of the full diagnosis; fuzz_diagnose checks the rest.
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
  options.max_conflicts = 1;
  options.max_repairs = 0;
  options.horizon_days = 0;
  const Topology topology = Topology::load_string(current, "generated.yaml");  // must load
  const Result result = Planner(catalog, options).solve(topology);
  check_result(topology, result, catalog);
  check_reason_sets(topology, result, catalog, detail::Diagnose::none);
  return 0;
}
