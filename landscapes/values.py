"""One home for value rules: whole and finite numbers, pairs, windows, pixel sizes; and the command
line's text for them (`-2.8,-2.5`, `1280x720`, `-2,2`), parsed and then checked by the same rules.

A rule names the value the way its caller did: `--steps` on the command line, `steps` in Python,
`'steps'` in a scene file (after the file's name). The caller is a context: Python by default,
the command line while `landscapes.cli.process.run` runs, a scene file while it is read.
"""

from __future__ import annotations

import contextlib
import math
import numbers
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

from landscapes import limits
from landscapes.errors import UserError

Pair = tuple[float, float]


@dataclass(frozen=True)
class Naming:
    """How a caller names a value: as an option (`--gif-width`), a Python keyword, or a file's key."""

    style: Literal["python", "option", "file"] = "python"
    where: str = ""  # the scene file whose keys these are

    def __call__(self, key: str) -> str:
        if self.style == "option":
            return "--" + key.replace("_", "-")
        return repr(key) if self.style == "file" else key

    def error(self, message: str) -> UserError:
        """A `UserError` with `message`, after the file's name when the value came from a file."""
        return UserError(f"{self.where}: {message}" if self.where else message)


PYTHON = Naming("python")
OPTIONS = Naming("option")

_caller: ContextVar[Naming] = ContextVar("landscapes_caller", default=PYTHON)


def caller() -> Naming:
    """How the code running now names values: Python's keywords unless a caller said otherwise."""
    return _caller.get()


@contextlib.contextmanager
def named_as(naming: Naming) -> Iterator[None]:
    """Within, value rules name values as `naming` does."""
    token = _caller.set(naming)
    try:
        yield
    finally:
        _caller.reset(token)


def in_file(path: object) -> Naming:
    return Naming("file", str(path))


def whole_number(
    value: Any, key: str, *, at_least: int | None = None, at_most: int | None = None, limit: int | None = None
) -> int:
    """`value` as an int; a bool, float or string is refused. `at_most` is a range's end, `limit`
    a guard against absurd sizes (`landscapes.limits`), reported with its thousands separated."""
    naming = caller()
    name = naming(key)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise naming.error(f"{name} must be a whole number, got {value!r}")
    value = int(value)
    if at_most is not None and not (at_least or 0) <= value <= at_most:
        raise naming.error(f"{name} must be between {at_least or 0} and {at_most}, got {value}")
    if at_least is not None and value < at_least:
        raise naming.error(f"{name} must be at least {at_least}, got {value}")
    if limit is not None and value > limit:
        raise naming.error(f"{name} is {value:,}; the limit is {limit:,}")
    return value


def finite_number(
    value: Any, key: str, *, at_least: float | None = None, between: Pair | None = None
) -> float:
    """`value` as a finite float; a bool or string is refused."""
    naming = caller()
    name = naming(key)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise naming.error(f"{name} must be a finite number, got {value!r}")
    value = float(value)
    if between is not None and not between[0] <= value <= between[1]:
        raise naming.error(f"{name} must be between {between[0]:g} and {between[1]:g}, got {value:g}")
    if at_least is not None and value < at_least:
        raise naming.error(f"{name} must be a finite number ≥ {at_least:g}, got {value:g}")
    return value


def parse_finite(text: str, not_a_number: str, not_finite: str) -> float:
    """`text` (a number as typed) as a finite float; the caller's own messages for text that is no
    number and for an infinity or NaN."""
    try:
        value = float(text)
    except ValueError:
        raise UserError(not_a_number) from None
    if not math.isfinite(value):
        raise UserError(not_finite)
    return value


def parse_whole(text: str, not_whole: str) -> int:
    """`text` (a whole number as typed) as an int; the caller's own message for text that is not one."""
    try:
        return int(text)
    except ValueError:
        raise UserError(not_whole) from None


def is_pair(value: Any) -> bool:
    """Whether `value` is two real numbers (a tuple, list or array; not a string)."""
    try:
        first, second = value
    except (TypeError, ValueError):
        return False
    return not isinstance(value, str) and all(
        isinstance(number, numbers.Real) and not isinstance(number, bool) for number in (first, second)
    )


def number_pair(value: Any, key: str, example: str = "(-2.8, -2.5)") -> Pair:
    """Two finite floats from a pair such as (-2.8, -2.5)."""
    naming = caller()
    if not is_pair(value):
        raise naming.error(f"bad {naming(key)} {value!r}; expected two numbers like {example}")
    first, second = (float(number) for number in value)
    if not (math.isfinite(first) and math.isfinite(second)):
        raise naming.error(f"bad {naming(key)} {value!r}; numbers must be finite")
    return first, second


def window(value: Any, key: str, shown: str | None = None) -> Pair:
    """One axis of a view window: two finite numbers, the first smaller. `shown` is the value as the
    user wrote it (the command line's text), for the message."""
    low, high = number_pair(value, key, "(-2, 2)")
    if not low < high:
        naming = caller()
        raise naming.error(
            f"bad {naming(key)} {shown or repr(value)}; the first number must be smaller than the second"
        )
    return low, high


def pixel_size(value: Any, key: str = "size") -> tuple[int, int]:
    """A (width, height) in whole pixels, each side at least `limits.MIN_SIDE` and at most `MAX_SIDE`."""
    naming = caller()
    name = naming(key)
    if not is_pair(value) or not all(float(side).is_integer() for side in value):
        raise naming.error(f"bad {name} {value!r}; expected whole pixels like (1280, 720)")
    width, height = (int(side) for side in value)
    if min(width, height) < limits.MIN_SIDE:
        raise naming.error(
            f"{name} must be at least {limits.MIN_SIDE}x{limits.MIN_SIDE} pixels, got {width}x{height}"
        )
    longer = max(width, height)
    if longer > limits.MAX_SIDE:
        raise naming.error(
            f"{name} {width}x{height}: the longer side is {longer:,}; the limit is {limits.MAX_SIDE:,}"
        )
    return width, height


def _numbers(text: str, separator: str, what: str, example: str) -> Pair:
    parts = text.split(separator)
    if len(parts) != 2:
        raise UserError(f"bad {what} {text!r}; expected two numbers like {example!r}")
    try:
        values = float(parts[0]), float(parts[1])
    except ValueError:
        raise UserError(f"bad {what} {text!r}; expected two numbers like {example!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise UserError(f"bad {what} {text!r}; numbers must be finite")
    return values


def parse_point(text: str) -> Pair:
    """`-2.8,-2.5` → (-2.8, -2.5)."""
    return _numbers(text, ",", "point", "-2.8,-2.5")


def parse_size(text: str) -> tuple[int, int]:
    """`1280x720` → (1280, 720), checked as a pixel size."""
    width, height = _numbers(text.lower(), "x", "size", "1280x720")
    if width != int(width) or height != int(height):
        raise UserError(f"bad size {text!r}; width and height are whole pixels, like '1280x720'")
    return pixel_size((int(width), int(height)))


def parse_window(text: str, axis: str) -> Pair:
    """`-2,2` → (-2.0, 2.0), the range of one axis; min must be below max."""
    key = f"{axis}lim"
    return window(_numbers(text, ",", caller()(key), "-2,2"), key, shown=repr(text))
