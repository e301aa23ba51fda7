#!/usr/bin/env python3
"""Scores `pubplan scan` against the truth established for real repositories.

usage: score.py PUBPLAN CHECKOUTS [--truth FILE] [--verbose]

CHECKOUTS holds one work tree per repository of repos.txt, named OWNER+NAME
(e.g. made with `git --git-dir=GITDIR archive COMMIT | tar -x -C CHECKOUTS/OWNER+NAME`).
This script fetches nothing and reads no network: it runs `pubplan scan` on each
checkout, `pubplan solve` on what the scan wrote, and compares both with
truth.yaml, which says, for each repository, which packages it publishes and
which jobs publish them with which facts (read from the repository's files by a
person, not by pubplan).

Figures:
  pipelines found      publishing jobs of the truth that the scan names as pipelines
  package sets right   repositories whose scanned packages are exactly the truth's
  facts right          provider, runner, node and npm majors, client and published
                       packages of each found pipeline, where the truth knows them
  confident wrong      packages the truth shows published from CI that the scan writes
                       as published by a person (`published_by: []`), or whose
                       recommendation is `feasible` although the scan missed one of
                       their publishers or holds a known fact the truth contradicts
"""
import argparse
import json
import pathlib
import subprocess
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
DAY = "2026-12-04"
FACTS = ("provider", "runner", "node", "npm", "client")
TARGETS = {"pipelines found": 0.95, "package sets right": 0.95, "facts right": 0.90}


def major(v):
    return str(v).lstrip("^~>=v").split(".")[0]


def same(fact, truth, scanned):
    """Whether a scanned fact agrees with the truth (versions by major: the
    truth often knows only the line a setup installs)."""
    if fact in ("node", "npm"):
        return major(truth) == major(scanned)
    return str(truth) == str(scanned)


def scan(pubplan, checkout):
    r = subprocess.run([pubplan, "scan", "--quiet", "--as-of", DAY, str(checkout)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"scan of {checkout} exited {r.returncode}: {r.stderr.strip()[:300]}")
    solved = subprocess.run([pubplan, "solve", "-", "--as-of", DAY, "--format", "json"],
                            input=r.stdout, capture_output=True, text=True)
    if solved.returncode not in (0, 1, 3):
        raise RuntimeError(f"solve of the scan of {checkout} exited {solved.returncode}: "
                           f"{solved.stderr.strip()[:300]}")
    return yaml.safe_load(r.stdout), json.loads(solved.stdout)


def score_repo(entry, topology, solution):
    truth_pipes = {p["name"]: p for p in entry.get("pipelines") or []}
    scanned_pipes = {p["name"]: p for p in topology.get("pipelines") or []}
    scanned_pkgs = {p["name"]: p for p in topology.get("packages") or []}
    truth_pkgs = set(entry.get("packages") or [])
    person = set(entry.get("person") or [])
    out = {"repo": entry["repo"], "extra": sorted(set(scanned_pkgs) - truth_pkgs), "missing": sorted(truth_pkgs - set(scanned_pkgs)), "pipelines": len(truth_pipes), "found": 0, "facts": 0, "facts_right": 0,
           "packages_right": set(scanned_pkgs) == truth_pkgs, "confident_wrong": [], "notes": []}
    truth_of_package = {}
    for name, tp in truth_pipes.items():
        pkgs = truth_pkgs if tp.get("packages") == "all" else set(tp.get("packages") or [])
        for k in pkgs:
            truth_of_package.setdefault(k, set()).add(name)
        sp = scanned_pipes.get(name)
        if sp is None:
            out["notes"].append(f"missed {name}")
            continue
        out["found"] += 1
        for fact in FACTS:
            want = tp.get(fact, "unknown")
            if want in (None, "unknown"):
                continue
            got = sp.get("client", {}).get("name", "npm") if fact == "client" else sp.get(fact)
            out["facts"] += 1
            if got is not None and got != "unknown" and same(fact, want, got):
                out["facts_right"] += 1
            else:
                out["notes"].append(f"{name}.{fact}: {got} (truth {want})")
        scanned_for = {k for k, p in scanned_pkgs.items() if isinstance(p.get("published_by"), list)
                       and name in p["published_by"]}
        out["facts"] += 1
        if scanned_for == pkgs:
            out["facts_right"] += 1
        else:
            out["notes"].append(f"{name} publishes also {sorted(scanned_for - pkgs)[:5]}, "
                                f"not {sorted(pkgs - scanned_for)[:5]}")
    recommended = {p["name"]: p for p in solution.get("packages", [])}
    for k in sorted(truth_pkgs - person):
        sp = scanned_pkgs.get(k)
        if sp is None:
            continue
        by = sp.get("published_by")
        if by == []:
            out["confident_wrong"].append(f"{k}: published by a person")
            continue
        res = recommended.get(k, {})
        if res.get("recommended_status") != "feasible":
            continue
        wrong = [n for n in truth_of_package.get(k, set()) if not isinstance(by, list) or n not in by]
        for n in by if isinstance(by, list) else []:
            tp, spipe = truth_pipes.get(n), scanned_pipes.get(n, {})
            if tp is None:
                wrong.append(f"{n} (not a publisher)")
                continue
            for fact in FACTS:
                got = spipe.get("client", {}).get("name", "npm") if fact == "client" else spipe.get(fact)
                want = tp.get(fact, "unknown")
                if got not in (None, "unknown") and want not in (None, "unknown") and not same(fact, want, got):
                    wrong.append(f"{n}.{fact}")
        if wrong:
            out["confident_wrong"].append(f"{k}: feasible, but {', '.join(sorted(wrong))}")
    return out


def main():
    parser = argparse.ArgumentParser(description="Scores pubplan scan against truth.yaml.")
    parser.add_argument("pubplan")
    parser.add_argument("checkouts", type=pathlib.Path)
    parser.add_argument("--truth", type=pathlib.Path, default=HERE / "truth.yaml")
    parser.add_argument("--verbose", action="store_true", help="list every miss and wrong fact")
    opt = parser.parse_args()
    pubplan, checkouts = opt.pubplan, opt.checkouts
    truth = yaml.safe_load(opt.truth.read_text())
    rows = []
    for entry in truth:
        checkout = checkouts / entry["repo"].replace("/", "+")
        if not checkout.is_dir():
            print(f"{entry['repo']}: no checkout at {checkout}", file=sys.stderr)
            continue
        topology, solution = scan(pubplan, checkout)
        rows.append(score_repo(entry, topology, solution))
    total = {
        "pipelines found": (sum(r["found"] for r in rows), sum(r["pipelines"] for r in rows)),
        "package sets right": (sum(r["packages_right"] for r in rows), len(rows)),
        "facts right": (sum(r["facts_right"] for r in rows), sum(r["facts"] for r in rows)),
    }
    wrong = sum(len(r["confident_wrong"]) for r in rows)
    print("| repository | pipelines found | package set | facts right | confident wrong |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['repo']} | {r['found']}/{r['pipelines']} | {'right' if r['packages_right'] else 'wrong'} "
              f"| {r['facts_right']}/{r['facts']} | {len(r['confident_wrong'])} |")
    for name, (n, d) in total.items():
        share = n / d if d else 1.0
        print(f"{name}: {n}/{d} = {share:.0%} (target {TARGETS[name]:.0%})")
    print(f"confident wrong answers: {wrong} (target 0)")
    if opt.verbose:
        for r in rows:
            if not r["packages_right"]:
                r["notes"].append(f"packages: also {r['extra'][:5]}, not {r['missing'][:5]}")
            for note in r["notes"] + r["confident_wrong"]:
                print(f"  {r['repo']}: {note}")
    met = all((n / d if d else 1.0) >= TARGETS[k] for k, (n, d) in total.items()) and wrong == 0
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
