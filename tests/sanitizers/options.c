/* Default sanitizer options of every executable of a sanitizer build
 * (PUBPLAN_SANITIZE), so that ctest, the CLI tests and a developer's shell see
 * the same behaviour without setting ASAN_OPTIONS by hand (variables set in the
 * environment still override these).
 *
 * exitcode=99: the sanitizers' default exit code, 1, is also pubplan's "nothing
 * fits"; a test that accepts exit 1 must not mistake a sanitizer report for it.
 *
 * Suppressions: none. Z3, yaml-cpp, fmt and libstdc++ come from Debian without
 * instrumentation; ASan still sees their heap (malloc is intercepted) and
 * LeakSanitizer reports nothing for them in the unit, C API, CLI and fuzz runs,
 * so nothing is hidden. A suppression added here must name the library and
 * say why it is a false positive. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PUBPLAN_HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PUBPLAN_HAVE_ASAN 1
#endif

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PUBPLAN_HAVE_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define PUBPLAN_HAVE_TSAN 1
#endif

#define PUBPLAN_VISIBLE __attribute__((visibility("default"), used))

#ifdef PUBPLAN_HAVE_ASAN
PUBPLAN_VISIBLE const char *__asan_default_options(void);
const char *__asan_default_options(void) {
  return "exitcode=99:detect_leaks=1:check_initialization_order=1:strict_init_order=1"
         ":detect_stack_use_after_return=1:strict_string_checks=1";
}
#endif

#ifdef PUBPLAN_HAVE_TSAN
PUBPLAN_VISIBLE const char *__tsan_default_options(void);
const char *__tsan_default_options(void) { return "exitcode=99:halt_on_error=1"; }
#endif

PUBPLAN_VISIBLE const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) { return "print_stacktrace=1:halt_on_error=1:exitcode=99"; }

PUBPLAN_VISIBLE const char *__lsan_default_options(void);
const char *__lsan_default_options(void) { return "exitcode=99"; }
