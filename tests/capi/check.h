/* A minimal assertion kit for the C API tests: a failed check prints where and
 * what, and makes the test exit non-zero. */
#ifndef PUBPLAN_TEST_CHECK_H
#define PUBPLAN_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file at `path`, NUL-terminated (free it), or NULL; *len gets its size. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  if (buf) buf[n] = '\0';
  fclose(f);
  if (len) *len = (size_t)n;
  return buf;
}

static int check_failures = 0;

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++check_failures;                                                  \
    }                                                                    \
  } while (0)

#define CHECK_INT(got, want)                                             \
  do {                                                                   \
    long long got_ = (long long)(got), want_ = (long long)(want);        \
    if (got_ != want_) {                                                 \
      fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, #got, got_, want_); \
      ++check_failures;                                                  \
    }                                                                    \
  } while (0)

/* Both NULL, or equal strings. */
#define CHECK_STR(got, want)                                             \
  do {                                                                   \
    const char *got_ = (got), *want_ = (want);                           \
    if ((got_ == NULL) != (want_ == NULL) || (got_ && strcmp(got_, want_) != 0)) { \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #got, \
              got_ ? got_ : "(null)", want_ ? want_ : "(null)");         \
      ++check_failures;                                                  \
    }                                                                    \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                                 \
  do {                                                                   \
    const char *h_ = (haystack), *n_ = (needle);                         \
    if (!h_ || !strstr(h_, n_)) {                                        \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected it to contain \"%s\"\n", __FILE__, __LINE__, \
              #haystack, h_ ? h_ : "(null)", n_);                        \
      ++check_failures;                                                  \
    }                                                                    \
  } while (0)

static int check_report(const char *name) {
  if (check_failures) {
    fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
    return 1;
  }
  printf("%s: all checks passed\n", name);
  return 0;
}

#endif
