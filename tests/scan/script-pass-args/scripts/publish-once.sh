#!/usr/bin/env bash
# Publishes the package in folder $1 unless its version is on the registry;
# the other arguments go to npm publish as they are.
set -euo pipefail

folder="$1"
shift

name=$(node -p "require('./${folder}/package.json').name")
version=$(node -p "require('./${folder}/package.json').version")
if [ "$(npm view "${name}@${version}" version 2>/dev/null || true)" = "$version" ]; then
  echo "${name}@${version} is out already"
  exit 0
fi
npm publish "${folder}" "$@"
