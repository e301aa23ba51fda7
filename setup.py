"""Builds the pubplan Python package; the extension comes from the project's own
CMake build, so there is one build of the library, not two.

build_ext configures CMake with a static libpubplan (BUILD_SHARED_LIBS=OFF) and
without tests or benchmarks, builds the targets pubplan_python (pubplan._core with
the library inside, so the installed package needs no libpubplan.so) and
pubplan_cli, and copies both into the package (the command as pubplan/bin/pubplan,
run by `python -m pubplan` and the `pubplan` console script). It needs what the CMake build needs (scripts/install-deps:
CMake, Z3, fmt, yaml-cpp, simdjson, nlohmann-json, Boost, pybind11). Install
offline on Debian with:

    /usr/bin/python3 -m venv --system-site-packages .venv
    .venv/bin/pip install --no-build-isolation .
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent
# setuptools' own build tree, apart from CMake's build/ (ignored by git).
BUILD_BASE = "build-setuptools"


def project_version():
    """The version of the CMake project(), the one the library reports."""
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(pubplan\s+VERSION\s+([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    """Builds pubplan._core with CMake (target pubplan_python)."""

    def build_extension(self, ext):
        build = pathlib.Path(self.build_temp).resolve() / "cmake"
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                        "-DBUILD_SHARED_LIBS=OFF", "-DPUBPLAN_BUILD_TESTS=OFF", "-DPUBPLAN_BUILD_BENCHMARKS=OFF",
                        "-DPUBPLAN_INSTALL=OFF", "-DPUBPLAN_BUILD_PYTHON=ON",
                        # The command in the wheel keeps the C library's malloc, so
                        # the wheel needs no more system libraries than before.
                        "-DPUBPLAN_ALLOCATOR=system",
                        f"-DPython3_EXECUTABLE={sys.executable}"], check=True)
        # Two compile jobs by default (PUBPLAN_BUILD_JOBS overrides).
        jobs = os.environ.get("PUBPLAN_BUILD_JOBS", "2")
        # --verbose: every compiler command, so that pip -v shows each file compiled and any warning.
        subprocess.run(["cmake", "--build", str(build), "--target", "pubplan_python", "pubplan_cli", "-j", jobs,
                        "--verbose"], check=True)
        built = sorted((build / "python" / "pubplan").glob("_core*.so"))
        if len(built) != 1:
            raise RuntimeError(f"CMake built {len(built)} pubplan._core modules in {build}")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)
        # The pubplan command, which `python -m pubplan` and the console script run.
        command = target.parent / "bin" / "pubplan"
        command.parent.mkdir(exist_ok=True)
        shutil.copy2(build / "bin" / "pubplan", command)


if __name__ == "__main__":
    os.chdir(ROOT)
    pathlib.Path(BUILD_BASE).mkdir(exist_ok=True)
    setup(
        name="pubplan",
        version=project_version(),
        description="Decides how each npm package of an organisation should be published",
        long_description=(ROOT / "README.md").read_text(),
        long_description_content_type="text/markdown",
        python_requires=">=3.9",
        license="MIT",
        license_files=["LICENSE"],
        classifiers=["License :: OSI Approved :: MIT License", "Programming Language :: C++",
                     "Programming Language :: Python :: 3", "Operating System :: POSIX :: Linux"],
        packages=["pubplan"],
        package_dir={"pubplan": "bindings/python/pubplan"},
        package_data={"pubplan": ["py.typed", "*.pyi"]},
        ext_modules=[Extension("pubplan._core", sources=[])],
        cmdclass={"build_ext": CMakeBuild},
        entry_points={"console_scripts": ["pubplan = pubplan.__main__:main"]},
        options={"build": {"build_base": BUILD_BASE}, "egg_info": {"egg_base": BUILD_BASE}},
        zip_safe=False,
    )
