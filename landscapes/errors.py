"""The two kinds of failure the CLI tells apart: user mistakes (exit 2) and failures at work (exit 1)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")


class UserError(Exception):
    """A mistake in what the user asked for; the message says what was wrong and how to fix it."""


class WorkError(Exception):
    """A failure while doing what was asked (the encoder died, the disk filled)."""


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM arrived: unwinds like KeyboardInterrupt, so every `finally` cleans up.

    A `BaseException`, so no `except Exception` on the way swallows it.
    """

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number


def closest(name: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The valid names nearest to `name`, best first."""
    return difflib.get_close_matches(name, list(choices), n=n, cutoff=0.5)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`; did you mean 'a', 'b'?` naming the valid choices closest to `name`, or nothing."""
    near = closest(name, choices)
    return f"; did you mean {', '.join(repr(c) for c in near)}?" if near else ""


def lookup(table: Mapping[str, T], name: str, kind: str) -> T:
    """`table[name]`, or a `UserError` that names the closest valid choices."""
    if name in table:
        return table[name]
    raise UserError(
        f"unknown {kind} {name!r}{did_you_mean(name, table)} (see `landscapes list {kind.split()[-1]}s`)"
    )
