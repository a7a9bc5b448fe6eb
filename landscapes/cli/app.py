"""The whole command line: the typer app with every command registered on it."""

from landscapes.cli import network  # noqa: F401  (registers `landscapes network` on the app)
from landscapes.cli.commands import app

__all__ = ["app"]
