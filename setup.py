"""Builds the pubplan Python package with setuptools, without CMake.

The extension pubplan._core compiles the binding (bindings/python/src/module.cpp)
together with the library's sources (lib/**/*.cpp), so the installed package needs no
libpubplan.so; it links Z3, fmt, yaml-cpp and simdjson from the system (Debian: libz3-dev,
libfmt-dev, libyaml-cpp-dev, libsimdjson-dev, nlohmann-json3-dev). Install offline on Debian with:

    /usr/bin/python3 -m venv --system-site-packages .venv
    .venv/bin/pip install --no-build-isolation .
"""

import os
import pathlib
import re

from pybind11.setup_helpers import ParallelCompile, Pybind11Extension, build_ext
from setuptools import setup

ROOT = pathlib.Path(__file__).resolve().parent
# setuptools' own build tree, apart from CMake's build/ (ignored by git).
BUILD_BASE = "build-setuptools"


def project_version():
    """The version of the CMake project(), the one the library reports."""
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(pubplan\s+VERSION\s+([0-9.]+)", text).group(1)


def generate_builtin_catalog(out):
    """Writes the embedded catalog source exactly as lib/CMakeLists.txt's
    configure_file(@ONLY) does: lib/catalog/npm.yaml pasted into builtin.cpp.in."""
    template = (ROOT / "lib" / "catalog" / "builtin.cpp.in").read_text()
    catalog = (ROOT / "lib" / "catalog" / "npm.yaml").read_text()
    text = template.replace("@PUBPLAN_CATALOG_TEXT@", catalog)
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists() or out.read_text() != text:
        out.write_text(text)
    return out


class BuildExt(build_ext):
    """build_ext that first generates the embedded catalog into its build directory."""

    def build_extensions(self):
        generated = generate_builtin_catalog(
            pathlib.Path(self.build_temp) / "generated" / "builtin_catalog.cpp")
        for ext in self.extensions:
            if str(generated) not in ext.sources:
                ext.sources.append(str(generated))
        super().build_extensions()


def lib_sources():
    return sorted(os.path.relpath(p, ROOT) for p in (ROOT / "lib").rglob("*.cpp"))


if __name__ == "__main__":
    version = project_version()
    # Two compile jobs by default (PUBPLAN_BUILD_JOBS overrides).
    ParallelCompile("PUBPLAN_BUILD_JOBS", default=2).install()
    os.chdir(ROOT)
    pathlib.Path(BUILD_BASE).mkdir(exist_ok=True)
    setup(
        name="pubplan",
        version=version,
        description="Decides how each npm package of an organisation should be published",
        long_description=(ROOT / "README.md").read_text(),
        long_description_content_type="text/markdown",
        python_requires=">=3.9",
        packages=["pubplan"],
        package_dir={"pubplan": "bindings/python/pubplan"},
        package_data={"pubplan": ["py.typed", "*.pyi"]},
        ext_modules=[
            Pybind11Extension(
                "pubplan._core",
                ["bindings/python/src/module.cpp", *lib_sources()],
                include_dirs=["include", "lib"],
                define_macros=[("PUBPLAN_BUILDING", None),
                               ("PUBPLAN_VERSION_STRING", f'"{version}"')],
                libraries=["z3", "fmt", "yaml-cpp", "simdjson"],
                cxx_std=20,
            )
        ],
        cmdclass={"build_ext": BuildExt},
        options={"build": {"build_base": BUILD_BASE}, "egg_info": {"egg_base": BUILD_BASE}},
        zip_safe=False,
    )
