"""Topology.from_dict: building topologies without YAML."""

import yaml

import pubplan
from conftest import example_files


def _decisions(result):
    return [
        (p.name, p.recommended, p.recommended_status, p.feasible, p.conditional, p.fallback,
         {k: s.status for k, s in p.strategies.items()},
         sorted(r.rule for r in (p.conflict or []) if r.kind == "rule"))
        for p in result.packages
    ]


def test_round_trip_of_acme_gives_the_same_results():
    planner = pubplan.Planner()
    with open("examples/acme.yaml") as f:
        data = yaml.safe_load(f)
    from_dict = planner.solve(pubplan.Topology.from_dict(data))
    from_file = planner.solve(pubplan.load("examples/acme.yaml"))
    assert _decisions(from_dict) == _decisions(from_file)
    assert from_dict.exit_code == from_file.exit_code == 1
    assert from_dict.source == "<dict>"


def test_round_trip_of_every_example():
    planner = pubplan.Planner()
    for path in example_files():
        with open(path) as f:
            data = yaml.safe_load(f)
        t = pubplan.Topology.from_dict(data, name=path + ".json")
        assert t.source == path + ".json"
        assert _decisions(planner.solve(t)) == _decisions(planner.solve(pubplan.load(path))), path


def test_a_topology_built_in_code():
    t = pubplan.Topology.from_dict({
        "version": 1,
        "repositories": [{"name": "me/lib", "host": "github", "visibility": "public"}],
        "pipelines": [{"name": "release", "repository": "me/lib", "provider": "jenkins",
                       "runner": "self-hosted", "unattended": True}],
        "packages": [{"name": "lib", "access": "public", "repository": "me/lib",
                      "published_by": ["release"]}],
    })
    (p,) = pubplan.Planner().solve(t).packages
    # Staging fits any CI, given npm and Node versions nobody stated; a token fits now.
    assert (p.recommended, p.recommended_status) == (pubplan.STAGED_PUBLISHING, pubplan.CONDITIONAL)
    assert p.fallback == pubplan.GRANULAR_TOKEN
    assert p.strategies[pubplan.TRUSTED_PUBLISHING].status == pubplan.INFEASIBLE
