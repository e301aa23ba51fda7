"""``python -m pubplan ARGS`` and the ``pubplan`` console script: the pubplan command.

The command is the C++ one (arguments, output and exit codes exactly the CLI's):
a wheel carries it in ``pubplan/bin/``; in the CMake build tree it is
``build/bin/pubplan`` beside ``build/python/pubplan``.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from typing import Optional, Sequence


def command() -> Optional[str]:
    """The path of the pubplan command that belongs to this package, or None."""
    here = pathlib.Path(__file__).resolve().parent
    for candidate in (here / "bin" / "pubplan", here.parent.parent / "bin" / "pubplan"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the pubplan command with ARGV (default: this process's arguments); its exit code."""
    exe = command()
    if exe is None:
        print("pubplan: error: the pubplan command is not installed with this package "
              "(build it with `make build`, or install the package with pip)", file=sys.stderr)
        return 2
    args = list(sys.argv[1:] if argv is None else argv)
    return subprocess.run([exe, *args]).returncode


if __name__ == "__main__":
    sys.exit(main())
