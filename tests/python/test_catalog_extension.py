"""A fifth strategy and a new CI provider, added through a user catalog file only
(tests/catalog_extension/woodpecker.yaml): every front accepts, shows and ranks
them. The engine names no strategy or provider; this is the test that it needs
none."""

import json
import subprocess

import pytest

import pubplan

CATALOG = "tests/catalog_extension/woodpecker.yaml"
TOPOLOGY = "tests/catalog_extension/woodpecker-topology.yaml"


def run(cli, *args):
    return subprocess.run([cli, *args], capture_output=True, text=True)


def test_validate_needs_the_catalog_for_the_new_provider(cli):
    without = run(cli, "validate", TOPOLOGY)
    assert without.returncode == 2
    assert f"{TOPOLOGY}:16:15: error: provider must be one of" in without.stderr
    assert "found 'woodpecker'" in without.stderr
    with_catalog = run(cli, "validate", "--catalog", CATALOG, TOPOLOGY)
    assert with_catalog.returncode == 0, with_catalog.stderr
    assert with_catalog.stdout == f"{TOPOLOGY}: ok (2 repositories, 2 pipelines, 2 packages)\n"


def test_solve_ranks_the_new_strategy_where_it_fits(cli):
    r = run(cli, "solve", "--catalog", CATALOG, "--format", "json", TOPOLOGY)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    by_name = {p["name"]: p for p in doc["packages"]}
    assert by_name["@acme/cli"]["recommended"] == "release-bot"
    assert by_name["@acme/ui"]["recommended"] == "trusted-publishing"
    ui = by_name["@acme/ui"]["strategies"]
    assert list(ui) == ["trusted-publishing", "trusted-publishing-without-provenance", "staged-publishing",
                        "granular-token", "interactive-2fa", "release-bot"]
    assert ui["release-bot"]["status"] == "infeasible"
    assert [m["rule"] for m in ui["release-bot"]["because"] if m.get("rule")] == ["bot.woodpecker-only"]
    # The new strategy publishes with a write token: the token plan gives the
    # Woodpecker pipeline one, and the GitHub pipeline (trusted publishing) none.
    assert [t["pipeline"] for t in doc["tokens"]] == ["bot"]
    text = run(cli, "solve", "--catalog", CATALOG, TOPOLOGY)
    assert text.returncode == 0
    assert "release-bot (1)\n  @acme/cli  feasible" in text.stdout


def test_explain_cites_the_new_rule(cli):
    r = run(cli, "explain", "--catalog", CATALOG, TOPOLOGY, "@acme/ui", "--strategy", "release-bot")
    assert r.returncode == 0, r.stderr
    assert "the release bot runs only in Woodpecker pipelines [bot.woodpecker-only" in r.stdout
    assert "`pipelines[release].provider`: github-actions -> woodpecker" in r.stdout
    assert "; ;" not in r.stdout


def test_graph_colours_the_new_strategy(cli):
    r = run(cli, "graph", "--catalog", CATALOG, TOPOLOGY)
    assert r.returncode == 0, r.stderr
    cli_node = next(l for l in r.stdout.splitlines() if '"@acme/cli"' in l)
    assert 'fillcolor="#ce93d8"' in cli_node and "release-bot (feasible)" in cli_node


def test_catalog_lists_the_strategy_properties(cli):
    r = run(cli, "catalog", "--catalog", CATALOG, "--format", "json")
    assert r.returncode == 0, r.stderr
    strategies = {s["id"]: s for s in json.loads(r.stdout)["strategies"]}
    assert strategies["release-bot"] == {"id": "release-bot", "title": "a release bot whose owner approves each publish with 2FA",
                                         "credential": "write-token", "person_acts": True, "colour": "#ce93d8"}
    assert strategies["interactive-2fa"]["credential"] == "person-2fa"


def test_python_loads_and_solves_with_the_catalog():
    with pytest.raises(pubplan.TopologyError, match="found 'woodpecker'"):
        pubplan.load(TOPOLOGY)
    topology = pubplan.load(TOPOLOGY, catalogs=[CATALOG])
    planner = pubplan.Planner([CATALOG])
    assert planner.strategies[-1] == "release-bot"
    result = planner.solve(topology)
    assert [p.recommended for p in result.packages] == ["release-bot", "trusted-publishing"]
    # A planner of another vocabulary refuses the topology instead of misreading it.
    with pytest.raises(pubplan.TopologyError, match="pipeline.provider differs"):
        pubplan.Planner().solve(topology)
    # The built-in list of strategies is unchanged by a user catalog.
    assert "release-bot" not in pubplan.STRATEGIES


def test_a_layer_without_ranking_ranks_its_strategies_last(tmp_path):
    text = open(CATALOG).read()
    layer = tmp_path / "no-ranking.yaml"
    layer.write_text(text[: text.index("ranking:")])
    planner = pubplan.Planner([str(layer)])
    result = planner.solve(pubplan.load(TOPOLOGY, catalogs=[str(layer)]))
    cli_pkg = result.packages[0]
    # Both a granular token and the release bot fit @acme/cli; the bot, ranked
    # last, is not recommended.
    feasible = [k for k, s in cli_pkg.strategies.items() if s.status == pubplan.FEASIBLE]
    assert feasible == ["granular-token", "release-bot"]
    assert cli_pkg.recommended == "granular-token"
