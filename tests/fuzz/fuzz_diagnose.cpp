// libFuzzer target: the full diagnosis, on schema-valid topologies
// (solve_harness.hpp generates them and says what is checked). The planner
// solves with DiagnoseDepth::all, two conflicts and two repairs per strategy:
// every conflict it enumerates must be unsat and minimal, and the independent
// checker must agree with every conflict and repair of every strategy.
#include "solve_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  pubplan::Options options;
  options.diagnose = pubplan::DiagnoseDepth::all;
  options.max_conflicts = 2;
  options.max_repairs = 2;
  fuzz_solve_harness::run(data, size, options, pubplan::detail::Diagnose::all);
  return 0;
}
