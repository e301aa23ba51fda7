"""The examples of docs/ that are not checked elsewhere (cli.golden checks the
explanations, cli.scan the scan page, install.consumers the C and C++ pages,
test_readme the Python script): each is real input or real output."""

import contextlib
import io
import re

import pubplan
import yaml
from conftest import ROOT


def blocks(page, lang):
    text = (ROOT / "docs" / page).read_text()
    return re.findall(r"```" + lang + r"\n(.*?)```", text, re.S)


def test_catalog_page_user_catalogs_load():
    layers = [b for b in blocks("catalog.md", "yaml") if b.startswith("catalog: 1")]
    assert len(layers) == 2
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
