#!/usr/bin/env python3
"""The engine's stages depend one way: a file of lib/STAGE includes only files of
its own stage or of an earlier one (the order is PUBPLAN_STAGES in
lib/CMakeLists.txt, passed here), or public headers (pubplan/...). Every source
lives in a stage folder, and the unit tests in tests/unit mirror the stages.

Usage: check_stage_order.py LIB_DIR UNIT_TEST_DIR STAGE...

Before the real tree it checks a made-up one with known violations, so that a
checker that finds nothing fails too."""
import pathlib
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SOURCE_SUFFIXES = {".cpp", ".hpp", ".h", ".in"}
# Files of lib/ itself that belong to no stage: the build and the export map.
TOP_LEVEL_FILES = {"CMakeLists.txt", "pubplan.map"}


def problems(lib: pathlib.Path, unit: pathlib.Path, stages: list[str]) -> list[str]:
    rank = {s: i for i, s in enumerate(stages)}
    out = []
    for path in sorted(lib.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(lib)
        if len(rel.parts) == 1:
            if rel.name not in TOP_LEVEL_FILES:
                out.append(f"{path}:1:1: error: {rel} is in no stage folder")
            continue
        stage = rel.parts[0]
        if stage not in rank:
            out.append(f"{path}:1:1: error: '{stage}' is not a stage (stages: {' '.join(stages)})")
            continue
        if path.suffix not in SOURCE_SUFFIXES:
            continue
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            if target.startswith("pubplan/") or target == "pubplan.h":
                continue
            first = target.split("/", 1)[0]
            col = line.index('"') + 1
            if "/" not in target or first not in rank:
                out.append(f"{path}:{n}:{col}: error: include \"{target}\" by its stage folder "
                           f"(e.g. \"{stage}/{target}\")")
            elif rank[first] > rank[stage]:
                out.append(f"{path}:{n}:{col}: error: stage '{stage}' includes \"{target}\" "
                           f"of the later stage '{first}'")
    if unit.is_dir():
        for d in sorted(p for p in unit.iterdir() if p.is_dir()):
            if d.name not in rank:
                out.append(f"{d}:1:1: error: unit test folder '{d.name}' mirrors no stage")
    return out


def self_check(stages: list[str]) -> None:
    """A tree with one violation of each kind must give exactly those errors."""
    with tempfile.TemporaryDirectory() as tmp:
        lib = pathlib.Path(tmp, "lib")
        unit = pathlib.Path(tmp, "unit")
        low, high = stages[0], stages[-1]
        (lib / low).mkdir(parents=True)
        (lib / high).mkdir()
        (unit / "misc").mkdir(parents=True)
        (lib / high / "b.hpp").write_text('#include "pubplan/result.hpp"\n')
        (lib / low / "a.cpp").write_text(f'#include <vector>\n#include "{low}/a.hpp"\n'
                                         f'#include "{high}/b.hpp"\n#include "a.hpp"\n')
        (lib / "loose.cpp").write_text("")
        found = problems(lib, unit, stages)
        expect = [f"of the later stage '{high}'", "by its stage folder", "is in no stage folder",
                  "mirrors no stage"]
        missing = [e for e in expect if not any(e in f for f in found)]
        if missing or len(found) != len(expect):
            sys.exit("check_stage_order: the checker misses a known violation:\n" + "\n".join(found))


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    lib, unit, stages = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
    self_check(stages)
    found = problems(lib, unit, stages)
    for f in found:
        print(f)
    print(f"{len(found)} violations of the stage order {' < '.join(stages)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
