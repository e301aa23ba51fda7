/* Threads: 8 threads solving at once, on one shared planner and on a planner
 * each, give exactly the single-threaded result; pubplan_planner_interrupt()
 * from another thread stops running solves.
 * Usage: test_threads ACME_YAML */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "pubplan.h"

#define THREADS 8
#define ROUNDS 1

static const char *acme_path;
static char *reference; /* JSON of a single-threaded solve */

typedef struct {
  pubplan_planner *shared; /* NULL: make an own planner */
  int failures;
} job;

static void *solve_acme(void *arg) {
  job *j = arg;
  pubplan_planner *p = j->shared;
  int round;
  if (!p && pubplan_planner_new(&p) != PUBPLAN_OK) {
    ++j->failures;
    return NULL;
  }
  for (round = 0; round < ROUNDS; ++round) {
    pubplan_result *r = NULL;
    const char *json;
    if (pubplan_solve_file(p, acme_path, &r) != PUBPLAN_OK) {
      fprintf(stderr, "solve failed: %s\n", pubplan_last_error());
      ++j->failures;
      continue;
    }
    json = pubplan_result_json(r);
    if (!json || strcmp(json, reference) != 0) {
      fprintf(stderr, "a concurrent solve differs from the single-threaded one\n");
      ++j->failures;
    }
    pubplan_result_free(r);
  }
  if (!j->shared) pubplan_planner_free(p);
  return NULL;
}

static void run_concurrently(pubplan_planner *shared) {
  pthread_t threads[THREADS];
  job jobs[THREADS];
  int t;
  for (t = 0; t < THREADS; ++t) {
    jobs[t].shared = shared;
    jobs[t].failures = 0;
    CHECK_INT(pthread_create(&threads[t], NULL, solve_acme, &jobs[t]), 0);
  }
  for (t = 0; t < THREADS; ++t) {
    pthread_join(threads[t], NULL);
    CHECK_INT(jobs[t].failures, 0);
  }
}

typedef struct {
  pubplan_planner *planner;
  const char *topology;
  int code;
  pthread_mutex_t *mutex;
  int *running;
} big_job;

static void *solve_big(void *arg) {
  big_job *j = arg;
  pubplan_result *r = NULL;
  j->code = pubplan_solve_string(j->planner, j->topology, strlen(j->topology), &r);
  if (j->code != PUBPLAN_EINTERRUPTED) fprintf(stderr, "big solve: %d %s\n", j->code, pubplan_last_error());
  else if (strcmp(pubplan_last_error(), "the solve was interrupted") != 0) j->code = 1;
  if (r != NULL) j->code = 2; /* an interrupted solve has no result */
  pubplan_result_free(r);
  pthread_mutex_lock(j->mutex);
  --*j->running;
  pthread_mutex_unlock(j->mutex);
  return NULL;
}

/* Solves of `big_path` (benchmarks/generate.py distinct 48: about a second of
 * solving each) are interrupted. */
static void test_interrupt(const char *big_path) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  char *topology = read_file(big_path, NULL);
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_t threads[2];
  big_job jobs[2];
  int t, running = 2, still = 1;
  struct timespec pause = {0, 2 * 1000 * 1000};

  CHECK(topology != NULL);
  CHECK_INT(pubplan_planner_new(&p), PUBPLAN_OK);
  /* Interrupting when nothing runs changes nothing for later solves. */
  pubplan_planner_interrupt(p);
  for (t = 0; t < 2; ++t) {
    jobs[t].planner = p;
    jobs[t].topology = topology;
    jobs[t].code = 99;
    jobs[t].mutex = &mutex;
    jobs[t].running = &running;
    CHECK_INT(pthread_create(&threads[t], NULL, solve_big, &jobs[t]), 0);
  }
  /* Keep interrupting until both solves have returned (each runs for seconds
   * uninterrupted; the first interrupt may land before they start). */
  while (still) {
    nanosleep(&pause, NULL);
    pubplan_planner_interrupt(p);
    pthread_mutex_lock(&mutex);
    still = running > 0;
    pthread_mutex_unlock(&mutex);
  }
  for (t = 0; t < 2; ++t) {
    pthread_join(threads[t], NULL);
    CHECK_INT(jobs[t].code, PUBPLAN_EINTERRUPTED);
  }
  CHECK_STR(pubplan_planner_errmsg(p), "the solve was interrupted");

  /* The planner works normally afterwards. */
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  CHECK_STR(pubplan_result_json(r), reference);
  pubplan_result_free(r);
  pubplan_planner_free(p);
  free(topology);
}

int main(int argc, char **argv) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  if (argc != 3) {
    fprintf(stderr, "usage: %s ACME_YAML DISTINCT_YAML\n", argv[0]);
    return 2;
  }
  acme_path = argv[1];

  CHECK_INT(pubplan_planner_new(&p), PUBPLAN_OK);
  CHECK_INT(pubplan_solve_file(p, acme_path, &r), PUBPLAN_OK);
  CHECK(r != NULL);
  if (!r) return check_report("test_threads");
  reference = malloc(strlen(pubplan_result_json(r)) + 1);
  strcpy(reference, pubplan_result_json(r));
  CHECK_CONTAINS(reference, "\"recommended\": \"trusted-publishing\"");
  pubplan_result_free(r);

  run_concurrently(p);    /* one planner shared by every thread */
  run_concurrently(NULL); /* a planner per thread */
  pubplan_planner_free(p);

  test_interrupt(argv[2]);
  free(reference);
  return check_report("test_threads");
}
