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
