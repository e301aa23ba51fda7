"""The examples of docs/ that are not checked elsewhere (cli.golden checks the
explanations, cli.scan the scan page, install.consumers the C and C++ pages,
test_readme the Python script): each is real input or real output."""

import contextlib
import io
import re

import pubplan
import pytest
import yaml
from conftest import ROOT


def blocks(page, lang):
    text = (ROOT / "docs" / page).read_text()
    return re.findall(r"```" + lang + r"\n(.*?)```", text, re.S)


def test_catalog_page_user_catalogs_load():
    layers = [b for b in blocks("catalog.md", "yaml") if b.startswith("catalog: 1")]
    assert len(layers) == 3
    for layer in layers:
        pubplan.Planner([layer])


def test_catalog_page_rules_and_strategies_are_the_builtin_ones():
    builtin = pubplan.Planner().catalog_dict()
    rules = {r["id"]: r for r in builtin["rules"]}
    strategies = {s["id"]: s for s in builtin["strategies"]}
    rule_block, strategy_block = blocks("catalog.md", "yaml")[:2]
    shown = re.findall(r"^- id: (\S+)", rule_block, re.M)
    assert shown and all(i in rules for i in shown)
    for s in yaml.safe_load(strategy_block)["strategies"]:
        got = strategies[s["id"]]
        assert {k: got[k] for k in ("title", "credential", "person_acts", "colour")} == \
            {k: s[k] for k in ("title", "credential", "person_acts", "colour")}


def test_topology_page_example_is_a_valid_topology():
    (example,) = [b for b in blocks("topology-format.md", "yaml") if b.startswith("version: 1")]
    topology = pubplan.loads(example, "topology-format.md")
    assert topology.package_count == 2 and topology.pipeline_count == 1


def test_python_page_beyond_solving_prints_what_it_shows():
    script = [b for b in blocks("python.md", "python") if "planner.verify" in b][0]
    shown = re.search(r"prints\n\n```\n(.*?)```", (ROOT / "docs" / "python.md").read_text(), re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "docs/python.md", "exec"), {})
    assert out.getvalue() == shown


def test_tokens_page_shows_real_output():
    golden = (ROOT / "tests" / "scenarios" / "examples" / "acme.expected.txt").read_text()
    shown = blocks("tokens.md", "")
    assert len(shown) == 2 and all(b in golden for b in shown)


def test_catalog_page_lists_every_rule_with_its_dates():
    text = (ROOT / "docs" / "catalog.md").read_text()
    table = text.split("## Every rule of the built-in catalog", 1)[1]
    rows = re.findall(r"^\| `([^`]+)` \| (\w+) \| [^|]+ \| (\w+) \| (\S+) \| ([^|]+) \|$", table, re.M)
    rules = pubplan.Planner().catalog_dict()["rules"]
    assert [r[0] for r in rows] == [r["id"] for r in rules]
    for (rid, kind, certainty, as_of, force), r in zip(rows, rules):
        start, end = r["effective_from"], r["effective_until"]  # None when unbounded
        assert (kind, certainty, as_of) == (r["kind"], r["certainty"], r["as_of"]), rid
        assert (start is not None and f"from {start}" in force) == (start is not None), rid
        assert (end is not None and f"before {end}" in force) == (end is not None), rid
        assert (force.strip() == "always") == (start is None and end is None), rid


def test_every_rule_is_sourced_and_the_catalog_is_as_new_as_its_newest():
    catalog = pubplan.Planner().catalog_dict()
    assert all(r["source"] and r["as_of"] and r["certainty"] for r in catalog["rules"])
    assert catalog["as_of"] == max(r["as_of"] for r in catalog["rules"])
    # The file says so too, not only the loader.
    declared = yaml.safe_load((ROOT / "lib" / "catalog" / "npm.yaml").read_text())["as_of"]
    assert str(declared) == catalog["as_of"]


def test_cli_page_ahead_lines_are_real_output():
    golden = (ROOT / "tests" / "scenarios" / "examples" / "acme.expected.txt").read_text().splitlines()
    (shown,) = [b for b in blocks("cli.md", "") if b.startswith("Ahead")]
    assert all(line in golden for line in shown.splitlines())


def test_python_page_pandas_recipe_prints_what_it_shows():
    pytest.importorskip("pandas")  # only the recipe needs it (scripts/install-deps installs it)
    script = [b for b in blocks("python.md", "python") if "import pandas" in b][0]
    text = (ROOT / "docs" / "python.md").read_text()
    shown = re.search(r"prints \(for `examples/acme.yaml`\)\n\n```\n(.*?)```", text, re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "docs/python.md", "exec"), {})
    assert [line.rstrip() for line in out.getvalue().splitlines()] == shown.splitlines()
