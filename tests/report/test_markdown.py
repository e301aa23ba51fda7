#!/usr/bin/env python3
"""`pubplan solve --format markdown`, read back with a Markdown parser
(markdown-it-py): its structure, its agreement with the JSON answer, and the
comment limit. usage: test_markdown.py PUBPLAN"""
import json
import pathlib
import subprocess
import sys
import tempfile

from markdown_it import MarkdownIt

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from harness import DAY, Checks, runner  # noqa: E402

check = Checks()
run = runner(sys.argv[1])
md = MarkdownIt("commonmark").enable("table")
LIMIT = 65536


def sections(tokens):
    """{heading text: [tokens until the next heading of level <= 3]}."""
    out, current = {}, None
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            current = tokens[i + 1].content
            out[current] = []
        elif current is not None:
            out[current].append(t)
    return out


def table_rows(tokens):
    """Rows of the first table in tokens, as lists of cell texts."""
    rows, row, inside = [], None, False
    for t in tokens:
        if t.type == "table_open":
            inside = True
        elif t.type == "table_close":
            break
        elif inside and t.type == "tr_open":
            row = []
        elif inside and t.type == "tr_close":
            rows.append(row)
        elif inside and t.type == "inline" and row is not None:
            row.append(t.content)
    return rows[1:]  # without the header


def bold_names(tokens):
    """The bold text at the start of each top-level list item."""
    names, depth = [], 0
    for i, t in enumerate(tokens):
        if t.type == "bullet_list_open":
            depth += 1
        elif t.type == "bullet_list_close":
            depth -= 1
        elif t.type == "inline" and depth == 1:
            kids = [c for c in t.children or [] if not (c.type == "text" and c.content == "")]
            if len(kids) > 1 and kids[0].type == "strong_open":
                names.append(kids[1].content)
    return names


def expect(path):
    r = run("solve", path, "--format", "markdown", "--as-of", DAY, cwd=ROOT)
    j = run("solve", path, "--format", "json", "--as-of", DAY, cwd=ROOT)
    if not check(f"{path}: exit", r.returncode == j.returncode and r.returncode in (0, 1, 3), r.stderr[:300]):
        return None
    text, answer = r.stdout, json.loads(j.stdout)
    check(f"{path}: within the comment limit", len(text) <= LIMIT, len(text))
    tokens = md.parse(text)
    check(f"{path}: starts with a level-2 heading", tokens[0].type == "heading_open" and tokens[0].tag == "h2",
          tokens[0].type)
    check(f"{path}: details balanced", text.count("<details>") == text.count("</details>"))
    packages = answer["packages"]
    nothing = [p["name"] for p in packages if p["recommended"] is None]
    conditional = [p["name"] for p in packages if p["recommended"] and p["recommended_status"] != "feasible"]
    rows = table_rows(tokens)
    check(f"{path}: the summary counts every package", sum(int(r[-1]) for r in rows) == len(packages), rows)
    if nothing:
        check(f"{path}: nothing-fits row", ["nothing fits", "", str(len(nothing))] in rows, rows)
    s = sections(tokens)
    if nothing:
        got = bold_names(s.get(f"Nothing fits ({len(nothing)})", []))
        check(f"{path}: nothing fits lists them", got == nothing, f"{got} vs {nothing}")
    else:
        check(f"{path}: no nothing-fits section", not any(k.startswith("Nothing fits") for k in s))
    if conditional:
        got = bold_names(s.get(f"Conditional or undecided ({len(conditional)})", []))
        check(f"{path}: conditional lists them", got == conditional, f"{got} vs {conditional}")
    check(f"{path}: ahead section when something changes",
          any(k.startswith("Ahead") for k in s) == bool(answer.get("ahead")), list(s))
    every = text.split(f"<details><summary>Every package ({len(packages)})</summary>", 1)
    if packages and check(f"{path}: every package section", len(every) == 2):
        tail_rows = table_rows(md.parse(every[1].split("</details>", 1)[0]))
        check(f"{path}: every package once", [r[0] for r in tail_rows] == [p["name"] for p in packages],
              tail_rows[:3])
    return text


def expect_plan(path):
    """`pubplan plan --format markdown`: the solve's report with a Plan section
    listing every step, in order, each once."""
    r = run("plan", path, "--format", "markdown", "--as-of", DAY, cwd=ROOT)
    j = run("plan", path, "--format", "json", "--as-of", DAY, cwd=ROOT)
    if not check(f"{path}: plan exit", r.returncode == j.returncode and r.returncode in (0, 1, 3), r.stderr[:300]):
        return
    text, plan = r.stdout, json.loads(j.stdout)
    check(f"{path}: plan within the comment limit", len(text) <= LIMIT, len(text))
    check(f"{path}: plan details balanced", text.count("<details>") == text.count("</details>"))
    s = sections(md.parse(text))
    title = f"Plan ({len(plan['steps'])} steps; each after the steps it names)"
    if check(f"{path}: plan section", title in s, list(s)):
        got = bold_names(s[title])
        check(f"{path}: plan lists every step in order", got == [st["id"] for st in plan["steps"]],
              f"{got[:5]} vs {[st['id'] for st in plan['steps']][:5]}")


for f in sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.yaml")) + \
        sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "scenarios").glob("*.yaml")):
    expect(f)
    expect_plan(f)

# A large organisation: the report stops within the limit and says what it left out.
with tempfile.TemporaryDirectory() as tmp:
    big = pathlib.Path(tmp) / "enterprise-3000.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "enterprise", "3000", "-o", str(big)],
                   check=True)
    r = run("solve", str(big), "--format", "markdown", "--as-of", DAY, "--max-conflicts", "1", "--max-repairs", "1")
    text = r.stdout
    check("large: within the comment limit", 0 < len(text) <= LIMIT, len(text))
    check("large: says what it left out", "left out: the report stops at 65536 characters" in text, text[-500:])
    check("large: details balanced", text.count("<details>") == text.count("</details>"))
    tokens = md.parse(text)
    check("large: the summary table is whole", sum(int(r[-1]) for r in table_rows(tokens)) == 3000)
    r = run("plan", str(big), "--format", "markdown", "--as-of", DAY, "--max-conflicts", "1", "--max-repairs", "1")
    check("large plan: within the comment limit", r.returncode in (0, 1, 3) and 0 < len(r.stdout) <= LIMIT,
          len(r.stdout))
    check("large plan: has its plan section", "### Plan (" in r.stdout, r.stdout[:300])
    check("large plan: details balanced", r.stdout.count("<details>") == r.stdout.count("</details>"))

r = run("explain", "examples/acme.yaml", "@acme/cli", "--format", "markdown", cwd=ROOT)
check("explain --format markdown is a usage error", r.returncode == 2, r.stderr)
sys.exit(check.report())
