#!/usr/bin/env python3
"""The C accessors of an answer give what the CLI's JSON says, member for member:
dump_answers (C, the accessors only) against `pubplan solve --format json`.
usage: check_answers.py PUBPLAN [--run PREFIX...] -- DUMP_ANSWERS TOPOLOGY...
PREFIX (e.g. valgrind and its options) runs before dump_answers."""
import json
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness import DAY, Checks  # noqa: E402

args = sys.argv[1:]
pubplan = args.pop(0)
split = args.index("--")
prefix = args[:split][1:] if args[:split][:1] == ["--run"] else []
dump, topologies = args[split + 1], args[split + 2:]
check = Checks()


RULES = {}  # the document's `rules` table: each rule's statement and source


def member(m):
    """A reason set member as the C dump writes it."""
    if "rule" in m:
        text = RULES[m["rule"]]
        return {"rule": m["rule"], "says": text["says"], "source": text["source"], "instance": m.get("instance") or ""}
    return {"fact": m["fact"], "value": m.get("value"), "origin": m.get("origin") or ""}


def conflicts(part):
    return [[member(m) for m in c["because"]] for c in (part or {}).get("conflicts", [])]


def repairs(part):
    return [{"unlocks": r["unlocks"], "cost": r["cost"], "status": r["status"],
             "changes": [{"fact": c["fact"], "from": c["from"], "to": c["to"], "origin": c.get("origin") or ""}
                         for c in r["changes"]]}
            for r in (part or {}).get("repairs", [])]


def expected(doc):
    RULES.clear()
    RULES.update(doc["rules"])
    packages = []
    for p in doc["packages"]:
        packages.append({
            "name": p["name"], "origin": p.get("origin") or "", "recommended": p["recommended"],
            "fallback": p["fallback"], "why": p["why"],
            "warnings": [{"rule": w["rule"], "says": RULES[w["rule"]]["says"], "source": RULES[w["rule"]]["source"],
                          "certain": w.get("certain", True)} for w in p["warnings"]],
            "conflicts": conflicts(p["conflict"]), "repairs": repairs(p["conflict"]),
            "strategies": {sid: {"conflicts": conflicts(s), "repairs": repairs(s),
                                 "assuming": [{"fact": a["fact"], "needs": a["needs"], "origin": a.get("origin") or ""}
                                              for a in s.get("assuming", [])]}
                           for sid, s in p["strategies"].items()},
        })
    tokens = [{k: t[k] for k in ("name", "pipeline", "access", "command", "bypass_2fa", "expires_days", "packages",
                                 "scopes")} for t in doc["tokens"]]
    return {"packages": packages, "tokens": tokens, "denied": doc["token_budget"]["denied"]}


covered = {"package conflicts": 0, "strategy conflicts": 0, "repairs": 0, "assumptions": 0, "warnings": 0,
           "tokens": 0, "denied": 0}
for topology, depth in [(t, d) for t in topologies for d in ("first", "all")]:
    cli = subprocess.run([pubplan, "solve", topology, "--as-of", DAY, "--format", "json", "--diagnose", depth],
                         capture_output=True, text=True)
    c = subprocess.run([*prefix, dump, topology, DAY, depth], capture_output=True, text=True)
    if not check(f"{topology} ({depth}): dump_answers runs", c.returncode == 0 and cli.returncode in (0, 1, 3),
                 f"exit {c.returncode}: {c.stderr[-2000:]}"):
        continue
    want, got = expected(json.loads(cli.stdout)), json.loads(c.stdout)
    check(f"{topology} ({depth}): the same packages", [p["name"] for p in got["packages"]] ==
          [p["name"] for p in want["packages"]])
    for g, w in zip(got["packages"], want["packages"]):
        for key in w:
            check(f"{topology} ({depth}): {w['name']} {key}", g[key] == w[key], f"C: {g[key]!r}\nCLI: {w[key]!r}")
        covered["package conflicts"] += len(w["conflicts"])
        covered["strategy conflicts"] += sum(len(s["conflicts"]) for s in w["strategies"].values())
        covered["repairs"] += len(w["repairs"]) + sum(len(s["repairs"]) for s in w["strategies"].values())
        covered["assumptions"] += sum(len(s["assuming"]) for s in w["strategies"].values())
        covered["warnings"] += len(w["warnings"])
    check(f"{topology} ({depth}): tokens", got["tokens"] == want["tokens"], f"C: {got['tokens']}\nCLI: {want['tokens']}")
    check(f"{topology} ({depth}): denied", got["denied"] == want["denied"], f"C: {got['denied']}\nCLI: {want['denied']}")
    covered["tokens"] += len(want["tokens"])
    covered["denied"] += len(want["denied"])

# The topologies given must exercise every accessor, or the comparison proves little.
for what, n in covered.items():
    check(f"the topologies have {what}", n > 0, "none")
sys.exit(check.report())
