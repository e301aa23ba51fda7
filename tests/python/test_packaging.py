"""setup.py builds what CMake builds: the same sources and the same embedded catalog."""

import importlib.util
import os
import pathlib
import re

from conftest import ROOT


def _setup_module():
    spec = importlib.util.spec_from_file_location("pubplan_setup", ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # __name__ is not "__main__": setup() does not run
    return module


def test_setup_compiles_the_library_sources_cmake_compiles():
    cmake = (ROOT / "lib" / "CMakeLists.txt").read_text()
    blocks = re.findall(r"set\([a-z]+_sources(.*?)\)", cmake, re.S)
    listed = sorted("lib/" + s for b in blocks for s in re.findall(r"(?<![/}])\b([a-z_]+/[a-z_/]+\.cpp)\b", b))
    assert len(listed) > 30 and _setup_module().lib_sources() == listed


def test_setup_generates_the_same_builtin_catalog(tmp_path):
    build = pathlib.Path(os.environ.get("PUBPLAN_BUILD_DIR", ROOT / "build"))
    cmake_generated = (build / "lib" / "builtin_catalog.cpp").read_text()
    out = _setup_module().generate_builtin_catalog(tmp_path / "builtin_catalog.cpp")
    assert out.read_text() == cmake_generated


def test_setup_version_is_the_library_version():
    import pubplan

    assert _setup_module().project_version() == pubplan.version()
