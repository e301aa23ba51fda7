"""Type stubs of pubplan.errors."""

from dataclasses import dataclass
from typing import List, Optional, Sequence

@dataclass(frozen=True)
class Diagnostic:
    """One problem in an input file; line and column are 1-based, 0 when unknown."""

    file: str
    line: int
    column: int
    message: str
    path: Optional[str] = None

class Error(Exception):
    """Base class of every error pubplan raises."""

class InputError(Error, ValueError):
    """An input file could not be read or is not a valid document (also a ValueError)."""

    errors: List[Diagnostic]
    file: Optional[str]
    line: int
    column: int
    message: str
    def __init__(self, message: str, errors: Sequence[Diagnostic] = ...) -> None: ...

class TopologyError(InputError):
    """A topology is invalid or could not be read."""

class TopologyNotFoundError(TopologyError, FileNotFoundError):
    """A topology file that does not exist (also a FileNotFoundError)."""

    def __init__(self, message: str, errors: Sequence[Diagnostic] = ...) -> None: ...

class CatalogError(InputError):
    """A user catalog is invalid or could not be read."""

class SolverTimeout(Error):
    """A solve was interrupted before it finished (not raised by the engine today)."""
