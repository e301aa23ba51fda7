#!/usr/bin/env python3
"""The ASP peer of the benchmarks: the catalog's rules as an answer-set program (asp/npm.lp),
solved by clingo for a generated topology. Prints one JSON record: the time to write the facts,
the time of clingo's two runs (brave and cautious consequences), and, with --check, how many
statuses differ from pubplan's JSON.

usage: asp_peer.py TOPOLOGY.json [--check PUBPLAN.json] [--clingo PATH]

The facts cover what benchmarks/generate.py writes (exact versions or unknown); it is a
benchmark peer, not a second implementation of the topology format.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STRATEGY = {"tp": "trusted-publishing", "tpnp": "trusted-publishing-without-provenance",
            "token": "granular-token", "interactive": "interactive-2fa"}


def atom(s):
    return s.replace("-", "_")


def version(v):
    major, minor, patch = (int(x) for x in v.split("."))
    return major * 1000000 + minor * 1000 + patch


def facts(doc):
    out = []
    policy = doc.get("policy", {})
    out.append(f"bypass_policy({atom(policy.get('bypass_2fa_tokens', 'allowed'))}).")
    paid = {o["name"]: o.get("paid") for o in doc.get("npm", {}).get("orgs", [])}
    repos = {r["name"]: r for r in doc.get("repositories", [])}
    pipes = {p["name"]: p for p in doc.get("pipelines", [])}
    for i, p in enumerate(doc.get("pipelines", [])):
        q = f"q{i}"
        out.append(f"pipeline({q}). provider({q},{atom(p['provider'])}).")
        repo = repos[p["repository"]]
        for key, value in (("runner", p.get("runner")), ("unattended", p.get("unattended")),
                           ("host", repo.get("host")), ("visibility", repo.get("visibility"))):
            if value is None:
                out.append(f"unknown({q},{key}).")
            else:
                out.append(f"{key}({q},{atom(str(value).lower() if isinstance(value, bool) else value)}).")
        for key in ("node", "npm"):
            if p.get(key) is None:
                out.append(f"unknown({q},{key}).")
            else:
                out.append(f"{key}({q},{version(p[key])}).")
    index = {name: f"q{i}" for i, name in enumerate(pipes)}
    default_provenance = policy.get("provenance", "preferred")
    for i, pkg in enumerate(doc.get("packages", [])):
        k = f"k{i}"
        out.append(f"package({k}).")
        if pkg["name"].startswith("@"):
            out.append(f"scoped({k}).")
        for name in pkg.get("published_by", []):
            out.append(f"publishes({index[name]},{k}).")
        # Distinct trusted publishers: (provider, repository, file, environment).
        ids = {(pipes[n]["provider"], pipes[n]["repository"], pipes[n].get("file"), pipes[n].get("environment"))
               for n in pkg.get("published_by", [])}
        out.append(f"publishers({k},{len(ids)}).")
        if pkg.get("access") is None:
            out.append(f"unknown({k},access).")
        else:
            out.append(f"access({k},{pkg['access']}).")
        out.append(f"exists({k},{str(pkg.get('exists', True)).lower()}).")
        if "tokens_allowed" in pkg and pkg["tokens_allowed"] is None:
            out.append(f"unknown({k},tokens_allowed).")
        else:
            out.append(f"tokens_allowed({k},{str(pkg.get('tokens_allowed', True)).lower()}).")
        org = pkg["name"][1:].split("/")[0] if pkg["name"].startswith("@") else None
        if paid.get(org) is None:
            out.append(f"unknown({k},paid).")
        else:
            out.append(f"paid({k},{str(paid[org]).lower()}).")
        prov = pkg.get("requires", {}).get("provenance", default_provenance)
        out.append(f"provenance_policy({k},{prov}).")
    return "\n".join(out) + "\n"


def consequences(clingo, files, mode):
    run = subprocess.run([clingo, *files, f"--enum-mode={mode}", "--outf=2", "--warn=none"],
                         capture_output=True, text=True)
    if run.returncode not in (10, 30):  # clingo: 10 satisfiable, 30 all consequences found
        sys.exit(f"asp_peer: clingo failed ({run.returncode}): {run.stderr[:500]}")
    witnesses = json.loads(run.stdout)["Call"][0]["Witnesses"]
    return set(witnesses[-1]["Value"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("topology")
    ap.add_argument("--check")
    ap.add_argument("--clingo", default="clingo")
    a = ap.parse_args()
    start = time.perf_counter()
    with open(a.topology) as f:
        doc = json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "facts.lp")
        with open(path, "w") as f:
            f.write(facts(doc))
        facts_seconds = time.perf_counter() - start
        files = [os.path.join(HERE, "asp", "npm.lp"), path]
        clingo_start = time.perf_counter()
        brave = consequences(a.clingo, files, "brave")
        cautious = consequences(a.clingo, files, "cautious")
        clingo_seconds = time.perf_counter() - clingo_start
    record = {"seconds": time.perf_counter() - start, "facts_seconds": facts_seconds,
              "clingo_seconds": clingo_seconds}
    if a.check:
        with open(a.check) as f:
            pubplan = json.load(f)
        denied = set(pubplan.get("token_budget", {}).get("denied", []))
        differ = compared = 0
        for i, pkg in enumerate(pubplan["packages"]):
            if pkg["name"] in denied:  # the peer knows nothing of the token budget
                continue
            compared += 1
            for short, strategy in STRATEGY.items():
                fact = f"ok(k{i},{short})"
                status = "feasible" if fact in cautious else "conditional" if fact in brave else "infeasible"
                if status != pkg["strategies"][strategy]["status"]:
                    differ += 1
        record.update({"packages_compared": compared, "statuses_differing": differ})
    print(json.dumps(record))


if __name__ == "__main__":
    main()
