#!/usr/bin/env bash
# The action's first step: the pubplan to run. A given executable is used as
# it is; otherwise this action's own checkout is built (its dependencies from
# Debian's or Ubuntu's archive, as scripts/install-deps says).
set -euo pipefail
if [ -n "${PUBPLAN_GIVEN:-}" ]; then
  echo "pubplan=$PUBPLAN_GIVEN" >> "$GITHUB_OUTPUT"
  exit 0
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
make -C "$root" build >&2
echo "pubplan=$root/build/bin/pubplan" >> "$GITHUB_OUTPUT"
