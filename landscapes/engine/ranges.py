"""The range each tunable hyperparameter is searched over, declared once by name.

Rates and small constants span decades, so they are searched on a log scale; momentum-like
averaging factors matter by how close they are to 1, so 1 − β is searched on a log scale
(β from 0 to 0.9999). A hyperparameter with no declared range is never tuned; a plugin declares
one with `declare_range`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from landscapes.errors import UserError

Scale = Literal["log", "one-minus-log", "linear"]


@dataclass(frozen=True)
class Range:
    """Where a hyperparameter is searched: `low`…`high` of the value (log, linear) or of 1 − value."""

    low: float
    high: float
    scale: Scale = "log"

    def __post_init__(self) -> None:
        positive = self.scale == "linear" or self.low > 0
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high and positive):
            raise UserError(f"a search range needs finite bounds low < high (> 0 on a log scale), got {self}")

    def values(self, unit: np.ndarray) -> np.ndarray:
        """Map points of [0, 1) onto the range."""
        if self.scale == "linear":
            return self.low + unit * (self.high - self.low)
        logs = np.log(self.low) + unit * (np.log(self.high) - np.log(self.low))
        return np.exp(logs) if self.scale == "log" else 1.0 - np.exp(logs)

    def describe(self) -> str:
        """`1e-04…10 (log)`, `0…0.9999 (1−β on a log scale)`."""
        if self.scale == "one-minus-log":
            return f"{1 - self.high:.4g}…{1 - self.low:.4g} (1−β on a log scale)"
        return f"{self.low:.4g}…{self.high:.4g} ({self.scale})"


RATE = Range(1e-6, 10.0)
AVERAGING = Range(1e-4, 1.0, "one-minus-log")
RANGES: dict[str, Range] = {
    "lr": RATE,
    "learning_rate": RATE,
    "momentum": AVERAGING,
    "beta1": AVERAGING,
    "beta2": AVERAGING,
    "b1": AVERAGING,
    "b2": AVERAGING,
    "rho": AVERAGING,
    "decay": AVERAGING,
    "eps": Range(1e-10, 1.0),
    "damping": Range(1e-3, 10.0),
    "weight_decay": Range(1e-6, 1.0),
}


def declare_range(name: str, low: float, high: float, scale: Scale = "log") -> None:
    """Declare (or replace) the range `--tune` searches for hyperparameters called `name`."""
    RANGES[name] = Range(float(low), float(high), scale)


def range_of(name: str) -> Range | None:
    """The declared range of hyperparameter `name`, or None where it has none."""
    return RANGES.get(name)
