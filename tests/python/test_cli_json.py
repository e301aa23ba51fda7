"""Result.to_dict() is the CLI's JSON document, for every example and scenario."""

import json
import subprocess

import pytest

import pubplan
from conftest import GOLDEN_DAY, example_files

FILES = example_files()


def test_there_are_files_to_compare():
    assert "examples/acme.yaml" in FILES and len(FILES) >= 6


@pytest.fixture(scope="module")
def planner():
    # Module-scoped: made before the per-test golden-day patch applies, so the day is given here.
    return pubplan._core.Planner(as_of=GOLDEN_DAY)


@pytest.mark.parametrize("path", FILES)
def test_to_dict_equals_cli_json(cli, planner, path):
    run = subprocess.run([cli, "solve", path, "--format", "json", "--as-of", GOLDEN_DAY], capture_output=True, text=True)
    assert run.returncode in (0, 1, 3), run.stderr
    expected = json.loads(run.stdout)
    result = planner.solve(pubplan.load(path))
    assert result.to_dict() == expected
    assert result.exit_code == run.returncode == expected["summary"]["exit_code"]
    # The objects say what the document says.
    for p, d in zip(result.packages, expected["packages"], strict=True):
        assert (p.name, p.recommended, p.recommended_status) == (d["name"], d["recommended"],
                                                                d["recommended_status"])
        assert (p.feasible, p.conditional, p.fallback) == (d["feasible"], d["conditional"], d["fallback"])
        assert {k: s.status for k, s in p.strategies.items()} == {
            k: s["status"] for k, s in d["strategies"].items()}
        for k, s in p.strategies.items():
            assert [r.to_dict() for r in s.because] == d["strategies"][k].get("because", [])
            assert [a.to_dict() for a in s.assuming] == d["strategies"][k].get("assuming", [])
