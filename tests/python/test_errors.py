"""Errors: exception classes with positions, never a bare RuntimeError."""

import errno
import os
import pathlib
import pickle
import signal
import sys
import threading

import types

import pytest
import yaml

import pubplan
from conftest import ROOT, generated_topology

# A module the build makes for the tests only (tests/python/throwing_module.cpp):
# it throws each C++ exception, for pubplan._core's translator to turn into Python's.
sys.path.insert(0, str(pathlib.Path(os.environ.get("PUBPLAN_BUILD_DIR", ROOT / "build")) / "tests" / "python"))
import pubplan_throwing  # noqa: E402

BROKEN_SYNTAX = "version: 1\npackages:\n  - name: [unclosed\n"
BROKEN_SCHEMA = """version: 1
repositories:
  - name: acme/web
    host: githup
packages:
  - name: "@acme/ui"
    repository: acme/nowhere
"""


def test_hierarchy():
    assert issubclass(pubplan.TopologyError, pubplan.InputError)
    assert issubclass(pubplan.CatalogError, pubplan.InputError)
    assert issubclass(pubplan.InputError, pubplan.Error)
    assert issubclass(pubplan.SolverTimeout, pubplan.Error)
    assert issubclass(pubplan.Error, Exception)
    assert not issubclass(pubplan.Error, RuntimeError)


def test_loads_syntax_error_has_line_and_column():
    with pytest.raises(pubplan.TopologyError) as info:
        pubplan.loads(BROKEN_SYNTAX, name="broken.yaml")
    e = info.value
    assert e.file == "broken.yaml"
    assert e.line >= 3 and e.column >= 1
    assert f"broken.yaml:{e.line}:{e.column}:" in str(e)
    assert e.errors[0] == pubplan.Diagnostic(e.file, e.line, e.column, e.message)


def test_schema_errors_all_reported_with_positions(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_SCHEMA)
    with pytest.raises(pubplan.TopologyError) as info:
        pubplan.load(path)
    e = info.value
    assert len(e.errors) == 2
    assert [(d.line, d.column) for d in e.errors] == [(4, 11), (7, 17)]
    assert "githup" in e.errors[0].message and "acme/nowhere" in e.errors[1].message
    assert (e.file, e.line, e.column) == (str(path), 4, 11)
    for d in e.errors:
        assert f"{path}:{d.line}:{d.column}: error: " in str(e)
        assert str(d) == f"{path}:{d.line}:{d.column}: error: {d.message}"


def test_missing_file_is_a_topology_error(tmp_path):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(pubplan.TopologyError) as info:
        pubplan.load(str(missing))
    assert info.value.file == str(missing)
    assert (info.value.line, info.value.column) == (0, 0)
    assert "cannot read" in str(info.value)


def test_from_dict_errors_are_topology_errors():
    with pytest.raises(pubplan.TopologyError) as info:
        pubplan.Topology.from_dict({"version": 1, "packages": 3})
    assert info.value.file == "<dict>" and info.value.errors[0].path == "packages"
    assert str(info.value) == "<dict>: packages: error: 'packages' must be a list, found a scalar"
    with pytest.raises(TypeError):
        pubplan.Topology.from_dict([1, 2])
    with pytest.raises(TypeError):
        pubplan.Topology.from_dict({"version": object()})


def test_catalog_errors(tmp_path):
    with pytest.raises(pubplan.CatalogError) as info:
        pubplan.Planner(["catalog: 1\nrules:\n  - id: x\n    bogus: 1\n"])
    e = info.value
    assert e.file == "<catalog 1>" and e.line >= 3 and e.column >= 1
    assert f"<catalog 1>:{e.line}:{e.column}:" in str(e)
    with pytest.raises(pubplan.CatalogError) as info:
        pubplan.Planner([tmp_path / "missing-catalog.yaml"])
    assert "cannot read" in str(info.value)


def test_bad_input_never_crashes():
    for text in ("", "\x00", "{", "[]", "version: 2\n", b"\xff\xfe", "version: 1\n" + "a: &a [*a]\n"):
        with pytest.raises(pubplan.TopologyError):
            pubplan.loads(text)


def test_errors_pickle_with_their_diagnostics():
    with pytest.raises(pubplan.TopologyError) as info:
        pubplan.loads(BROKEN_SCHEMA)
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is pubplan.TopologyError
    assert again.errors == info.value.errors and str(again) == str(info.value)


def test_an_interrupted_solve_raises_solver_timeout():
    # A budget that runs out gives "unknown" statuses (see test_api); an
    # interrupt() from another thread stops the solve with SolverTimeout.
    planner = pubplan.Planner()
    topology = pubplan.Topology.from_dict(generated_topology(48))
    outcome = []

    def solve():
        try:
            outcome.append(planner.solve(topology))
        except pubplan.SolverTimeout as e:
            outcome.append(e)

    thread = threading.Thread(target=solve)
    thread.start()
    # The first interrupt may land before the solve starts: keep interrupting
    # until it returns (uninterrupted, it runs for seconds).
    while thread.is_alive():
        planner.interrupt()
        thread.join(0.005)
    assert len(outcome) == 1 and isinstance(outcome[0], pubplan.SolverTimeout)
    assert str(outcome[0]) == "the solve was interrupted"
    # The planner stays usable.
    assert planner.solve(pubplan.load("examples/acme.yaml")).package("@acme/cli") is not None


@pytest.mark.parametrize("kind, cls, text", [
    ("topology", pubplan.TopologyError, "t.yaml:3:7: error: first"),
    ("catalog", pubplan.CatalogError, "c.yaml:2:5: error: bad rule"),
    ("input", pubplan.InputError, "i.yaml: error: cannot read"),
    ("error", pubplan.Error, "plain pubplan error"),
    ("interrupted", pubplan.SolverTimeout, "the solve was interrupted"),
    ("std", pubplan.Error, "internal error: vector::at"),
    ("unknown", pubplan.Error, "internal error: unknown C++ exception"),
])
def test_every_cpp_exception_becomes_a_pubplan_error(kind, cls, text):
    with pytest.raises(cls) as info:
        pubplan_throwing.throw_kind(kind)
    assert type(info.value) is cls
    assert text in str(info.value)


def test_translated_topology_error_carries_every_diagnostic():
    with pytest.raises(pubplan.TopologyError) as info:
        pubplan_throwing.throw_kind("topology")
    e = info.value
    assert (e.file, e.line, e.column, e.message) == ("t.yaml", 3, 7, "first")
    assert e.errors == [pubplan.Diagnostic("t.yaml", 3, 7, "first"), pubplan.Diagnostic("t.yaml", 9, 1, "second")]
    assert str(e) == "t.yaml:3:7: error: first\nt.yaml:9:1: error: second"


def test_python_exceptions_keep_their_type():
    with pytest.raises(MemoryError):
        pubplan_throwing.throw_kind("bad_alloc")
    with pytest.raises(ValueError, match="a value error"):
        pubplan_throwing.throw_kind("value")


def test_ctrl_c_interrupts_a_solve():
    # A SIGINT during a solve (Ctrl-C, a notebook's interrupt) raises
    # KeyboardInterrupt from solve() while it runs, and the planner stays usable.
    # The first signal must land inside the solve, so the solve must outlast its
    # 0.2 s wait by far: every diagnosis, one thread, 3,000 packages (about 4 s
    # on a 2-core machine; 48 packages at the default depth now take 0.2 s).
    planner = pubplan.Planner(diagnose="all", threads=1)
    topology = pubplan.Topology.from_dict(generated_topology(3000))
    done, raised = threading.Event(), []

    def once(signum, frame):
        if not raised:
            raised.append(signum)
            raise KeyboardInterrupt

    def send():
        # The first signal waits until the solve is surely running (it runs for
        # seconds); then one every 50 ms until it ends.
        while not done.wait(0.2 if not raised else 0.05):
            os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGINT, once)
    sender = threading.Thread(target=send)
    sender.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            planner.solve(topology)  # uninterrupted, it runs for seconds
    finally:
        done.set()
        sender.join()
        signal.signal(signal.SIGINT, previous)
    assert raised == [signal.SIGINT]
    assert planner.solve(pubplan.load("examples/acme.yaml")).package("@acme/cli") is not None


def test_input_errors_are_value_errors_and_a_missing_file_is_not_found():
    with pytest.raises(ValueError):
        pubplan.loads(BROKEN_SCHEMA)
    with pytest.raises(FileNotFoundError) as info:
        pubplan.load("no/such/topology.yaml")
    assert isinstance(info.value, pubplan.TopologyError)
    assert info.value.errno == errno.ENOENT and info.value.filename == "no/such/topology.yaml"
    with pytest.raises(pubplan.TopologyError) as other:
        pubplan.load("examples")  # a directory: not a missing file
    assert not isinstance(other.value, FileNotFoundError)


def test_from_dict_errors_name_key_paths():
    with open("examples/acme.yaml") as f:
        data = yaml.safe_load(f)
    data["packages"][3]["published_by"] = ["nope"]
    data["packages"][5]["access"] = "secret"
    data["pipelines"][1]["runner"] = 7
    data["bogus"] = 1
    with pytest.raises(pubplan.TopologyError) as info:
        pubplan.Topology.from_dict(data)
    paths = [d.path for d in info.value.errors]
    assert paths == ["pipelines[1].runner", "packages[3].published_by[0]", "packages[5].access", "bogus"]
    assert all(d.line == 0 and d.column == 0 and d.file == "<dict>" for d in info.value.errors)
    assert "unknown pipeline 'nope'" in info.value.errors[1].message
    assert str(info.value).splitlines()[2] == (
        "<dict>: packages[5].access: error: access must be one of public | private, found 'secret'")
    # The whole document, and a mapping that is not a dict.
    with pytest.raises(pubplan.TopologyError) as info:
        pubplan.Topology.from_dict(types.MappingProxyType({"packages": []}))
    assert info.value.errors[0].path == "" and str(info.value).startswith("<dict>: (the document): error: ")
    with open("examples/acme.yaml") as f:
        valid = yaml.safe_load(f)
    assert pubplan.Topology.from_dict(types.MappingProxyType(valid)).package_count == 9
