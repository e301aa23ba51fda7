#!/usr/bin/env bash
# Runs stage.sh against a fake npm on PATH with throwaway packages.
set -euo pipefail
tmp=$(mktemp -d)
mkdir -p "$tmp/bin" "$tmp/pkg/a"
printf '#!/bin/sh\necho "{}"\n' > "$tmp/bin/npm" && chmod +x "$tmp/bin/npm"
PATH="$tmp/bin:$PATH" .github/scripts/stage.sh stage 'test' next "$tmp/pkg/a"
