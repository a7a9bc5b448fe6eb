"""Small values typed on the command line: points `X,Y`, sizes `WxH`, windows `A,B`."""

from __future__ import annotations

import math

from landscapes.errors import UserError


def _numbers(text: str, separator: str, what: str, example: str) -> tuple[float, float]:
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


def parse_point(text: str) -> tuple[float, float]:
    """`-2.8,-2.5` → (-2.8, -2.5)."""
    return _numbers(text, ",", "point", "-2.8,-2.5")


def parse_size(text: str) -> tuple[int, int]:
    """`1280x720` → (1280, 720)."""
    width, height = _numbers(text.lower(), "x", "size", "1280x720")
    if width != int(width) or height != int(height):
        raise UserError(f"bad size {text!r}; width and height are whole pixels, like '1280x720'")
    return int(width), int(height)


def parse_window(text: str, axis: str) -> tuple[float, float]:
    """`-2,2` → (-2.0, 2.0), the range of one axis; min must be below max."""
    low, high = _numbers(text, ",", f"--{axis}lim", "-2,2")
    if not low < high:
        raise UserError(f"bad --{axis}lim {text!r}; the first number must be smaller than the second")
    return low, high
