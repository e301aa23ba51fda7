"""Results pickle: every result object survives pickle.dumps/loads with the same
to_dict() (and the same reports), on the example and on every scenario, so
they can cross process boundaries (multiprocessing, caches)."""

import glob
import pickle

import pytest

import pubplan
from conftest import DAY, ROOT

TOPOLOGIES = ["examples/acme.yaml"] + sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "scenarios").glob("*.yaml"))


def round_trip(obj):
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


@pytest.mark.parametrize("path", TOPOLOGIES)
def test_every_object_round_trips(path):
    planner = pubplan.Planner(as_of=DAY)
    topology = pubplan.load(path)
    result = planner.solve(topology)
    again = round_trip(result)
    assert type(again) is pubplan.Result
    assert again.to_dict() == result.to_dict()
    assert again.to_text() == result.to_text()
    assert again.exit_code == result.exit_code
    objects = []
    for p in result.packages:
        objects.append(p)
        objects.extend(p.warnings)
        objects.extend(p.conflict or [])
        objects.extend(p.repairs)
        for r in p.repairs:
            objects.extend(r.changes)
        for s in p.strategies.values():
            objects.append(s)
            objects.extend(s.because)
            objects.extend(s.assuming)
    objects.extend(result.tokens)
    plan = planner.plan(topology, result)
    objects.append(plan)
    objects.extend(plan.steps)
    objects.extend(plan.packages)
    for obj in objects:
        copy = round_trip(obj)
        assert type(copy) is type(obj)
        assert copy.to_dict() == obj.to_dict(), repr(obj)
    # The kinds of object this topology has, so that the test cannot pass on nothing.
    assert {type(o).__name__ for o in objects} >= {"PackageResult", "StrategyResult", "Plan", "PlanStep",
                                                  "PackagePlan"}


def test_the_scenarios_cover_every_kind():
    kinds = set()
    planner = pubplan.Planner(as_of=DAY)
    for path in TOPOLOGIES:
        result = planner.solve(pubplan.load(path))
        for p in result.packages:
            kinds.update(type(o).__name__ for o in [*p.warnings, *(p.conflict or []), *p.repairs, *result.tokens])
            for r in p.repairs:
                kinds.update(type(c).__name__ for c in r.changes)
            for s in p.strategies.values():
                kinds.update(type(o).__name__ for o in [*s.because, *s.assuming])
    assert kinds == {"PackageWarning", "Reason", "Repair", "Change", "Token", "Assumption"}


def test_a_pickled_package_outlives_its_result():
    result = pubplan.Planner(as_of=DAY).solve(pubplan.load("examples/acme.yaml"))
    blob = pickle.dumps(result.package("@acme/legacy-sdk"))
    del result
    package = pickle.loads(blob)
    assert package.recommended is None and package.repairs and package.conflict


def test_a_state_of_another_layout_is_refused():
    result = pubplan.Planner(as_of=DAY).solve(pubplan.load("examples/acme.yaml"))
    cls, args, *rest = result.__reduce_ex__(2)
    state = result.__getstate__()
    assert state[0] == 2
    fresh = pubplan.Result.__new__(pubplan.Result)
    with pytest.raises(ValueError, match="another version of pubplan"):
        fresh.__setstate__((99, state[1]))
    fresh = pubplan.Result.__new__(pubplan.Result)
    with pytest.raises(ValueError, match="not a pubplan pickle state"):
        fresh.__setstate__((2, state[1][:-1]))
