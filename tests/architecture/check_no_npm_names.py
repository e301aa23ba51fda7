#!/usr/bin/env python3
"""npm's knowledge lives only in the catalog: no file of lib/ but the embedded
catalog names a strategy id or a rule id of it, and no file outside lib/scan/
(which reads those providers' own files) names a CI provider, repository host or
publishing client of its vocabulary. The engine reads them all as data.

Usage: check_no_npm_names.py LIB_DIR CATALOG_YAML

Before the real tree it checks a made-up one with known violations, so that a
checker that finds nothing fails too."""
import pathlib
import re
import sys
import tempfile

import yaml

SOURCE_SUFFIXES = {".cpp", ".hpp", ".h", ".in"}
# Words of the vocabulary that are also ordinary words of the code.
COMMON_WORDS = {"other", "npm"}
# Names that are also something else, with what that is.
ALSO_SOMETHING_ELSE = {
    "policy.provenance": "the topology key policy.provenance, which a rule id happens to equal",
}


def names(catalog: dict) -> tuple[list[str], list[str]]:
    ids = [s["id"] for s in catalog["strategies"]] + [r["id"] for r in catalog["rules"]]
    vocabulary = [v for values in catalog["vocabulary"].values() for v in values if v not in COMMON_WORDS]
    return ids, vocabulary


def pattern(words: list[str]) -> re.Pattern:
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(r"(?<![\w.-])(" + alternatives + r")(?![\w-])")


def problems(lib: pathlib.Path, ids: list[str], vocabulary: list[str]) -> list[str]:
    id_re = pattern([i for i in ids if i not in ALSO_SOMETHING_ELSE])
    vocabulary_re = pattern(vocabulary)
    out = []
    for path in sorted(lib.rglob("*")):
        if path.is_dir() or path.suffix not in SOURCE_SUFFIXES:
            continue
        in_scan = path.relative_to(lib).parts[0] == "scan"
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for m in id_re.finditer(line):
                out.append(f"{path}:{n}:{m.start() + 1}: error: '{m.group(1)}' is a catalog id: read it from the catalog")
            if not in_scan:
                for m in vocabulary_re.finditer(line):
                    out.append(f"{path}:{n}:{m.start() + 1}: error: '{m.group(1)}' is a catalog value: "
                               "read the vocabulary")
    return out


def self_check(ids: list[str], vocabulary: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = pathlib.Path(tmp)
        (lib / "plan").mkdir()
        (lib / "scan").mkdir()
        (lib / "plan" / "a.cpp").write_text(f'if (id == "{ids[0]}") x = "{vocabulary[0]}";\n')
        (lib / "scan" / "b.cpp").write_text(f'p.provider = "{vocabulary[0]}";  // {ids[-1]}\n')
        found = problems(lib, ids, vocabulary)
        if len(found) != 3:
            sys.exit("check_no_npm_names: the checker misses a known violation:\n" + "\n".join(found))


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    lib = pathlib.Path(sys.argv[1])
    catalog = yaml.safe_load(pathlib.Path(sys.argv[2]).read_text())
    ids, vocabulary = names(catalog)
    stale = [k for k in ALSO_SOMETHING_ELSE if k not in ids]
    if stale:
        print(f"check_no_npm_names: no longer catalog ids, drop them from ALSO_SOMETHING_ELSE: {stale}")
        return 1
    self_check(ids, vocabulary)
    found = problems(lib, ids, vocabulary)
    for f in found:
        print(f)
    print(f"{len(found)} npm names outside the catalog ({len(ids)} ids, {len(vocabulary)} values checked)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
