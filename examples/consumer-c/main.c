#include <pubplan.h>
#include <stdio.h>

int main(void) {
  pubplan_planner *planner = NULL;
  pubplan_result *result = NULL;
  int rc = pubplan_planner_new(&planner);
  if (rc == PUBPLAN_OK) rc = pubplan_solve_file(planner, "examples/acme.yaml", &result);
  if (rc != PUBPLAN_OK) {
    fprintf(stderr, "%s\n", pubplan_last_error());  /* e.g. "acme.yaml:3:7: error: ..." */
    pubplan_planner_free(planner);
    return 2;
  }
  for (size_t i = 0; i < pubplan_result_package_count(result); ++i) {
    const char *strategy = pubplan_result_recommended(result, i);  /* NULL: nothing fits */
    printf("%s: %s\n", pubplan_result_package_name(result, i), strategy ? strategy : "nothing fits");
    if (!strategy) /* why trusted publishing is out: rule ids and fact paths */
      for (size_t k = 0; k < pubplan_result_reason_count(result, i, "trusted-publishing"); ++k)
        printf("  because %s\n", pubplan_result_reason(result, i, "trusted-publishing", k));
  }
  rc = pubplan_result_exit_code(result);
  pubplan_result_free(result);  /* strings from the result are valid until here */
  pubplan_planner_free(planner);
  return rc;
}
