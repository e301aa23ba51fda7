#!/bin/sh
# Builds the Dockerfile's image and runs the command in it on the example.
# Only where a docker daemon answers: exit 77 (skipped) elsewhere.
# Usage: test_docker.sh SOURCE_DIR
set -eu
src=$(cd "$1" && pwd)
docker info > /dev/null 2>&1 || { echo "test_docker: no docker daemon: skipped"; exit 77; }
tag=pubplan-test:$$
trap 'docker rmi -f "$tag" > /dev/null 2>&1 || true' EXIT
docker build -q -t "$tag" "$src" > /dev/null
want="pubplan $(sed -n 's/^project(pubplan VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"
[ "$(docker run --rm "$tag" --version)" = "$want" ] || { echo "test_docker: --version is not '$want'"; exit 1; }
status=0
docker run --rm -v "$src/examples:/work:ro" "$tag" solve acme.yaml --as-of 2026-12-04 > /tmp/pubplan-docker.$$ || status=$?
grep -q "@acme/legacy-sdk" /tmp/pubplan-docker.$$ && [ "$status" -eq 1 ] || { echo "test_docker: solve exit $status"; exit 1; }
rm -f /tmp/pubplan-docker.$$
echo "test_docker: the image builds and solves the example"
