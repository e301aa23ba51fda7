#!/bin/sh
# libpubplan.so exports every function of pubplan.h and the pubplan:: C++ API,
# and none of the symbols of what it uses inside (Z3, yaml-cpp, fmt, Boost).
# Usage: test_exports.sh LIBRARY HEADER
set -eu
syms=$(nm -D --defined-only "$1" | c++filt)
status=0
for f in $(sed -n 's/.*PUBPLAN_C_API [^(]*[ *]\(pubplan_[a-z_]*\)(.*/\1/p' "$2"); do
  echo "$syms" | grep -q " T $f\$" || { echo "not exported: $f"; status=1; }
done
[ "$(sed -n 's/.*PUBPLAN_C_API [^(]*[ *]\(pubplan_[a-z_]*\)(.*/\1/p' "$2" | wc -l)" -ge 20 ] \
  || { echo "could not read the functions of $2"; status=1; }
echo "$syms" | grep -q " pubplan::Planner::solve(" || { echo "not exported: pubplan::Planner::solve"; status=1; }
if echo "$syms" | grep -E ' (z3::|Z3_|YAML::|fmt::|boost::)'; then
  echo "exported symbols of a dependency (above)"; status=1
fi
exit $status
