#!/usr/bin/env python3
"""`pubplan solve --format sarif` against the SARIF 2.1.0 schema, and what its
results say; `--format codequality` (GitLab Code Quality) holds the same
issues. usage: test_ci_reports.py PUBPLAN

Every example and scenario topology, and the topology `pubplan scan` writes for
every scan fixture, is solved as SARIF; each document must validate against the
schema kept in tests/report/, and hold exactly the results it should: one per
finding of the topology and one per package whose recommendation is not
feasible, each at the file and line of its origin."""
import json
import pathlib
import sys
import tempfile
from urllib.parse import unquote

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from harness import DAY, Checks, runner  # noqa: E402

check = Checks()
run = runner(sys.argv[1])
SCHEMA = json.loads((ROOT / "tests" / "report" / "sarif-schema-2.1.0.json").read_text())
validator = jsonschema.Draft4Validator(SCHEMA)


def sarif_of(path):
    """The SARIF and the JSON answer for one topology file (relative to ROOT)."""
    s = run("solve", path, "--format", "sarif", "--as-of", DAY, cwd=ROOT)
    j = run("solve", path, "--format", "json", "--as-of", DAY, cwd=ROOT)
    if not check(f"{path}: exit codes", s.returncode == j.returncode and s.returncode in (0, 1, 3),
                 f"sarif {s.returncode}, json {j.returncode}: {s.stderr[:300]}"):
        return None, None
    return json.loads(s.stdout), json.loads(j.stdout)


SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def expect_codequality(path, results):
    """The Code Quality report: the SARIF results, in order, as GitLab reads them."""
    r = run("solve", path, "--format", "codequality", "--as-of", DAY, cwd=ROOT)
    again = run("solve", path, "--format", "codequality", "--as-of", DAY, cwd=ROOT)
    if not check(f"{path}: codequality exit", r.returncode in (0, 1, 3), r.stderr[:300]):
        return
    cq = json.loads(r.stdout)
    check(f"{path}: codequality is an array of the issues", isinstance(cq, list) and len(cq) == len(results),
          f"{len(cq)} vs {len(results)}")
    check(f"{path}: fingerprints unique", len({e["fingerprint"] for e in cq}) == len(cq))
    check(f"{path}: fingerprints stable", r.stdout == again.stdout)
    for e, s in zip(cq, results):
        loc = s.get("locations", [{}])[0].get("physicalLocation", {})
        ok = (set(e) == {"description", "check_name", "fingerprint", "severity", "location"}
              and e["check_name"] == s["ruleId"] and e["description"] == s["message"]["text"]
              and e["severity"] == ("major" if s["level"] == "error" else "minor") and e["severity"] in SEVERITIES
              and isinstance(e["location"]["path"], str) and e["location"]["lines"]["begin"] >= 1)
        if loc:
            ok = ok and e["location"]["path"] == unquote(loc["artifactLocation"]["uri"])
            ok = ok and e["location"]["lines"]["begin"] == loc.get("region", {}).get("startLine", 1)
        check(f"{path}: codequality {e.get('check_name')}", ok, json.dumps(e)[:300])


def expect(path, findings):
    doc, answer = sarif_of(path)
    if doc is None:
        return
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    check(f"{path}: valid SARIF 2.1.0", not errors,
          "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:3]))
    run_ = doc["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    expect_codequality(path, results)
    for r in results:
        check(f"{path}: ruleIndex points at ruleId", rules[r["ruleIndex"]]["id"] == r["ruleId"], r["ruleId"])
    # Packages: one result each whose recommendation is not feasible.
    wanted = {p["name"]: p for p in answer["packages"] if p["recommended_status"] != "feasible" or p["recommended"] is None}
    got = {r["properties"]["package"]: r for r in results if r["ruleId"].startswith("pubplan.")}
    check(f"{path}: one result per package not feasible", sorted(got) == sorted(wanted),
          f"{sorted(got)} vs {sorted(wanted)}")
    for name, r in got.items():
        p = wanted.get(name)
        if not p:
            continue
        rule = "pubplan.nothing-fits" if p["recommended"] is None else (
            "pubplan.conditional" if p["recommended_status"] == "conditional" else "pubplan.undecided")
        check(f"{path}: {name}: rule", r["ruleId"] == rule, r["ruleId"])
        check(f"{path}: {name}: level", r["level"] == ("error" if rule == "pubplan.nothing-fits" else "warning"),
              r["level"])
        origin = p.get("origin", "")
        if origin:
            file, line = origin.rsplit(":", 1)
            loc = r["locations"][0]["physicalLocation"]
            check(f"{path}: {name}: location", unquote(loc["artifactLocation"]["uri"]) == file.removeprefix("./")
                  and loc["region"]["startLine"] == int(line), json.dumps(loc))
        if p["recommended"] is None:
            cited = [m["rule"] for m in p["conflict"]["because"] if "rule" in m]
            check(f"{path}: {name}: conflict rules", r["properties"].get("rules", []) == cited,
                  f"{r['properties']} vs {cited}")
            for rid in cited:
                check(f"{path}: {name}: {rid} described", any(x["id"] == rid and x.get("shortDescription")
                                                              for x in rules), rid)
    # Findings: one result each, at its file and line (none: no region).
    got_findings = [r for r in results if not r["ruleId"].startswith("pubplan.")]
    check(f"{path}: one result per finding", len(got_findings) == len(findings),
          f"{len(got_findings)} vs {len(findings)}")
    for r, f in zip(got_findings, findings):
        loc = r["locations"][0]["physicalLocation"]
        ok = r["ruleId"] == f["id"] and unquote(loc["artifactLocation"]["uri"]) == f["file"].removeprefix("./")
        ok = ok and (("region" not in loc) if not f.get("line") else loc["region"]["startLine"] == f["line"])
        check(f"{path}: finding {f['id']}", ok, json.dumps(r)[:300])
    expect_plan(path, doc)


def expect_plan(path, solved):
    """`pubplan plan --format sarif|codequality`: the solve's results, then each
    step of the plan that has a location as a note at that file and line."""
    s = run("plan", path, "--format", "sarif", "--as-of", DAY, cwd=ROOT)
    j = run("plan", path, "--format", "json", "--as-of", DAY, cwd=ROOT)
    c = run("plan", path, "--format", "codequality", "--as-of", DAY, cwd=ROOT)
    if not check(f"{path}: plan exit codes", s.returncode == j.returncode == c.returncode and s.returncode in (0, 1, 3),
                 s.stderr[:300]):
        return
    doc, plan, cq = json.loads(s.stdout), json.loads(j.stdout), json.loads(c.stdout)
    errors = list(validator.iter_errors(doc))
    check(f"{path}: plan: valid SARIF 2.1.0", not errors, "; ".join(e.message[:200] for e in errors[:3]))
    results = doc["runs"][0]["results"]
    others = [r for r in results if r["ruleId"] != "pubplan.plan-step"]
    check(f"{path}: plan: the solve's results first", others == solved["runs"][0]["results"][:len(others)]
          and len(others) == len(solved["runs"][0]["results"]))
    steps = [r for r in results if r["ruleId"] == "pubplan.plan-step"]
    located = [st for st in plan["steps"] if st["location"]]
    check(f"{path}: plan: one note per located step", [r["properties"]["step"] for r in steps] ==
          [st["id"] for st in located], f"{len(steps)} vs {len(located)}")
    for r, st in zip(steps, located):
        file, line = st["location"].rsplit(":", 1)
        uri = "file://" + file if file.startswith("/") else file.removeprefix("./")
        loc = r["locations"][0]["physicalLocation"]
        check(f"{path}: plan: {st['id']} at its location", r["level"] == "note" and
              loc["artifactLocation"]["uri"] == uri and loc["region"]["startLine"] == int(line)
              and r["properties"]["kind"] == st["kind"], json.dumps(r)[:300])
    infos = [e for e in cq if e["check_name"] == "pubplan.plan-step"]
    check(f"{path}: plan: codequality notes", len(infos) == len(located) and all(e["severity"] == "info"
                                                                               for e in infos), len(infos))
    check(f"{path}: plan: codequality fingerprints unique", len({e["fingerprint"] for e in cq}) == len(cq))


def findings_of(path):
    import yaml
    return (yaml.safe_load((ROOT / path).read_text()) or {}).get("findings") or []


files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.yaml"))
files += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "scenarios").glob("*.yaml"))
for f in files:
    expect(f, findings_of(f))

# The scan fixtures: scan, then solve what the scan wrote.
with tempfile.TemporaryDirectory() as tmp:
    for d in sorted(p for p in (ROOT / "tests" / "scan").iterdir() if p.is_dir() and p.name != "real"):
        rel = str(d.relative_to(ROOT))
        s = run("scan", rel, "--quiet", "--as-of", DAY, cwd=ROOT)
        if not check(f"scan {rel}", s.returncode == 0, s.stderr[:300]):
            continue
        out = pathlib.Path(tmp) / (d.name + ".yaml")
        out.write_text(s.stdout)
        import yaml
        expect(str(out), (yaml.safe_load(s.stdout) or {}).get("findings") or [])

# A URI keeps what a path may hold as it is (`@` of npm's scope folders) and
# percent-encodes the rest (a blank).
with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
    topo = pathlib.Path(tmp) / "scoped @dir" / "npm" / "@acme" / "cli"
    topo.mkdir(parents=True)
    src = (ROOT / "examples" / "acme.yaml").read_text()
    (topo / "topology.yaml").write_text(src)
    rel = str((topo / "topology.yaml").relative_to(ROOT))
    doc, _ = sarif_of(rel)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in (doc or {"runs": [{"results": []}]})["runs"][0]["results"] for loc in r.get("locations", [])}
    want = rel.replace(" ", "%20")
    check("a URI keeps @ and encodes a blank", want in uris and "@acme" in want, sorted(uris)[:3])

# The schema check is live: a document it must reject is rejected.
bad, _ = sarif_of("examples/acme.yaml")
if bad is not None:
    bad["version"] = "2.0.0"
    del bad["runs"][0]["tool"]["driver"]["name"]
    check("the validator rejects a broken document", len(list(validator.iter_errors(bad))) >= 2)

# Usage: sarif and codequality are solve's and plan's only.
for fmt_ in ("sarif", "codequality"):
    r = run("explain", "examples/acme.yaml", "@acme/cli", "--format", fmt_, cwd=ROOT)
    check(f"explain --format {fmt_} is a usage error", r.returncode == 2 and "takes text or json for explain" in r.stderr,
          r.stderr)
sys.exit(check.report())
