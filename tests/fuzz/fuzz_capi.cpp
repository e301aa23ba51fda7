// libFuzzer target: the C API's entry points that take text. The first byte
// chooses one: even, pubplan_solve_string on the rest; odd,
// pubplan_planner_add_catalog on the rest, then a solve of a small topology.
// Every result accessor is then walked, with in-range and out-of-range indexes,
// and the same text solved by pubplan_solve_string_json must write the bytes of
// pubplan_result_json with the same exit code (or fail the same way, writing nothing).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "pubplan.h"

namespace {

const char *kTopology =
    "version: 1\n"
    "repositories: [{name: a/web, host: github}]\n"
    "pipelines: [{name: rel, repository: a/web, provider: github-actions, unattended: true}]\n"
    "packages: [{name: x, repository: a/web, published_by: [rel]}]\n";
const char *kStrategies[] = {"trusted-publishing", "trusted-publishing-without-provenance",
                             "granular-token", "interactive-2fa", "no-such-strategy"};

void require(bool ok) {
  if (!ok) std::abort();
}

void walk(const pubplan_result *r) {
  const int exit_code = pubplan_result_exit_code(r);
  require(exit_code == 0 || exit_code == 1 || exit_code == 3);
  const std::size_t n = pubplan_result_package_count(r);
  for (std::size_t i = 0; i <= n; ++i) {  // i == n: out of range on purpose
    const char *name = pubplan_result_package_name(r, i);
    require((name != nullptr) == (i < n));
    (void)pubplan_result_recommended(r, i);
    for (const char *s : kStrategies) {
      const int st = pubplan_result_strategy_status(r, i, s);
      require(st >= PUBPLAN_STATUS_INVALID && st <= PUBPLAN_STATUS_UNKNOWN);
      const std::size_t k = pubplan_result_reason_count(r, i, s);
      for (std::size_t j = 0; j <= k; ++j)
        require((pubplan_result_reason(r, i, s, j) != nullptr) == (j < k));
    }
  }
  const char *json = pubplan_result_json(r);
  require(json != nullptr && json[0] == '{');
}

int append(void *out, const char *data, std::size_t len) {
  static_cast<std::string *>(out)->append(data, len);
  return 0;
}

// The streamed solve of the same topology agrees with the kept one.
void stream(pubplan_planner *planner, const char *text, std::size_t len, int rc, const pubplan_result *kept) {
  std::string out;
  int exit_code = -1;
  const int streamed = pubplan_solve_string_json(planner, text, len, append, &out, &exit_code);
  require(streamed == rc);
  if (rc == PUBPLAN_OK) {
    require(out == pubplan_result_json(kept));
    require(exit_code == pubplan_result_exit_code(kept));
  } else {
    require(out.empty() && exit_code == -1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const char *text = reinterpret_cast<const char *>(data + 1);
  const std::size_t len = size - 1;
  pubplan_planner *planner = nullptr;
  require(pubplan_planner_new(&planner) == PUBPLAN_OK);
  pubplan_options opts = PUBPLAN_OPTIONS_INIT;
  opts.max_conflicts = 2;
  opts.max_repairs = 2;
  require(pubplan_planner_set_options(planner, &opts) == PUBPLAN_OK);
  pubplan_result *result = nullptr;
  int rc;
  if (data[0] % 2 == 0) {
    rc = pubplan_solve_string(planner, text, len, &result);
    require(rc == PUBPLAN_OK || rc == PUBPLAN_EINPUT);
    stream(planner, text, len, rc, result);
  } else {
    rc = pubplan_planner_add_catalog(planner, text, len);
    require(rc == PUBPLAN_OK || rc == PUBPLAN_ECATALOG);
    if (rc == PUBPLAN_OK) {
      rc = pubplan_solve_string(planner, kTopology, std::strlen(kTopology), &result);
      require(rc == PUBPLAN_OK);
      stream(planner, kTopology, std::strlen(kTopology), rc, result);
    }
  }
  if (rc == PUBPLAN_OK) {
    require(result != nullptr);
    walk(result);
    pubplan_result_free(result);
  } else {
    // A failure always says why, on the planner and for the thread.
    require(pubplan_planner_errmsg(planner)[0] != '\0');
    require(pubplan_last_error()[0] != '\0');
  }
  pubplan_planner_free(planner);
  return 0;
}
