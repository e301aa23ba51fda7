#!/bin/sh
# pubplan inside another project, as a static library: a host project adds the
# source tree with add_subdirectory and BUILD_SHARED_LIBS=OFF, links the consumer
# examples to pubplan::pubplan and pubplan::pubplan_c, and runs them on
# examples/acme.yaml. Checks that the library is static, that pubplan builds
# none of its tests, bindings or benchmarks as a subproject, and that the
# consumers need no libpubplan.so.
# Usage: test_static_consumer.sh SOURCE_DIR C_COMPILER CXX_COMPILER
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test_static_consumer: $*" >&2; exit 1; }

mkdir "$work/host"
cat > "$work/host/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(host LANGUAGES C CXX)
set(BUILD_SHARED_LIBS OFF)
add_subdirectory("$src" pubplan)
add_executable(consumer-cpp "$src/examples/consumer-cpp/main.cpp")
set_target_properties(consumer-cpp PROPERTIES CXX_STANDARD 17)
target_link_libraries(consumer-cpp PRIVATE pubplan::pubplan)
add_executable(consumer-c "$src/examples/consumer-c/main.c")
set_target_properties(consumer-c PROPERTIES C_STANDARD 99)
target_link_libraries(consumer-c PRIVATE pubplan::pubplan_c)
CMAKE
cmake -S "$work/host" -B "$work/build" -DCMAKE_C_COMPILER="$2" -DCMAKE_CXX_COMPILER="$3" \
  -DCMAKE_BUILD_TYPE=Release > "$work/log" 2>&1 || { cat "$work/log"; fail "configure failed"; }
cmake --build "$work/build" -j 2 --target consumer-cpp consumer-c >> "$work/log" 2>&1 \
  || { tail -50 "$work/log"; fail "build failed"; }
[ -f "$work/build/pubplan/lib/libpubplan.a" ] || fail "no static libpubplan.a"
! find "$work/build" -name 'libpubplan.so*' | grep -q . || fail "a shared libpubplan was built"
for target in pubplan_unit pubplan_bench pubplan_python; do
  ! cmake --build "$work/build" --target help | grep -q "$target" || fail "the subproject defines $target"
done
for consumer in consumer-cpp consumer-c; do
  ! ldd "$work/build/$consumer" | grep -q libpubplan || fail "$consumer needs libpubplan.so"
  status=0
  (cd "$src" && "$work/build/$consumer") > "$work/$consumer.out" || status=$?
  [ "$status" -eq 1 ] || { cat "$work/$consumer.out"; fail "$consumer exited with $status, expected 1"; }
  grep -qx '@acme/ui: trusted-publishing' "$work/$consumer.out" || { cat "$work/$consumer.out"; fail "$consumer: no '@acme/ui: trusted-publishing'"; }
done
echo "test_static_consumer: consumers linked statically through add_subdirectory and ran"
