// libFuzzer target: statuses and first reasons, on schema-valid topologies
// (solve_harness.hpp generates them and says what is checked). The planner
// solves at the default depth with one conflict and no repair per package and
// does not look ahead (the day itself is drawn around the catalog's dates), a
// third of the work of the full diagnosis; fuzz_diagnose checks the rest.
#include "solve_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  pubplan::Options options;
  options.max_conflicts = 1;
  options.max_repairs = 0;
  options.horizon_days = 0;
  fuzz_solve_harness::run(data, size, options, pubplan::detail::Diagnose::none);
  return 0;
}
