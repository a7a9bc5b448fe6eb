"""Sets of start points inside a window: `random:N` (seeded) and `grid:N`."""

from __future__ import annotations

import math
import re

import numpy as np

from landscapes.errors import UserError
from landscapes.limits import MAX_STARTS
from surfaces import Point

_START_SET = re.compile(r"^\s*(?P<kind>random|grid)\s*:\s*(?P<count>\d+)\s*$")


def parse_start_set(text: str) -> tuple[str, int]:
    """`grid:16` → ("grid", 16); a `UserError` for anything else."""
    match = _START_SET.match(text)
    if not match:
        raise UserError(f"bad start set {text!r}; expected 'random:N' or 'grid:N', e.g. 'grid:16'")
    count = int(match["count"])
    if not 1 <= count <= MAX_STARTS:
        raise UserError(f"bad start set {text!r}; N must be between 1 and {MAX_STARTS}")
    return match["kind"], count


def start_set(kind: str, count: int, xlim: Point, ylim: Point, seed: int) -> tuple[Point, ...]:
    """`count` points inside the window: uniformly random from `seed`, or the centres of a grid's cells.

    A grid of N points has ⌈√N⌉ columns and as many rows as needed (√N × √N when N is a square);
    cells are filled row by row from the bottom-left, so a last row may be partly empty.
    """
    (x0, x1), (y0, y1) = xlim, ylim
    if kind == "random":
        rng = np.random.default_rng(seed)
        xs, ys = rng.uniform(x0, x1, count), rng.uniform(y0, y1, count)
        return tuple(zip(xs.tolist(), ys.tolist(), strict=True))
    columns = math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    xs = x0 + (np.arange(columns) + 0.5) * (x1 - x0) / columns
    ys = y0 + (np.arange(rows) + 0.5) * (y1 - y0) / rows
    return tuple((float(x), float(y)) for y in ys for x in xs)[:count]
