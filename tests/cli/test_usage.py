#!/usr/bin/env python3
"""CLI usage and error paths: exit codes, messages, formats. usage: test_usage.py PUBPLAN"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness import DAY, Checks, runner  # noqa: E402

PUBPLAN = sys.argv[1]
ROOT = pathlib.Path(__file__).resolve().parents[2]
check = Checks()
run = runner(PUBPLAN)


r = run("--version")
check("version", r.returncode == 0 and r.stdout.startswith("pubplan "), r.stdout)
r = run("--help")
check("help", r.returncode == 0 and "solve FILE" in r.stdout, r.stdout)
r = run()
check("no command", r.returncode == 2 and "no command" in r.stderr, r.stderr)
r = run("frobnicate")
check("unknown command", r.returncode == 2 and "unknown command 'frobnicate'" in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--format", "xml")
check("bad format", r.returncode == 2 and "pubplan solve: error: --format takes text, json, markdown, sarif or "
      "codequality for solve, not 'xml'" in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--format", "dot")
check("dot is for graph", r.returncode == 2 and "for solve, not 'dot'" in r.stderr, r.stderr)

# The parser (CLI11): per-command help, --opt=value, did-you-mean, options a
# command does not take, -o on every command that writes, directories.
for cmd in ("solve", "plan", "explain", "validate", "catalog", "graph", "scan"):
    r = run(cmd, "--help")
    h = run("help", cmd)
    check(f"{cmd} --help is its own", r.returncode == 0 and f"Usage: pubplan {cmd} [OPTIONS]" in r.stdout, r.stdout)
    check(f"help {cmd} is {cmd} --help", h.returncode == 0 and h.stdout == r.stdout, h.stderr)
check("solve --help shows the library's defaults", "--horizon DAYS=180" in run("solve", "--help").stdout)
r = run("help", "sovle")
check("help of an unknown command suggests one", r.returncode == 2 and "did you mean 'solve'?" in r.stderr, r.stderr)
r = run("sovle", "examples/acme.yaml")
check("an unknown command suggests one", r.returncode == 2 and "unknown command 'sovle'; did you mean 'solve'?"
      in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--format=json", "--as-of=2026-12-04")
check("--opt=value", r.returncode == 1 and json.loads(r.stdout)["as_of"] == "2026-12-04", r.stderr)
r = run("solve", "examples/acme.yaml", "--fromat", "json")
check("did you mean an option", r.returncode == 2 and "unknown option '--fromat'; did you mean '--format'?"
      in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--format", "jsno")
check("did you mean a value", r.returncode == 2 and "did you mean 'json'?" in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--strategy", "granular-token")
check("an option of another command", r.returncode == 2 and "unknown option '--strategy' (solve does not take it; "
      "explain does)" in r.stderr, r.stderr)
r = run("scan", "tests/scan/npm-too-old", "--format", "json")
check("scan takes no --format", r.returncode == 2 and "unknown option '--format'" in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "extra.yaml")
check("an extra argument", r.returncode == 2 and "unexpected argument 'extra.yaml'" in r.stderr, r.stderr)
r = run("solve", "examples")
check("a directory", r.returncode == 2 and "examples: error: cannot read topology: it is a directory" in r.stderr,
      r.stderr)
r = run("explain", "examples/acme.yaml", "@acme/ui", "--strategy", "trusted-publshing")
check("an unknown strategy lists the catalog's", r.returncode == 2 and "granular-token" in r.stderr and
      "did you mean 'trusted-publishing'?" in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--fail-on", "infeasable")
check("did you mean a gate", r.returncode == 2 and "did you mean 'infeasible'?" in r.stderr, r.stderr)
with tempfile.TemporaryDirectory() as tmp:
    for args in (["solve", "examples/acme.yaml"], ["plan", "examples/acme.yaml", "--format", "json"],
                 ["explain", "examples/acme.yaml", "@acme/ui"], ["validate", "examples/acme.yaml"], ["catalog"]):
        out = os.path.join(tmp, "out")
        r = run(*args, "-o", out)
        plain = run(*args)
        check(f"{args[0]} -o FILE writes the report there", r.returncode == plain.returncode and r.stdout == ""
              and open(out).read() == plain.stdout, r.stderr)
    # `-o -` is standard output, not a file named '-'.
    acme = str(ROOT / "examples" / "acme.yaml")
    r, plain = run("solve", acme, "-o", "-", cwd=tmp), run("solve", acme)
    check("-o - writes to standard output", r.returncode == plain.returncode and r.stdout == plain.stdout != ""
          and not os.path.exists(os.path.join(tmp, "-")), r.stderr)

# graph: DOT by default, SVG through Graphviz's dot, -o FILE, errors exit 2.
r = run("graph", "examples/acme.yaml")
check("graph dot", r.returncode == 0 and r.stdout.startswith("digraph G {") and "@acme/legacy-sdk" in r.stdout
      and "color=red" in r.stdout, r.stderr)
r = run("graph", "examples/acme.yaml", "--format", "json")
check("graph json", r.returncode == 2 and "--format takes dot or svg for graph, not 'json'" in r.stderr, r.stderr)
r = run("graph", "no/such/file.yaml")
check("graph unreadable", r.returncode == 2 and "cannot read topology" in r.stderr, r.stderr)
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "g.dot")
    r = run("graph", "examples/acme.yaml", "-o", out)
    check("graph -o", r.returncode == 0 and r.stdout == "" and open(out).read().startswith("digraph G {"), r.stderr)
    r = run("graph", "examples/acme.yaml", "-o", os.path.join(tmp, "no", "dir.dot"))
    check("graph -o unwritable", r.returncode == 2 and "cannot write" in r.stderr, r.stderr)
    svg = os.path.join(tmp, "g.svg")
    r = run("graph", "examples/acme.yaml", "--format", "svg", "-o", svg)
    check("graph svg", r.returncode == 0 and "<svg" in open(svg).read(), r.stderr)
    # Without dot on PATH, svg is a clear error (exit 2), not a crash.
    r = run("graph", "examples/acme.yaml", "--format", "svg", env={**os.environ, "PATH": tmp})
    check("graph svg without dot", r.returncode == 2 and "needs Graphviz's dot" in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--bogus")
check("unknown option", r.returncode == 2 and "unknown option '--bogus'" in r.stderr, r.stderr)
r = run("solve")
check("missing file", r.returncode == 2, r.stderr)
r = run("solve", "no/such/file.yaml")
check("unreadable file", r.returncode == 2 and "no/such/file.yaml: error: cannot read topology" in r.stderr, r.stderr)

# --as-of and --horizon: a date and a number of days, else exit 2 with the reason.
for bad in ["2026-13-01", "yesterday", "2026-2-1", ""]:
    r = run("solve", "examples/acme.yaml", "--as-of", bad)
    check(f"--as-of {bad!r}", r.returncode == 2 and r.stdout == "" and
          f"--as-of takes a date written YYYY-MM-DD, not '{bad}'" in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--horizon", "-3")
check("--horizon -3", r.returncode == 2 and "--horizon takes a number" in r.stderr, r.stderr)
r = run("solve", "examples/acme.yaml", "--as-of", "2027-02-01", "--format", "json")
doc = json.loads(r.stdout) if r.returncode in (0, 1, 3) else {}
check("--as-of in the document", doc.get("as_of") == "2027-02-01" and doc.get("horizon_days") == 180, r.stderr)
r = run("solve", "examples/acme.yaml", "--as-of", "2026-12-04", "--horizon", "0", "--format", "json")
doc = json.loads(r.stdout) if r.returncode in (0, 1, 3) else {}
check("--horizon 0", doc.get("ahead") == [] and doc.get("horizon_days") == 0, r.stderr)
r = run("solve", "examples/acme.yaml")
check("today by default", r.returncode in (0, 1, 3) and "rules in force on 20" in r.stdout, r.stderr)

# --verify: the independent checker agrees on the example and every scenario, on
# each day its golden files are made for; the report and the exit code are those
# of a run without it, the verdict is on stderr.
def days_of(path):
    first = open(path).readline()
    return ["2026-12-04"] + (first[len("# also as of:"):].split() if first.startswith("# also as of:") else [])


for path in ["examples/acme.yaml"] + sorted(
        os.path.join("tests/scenarios", f) for f in os.listdir("tests/scenarios") if f.endswith(".yaml")):
    for day in days_of(path):
        plain = run("solve", path, "--format", "json", "--as-of", day)
        r = run("solve", path, "--format", "json", "--verify", "--as-of", day)
        check(f"verify {path} on {day}", r.returncode == plain.returncode and r.stdout == plain.stdout
              and "the independent checker agrees" in r.stderr, r.stderr)
r = run("explain", "examples/acme.yaml", "@acme/legacy-sdk", "--strategy", "trusted-publishing", "--verify")
check("explain --verify", r.returncode == 1 and "agrees with every status, conflict and repair of @acme/legacy-sdk"
      in r.stderr, r.stderr)
# A disagreement (exit 4, the smallest topology after it) cannot be made from
# the command line without a bug: pubplan::verify_and_reduce, which the CLI
# prints, is tested on a corrupted result in tests/unit/verify/test_reduce.cpp.
r = run("--help")
check("help --verify", "--verify" in r.stdout and "4  --verify found a disagreement" in r.stdout, r.stdout)

with tempfile.TemporaryDirectory() as d:
    bad = os.path.join(d, "bad.yaml")
    with open(bad, "w") as f:
        f.write("version: 1\nrepositories:\n  - name: a/r\n    hots: github\n"
                "pipelines:\n  - name: p\n    repository: a/x\n    provider: github-actions\n")
    r = run("validate", bad)
    lines = r.stderr.strip().splitlines()
    check("validate errors", r.returncode == 2 and len(lines) == 2, r.stderr)
    check("error format", lines and lines[0] == f"{bad}:4:5: error: unknown key 'hots' in a repository; did you mean 'host'?", r.stderr)
    r = run("solve", bad)
    check("solve invalid", r.returncode == 2 and r.stdout == "", r.stdout)
    cat = os.path.join(d, "cat.yaml")
    with open(cat, "w") as f:
        f.write("catalog: 1\nrules:\n  - id: tp.one-publisher\n    disabled: true\n")
    r = run("catalog", "--catalog", cat, "--format", "json")
    doc = json.loads(r.stdout) if r.returncode == 0 else {}
    check("user catalog", any(x["id"] == "tp.one-publisher" and not x["enabled"] for x in doc.get("rules", [])), r.stderr)
    with open(cat, "w") as f:
        f.write("catalog: 1\nrules:\n  - id: nope\n    disabled: true\n")
    r = run("solve", "examples/acme.yaml", "--catalog", cat)
    check("bad catalog", r.returncode == 2 and f"{cat}:3:5: error: cannot disable unknown rule 'nope'" in r.stderr, r.stderr)

r = run("validate", "examples/acme.yaml")
check("validate ok", r.returncode == 0 and "ok" in r.stdout, r.stdout + r.stderr)
r = run("solve", "-", stdin=open("examples/acme.yaml").read())
check("stdin", r.returncode == 1 and "@acme/legacy-sdk" in r.stdout, r.stderr)
check("stdin is named <stdin>", r.stdout.startswith("<stdin> — 9 packages") and "(<stdin>:" in r.stdout, r.stdout[:200])
# A package.json whose name npm refuses is skipped with a warning: the scan
# never writes a topology its own loader rejects (found by fuzz_scan).
r = run("scan", "tests/scan/invalid-name")
check("scan skips an invalid npm name", r.returncode == 0 and "Orbit-Bad" not in r.stdout and '"@orbit/good"' in r.stdout
      and "packages/bad/package.json:2:1: warning: skipped: 'Orbit-Bad' is not a valid npm package name" in r.stderr,
      r.stderr)
# A scan piped into solve: the facts the scan read cite the scanned files; only
# what the checkout could not show (unknown, with no origin) cites <stdin>.
scanned = run("scan", "-q", "tests/scan/no-id-token")
r = run("solve", "-", "--as-of", DAY, stdin=scanned.stdout)
cited = set(re.findall(r"\(([^()]+):\d+\)", r.stdout))
check("a piped scan keeps the scanned files' names",
      r.stdout.startswith("<stdin> — 1 packages") and {"tests/scan/no-id-token/package.json",
      "tests/scan/no-id-token/.github/workflows/release.yml"} <= cited and "-" not in cited, sorted(cited))
r = run("validate", "-", stdin="version: 1\nbogus: 1\n")
check("stdin errors name <stdin>", r.returncode == 2 and r.stderr.startswith("<stdin>:2:1: error:"), r.stderr)
env = dict(os.environ, NO_COLOR="1")
r = run("solve", "examples/acme.yaml", env=env)
check("text has no colour off a TTY", "\x1b[" not in r.stdout and "Nothing fits" in r.stdout, r.stdout)
r = run("explain", "examples/acme.yaml", "@acme/legacy-sdk", "--strategy", "granular-token")
check("explain strategy", r.returncode == 1 and "token.disallowed" in r.stdout and "tp.supported-ci" not in r.stdout, r.stdout)
r = run("explain", "examples/acme.yaml", "@acme/ui", "--strategy", "granular-token")
check("why not a feasible strategy", r.returncode == 0 and "ranks below `trusted-publishing`" in r.stdout, r.stdout)
r = run("explain", "examples/acme.yaml", "@acme/legacy-sdk")
check("explain lists repairs", "Cheapest repairs" in r.stdout and "unlocks `granular-token`" in r.stdout, r.stdout)
r = run("solve", "examples/acme.yaml", "--max-conflicts", "1", "--format", "json")
legacy = [p for p in json.loads(r.stdout)["packages"] if p["name"] == "@acme/legacy-sdk"][0]
check("max-conflicts", len(legacy["conflict"]["conflicts"]) == 1 and legacy["conflict"]["complete"] is False, r.stdout[:200])
r = run("solve", "examples/acme.yaml", "--max-repairs", "-1")
check("bad max-repairs", r.returncode == 2 and "--max-repairs takes a number" in r.stderr, r.stderr)
r = run("explain", "examples/acme.yaml", "@acme/nope")
check("explain unknown package", r.returncode == 2 and "has no package '@acme/nope'" in r.stderr, r.stderr)
r = run("explain", "examples/acme.yaml", "@acme/ui", "--strategy", "carrier-pigeon")
check("explain unknown strategy", r.returncode == 2 and "unknown strategy" in r.stderr, r.stderr)
r = run("explain", "examples/acme.yaml", "@acme/ui", "--format", "json")
doc = json.loads(r.stdout)
check("explain json", r.returncode == 0 and [p["name"] for p in doc["packages"]] == ["@acme/ui"], r.stdout)
r = run("solve", "examples/acme.yaml", "--time-limit", "soon")
check("bad time limit", r.returncode == 2, r.stderr)
# validate --print-normalized: a JSON topology that solves to the same answers.
r = run("validate", "examples/acme.yaml", "--print-normalized")
norm = json.loads(r.stdout) if r.returncode == 0 else {}
check("print-normalized", norm.get("version") == 1 and len(norm.get("packages", [])) == 9, r.stdout + r.stderr)
if norm:
    a = json.loads(run("solve", "examples/acme.yaml", "--format", "json").stdout)
    b = json.loads(run("solve", "-", "--format", "json", stdin=r.stdout).stdout)
    check("normalized solves the same",
          [(p["name"], p["recommended"], p["recommended_status"]) for p in a["packages"]] ==
          [(p["name"], p["recommended"], p["recommended_status"]) for p in b["packages"]], r.stdout)

# --fail-on: exit 5 when a listed condition holds, else 0; each holding one on stderr.
ALL_CLEAR = """version: 1
repositories:
  - {name: a/r, host: github, visibility: public}
pipelines:
  - {name: p, repository: a/r, provider: github-actions, runner: hosted, file: r.yml,
     node: 24.11.0, npm: 11.6.2, unattended: true}
packages:
  - {name: x, access: public, repository: a/r, published_by: [p], exists: true, trusted_publisher: publish}
"""
DAY = "2026-12-04"
for gates, code, said in [("infeasible", 5, "--fail-on infeasible: 1 package with nothing that fits"),
                          ("conditional", 5, "--fail-on conditional: 1 package whose recommendation is conditional"),
                          ("finding", 0, ""),
                          ("ahead", 5, "--fail-on ahead: "),
                          ("finding,infeasible", 5, "--fail-on infeasible")]:
    for fmt_ in ("text", "json"):
        r = run("solve", "examples/acme.yaml", "--as-of", DAY, "--format", fmt_, "--fail-on", gates)
        check(f"fail-on {gates} ({fmt_})", r.returncode == code and said in r.stderr and r.stdout,
              f"exit {r.returncode}: {r.stderr}")
        if fmt_ == "json" and r.returncode == code:
            check(f"fail-on {gates}: the report is unchanged", json.loads(r.stdout)["summary"]["exit_code"] == 1,
                  r.stdout[-300:])
r = run("solve", "-", "--as-of", DAY, "--horizon", "0", "--fail-on", "infeasible,conditional,finding,ahead",
        stdin=ALL_CLEAR)
check("fail-on: nothing holds", r.returncode == 0 and "--fail-on" not in r.stderr, f"exit {r.returncode}: {r.stderr}")
r = run("solve", "-", "--as-of", DAY, "--fail-on", "ahead", stdin=ALL_CLEAR)
check("fail-on ahead: the token rule ending within the horizon", r.returncode == 5 and "1 package whose answer "
      "changes within 180 days" in r.stderr, f"exit {r.returncode}: {r.stderr}")
with tempfile.TemporaryDirectory() as d:
    scanned = run("scan", "tests/scan/npm-too-old", "--quiet", "--as-of", DAY)
    path = os.path.join(d, "scanned.yaml")
    with open(path, "w") as f:
        f.write(scanned.stdout)
    r = run("solve", path, "--as-of", DAY, "--fail-on", "finding")
    check("fail-on finding", r.returncode == 5 and "--fail-on finding: 1 finding" in r.stderr,
          f"exit {r.returncode}: {r.stderr}")
r = run("solve", "examples/acme.yaml", "--fail-on", "infeasible,typo")
check("fail-on: an unknown condition is a usage error",
      r.returncode == 2 and "not 'typo'" in r.stderr and "infeasible, conditional, finding, ahead" in r.stderr, r.stderr)

# Every write is checked: a full disk is an error with its reason, on every
# command that writes to standard output, and an unwritable -o too.
WRITERS = [["solve", "examples/acme.yaml"], ["solve", "examples/acme.yaml", "--format", "json"],
           ["solve", "examples/acme.yaml", "--format", "markdown"], ["plan", "examples/acme.yaml"],
           ["plan", "examples/acme.yaml", "--format", "json"], ["explain", "examples/acme.yaml", "@acme/ui"],
           ["validate", "examples/acme.yaml"], ["validate", "examples/acme.yaml", "--print-normalized"],
           ["catalog"], ["catalog", "--format", "json"], ["graph", "examples/acme.yaml"],
           ["scan", "tests/scan/npm-too-old", "--quiet"], ["--help"], ["--version"]]
for args in WRITERS:
    with open("/dev/full", "w") as full:
        r = subprocess.run([PUBPLAN, *args, "--as-of", DAY] if args[0] in ("solve", "plan", "explain", "graph", "scan")
                           else [PUBPLAN, *args], stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    check(f"{' '.join(args)} > /dev/full: exit 2 with the reason", r.returncode == 2 and
          "pubplan: error: cannot write standard output: No space left on device" in r.stderr,
          (r.returncode, r.stderr))
for args in (["scan", "tests/scan/npm-too-old", "--quiet"], ["graph", "examples/acme.yaml"]):
    r = run(*args, "-o", "/nonexistent-dir/out", cwd=ROOT)
    check(f"{args[0]} -o to an unwritable path: exit 2 with the reason", r.returncode == 2 and
          "cannot write /nonexistent-dir/out: No such file or directory" in r.stderr, r.stderr)
# A reader that stops on purpose is not an error: no message (SIGPIPE ends the run).
reader = subprocess.Popen([PUBPLAN, "solve", "examples/acme.yaml", "--format", "json", "--as-of", DAY],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
reader.stdout.read(10)
reader.stdout.close()
_, err = reader.communicate()
check("a closed pipe is not reported", b"cannot write" not in err, err)

# Large runs: the summary first, --summary, and filters that list a subset in every format.
r = run("solve", "examples/acme.yaml", "--as-of", DAY)
check("the summary is the second line", r.stdout.splitlines()[1] ==
      "7 feasible, 1 conditional or undecided, 1 with nothing that fits.", r.stdout[:300])
r = run("solve", "examples/acme.yaml", "--summary", "--as-of", DAY)
check("--summary", r.returncode == 1 and "Nothing fits, by cause" in r.stdout and
      "1 package: tp.supported-ci, stage.npm-version, token.disallowed, interactive.unattended" in r.stdout
      and "Details" not in r.stdout and "      3  trusted-publishing (feasible)" in r.stdout, r.stdout)
r = run("solve", "examples/acme.yaml", "--package", "@acme/c*", "--package", "@acme/legacy-*", "--format", "json",
        "--as-of", DAY)
doc = json.loads(r.stdout) if r.stdout else {}
check("--package lists the matches; the exit code is the whole answer's", r.returncode == 1 and
      [p["name"] for p in doc.get("packages", [])] == ["@acme/cli", "@acme/legacy-sdk"], r.stdout[:300])
r = run("solve", "examples/acme.yaml", "--status", "nothing-fits", "--as-of", DAY)
check("--status in the text report", r.returncode == 1 and "@acme/legacy-sdk" in r.stdout and "@acme/ui" not in r.stdout,
      r.stdout[:300])
r = run("solve", "examples/acme.yaml", "--status", "conditional", "--format", "markdown", "--as-of", DAY)
check("--status in Markdown", "@acme/cli" in r.stdout and "@acme/ui" not in r.stdout, r.stdout[:300])
r = run("solve", "examples/acme.yaml", "--status", "feasable")
check("--status suggests", r.returncode == 2 and "did you mean 'feasible'?" in r.stderr, r.stderr)

# graph: a legend, and one neighbourhood with --package / --pipeline.
r = run("graph", "examples/acme.yaml", "--as-of", DAY)
check("graph has a legend", "subgraph cluster_legend" in r.stdout and 'label="granular-token",fillcolor="#ffcc80"'
      in r.stdout, r.stdout[:400])
check("--no-legend", "cluster_legend" not in run("graph", "examples/acme.yaml", "--no-legend").stdout)
r = run("graph", "examples/acme.yaml", "--package", "@acme/cli", "--as-of", DAY)
check("graph --package draws its neighbourhood", r.returncode == 0 and '"@acme/cli"' in r.stdout and
      '"cli-release"' in r.stdout and '"acme/cli"' in r.stdout and '"@acme/ui"' not in r.stdout, r.stdout)
r = run("graph", "examples/acme.yaml", "--pipeline", "web-release", "--no-legend")
check("graph --pipeline draws its packages", r.returncode == 0 and '"@acme/ui"' in r.stdout and
      '"@acme/icons"' in r.stdout and '"@acme/cli"' not in r.stdout, r.stdout)
r = run("graph", "examples/acme.yaml", "--package", "@nobody/*")
check("graph: a pattern that matches nothing", r.returncode == 2 and "no package or pipeline of the topology matches"
      in r.stderr, r.stderr)

sys.exit(check.report())
