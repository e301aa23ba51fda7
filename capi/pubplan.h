/*
 * pubplan's C API: decide how each npm package of an organisation should be
 * published, from any language that can call C.
 *
 * C99, self-contained: this header needs nothing but the C standard library.
 * The ABI is stable within a major version (the library's SOVERSION): functions
 * are only ever added, never changed; pubplan_options only grows at its end.
 *
 * Conventions
 * - Functions that can fail return int: PUBPLAN_OK (0) or a negative
 *   PUBPLAN_E* code. They never abort and never let a C++ exception out.
 * - A NULL or otherwise invalid argument is PUBPLAN_EMISUSE, never a crash.
 * - After a failure, pubplan_last_error() (this thread) and, for calls on a
 *   planner, pubplan_planner_errmsg() describe it.
 * - Objects returned through an `out` parameter are owned by the caller and
 *   released with their _free function; on failure *out is set to NULL.
 * - Strings returned by result accessors are borrowed from the result: they
 *   stay valid and unchanged until pubplan_result_free() of that result.
 *
 * Threads
 * - A configured planner may be shared by threads: each solve uses its own
 *   solver context, so concurrent pubplan_solve_* calls on one planner are safe.
 * - Configuration calls (pubplan_planner_add_catalog*, pubplan_planner_set_options)
 *   and pubplan_planner_free must not run concurrently with any other call on
 *   the same planner.
 * - pubplan_planner_interrupt() may be called from any thread at any time
 *   while the planner exists.
 * - A result is immutable: any number of threads may read it concurrently.
 *
 * Minimal use:
 *
 *   pubplan_planner *p = NULL;
 *   pubplan_result *r = NULL;
 *   if (pubplan_planner_new(&p) == PUBPLAN_OK &&
 *       pubplan_solve_file(p, "acme.yaml", &r) == PUBPLAN_OK) {
 *     for (size_t i = 0; i < pubplan_result_package_count(r); ++i) {
 *       const char *s = pubplan_result_recommended(r, i);
 *       printf("%s: %s\n", pubplan_result_package_name(r, i), s ? s : "nothing fits");
 *     }
 *   } else {
 *     fprintf(stderr, "%s\n", pubplan_last_error());
 *   }
 *   pubplan_result_free(r);
 *   pubplan_planner_free(p);
 */
#ifndef PUBPLAN_H
#define PUBPLAN_H

#include <stddef.h>
#include <stdint.h>

/* Exported from the shared library; nothing to mark for a static one (its users
 * define PUBPLAN_STATIC; the CMake target pubplan::pubplan_c does it for them). */
#if defined(PUBPLAN_STATIC)
#define PUBPLAN_C_API
#elif defined(_WIN32) || defined(__CYGWIN__)
#if defined(PUBPLAN_BUILDING)
#define PUBPLAN_C_API __declspec(dllexport)
#else
#define PUBPLAN_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define PUBPLAN_C_API __attribute__((visibility("default")))
#else
#define PUBPLAN_C_API
#endif

/* The version this header belongs to (same values as pubplan/version.hpp). */
#define PUBPLAN_VERSION_MAJOR 0
#define PUBPLAN_VERSION_MINOR 1
#define PUBPLAN_VERSION_PATCH 0

#ifdef __cplusplus
extern "C" {
#endif

/* Result codes. Every error is negative; new codes may be added. */
#define PUBPLAN_OK 0
#define PUBPLAN_EINPUT (-1)       /* the topology is invalid or unreadable */
#define PUBPLAN_ECATALOG (-2)     /* a catalog is invalid or unreadable */
#define PUBPLAN_ENOMEM (-3)       /* out of memory */
#define PUBPLAN_EMISUSE (-4)      /* NULL or invalid argument */
#define PUBPLAN_EINTERRUPTED (-5) /* pubplan_planner_interrupt() stopped the solve */
#define PUBPLAN_EINTERNAL (-6)    /* an unexpected internal error (a bug: please report) */
#define PUBPLAN_EWRITE (-7)       /* a pubplan_write_fn asked to stop */

/* Status of a strategy for a package. */
#define PUBPLAN_STATUS_INVALID (-1)    /* bad result, package index or strategy id */
#define PUBPLAN_STATUS_FEASIBLE 0      /* works for every value of the unknown facts */
#define PUBPLAN_STATUS_CONDITIONAL 1   /* works for some values of the unknown facts */
#define PUBPLAN_STATUS_INFEASIBLE 2    /* works for none (see pubplan_result_reason) */
#define PUBPLAN_STATUS_UNKNOWN 3       /* the solver's budget ran out first */

/* A planner: a catalog (the built-in npm catalog plus any added ones) and
 * options. Opaque. */
typedef struct pubplan_planner pubplan_planner;

/* What one solve found. Opaque and immutable. */
typedef struct pubplan_result pubplan_result;

/* Solver options. Always start from PUBPLAN_OPTIONS_INIT (or call
 * pubplan_options_init) so that `version` tells the library which fields
 * exist; fields are only ever added at the end. */
typedef struct pubplan_options {
  unsigned int version;       /* PUBPLAN_OPTIONS_VERSION of the header compiled with */
  unsigned int time_limit_ms; /* wall-clock limit per solver check; 0 = none */
  uint64_t rlimit;            /* deterministic limit per solver check (Z3 rlimit); 0 = none */
  unsigned int max_conflicts; /* bound on the conflicts reported per package */
  unsigned int max_repairs;   /* bound on the repairs reported per package */
  /* version 2: solver threads per solve; 0 = one per core. The answer is the
   * same for any value. */
  unsigned int threads;
  /* version 3: the day whose rules apply, "YYYY-MM-DD" (copied by
   * pubplan_planner_set_options; NULL = today, UTC), and how many days after it
   * the JSON's "ahead" looks for rules that take effect or end (0 = none). */
  const char *as_of;
  unsigned int horizon_days;
} pubplan_options;

#define PUBPLAN_OPTIONS_VERSION 3u
/* The defaults (those of the CLI). */
#define PUBPLAN_OPTIONS_INIT { PUBPLAN_OPTIONS_VERSION, 0u, 5000000u, 5u, 5u, 0u, NULL, 180u }

/* "MAJOR.MINOR.PATCH" of the library actually loaded (may differ from the
 * macros above if the program was compiled against another version). Static
 * string, never NULL. */
PUBPLAN_C_API const char *pubplan_version(void);

/* A message for the most recent call on the calling thread that returns an int
 * code: empty ("") when that call succeeded. Never NULL. The string is owned
 * by the library and valid until the next pubplan_* call on this thread. Use it
 * for failures before a planner exists and when a planner is shared. */
PUBPLAN_C_API const char *pubplan_last_error(void);

/* Sets *opts to the defaults of this header's PUBPLAN_OPTIONS_VERSION.
 * Returns PUBPLAN_OK, or PUBPLAN_EMISUSE when opts is NULL. */
PUBPLAN_C_API int pubplan_options_init(pubplan_options *opts);

/* Creates a planner with the built-in catalog and default options and stores
 * it in *out (owned by the caller: release with pubplan_planner_free).
 * Returns PUBPLAN_OK, PUBPLAN_EMISUSE (out is NULL) or PUBPLAN_ENOMEM. */
PUBPLAN_C_API int pubplan_planner_new(pubplan_planner **out);

/* Releases a planner. NULL is a no-op. No solve may be running on it, and its
 * results stay valid (they do not refer to the planner). */
PUBPLAN_C_API void pubplan_planner_free(pubplan_planner *planner);

/* Layers a catalog, given as YAML text of `len` bytes (need not be
 * NUL-terminated), over the planner's catalog. The text is copied as needed;
 * the caller keeps ownership. On failure the planner's catalog is unchanged.
 * Returns PUBPLAN_OK, PUBPLAN_ECATALOG (invalid catalog; the message has every
 * "LINE:COL: error: ..." diagnostic), PUBPLAN_EMISUSE or PUBPLAN_ENOMEM.
 * Not concurrently with other calls on this planner. */
PUBPLAN_C_API int pubplan_planner_add_catalog(pubplan_planner *planner, const char *text, size_t len);

/* Same as pubplan_planner_add_catalog for the catalog file at `path`
 * (NUL-terminated). An unreadable file is PUBPLAN_ECATALOG. */
PUBPLAN_C_API int pubplan_planner_add_catalog_file(pubplan_planner *planner, const char *path);

/* Sets the planner's options from *opts (copied). opts->version must be
 * between 1 and PUBPLAN_OPTIONS_VERSION of the library; fields beyond that
 * version keep their defaults. Returns PUBPLAN_OK or PUBPLAN_EMISUSE.
 * Not concurrently with other calls on this planner. */
PUBPLAN_C_API int pubplan_planner_set_options(pubplan_planner *planner, const pubplan_options *opts);

/* The message of the most recent failed call on this planner, "" when its
 * most recent call succeeded. Never NULL. The returned string is a copy owned
 * by the library, valid until the next pubplan_* call on the calling thread.
 * When threads share the planner, prefer pubplan_last_error(). */
PUBPLAN_C_API const char *pubplan_planner_errmsg(const pubplan_planner *planner);

/* Stops every solve running on this planner now: each returns
 * PUBPLAN_EINTERRUPTED. Solves started afterwards run normally. Callable from
 * any thread (for instance a signal-watching or UI thread), at any time while
 * the planner exists. NULL is a no-op. */
PUBPLAN_C_API void pubplan_planner_interrupt(pubplan_planner *planner);

/* Solves the topology given as text of `len` bytes (YAML, or JSON when it
 * starts with '{'; need not be NUL-terminated; "<string>" stands for the file
 * name in messages) and stores the result in *out (owned by the caller:
 * release with pubplan_result_free). A solver budget that runs out is not an
 * error: the affected strategies have PUBPLAN_STATUS_UNKNOWN.
 * Returns PUBPLAN_OK, PUBPLAN_EINPUT (invalid topology: the message has every
 * "<string>:LINE:COL: error: ..." diagnostic, one per line, as the CLI prints
 * them), PUBPLAN_EINTERRUPTED, PUBPLAN_EMISUSE or PUBPLAN_ENOMEM.
 * Safe concurrently with other solves on the same planner. */
PUBPLAN_C_API int pubplan_solve_string(pubplan_planner *planner, const char *topology, size_t len,
                                       pubplan_result **out);

/* Same as pubplan_solve_string for the topology file at `path`; messages and
 * origins name the file as given ("acme.yaml:31:5: error: ..."). An
 * unreadable file is PUBPLAN_EINPUT. */
PUBPLAN_C_API int pubplan_solve_file(pubplan_planner *planner, const char *path, pubplan_result **out);

/* Releases a result and every string borrowed from it. NULL is a no-op. */
PUBPLAN_C_API void pubplan_result_free(pubplan_result *result);

/* The CLI's exit code for this result: 0 every recommendation feasible, 1 some
 * package has nothing that fits, 3 otherwise (a recommendation is conditional
 * or unknown). PUBPLAN_EMISUSE when result is NULL. */
PUBPLAN_C_API int pubplan_result_exit_code(const pubplan_result *result);

/* Number of packages, in topology order. 0 when result is NULL. */
PUBPLAN_C_API size_t pubplan_result_package_count(const pubplan_result *result);

/* Name of package i (e.g. "@acme/ui"). NULL for a NULL result or i out of
 * range. Borrowed from the result. */
PUBPLAN_C_API const char *pubplan_result_package_name(const pubplan_result *result, size_t i);

/* Recommended strategy id of package i (e.g. "trusted-publishing"); NULL when
 * nothing fits, for a NULL result or i out of range. Borrowed from the result. */
PUBPLAN_C_API const char *pubplan_result_recommended(const pubplan_result *result, size_t i);

/* Status of strategy `strategy_id` (e.g. "granular-token") for package i:
 * PUBPLAN_STATUS_FEASIBLE, _CONDITIONAL, _INFEASIBLE or _UNKNOWN;
 * PUBPLAN_STATUS_INVALID for a NULL result, i out of range, or a NULL or
 * unknown strategy id. */
PUBPLAN_C_API int pubplan_result_strategy_status(const pubplan_result *result, size_t i,
                                                 const char *strategy_id);

/* Number of members of the reason set of an infeasible strategy of package i
 * (the minimal set of rules and facts that rules it out). 0 when the strategy
 * is not infeasible or an argument is invalid. */
PUBPLAN_C_API size_t pubplan_result_reason_count(const pubplan_result *result, size_t i,
                                                 const char *strategy_id);

/* Member k of that reason set: a catalog rule id (e.g. "tp.supported-ci") or a
 * topology fact path (e.g. "pipelines[legacy-build].provider"). Rules come
 * first. NULL when an argument is invalid or k is out of range. Borrowed from
 * the result. */
PUBPLAN_C_API const char *pubplan_result_reason(const pubplan_result *result, size_t i,
                                                const char *strategy_id, size_t k);

/* The whole result as the JSON document of `pubplan solve --format json`
 * (schema_version 1), NUL-terminated. NULL for a NULL result or when memory
 * runs out. Borrowed from the result (built on first call). */
PUBPLAN_C_API const char *pubplan_result_json(const pubplan_result *result);

/* Receives a piece of output: `len` bytes at `data` (not NUL-terminated, valid
 * only during the call). Returns 0 to go on; anything else stops the call that
 * is writing, which then returns PUBPLAN_EWRITE. */
typedef int (*pubplan_write_fn)(void *userdata, const char *data, size_t len);

/* Solves the topology file at `path` and writes the JSON document of `pubplan
 * solve --format json` (the same bytes as pubplan_result_json) through `write`,
 * piece by piece as packages are solved, keeping none of them: memory stays
 * that of the topology and one package's answer, however many packages there
 * are. *exit_code, unless exit_code is NULL, receives the CLI's exit code (as
 * pubplan_result_exit_code). Errors in the topology come before anything is
 * written; after any other failure the output may stop anywhere. */
PUBPLAN_C_API int pubplan_solve_file_json(pubplan_planner *planner, const char *path, pubplan_write_fn write,
                                          void *userdata, int *exit_code);

/* Same as pubplan_solve_file_json for a topology given as text of `len` bytes,
 * as pubplan_solve_string takes it. */
PUBPLAN_C_API int pubplan_solve_string_json(pubplan_planner *planner, const char *topology, size_t len,
                                            pubplan_write_fn write, void *userdata, int *exit_code);

/* What the other commands do, from C (additions of version 0.1): each writes
 * its output through `write`, as the CLI prints it. */

/* Checks `result` (a pubplan_solve_* of `planner`) with the independent checker,
 * as `pubplan solve --verify`. *disagreements receives how many points it
 * disagrees on (0: it agrees with every status, conflict and repair). When there
 * are some and `write` is not NULL, it receives one line per disagreement
 * ("PACKAGE [STRATEGY]: CHECK: MESSAGE"), then the smallest topology that shows
 * the first one, as normalized JSON (for a bug report). */
PUBPLAN_C_API int pubplan_result_verify(pubplan_planner *planner, const pubplan_result *result,
                                        pubplan_write_fn write, void *userdata, size_t *disagreements);

/* The topology graph of `result` as Graphviz DOT (`pubplan graph`), packages
 * filled with their recommended strategy's colour from the planner's catalog. */
PUBPLAN_C_API int pubplan_result_dot(pubplan_planner *planner, const pubplan_result *result,
                                     pubplan_write_fn write, void *userdata);

/* The topology file at `path`, read with the planner's catalogs, written back
 * as normalized JSON (`pubplan validate --print-normalized`). PUBPLAN_EINPUT
 * for an invalid topology, with every problem in the message. */
PUBPLAN_C_API int pubplan_normalize_file(pubplan_planner *planner, const char *path, pubplan_write_fn write,
                                         void *userdata);

/* Reads the `count` checkouts `roots` into one topology (`pubplan scan`,
 * findings included, read on the planner's as_of day) and writes it as YAML.
 * The scan reads files only.
 * PUBPLAN_EINPUT when a root is not a readable directory. */
PUBPLAN_C_API int pubplan_scan(pubplan_planner *planner, const char *const *roots, size_t count,
                               pubplan_write_fn write, void *userdata);

/* Scan options. Start from PUBPLAN_SCAN_OPTIONS_INIT (or call
 * pubplan_scan_options_init); fields are only ever added at the end. */
typedef struct pubplan_scan_options {
  unsigned int version; /* PUBPLAN_SCAN_OPTIONS_VERSION of the header compiled with */
  /* Nonzero: the roots hold every package of the organisation (npm.complete:
   * true, so the token plan may grant whole scopes); `scan --whole-org`. */
  int whole_org;
  /* Nonzero: read each package's packument anonymously from a registry
   * (`scan --registry`); 0: no network at all. */
  int registry;
  /* The registry to read (copied for the call); NULL: the user's npm
   * configuration, else https://registry.npmjs.org/. */
  const char *registry_url;
  unsigned int registry_timeout_ms; /* per packument; 0 = the default */
} pubplan_scan_options;

#define PUBPLAN_SCAN_OPTIONS_VERSION 1u
#define PUBPLAN_SCAN_OPTIONS_INIT { PUBPLAN_SCAN_OPTIONS_VERSION, 0, 0, NULL, 0u }

/* Sets *opts to the defaults. PUBPLAN_OK, or PUBPLAN_EMISUSE when opts is NULL. */
PUBPLAN_C_API int pubplan_scan_options_init(pubplan_scan_options *opts);

/* pubplan_scan with options (NULL: the defaults, as pubplan_scan). Both read
 * the findings' rules on the planner's as_of day. */
PUBPLAN_C_API int pubplan_scan_with(pubplan_planner *planner, const char *const *roots, size_t count,
                                    const pubplan_scan_options *opts, pubplan_write_fn write, void *userdata);

#ifdef __cplusplus
}
#endif

#endif /* PUBPLAN_H */
