"""One run of the command line as a process sees it: arguments in, an exit status out.

`run(argv)` is the seam: the console script, `python -m landscapes` and the tests all go through it.
It catches signals for the duration of the run, has values named as options (`--steps`, see
`landscapes.values`), and it is the one error path: a user's mistake is one
line on standard error and status 2, a failure at work one line and status 1, a signal 128 + its
number; `--debug` anywhere on the line lets the exception through with its traceback.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

import typer

from landscapes.cli.app import app
from landscapes.cli.interrupts import raise_if_interrupted, stopping_on_signals
from landscapes.cli.tune_option import spell_out_bare_tune
from landscapes.errors import Interrupted, UserError, WorkError
from landscapes.values import OPTIONS, named_as

PROGRAM = "landscapes"


def main() -> None:
    """Console entry point: run the command line on `sys.argv` and exit with its status."""
    sys.exit(run(sys.argv[1:]))


def run(argv: Sequence[str]) -> int:
    """Run the command line on `argv` (without the program name) and return the exit status."""
    arguments = list(argv)
    debug = "--debug" in arguments
    try:
        with stopping_on_signals(), named_as(OPTIONS):
            code = _invoke(spell_out_bare_tune([word for word in arguments if word != "--debug"]), arguments)
            raise_if_interrupted()
    except BaseException as error:
        failure = _failure(error)
        if failure is None or debug:
            raise
        message, code = failure
        # typer's choice and number checks go through pydantic, whose messages start "Value error, ".
        message = " ".join(message.replace("Value error, ", "").split())
        print(f"{PROGRAM}: error: {message}", file=sys.stderr)
    return code


def _invoke(arguments: list[str], typed: list[str]) -> int:
    """Run typer on `arguments`; the words as `typed` are the context's object, for manifests."""
    click = _click_exceptions()
    try:
        code = app(args=arguments, prog_name=PROGRAM, standalone_mode=False, obj=tuple(typed))
    except click.NoArgsIsHelpError as error:
        print(error.ctx.get_help() if error.ctx else error.format_message())
        return 0
    return code if isinstance(code, int) else 0


def _failure(error: BaseException) -> tuple[str, int] | None:
    """The one line and the status for `error`; None for what must propagate (SystemExit, bugs in tests)."""
    click = _click_exceptions()
    if isinstance(error, click.UsageError):
        return error.format_message(), 2
    if isinstance(error, typer.Abort | KeyboardInterrupt):
        return "interrupted", 130
    if isinstance(error, Interrupted):
        return f"interrupted by {signal.Signals(error.signal_number).name}", 128 + error.signal_number
    if isinstance(error, UserError):
        return str(error), 2
    if isinstance(error, WorkError):
        return str(error), 1
    if isinstance(error, OSError):
        return (f"{error.strerror or error}: {error.filename}" if error.filename else str(error)), 1
    if isinstance(error, Exception):
        return f"unexpected {type(error).__name__}: {error} (rerun with --debug for the traceback)", 1
    return None


def _click_exceptions():
    """The click exception classes typer raises: vendored inside typer since 0.29, plain click before."""
    try:
        from typer._click import exceptions
    except ImportError:
        from click import exceptions
    return exceptions
