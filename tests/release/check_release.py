#!/usr/bin/env python3
"""What a release ships agrees with itself: one version in CMake, the generated
header, the command, the man page and the changelog's newest entry; a licence
that the Python metadata names; a pre-commit hook that gates as it says; a
Dockerfile on Debian 12. usage: check_release.py PUBPLAN BUILD_DIR"""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness import DAY, Checks, runner  # noqa: E402

PUBPLAN = str(pathlib.Path(sys.argv[1]).resolve())
BUILD = pathlib.Path(sys.argv[2])
ROOT = pathlib.Path(__file__).resolve().parents[2]
check = Checks()
run = runner(PUBPLAN)

# One version everywhere.
version = re.search(r"project\(pubplan\s+VERSION\s+([0-9.]+)", (ROOT / "CMakeLists.txt").read_text()).group(1)
check("the version is 0.2.0 in this batch", version == "0.2.0", version)
header = (BUILD / "include" / "pubplan" / "version.h").read_text()
check("version.h", f'#define PUBPLAN_VERSION_STRING "{version}"' in header, header)
check("pubplan --version", run("--version").stdout == f"pubplan {version}\n", run("--version").stdout)
check("the man page", f'"pubplan {version}"' in run("--generate", "man").stdout.splitlines()[1])
changelog = (ROOT / "CHANGELOG.md").read_text()
newest = re.search(r"^## (\S+)", changelog, re.M)
check("CHANGELOG's newest entry is this version", newest and newest.group(1) == version,
      newest.group(0) if newest else changelog[:200])
check("CHANGELOG's entries are newest first",
      [m for m in re.findall(r"^## (\d+\.\d+\.\d+)", changelog, re.M)] ==
      sorted(re.findall(r"^## (\d+\.\d+\.\d+)", changelog, re.M), key=lambda v: [-int(x) for x in v.split(".")]))

# The licence: the file, the Python metadata, README.
licence = (ROOT / "LICENSE").read_text()
check("LICENSE is MIT", licence.startswith("MIT License\n") and "Copyright (c)" in licence, licence[:80])
setup = (ROOT / "setup.py").read_text()
check("the wheel says MIT", 'license="MIT"' in setup and 'license_files=["LICENSE"]' in setup)
readme = (ROOT / "README.md").read_text()
check("README names the licence and why", "[MIT](LICENSE)" in readme, "no [MIT](LICENSE) in README")

# The pre-commit hook: the manifest pre-commit reads, and what its entry does.
hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
check("one hook, id pubplan", isinstance(hooks, list) and [h["id"] for h in hooks] == ["pubplan"], hooks)
hook = hooks[0]
entry = ROOT / hook["entry"]
check("the entry is an executable script", hook["language"] == "script" and entry.is_file()
      and entry.stat().st_mode & 0o111, hook)
files = re.compile(hook["files"])
for name, wanted in ((("package.json", True), ("packages/ui/package.json", True),
                      (".github/workflows/release.yml", True), (".gitlab-ci.yml", True),
                      (".circleci/config.yml", True), ("README.md", False), ("src/index.js", False))):
    check(f"the hook runs for {name}: {wanted}", bool(files.search(name)) == wanted, hook["files"])
env = {"PATH": f"{pathlib.Path(PUBPLAN).parent}:/usr/bin:/bin"}
for fixture, args, code in (("no-id-token", [], 5), ("npm-changesets-github", [], 0),
                            ("no-id-token", ["--fail-on", "infeasible"], 0),
                            ("npm-changesets-github", ["--fail-on=conditional,finding,ahead"], 5)):
    with tempfile.TemporaryDirectory() as tmp:
        checkout = pathlib.Path(tmp) / "checkout"
        shutil.copytree(ROOT / "tests" / "scan" / fixture, checkout)
        r = subprocess.run([str(entry), "--as-of", DAY, *args], cwd=checkout, env=env, capture_output=True, text=True)
        check(f"hook on {fixture} {args}: exit {code}", r.returncode == code and r.stdout.startswith("<stdin> — "),
              f"exit {r.returncode}: {r.stdout[:300]} {r.stderr[:300]}")
r = subprocess.run([str(entry)], cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
check("hook without pubplan on PATH: exit 2 and why", r.returncode == 2 and "not on PATH" in r.stderr, r.stderr)

# The Dockerfile: Debian 12, the build-only dependencies, the command as entry point.
docker = (ROOT / "Dockerfile").read_text()
check("Dockerfile on Debian 12", re.search(r"^FROM debian:12\b", docker, re.M) is not None)
check("Dockerfile installs through scripts/install-deps build", "scripts/install-deps build" in docker)
check("Dockerfile runs pubplan", 'ENTRYPOINT ["pubplan"]' in docker)

sys.exit(check.report())
