"""Paths that run away: the step where each one leaves the view for good or stops being finite.

A path has left the view when its last finite point lies beyond the window grown by `MARGIN` window
sizes on each side; it left at the first step of that final excursion. Excursions that come back,
common with momentum and large steps, are not divergence. A path also diverges where a coordinate
becomes NaN or ±inf. Pure numpy over the engine's positions: the trajectories themselves are never
changed, so the CSV keeps every non-finite value (`animator.drawable` cuts them for drawing).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from landscapes.engine.trajectories import Trajectories

Range = tuple[float, float]

MARGIN = 0.5
NEVER = -1


def view_box(xlim: Range, ylim: Range, margin: float = MARGIN) -> tuple[Range, Range]:
    """The window grown by `margin` of its width (height) beyond each side."""
    (x0, x1), (y0, y1) = xlim, ylim
    dx, dy = margin * (x1 - x0), margin * (y1 - y0)
    return (x0 - dx, x1 + dx), (y0 - dy, y1 + dy)


def first_step(mask: np.ndarray) -> np.ndarray:
    """Index of the first True along the last axis, or `NEVER` where there is none."""
    return np.where(mask.any(axis=-1), mask.argmax(axis=-1), NEVER)


def non_finite(positions: np.ndarray) -> np.ndarray:
    """Which points (…, points) have a NaN or infinite coordinate."""
    return ~np.isfinite(positions).all(axis=-1)


def outside(positions: np.ndarray, xlim: Range, ylim: Range) -> np.ndarray:
    """Which finite points (…, points) lie outside the window grown by `MARGIN`."""
    (x0, x1), (y0, y1) = view_box(xlim, ylim)
    x, y = positions[..., 0], positions[..., 1]
    with np.errstate(invalid="ignore"):
        beyond = (x < x0) | (x > x1) | (y < y0) | (y > y1)
    return beyond & ~non_finite(positions)


@dataclass(frozen=True)
class Divergence:
    """How one optimizer's paths ran away: the earliest step over its starts, and why."""

    legend: str
    step: int
    reason: str
    diverged_starts: int
    starts: int
    non_finite_step: int = NEVER

    def describe(self) -> str:
        """`adagrad (lr=100) diverged at step 1 (left the window)`, with the starts when there are several."""
        why = self.reason
        if self.reason == "left the window" and self.non_finite_step != NEVER:
            why += f"; not finite from step {self.non_finite_step}"
        which = f" from {self.diverged_starts} of {self.starts} starts" if self.starts > 1 else ""
        return f"{self.legend} diverged at step {self.step}{which} ({why})"


def escape(path: np.ndarray, xlim: Range, ylim: Range) -> tuple[int, int]:
    """(step where `path` left the view for good, first non-finite step), each `NEVER` if it did not."""
    non_finite_step = int(first_step(non_finite(path)))
    finite = path if non_finite_step == NEVER else path[:non_finite_step]
    beyond = outside(finite, xlim, ylim)
    if not beyond.size or not beyond[-1]:
        return NEVER, non_finite_step
    inside = np.flatnonzero(~beyond)
    return (int(inside[-1]) + 1 if inside.size else 0), non_finite_step


def divergences(trajectories: Trajectories) -> list[Divergence]:
    """One `Divergence` for each optimizer with a path that left the view or stopped being finite (on
    each surface, named after the optimizer, when there are several)."""
    if trajectories.panels:
        from landscapes.scenes.model import surface_title  # not at the top: the figure's workers need no JAX

        return [
            replace(found, legend=f"{found.legend} on {surface_title(part.surface)}")
            for part in trajectories.panels
            for found in divergences(part)
        ]
    positions = trajectories.positions
    scene = trajectories.scene
    found = []
    for legend, per_start in zip(trajectories.legends, positions, strict=True):
        escapes = [escape(path, scene.xlim, scene.ylim) for path in per_start]
        candidates = [
            (step, start, reason)
            for start, (left_step, nan_step) in enumerate(escapes)
            for step, reason in ((left_step, "left the window"), (nan_step, "not finite"))
            if step != NEVER
        ]
        if not candidates:
            continue
        step, start, reason = min(candidates)
        if reason == "not finite":
            reason = "became inf" if np.isinf(per_start[start, step]).any() else "became NaN"
        nan_steps = [nan_step for _, nan_step in escapes if nan_step != NEVER]
        found.append(
            Divergence(
                legend=legend,
                step=step,
                reason=reason,
                diverged_starts=len({start for _, start, _ in candidates}),
                starts=len(per_start),
                non_finite_step=min(nan_steps, default=NEVER),
            )
        )
    return found
