"""What the CLI does beyond solving, from Python: scan, verify, the graph and the
normalized topology, each the same as the CLI's."""

import json
import subprocess

import pytest

import pubplan
import yaml
from conftest import GOLDEN_DAY


def test_scan_gives_the_topology_and_findings_the_cli_writes(cli):
    scanned = pubplan.scan("tests/scan/npm-too-old")
    r = subprocess.run([cli, "scan", "-q", "tests/scan/npm-too-old"], capture_output=True, text=True)
    assert scanned.text == r.stdout
    assert [f.id for f in scanned.findings] == ["scan.npm-too-old"]
    assert scanned.findings[0].rule == "tp.npm-version"
    assert scanned.findings[0].file.endswith(".github/workflows/publish.yml") and scanned.findings[0].line == 15
    assert scanned.topology.package_count == 1
    assert scanned.warnings == []
    solved = pubplan.Planner().solve(scanned.topology)
    assert solved.packages[0].name == scanned.topology.normalized()["packages"][0]["name"]


def test_scan_of_a_missing_directory_is_an_input_error():
    with pytest.raises(pubplan.InputError, match="not a readable directory"):
        pubplan.scan(["no/such/dir"])


def test_verify_agrees_and_reports_a_wrong_result():
    planner = pubplan.Planner()
    topology = pubplan.load("examples/acme.yaml")
    report = planner.verify(topology, planner.solve(topology))
    assert bool(report) and report.disagreements == [] and report.smallest is None
    # A result of another topology is wrong for this one: the checker says so.
    other = planner.solve(pubplan.load("tests/scenarios/self-hosted.yaml"))
    wrong = planner.verify(topology, other)
    assert not wrong
    assert [str(d) for d in wrong.disagreements] == [": package: the result has 1 packages, the topology 9"]
    assert wrong.disagreements[0].check == "package"
    # A fresh solve of the topology agrees with the checker: no part shows it.
    assert wrong.smallest is not None and wrong.smallest.package_count == 9


def test_normalized_is_what_validate_prints(cli):
    r = subprocess.run([cli, "validate", "--print-normalized", "examples/acme.yaml"], capture_output=True, text=True)
    assert pubplan.load("examples/acme.yaml").normalized() == json.loads(r.stdout)


def test_to_dot_is_what_graph_prints(cli):
    topology = pubplan.load("examples/acme.yaml")
    planner = pubplan.Planner()
    r = subprocess.run([cli, "graph", "examples/acme.yaml", "--as-of", GOLDEN_DAY], capture_output=True, text=True)
    assert topology.to_dot(planner.solve(topology), planner) == r.stdout
    plain = topology.to_dot()
    assert plain.startswith("digraph G {") and "fillcolor" not in plain
    r = subprocess.run([cli, "graph", "examples/acme.yaml", "--as-of", GOLDEN_DAY, "--package", "@acme/c*",
                        "--no-legend"], capture_output=True, text=True)
    assert topology.to_dot(planner.solve(topology), planner, packages=["@acme/c*"], legend=False) == r.stdout
    with pytest.raises(ValueError, match="matches"):
        topology.to_dot(pipelines=["nobody"])


def test_scan_says_whether_it_holds_the_whole_organisation():
    partial = pubplan.scan("tests/scan/npm-too-old")
    whole = pubplan.scan("tests/scan/npm-too-old", whole_org=True)
    assert partial.topology.normalized()["npm"]["complete"] is False
    assert "complete" not in whole.topology.normalized().get("npm", {})


def test_scan_reads_the_registry_only_when_asked(tmp_path):
    import http.server
    import threading

    asked = []

    class Registry(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            body = b'{"dist-tags": {"latest": "1.0.0"}, "versions": {"1.0.0": {"dist": {}}}}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        offline = pubplan.scan("tests/scan/npm-too-old")
        assert asked == []
        assert offline.topology.normalized()["packages"][0]["exists"] is None  # unknown
        url = f"http://127.0.0.1:{server.server_address[1]}"
        online = pubplan.scan("tests/scan/npm-too-old", registry=True, registry_url=url)
        assert asked == ["/@fathom%2fcharts"]
        assert online.topology.normalized()["packages"][0]["exists"] is True
    finally:
        server.shutdown()


def _cli_report(cli, fmt, path="examples/acme.yaml"):
    r = subprocess.run([cli, "solve", path, "--format", fmt, "--as-of", GOLDEN_DAY], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    return r.stdout


def test_ci_reports_are_the_clis(cli):
    planner = pubplan.Planner()
    topology = pubplan.load("examples/acme.yaml")
    result = planner.solve(topology)
    assert result.to_markdown() == _cli_report(cli, "markdown")
    assert result.to_sarif(topology, planner) == _cli_report(cli, "sarif")
    assert result.to_codequality(topology) == _cli_report(cli, "codequality")
    sarif = json.loads(result.to_sarif(topology))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["pubplan.conditional", "pubplan.nothing-fits"]
    short = result.to_markdown(limit=3000)
    assert len(short) <= 3000 and "left out" in short


def test_gates_holding_reads_what_fail_on_reads(tmp_path, cli):
    planner = pubplan.Planner()
    topology = pubplan.load("examples/acme.yaml")
    result = planner.solve(topology)
    held = result.gates_holding(topology, ["finding", "infeasible", "conditional"])
    assert held == [("infeasible", "1 package with nothing that fits"),
                    ("conditional", "1 package whose recommendation is conditional or undecided")]
    assert result.gates_holding(topology, []) == []
    with pytest.raises(ValueError, match="unknown gate 'typo'"):
        result.gates_holding(topology, ["typo"])
    scanned = pubplan.scan("tests/scan/npm-too-old")
    assert scanned.topology and planner.solve(scanned.topology).gates_holding(scanned.topology, ["finding"]) == \
        [("finding", "1 finding")]


def test_scan_and_verify_objects_have_to_dict():
    scanned = pubplan.scan("tests/scan/npm-too-old")
    written = yaml.safe_load(scanned.text)
    assert [f.to_dict() for f in scanned.findings] == written["findings"] and written["findings"]
    d = scanned.to_dict()
    assert d["topology"] == scanned.topology.to_dict()
    assert d["findings"] == written["findings"]
    assert d["warnings"] == [{"file": f, "line": l, "column": c, "message": m} for f, l, c, m in scanned.warnings]
    planner = pubplan.Planner()
    topology = pubplan.load("examples/acme.yaml")
    assert planner.verify(topology, planner.solve(topology)).to_dict() == {"disagreements": [], "smallest": None}
    wrong = planner.verify(topology, planner.solve(pubplan.load("tests/scenarios/self-hosted.yaml")))
    d = wrong.to_dict()
    assert d["disagreements"] == [x.to_dict() for x in wrong.disagreements] and d["disagreements"]
    assert set(d["disagreements"][0]) == {"package", "strategy", "check", "message"}
    assert d["smallest"] == wrong.smallest.to_dict()
