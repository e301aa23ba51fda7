"""The exceptions pubplan raises.

Every error is a :class:`pubplan.Error`. Invalid input files raise
:class:`TopologyError` or :class:`CatalogError` (both :class:`InputError`), which
carry every problem of the file as :class:`Diagnostic` values, in file order.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from typing import List, Optional, Sequence

__all__ = ["Diagnostic", "Error", "InputError", "TopologyError", "TopologyNotFoundError", "CatalogError",
           "SolverTimeout"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in an input file; ``line`` and ``column`` are 1-based, 0 when unknown.

    A problem of a mapping given to ``Topology.from_dict`` has no line: ``path`` names
    the key instead (``packages[3].published_by``; ``""`` for the whole document).
    """

    file: str
    line: int
    column: int
    message: str
    path: Optional[str] = None

    def __str__(self) -> str:
        """``FILE:LINE:COL: error: MESSAGE`` (position parts omitted when unknown), or
        ``FILE: PATH: error: MESSAGE`` for a key of a mapping."""
        if self.path is not None:
            return f"{self.file}: {self.path or '(the document)'}: error: {self.message}"
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: error: {self.message}"


class Error(Exception):
    """Base class of every error pubplan raises."""


class InputError(Error, ValueError):
    """An input file could not be read or is not a valid document (also a ``ValueError``).

    ``errors`` holds every :class:`Diagnostic` of the file; ``file``, ``line``,
    ``column`` and ``message`` are those of the first one. ``str(e)`` is every
    diagnostic, one per line, as ``FILE:LINE:COL: error: MESSAGE``.
    """

    def __init__(self, message: str, errors: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.errors: List[Diagnostic] = list(errors)
        first = self.errors[0] if self.errors else None
        self.file: Optional[str] = first.file if first else None
        self.line: int = first.line if first else 0
        self.column: int = first.column if first else 0
        self.message: str = first.message if first else message

    def __reduce__(self):  # keep the diagnostics when pickled (multiprocessing)
        return (type(self), (str(self), self.errors))


class TopologyError(InputError):
    """A topology is invalid or could not be read (a missing file is one too)."""


class TopologyNotFoundError(TopologyError, FileNotFoundError):
    """A topology file that does not exist: a :class:`TopologyError` and a ``FileNotFoundError``
    (``errno`` ENOENT, ``filename`` the path)."""

    def __init__(self, message: str, errors: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message, errors)
        self.errno = errno.ENOENT
        self.strerror = os.strerror(errno.ENOENT)
        self.filename = self.file

    def __str__(self) -> str:
        """The diagnostics, as every :class:`InputError` (not OSError's ``[Errno 2] ...``)."""
        return BaseException.__str__(self)


class CatalogError(InputError):
    """A user catalog is invalid or could not be read."""


class SolverTimeout(Error):
    """A solve was stopped before it finished, by :meth:`pubplan.Planner.interrupt`.

    A ``time_limit`` or ``rlimit`` that runs out is not an exception: the affected
    strategies are ``"unknown"`` (with a ``note``) and ``solve`` returns a
    :class:`pubplan.Result`.
    """
