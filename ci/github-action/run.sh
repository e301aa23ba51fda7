#!/usr/bin/env bash
# The action's second step: ci/pubplan-ci.sh, its Markdown appended to the job
# summary, its exit code and reports as the step's outputs. It never fails
# itself, so that the SARIF is uploaded before the gate step decides.
set -uo pipefail
status=0
"$(dirname "$0")/../pubplan-ci.sh" || status=$?
out=${PUBPLAN_OUT:-pubplan-reports}
[ -f "$out/pubplan.md" ] && cat "$out/pubplan.md" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
{
  echo "exit-code=$status"
  [ -f "$out/pubplan.sarif" ] && echo "reports=$out"
} >> "${GITHUB_OUTPUT:-/dev/null}"
exit 0
