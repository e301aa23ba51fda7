#!/usr/bin/env python3
"""Lists every package of examples/acme.yaml for which nothing fits, its conflict and its
cheapest repair (docs/python.md). Run from the repository root."""

import pubplan

# The rules in force on 2026-12-04 (leave as_of out for today's).
result = pubplan.Planner(as_of="2026-12-04").solve(pubplan.load("examples/acme.yaml"))
for p in result.packages:
    if p.conflict is None:  # something fits
        continue
    print(f"{p.name}: nothing fits")
    for r in p.conflict:
        if r.kind == "rule":
            print(f"  rule {r.rule}: {r.says}")
        else:
            print(f"  fact {r.fact} = {r.value!r} ({r.origin})")
    if p.repairs:
        cheapest = p.repairs[0]
        changes = ", ".join(f"{c.fact}: {c.from_value!r} -> {c.to_value!r}" for c in cheapest.changes)
        print(f"  cheapest repair (cost {cheapest.cost}): {changes}; unlocks {cheapest.unlocks}")
