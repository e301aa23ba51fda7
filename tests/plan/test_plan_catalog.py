#!/usr/bin/env python3
"""`pubplan plan` reads its words from the catalog: a user catalog replaces a
step kind, and a bad `migration` section is an input error at its line.

Usage: test_plan_catalog.py PUBPLAN"""
import json
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from harness import DAY, Checks, runner  # noqa: E402

check = Checks()
run = runner(sys.argv[1])
SCENARIO = "tests/scenarios/migration.yaml"

with tempfile.TemporaryDirectory() as tmp:
    layer = pathlib.Path(tmp) / "ours.yaml"
    layer.write_text("""catalog: 1
migration:
  actors:
    release-team: { says: "the release team", two_factor: true }
  steps:
    trust:
      actor: release-team
      title: "ask the release team for the trusted publishers of {pipeline}"
      commands: ["trust-tool add {package} {repository} {file_name}"]
""")
    r = run("plan", SCENARIO, "--catalog", str(layer), "--format", "json", "--as-of", DAY, cwd=ROOT)
    plan = json.loads(r.stdout) if r.returncode in (0, 1, 3) else {"steps": []}
    trust = [s for s in plan["steps"] if s["kind"] == "trust" and s["pipeline"] == "web-release"]
    check("a user catalog replaces a step kind", trust and trust[0]["title"] ==
          "ask the release team for the trusted publishers of web-release" and trust[0]["actor"] == "release-team"
          and trust[0]["two_factor"], trust)
    check("its commands are written once per package", trust and trust[0]["commands"] == [
        f"trust-tool add {p} acme/web release.yml" for p in ("@acme/ui", "@acme/tokens", "@acme/icons")], trust)
    other = [s for s in plan["steps"] if s["kind"] == "oidc" and s["pipeline"] == "web-release"]
    check("the other kinds keep the built-in words", other and "id-token: write" in other[0]["detail"], other)

    bad = pathlib.Path(tmp) / "bad.yaml"
    bad.write_text("""catalog: 1
migration:
  steps:
    trust:
      actor: nobody
      title: "trust {pakage}"
    oidc:
      actor: maintainer
      titel: "x"
""")
    r = run("plan", SCENARIO, "--catalog", str(bad), "--as-of", DAY, cwd=ROOT)
    check("a bad migration section exits 2", r.returncode == 2, r.returncode)
    check("an unknown field is an error at its line", f"{bad}:6:14: error: bad template 'trust {{pakage}}'"
          in r.stderr, r.stderr)
    check("an unknown key gets a suggestion", f"{bad}:9:7: error: unknown key 'titel'" in r.stderr
          and "did you mean 'title'?" in r.stderr, r.stderr)
    check("an undefined actor is an error", "names actor 'nobody', which migration.actors does not define"
          in r.stderr, r.stderr)

r = run("plan", cwd=ROOT)
check("plan without a file is a usage error", r.returncode == 2 and "usage: pubplan plan [OPTIONS] FILE" in r.stderr, r.stderr)
r = run("plan", SCENARIO, "--fail-on", "finding,ahead", "--as-of", DAY, cwd=ROOT)
check("plan takes --fail-on (ahead holds: exit 5)", r.returncode == 5 and "--fail-on ahead" in r.stderr,
      (r.returncode, r.stderr))
sys.exit(check.report())
