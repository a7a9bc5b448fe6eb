"""Plugins: a user's Python file that registers surfaces and optimizers, loaded only on `--plugin`.

A plugin uses the same public API as the built-ins:

    from surfaces import surface            # @surface(name=..., formula=..., xlim=..., ...) on f(x, y)
    from landscapes.optimizers import Optimizer, register_optimizer

    @register_optimizer("my-sgd", description="...")
    def my_sgd(lr: float = 0.1) -> Optimizer:
        "θ ← θ − lr·g"
        ...

See `surfaces.registry.surface` and `landscapes.optimizers.registry.register_optimizer` for what
each takes, and `examples/plugin_example.py` for a whole plugin. Unlike a scene file, a plugin is
code and runs with the user's rights: load only files you trust.
"""

from __future__ import annotations

import hashlib
import importlib.util
import traceback
from pathlib import Path

from landscapes.errors import UserError


def load_plugin(path: Path) -> None:
    """Run the plugin file `path` once, so its registrations take effect.

    Any failure while importing it is a `UserError` naming the file, the line and the error.
    """
    if not path.is_file():
        raise UserError(f"plugin file {str(path)!r} not found")
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(f"landscapes_plugin_{digest}", path)
    if spec is None or spec.loader is None:
        raise UserError(f"plugin {str(path)!r} is not a Python file")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as error:
        raise UserError(f"plugin {path} failed to load: {_where(error, path)}{_describe(error)}") from error


def _where(error: BaseException, path: Path) -> str:
    """`line N: ` of the plugin's line that raised (or held the syntax error), if known."""
    if isinstance(error, SyntaxError) and error.lineno:
        return f"line {error.lineno}: "
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve() == path.resolve()
    ]
    return f"line {frames[-1].lineno}: " if frames else ""


def _describe(error: BaseException) -> str:
    message = error.msg if isinstance(error, SyntaxError) else str(error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
