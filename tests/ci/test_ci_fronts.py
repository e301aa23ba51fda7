#!/usr/bin/env python3
"""The CI integrations under ci/, run as far as this machine allows: the shared
script on a fixture checkout, the GitHub Action's shell steps in the order and
with the environment GitHub gives them (the SARIF upload, an action of
GitHub's, is only checked for what it is given), and the GitLab template's
script line. usage: test_ci_fronts.py PUBPLAN"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from harness import DAY, Checks  # noqa: E402

PUBPLAN = str(pathlib.Path(sys.argv[1]).resolve())
check = Checks()
FIXTURE = "tests/scan/npm-too-old"  # one package, one finding, trusted publishing blocked by an old npm
REPORTS = ["topology.yaml", "pubplan.json", "pubplan.md", "pubplan.sarif", "gl-code-quality-report.json"]


def script(env, cwd=ROOT):
    full = {**os.environ, "PUBPLAN": PUBPLAN, "PUBPLAN_AS_OF": DAY, **env}
    return subprocess.run(["bash", str(ROOT / "ci" / "pubplan-ci.sh")], cwd=cwd, env=full, capture_output=True,
                          text=True)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    # The shared script: every report, and the gate's code.
    out = tmp / "reports"
    r = script({"PUBPLAN_PATHS": FIXTURE, "PUBPLAN_OUT": str(out), "PUBPLAN_FAIL_ON": "finding"})
    check("script: a finding fails the gate with 5", r.returncode == 5, f"exit {r.returncode}: {r.stderr}")
    check("script: every report written", all((out / f).is_file() and (out / f).stat().st_size for f in REPORTS),
          sorted(p.name for p in out.iterdir()) if out.exists() else "no directory")
    if (out / "pubplan.sarif").is_file():
        direct = subprocess.run([PUBPLAN, "solve", str(out / "topology.yaml"), "--format", "sarif", "--as-of", DAY],
                                capture_output=True, text=True)
        check("script: the SARIF is solve's", (out / "pubplan.sarif").read_text() == direct.stdout)
        check("script: the scan's finding is in the SARIF", "scan.npm-too-old" in direct.stdout)
        check("script: the JSON parses", json.loads((out / "pubplan.json").read_text())["packages"])
    r = script({"PUBPLAN_PATHS": FIXTURE, "PUBPLAN_OUT": str(tmp / "r2"), "PUBPLAN_FAIL_ON": ""})
    check("script: no conditions, no failure", r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    r = script({"PUBPLAN_PATHS": FIXTURE, "PUBPLAN_OUT": str(tmp / "r3")})
    check("script: the default gate (infeasible) passes when something fits", r.returncode == 0,
          f"exit {r.returncode}: {r.stderr}")
    bad = tmp / "bad.yaml"
    bad.write_text("version: 1\npackages: 7\n")
    r = script({"PUBPLAN_TOPOLOGY": str(bad), "PUBPLAN_OUT": str(tmp / "r4")})
    check("script: bad input stops with 2", r.returncode == 2 and "bad.yaml:2:" in r.stderr,
          f"exit {r.returncode}: {r.stderr}")
    r = script({"PUBPLAN_TOPOLOGY": "examples/acme.yaml", "PUBPLAN_OUT": str(tmp / "r5")})
    check("script: a topology with nothing that fits fails the default gate", r.returncode == 5,
          f"exit {r.returncode}: {r.stderr}")
    check("script: no scan when given a topology", not (tmp / "r5" / "topology.yaml").exists())

    # The GitHub Action: its steps as GitHub runs them.
    action = yaml.safe_load((ROOT / "ci" / "github-action" / "action.yml").read_text())
    check("action: a composite action", action["runs"]["using"] == "composite")
    inputs = {k: v.get("default", "") for k, v in action["inputs"].items()}
    inputs.update({"paths": FIXTURE, "pubplan": PUBPLAN, "fail-on": "finding", "as-of": DAY})
    outputs, summary, runner_temp = {}, tmp / "summary.md", tmp / "runner"
    runner_temp.mkdir()

    def expand(text):
        def value(m):
            expr = m.group(1).strip()
            if expr.startswith("inputs."):
                return str(inputs[expr[len("inputs."):]])
            if expr == "runner.temp":
                return str(runner_temp)
            m2 = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
            if m2:
                return outputs.get(m2.group(1), {}).get(m2.group(2), "")
            raise ValueError(f"an expression the test cannot evaluate: {expr}")
        return re.sub(r"\$\{\{(.*?)\}\}", value, text)

    codes = []
    for step in action["runs"]["steps"]:
        if "uses" in step:
            check("action: the SARIF upload gets the report", expand(step["with"]["sarif_file"]).endswith(
                "/pubplan-reports/pubplan.sarif") and step["uses"].startswith("github/codeql-action/upload-sarif@"),
                step)
            continue
        out_file = tmp / f"output-{step.get('id', 'x')}"
        out_file.write_text("")
        env = {**os.environ, "GITHUB_ACTION_PATH": str(ROOT / "ci" / "github-action"),
               "GITHUB_OUTPUT": str(out_file), "GITHUB_STEP_SUMMARY": str(summary)}
        env.update({k: expand(str(v)) for k, v in step.get("env", {}).items()})
        r = subprocess.run(["bash", "-c", step["run"]], cwd=ROOT, env=env, capture_output=True, text=True)
        codes.append(r.returncode)
        outputs[step.get("id", "")] = dict(line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)
    check("action: build step names the given pubplan", outputs.get("build", {}).get("pubplan") == PUBPLAN,
          outputs.get("build"))
    check("action: run step reports the gate's code", outputs.get("run", {}).get("exit-code") == "5", outputs.get("run"))
    check("action: run step never fails itself", codes[:2] == [0, 0], codes)
    check("action: the gate step fails the job", codes[-1] == 5, codes)
    text = summary.read_text() if summary.exists() else ""
    check("action: the job summary holds the Markdown report", text.startswith("## pubplan: "), text[:200])
    for name in action["outputs"]:
        check(f"action: output {name} comes from a step", "steps." in action["outputs"][name]["value"])

    # The GitLab template: the job's script in a copy of the fixture.
    template = yaml.safe_load((ROOT / "ci" / "gitlab" / "pubplan.gitlab-ci.yml").read_text())
    job = template[".pubplan"]
    project = tmp / "project"
    shutil.copytree(ROOT / FIXTURE, project)
    line = job["script"][0].replace("/opt/pubplan/build/bin/pubplan", PUBPLAN).replace("/opt/pubplan", str(ROOT))
    variables = {k: str(v) for k, v in job["variables"].items()}
    r = subprocess.run(["bash", "-c", line], cwd=project, env={**os.environ, **variables, "PUBPLAN_AS_OF": DAY},
                       capture_output=True, text=True)
    check("gitlab: the script's gate passes on the fixture", r.returncode == 0, f"exit {r.returncode}: {r.stderr}")
    report = project / job["artifacts"]["reports"]["codequality"]
    check("gitlab: the Code Quality report is where the template says", report.is_file())
    if report.is_file():
        entries = json.loads(report.read_text())
        check("gitlab: it holds the finding and the conditional package, paths relative to the project",
              [(e["check_name"], e["location"]["path"]) for e in entries] ==
              [("scan.npm-too-old", ".github/workflows/publish.yml"), ("pubplan.conditional", "package.json")],
              entries)
    check("gitlab: the artifacts keep every report", job["artifacts"]["paths"] == [variables["PUBPLAN_OUT"] + "/"])

# docs/ci.md's snippets use only what the action and the template define.
doc = (ROOT / "docs" / "ci.md").read_text()
snippets = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", doc, re.S)]
check("docs: two snippets", len(snippets) == 2, len(snippets))
if len(snippets) == 2:
    gh_steps = snippets[0]["jobs"]["pubplan"]["steps"]
    uses = [st for st in gh_steps if "ci/github-action@" in st.get("uses", "")]
    check("docs: the GitHub snippet uses the action with its inputs",
          len(uses) == 1 and set(uses[0].get("with", {})) <= set(action["inputs"]), gh_steps)
    gl = snippets[1]
    check("docs: the GitLab snippet extends the template's job with its variables",
          gl["include"][0]["remote"].endswith("/ci/gitlab/pubplan.gitlab-ci.yml")
          and gl["pubplan"]["extends"] == ".pubplan" and set(gl["pubplan"]["variables"]) <= set(job["variables"]), gl)

sys.exit(check.report())
