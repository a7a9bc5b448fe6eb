"""Contour levels and their labels: which values get a line, which lines get a label, and how it reads.

`--levels` is `auto` (the surface's own levels if it fixes them, else log spacing when the values
span orders of magnitude above the window's minimum, else linear), `log`, `linear`, a count `N`
(about N levels, spaced as `auto` would) or the values themselves. Levels are round numbers, so
their labels read "9" and "2000", never "8.98" or "2e+03".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from animator.options import LevelSpec

if TYPE_CHECKING:  # frame workers import this module and must not import JAX (via `surfaces`)
    from surfaces.base import ContourLevels

ORDERS_FOR_LOG = 2.0  # the largest gap above the minimum against the 10th percentile's, in decades
LOG_DECADES = 5
DEFAULT_COUNT = 20


def spans_orders(z: np.ndarray) -> bool:
    """True if the values rise above their minimum over orders of magnitude: most of the window lies
    far below its highest values, as in a narrow valley."""
    gap = z - z.min()
    low = np.percentile(gap, 10)
    return bool(gap.max() > 0 and (low <= 0 or np.log10(gap.max() / low) >= ORDERS_FOR_LOG))


def choose_levels(spec: LevelSpec, policy: ContourLevels, z: np.ndarray) -> np.ndarray:
    """The levels to draw for finite sampled values `z` of a surface whose own policy is `policy`."""
    from surfaces.base import round_linear_steps

    if spec.kind == "values":
        return np.asarray(spec.values, dtype=float)
    kind = spec.kind
    if kind == "auto":
        if policy.kind == "fixed" and spec.count is None:
            return np.asarray(policy.values, dtype=float)
        kind = "log" if policy.kind == "log" or spans_orders(z) else "linear"
    low, high = float(z.min()), float(z.max())
    if not low < high:
        return np.array([low])
    count = spec.count or (policy.count if policy.kind != "fixed" else DEFAULT_COUNT)
    if kind == "log":
        return log_levels(low, high, spec.count)
    return round_linear_steps(low, high, count)


def log_levels(low: float, high: float, count: int | None = None) -> np.ndarray:
    """Levels at 1, 2, 5 × 10ᵏ above the minimum, each rounded as coarsely as keeps it within a
    quarter of its gap (so 0.9155 + 0.05 is drawn and labelled 0.96); thinned to about `count`."""
    from surfaces.base import round_log_steps

    gaps = round_log_steps(high - low, LOG_DECADES)
    levels = sorted({round_within(low + gap, gap / 4) for gap in gaps})
    levels = np.array([level for level in levels if low < level <= high])
    if count is not None and len(levels) > count:
        levels = levels[np.unique(np.round(np.linspace(0, len(levels) - 1, count)).astype(int))]
    return levels


def round_within(value: float, tolerance: float) -> float:
    """`value` rounded to the coarsest power of ten that moves it by at most `tolerance`."""
    for power in range(math.floor(math.log10(abs(value) or 1.0)) + 1, -16, -1):
        unit = 10.0**power
        for step in (5, 2, 1):
            rounded = round(value / (step * unit)) * step * unit
            if abs(rounded - value) <= tolerance:
                return float(np.round(rounded, 12))
    return value


def significant_digits(value: float) -> int:
    """How many significant digits the plain label of `value` has (0 for 0)."""
    digits = level_label(value).replace("−", "").replace(".", "").lstrip("0")
    return len(digits)


def level_label(value: float) -> str:
    """A contour label in plain notation with at most four significant digits: `2000`, `0.97`, `−1.5`."""
    if value == 0:
        return "0"
    text = np.format_float_positional(float(value), precision=4, unique=True, fractional=False, trim="-")
    return text.replace("-", "−")


def labelled_levels(levels: np.ndarray, most: int, every: bool = False) -> np.ndarray:
    """The levels that get a label: the roundest ones (fewest significant digits), spread evenly
    over the range, at most `most` of them; with `every`, all levels."""
    if every or len(levels) <= most:
        return levels if every else levels[:: max(1, math.ceil(len(levels) / max(most, 1)))][:most]
    if most < 1:
        return levels[:0]
    digits = np.array([significant_digits(level) for level in levels])
    roundest = levels[digits <= max(2, int(np.min(digits)))]
    pool = roundest if len(roundest) >= min(most, 2) else levels
    picks = np.unique(np.round(np.linspace(0, len(pool) - 1, most)).astype(int))
    return pool[picks]
