"""Checks the documented offline install: a venv with --system-site-packages and
`pip install --no-build-isolation .`, then the pytest suite against the installed
package (not build/python). Run by ctest as python.pip-install (label pip).

usage: check_pip_install.py PYTHON SOURCE_DIR PUBPLAN_CLI
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile


def main():
    python, source, cli = sys.argv[1:4]
    with tempfile.TemporaryDirectory(prefix="pubplan-pip-") as tmp:
        # A clean copy of the tree, so that the build starts from nothing (every
        # file compiled, so every warning seen) and leaves nothing in the sources.
        tree = os.path.join(tmp, "src")
        shutil.copytree(source, tree, ignore=shutil.ignore_patterns(
            ".git", "build", "build-*", "*.egg-info", ".venv", "__pycache__", ".pytest_cache"))
        venv = os.path.join(tmp, "venv")
        subprocess.run([python, "-m", "venv", "--system-site-packages", venv], check=True)
        vpython = os.path.join(venv, "bin", "python")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_USER")}
        env["PIP_NO_INDEX"] = "1"  # offline: nothing may come from an index
        build = subprocess.run(
            [vpython, "-m", "pip", "install", "-v", "--no-cache-dir", "--no-build-isolation", tree],
            env=env, capture_output=True, text=True)
        if build.returncode != 0:
            print(build.stdout[-20000:], build.stderr[-20000:])
            return 1
        output = build.stdout + build.stderr
        compiler_warning = re.compile(r":\d+:(\d+:)? warning: ")
        warnings = [l for l in output.splitlines() if compiler_warning.search(l)]
        if "bindings/python/src/module.cpp" not in output:
            print("pip -v did not show the compilation; cannot check for warnings")
            return 1
        if warnings:
            print("the build has compiler warnings:\n" + "\n".join(warnings[:40]))
            return 1
        where = subprocess.run([vpython, "-c", "import pubplan; print(pubplan.__file__)"],
                               env=env, capture_output=True, text=True, cwd=tmp, check=True).stdout
        if not where.startswith(venv):
            print(f"pubplan imported from {where!r}, not from the venv")
            return 1
        # The wheel's metadata names the licence, and carries its text.
        meta = subprocess.run([vpython, "-c", "import importlib.metadata as m; d = m.distribution('pubplan'); "
                               "print(d.metadata['License']); "
                               "print(any(str(f).endswith('LICENSE') for f in d.files))"],
                              env=env, capture_output=True, text=True, cwd=tmp)
        if meta.stdout.split() != ["MIT", "True"]:
            print(f"the installed metadata's licence: {meta.stdout!r} {meta.stderr}")
            return 1
        # The command, through the console script and python -m, is the CLI itself.
        for runner in ([os.path.join(venv, "bin", "pubplan")], [vpython, "-m", "pubplan"]):
            r = subprocess.run([*runner, "--version"], env=env, capture_output=True, text=True, cwd=tmp)
            if r.returncode != 0 or not r.stdout.startswith("pubplan "):
                print(f"{' '.join(runner)} --version: exit {r.returncode}: {r.stdout}{r.stderr}")
                return 1
            r = subprocess.run([*runner, "solve", os.path.join(source, "examples", "acme.yaml"), "--format", "json"],
                               env=env, capture_output=True, text=True, cwd=tmp)
            if r.returncode != 1 or '"schema_version": 2' not in r.stdout:
                print(f"{' '.join(runner)} solve: exit {r.returncode}: {r.stderr}")
                return 1
        env["PUBPLAN_CLI"] = cli
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        tests = subprocess.run(
            [vpython, "-m", "pytest", "-q", "-p", "no:cacheprovider", os.path.join(source, "tests", "python")],
            env=env, cwd=source)
        return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
