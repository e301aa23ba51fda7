#!/usr/bin/env python3
"""`pubplan scan` on the fixture repositories under tests/scan/.

usage: run_scan_tests.py PUBPLAN [--update]

Each directory tests/scan/NAME/ is a small checkout that mirrors a real
publishing setup; tests/scan/NAME.expected.yaml is the topology the scan must
write for it, byte for byte, origins included. Besides that golden comparison
the test checks what the golden file cannot: every origin points at an existing
line of the fixture, each finding id fires on the fixture made for it and on no
other, scan + solve gives the answer of solving the expected topology, the exit
codes and streams, the scan of pubplan's own repository, and the safety rules
(broken files, symbolic links out of the root).
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "scan"
sys.path.insert(0, str(ROOT / "tests"))
from harness import DAY  # noqa: E402  (the day the answers are computed for)

# Files of a fixture that look like CI files of some provider and are not: the
# scan must not report reading them as one.
NOT_CI = {
    "eslint-extends": [".eslintrc.yml"],
}

# The findings each fixture is made for; every other fixture must have none of them.
FINDINGS = {
    "no-id-token": ["scan.no-id-token"],
    "leftover-token": ["scan.leftover-token"],
    # NPM_TOKEN given to a plain `npm publish` beside an OIDC token: npm reads
    # no token variable, and no file of the checkout names it (the README does
    # not run), so it is no credential; the same job whose lifecycle script
    # writes an .npmrc from it keeps it as the pipeline's token.
    "unread-token": ["scan.unread-token"],
    "token-read-by-script": ["scan.leftover-token"],
    # A called workflow handed the token by one caller of two: that caller's
    # pipeline alone keeps one beside its OIDC token.
    "passed-secrets": ["scan.leftover-token"],
    "id-token-aws": ["scan.id-token-not-npm"],
    "repository-mismatch": ["scan.repository-mismatch"],
    "npm-too-old": ["scan.npm-too-old"],
    # packageManager's npm runs only where corepack shims npm.
    "package-manager-npm": ["scan.npm-too-old"],
    # id-token: write beside a token, with an npm that cannot exchange it: the
    # token publishes (current), so no leftover-token, but npm is too old.
    "provenance-token": ["scan.npm-too-old"],
    "reusable-two-callers": ["scan.two-publishers"],
    # A private package's own folder published (npm refuses it); a folder its
    # build writes the manifest of (`cd dist && npm publish`) is not flagged.
    "private-own-folder": ["scan.private-published"],
    "gitlab-mirror": ["scan.host-mismatch"],
    "publisher-not-found": ["scan.no-publishing", "scan.publisher-not-found"],
    "eslint-extends": ["scan.no-publishing", "scan.publisher-not-found"],
    # Workspaces no CI job publishes (a person runs lerna publish); those whose
    # own folder is named like tests (parser-esm-test, test) are still packages.
    "workspace-test-suffix": ["scan.no-publishing", "scan.publisher-not-found"],
    # A JavaScript release script publishes two folders by its calls' cwd; a
    # third package it never reaches.
    "js-call-cwd": ["scan.publisher-not-found"],
    # Jobs that publish only to JSR and pkg.pr.new: the finding says where they go.
    "preview-publishes": ["scan.no-publishing", "scan.publisher-not-found"],
    # The finding sits at the candidate with the most evidence, not the first.
    "publisher-anchor": ["scan.no-publishing", "scan.publisher-not-found"],
    # A publishing job that reaches one workspace of two: the finding names it.
    "publisher-partial": ["scan.publisher-not-found"],
    "azure-template": ["scan.publishes-elsewhere"],
    "reusable-elsewhere": ["scan.publishes-elsewhere"],
    "gitlab-component": ["scan.publishes-elsewhere"],
    # A nightly job publishes the package renamed NAME-nightly; NAME itself is
    # released by hand (no job found), and the OIDC token serves provenance.
    "changelogen-nightly": ["scan.leftover-token", "scan.publisher-not-found"],
    # A loop's literal folder holds a manifest that CI makes publishable; a
    # workspace package no job reaches.
    "loop-private-literal": ["scan.private-published", "scan.publisher-not-found"],
    # A script stages the folders its caller passes; a workspace none of them is.
    "staged-script-args": ["scan.publisher-not-found"],
    # A nightly job renames the package in one step and publishes it in the next.
    "changelogen-bump-publish": ["scan.publisher-not-found"],
    # Loops whose conditions leave folders out (`!=` tests, `continue`): one
    # package none of the loops publishes.
    "loop-exclusions": ["scan.publisher-not-found"],
    # A reusable workflow asks for an OIDC token its caller does not grant:
    # the run gets none, so `current` stays unknown.
    "reusable-no-id-token": ["scan.no-id-token"],
}
# Fixtures scanned on another day than DAY, with why.
FIXTURE_DAYS = {
    # Two publishers were one too many until npm allowed ten per package on
    # 2026-09-03: the finding reads the rule in force on the day of the scan.
    "reusable-two-callers": "2026-09-02",
}
ORDER = ["scan.host-mismatch", "scan.no-id-token", "scan.leftover-token", "scan.unread-token", "scan.id-token-not-npm",
         "scan.repository-mismatch", "scan.npm-too-old", "scan.two-publishers",
         "scan.private-published", "scan.publishes-elsewhere", "scan.no-publishing", "scan.publisher-not-found"]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL {what}")
    return cond


def run(args, stdin=None, cwd=ROOT):
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True)


def normalised_solution(doc, topology_name):
    """A solve's JSON with the topology's own file name replaced, so that the
    solve of stdin and of the expected file compare (origins from `origins`
    maps name fixture files and must be equal as they are)."""
    text = json.dumps(doc, sort_keys=True)
    text = text.replace(f'"{topology_name}:', '"TOPOLOGY:')
    out = json.loads(text)
    out.pop("source", None)
    out.pop("pubplan_version", None)
    return out


def fixture(pubplan, name, update):
    rel = f"tests/scan/{name}"
    expected_path = HERE / f"{name}.expected.yaml"
    day = FIXTURE_DAYS.get(name, DAY)
    # The counts the scan prints are those of the topology it writes.
    loud = run([pubplan, "scan", rel, "--as-of", day])
    counts = [l for l in loud.stderr.splitlines() if "publishing pipeline(s)" in l]
    written = yaml.safe_load(loud.stdout) or {}
    check(counts == [f"pubplan scan: {rel}: {len(written.get('packages') or [])} package(s), "
                     f"{len(written.get('pipelines') or [])} publishing pipeline(s)"],
          f"{name}: the counts on standard error are not the topology's: {counts}")
    r = run([pubplan, "scan", "--quiet", rel, "--as-of", day])
    if not check(r.returncode == 0, f"{name}: scan exit {r.returncode}: {r.stderr}"):
        return set()
    check(r.stderr == "", f"{name}: --quiet scan wrote to stderr: {r.stderr!r}")
    if update:
        expected_path.write_text(r.stdout)
    expected = expected_path.read_text()
    check(r.stdout == expected, f"{name}: scanned topology differs from {expected_path.relative_to(ROOT)}")
    doc = yaml.safe_load(r.stdout)
    # The topology loads.
    v = run([pubplan, "validate", "-"], stdin=r.stdout)
    check(v.returncode == 0, f"{name}: scanned topology does not validate: {v.stderr}")
    # Every origin names an existing file of the fixture and a line it has.
    for kind in ("repositories", "pipelines", "packages"):
        for entity in doc.get(kind) or []:
            for key, where in (entity.get("origins") or {}).items():
                path, _, line = where.rpartition(":")
                f = ROOT / path
                ok = path.startswith(rel + "/") and f.is_file() and 1 <= int(line) <= len(f.read_text().splitlines())
                check(ok, f"{name}: {kind}[{entity['name']}].origins.{key} = {where} is not a line of the fixture")
    for f in doc.get("findings") or []:
        path = ROOT / f["file"]
        check(path.exists(), f"{name}: finding {f['id']} names missing file {f['file']}")
    ids = [f["id"] for f in doc.get("findings") or []]
    check(ids == sorted(ids, key=ORDER.index), f"{name}: findings out of order: {ids}")
    # scan | solve - answers as solving the expected topology does.
    a = run([pubplan, "solve", "-", "--format", "json", "--as-of", day], stdin=r.stdout)
    b = run([pubplan, "solve", str(expected_path.relative_to(ROOT)), "--format", "json", "--as-of", day])
    check(a.returncode == b.returncode and a.returncode in (0, 1, 3),
          f"{name}: solve exit codes {a.returncode} (scan) vs {b.returncode} (expected)")
    if a.returncode in (0, 1, 3) and b.returncode in (0, 1, 3):
        check(normalised_solution(json.loads(a.stdout), "<stdin>")
              == normalised_solution(json.loads(b.stdout), str(expected_path.relative_to(ROOT))),
              f"{name}: scan | solve differs from solving the expected topology")
    # Without --quiet: the same stdout; findings and progress on stderr.
    loud = run([pubplan, "scan", rel, "--as-of", day])
    check(loud.stdout == r.stdout, f"{name}: stdout depends on --quiet")
    for i in ids:
        check(f": {i}: " in loud.stderr, f"{name}: finding {i} not printed on stderr")
    check("pubplan scan: scanning" in loud.stderr, f"{name}: no progress on stderr")
    for f in NOT_CI.get(name, []):
        check(f"pubplan scan: {rel}/{f}:" not in loud.stderr, f"{name}: {f} read as a CI file: {loud.stderr!r}")
    if day != DAY:
        # On DAY the rule that made the finding is no longer in force.
        today = run([pubplan, "scan", "--quiet", rel, "--as-of", DAY])
        gone = {f["id"] for f in yaml.safe_load(today.stdout).get("findings") or []}
        check(not set(FINDINGS.get(name, [])) & gone,
              f"{name}: {FINDINGS.get(name)} still found on {DAY}, when the rule is no longer in force")
    return set(ids)


def own_repository(pubplan):
    r = run([pubplan, "scan", "."])
    check(r.returncode == 0, f"scan of pubplan's own repository: exit {r.returncode}: {r.stderr}")
    doc = yaml.safe_load(r.stdout)
    check(doc["pipelines"] == [] and doc["packages"] == [], "own repository: expected an empty topology")
    check([f["id"] for f in doc["findings"]] == ["scan.no-publishing"],
          f"own repository: findings {doc['findings']}")
    check(run([pubplan, "validate", "-"], stdin=r.stdout).returncode == 0, "own repository: does not validate")
    piped = subprocess.run(f"'{pubplan}' scan -q . | '{pubplan}' solve -", shell=True, cwd=ROOT,
                           capture_output=True, text=True)
    check(piped.returncode == 0 and "0 packages" in piped.stdout, f"scan | solve -: {piped.returncode} {piped.stderr}")


def usage(pubplan):
    r = run([pubplan, "scan"])
    check(r.returncode == 2 and "usage: pubplan scan [OPTIONS] DIR" in r.stderr, f"scan without DIR: {r.returncode}")
    r = run([pubplan, "scan", "tests/scan/no-such-dir"])
    check(r.returncode == 2 and "tests/scan/no-such-dir: error: cannot scan" in r.stderr and r.stdout == "",
          f"missing root: {r.returncode} {r.stderr!r}")
    r = run([pubplan, "scan", "tests/scan/npm-too-old/package.json"])
    check(r.returncode == 2, f"a file as root: {r.returncode}")
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "t.yaml"
        r = run([pubplan, "scan", "-q", "tests/scan/npm-too-old", "-o", str(out)])
        check(r.returncode == 0 and r.stdout == "" and out.read_text() == (HERE / "npm-too-old.expected.yaml").read_text(),
              "-o FILE writes the topology")
        r = run([pubplan, "scan", "-q", "tests/scan/npm-too-old", "-o", str(pathlib.Path(tmp) / "no" / "t.yaml")])
        check(r.returncode == 2, f"-o into a missing directory: {r.returncode}")
    # Several checkouts of one organisation make one topology.
    r = run([pubplan, "scan", "-q", "tests/scan/pnpm-gitlab", "tests/scan/lerna-self-hosted"])
    doc = yaml.safe_load(r.stdout)
    check(r.returncode == 0 and [x["name"] for x in doc["repositories"]] == ["forge/toolkit", "corp/platform"]
          and len(doc["packages"]) == 4, "two roots: one topology with both repositories")
    check([x["name"] for x in doc["pipelines"]] == ["forge/toolkit:gitlab.publish", "corp/platform:publish.publish"],
          f"two roots: pipelines are named after their repository: {[x['name'] for x in doc['pipelines']]}")
    check(run([pubplan, "validate", "-"], stdin=r.stdout).returncode == 0, "two roots: does not validate")


def safety(pubplan):
    with tempfile.TemporaryDirectory() as tmp:
        outside = pathlib.Path(tmp) / "outside"
        repo = pathlib.Path(tmp) / "repo"
        (outside).mkdir()
        (outside / "package.json").write_text('{"name": "secret-outside", "version": "1.0.0"}\n')
        (repo / "packages").mkdir(parents=True)
        (repo / ".github" / "workflows").mkdir(parents=True)
        (repo / "package.json").write_text('{"name": "root", "private": true, "workspaces": ["packages/*"],\n'
                                           ' "repository": "github:acme/repo"}\n')
        os.symlink(outside, repo / "packages" / "linked")
        (repo / "packages" / "ok").mkdir()
        (repo / "packages" / "ok" / "package.json").write_text('{"name": "ok-pkg", "version": "1.0.0"}\n')
        (repo / ".github" / "workflows" / "broken.yml").write_text("on: [push\njobs:\n")
        (repo / ".github" / "workflows" / "release.yml").write_text(
            "on: push\npermissions: {id-token: write}\njobs:\n  p:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - run: npm i -g npm@11 && npm publish --workspaces\n")
        (repo / "big.json").write_text("")
        quiet = run([pubplan, "scan", "-q", str(repo)])
        check(quiet.stderr == "", f"scan --quiet: standard error is not empty: {quiet.stderr!r}")
        r = run([pubplan, "scan", str(repo)])
        check(r.stdout == quiet.stdout, "scan --quiet: the topology differs")
        check(r.returncode == 0, f"safety: exit {r.returncode}: {r.stderr}")
        doc = yaml.safe_load(r.stdout)
        names = [p["name"] for p in doc["packages"]]
        check(names == ["ok-pkg"], f"safety: a symbolic link out of the root was followed: {names}")
        check("broken.yml:" in r.stderr and "warning: skipped, cannot parse" in r.stderr,
              f"safety: broken workflow not reported with a position: {r.stderr!r}")
        check(len(doc["pipelines"]) == 1, "safety: the scan did not go on after a broken file")
        # Warnings of one kind in three files or more are one line with the count.
        for i in range(4):
            (repo / "packages" / f"nameless{i}").mkdir()
            (repo / "packages" / f"nameless{i}" / "package.json").write_text('{"version": "1.0.0"}\n')
        r = run([pubplan, "scan", str(repo)])
        lines = [l for l in r.stderr.splitlines() if "has no name" in l]
        check(lines == [lines[0]] and "(4 files: " in lines[0] and "and 2 more)" in lines[0],
              f"scan: warnings of one kind are not grouped: {lines}")
        # An alias bomb is bounded by the document loader.
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi"))
        (repo / ".github" / "workflows" / "bomb.yml").write_text(bomb)
        r = run([pubplan, "scan", str(repo)])
        check(r.returncode == 0 and "bomb.yml" in r.stderr and "too large" in r.stderr,
              f"safety: alias bomb not bounded: {r.stderr!r}")


def repository_from_packages(pubplan):
    """No .git and no root repository: the one the packages agree on, if they do."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = pathlib.Path(tmp) / "checkout"
        for name in ("a", "b"):
            (repo / "packages" / name).mkdir(parents=True)
        (repo / "package.json").write_text('{"private": true, "workspaces": ["packages/*"]}\n')

        def write(name, url):
            (repo / "packages" / name / "package.json").write_text(
                json.dumps({"name": f"@acme/{name}", "version": "1.0.0",
                            "repository": {"type": "git", "url": url, "directory": f"packages/{name}"}}))

        write("a", "git+https://github.com/acme/kit.git")
        write("b", "https://github.com/acme/kit")
        r = run([pubplan, "scan", str(repo)])
        doc = yaml.safe_load(r.stdout)
        check([(x["name"], x["host"]) for x in doc["repositories"]] == [("acme/kit", "github")],
              f"repository from its packages: {doc['repositories']}")
        check("has no name" not in r.stderr, f"a nameless private workspace root was warned about: {r.stderr!r}")
        write("b", "https://github.com/acme/other")
        doc = yaml.safe_load(run([pubplan, "scan", "-q", str(repo)]).stdout)
        check([(x["name"], x["host"]) for x in doc["repositories"]] == [("checkout", "unknown")],
              f"packages naming two repositories: {doc['repositories']}")


def whole_org(pubplan):
    """A scan says its topology may be partial unless told it holds the whole
    organisation; only then may a token grant a whole scope."""
    partial = run([pubplan, "scan", "-q", "tests/scan/npm-too-old"])
    whole = run([pubplan, "scan", "-q", "--whole-org", "tests/scan/npm-too-old"])
    check(yaml.safe_load(partial.stdout)["npm"]["complete"] is False, "scan: npm.complete is not false")
    check("npm" not in yaml.safe_load(whole.stdout), "scan --whole-org: the topology still says it is partial")
    check(whole.stdout.replace("scan --whole-org", "scan") != partial.stdout, "scan --whole-org changed nothing")


def readme(pubplan):
    """docs/scan.md shows a real run: it must still be one."""
    section = (ROOT / "docs" / "scan.md").read_text()
    shown = section.split("$ pubplan scan tests/scan/npm-too-old\n", 1)[1].split("```", 1)[0]
    r = run([pubplan, "scan", "tests/scan/npm-too-old"])
    check(shown == r.stdout, "docs/scan.md: the scan shown differs from a real run")
    shown_err = section.split("and on standard error:\n\n```\n", 1)[1].split("```", 1)[0]
    check(shown_err == r.stderr, "docs/scan.md: the standard error shown differs from a real run")


def main():
    pubplan, update = sys.argv[1], "--update" in sys.argv
    # real/ holds the corpus of real repositories (score.py), not a fixture.
    names = sorted(p.name for p in HERE.iterdir() if p.is_dir() and p.name != "real")
    fired = {}
    for name in names:
        for i in fixture(pubplan, name, update):
            fired.setdefault(i, set()).add(name)
    made_for = {}
    for name, ids in FINDINGS.items():
        check(name in names, f"fixture {name} is missing")
        for i in ids:
            made_for.setdefault(i, set()).add(name)
    for i, expected in made_for.items():
        check(fired.get(i) == expected, f"{i} fires on {sorted(fired.get(i, []))}, expected only on {sorted(expected)}")
    check(set(fired) <= {i for ids in FINDINGS.values() for i in ids},
          f"unexpected findings on fixtures: {sorted(set(fired))}")
    own_repository(pubplan)
    repository_from_packages(pubplan)
    usage(pubplan)
    safety(pubplan)
    whole_org(pubplan)
    readme(pubplan)
    print(f"{len(names)} fixtures, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
