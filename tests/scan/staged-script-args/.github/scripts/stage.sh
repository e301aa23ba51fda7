#!/usr/bin/env bash
set -euo pipefail

stage_all() {
  local tag=$2
  shift 2
  for dir in "$@"; do
    path=$(cd "$dir" && pwd -P)
    if ! out=$(npm stage publish "$path/" --access public --tag "$tag" --json); then
      echo "::error::staging $dir failed: $out" >&2
      exit 1
    fi
  done
}

case "$1" in
  stage) shift; stage_all "$@" ;;
  *) echo "usage: stage.sh stage LABEL TAG DIR..." >&2; exit 2 ;;
esac
