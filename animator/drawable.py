"""The part of a path worth drawing: up to where it leaves the view for good or stops being finite,
with excursions that come back clamped, so no huge or infinite coordinate reaches matplotlib (Agg)."""

from __future__ import annotations

import numpy as np

from landscapes.engine.divergence import NEVER, Range, escape, view_box

# Excursions that come back are drawn with their points clamped this many window sizes beyond the
# window: exact unless they go further, and never a coordinate too large for the plotting library.
CLAMP = 1000.0


def drawn_path(path: np.ndarray, xlim: Range, ylim: Range) -> np.ndarray:
    """The part of one path (points, 2 or more coordinates) that is safe and useful to draw.

    It ends at the last finite point, and where the path leaves the view for good (see `escape`) at
    the border of the window grown by `MARGIN`, reached along the step that crossed it, so the line
    leaves the view in its true direction. Excursions that come back keep their points, clamped
    `CLAMP` window sizes out; no huge or infinite coordinate ever reaches the plotting library.
    """
    left_step, non_finite_step = escape(path, xlim, ylim)
    if non_finite_step != NEVER:
        path = path[:non_finite_step]
    (x0, x1), (y0, y1) = view_box(xlim, ylim)
    if left_step == 0:
        clamped = path[:1].copy()
        clamped[0, :2] = np.clip(clamped[0, :2], (x0, y0), (x1, y1))
        return clamped
    if left_step != NEVER:
        path = np.concatenate(
            [path[:left_step], _border_point(path[left_step - 1], path[left_step], xlim, ylim)]
        )
    (cx0, cx1), (cy0, cy1) = view_box(xlim, ylim, CLAMP)
    clamped = path.copy()
    clamped[:, 0] = np.clip(path[:, 0], cx0, cx1)
    clamped[:, 1] = np.clip(path[:, 1], cy0, cy1)
    return clamped


def _border_point(inside: np.ndarray, beyond: np.ndarray, xlim: Range, ylim: Range) -> np.ndarray:
    """Where the step from `inside` to `beyond` crosses the border of the view box, as a (1, d) array."""
    (x0, x1), (y0, y1) = view_box(xlim, ylim)
    step = beyond - inside
    fractions = [1.0]
    for axis, (low, high) in enumerate(((x0, x1), (y0, y1))):
        if beyond[axis] > high:
            fractions.append((high - inside[axis]) / step[axis])
        elif beyond[axis] < low:
            fractions.append((low - inside[axis]) / step[axis])
    return (inside + min(fractions) * step)[None]
