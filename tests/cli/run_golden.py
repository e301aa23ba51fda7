#!/usr/bin/env python3
"""CLI golden tests: `pubplan solve FILE --format json` of every example and
scenario must equal its expected document, and the exit code must match; the
text report (`pubplan solve FILE`, NAME.expected.txt) and a few `pubplan explain`
texts (EXPLAINS), every command's help (HELP) and migration plans as text and Markdown (PLANS) must equal theirs, so that a change of the sentences people
read is seen in review.

usage: run_golden.py PUBPLAN [--update]
Expected documents live beside the scenarios (NAME.expected.json) and in
tests/scenarios/examples/ for the files of examples/. Every file is solved on
GOLDEN_DAY; a scenario whose first line is `# also as of: DATE...` is solved on
those days too, each with its own NAME.DATE.expected.json and .txt.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
# The day every golden answer is computed for: answers must not depend on the
# day the tests run.
from harness import DAY as GOLDEN_DAY  # noqa: E402


def extra_days(topology):
    first = topology.read_text().split("\n", 1)[0]
    prefix = "# also as of:"
    return first[len(prefix):].split() if first.startswith(prefix) else []


def cases():
    """(topology, day, expected JSON path)."""
    for f in sorted((ROOT / "examples").glob("*.yaml")):
        yield f, GOLDEN_DAY, ROOT / "tests" / "scenarios" / "examples" / (f.stem + ".expected.json")
    for f in sorted((ROOT / "tests" / "scenarios").glob("*.yaml")):
        yield f, GOLDEN_DAY, f.with_suffix(".expected.json")
        for day in extra_days(f):
            yield f, day, f.with_name(f"{f.stem}.{day}.expected.json")


# (topology, package): `pubplan explain` texts kept as golden files.
EXPLAINS = [("examples/acme.yaml", "@acme/legacy-sdk"),
            ("tests/scenarios/jenkins-nothing-fits.yaml", "@acme/ui")]


# Topologies whose `pubplan plan` text and Markdown are kept as golden files
# (tests/scenarios/plan/NAME.expected.txt and .md).
PLANS = ["examples/acme.yaml", "tests/scenarios/migration.yaml"]


# Commands whose --help is kept as a golden file ("" is the overview).
HELP = ["", "solve", "plan", "explain", "validate", "catalog", "graph", "scan"]


def compare_text(args, expected_path, update):
    """Returns 1 when the text output of `args` differs from expected_path."""
    run = subprocess.run(args, cwd=ROOT, capture_output=True, text=True,
                         env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    rel = expected_path.relative_to(ROOT)
    if update:
        expected_path.write_text(run.stdout)
        return 0
    if not expected_path.exists():
        print(f"FAIL no expected output {rel}")
        return 1
    if run.stdout != expected_path.read_text():
        import difflib
        print(f"FAIL text differs from {rel}")
        print("".join(difflib.unified_diff(expected_path.read_text().splitlines(True),
                                           run.stdout.splitlines(True), "expected", "actual")))
        return 1
    return 0


def check_readme():
    """docs/explanations.md shows real output: each of its text blocks must be part
    of the golden texts of examples/acme.yaml; README's worked example is the start
    of the golden solve output. Returns 1 if not."""
    section = (ROOT / "docs" / "explanations.md").read_text()
    solved = (ROOT / "tests/scenarios/examples/acme.expected.txt").read_text()
    golden = solved + (ROOT / "tests/scenarios/explain/acme.expected.txt").read_text()
    blocks = [b.split("\n", 1)[1] for b in section.split("```")[1::2] if not b.startswith("json")]
    stale = [b for b in blocks if b not in golden]
    for b in stale:
        print(f"FAIL docs/explanations.md shows output pubplan no longer prints:\n{b}")
    readme = (ROOT / "README.md").read_text()
    shown = readme.split(f"$ build/bin/pubplan solve examples/acme.yaml --as-of {GOLDEN_DAY}\n", 1)[-1]
    shown = shown.split("...\n```", 1)[0]
    if not shown.strip() or not solved.startswith(shown):
        print(f"FAIL README's worked example is not what `pubplan solve examples/acme.yaml` prints:\n{shown}")
        return 1
    return 1 if stale or not blocks else 0


def main():
    pubplan, update = sys.argv[1], "--update" in sys.argv
    failures, count = 0, 0
    for topology, day, expected_path in cases():
        rel = topology.relative_to(ROOT)
        run = subprocess.run([pubplan, "solve", str(rel), "--format", "json", "--as-of", day], cwd=ROOT,
                             capture_output=True, text=True)
        if run.returncode not in (0, 1, 3):
            print(f"FAIL {rel}: exit {run.returncode}\n{run.stderr}")
            failures += 1
            continue
        actual = json.loads(run.stdout)
        count += 1
        if actual["summary"]["exit_code"] != run.returncode:
            print(f"FAIL {rel}: exit {run.returncode} but summary says {actual['summary']['exit_code']}")
            failures += 1
        actual.pop("pubplan_version", None)
        if update:
            expected_path.parent.mkdir(parents=True, exist_ok=True)
            expected_path.write_text(json.dumps(actual, indent=2) + "\n")
            compare_text([pubplan, "solve", str(rel), "--as-of", day],
                         expected_path.with_name(expected_path.name.replace(".expected.json", ".expected.txt")), True)
            continue
        if not expected_path.exists():
            print(f"FAIL {rel}: no expected output {expected_path.relative_to(ROOT)}")
            failures += 1
            continue
        text_path = expected_path.with_name(expected_path.name.replace(".expected.json", ".expected.txt"))
        if compare_text([pubplan, "solve", str(rel), "--as-of", day], text_path, update):
            failures += 1
        expected = json.loads(expected_path.read_text())
        if actual != expected:
            print(f"FAIL {rel}: output differs from {expected_path.relative_to(ROOT)}")
            for a, e in zip(actual["packages"], expected["packages"]):
                if a != e:
                    print(f"  first differing package: {a['name']}")
                    print("  expected:", json.dumps(e)[:2000])
                    print("  actual:  ", json.dumps(a)[:2000])
                    break
            failures += 1
    for topology, package in EXPLAINS:
        count += 1
        path = ROOT / "tests" / "scenarios" / "explain" / (pathlib.Path(topology).stem + ".expected.txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        failures += compare_text([pubplan, "explain", topology, package, "--as-of", GOLDEN_DAY], path, update)
    for topology in PLANS:
        stem = pathlib.Path(topology).stem
        for fmt, suffix in (("text", "txt"), ("markdown", "md")):
            count += 1
            path = ROOT / "tests" / "scenarios" / "plan" / f"{stem}.expected.{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            failures += compare_text([pubplan, "plan", topology, "--format", fmt, "--as-of", GOLDEN_DAY], path, update)
    # Every command's help (tests/cli/help/COMMAND.txt; pubplan.txt the overview).
    for command in HELP:
        count += 1
        path = ROOT / "tests" / "cli" / "help" / f"{command or 'pubplan'}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        failures += compare_text([pubplan, *([command] if command else []), "--help"], path, update)
    if not update:
        count += 1
        failures += check_readme()
    print(f"{count - failures} passed, {failures} failed")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
