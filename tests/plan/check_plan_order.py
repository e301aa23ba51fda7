#!/usr/bin/env python3
"""Checks every migration plan against the ordering rules of docs/plan.md, on
the bundled example, every scenario, every scan fixture and N random topologies
(`pubplan plan --format json`). The rules are checked on the JSON alone, over
the transitive prerequisites of each step, without any of the planner's code:

- the list is a linear order of the partial order: a step names only earlier steps;
- versions and other fact changes, the OIDC grant and the first version come
  before a package's trusted publisher, and all of them before its first
  release on the new route;
- tokens are disallowed on a package only once its new route has released,
  after every token was taken out of its pipelines, never while a pipeline of
  it keeps a token, and never when its target route uses a token;
- a token is revoked only once it is out of its pipeline and the new route
  has released, and never in a pipeline that keeps a token route.

Usage: check_plan_order.py PUBPLAN REPO_ROOT [RANDOM_COUNT]"""
import json
import pathlib
import random
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness import DAY, Checks, runner  # noqa: E402

ROUTE = {"publish", "approve", "publish-by-person"}
PREP = {"change", "ensure"}
TOKEN_CREDENTIALS = {"write-token", "stage-token"}


def ancestors(steps):
    index = {s["id"]: i for i, s in enumerate(steps)}
    out = []
    for s in steps:
        mine = set()
        for a in s["after"]:
            mine.add(a)
            mine |= out[index[a]]
        out.append(mine)
    return {s["id"]: out[i] for i, s in enumerate(steps)}


def problems(plan, credential):
    """What is wrong with one plan document, as sentences (empty: nothing)."""
    errs = []
    steps = plan["steps"]
    seen = set()
    for s in steps:
        for a in s["after"]:
            if a not in seen:
                errs.append(f"{s['id']} ({s['kind']}) comes before its prerequisite {a}")
        if s["id"] in seen:
            errs.append(f"{s['id']} appears twice")
        seen.add(s["id"])
    if errs:
        return errs
    before = ancestors(steps)
    by_id = {s["id"]: s for s in steps}
    serving = {}
    for s in steps:
        for p in s["packages"]:
            serving.setdefault(p, []).append(s)
    keeps_token = {s["pipeline"] for s in steps if s["kind"] == "create-token" and "read-only" not in s["title"]}
    pkgs = {p["name"]: p for p in plan["packages"]}
    for p in plan["packages"]:
        for sid in p["steps"]:
            if sid not in by_id or p["name"] not in by_id[sid]["packages"]:
                errs.append(f"{p['name']} lists {sid}, which does not serve it")
    for s in steps:
        earlier = before[s["id"]]
        kinds_before = lambda pkg, kinds: [t for t in serving.get(pkg, []) if t["kind"] in kinds]  # noqa: E731
        for pkg in s["packages"]:
            if s["kind"] == "trust":
                for t in kinds_before(pkg, PREP | {"first-version"}):
                    if t["id"] not in earlier:
                        errs.append(f"{s['id']} trusts {pkg} before {t['id']} ({t['kind']})")
                for t in kinds_before(pkg, {"oidc", "oidc-unknown"}):
                    if t["pipeline"] == s["pipeline"] and t["id"] not in earlier:
                        errs.append(f"{s['id']} trusts {pkg} before its pipeline's OIDC grant {t['id']}")
            if s["kind"] in ROUTE:
                for t in kinds_before(pkg, PREP | {"trust", "first-version"}):
                    if (t["kind"] != "trust" or t["pipeline"] == s["pipeline"]) and t["id"] not in earlier:
                        errs.append(f"{s['id']} releases {pkg} before {t['id']} ({t['kind']})")
            if s["kind"] == "disallow-tokens":
                target = pkgs[pkg]["target"]
                if credential.get(target) in TOKEN_CREDENTIALS:
                    errs.append(f"{s['id']} disallows tokens on {pkg}, whose route {target} uses a token")
                if pkgs[pkg]["current"] != target and not any(t["id"] in earlier for t in kinds_before(pkg, ROUTE)):
                    errs.append(f"{s['id']} disallows tokens on {pkg} before its new route released once")
                for t in serving.get(pkg, []):
                    if t["kind"] != "disallow-tokens" and t["id"] not in earlier and t["kind"] != "revoke-token":
                        errs.append(f"{s['id']} disallows tokens on {pkg} before {t['id']} ({t['kind']})")
                    if t["pipeline"] in keeps_token:
                        errs.append(f"{s['id']} disallows tokens on {pkg} while pipeline {t['pipeline']} keeps a token")
        if s["kind"] == "revoke-token":
            if s["pipeline"] in keeps_token:
                errs.append(f"{s['id']} revokes the token of {s['pipeline']}, which still publishes with a token")
            removes = [t for t in steps if t["kind"] == "remove-token" and t["pipeline"] == s["pipeline"]]
            if not removes or any(t["id"] not in earlier for t in removes):
                errs.append(f"{s['id']} revokes a token still in pipeline {s['pipeline']}")
            for t in steps:
                if t["kind"] in ROUTE and t["pipeline"] == s["pipeline"] and t["id"] not in earlier:
                    errs.append(f"{s['id']} revokes the token of {s['pipeline']} before {t['id']} released")
    if steps and steps[0]["kind"] == "disallow-tokens":
        for pkg in steps[0]["packages"]:
            if credential.get(pkgs[pkg]["current"]) in TOKEN_CREDENTIALS:
                errs.append(f"the first step disallows tokens on {pkg}, which publishes with a token today")
    return errs


def random_topology(rng, strategies):
    providers = ["github-actions", "gitlab-ci", "circleci", "jenkins", "buildkite"]
    hosts = {"github-actions": "github", "gitlab-ci": "gitlab"}
    pick = lambda values: rng.choice(values + [None])  # noqa: E731
    repos, pipes, pkgs = [], [], []
    for r in range(rng.randint(1, 3)):
        repos.append({"name": f"o/r{r}", "visibility": pick(["public", "private"])})
    for p in range(rng.randint(1, 4)):
        provider = rng.choice(providers)
        r = rng.randrange(len(repos))
        if provider in hosts:
            if repos[r].setdefault("host", hosts[provider]) != hosts[provider]:
                provider = "jenkins"
        pipe = {"name": f"p{p}", "repository": repos[r]["name"], "provider": provider,
                "runner": pick(["hosted", "self-hosted"]), "node": pick(["20.11.0", "22.14.0", "24.1.0"]),
                "npm": pick(["10.8.2", "11.5.1", "11.15.0"]), "unattended": pick([True, False])}
        if rng.random() < 0.7:
            pipe["file"] = rng.choice([".github/workflows/release.yml", ".gitlab-ci.yml", "Jenkinsfile"])
        if rng.random() < 0.3:
            pipe["environment"] = "npm"
        if rng.random() < 0.6:
            pipe["id_token"] = rng.choice([True, False])
        pipes.append(pipe)
    for i in range(rng.randint(1, 6)):
        repo = rng.choice(repos)["name"]
        mine = [p["name"] for p in pipes if p["repository"] == repo]
        pkg = {"name": f"@o/k{i}", "repository": repo, "access": pick(["public", "private"]),
               "published_by": rng.sample(mine, rng.randint(0, len(mine))) if mine else [],
               "exists": rng.choice([True, True, False]), "tokens_allowed": pick([True, False]),
               "trusted_publisher": pick(["none", "publish", "stage", "both"]),
               "current": rng.choice(strategies + ["unknown"])}
        pkgs.append(pkg)
    return {"version": 1, "npm": {"token_owner": "bot", "orgs": [{"name": "o", "paid": pick([True, False])}]},
            "repositories": repos, "pipelines": pipes, "packages": pkgs}


def main():
    pubplan, root = sys.argv[1], pathlib.Path(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    run = runner(pubplan, text=True)
    catalog = json.loads(run("catalog", "--format", "json").stdout)
    credential = {s["id"]: s["credential"] for s in catalog["strategies"]}
    check = Checks()

    def plan_of(path, day=DAY):
        r = run("plan", str(path), "--format", "json", "--as-of", day)
        if r.returncode not in (0, 1, 3):
            check(f"plan {path}", False, f"exit {r.returncode}: {r.stderr}")
            return None
        return json.loads(r.stdout)

    # The checker itself finds what it must: a plan with a step before its
    # prerequisite, and tokens disallowed first on a package that uses one.
    bad = {"steps": [{"id": "s1", "kind": "disallow-tokens", "pipeline": None, "packages": ["a"], "after": [],
                      "title": ""},
                     {"id": "s2", "kind": "publish", "pipeline": "p", "packages": ["a"], "after": ["s3"], "title": ""},
                     {"id": "s3", "kind": "oidc", "pipeline": "p", "packages": ["a"], "after": [], "title": ""}],
           "packages": [{"name": "a", "current": "granular-token", "target": "trusted-publishing", "steps": []}]}
    check("the checker finds a step before its prerequisite", any("before its prerequisite" in e
                                                                   for e in problems(bad, credential)))
    bad["steps"][1]["after"] = []
    found = problems(bad, credential)
    check("the checker finds tokens disallowed before the new route", any("before its new route" in e for e in found),
          found)
    check("the checker finds tokens disallowed first on a token user", any("first step" in e for e in found), found)

    files = [root / "examples" / "acme.yaml"] + sorted((root / "tests" / "scenarios").glob("*.yaml"))
    files += sorted((root / "tests" / "scan").glob("*.expected.yaml"))
    plans = 0
    for path in files:
        for day in (DAY, "2027-01-02"):
            plan = plan_of(path, day)
            if plan is not None:
                plans += 1
                errs = problems(plan, credential)
                check(f"{path.name} on {day}: the plan keeps the order", not errs, "\n".join(errs))
    # Scan fixtures that publish with a token today: the plan starts elsewhere.
    for name in ("lerna-self-hosted", "stage-publish-token"):
        plan = plan_of(root / "tests" / "scan" / f"{name}.expected.yaml")
        currents = {p["current"] for p in plan["packages"]} if plan else set()
        check(f"{name} publishes with a token today", currents & {"granular-token", "staged-publishing"}, currents)
        check(f"{name}: the plan's first step is not disallowing tokens",
              plan and plan["steps"] and plan["steps"][0]["kind"] != "disallow-tokens",
              plan and [s["kind"] for s in plan["steps"]])
    rng = random.Random(20261205)
    strategies = sorted(credential)
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(count):
            path = pathlib.Path(tmp) / f"random-{n}.json"
            path.write_text(json.dumps(random_topology(rng, strategies)))
            plan = plan_of(path)
            if plan is None:
                continue
            plans += 1
            errs = problems(plan, credential)
            if errs:
                check(f"random topology {n} keeps the order", False, path.read_text() + "\n" + "\n".join(errs))
    check(f"{plans} plans checked", plans >= len(files) + count, f"expected {len(files) + count}")
    print(f"check_plan_order: {plans} plans checked")
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
