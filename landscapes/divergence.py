"""Paths that run away: the step where each one leaves the view or stops being finite, and the part of
it worth drawing.

A path counts as gone when it leaves the window by more than `MARGIN` window sizes (brief overshoots
that come back, common with momentum, are not divergence) or when a coordinate becomes NaN or ±inf.
Pure numpy over the engine's positions: the trajectories themselves are never changed, so the CSV
keeps every non-finite value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from landscapes.engine import Trajectories

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


def divergences(trajectories: Trajectories) -> list[Divergence]:
    """One `Divergence` for each optimizer with a path that left the view or stopped being finite."""
    positions = trajectories.positions
    scene = trajectories.scene
    gone = non_finite(positions)
    nan_steps = first_step(gone)
    out_steps = first_step(outside(positions, scene.xlim, scene.ylim))
    found = []
    for index, legend in enumerate(trajectories.legends):
        candidates = [
            (step, start, reason)
            for start, (nan_step, out_step) in enumerate(zip(nan_steps[index], out_steps[index], strict=True))
            for step, reason in ((out_step, "left the window"), (nan_step, "not finite"))
            if step != NEVER
        ]
        if not candidates:
            continue
        step, start, reason = min(candidates)
        if reason == "not finite":
            reason = "became inf" if np.isinf(positions[index, start, step]).any() else "became NaN"
        nan_step = nan_steps[index][nan_steps[index] != NEVER]
        found.append(
            Divergence(
                legend=legend,
                step=int(step),
                reason=reason,
                diverged_starts=len({start for _, start, _ in candidates}),
                starts=positions.shape[1],
                non_finite_step=int(nan_step.min()) if nan_step.size else NEVER,
            )
        )
    return found


def drawn_path(path: np.ndarray, xlim: Range, ylim: Range) -> np.ndarray:
    """The part of one path (points, 2 or more coordinates) that is safe and useful to draw.

    It ends at the last finite point, and at the first point beyond the window grown by `MARGIN`,
    which is moved back along its step onto that border, so the drawn line leaves the view in the
    true direction and no huge or infinite coordinate ever reaches the plotting library.
    """
    finite_end = first_step(non_finite(path)[None])[0]
    path = path if finite_end == NEVER else path[:finite_end]
    exit_index = first_step(outside(path, xlim, ylim)[None])[0]
    if exit_index == NEVER:
        return path
    (x0, x1), (y0, y1) = view_box(xlim, ylim)
    if exit_index == 0:
        clamped = path[:1].copy()
        clamped[0, :2] = np.clip(clamped[0, :2], (x0, y0), (x1, y1))
        return clamped
    inside, beyond = path[exit_index - 1], path[exit_index]
    step = beyond - inside
    fractions = [1.0]
    for axis, (low, high) in enumerate(((x0, x1), (y0, y1))):
        if beyond[axis] > high:
            fractions.append((high - inside[axis]) / step[axis])
        elif beyond[axis] < low:
            fractions.append((low - inside[axis]) / step[axis])
    border = inside + min(fractions) * step
    return np.concatenate([path[:exit_index], border[None]])
