#!/usr/bin/env bash
# pubplan in a CI job: scan the checkout (or read a topology), solve it, and
# write every report a CI service shows. The GitHub Action and the GitLab
# template both run this script; it is also what to copy into another CI.
#
# Environment (all optional):
#   PUBPLAN           the pubplan executable (default: pubplan on PATH)
#   PUBPLAN_PATHS     directories to scan, separated by spaces (default: .)
#   PUBPLAN_TOPOLOGY  a topology file to solve instead of scanning
#   PUBPLAN_CATALOGS  user catalog files, separated by spaces
#   PUBPLAN_FAIL_ON   --fail-on conditions (default: infeasible; empty: never fail)
#   PUBPLAN_AS_OF     the day whose rules apply (default: today)
#   PUBPLAN_OUT       where the reports go (default: pubplan-reports)
#
# Writes in PUBPLAN_OUT: topology.yaml (what the scan read), pubplan.json,
# pubplan.md, pubplan.sarif and gl-code-quality-report.json. Exits with the
# gate's code: 0 passed, 5 a --fail-on condition holds, 2 bad input.
set -euo pipefail

pubplan=${PUBPLAN:-pubplan}
out=${PUBPLAN_OUT:-pubplan-reports}
fail_on=${PUBPLAN_FAIL_ON-infeasible}
mkdir -p "$out"

common=()
[ -n "${PUBPLAN_AS_OF:-}" ] && common+=(--as-of "$PUBPLAN_AS_OF")
for c in ${PUBPLAN_CATALOGS:-}; do common+=(--catalog "$c"); done

if [ -n "${PUBPLAN_TOPOLOGY:-}" ]; then
  topology=$PUBPLAN_TOPOLOGY
else
  topology=$out/topology.yaml
  # shellcheck disable=SC2086  # the paths are a list
  "$pubplan" scan ${PUBPLAN_PATHS:-.} "${common[@]}" -o "$topology"
fi

# Each report is a solve of its own; exit 1 (nothing fits) or 3 (conditional)
# is an answer, not a failure of the job: the gate decides. Bad input (2) stops.
solve() {
  local code=0
  "$pubplan" solve "$topology" "${common[@]}" "$@" || code=$?
  [ "$code" -ne 2 ] || exit 2
}
solve --format json > "$out/pubplan.json"
solve --format markdown > "$out/pubplan.md"
solve --format sarif > "$out/pubplan.sarif"
solve --format codequality > "$out/gl-code-quality-report.json"

[ -z "$fail_on" ] && exit 0
status=0
"$pubplan" solve "$topology" "${common[@]}" --fail-on "$fail_on" > /dev/null || status=$?
exit $status
