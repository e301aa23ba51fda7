"""The type stubs match the runtime module (mypy.stubtest) and type-check a real script."""

import os
import pathlib
import subprocess
import sys
import sysconfig

import pubplan
from conftest import ROOT

HERE = pathlib.Path(__file__).parent
PACKAGE_PARENT = str(pathlib.Path(pubplan.__file__).parent.parent)
# mypy finds an installed (pip) package by itself and refuses site-packages in
# MYPYPATH; the build tree's package (build/python) needs MYPYPATH.
INSTALLED = PACKAGE_PARENT in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
MYPY_ENV = {} if INSTALLED else {"MYPYPATH": PACKAGE_PARENT}


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_stubtest_finds_no_inconsistency():
    run = _run("mypy.stubtest", "pubplan", "--allowlist", str(HERE / "stubtest-allowlist.txt"),
               env={"PYTHONPATH": PACKAGE_PARENT})
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_example_type_checks_strictly():
    run = _run("mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
               str(ROOT / "examples" / "python" / "nothing_fits.py"), env=MYPY_ENV)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_catches_a_misuse_through_the_stubs(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import pubplan\nr: int = pubplan.Planner().solve(pubplan.load('x.yaml'))\n")
    run = _run("mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(bad),
               env=MYPY_ENV)
    assert run.returncode == 1 and 'expression has type "Result"' in run.stdout, run.stdout + run.stderr
