#!/bin/sh
# Installs pubplan into a temporary prefix and builds the consumer examples
# against that install tree alone, then runs them on examples/acme.yaml:
#   examples/consumer-c    C, flags from pkg-config (and once with find_package, pubplan::pubplan_c)
#   examples/consumer-cpp  C++, find_package(pubplan CONFIG), pubplan::pubplan
# Also checks that the C and C++ snippets of docs/ are these example files, verbatim.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

fail() { echo "test_install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" > "$work/install.log" || { cat "$work/install.log"; fail "install failed"; }
for f in include/pubplan.h include/pubplan/pubplan.hpp lib/libpubplan.so lib/pkgconfig/pubplan.pc \
         lib/cmake/pubplan/pubplanConfig.cmake lib/cmake/pubplan/pubplanTargets.cmake bin/pubplan \
         share/man/man1/pubplan.1 share/bash-completion/completions/pubplan share/zsh/site-functions/_pubplan \
         share/fish/vendor_completions.d/pubplan.fish; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done

# man finds the page under the prefix; the installed command runs without LD_LIBRARY_PATH.
MANPAGER=cat man -M "$prefix/share/man" pubplan 2>/dev/null | grep -q "pubplan solve \[OPTIONS\] FILE" \
  || fail "man -M PREFIX/share/man pubplan does not show the page"
env -u LD_LIBRARY_PATH "$prefix/bin/pubplan" --version | grep -q "^pubplan " || fail "the installed pubplan does not run"

# What each consumer must print for acme (run from the source dir: the examples
# open examples/acme.yaml). Exit 1: @acme/legacy-sdk has nothing that fits.
check_output() {  # NAME OUTPUT-FILE STATUS
  [ "$3" -eq 1 ] || fail "$1 exited with $3, expected 1"
  grep -qx '@acme/ui: trusted-publishing' "$2" || { cat "$2"; fail "$1: no '@acme/ui: trusted-publishing'"; }
  grep -qx '@acme/legacy-sdk: nothing fits' "$2" || { cat "$2"; fail "$1: no '@acme/legacy-sdk: nothing fits'"; }
}
run() {  # NAME EXECUTABLE
  status=0
  (cd "$src" && LD_LIBRARY_PATH="$prefix/lib" "$2") > "$work/$1.out" || status=$?
  check_output "$1" "$work/$1.out" "$status"
}

# C with pkg-config.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[ "$(pkg-config --modversion pubplan)" = "$(sed -n 's/^Version: //p' "$prefix/lib/pkgconfig/pubplan.pc")" ] \
  || fail "pkg-config does not find pubplan"
cc -std=c99 -Wall -Wextra -Wpedantic -Werror $(pkg-config --cflags pubplan) \
   -o "$work/consumer-c" "$src/examples/consumer-c/main.c" $(pkg-config --libs pubplan)
run consumer-c "$work/consumer-c"
grep -qx '  because tp.supported-ci' "$work/consumer-c.out" || fail "consumer-c: no reason tp.supported-ci"

# The same with the library's directory recorded in the executable, as docs/c-api.md
# tells a consumer of a non-system prefix: it runs without LD_LIBRARY_PATH.
cc -std=c99 $(pkg-config --cflags pubplan) -o "$work/consumer-c-rpath" "$src/examples/consumer-c/main.c" \
   $(pkg-config --libs pubplan) -Wl,-rpath,"$(pkg-config --variable=libdir pubplan)"
status=0
(cd "$src" && env -u LD_LIBRARY_PATH "$work/consumer-c-rpath") > "$work/consumer-c-rpath.out" || status=$?
check_output consumer-c-rpath "$work/consumer-c-rpath.out" "$status"

# C with find_package: pubplan::pubplan_c in a project that enables only C.
mkdir "$work/c-cmake"
cat > "$work/c-cmake/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(consumer_c_cmake LANGUAGES C)
find_package(pubplan CONFIG REQUIRED)
add_executable(consumer-c "$src/examples/consumer-c/main.c")
set_target_properties(consumer-c PROPERTIES C_STANDARD 99)
target_link_libraries(consumer-c PRIVATE pubplan::pubplan_c)
CMAKE
cmake -S "$work/c-cmake" -B "$work/c-cmake/build" -DCMAKE_PREFIX_PATH="$prefix" > "$work/c-cmake.log" 2>&1 \
  && cmake --build "$work/c-cmake/build" >> "$work/c-cmake.log" 2>&1 || { cat "$work/c-cmake.log"; fail "C find_package build failed"; }
run consumer-c-cmake "$work/c-cmake/build/consumer-c"

# C++ with find_package.
cmake -S "$src/examples/consumer-cpp" -B "$work/cpp" -DCMAKE_PREFIX_PATH="$prefix" > "$work/cpp.log" 2>&1 \
  && cmake --build "$work/cpp" >> "$work/cpp.log" 2>&1 || { cat "$work/cpp.log"; fail "C++ find_package build failed"; }
run consumer-cpp "$work/cpp/consumer-cpp"

# The snippets of docs/c-api.md and docs/cpp-api.md are the examples just built.
python3 - "$src" <<'PY'
import sys
src = sys.argv[1]
for lang, path, doc in (("c", "examples/consumer-c/main.c", "docs/c-api.md"),
                        ("cpp", "examples/consumer-cpp/main.cpp", "docs/cpp-api.md")):
    if f"```{lang}\n{open(f'{src}/{path}').read()}```" not in open(f"{src}/{doc}").read():
        sys.exit(f"test_install: {doc} has no ```{lang} snippet equal to {path}")
PY
echo "test_install: consumers built against the install tree and ran"
