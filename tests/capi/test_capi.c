/* The C API, function by function, against the real results of
 * examples/acme.yaml, and every error path.
 * Usage: test_capi ACME_YAML CLI_JSON
 *   ACME_YAML  examples/acme.yaml (as the CLI was given it)
 *   CLI_JSON   the output of `pubplan solve ACME_YAML --format json --as-of 2026-12-04`
 * Every planner solves on kDay: answers must not depend on the day the tests run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pubplan.h"

static const char kDay[] = "2026-12-04";

/* pubplan_planner_new, then the default options on kDay. */
static int new_planner(pubplan_planner **p) {
  pubplan_options o = PUBPLAN_OPTIONS_INIT;
  int rc = pubplan_planner_new(p);
  if (rc != PUBPLAN_OK) return rc;
  o.as_of = kDay;
  return pubplan_planner_set_options(*p, &o);
}

/* A one-package topology: fast to solve, also under valgrind. */
static const char tiny[] =
    "version: 1\n"
    "repositories:\n"
    "  - name: o/web\n"
    "    host: github\n"
    "    visibility: public\n"
    "pipelines:\n"
    "  - name: release\n"
    "    repository: o/web\n"
    "    provider: github-actions\n"
    "    runner: hosted\n"
    "    file: .github/workflows/release.yml\n"
    "    node: 22.14.0\n"
    "    npm: 11.5.1\n"
    "    unattended: true\n"
    "packages:\n"
    "  - name: \"@o/ui\"\n"
    "    access: public\n"
    "    repository: o/web\n"
    "    published_by: [release]\n";

static void check_tiny(const pubplan_result *r) {
  CHECK_INT(pubplan_result_package_count(r), 1);
  CHECK_STR(pubplan_result_package_name(r, 0), "@o/ui");
  CHECK_STR(pubplan_result_recommended(r, 0), "trusted-publishing");
  CHECK_INT(pubplan_result_exit_code(r), 0);
}

/* Options that skip the diagnosis (conflicts, repairs): the solves the tests
 * need without their cost. */
static void no_diagnosis(pubplan_planner *p) {
  pubplan_options o = PUBPLAN_OPTIONS_INIT;
  o.as_of = kDay;
  o.max_conflicts = 0;
  o.max_repairs = 0;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
}

/* Index of package `name` in r, or (size_t)-1. */
static size_t package_index(const pubplan_result *r, const char *name) {
  size_t i, n = pubplan_result_package_count(r);
  for (i = 0; i < n; ++i)
    if (strcmp(pubplan_result_package_name(r, i), name) == 0) return i;
  return (size_t)-1;
}

static int has_reason(const pubplan_result *r, size_t i, const char *strategy, const char *what) {
  size_t k, n = pubplan_result_reason_count(r, i, strategy);
  for (k = 0; k < n; ++k)
    if (strcmp(pubplan_result_reason(r, i, strategy, k), what) == 0) return 1;
  return 0;
}

static void test_version(void) {
  char want[64];
  pubplan_options o, init = PUBPLAN_OPTIONS_INIT;
  sprintf(want, "%d.%d.%d", PUBPLAN_VERSION_MAJOR, PUBPLAN_VERSION_MINOR, PUBPLAN_VERSION_PATCH);
  CHECK_STR(pubplan_version(), want);

  memset(&o, 0xff, sizeof o);
  CHECK_INT(pubplan_options_init(&o), PUBPLAN_OK);
  CHECK_INT(o.version, PUBPLAN_OPTIONS_VERSION);
  CHECK_INT(o.version, init.version);
  CHECK_INT(o.time_limit_ms, init.time_limit_ms);
  CHECK_INT(o.rlimit, 5000000);
  CHECK_INT(o.max_conflicts, 5);
  CHECK_INT(o.max_repairs, 5);
  CHECK_INT(o.threads, 0);
  CHECK(o.as_of == NULL);
  CHECK_INT(o.horizon_days, 180);
  CHECK_INT(o.diagnose, PUBPLAN_DIAGNOSE_FIRST);
  /* pubplan_options_init gives the library's own defaults: the macro must agree. */
  CHECK_INT(o.time_limit_ms, init.time_limit_ms);
  CHECK_INT(o.rlimit, init.rlimit);
  CHECK_INT(o.max_conflicts, init.max_conflicts);
  CHECK_INT(o.max_repairs, init.max_repairs);
  CHECK_INT(o.threads, init.threads);
  CHECK(o.as_of == init.as_of);
  CHECK_INT(o.horizon_days, init.horizon_days);
  CHECK_INT(o.diagnose, init.diagnose);
  CHECK_INT(pubplan_options_init(NULL), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_last_error(), "opts is NULL");
}

/* The acme results every solve of examples/acme.yaml must give. */
static void check_acme(const pubplan_result *r) {
  size_t ui = package_index(r, "@acme/ui");
  size_t legacy = package_index(r, "@acme/legacy-sdk");
  size_t cli = package_index(r, "@acme/cli");
  size_t icons = package_index(r, "@acme/icons");

  CHECK_INT(pubplan_result_package_count(r), 9);
  CHECK_STR(pubplan_result_package_name(r, 0), "@acme/ui");
  CHECK_STR(pubplan_result_package_name(r, 8), "@acme/legacy-sdk");
  CHECK_INT(pubplan_result_exit_code(r), 1);
  if (ui == (size_t)-1 || legacy == (size_t)-1 || cli == (size_t)-1 || icons == (size_t)-1) {
    CHECK(!"every acme package is in the result");
    return;
  }

  CHECK_STR(pubplan_result_recommended(r, ui), "trusted-publishing");
  CHECK_INT(pubplan_result_strategy_status(r, ui, "trusted-publishing"), PUBPLAN_STATUS_FEASIBLE);
  CHECK_INT(pubplan_result_strategy_status(r, ui, "granular-token"), PUBPLAN_STATUS_FEASIBLE);
  CHECK_INT(pubplan_result_reason_count(r, ui, "trusted-publishing"), 0);
  CHECK_STR(pubplan_result_reason(r, ui, "trusted-publishing", 0), NULL);
  CHECK_INT(pubplan_result_strategy_status(r, ui, "interactive-2fa"), PUBPLAN_STATUS_INFEASIBLE);
  CHECK_INT(pubplan_result_reason_count(r, ui, "interactive-2fa"), 2);
  CHECK_STR(pubplan_result_reason(r, ui, "interactive-2fa", 0), "interactive.unattended");
  CHECK_STR(pubplan_result_reason(r, ui, "interactive-2fa", 1), "pipelines[web-release].unattended");

  /* Nothing fits for the legacy SDK. */
  CHECK_STR(pubplan_result_recommended(r, legacy), NULL);
  CHECK_INT(pubplan_result_strategy_status(r, legacy, "trusted-publishing"), PUBPLAN_STATUS_INFEASIBLE);
  CHECK(has_reason(r, legacy, "trusted-publishing", "tp.supported-ci"));
  CHECK(has_reason(r, legacy, "trusted-publishing", "pipelines[legacy-build].provider"));
  CHECK_STR(pubplan_result_reason(r, legacy, "trusted-publishing", 0), "tp.supported-ci");
  CHECK_INT(pubplan_result_strategy_status(r, legacy, "granular-token"), PUBPLAN_STATUS_INFEASIBLE);
  CHECK(has_reason(r, legacy, "granular-token", "token.disallowed"));
  CHECK(has_reason(r, legacy, "granular-token", "packages[@acme/legacy-sdk].tokens_allowed"));
  CHECK_INT(pubplan_result_strategy_status(r, legacy, "interactive-2fa"), PUBPLAN_STATUS_INFEASIBLE);

  /* A conditional recommendation: the CLI pipeline does not pin its Node version. */
  CHECK_STR(pubplan_result_recommended(r, cli), "trusted-publishing-without-provenance");
  CHECK_INT(pubplan_result_strategy_status(r, cli, "trusted-publishing-without-provenance"),
            PUBPLAN_STATUS_CONDITIONAL);
  CHECK_INT(pubplan_result_reason_count(r, cli, "trusted-publishing-without-provenance"), 0);

  /* Not on npm yet: trusted publishing needs the package to exist. */
  CHECK_STR(pubplan_result_recommended(r, icons), "granular-token");
  CHECK(has_reason(r, icons, "trusted-publishing", "tp.package-exists"));
}

static void test_bad_accessor_arguments(const pubplan_result *r) {
  /* Out of range package index. */
  CHECK_STR(pubplan_result_package_name(r, 9), NULL);
  CHECK_STR(pubplan_result_package_name(r, (size_t)-1), NULL);
  CHECK_STR(pubplan_result_recommended(r, 9), NULL);
  CHECK_INT(pubplan_result_strategy_status(r, 9, "trusted-publishing"), PUBPLAN_STATUS_INVALID);
  CHECK_INT(pubplan_result_reason_count(r, 9, "trusted-publishing"), 0);
  CHECK_STR(pubplan_result_reason(r, 9, "trusted-publishing", 0), NULL);
  /* Bad strategy id. */
  CHECK_INT(pubplan_result_strategy_status(r, 0, "no-such-strategy"), PUBPLAN_STATUS_INVALID);
  CHECK_INT(pubplan_result_strategy_status(r, 0, ""), PUBPLAN_STATUS_INVALID);
  CHECK_INT(pubplan_result_strategy_status(r, 0, NULL), PUBPLAN_STATUS_INVALID);
  CHECK_INT(pubplan_result_reason_count(r, 8, "no-such-strategy"), 0);
  CHECK_INT(pubplan_result_reason_count(r, 8, NULL), 0);
  CHECK_STR(pubplan_result_reason(r, 8, "no-such-strategy", 0), NULL);
  CHECK_STR(pubplan_result_reason(r, 8, NULL, 0), NULL);
  /* Out of range reason index. */
  CHECK_STR(pubplan_result_reason(r, 8, "trusted-publishing", 2), NULL);
  CHECK_STR(pubplan_result_reason(r, 8, "trusted-publishing", (size_t)-1), NULL);
  /* NULL result. */
  CHECK_INT(pubplan_result_package_count(NULL), 0);
  CHECK_STR(pubplan_result_package_name(NULL, 0), NULL);
  CHECK_STR(pubplan_result_recommended(NULL, 0), NULL);
  CHECK_INT(pubplan_result_strategy_status(NULL, 0, "trusted-publishing"), PUBPLAN_STATUS_INVALID);
  CHECK_INT(pubplan_result_reason_count(NULL, 0, "trusted-publishing"), 0);
  CHECK_STR(pubplan_result_reason(NULL, 0, "trusted-publishing", 0), NULL);
  CHECK_STR(pubplan_result_json(NULL), NULL);
  CHECK_INT(pubplan_result_exit_code(NULL), PUBPLAN_EMISUSE);
}

static void test_solve(const char *acme_path, const char *cli_json_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = (pubplan_result *)&p, *r2 = NULL;
  char *cli_json = read_file(cli_json_path, NULL);
  size_t acme_len = 0;
  char *acme_text = read_file(acme_path, &acme_len);
  const char *json;

  CHECK(cli_json != NULL);
  CHECK(acme_text != NULL);
  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  CHECK(p != NULL);
  CHECK_STR(pubplan_last_error(), "");
  CHECK_STR(pubplan_planner_errmsg(p), "");

  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  CHECK(r != NULL);
  CHECK_STR(pubplan_last_error(), "");
  if (r) {
    check_acme(r);
    test_bad_accessor_arguments(r);
    /* The JSON document is the CLI's, byte for byte; built once, then the same pointer. */
    json = pubplan_result_json(r);
    CHECK_STR(json, cli_json);
    CHECK(pubplan_result_json(r) == json);
  }

  /* From text: same results; the source is "<string>". */
  if (acme_text) {
    CHECK_INT(pubplan_solve_string(p, acme_text, acme_len, &r2), PUBPLAN_OK);
    if (r2) {
      check_acme(r2);
      CHECK_CONTAINS(pubplan_result_json(r2), "\"source\": \"<string>\"");
    }
    pubplan_result_free(r2);
    r2 = NULL;
    /* The length counts, not a NUL: the first 40 bytes are an incomplete topology. */
    CHECK_INT(pubplan_solve_string(p, acme_text, 40, &r2), PUBPLAN_EINPUT);
    CHECK(r2 == NULL);
  }

  /* A result outlives its planner. */
  pubplan_planner_free(p);
  if (r) CHECK_STR(pubplan_result_recommended(r, 0), "trusted-publishing");
  pubplan_result_free(r);
  free(acme_text);
  free(cli_json);
}

static void test_bad_topology(void) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  static const char bad[] = "version: 1\npackages: 3\n";
  static const char two_errors[] = "version: 7\nrepositories: {}\n";

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  r = (pubplan_result *)p; /* must be reset to NULL on failure */
  CHECK_INT(pubplan_solve_string(p, bad, strlen(bad), &r), PUBPLAN_EINPUT);
  CHECK(r == NULL);
  /* The CLI's message: "<string>:LINE:COL: error: ...". */
  CHECK_STR(pubplan_planner_errmsg(p), "<string>:2:11: error: 'packages' must be a list, found a scalar");
  CHECK_STR(pubplan_last_error(), "<string>:2:11: error: 'packages' must be a list, found a scalar");

  /* Every diagnostic, one per line. */
  CHECK_INT(pubplan_solve_string(p, two_errors, strlen(two_errors), &r), PUBPLAN_EINPUT);
  CHECK_CONTAINS(pubplan_last_error(), "<string>:1:");
  CHECK_CONTAINS(pubplan_last_error(), "\n<string>:2:");

  CHECK_INT(pubplan_solve_file(p, "no/such/topology.yaml", &r), PUBPLAN_EINPUT);
  CHECK(r == NULL);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "no/such/topology.yaml");
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "error:");

  /* A success clears the messages. */
  CHECK_INT(pubplan_solve_string(p, tiny, strlen(tiny), &r), PUBPLAN_OK);
  if (r) check_tiny(r);
  CHECK_STR(pubplan_planner_errmsg(p), "");
  CHECK_STR(pubplan_last_error(), "");
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

static void test_misuse(const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  pubplan_options o = PUBPLAN_OPTIONS_INIT;

  /* _free(NULL) and interrupt(NULL) are no-ops. */
  pubplan_planner_free(NULL);
  pubplan_result_free(NULL);
  pubplan_planner_interrupt(NULL);

  CHECK_INT(pubplan_planner_new(NULL), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_last_error(), "out is NULL");
  CHECK(pubplan_planner_errmsg(NULL) != NULL);

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_string(NULL, "version: 1\n", 11, &r), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_last_error(), "planner is NULL");
  CHECK_INT(pubplan_solve_string(p, NULL, 0, &r), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "topology is NULL");
  CHECK_INT(pubplan_solve_string(p, "version: 1\n", 11, NULL), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_solve_file(NULL, acme_path, &r), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_solve_file(p, NULL, &r), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_solve_file(p, acme_path, NULL), PUBPLAN_EMISUSE);
  CHECK(r == NULL);

  CHECK_INT(pubplan_planner_add_catalog(NULL, "catalog: 1\n", 11), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_planner_add_catalog(p, NULL, 0), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_planner_add_catalog_file(NULL, "x.yaml"), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_planner_add_catalog_file(p, NULL), PUBPLAN_EMISUSE);

  CHECK_INT(pubplan_planner_set_options(NULL, &o), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_planner_set_options(p, NULL), PUBPLAN_EMISUSE);
  o.version = 0;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "version");
  o.version = PUBPLAN_OPTIONS_VERSION + 1;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_EMISUSE);
  o.version = PUBPLAN_OPTIONS_VERSION;
  o.as_of = "2026-02-30";
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "as_of must be a date written YYYY-MM-DD, not '2026-02-30'");

  /* After all that misuse the planner still works. */
  CHECK_INT(pubplan_solve_string(p, tiny, strlen(tiny), &r), PUBPLAN_OK);
  if (r) check_tiny(r);
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

static void test_catalogs(const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  size_t legacy;
  static const char bad[] = "catalog: 1\nrules: 7\n";
  /* Our organisation allows tokens after all: the legacy SDK then has a strategy. */
  static const char allow_tokens[] =
      "catalog: 1\n"
      "rules:\n"
      "  - id: token.disallowed\n"
      "    disabled: true\n";

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  no_diagnosis(p);
  CHECK_INT(pubplan_planner_add_catalog(p, bad, strlen(bad)), PUBPLAN_ECATALOG);
  CHECK_STR(pubplan_planner_errmsg(p), "<catalog>:2:8: error: 'rules' must be a list");
  CHECK_STR(pubplan_last_error(), "<catalog>:2:8: error: 'rules' must be a list");
  CHECK_INT(pubplan_planner_add_catalog_file(p, "no/such/catalog.yaml"), PUBPLAN_ECATALOG);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "no/such/catalog.yaml");

  /* A failed addition leaves the catalog as it was. */
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  if (r) check_acme(r);
  pubplan_result_free(r);
  r = NULL;

  CHECK_INT(pubplan_planner_add_catalog(p, allow_tokens, strlen(allow_tokens)), PUBPLAN_OK);
  CHECK_STR(pubplan_planner_errmsg(p), "");
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  legacy = package_index(r, "@acme/legacy-sdk");
  CHECK_STR(pubplan_result_recommended(r, legacy), "granular-token");
  CHECK_INT(pubplan_result_strategy_status(r, legacy, "granular-token"), PUBPLAN_STATUS_FEASIBLE);
  CHECK_INT(pubplan_result_reason_count(r, legacy, "granular-token"), 0);
  CHECK(has_reason(r, legacy, "trusted-publishing", "tp.supported-ci"));
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

static void test_catalog_file(const char *catalog_path, const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  CHECK_INT(pubplan_planner_add_catalog_file(p, catalog_path), PUBPLAN_OK);
  no_diagnosis(p); /* options set after a catalog keep the catalog */
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  CHECK_STR(pubplan_result_recommended(r, package_index(r, "@acme/legacy-sdk")), "granular-token");
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

/* A user catalog adds a CI provider and a fifth strategy: the C loaders read
 * the topology with the planner's catalog, and the result shows the strategy. */
static void test_catalog_extension(const char *catalog_path, const char *topology_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  /* Without the catalog, the provider is not a value the format knows. */
  CHECK_INT(pubplan_solve_file(p, topology_path, &r), PUBPLAN_EINPUT);
  CHECK(r == NULL);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "found 'woodpecker'");
  CHECK_INT(pubplan_planner_add_catalog_file(p, catalog_path), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, topology_path, &r), PUBPLAN_OK);
  CHECK_INT(pubplan_result_package_count(r), 2);
  CHECK_STR(pubplan_result_recommended(r, package_index(r, "@acme/cli")), "release-bot");
  CHECK_STR(pubplan_result_recommended(r, package_index(r, "@acme/ui")), "trusted-publishing");
  CHECK_INT(pubplan_result_strategy_status(r, package_index(r, "@acme/ui"), "release-bot"), PUBPLAN_STATUS_INFEASIBLE);
  CHECK_CONTAINS(pubplan_result_json(r), "bot.woodpecker-only");
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

static void test_options(const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  pubplan_options o = PUBPLAN_OPTIONS_INIT;
  size_t i, unknown = 0;
  o.as_of = kDay;

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  /* A budget that runs out is not an error: the statuses are unknown. */
  o.rlimit = 1;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  CHECK_INT(pubplan_result_package_count(r), 9);
  for (i = 0; i < pubplan_result_package_count(r); ++i)
    if (pubplan_result_strategy_status(r, i, "trusted-publishing") == PUBPLAN_STATUS_UNKNOWN) ++unknown;
  CHECK(unknown > 0);
  CHECK_INT(pubplan_result_exit_code(r), 3);
  CHECK_CONTAINS(pubplan_result_json(r), "\"unknown\"");
  pubplan_result_free(r);
  r = NULL;

  /* Back to the defaults: the real answers again. */
  CHECK_INT(pubplan_options_init(&o), PUBPLAN_OK);
  o.as_of = kDay;
  o.max_conflicts = 0;
  o.max_repairs = 0;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  if (r) check_acme(r);

  /* Threads change the time, never the answer. */
  {
    pubplan_result *one = NULL, *two = NULL, *v1 = NULL;
    o.threads = 1;
    CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
    CHECK_INT(pubplan_solve_file(p, acme_path, &one), PUBPLAN_OK);
    o.threads = 2;
    CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
    CHECK_INT(pubplan_solve_file(p, acme_path, &two), PUBPLAN_OK);
    if (r && one && two) {
      CHECK_STR(pubplan_result_json(one), pubplan_result_json(r));
      CHECK_STR(pubplan_result_json(two), pubplan_result_json(r));
    }
    /* A caller built with the version 1 header (no threads field, no as_of)
     * still works: it solves on today. */
    o.version = 1;
    o.threads = 12345;
    o.as_of = "not read";
    CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
    CHECK_INT(pubplan_solve_file(p, acme_path, &v1), PUBPLAN_OK);
    if (v1) CHECK_CONTAINS(pubplan_result_json(v1), "\"as_of\": \"20");
    pubplan_result_free(one);
    pubplan_result_free(two);
    pubplan_result_free(v1);
  }
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

/* Collects what a pubplan_write_fn receives; stops after `stop_after` calls (0: never). */
typedef struct sink {
  char *data;
  size_t len, calls, stop_after;
} sink;

static int sink_write(void *userdata, const char *data, size_t len) {
  sink *s = (sink *)userdata;
  char *grown = (char *)realloc(s->data, s->len + len + 1);
  if (!grown) return 1;
  s->data = grown;
  memcpy(s->data + s->len, data, len);
  s->len += len;
  s->data[s->len] = '\0';
  ++s->calls;
  return s->stop_after != 0 && s->calls >= s->stop_after;
}

static void test_solve_json(const char *acme_path, const char *cli_json_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  char *cli_json = read_file(cli_json_path, NULL);
  size_t acme_len = 0;
  char *acme_text = read_file(acme_path, &acme_len);
  sink s = {NULL, 0, 0, 0};
  int exit_code = -1;
  static const char bad[] = "version: 1\npackages: 3\n";

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  /* The CLI's document, byte for byte, and its exit code (acme has a package nothing fits). */
  CHECK_INT(pubplan_solve_file_json(p, acme_path, sink_write, &s, &exit_code), PUBPLAN_OK);
  CHECK_STR(s.data, cli_json);
  CHECK_INT(exit_code, 1);
  CHECK(s.calls >= 1);
  free(s.data);

  /* From text: what pubplan_result_json gives for the same text. */
  if (acme_text) {
    s = (sink){NULL, 0, 0, 0};
    CHECK_INT(pubplan_solve_string_json(p, acme_text, acme_len, sink_write, &s, NULL), PUBPLAN_OK);
    CHECK_INT(pubplan_solve_string(p, acme_text, acme_len, &r), PUBPLAN_OK);
    CHECK_STR(s.data, pubplan_result_json(r));
    pubplan_result_free(r);
    free(s.data);
  }

  /* The write function stops it: PUBPLAN_EWRITE, and nothing more is written. */
  s = (sink){NULL, 0, 0, 1};
  exit_code = -1;
  CHECK_INT(pubplan_solve_file_json(p, acme_path, sink_write, &s, &exit_code), PUBPLAN_EWRITE);
  CHECK_INT(s.calls, 1);
  CHECK_INT(exit_code, -1);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "asked to stop");
  CHECK_CONTAINS(pubplan_last_error(), "asked to stop");
  free(s.data);

  /* A bad topology: its errors, and nothing written. */
  s = (sink){NULL, 0, 0, 0};
  CHECK_INT(pubplan_solve_string_json(p, bad, strlen(bad), sink_write, &s, &exit_code), PUBPLAN_EINPUT);
  CHECK_STR(pubplan_last_error(), "<string>:2:11: error: 'packages' must be a list, found a scalar");
  CHECK_INT(pubplan_solve_file_json(p, "no/such/topology.yaml", sink_write, &s, &exit_code), PUBPLAN_EINPUT);
  CHECK_INT(s.calls, 0);

  /* Misuse. */
  CHECK_INT(pubplan_solve_file_json(NULL, acme_path, sink_write, &s, NULL), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_last_error(), "planner is NULL");
  CHECK_INT(pubplan_solve_file_json(p, NULL, sink_write, &s, NULL), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_solve_file_json(p, acme_path, NULL, &s, NULL), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "write is NULL");
  CHECK_INT(pubplan_solve_string_json(NULL, bad, strlen(bad), sink_write, &s, NULL), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_solve_string_json(p, NULL, 0, sink_write, &s, NULL), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_solve_string_json(p, bad, strlen(bad), NULL, &s, NULL), PUBPLAN_EMISUSE);
  CHECK_INT(s.calls, 0);

  pubplan_planner_free(p);
  free(acme_text);
  free(cli_json);
}

/* What the other commands do: verify, the picture, the normalized topology, scan. */
static void test_other_commands(const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  sink s = {NULL, 0, 0, 0};
  size_t disagreements = 99;
  const char *roots[] = {"tests/scan/npm-too-old"};
  const char *missing[] = {"no/such/dir"};

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  /* The checker agrees: nothing written. */
  CHECK_INT(pubplan_result_verify(p, r, sink_write, &s, &disagreements), PUBPLAN_OK);
  CHECK_INT(disagreements, 0);
  CHECK(s.data == NULL);
  CHECK_INT(pubplan_result_verify(p, NULL, NULL, NULL, &disagreements), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_result_verify(p, r, NULL, NULL, NULL), PUBPLAN_EMISUSE);

  CHECK_INT(pubplan_result_dot(p, r, sink_write, &s), PUBPLAN_OK);
  CHECK(s.data && strncmp(s.data, "digraph G {", 11) == 0);
  CHECK_CONTAINS(s.data, "fillcolor=\"#a5d6a7\"");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  pubplan_result_free(r);

  CHECK_INT(pubplan_normalize_file(p, acme_path, sink_write, &s), PUBPLAN_OK);
  CHECK(s.data && s.data[0] == '{');
  CHECK_CONTAINS(s.data, "\"@acme/legacy-sdk\"");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_normalize_file(p, "no/such/file.yaml", sink_write, &s), PUBPLAN_EINPUT);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "cannot read topology");

  CHECK_INT(pubplan_scan(p, roots, 1, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "scan.npm-too-old");
  CHECK_CONTAINS(s.data, "rule: tp.npm-version");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_scan(p, missing, 1, sink_write, &s), PUBPLAN_EINPUT);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "not a readable directory");
  CHECK_INT(pubplan_scan(p, roots, 0, sink_write, &s), PUBPLAN_EMISUSE);
  /* A write function that stops: PUBPLAN_EWRITE. */
  s.stop_after = 1;
  CHECK_INT(pubplan_scan(p, roots, 1, sink_write, &s), PUBPLAN_EWRITE);
  free(s.data);
  pubplan_planner_free(p);
}

/* The CI reports and --fail-on's conditions. */
static void test_reports(const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  sink s = {NULL, 0, 0, 0};
  unsigned holding = 99;

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  CHECK_INT(pubplan_result_report(p, r, PUBPLAN_REPORT_MARKDOWN, sink_write, &s), PUBPLAN_OK);
  CHECK(s.data && strncmp(s.data, "## pubplan: examples/acme.yaml", 30) == 0);
  CHECK_CONTAINS(s.data, "### Nothing fits (1)");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_result_report(p, r, PUBPLAN_REPORT_SARIF, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "\"version\": \"2.1.0\"");
  CHECK_CONTAINS(s.data, "\"ruleId\": \"pubplan.nothing-fits\"");
  CHECK_CONTAINS(s.data, "\"id\": \"tp.supported-ci\"");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_result_report(p, r, PUBPLAN_REPORT_CODEQUALITY, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "\"check_name\": \"pubplan.conditional\"");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_result_report(p, r, PUBPLAN_REPORT_TEXT, sink_write, &s), PUBPLAN_OK);
  CHECK(s.data && strncmp(s.data, "examples/acme.yaml", 18) == 0);
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_result_report(p, r, 42, sink_write, &s), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "unknown format");
  CHECK_INT(pubplan_result_report(p, NULL, PUBPLAN_REPORT_TEXT, sink_write, &s), PUBPLAN_EMISUSE);

  CHECK_INT(pubplan_result_gates(r, PUBPLAN_GATE_INFEASIBLE | PUBPLAN_GATE_CONDITIONAL | PUBPLAN_GATE_FINDING |
                                        PUBPLAN_GATE_AHEAD, &holding), PUBPLAN_OK);
  CHECK_INT(holding, PUBPLAN_GATE_INFEASIBLE | PUBPLAN_GATE_CONDITIONAL | PUBPLAN_GATE_AHEAD);
  CHECK_INT(pubplan_result_gates(r, PUBPLAN_GATE_FINDING, &holding), PUBPLAN_OK);
  CHECK_INT(holding, 0);
  CHECK_INT(pubplan_result_gates(r, 0, &holding), PUBPLAN_OK);
  CHECK_INT(holding, 0);
  CHECK_INT(pubplan_result_gates(r, 16u, &holding), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_last_error(), "unknown gate bits");
  CHECK_INT(pubplan_result_gates(r, PUBPLAN_GATE_AHEAD, NULL), PUBPLAN_EMISUSE);
  free(s.data);
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

/* The migration plan of the bundled example: its steps as data, as JSON and as reports. */
static void test_plan(const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  pubplan_plan *plan = NULL;
  sink s = {NULL, 0, 0, 0};
  size_t i, n, trust = (size_t)-1;

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  CHECK_INT(pubplan_plan_create(p, r, &plan), PUBPLAN_OK);
  n = pubplan_plan_step_count(plan);
  CHECK_INT(n, 24);
  CHECK_STR(pubplan_plan_step_field(plan, 0, PUBPLAN_STEP_ID), "s1");
  CHECK_STR(pubplan_plan_step_field(plan, 0, PUBPLAN_STEP_KIND), "change");
  CHECK_STR(pubplan_plan_step_field(plan, 0, PUBPLAN_STEP_PIPELINE), "legacy-build");
  CHECK_STR(pubplan_plan_step_field(plan, 0, PUBPLAN_STEP_ACTOR), "maintainer");
  CHECK_INT(pubplan_plan_step_two_factor(plan, 0), 0);
  for (i = 0; i < n; ++i)
    if (strcmp(pubplan_plan_step_field(plan, i, PUBPLAN_STEP_KIND), "trust") == 0 &&
        strcmp(pubplan_plan_step_field(plan, i, PUBPLAN_STEP_PIPELINE), "data-release") == 0)
      trust = i;
  CHECK(trust < n);
  if (trust < n) {
    CHECK_INT(pubplan_plan_step_two_factor(plan, trust), 1);
    CHECK_STR(pubplan_plan_step_field(plan, trust, PUBPLAN_STEP_LOCATION), "");
    CHECK_INT(pubplan_plan_step_list_count(plan, trust, PUBPLAN_STEP_COMMANDS), 1);
    CHECK_STR(pubplan_plan_step_list_item(plan, trust, PUBPLAN_STEP_COMMANDS, 0),
              "npm trust gitlab @acme/data-kit --project acme/data --file .gitlab-ci.yml --allow-publish --yes");
    CHECK_STR(pubplan_plan_step_list_item(plan, trust, PUBPLAN_STEP_PACKAGES, 0), "@acme/data-kit");
    CHECK_INT(pubplan_plan_step_list_count(plan, trust, PUBPLAN_STEP_AFTER), 2);
    CHECK_STR(pubplan_plan_step_list_item(plan, trust, PUBPLAN_STEP_AFTER, 2), NULL);
  }
  CHECK_STR(pubplan_strerror(PUBPLAN_OK), "success");
  CHECK_STR(pubplan_strerror(PUBPLAN_EINPUT), "invalid or unreadable topology");
  CHECK_STR(pubplan_strerror(PUBPLAN_EWRITE), "the write callback asked to stop");
  CHECK_STR(pubplan_strerror(42), "unknown pubplan code");
  /* Invalid arguments. */
  CHECK_STR(pubplan_plan_step_field(plan, n, PUBPLAN_STEP_ID), NULL);
  CHECK_STR(pubplan_plan_step_field(plan, 0, 99), NULL);
  CHECK_INT(pubplan_plan_step_list_count(plan, 0, 99), 0);
  CHECK_INT(pubplan_plan_step_two_factor(NULL, 0), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_plan_step_count(NULL), 0);
  CHECK(pubplan_plan_json(NULL) == NULL);
  CHECK_CONTAINS(pubplan_plan_json(plan), "\"schema_version\": 1");
  CHECK_CONTAINS(pubplan_plan_json(plan), "\"kind\": \"disallow-tokens\"");

  CHECK_INT(pubplan_plan_report(p, r, plan, PUBPLAN_REPORT_TEXT, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "migration plan, 24 steps");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_plan_report(p, r, plan, PUBPLAN_REPORT_MARKDOWN, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "### Plan (24 steps");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_plan_report(p, r, plan, PUBPLAN_REPORT_SARIF, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "\"ruleId\": \"pubplan.plan-step\"");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_plan_report(p, r, plan, 42, sink_write, &s), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_plan_report(p, r, NULL, PUBPLAN_REPORT_TEXT, sink_write, &s), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "plan is NULL");
  pubplan_plan_free(plan);
  plan = (pubplan_plan *)1;
  CHECK_INT(pubplan_plan_create(p, NULL, &plan), PUBPLAN_EMISUSE);
  CHECK(plan == NULL);
  CHECK_INT(pubplan_plan_create(p, r, NULL), PUBPLAN_EMISUSE);
  pubplan_plan_free(NULL);
  free(s.data);
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

/* Scan options: the planner's day, --whole-org, and a registry that refuses
 * (the loopback's port 1: no network leaves the machine). */
static void test_scan_options(void) {
  pubplan_planner *p = NULL;
  pubplan_options o = PUBPLAN_OPTIONS_INIT;
  pubplan_scan_options so;
  sink s = {NULL, 0, 0, 0};
  const char *two_callers[] = {"tests/scan/reusable-two-callers"};
  const char *roots[] = {"tests/scan/npm-too-old"};

  CHECK_INT(pubplan_planner_new(&p), PUBPLAN_OK);
  /* Two trusted publishers were one too many until 2026-09-03: the finding
   * reads the rule of the planner's day. */
  o.as_of = "2026-09-02";
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
  CHECK_INT(pubplan_scan(p, two_callers, 1, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "scan.two-publishers");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  o.as_of = kDay;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
  CHECK_INT(pubplan_scan(p, two_callers, 1, sink_write, &s), PUBPLAN_OK);
  CHECK(s.data && strstr(s.data, "scan.two-publishers") == NULL);
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;

  CHECK_INT(pubplan_scan_options_init(&so), PUBPLAN_OK);
  CHECK_INT(so.version, PUBPLAN_SCAN_OPTIONS_VERSION);
  CHECK_INT(so.whole_org, 0);
  CHECK_INT(so.registry, 0);
  /* The defaults: a partial organisation, no registry. */
  CHECK_INT(pubplan_scan_with(p, roots, 1, &so, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "complete: false");
  CHECK(s.data && strstr(s.data, "scan.registry-unreachable") == NULL);
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  so.whole_org = 1;
  so.registry = 1;
  so.registry_url = "http://127.0.0.1:1/";
  so.registry_timeout_ms = 2000;
  CHECK_INT(pubplan_scan_with(p, roots, 1, &so, sink_write, &s), PUBPLAN_OK);
  CHECK(s.data && strstr(s.data, "complete: false") == NULL);  /* complete is the format's default */
  CHECK_CONTAINS(s.data, "scan.registry-unreachable");
  CHECK_CONTAINS(s.data, "exists: unknown");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  so.version = 99;
  CHECK_INT(pubplan_scan_with(p, roots, 1, &so, sink_write, &s), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "opts->version");
  CHECK_INT(pubplan_scan_options_init(NULL), PUBPLAN_EMISUSE);
  free(s.data);
  pubplan_planner_free(p);
}

/* The day the rules are evaluated on, and what changes after it. */
static void test_as_of(const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *before = NULL, *after = NULL;
  pubplan_options o = PUBPLAN_OPTIONS_INIT;
  size_t icons;
  char day[16];

  CHECK_INT(pubplan_planner_new(&p), PUBPLAN_OK);
  o.max_conflicts = 0;
  o.max_repairs = 0;
  /* The caller's buffer may change after the call: the library keeps a copy. */
  strcpy(day, kDay);
  o.as_of = day;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
  strcpy(day, "2000-01-01");
  CHECK_INT(pubplan_solve_file(p, acme_path, &before), PUBPLAN_OK);
  if (before) {
    CHECK_CONTAINS(pubplan_result_json(before), "\"as_of\": \"2026-12-04\"");
    CHECK_CONTAINS(pubplan_result_json(before), "\"rule\": \"token.direct-publish-ends\"");
    icons = package_index(before, "@acme/icons");
    CHECK_STR(pubplan_result_recommended(before, icons), "granular-token");
  }
  /* On the day `ahead` names, the token no longer publishes: nothing fits @acme/icons. */
  o.as_of = "2027-01-01";
  o.horizon_days = 0;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &after), PUBPLAN_OK);
  if (after) {
    CHECK_CONTAINS(pubplan_result_json(after), "\"ahead\": []");
    icons = package_index(after, "@acme/icons");
    CHECK_STR(pubplan_result_recommended(after, icons), NULL);
    CHECK_INT(pubplan_result_strategy_status(after, icons, "granular-token"), PUBPLAN_STATUS_INFEASIBLE);
    CHECK(has_reason(after, icons, "granular-token", "token.direct-publish-ends"));
  }
  pubplan_result_free(before);
  pubplan_result_free(after);
  pubplan_planner_free(p);
}

/* `published_by: unknown`: every strategy possible is conditional, never
 * feasible, and the checker agrees. */
static void test_unknown_publishers(void) {
  static const char text[] =
      "version: 1\n"
      "repositories: [{name: acme/web, host: github, visibility: public}]\n"
      "packages:\n"
      "  - {name: \"@acme/ui\", access: public, repository: acme/web, published_by: unknown}\n";
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  size_t disagreements = 99;

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_string(p, text, sizeof text - 1, &r), PUBPLAN_OK);
  if (r) {
    CHECK_INT(pubplan_result_exit_code(r), 3);
    CHECK_INT(pubplan_result_strategy_status(r, 0, "trusted-publishing"), PUBPLAN_STATUS_CONDITIONAL);
    CHECK_INT(pubplan_result_strategy_status(r, 0, "granular-token"), PUBPLAN_STATUS_CONDITIONAL);
    CHECK_INT(pubplan_result_strategy_status(r, 0, "interactive-2fa"), PUBPLAN_STATUS_CONDITIONAL);
    CHECK_CONTAINS(pubplan_result_json(r), "\"fact\": \"packages[@acme/ui].published_by\"");
    CHECK_INT(pubplan_result_verify(p, r, NULL, NULL, &disagreements), PUBPLAN_OK);
    CHECK_INT((int)disagreements, 0);
  }
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

/* Diagnostics as a list, validation, the strategy ids and the picture's
 * options (additions of version 0.2; the answer's accessors are compared with
 * the CLI's JSON by check_answers.py). */
static void test_diagnostics_and_validate(const char *acme_path, const char *catalog_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  sink s = {NULL, 0, 0, 0};
  static const char two_errors[] = "version: 7\nrepositories: {}\n";
  static const char bad_catalog[] = "catalog: 1\nrules:\n  - id: x\n    bogus: 1\n";
  const char *file = NULL, *message = NULL;
  int line = -1, column = -1;
  size_t repositories = 0, pipelines = 0, packages = 0;
  const char *only_cli[] = {"@acme/cli"}, *nothing[] = {"@nobody/*"};
  pubplan_dot_options dot = PUBPLAN_DOT_OPTIONS_INIT;

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  /* Every problem of a topology, with its position apart from its message. */
  CHECK_INT(pubplan_solve_string(p, two_errors, strlen(two_errors), &r), PUBPLAN_EINPUT);
  CHECK_INT(pubplan_diagnostic_count(), 2);
  CHECK_INT(pubplan_diagnostic(0, &file, &line, &column, &message), PUBPLAN_OK);
  CHECK_STR(file, "<string>");
  CHECK_INT(line, 1);
  CHECK(column >= 1);
  CHECK(message && strstr(message, "error:") == NULL && strstr(message, "version") != NULL);
  CHECK_INT(pubplan_diagnostic(1, NULL, &line, NULL, NULL), PUBPLAN_OK);
  CHECK_INT(line, 2);
  line = -1;
  CHECK_INT(pubplan_diagnostic(2, &file, &line, &column, &message), PUBPLAN_EMISUSE);
  CHECK_INT(line, -1);
  /* A catalog's problems, each with its line. */
  CHECK_INT(pubplan_planner_add_catalog(p, bad_catalog, strlen(bad_catalog)), PUBPLAN_ECATALOG);
  CHECK(pubplan_diagnostic_count() >= 1);
  CHECK_INT(pubplan_diagnostic(0, NULL, &line, &column, &message), PUBPLAN_OK);
  CHECK(line >= 3 && column >= 1);
  CHECK_CONTAINS(message, "bogus");
  /* A success clears them; so does a failure that is not about an input. */
  CHECK_INT(pubplan_validate_file(p, acme_path, &repositories, &pipelines, &packages), PUBPLAN_OK);
  CHECK_INT(pubplan_diagnostic_count(), 0);
  CHECK_INT(repositories, 5);
  CHECK_INT(pipelines, 5);
  CHECK_INT(packages, 9);
  CHECK_INT(pubplan_validate_string(p, two_errors, strlen(two_errors), NULL, NULL, NULL), PUBPLAN_EINPUT);
  CHECK_INT(pubplan_diagnostic_count(), 2);
  CHECK_INT(pubplan_validate_file(p, NULL, NULL, NULL, NULL), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_diagnostic_count(), 0);
  CHECK_INT(pubplan_validate_file(p, "no/such/topology.yaml", NULL, NULL, NULL), PUBPLAN_EINPUT);
  CHECK_INT(pubplan_diagnostic_count(), 1);
  CHECK_INT(pubplan_diagnostic(0, &file, &line, NULL, &message), PUBPLAN_OK);
  CHECK_STR(file, "no/such/topology.yaml");
  CHECK_INT(line, 0);
  CHECK_INT(pubplan_validate_string(NULL, "", 0, NULL, NULL, NULL), PUBPLAN_EMISUSE);

  /* The catalog's strategies, in order; a user catalog keeps them valid. */
  CHECK_INT(pubplan_planner_strategy_count(p), 5);
  CHECK_STR(pubplan_planner_strategy_id(p, 0), "trusted-publishing");
  CHECK(pubplan_planner_strategy_id(p, 5) == NULL);
  CHECK(pubplan_planner_strategy_id(NULL, 0) == NULL);
  CHECK_INT(pubplan_planner_add_catalog_file(p, catalog_path), PUBPLAN_OK);
  CHECK_STR(pubplan_planner_strategy_id(p, 4), "interactive-2fa");

  /* The picture of one neighbourhood, without the legend. */
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  dot.packages = only_cli;
  dot.package_count = 1;
  dot.legend = 0;
  CHECK_INT(pubplan_result_dot_with(p, r, &dot, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "@acme/cli");
  CHECK(s.data && strstr(s.data, "@acme/legacy-sdk") == NULL && strstr(s.data, "legend") == NULL);
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  CHECK_INT(pubplan_result_dot_with(p, r, NULL, sink_write, &s), PUBPLAN_OK);
  CHECK_CONTAINS(s.data, "@acme/legacy-sdk");
  CHECK_CONTAINS(s.data, "legend");
  free(s.data);
  s.data = NULL, s.len = 0, s.calls = 0;
  dot.packages = nothing;
  CHECK_INT(pubplan_result_dot_with(p, r, &dot, sink_write, &s), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_last_error(), "no package or pipeline of the topology matches");
  dot.packages = NULL;
  CHECK_INT(pubplan_result_dot_with(p, r, &dot, sink_write, &s), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_result_dot_with(p, NULL, NULL, sink_write, &s), PUBPLAN_EMISUSE);
  free(s.data);
  /* Out-of-range accessors answer without touching anything. */
  CHECK(pubplan_result_package_field(r, 99, PUBPLAN_PACKAGE_NAME) == NULL);
  CHECK(pubplan_result_package_field(NULL, 0, PUBPLAN_PACKAGE_NAME) == NULL);
  CHECK_INT(pubplan_result_conflict_count(r, 0, "no-such-strategy"), 0);
  CHECK(pubplan_result_conflict_field(r, 8, NULL, 0, 0, 99) == NULL);
  CHECK_INT(pubplan_result_repair_count(NULL, 0, NULL), 0);
  CHECK_INT(pubplan_result_token_count(NULL), 0);
  CHECK(pubplan_result_token_list_item(r, 0, 7, 0) == NULL);
  CHECK(pubplan_result_tokens_denied(r, 0) == NULL);
  pubplan_result_free(r);
  pubplan_planner_free(p);
}

/* The default depth computes one reason set per ruled-out strategy;
 * pubplan_result_diagnose gives one package's every conflict and repair, as
 * PUBPLAN_DIAGNOSE_ALL does for all (additions of version 0.2). */
static void test_diagnose_depth(const char *acme_path) {
  pubplan_planner *p = NULL;
  pubplan_result *brief = NULL, *full = NULL, *one = NULL;
  pubplan_options o = PUBPLAN_OPTIONS_INIT;
  size_t ui;

  CHECK_INT(new_planner(&p), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &brief), PUBPLAN_OK);
  ui = package_index(brief, "@acme/ui");
  CHECK(pubplan_result_reason_count(brief, ui, "staged-publishing") > 0);
  CHECK_INT(pubplan_result_conflict_count(brief, ui, "staged-publishing"), 0);
  CHECK_INT(pubplan_result_repair_count(brief, ui, "staged-publishing"), 0);
  CHECK_CONTAINS(pubplan_result_json(brief), "\"diagnose\": \"first\"");

  CHECK_INT(pubplan_result_diagnose(p, brief, "@acme/ui", &one), PUBPLAN_OK);
  CHECK_INT(pubplan_result_package_count(one), 1);
  CHECK_STR(pubplan_result_package_name(one, 0), "@acme/ui");
  CHECK(pubplan_result_conflict_count(one, 0, "staged-publishing") > 0);
  CHECK(pubplan_result_repair_count(one, 0, "staged-publishing") > 0);
  CHECK_CONTAINS(pubplan_result_json(one), "\"diagnose\": \"all\"");

  /* The same as solving everything at PUBPLAN_DIAGNOSE_ALL. */
  o.as_of = kDay;
  o.diagnose = PUBPLAN_DIAGNOSE_ALL;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &full), PUBPLAN_OK);
  CHECK_INT(pubplan_result_conflict_count(full, ui, "staged-publishing"),
            pubplan_result_conflict_count(one, 0, "staged-publishing"));
  CHECK_INT(pubplan_result_repair_count(full, ui, "staged-publishing"),
            pubplan_result_repair_count(one, 0, "staged-publishing"));

  pubplan_result_free(one);
  one = NULL;
  CHECK_INT(pubplan_result_diagnose(p, brief, "@acme/nope", &one), PUBPLAN_EINPUT);
  CHECK(one == NULL);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "no package '@acme/nope'");
  CHECK_INT(pubplan_result_diagnose(NULL, brief, "@acme/ui", &one), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_result_diagnose(p, NULL, "@acme/ui", &one), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_result_diagnose(p, brief, NULL, &one), PUBPLAN_EMISUSE);
  CHECK_INT(pubplan_result_diagnose(p, brief, "@acme/ui", NULL), PUBPLAN_EMISUSE);
  o.diagnose = 7;
  CHECK_INT(pubplan_planner_set_options(p, &o), PUBPLAN_EMISUSE);
  CHECK_CONTAINS(pubplan_planner_errmsg(p), "PUBPLAN_DIAGNOSE_FIRST or PUBPLAN_DIAGNOSE_ALL");
  pubplan_result_free(full);
  pubplan_result_free(brief);
  pubplan_planner_free(p);
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s ACME_YAML CLI_JSON CATALOG_YAML EXTENSION_CATALOG EXTENSION_TOPOLOGY\n", argv[0]);
    return 2;
  }
  test_version();
  test_solve(argv[1], argv[2]);
  test_solve_json(argv[1], argv[2]);
  test_bad_topology();
  test_misuse(argv[1]);
  test_catalogs(argv[1]);
  test_catalog_file(argv[3], argv[1]);
  test_catalog_extension(argv[4], argv[5]);
  test_other_commands(argv[1]);
  test_scan_options();
  test_reports(argv[1]);
  test_plan(argv[1]);
  test_options(argv[1]);
  test_as_of(argv[1]);
  test_unknown_publishers();
  test_diagnostics_and_validate(argv[1], argv[3]);
  test_diagnose_depth(argv[1]);
  return check_report("test_capi");
}
