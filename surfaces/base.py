"""The shape every surface shares: a frozen dataclass around a JAX function of one 2-vector."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Point = tuple[float, float]


@dataclass(frozen=True)
class Minimum:
    """A known minimum: where it is and the function's value there."""

    x: float
    y: float
    value: float


@dataclass(frozen=True)
class ContourLevels:
    """How to choose contour levels: fixed values, or spaced linearly or logarithmically over the view.

    Log spacing is measured from the lowest value in the view (rounded down to the finest step, so
    labels stay round), so surfaces whose minimum is not zero still get dense levels near the bottom.
    """

    kind: Literal["fixed", "linear", "log"] = "linear"
    values: tuple[float, ...] = ()
    count: int = 24

    def resolve(self, z: np.ndarray) -> np.ndarray:
        """The levels to draw for sampled values `z` of the surface over the view."""
        if self.kind == "fixed":
            return np.asarray(self.values, dtype=float)
        finite = z[np.isfinite(z)]
        low, high = float(finite.min()), float(finite.max())
        if high <= low:
            return np.array([low])
        if self.kind == "log":
            steps = round_log_steps(high - low)
            base = math.floor(low / steps[0]) * steps[0]
            return base + steps
        return round_linear_steps(low, high, self.count)


def round_log_steps(span: float, decades: int = 5) -> np.ndarray:
    """Round values 1, 2, 5 × 10ᵏ from `span`·10⁻ᵈᵉᶜᵃᵈᵉˢ up to `span`, so labels read cleanly."""
    first = math.floor(math.log10(span)) - decades
    candidates = np.array([m * 10.0**k for k in range(first, first + decades + 2) for m in (1, 2, 5)])
    return candidates[(candidates >= span * 10.0**-decades) & (candidates <= span)]


def round_linear_steps(low: float, high: float, count: int) -> np.ndarray:
    """Evenly spaced levels at a round step (1, 2, 2.5 or 5 × 10ᵏ) giving about `count` levels."""
    raw = (high - low) / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step)
    count = math.floor(high / step) - first + 1
    # Multiples of the step, computed one by one and rounded, so no level reads -2.2e-16 for 0.
    return np.round((first + np.arange(count)) * step, 12)


@dataclass(frozen=True)
class Surface:
    """An analytic loss surface over the plane.

    `fn` maps a float64 array of shape (2,) to a scalar and must be traceable by JAX, so the engine
    can differentiate, jit and vmap it.
    """

    name: str
    fn: Callable
    formula: str
    xlim: Point = (-3.0, 3.0)
    ylim: Point = (-3.0, 3.0)
    minima: tuple[Minimum, ...] = ()
    start: Point = (-2.8, -2.5)
    levels: ContourLevels = field(default_factory=ContourLevels)
    description: str = ""
    local_minima: tuple[Minimum, ...] = ()

    def __call__(self, xy):
        return self.fn(xy)
