#!/usr/bin/env python3
"""Writes a generated topology (format v1) for benchmarks, deterministic from a seed.

usage: generate.py SCENARIO N [--seed S] [--format json|yaml] [-o FILE]

scenarios:
  enterprise       N packages over N/50 repositories and N/30 pipelines; GitHub Actions
                   (hosted and self-hosted), GitLab, CircleCI, Jenkins and Azure Pipelines
                   mixed; ~20% private packages; up to 50 scopes; a random DAG of
                   workspace dependencies (mean out-degree 3, inside each repository, about
                   1 in 10 to a package of a shared library repository, the first tenth);
                   ~2% packages with two publishing pipelines; ~5% unknown Node versions.
  single-workflow  N packages in one scope, one hosted GitHub Actions pipeline.
  sdk              N packages in one scope, one Jenkins pipeline (trusted publishing unsupported).
  adversarial      N packages, each published by 10 pipelines with unknown Node, npm, runner and
                   unattended facts (diagnosis stress: every strategy depends on the unknowns).
  mixed            a second enterprise mix, drawn independently: N packages over N/40
                   repositories and N/25 pipelines in 50 scopes, more unknown facts (runner,
                   Node, npm, unattended, visibility, access, paid orgs: 10-20% each), more
                   CI that trusted publishing does not support (Jenkins, Buildkite, Bitbucket),
                   packages that refuse tokens, and an account already near its token limit,
                   so that about a third of the packages have nothing that fits, many for
                   want of tokens.
  distinct         N packages, each with its own repository and pipeline, their facts varied
                   so that few share a shape (several seconds of solving at 48: the tests of
                   interrupts and threads use it).
"""
import argparse
import json
import random
import sys


def dependency(i, r, repos, libraries, rng):
    """One dependency of package i (of repository r = i % repos), or None.

    A workspace dependency: an earlier package of the same repository (packages of a
    repository are i, i - repos, i - 2 * repos, ...), which keeps the graph a DAG. About one
    in ten goes instead to a package of a shared library repository (the first tenth of the
    repositories), which is how a pipeline comes to install private packages of another
    repository; the libraries' own dependencies stay inside them.
    """
    if r >= libraries and rng.random() < 0.1:
        lib = rng.randrange(libraries)
        return lib + repos * rng.randrange(max(1, (i - lib) // repos))
    earlier = i // repos  # packages of repository r before i
    return i - repos * rng.randint(1, earlier) if earlier else None


def provider_for(host, by_host, rng):
    """A CI provider for a repository on HOST: by_host maps a host to (providers, weights), weights
    None meaning equally likely; a host it does not name takes the entry under None."""
    providers, weights = by_host.get(host, by_host[None])
    return rng.choices(providers, weights)[0] if weights else rng.choice(providers)


def publishers_of(pipelines, share_two, rng):
    """One pipeline of the package's repository, or two with probability SHARE_TWO."""
    publishers = [rng.choice(pipelines)]
    if rng.random() < share_two and len(pipelines) > 1:
        publishers = sorted(set(publishers + [rng.choice(pipelines)]))
    return publishers


ENTERPRISE_PROVIDERS = {"github": (["github-actions", "circleci", "jenkins", "azure-pipelines"], [70, 10, 12, 8]),
                        "gitlab": (["gitlab-ci", "jenkins"], [85, 15]),
                        None: (["jenkins", "bitbucket-pipelines"], None)}
MIXED_PROVIDERS = {"github": (["github-actions", "circleci", "jenkins", "buildkite"], [55, 15, 20, 10]),
                   "gitlab": (["gitlab-ci", "jenkins", "buildkite"], [70, 20, 10]),
                   None: (["jenkins", "bitbucket-pipelines", "buildkite"], None)}


def enterprise(n, rng):
    repos = max(1, n // 50)
    pipes = max(repos, n // 30)
    scopes = min(50, max(1, n // 20))
    doc = {
        "version": 1,
        "policy": {"provenance": "preferred", "bypass_2fa_tokens": "allowed"},
        "npm": {"token_owner": "bot", "tokens_in_use": 40,
                "orgs": [{"name": f"org{k}", "paid": rng.random() < 0.9} for k in range(scopes)]},
        "repositories": [], "pipelines": [], "packages": [],
    }
    hosts = []
    for r in range(repos):
        host = rng.choices(["github", "gitlab", "bitbucket"], [75, 20, 5])[0]
        hosts.append(host)
        doc["repositories"].append({"name": f"corp/repo{r}", "host": host,
                                    "visibility": "public" if rng.random() < 0.4 else "private"})
    libraries = max(1, repos // 10)
    by_repo = [[] for _ in range(repos)]
    for p in range(pipes):
        r = p % repos
        provider = provider_for(hosts[r], ENTERPRISE_PROVIDERS, rng)
        pipe = {"name": f"pipe{p}", "repository": f"corp/repo{r}", "provider": provider,
                "runner": "self-hosted" if provider == "jenkins" or rng.random() < 0.2 else "hosted",
                "file": f"ci/release{p}.yml",
                "node": None if rng.random() < 0.05 else rng.choice(["20.11.0", "22.14.0", "22.17.1", "24.4.0"]),
                "npm": rng.choice(["10.8.2", "11.5.1", "11.6.0", "11.11.0"]),
                "unattended": rng.random() < 0.85}
        doc["pipelines"].append(pipe)
        by_repo[r].append(pipe["name"])
    for i in range(n):
        r = i % repos
        publishers = publishers_of(by_repo[r], 0.02, rng)
        deps = sorted({f"@org{(j * 7) % scopes}/pkg{j}" for j in
                       (dependency(i, r, repos, libraries, rng) for _ in range(rng.randint(1, 6)))
                       if j is not None})
        pkg = {"name": f"@org{(i * 7) % scopes}/pkg{i}",
               "access": "private" if rng.random() < 0.2 else "public",
               "repository": f"corp/repo{r}", "published_by": publishers}
        if rng.random() < 0.03:
            pkg["tokens_allowed"] = False
        if deps:
            pkg["depends_on"] = deps
        doc["packages"].append(pkg)
    return doc


def maybe(rng, share, value):
    """VALUE, or None (unknown) with probability SHARE."""
    return None if rng.random() < share else value


def mixed(n, rng):
    repos = max(1, n // 40)
    pipes = max(repos, n // 25)
    scopes = 50
    doc = {
        "version": 1,
        "policy": {"provenance": rng.choice(["preferred", "required"]), "bypass_2fa_tokens": "allowed"},
        "npm": {"token_owner": "release-bot", "tokens_in_use": 600,
                "orgs": [{"name": f"team{k}", "paid": maybe(rng, 0.2, rng.random() < 0.8)} for k in range(scopes)]},
        "repositories": [], "pipelines": [], "packages": [],
    }
    hosts = []
    for r in range(repos):
        host = rng.choices(["github", "gitlab", "bitbucket", None], [60, 25, 10, 5])[0]
        hosts.append(host)
        doc["repositories"].append({"name": f"team/svc{r}", "host": host,
                                    "visibility": maybe(rng, 0.1, rng.choice(["public", "private"]))})
    by_repo = [[] for _ in range(repos)]
    for p in range(pipes):
        r = p % repos
        provider = provider_for(hosts[r], MIXED_PROVIDERS, rng)
        pipe = {"name": f"ci{p}", "repository": f"team/svc{r}", "provider": provider,
                "runner": maybe(rng, 0.15, "self-hosted" if rng.random() < 0.3 else "hosted"),
                "file": f".ci/publish-{p % 7}.yml",
                "node": maybe(rng, 0.2, rng.choice(["18.20.4", "20.11.0", "22.14.0", "22.17.1", "24.4.0"])),
                "npm": maybe(rng, 0.15, rng.choice(["9.8.1", "10.8.2", "11.5.1", "11.6.0", "11.15.0"])),
                "unattended": maybe(rng, 0.15, rng.random() < 0.9)}
        doc["pipelines"].append(pipe)
        by_repo[r].append(pipe["name"])
    for i in range(n):
        r = i % repos
        publishers = publishers_of(by_repo[r], 0.05, rng)
        earlier = i // repos
        deps = sorted({f"@team{((i - repos * k) * 11) % scopes}/svc-lib{i - repos * k}"
                       for k in (rng.randint(1, earlier) for _ in range(rng.randint(0, 4)) if earlier)})
        pkg = {"name": f"@team{(i * 11) % scopes}/svc-lib{i}",
               "access": maybe(rng, 0.1, "private" if rng.random() < 0.3 else "public"),
               "repository": f"team/svc{r}", "published_by": publishers}
        if rng.random() < 0.08:
            pkg["tokens_allowed"] = False
        if deps:
            pkg["depends_on"] = deps
        doc["packages"].append(pkg)
    return doc


def one_pipeline(n, scope, repository, pipeline, package_prefix):
    """N public packages of one scope, all published by one pipeline of one repository."""
    return {
        "version": 1,
        "npm": {"orgs": [{"name": scope, "paid": True}]},
        "repositories": [{"name": repository, "host": "github", "visibility": "public"}],
        "pipelines": [{"repository": repository, **pipeline, "node": "22.14.0", "npm": "11.6.0",
                       "unattended": True}],
        "packages": [{"name": f"@{scope}/{package_prefix}{i}", "access": "public", "repository": repository,
                      "published_by": [pipeline["name"]]} for i in range(n)],
    }


def single_workflow(n, rng):
    return one_pipeline(n, "gen", "gen/mono", {"name": "release", "provider": "github-actions", "runner": "hosted",
                                               "file": ".github/workflows/release.yml"}, "pkg")


def sdk(n, rng):
    return one_pipeline(n, "sdk", "sdk/sdk", {"name": "build", "provider": "jenkins", "runner": "self-hosted",
                                              "file": "Jenkinsfile"}, "client-")


def adversarial(n, rng):
    pipes = 10
    doc = {
        "version": 1,
        "npm": {"orgs": [{"name": "adv", "paid": None}]},
        "repositories": [{"name": f"adv/r{r}", "host": None, "visibility": None} for r in range(pipes)],
        "pipelines": [{"name": f"p{p}", "repository": f"adv/r{p}",
                       "provider": rng.choice(["github-actions", "gitlab-ci", "circleci", "jenkins"]),
                       "runner": None, "node": None, "npm": None, "unattended": None}
                      for p in range(pipes)],
        "packages": [],
    }
    for i in range(n):
        doc["packages"].append({"name": f"@adv/pkg{i}", "access": rng.choice(["public", "private", None]),
                                "repository": f"adv/r{i % pipes}", "tokens_allowed": rng.choice([True, None]),
                                "published_by": [f"p{p}" for p in range(pipes)]})
    return doc


def distinct(n, rng):
    providers = ["github-actions", "buildkite", "circleci", "jenkins"]
    return {
        "version": 1,
        "repositories": [{"name": f"o/r{i}", "host": "github", "visibility": "public"} for i in range(n)],
        "pipelines": [{"name": f"p{i}", "repository": f"o/r{i}", "provider": providers[i % 4],
                       "runner": ["hosted", "self-hosted"][(i // 4) % 2], "file": "f.yml",
                       "node": f"2{i % 5}.{i}.0", "npm": f"1{i % 3}.{i % 7}.0", "unattended": (i // 8) % 2 == 0}
                      for i in range(n)],
        "packages": [{"name": f"@o/p{i}", "access": ["public", "private"][(i // 16) % 2], "repository": f"o/r{i}",
                      "published_by": [f"p{i}"], "tokens_allowed": (i // 32) % 2 == 0} for i in range(n)],
    }


def to_yaml(doc):
    """YAML for these documents (mappings, lists, scalars), without a YAML library."""
    def scalar(v):
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        return json.dumps(v)

    lines = []

    def emit(v, indent, key=None):
        pad = " " * indent
        if isinstance(v, dict):
            for k, x in v.items():
                if isinstance(x, (dict, list)) and x:
                    lines.append(f"{pad}{k}:")
                    emit(x, indent + 2)
                else:
                    lines.append(f"{pad}{k}: {scalar(x) if not isinstance(x, (dict, list)) else json.dumps(x)}")
        else:
            for x in v:
                if isinstance(x, dict):
                    first = True
                    for k, y in x.items():
                        lead = f"{pad}- " if first else f"{pad}  "
                        first = False
                        if isinstance(y, (dict, list)) and y:
                            lines.append(f"{lead}{k}: {json.dumps(y)}")
                        else:
                            lines.append(f"{lead}{k}: {scalar(y) if not isinstance(y, (dict, list)) else json.dumps(y)}")
                else:
                    lines.append(f"{pad}- {scalar(x)}")

    emit(doc, 0)
    return "\n".join(lines) + "\n"


SCENARIOS = {"enterprise": enterprise, "mixed": mixed, "single-workflow": single_workflow, "sdk": sdk,
             "adversarial": adversarial, "distinct": distinct}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["json", "yaml"], default="json")
    ap.add_argument("-o", dest="output")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    doc = SCENARIOS[a.scenario](a.n, rng)
    text = json.dumps(doc, indent=1) + "\n" if a.format == "json" else to_yaml(doc)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
