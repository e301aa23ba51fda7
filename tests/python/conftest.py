"""Shared fixtures of the Python binding tests.

Run from the repository root with the built package on the path:
    PYTHONPATH=build/python /usr/bin/python3 -m pytest -q tests/python
PUBPLAN_CLI names the pubplan executable (default: build/bin/pubplan).
"""

import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from harness import DAY  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    # Origins carry the path as given, so every test loads files relative to the
    # repository root, as the CLI golden tests do.
    monkeypatch.chdir(ROOT)


#: The day every test solves on unless it says otherwise: answers must not
#: depend on the day the tests run (the CLI golden tests use the same day).
GOLDEN_DAY = DAY


@pytest.fixture(autouse=True)
def _on_golden_day(monkeypatch):
    """pubplan.Planner() in the tests means Planner(as_of=GOLDEN_DAY); a test that
    needs today's default uses pubplan._core.Planner."""
    import pubplan

    class PlannerOnGoldenDay(pubplan._core.Planner):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("as_of", GOLDEN_DAY)
            super().__init__(*args, **kwargs)

    PlannerOnGoldenDay.__doc__ = pubplan._core.Planner.__doc__
    monkeypatch.setattr(pubplan, "Planner", PlannerOnGoldenDay)


@pytest.fixture(scope="session")
def cli():
    path = pathlib.Path(os.environ.get("PUBPLAN_CLI", ROOT / "build" / "bin" / "pubplan"))
    if not path.is_file():
        pytest.fail(f"the pubplan CLI is not built ({path}); set PUBPLAN_CLI")
    return str(path)


def example_files():
    """Every topology the CLI tests use: examples/ and tests/scenarios/*.yaml, relative to ROOT."""
    files = sorted(p.relative_to(ROOT) for p in (ROOT / "examples").glob("*.yaml"))
    files += sorted(p.relative_to(ROOT) for p in (ROOT / "tests" / "scenarios").glob("*.yaml"))
    return [str(f) for f in files]


def generated_topology(n):
    """A topology of N packages of few shared shapes (so most are solved apart):
    the benchmarks' generator, scenario `distinct`."""
    return generate.distinct(n, None)
