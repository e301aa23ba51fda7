/* Writes everything the C accessors of an answer give, as JSON, for
 * check_answers.py to compare with the CLI's JSON of the same topology: every
 * package's fields, warnings, conflicts, repairs and assumptions, for the
 * package and each strategy; the token plan and the denied packages.
 * usage: dump_answers TOPOLOGY DAY */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "pubplan.h"

static void str(const char *s) {
  if (!s) {
    fputs("null", stdout);
    return;
  }
  putchar('"');
  for (; *s; ++s) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

/* A member of a reason set, as the JSON writes it (the value is JSON text already). */
static void reason(const pubplan_result *r, size_t i, const char *sid, size_t c, size_t k) {
  const char *kind = pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_KIND);
  CHECK(kind != NULL);
  if (kind && kind[0] == 'r') {
    CHECK(pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_FACT) == NULL);
    fputs("{\"rule\":", stdout);
    str(pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_RULE));
    fputs(",\"says\":", stdout);
    str(pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_SAYS));
    fputs(",\"source\":", stdout);
    str(pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_SOURCE));
    fputs(",\"instance\":", stdout);
    str(pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_INSTANCE));
  } else {
    CHECK(pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_RULE) == NULL);
    fputs("{\"fact\":", stdout);
    str(pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_FACT));
    printf(",\"value\":%s,\"origin\":", pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_VALUE));
    str(pubplan_result_conflict_field(r, i, sid, c, k, PUBPLAN_REASON_ORIGIN));
  }
  putchar('}');
}

static void conflicts(const pubplan_result *r, size_t i, const char *sid) {
  size_t c, k, n = pubplan_result_conflict_count(r, i, sid);
  fputs("\"conflicts\":[", stdout);
  for (c = 0; c < n; ++c) {
    size_t size = pubplan_result_conflict_size(r, i, sid, c);
    CHECK(size > 0);
    printf("%s[", c ? "," : "");
    for (k = 0; k < size; ++k) {
      if (k) putchar(',');
      reason(r, i, sid, c, k);
    }
    putchar(']');
    CHECK(pubplan_result_conflict_field(r, i, sid, c, size, PUBPLAN_REASON_KIND) == NULL);
  }
  putchar(']');
  CHECK(pubplan_result_conflict_size(r, i, sid, n) == 0);
}

static void repairs(const pubplan_result *r, size_t i, const char *sid) {
  static const char *status[] = {"feasible", "conditional", "infeasible", "unknown"};
  size_t j, k, n = pubplan_result_repair_count(r, i, sid);
  fputs(",\"repairs\":[", stdout);
  for (j = 0; j < n; ++j) {
    int st = pubplan_result_repair_status(r, i, sid, j);
    size_t changes = pubplan_result_repair_change_count(r, i, sid, j);
    CHECK(st >= 0 && st <= 3);
    printf("%s{\"unlocks\":", j ? "," : "");
    str(pubplan_result_repair_unlocks(r, i, sid, j));
    printf(",\"cost\":%d,\"status\":\"%s\",\"changes\":[", pubplan_result_repair_cost(r, i, sid, j),
           st >= 0 && st <= 3 ? status[st] : "?");
    for (k = 0; k < changes; ++k) {
      printf("%s{\"fact\":", k ? "," : "");
      str(pubplan_result_repair_change(r, i, sid, j, k, PUBPLAN_CHANGE_FACT));
      printf(",\"from\":%s,\"to\":%s,\"origin\":", pubplan_result_repair_change(r, i, sid, j, k, PUBPLAN_CHANGE_FROM),
             pubplan_result_repair_change(r, i, sid, j, k, PUBPLAN_CHANGE_TO));
      str(pubplan_result_repair_change(r, i, sid, j, k, PUBPLAN_CHANGE_ORIGIN));
      putchar('}');
    }
    fputs("]}", stdout);
  }
  putchar(']');
  CHECK(pubplan_result_repair_unlocks(r, i, sid, n) == NULL);
  CHECK(pubplan_result_repair_cost(r, i, sid, n) == PUBPLAN_EMISUSE);
  CHECK(pubplan_result_repair_status(r, i, sid, n) == PUBPLAN_STATUS_INVALID);
}

static void package(const pubplan_planner *p, const pubplan_result *r, size_t i) {
  size_t k, s, n;
  fputs("{\"name\":", stdout);
  str(pubplan_result_package_field(r, i, PUBPLAN_PACKAGE_NAME));
  fputs(",\"origin\":", stdout);
  str(pubplan_result_package_field(r, i, PUBPLAN_PACKAGE_ORIGIN));
  fputs(",\"recommended\":", stdout);
  str(pubplan_result_package_field(r, i, PUBPLAN_PACKAGE_RECOMMENDED));
  fputs(",\"fallback\":", stdout);
  str(pubplan_result_package_field(r, i, PUBPLAN_PACKAGE_FALLBACK));
  fputs(",\"why\":", stdout);
  str(pubplan_result_package_field(r, i, PUBPLAN_PACKAGE_WHY));
  CHECK(pubplan_result_package_field(r, i, 99) == NULL);
  fputs(",\"warnings\":[", stdout);
  n = pubplan_result_warning_count(r, i);
  for (k = 0; k < n; ++k) {
    printf("%s{\"rule\":", k ? "," : "");
    str(pubplan_result_warning(r, i, k, PUBPLAN_WARNING_RULE));
    fputs(",\"says\":", stdout);
    str(pubplan_result_warning(r, i, k, PUBPLAN_WARNING_SAYS));
    fputs(",\"source\":", stdout);
    str(pubplan_result_warning(r, i, k, PUBPLAN_WARNING_SOURCE));
    printf(",\"certain\":%s}", pubplan_result_warning_certain(r, i, k) ? "true" : "false");
  }
  fputs("],", stdout);
  CHECK(pubplan_result_warning(r, i, n, PUBPLAN_WARNING_RULE) == NULL);
  CHECK(pubplan_result_warning_certain(r, i, n) == PUBPLAN_EMISUSE);
  conflicts(r, i, NULL);
  repairs(r, i, NULL);
  fputs(",\"strategies\":{", stdout);
  for (s = 0; s < pubplan_planner_strategy_count(p); ++s) {
    const char *sid = pubplan_planner_strategy_id(p, s);
    size_t a = pubplan_result_assumption_count(r, i, sid);
    printf("%s", s ? "," : "");
    str(sid);
    putchar(':');
    putchar('{');
    conflicts(r, i, sid);
    repairs(r, i, sid);
    fputs(",\"assuming\":[", stdout);
    for (k = 0; k < a; ++k) {
      printf("%s{\"fact\":", k ? "," : "");
      str(pubplan_result_assumption(r, i, sid, k, PUBPLAN_ASSUMPTION_FACT));
      fputs(",\"needs\":", stdout);
      str(pubplan_result_assumption(r, i, sid, k, PUBPLAN_ASSUMPTION_NEEDS));
      fputs(",\"origin\":", stdout);
      str(pubplan_result_assumption(r, i, sid, k, PUBPLAN_ASSUMPTION_ORIGIN));
      putchar('}');
    }
    fputs("]}", stdout);
    CHECK(pubplan_result_assumption(r, i, sid, a, PUBPLAN_ASSUMPTION_FACT) == NULL);
  }
  fputs("}}", stdout);
}

static void tokens(const pubplan_result *r) {
  size_t t, k, n = pubplan_result_token_count(r);
  int list;
  fputs("\"tokens\":[", stdout);
  for (t = 0; t < n; ++t) {
    static const char *names[] = {"packages", "scopes"};
    printf("%s{\"name\":", t ? "," : "");
    str(pubplan_result_token(r, t, PUBPLAN_TOKEN_NAME));
    fputs(",\"pipeline\":", stdout);
    str(pubplan_result_token(r, t, PUBPLAN_TOKEN_PIPELINE));
    fputs(",\"access\":", stdout);
    str(pubplan_result_token(r, t, PUBPLAN_TOKEN_ACCESS));
    fputs(",\"command\":", stdout);
    str(pubplan_result_token(r, t, PUBPLAN_TOKEN_COMMAND));
    printf(",\"bypass_2fa\":%s,\"expires_days\":%d", pubplan_result_token_bypass_2fa(r, t) ? "true" : "false",
           pubplan_result_token_expires_days(r, t));
    for (list = PUBPLAN_TOKEN_PACKAGES; list <= PUBPLAN_TOKEN_SCOPES; ++list) {
      size_t items = pubplan_result_token_list_count(r, t, list);
      printf(",\"%s\":[", names[list]);
      for (k = 0; k < items; ++k) {
        if (k) putchar(',');
        str(pubplan_result_token_list_item(r, t, list, k));
      }
      putchar(']');
      CHECK(pubplan_result_token_list_item(r, t, list, items) == NULL);
    }
    putchar('}');
  }
  fputs("],\"denied\":[", stdout);
  CHECK(pubplan_result_token(r, n, PUBPLAN_TOKEN_NAME) == NULL);
  CHECK(pubplan_result_token_bypass_2fa(r, n) == PUBPLAN_EMISUSE);
  for (k = 0; k < pubplan_result_tokens_denied_count(r); ++k) {
    if (k) putchar(',');
    str(pubplan_result_tokens_denied(r, k));
  }
  putchar(']');
}

int main(int argc, char **argv) {
  pubplan_planner *p = NULL;
  pubplan_result *r = NULL;
  pubplan_options o = PUBPLAN_OPTIONS_INIT;
  size_t i;
  if (argc != 4 || (strcmp(argv[3], "first") != 0 && strcmp(argv[3], "all") != 0)) {
    fprintf(stderr, "usage: dump_answers TOPOLOGY DAY first|all\n");
    return 2;
  }
  o.as_of = argv[2];
  o.diagnose = strcmp(argv[3], "all") == 0 ? PUBPLAN_DIAGNOSE_ALL : PUBPLAN_DIAGNOSE_FIRST;
  if (pubplan_planner_new(&p) != PUBPLAN_OK || pubplan_planner_set_options(p, &o) != PUBPLAN_OK ||
      pubplan_solve_file(p, argv[1], &r) != PUBPLAN_OK) {
    fprintf(stderr, "dump_answers: %s\n", pubplan_last_error());
    pubplan_planner_free(p);
    return 2;
  }
  fputs("{\"packages\":[", stdout);
  for (i = 0; i < pubplan_result_package_count(r); ++i) {
    if (i) putchar(',');
    package(p, r, i);
  }
  fputs("],", stdout);
  tokens(r);
  fputs("}\n", stdout);
  CHECK(pubplan_result_package_field(r, i, PUBPLAN_PACKAGE_NAME) == NULL);
  CHECK(pubplan_planner_strategy_id(p, pubplan_planner_strategy_count(p)) == NULL);
  pubplan_result_free(r);
  pubplan_planner_free(p);
  (void)read_file;  /* check.h's, not needed here */
  return check_failures ? check_report("dump_answers") : 0;
}
