"""The diagnose depth from Python: the default's JSON is the CLI's, 'all' adds
every conflict and repair, and Planner.diagnose()/explain() give one package's
on demand, equal to what the full solve and `pubplan explain` give."""
import json
import subprocess

import pytest

import pubplan

from conftest import GOLDEN_DAY, ROOT

ACME = "examples/acme.yaml"


def cli_json(cli, *args):
    r = subprocess.run([cli, *args, "--as-of", GOLDEN_DAY, "--format", "json"], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode in (0, 1, 3), r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("depth", ["first", "all"])
def test_each_depth_gives_the_cli_document(cli, depth):
    planner = pubplan.Planner(diagnose=depth)
    assert planner.diagnose_depth == depth
    result = planner.solve(pubplan.load(ACME))
    assert result.diagnose == depth
    assert result.to_dict() == cli_json(cli, "solve", ACME, "--diagnose", depth)


def test_the_default_depth_is_first_and_all_adds_the_rest():
    topology = pubplan.load(ACME)
    brief = pubplan.Planner().solve(topology)
    full = pubplan.Planner(diagnose="all").solve(topology)
    assert brief.diagnose == "first"
    ruled_out = 0
    for b, f in zip(brief.packages, full.packages):
        assert b.recommended == f.recommended
        for sid, s in b.strategies.items():
            assert s.status == f.strategies[sid].status
            assert [r.to_dict() for r in s.because] == [r.to_dict() for r in f.strategies[sid].because]
            if s.status == pubplan.INFEASIBLE:
                ruled_out += 1
                assert not s.diagnosed and f.strategies[sid].diagnosed
                assert f.strategies[sid].conflicts
        assert b.to_dict()["conflict"] == f.to_dict()["conflict"]
    assert ruled_out > 5
    doc = brief.to_dict()
    assert all("paths" not in need for need in doc["graph"]["read_needs"])
    assert all(len(need["paths"]) == len(need["packages"]) for need in full.to_dict()["graph"]["read_needs"])


def test_diagnose_and_explain_on_demand(cli):
    planner = pubplan.Planner()
    topology = pubplan.load(ACME)
    brief = planner.solve(topology)
    full = pubplan.Planner(diagnose="all").solve(topology)
    for name in ("@acme/ui", "@acme/legacy-sdk"):
        one = planner.diagnose(topology, brief, name)
        want = full.package(name).to_dict()
        got = one.to_dict()
        got["why"] = want["why"]  # the solve's to tell: when it stops fitting
        assert got == want
        assert planner.explain(topology, brief, name).to_dict() == cli_json(cli, "explain", ACME, name)
    with pytest.raises(KeyError, match="no package '@acme/nope'"):
        planner.diagnose(topology, brief, "@acme/nope")


def test_an_unknown_depth_is_refused():
    with pytest.raises(ValueError, match="diagnose must be 'first' or 'all', not 'some'"):
        pubplan.Planner(diagnose="some")
