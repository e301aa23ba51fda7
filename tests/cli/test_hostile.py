#!/usr/bin/env python3
"""Hostile and odd input (docs/hostile-input.md): each case runs the
CLI on a generated file and checks what it does. Rejected inputs exit 2 with a
FILE:LINE:COL error (FILE: error when there is no position); accepted ones are
solved and their answers checked. usage: test_hostile.py PUBPLAN [--sanitized]"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness import DAY, Checks, runner  # noqa: E402

PUBPLAN = sys.argv[1]
# The sanitizer build (ctest passes --sanitized) skips the memory measurements.
SANITIZED = "--sanitized" in sys.argv[2:]
check = Checks()
run = runner(PUBPLAN, text=False)

BASE = ("version: 1\nrepositories:\n  - name: a/r\n    host: github\n    visibility: public\n"
        "pipelines:\n  - name: p\n    repository: a/r\n    provider: github-actions\n"
        "    runner: hosted\n    file: r.yml\n    node: 22.14.0\n    npm: 11.5.1\n    unattended: true\n"
        "packages:\n  - name: x\n    access: public\n    repository: a/r\n    published_by: [p]\n")


def write(d, name, content):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())
    return path


def rejected(d, name, content, message, position=None):
    """The file is an input error: exit 2, nothing on stdout, the message at the position."""
    path = write(d, name, content)
    r = run("validate", path)
    err = r.stderr.decode(errors="replace")
    # A position "LINE:COL" is checked exactly; "LINE:" checks the line only.
    if position and not position.endswith(":"):
        position += ": error: "
    where = f"{path}:{position}" if position else path
    check(name, r.returncode == 2 and r.stdout == b"" and where in err and message in err,
          f"exit {r.returncode}: {err[:500]}")
    return err


def solved(d, name, content, *extra):
    """The file is accepted and solved: returns the JSON document."""
    path = write(d, name, content)
    r = run("solve", path, "--format", "json", "--as-of", DAY, *extra)
    ok = r.returncode in (0, 1, 3)
    check(name + " (solved)", ok, f"exit {r.returncode}: {r.stderr.decode(errors='replace')[:500]}")
    return json.loads(r.stdout) if ok else None


def status(doc, package, strategy):
    p = next(p for p in doc["packages"] if p["name"] == package)
    return p["strategies"][strategy]["status"]


with tempfile.TemporaryDirectory() as d:
    # --- rejected ---------------------------------------------------------
    # Billion laughs: 10 levels of 10 aliases would expand to 10^10 nodes.
    lol = 'version: 1\na: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 10):
        lol += f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join(["*" + chr(96 + i)] * 10) + "]\n"
    # Stopped at the alias whose expansion crosses the limit (the third level).
    rejected(d, "alias-bomb.yaml", lol, "document too large: more than", "4:35:")
    # Nesting: past our depth limit, and far past it (yaml-cpp's own guard).
    rejected(d, "deep-65.yaml", "version: 1\nx: " + "[" * 70 + "]" * 70 + "\n",
             "document nested deeper than 64 levels", "2:")
    rejected(d, "deep-100000.yaml", "version: 1\nx: " + "[" * 100000 + "]" * 100000 + "\n",
             "document nested deeper than 64 levels", "2:")
    rejected(d, "deep-100000.json", '{"version": 1, "x": ' + "[" * 100000 + "]" * 100000 + "}\n",
             "document nested deeper than 64 levels")
    rejected(d, "deep-block.yaml", "version: 1\nx:\n" + "".join(" " * (i + 1) + "- \n" for i in range(3000)),
             "document nested deeper than 64 levels")
    # Over the size limit (512 MiB): a sparse file, rejected before it is read.
    big = os.path.join(d, "too-large.yaml")
    with open(big, "wb") as f:
        f.truncate((512 << 20) + 1)
    r = run("validate", big)
    check("too-large.yaml", r.returncode == 2 and
          f"{big}: error: file too large: {(512 << 20) + 1} bytes (the limit is {512 << 20} bytes)" in r.stderr.decode(),
          r.stderr.decode()[:300])
    # The same limit on standard input (read no further than the limit).
    r = subprocess.run(f"head -c {(512 << 20) + 10} /dev/zero | {PUBPLAN} validate -", shell=True, capture_output=True)
    check("too-large stdin", r.returncode == 2 and "file too large" in r.stderr.decode(), r.stderr.decode()[:300])
    rejected(d, "invalid-utf8.yaml", BASE.encode().replace(b"host: github", b"host: git\xffhub"), "invalid UTF-8", "4:14")
    rejected(d, "overlong-utf8.yaml", BASE.encode().replace(b"name: x", b"name: \xc0\xaf"), "invalid UTF-8", "16:11")
    rejected(d, "nul.yaml", BASE.encode().replace(b"host: github", b"host: git\0hub"), "NUL byte in input", "4:14")
    rejected(d, "nul-escape.yaml", BASE.replace("file: r.yml", 'file: "r\\0.yml"'),
             "NUL character in a string (written as an escape)", "11:11")
    rejected(d, "nul-escape.json", '{"version": 1, "profiles": ["a\\u0000b"]}',
             "NUL character in a string (written as an escape)")
    rejected(d, "surrogate.json", '{"version": 1, "profiles": ["\\ud800"]}', "invalid unicode")
    rejected(d, "duplicate-key.yaml", BASE.replace("    host: github\n", "    host: github\n    host: gitlab\n"),
             "duplicate key 'host' in a repository (first at line 4)", "5:5")
    rejected(d, "duplicate-key.json", '{"version": 1, "version": 1}', "duplicate key 'version'", "1:16")
    rejected(d, "number-as-name.yaml", BASE.replace("name: p\n", "name: 12\n").replace("[p]", "[12]"),
             "the name of a pipeline must be a string, found a number '12'", "7:11")
    rejected(d, "bool-as-host.yaml", BASE.replace("host: github", "host: true"), "host", "4:11")
    rejected(d, "int-out-of-range.yaml", "version: 1\nnpm:\n  tokens_in_use: 99999999999999999999999\n",
             "npm.tokens_in_use is out of range", "3:18")
    rejected(d, "int-negative.yaml", "version: 1\nnpm:\n  tokens_in_use: -1\n",
             "npm.tokens_in_use must be between 0 and 1000, found -1", "3:18")
    rejected(d, "version-out-of-range.yaml", "version: 99999999999999999999\n", "version is out of range", "1:10")
    rejected(d, "bad-npm-name.yaml", BASE.replace("name: x\n", 'name: "@Acme/UI stuff"\n'),
             "is not a valid npm package name", "16:11")
    rejected(d, "npm-name-too-long.yaml", BASE.replace("name: x\n", "name: " + "a" * 215 + "\n"),
             "is not a valid npm package name", "16:11")
    rejected(d, "bad-version.yaml", BASE.replace("node: 22.14.0", "node: 22.x.1"), "node '22.x.1' is not a version", "12:11")
    rejected(d, "huge-version.yaml", BASE.replace("node: 22.14.0", "node: 99999999999999999999.0.0"),
             "is not a version", "12:11")
    rejected(d, "empty.yaml", "", "empty document", "1:1")
    rejected(d, "blank.yaml", "  \n\n# only a comment\n", "empty document", "1:1")

    # --- accepted ---------------------------------------------------------
    # 22.x is not known to be >= 22.14.0 (conditional); 24.x certainly is; lts/* and latest are unknown.
    doc = solved(d, "node-22x.yaml", BASE.replace("node: 22.14.0", "node: 22.x"))
    if doc:
        tp = next(p for p in doc["packages"] if p["name"] == "x")["strategies"]["trusted-publishing"]
        check("22.x is conditional on >= 22.14.0", tp["status"] == "conditional" and
              any(a["fact"] == "pipelines[p].node" and a["needs"] == ">= 22.14.0" for a in tp["assuming"]), tp)
    doc = solved(d, "node-24x.yaml", BASE.replace("node: 22.14.0", "node: 24.x"))
    if doc:
        check("24.x is >= 22.14.0", status(doc, "x", "trusted-publishing") == "feasible", doc["packages"][0])
    for v in ("lts/*", "latest", "node", "current"):
        doc = solved(d, "node-keyword.yaml", BASE.replace("node: 22.14.0", f'node: "{v}"'))
        if doc:
            tp = doc["packages"][0]["strategies"]["trusted-publishing"]
            check(f"node {v} is unknown", tp["status"] == "conditional" and
                  any(a["fact"] == "pipelines[p].node" for a in tp["assuming"]), tp)
    doc = solved(d, "npm-latest.yaml", BASE.replace("npm: 11.5.1", "npm: latest"))
    if doc:
        check("npm latest is unknown", status(doc, "x", "trusted-publishing") == "conditional", doc["packages"][0])
    # Dependencies: a package depending on itself, and a cycle (solved, and
    # reported with its members).
    doc = solved(d, "self-dependency.yaml", BASE + "    depends_on: [x]\n")
    if doc:
        check("self-dependency solved", status(doc, "x", "trusted-publishing") == "feasible", doc["packages"][0])
    cyc = BASE + '    depends_on: ["y"]\n  - name: y\n    access: public\n    repository: a/r\n    published_by: [p]\n    depends_on: [x]\n'
    doc = solved(d, "cycle.yaml", cyc)
    if doc:
        check("cycle solved", [p["recommended"] for p in doc["packages"]] == ["trusted-publishing"] * 2, doc["packages"])
        check("cycle reported with its members", sorted(map(sorted, doc["graph"]["cycles"])) == [["x", "y"]],
              doc["graph"]["cycles"])
    # A pipeline that publishes nothing changes no answer.
    idle = BASE.replace("packages:\n", "  - name: idle\n    repository: a/r\n    provider: jenkins\n    runner: self-hosted\npackages:\n")
    doc = solved(d, "idle-pipeline.yaml", idle)
    if doc:
        check("idle pipeline", doc["packages"][0]["recommended"] == "trusted-publishing" and
              doc["summary"]["exit_code"] == 0, doc["packages"][0])

    # Many pipelines on one package: pipelines with the same facts are one
    # problem (each still named where it matters). 10,000 workflow files are
    # 10,000 trusted publishers and 10,000 tokens: nothing fits, and it says why.
    def many(n, files, last_runner="hosted"):
        pls = "".join(f"  - {{name: p{i}, repository: a/r, provider: github-actions, file: {files(i)}, "
                      f"runner: {last_runner if i == n - 1 else 'hosted'}, node: 22.14.0, npm: 11.5.1, "
                      f"unattended: true}}\n" for i in range(n))
        return ("version: 1\nrepositories:\n  - {name: a/r, host: github, visibility: public}\npipelines:\n" + pls +
                "packages:\n  - {name: x, access: public, repository: a/r, published_by: [" +
                ", ".join(f"p{i}" for i in range(n)) + "]}\n")
    doc = solved(d, "many-pipelines.yaml", many(10000, lambda i: f"r{i}.yml"))
    if doc:
        p = doc["packages"][0]
        because = {k: [r.get("rule") for r in v.get("because", [])] for k, v in p["strategies"].items()}
        check("10,000 pipelines: answered", p["recommended"] is None and
              "tp.publisher-limit" in because["trusted-publishing"] and
              "token.account-limit" in because["granular-token"] and
              "interactive.unattended" in because["interactive-2fa"], because)
        attended = [r for r in p["conflict"]["repairs"] if r["unlocks"] == "interactive-2fa"]
        check("10,000 pipelines: a repair changes every pipeline it must",
              attended and len(attended[0]["changes"]) == 10000 and
              {c["fact"] for c in attended[0]["changes"]} == {f"pipelines[p{i}].unattended" for i in range(10000)},
              [len(r["changes"]) for r in attended])
    # The same workflow file, one self-hosted runner among them: that pipeline is
    # the reason, and the checker agrees (--verify) on every answer.
    path = write(d, "many-one-self-hosted.yaml", many(100, lambda i: "release.yml", "self-hosted"))
    r = run("explain", path, "x", "--format", "json", "--verify", "--as-of", DAY)
    doc = json.loads(r.stdout) if r.returncode in (0, 1, 3) else None
    check("100 pipelines, one self-hosted: verified", doc is not None and b"verified" in r.stderr, r.stderr[-300:])
    if doc:
        tp = doc["packages"][0]["strategies"]["trusted-publishing"]
        check("100 pipelines, one self-hosted: the reason", tp["status"] == "infeasible" and
              [c["fact"] for c in tp["repairs"][0]["changes"]] == ["pipelines[p99].runner"], tp)

    # Very long strings where patterns are matched: no stack overflow (std::regex
    # recursed once per character). An origin of 200,000 characters is valid.
    doc = solved(d, "long-origin.yaml", BASE.replace(
        "    visibility: public\n",
        "    visibility: public\n    origins: {host: \"" + "a" * 200000 + ":3\"}\n"))
    check("long origin: answered", doc is not None and doc["packages"][0]["recommended"] is not None, "")
    rejected(d, "long-bad-origin.yaml", BASE.replace(
        "    visibility: public\n", "    visibility: public\n    origins: {host: \"" + "a" * 200000 + "\"}\n"),
        "origins.host must be \"FILE:LINE\"", "6:")

    # Large files: memory grows with the file, by a bounded factor (the loader
    # reads list elements into the model as they are parsed; JSON goes through
    # simdjson). Not measured under the sanitizers, whose allocator keeps freed
    # memory on purpose.
    if not SANITIZED:
        n = 100000
        as_json = {"version": 1,
                   "repositories": [{"name": "a/r", "host": "github", "visibility": "public"}],
                   "pipelines": [{"name": "p", "repository": "a/r", "provider": "github-actions"}],
                   "packages": [{"name": f"@acme/pkg{i}", "access": "public", "repository": "a/r",
                                 "published_by": ["p"]} for i in range(n)]}
        as_yaml = ("version: 1\nrepositories:\n  - {name: a/r, host: github, visibility: public}\n"
                   "pipelines:\n  - {name: p, repository: a/r, provider: github-actions}\npackages:\n" +
                   "".join(f"  - name: \"@acme/pkg{i}\"\n    access: public\n    repository: a/r\n"
                           f"    published_by: [p]\n" for i in range(n)))
        for name, text in (("large.json", json.dumps(as_json, indent=1)), ("large.yaml", as_yaml)):
            path = write(d, name, text)
            proc = subprocess.Popen([PUBPLAN, "validate", path], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            peak = usage.ru_maxrss * 1024
            # Measured: about 12 (JSON) and 15 (YAML) bytes per byte of input;
            # yaml-cpp's tree alone took 45.
            bound = 24 * len(text) + (64 << 20)
            check(f"{name}: memory bounded", os.waitstatus_to_exitcode(status) == 0 and peak <= bound,
                  f"exit {os.waitstatus_to_exitcode(status)}, peak {peak >> 20} MiB for "
                  f"{len(text) >> 20} MiB of input (bound {bound >> 20} MiB)")

sys.exit(check.report())
