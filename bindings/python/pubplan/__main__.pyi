"""Type stubs of pubplan.__main__."""

from typing import Optional, Sequence

def command() -> Optional[str]:
    """The path of the pubplan command that belongs to this package, or None."""

def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the pubplan command with ARGV; its exit code."""
