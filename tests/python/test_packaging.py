"""setup.py builds with the project's CMake: the same version, no second list of sources."""

import importlib.util

from conftest import ROOT


def _setup_module():
    spec = importlib.util.spec_from_file_location("pubplan_setup", ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # __name__ is not "__main__": setup() does not run
    return module


def test_setup_version_is_the_library_version():
    import pubplan

    assert _setup_module().project_version() == pubplan.version()


def test_setup_lists_no_sources_of_its_own():
    # The extension is CMake's target pubplan_python: setup.py names no .cpp file.
    text = (ROOT / "setup.py").read_text()
    assert ".cpp" not in text and "pubplan_python" in text
