"""The whole command line: the typer app with every command registered on it."""

from landscapes.cli import compare, network  # noqa: F401  (register `landscapes compare`, `network`)
from landscapes.cli.commands import app

__all__ = ["app"]
