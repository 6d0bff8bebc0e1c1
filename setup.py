# SPDX-License-Identifier: Apache-2.0
"""Builds dagboard._dagboard with CMake for `pip install .`; the metadata is in pyproject.toml.

The CMake build lives in build-pip/ beside build/ (same depth, same flags), so ccache reuses the
objects of scripts/build.sh. DAGBOARD_PIP_BUILD_DIR moves it."""

import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def version():
    """The version, written once: include/dagboard/version.hpp."""
    text = (ROOT / "include" / "dagboard" / "version.hpp").read_text()
    parts = [re.search(rf"#define DAGBOARD_VERSION_{p} (\d+)", text).group(1)
             for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = pathlib.Path(os.environ.get("DAGBOARD_PIP_BUILD_DIR", ROOT / "build-pip"))
        env = dict(os.environ, CCACHE_BASEDIR=str(ROOT))
        # Configured every time: the Python building this may be a new venv's.
        generator = [] if (build_dir / "CMakeCache.txt").exists() else ["-G", "Ninja"]
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), *generator,
                        "-DCMAKE_BUILD_TYPE=Release", f"-DPython_EXECUTABLE={sys.executable}",
                        "-DDAGBOARD_BUILD_PYTHON=ON", "-DDAGBOARD_BUILD_TESTS=OFF",
                        "-DDAGBOARD_BUILD_SERVER=OFF", "-DDAGBOARD_BUILD_EXAMPLES=OFF",
                        "-DDAGBOARD_INSTALL=OFF"], check=True, env=env)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_dagboard"], check=True,
                       env=env)
        built = next((build_dir / "python" / "dagboard").glob("_dagboard*.so"))
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(version=version(), ext_modules=[Extension("dagboard._dagboard", sources=[])],
      cmdclass={"build_ext": CMakeBuild})
