"""The public API of pubplan: loading, planning, reading results."""

import datetime
import json
import os
import pathlib
import subprocess

import pytest

import pubplan
from conftest import GOLDEN_DAY

ACME = "examples/acme.yaml"


@pytest.fixture(scope="module")
def acme():
    # Module-scoped: made before the per-test golden-day patch applies, so the day is given here.
    return pubplan._core.Planner(as_of=GOLDEN_DAY).solve(pubplan.load("examples/acme.yaml"))


def test_all_names_exist_and_are_documented():
    assert len(set(pubplan.__all__)) == len(pubplan.__all__)
    for name in pubplan.__all__:
        obj = getattr(pubplan, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"
    for cls in (pubplan.Topology, pubplan.Planner, pubplan.Result, pubplan.PackageResult,
                pubplan.StrategyResult, pubplan.Reason, pubplan.Assumption, pubplan.Repair,
                pubplan.Change, pubplan.PackageWarning):
        for attr, member in vars(cls).items():
            if attr.startswith("_"):
                continue
            assert member.__doc__ and member.__doc__.strip(), f"{cls.__name__}.{attr} has no docstring"


def test_typing_files_are_shipped():
    pkg = pathlib.Path(pubplan.__file__).parent
    for f in ("py.typed", "__init__.pyi", "_core.pyi", "errors.pyi"):
        assert (pkg / f).is_file(), f


def test_stub_names_match_the_module():
    # Every public name of the compiled module is described in its stub, and back.
    stub = (pathlib.Path(pubplan.__file__).parent / "_core.pyi").read_text()
    for name in dir(pubplan._core):
        if not name.startswith("_"):
            assert f"class {name}" in stub or f"def {name}" in stub or f"{name}: str" in stub, name


def test_constants_are_the_json_strings():
    assert pubplan.TRUSTED_PUBLISHING == "trusted-publishing"
    assert pubplan.TRUSTED_PUBLISHING_WITHOUT_PROVENANCE == "trusted-publishing-without-provenance"
    assert pubplan.GRANULAR_TOKEN == "granular-token"
    assert pubplan.INTERACTIVE_2FA == "interactive-2fa"
    assert pubplan.STATUSES == ("feasible", "conditional", "infeasible", "unknown")
    assert list(pubplan.STRATEGIES) == pubplan.Planner().strategies


def test_version():
    assert pubplan.version() == pubplan.__version__
    assert len(pubplan.version().split(".")) == 3


def test_load_and_topology(tmp_path):
    t = pubplan.load(ACME)
    assert t.source == ACME
    assert (t.package_count, t.pipeline_count) == (9, 5)
    assert t.repository_count == 5
    assert repr(t) == "<Topology 'examples/acme.yaml': 9 packages, 5 pipelines, 5 repositories>"
    # os.PathLike works too, and keeps the path as given.
    assert pubplan.load(pathlib.Path(ACME)).source == ACME


def test_loads_text_and_bytes():
    text = pathlib.Path(ACME).read_text()
    assert pubplan.loads(text).source == "<string>"
    assert pubplan.loads(text, name="acme.yaml").source == "acme.yaml"
    assert pubplan.loads(text.encode()).package_count == 9
    with pytest.raises(TypeError):
        pubplan.loads(42)


def test_load_reads_json_too():
    data = json.dumps({"version": 1, "repositories": [{"name": "a/b", "host": "github"}],
                       "packages": [{"name": "x", "repository": "a/b"}]})
    r = pubplan.Planner().solve(pubplan.loads(data))
    assert [p.name for p in r.packages] == ["x"]


def test_result_reads_like_the_cli(acme):
    assert [(p.name, p.recommended) for p in acme.packages] == [
        ("@acme/ui", "trusted-publishing"),
        ("@acme/tokens", "trusted-publishing"),
        ("@acme/icons", "granular-token"),
        ("@acme/auth", "staged-publishing"),
        ("@acme/billing-client", "staged-publishing"),
        ("@acme/data-kit", "trusted-publishing"),
        ("@acme/cli", "trusted-publishing-without-provenance"),
        ("@acme/eslint-config", "interactive-2fa"),
        ("@acme/legacy-sdk", None),
    ]
    assert acme.exit_code == 1
    assert acme.source == ACME
    assert acme.catalog_as_of == acme.to_dict()["catalog_as_of"]
    assert len(acme) == 9 and [p.name for p in acme] == [p.name for p in acme.packages]
    assert repr(acme) == ("<Result 'examples/acme.yaml': 9 packages, 1 with nothing that fits, "
                          "1 conditional or unknown, exit_code 1>")


def test_feasible_package(acme):
    ui = acme.package("@acme/ui")
    assert ui.recommended == pubplan.TRUSTED_PUBLISHING
    assert ui.recommended_status == pubplan.FEASIBLE
    assert ui.provenance is True
    assert ui.feasible[0] == "trusted-publishing" and ui.conditional == []
    assert list(ui.strategies) == list(pubplan.STRATEGIES)
    assert ui.conflict is None and ui.conflicts == [] and ui.repairs == []
    assert ui.fallback is None
    assert ui.origin.startswith("examples/acme.yaml:")
    assert ui.why
    assert repr(ui) == "<PackageResult '@acme/ui': trusted-publishing (feasible)>"
    tp = ui.strategies["trusted-publishing"]
    assert (tp.id, tp.status, tp.provenance, tp.note) == ("trusted-publishing", "feasible", True, None)
    assert tp.because == [] and tp.assuming == []
    assert repr(tp) == "<StrategyResult 'trusted-publishing' feasible>"


def test_infeasible_strategy_has_reasons_and_repairs(acme):
    s = acme.package("@acme/ui").strategies[pubplan.INTERACTIVE_2FA]
    assert s.status == pubplan.INFEASIBLE
    rules = [r for r in s.because if r.kind == "rule"]
    facts = [r for r in s.because if r.kind == "fact"]
    assert [r.rule for r in rules] == ["interactive.unattended"]
    assert rules[0].instance == "pipelines[web-release]" and rules[0].says and rules[0].source
    assert rules[0].fact is None and rules[0].value is None
    assert [(f.fact, f.value) for f in facts] == [("pipelines[web-release].unattended", True)]
    assert facts[0].origin == "examples/acme.yaml:44" and facts[0].default is False
    assert facts[0].rule is None
    # The default depth computes one reason set; the rest is the full diagnosis's.
    assert not s.diagnosed and s.conflicts == [] and s.repairs == []
    planner = pubplan.Planner()
    full = planner.diagnose(pubplan.load(ACME), acme, "@acme/ui").strategies[pubplan.INTERACTIVE_2FA]
    assert full.diagnosed
    assert full.conflicts[0][0].to_dict() == s.because[0].to_dict()
    assert full.conflicts_complete in (True, False)
    assert any(c.fact == "pipelines[web-release].unattended" and c.to_value is False
               for rep in full.repairs for c in rep.changes)
    assert repr(facts[0]) == "<Reason fact pipelines[web-release].unattended = true (examples/acme.yaml:44)>"


def test_conditional_package(acme):
    cli = acme.package("@acme/cli")
    assert cli.recommended == pubplan.TRUSTED_PUBLISHING_WITHOUT_PROVENANCE
    assert cli.recommended_status == pubplan.CONDITIONAL
    assert cli.fallback == pubplan.GRANULAR_TOKEN
    (a,) = cli.strategies[cli.recommended].assuming
    assert (a.fact, a.needs) == ("pipelines[cli-release].node", ">= 22.14.0")
    assert a.to_dict() == {"fact": a.fact, "needs": a.needs, "origin": a.origin}
    assert repr(a) == "<Assumption pipelines[cli-release].node >= 22.14.0>"


def test_nothing_fits_conflict_and_repairs(acme):
    p = acme.package("@acme/legacy-sdk")
    assert p.recommended is None and p.recommended_status is None
    assert p.feasible == [] and p.conditional == []
    assert all(s.status == "infeasible" for s in p.strategies.values())
    assert {r.rule for r in p.conflict if r.kind == "rule"} == {
        "tp.supported-ci", "stage.npm-version", "token.disallowed", "interactive.unattended"}
    assert [r.to_dict() for r in p.conflicts[0]] == [r.to_dict() for r in p.conflict]
    cheapest = p.repairs[0]
    assert (cheapest.unlocks, cheapest.cost, cheapest.status) == ("staged-publishing", 2, "feasible")
    assert [(c.fact, c.from_value, c.to_value, c.origin) for c in cheapest.changes] == [
        ("pipelines[legacy-build].node", "20.11.0", "22.14.0", "examples/acme.yaml:73"),
        ("pipelines[legacy-build].npm", "10.2.4", "11.15.0", "examples/acme.yaml:74")]
    assert [r.cost for r in p.repairs] == sorted(r.cost for r in p.repairs)
    doc = acme.to_dict()["packages"][-1]["conflict"]
    assert [r.to_dict() for r in p.repairs] == doc["repairs"]
    assert [r.to_dict() for r in p.conflict] == doc["because"]
    assert (p.conflicts_complete, p.repairs_complete) == (doc["complete"], doc["repairs_complete"])
    assert repr(p) == "<PackageResult '@acme/legacy-sdk': nothing fits>"
    assert repr(cheapest) == ("<Repair unlocks 'staged-publishing' cost 2: "
                              "pipelines[legacy-build].node -> \"22.14.0\", pipelines[legacy-build].npm -> \"11.15.0\">")
    assert repr(cheapest.changes[0]) == "<Change pipelines[legacy-build].node: \"20.11.0\" -> \"22.14.0\">"


def test_warnings(acme):
    icons = acme.package("@acme/icons")
    doc = next(p for p in acme.to_dict()["packages"] if p["name"] == "@acme/icons")
    assert [w.to_dict() for w in icons.warnings] == doc["warnings"]
    assert any(w.rule == "token.bypass-2fa-sunset" for w in icons.warnings)
    w = icons.warnings[0]
    assert w.says and w.source and repr(w) == f"<PackageWarning {w.rule!r}>"


def test_package_lookup(acme):
    assert acme.package("@acme/cli").name == "@acme/cli"
    with pytest.raises(KeyError):
        acme.package("@acme/nope")


def test_views_outlive_the_result():
    r = pubplan.Planner().solve(pubplan.load(ACME))
    reason = r.package("@acme/legacy-sdk").conflict[0]
    strategies = r.packages[0].strategies
    del r
    import gc
    gc.collect()
    assert reason.rule == "tp.supported-ci"
    assert strategies["trusted-publishing"].status == "feasible"


def test_json_and_text_renderings(acme):
    assert json.loads(acme.to_json()) == acme.to_dict()
    assert json.loads(acme.to_json(indent=0)) == acme.to_dict()
    text = acme.to_text()
    assert "@acme/legacy-sdk" in text and "Nothing fits" in text
    explained = acme.package("@acme/legacy-sdk").explain()
    assert "tp.supported-ci" in explained
    one = acme.package("@acme/ui").explain(pubplan.GRANULAR_TOKEN)
    assert "granular-token" in one


def test_planner_options():
    p = pubplan.Planner()
    assert (p.max_conflicts, p.max_repairs, p.time_limit, p.rlimit) == (5, 5, None, 5_000_000)
    q = pubplan.Planner(max_conflicts=1, max_repairs=2, time_limit=1.5, rlimit=None)
    assert (q.max_conflicts, q.max_repairs, q.time_limit, q.rlimit) == (1, 2, 1.5, None)
    assert repr(q).startswith("<Planner catalog as of ")
    r = q.solve(pubplan.load(ACME))
    p = r.package("@acme/legacy-sdk")
    assert len(p.conflicts) == 1 and p.conflicts_complete is False
    assert len(p.repairs) <= 2
    for bad in ({"max_conflicts": -1}, {"max_repairs": -3}, {"time_limit": 0}, {"time_limit": -1.0},
                {"time_limit": float("nan")}, {"rlimit": 0}):
        with pytest.raises(ValueError):
            pubplan.Planner(**bad)
    with pytest.raises(TypeError):
        pubplan.Planner(max_conflicts="5")
    with pytest.raises(TypeError):
        pubplan.Planner("catalog.yaml")  # one string, not a list of catalogs
    with pytest.raises(TypeError):
        pubplan.Planner([42])


def test_budget_gives_unknown_statuses_not_an_exception():
    r = pubplan.Planner(rlimit=1000).solve(pubplan.load(ACME))
    s = r.packages[0].strategies["trusted-publishing"]
    assert s.status == pubplan.UNKNOWN
    assert s.note
    assert r.exit_code == 3


NO_CIRCLECI = """catalog: 1
rules:
  - id: acme.no-circleci
    statement: acme does not publish from CircleCI
    source: acme security policy
    as_of: 2026-11-01
    strategies: all
    for_each: pipeline
    requires: { not: { pipeline.provider: circleci } }
"""


def test_planner_catalogs_as_text_and_paths(tmp_path, acme):
    assert acme.package("@acme/cli").recommended is not None
    by_text = pubplan.Planner([NO_CIRCLECI]).solve(pubplan.load(ACME))
    path = tmp_path / "no-circleci.yaml"
    path.write_text(NO_CIRCLECI)
    for catalogs in ([str(path)], [path], [NO_CIRCLECI.encode()]):
        r = pubplan.Planner(catalogs).solve(pubplan.load(ACME))
        assert r.to_dict()["packages"] == by_text.to_dict()["packages"]
    cli = by_text.package("@acme/cli")
    assert cli.recommended is None
    assert "acme.no-circleci" in {r.rule for r in cli.conflict}
    planner = pubplan.Planner([path])
    assert "acme.no-circleci" in {r["id"] for r in planner.catalog_dict()["rules"]}
    assert planner.catalog_as_of == by_text.catalog_as_of == acme.catalog_as_of
    dated = pubplan.Planner(["catalog: 1\nas_of: 2027-01-01\n" + NO_CIRCLECI[len("catalog: 1\n"):]])
    assert dated.catalog_as_of == "2027-01-01"
    assert dated.solve(pubplan.load(ACME)).catalog_as_of == "2027-01-01"


def test_load_dash_reads_standard_input(monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(pathlib.Path(ACME).read_text()))
    t = pubplan.load("-")
    assert (t.source, t.package_count) == ("<stdin>", 9)


def test_tokens_are_the_json_token_plan(acme):
    doc = acme.to_dict()
    assert [t.to_dict() for t in acme.tokens] == doc["tokens"]
    write = [t for t in acme.tokens if t.access == "read-write"]
    assert {p for t in write for p in t.packages} == {"@acme/icons"}
    stage = [t for t in acme.tokens if t.access == "read-write-stage-only"]
    assert [(t.pipeline, t.packages, t.bypass_2fa) for t in stage] == [
        ("platform-release", ["@acme/auth", "@acme/billing-client"], False)]
    read = [t for t in acme.tokens if t.access == "read-only"]
    assert [(t.pipeline, t.packages, t.bypass_2fa) for t in read] == [("data-release", ["@acme/auth"], False)]
    assert all(t.command.startswith("npm token create --name " + t.name) for t in acme.tokens)
    assert repr(read[0]).startswith("<Token 'pubplan-data-release-read' read-only")


def test_threads_change_the_time_not_the_answer(acme):
    one = pubplan.Planner(threads=1)
    assert one.threads == 1 and pubplan.Planner().threads == 0
    assert one.solve(pubplan.load("examples/acme.yaml")).to_dict() == acme.to_dict()
    with pytest.raises(ValueError):
        pubplan.Planner(threads=-1)


def test_solve_with_each_streams_the_packages(acme):
    seen = []
    streamed = pubplan.Planner().solve(pubplan.load(ACME), each=seen.append)
    # Every package, in topology order, the same as a kept solve; none kept.
    def facts(p):
        return (p.name, p.recommended, p.recommended_status, p.feasible, p.conditional, p.explain())

    assert [facts(p) for p in seen] == [facts(p) for p in acme.packages]
    assert all(isinstance(p, pubplan.PackageResult) for p in seen)
    assert len(streamed) == 0 and streamed.packages == []
    assert streamed.summary == acme.summary
    assert acme.summary["packages"] == len(acme.packages)
    assert acme.summary["nothing_fits"] == sum(1 for p in acme if p.recommended is None)
    assert streamed.exit_code == acme.exit_code == 1
    assert streamed.to_dict()["tokens"] == acme.to_dict()["tokens"]
    assert "<Result 'examples/acme.yaml': %d packages" % len(acme) in repr(streamed)


def test_an_exception_in_each_ends_the_solve():
    calls = []

    def each(package):
        calls.append(package.name)
        raise KeyError("stop here")

    with pytest.raises(KeyError, match="stop here"):
        pubplan.Planner().solve(pubplan.load(ACME), each=each)
    assert len(calls) == 1
    with pytest.raises(TypeError):
        pubplan.Planner().solve(pubplan.load(ACME), each=42)


def test_each_part_to_dict_is_its_part_of_the_document():
    result = pubplan.Planner().solve(pubplan.load("examples/acme.yaml"))
    doc = result.to_dict()
    assert [p.to_dict() for p in result.packages] == doc["packages"]
    assert [t.to_dict() for t in result.tokens] == doc["tokens"]


def test_as_of_and_ahead():
    acme = pubplan.load(ACME)
    now = pubplan.Planner(as_of="2026-12-04").solve(acme)
    assert (now.as_of, now.horizon_days) == ("2026-12-04", 180)
    icons = [a for a in now.ahead if "@acme/icons" in a["packages"]]
    assert [(a["date"], a["recommended_before"], a["recommended_after"]) for a in icons] == [
        ("2027-01-01", "granular-token", None)]
    assert icons[0]["rules"][0]["rule"] == "token.direct-publish-ends"
    assert now.ahead == now.to_dict()["ahead"]
    # Solving on the day ahead names gives what it predicted.
    later = pubplan.Planner(as_of=datetime.date(2027, 1, 1)).solve(acme)
    assert later.package("@acme/icons").recommended is None
    assert later.package("@acme/icons").strategies["granular-token"].status == "infeasible"
    assert pubplan.Planner(as_of="2026-12-04", horizon_days=0).solve(acme).ahead == []
    for bad in ["2026-02-30", "soon"]:
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            pubplan.Planner(as_of=bad)
    with pytest.raises(TypeError):
        pubplan.Planner(as_of=20261204)
    # Without as_of, the rules of today (UTC).
    assert pubplan._core.Planner().as_of == datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def test_unknown_publishers_are_never_feasible():
    data = {
        "version": 1,
        "repositories": [{"name": "acme/web", "host": "github", "visibility": "public"}],
        "packages": [{"name": "@acme/ui", "access": "public", "repository": "acme/web",
                      "published_by": "unknown"}],
    }
    topology = pubplan.Topology.from_dict(data)
    assert topology.normalized()["packages"][0]["published_by"] == "unknown"
    planner = pubplan.Planner()
    result = planner.solve(topology)
    p = result.package("@acme/ui")
    assert p.feasible == []
    assert {s.status for s in p.strategies.values()} == {pubplan.CONDITIONAL}
    assert "packages[@acme/ui].published_by" in {a.fact for a in p.strategies[p.recommended].assuming}
    assert result.exit_code == 3
    assert planner.verify(topology, result).disagreements == []


def test_plan_matches_the_cli():
    """Planner.plan gives the plan `pubplan plan --format json` writes, as data and as reports."""
    planner = pubplan.Planner(as_of="2026-12-04")
    topology = pubplan.load(ACME)
    result = planner.solve(topology)
    plan = planner.plan(topology, result)
    assert plan.to_dict() == planner.plan(topology).to_dict()
    doc = plan.to_dict()
    assert len(plan) == len(doc["steps"]) == 24
    first = plan.steps[0]
    assert (first.id, first.kind, first.pipeline, first.actor) == ("s1", "change", "legacy-build", "maintainer")
    assert [s.id for s in plan.steps] == [s["id"] for s in doc["steps"]]
    trust = [s for s in plan.steps if s.kind == "trust" and s.pipeline == "data-release"][0]
    assert trust.two_factor and trust.commands == [
        "npm trust gitlab @acme/data-kit --project acme/data --file .gitlab-ci.yml --allow-publish --yes"]
    legacy = [p for p in plan.packages if p.name == "@acme/legacy-sdk"][0]
    assert (legacy.target, legacy.target_status, legacy.via_repair) == ("staged-publishing", "feasible", True)
    assert "### Plan (24 steps" in plan.to_markdown(result)
    assert '"pubplan.plan-step"' in plan.to_sarif(result, topology, planner)
    assert "pubplan.plan-step" in plan.to_codequality(result, topology)
    assert plan.to_text().startswith(f"{ACME}: migration plan, 24 steps")


def test_plan_refuses_a_result_of_another_topology():
    planner = pubplan.Planner(as_of="2026-12-04")
    other = pubplan.Topology.from_dict({"version": 1, "repositories": [{"name": "o/r"}],
                                        "packages": [{"name": "x", "repository": "o/r"}]})
    with pytest.raises(ValueError, match="not hold the topology's packages|not a solve of this topology"):
        planner.plan(pubplan.load(ACME), planner.solve(other))


def test_python_m_pubplan_runs_the_cli(tmp_path):
    """`python -m pubplan` is the pubplan command: same output, same exit code."""
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items()}
    env["PYTHONPATH"] = str(pathlib.Path(pubplan.__file__).parent.parent)
    r = subprocess.run([sys.executable, "-m", "pubplan", "solve", ACME, "--format", "json", "--as-of", GOLDEN_DAY],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout) == json.loads(pubplan.Planner(as_of=GOLDEN_DAY).solve(pubplan.load(ACME)).to_json())
    r = subprocess.run([sys.executable, "-m", "pubplan", "solve", "--fromat"], capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "did you mean '--format'?" in r.stderr


def test_every_result_object_has_to_dict_equal_to_the_cli_json(acme):
    doc = acme.to_dict()
    for package, expected in zip(acme.packages, doc["packages"]):
        assert package.to_dict() == expected
        for sid, strategy in package.strategies.items():
            assert strategy.to_dict() == expected["strategies"][sid]
    topology = pubplan.load(ACME)
    assert topology.to_dict() == topology.normalized()
    assert pubplan.Topology.from_dict(topology.to_dict()).to_dict() == topology.to_dict()


def test_every_plan_object_has_to_dict_equal_to_the_cli_json(cli):
    run = subprocess.run([str(cli), "plan", "tests/scenarios/migration.yaml", "--as-of", GOLDEN_DAY, "--format",
                          "json"], capture_output=True, text=True)
    doc = json.loads(run.stdout)
    planner = pubplan.Planner(as_of=GOLDEN_DAY)
    plan = planner.plan(pubplan.load("tests/scenarios/migration.yaml"))
    assert plan.to_dict() == doc
    assert len(plan.steps) == len(doc["steps"]) > 3
    for step, expected in zip(plan.steps, doc["steps"]):
        assert step.to_dict() == expected
    for package, expected in zip(plan.packages, doc["packages"]):
        assert package.to_dict() == expected
