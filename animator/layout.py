"""Where the axes go: rectangles in figure fractions for the overlay and the grid of panels."""

from __future__ import annotations

import math
from dataclasses import dataclass

Rect = tuple[float, float, float, float]
"""left, bottom, width, height as fractions of the figure."""


@dataclass(frozen=True)
class Plan:
    """The axes rectangles of one figure: one per surface panel, and the loss panel's if any."""

    panels: tuple[Rect, ...]
    loss: Rect | None


def grid_shape(count: int, area: Rect, aspect: float) -> tuple[int, int]:
    """(rows, columns) that give `count` square cells in `area` the largest side.

    `aspect` is the figure's width over its height, so that fractions compare as lengths.
    Ties go to the shape with fewer empty cells, then to fewer rows.
    """
    _, _, width, height = area

    def side(columns: int) -> float:
        rows = math.ceil(count / columns)
        return min(width * aspect / columns, height / rows)

    best = max(range(1, count + 1), key=lambda c: (round(side(c), 9), -(math.ceil(count / c) * c - count)))
    return math.ceil(count / best), best


def grid_cells(count: int, area: Rect, aspect: float) -> list[Rect]:
    """`count` equal cells filling `area` row by row from the top left, in the best `grid_shape`."""
    rows, columns = grid_shape(count, area, aspect)
    left, bottom, width, height = area
    cell_width, cell_height = width / columns, height / rows
    return [
        (left + (index % columns) * cell_width, bottom + (rows - 1 - index // columns) * cell_height,
         cell_width, cell_height)
        for index in range(count)
    ]  # fmt: skip


def inset(cell: Rect, left: float, bottom: float, right: float, top: float) -> Rect:
    """`cell` with margins (figure fractions) taken off each side, for tick labels and titles."""
    x, y, width, height = cell
    return (x + left, y + bottom, width - left - right, height - bottom - top)


OVERLAY_PANEL = (0.06, 0.08, 0.56, 0.86)
OVERLAY_PANEL_WITH_LOSS = (0.05, 0.08, 0.50, 0.86)
OVERLAY_LOSS = (0.655, 0.12, 0.315, 0.36)
OVERLAY_3D_PANEL = (0.0, 0.0, 0.64, 1.0)
OVERLAY_3D_PANEL_WITH_LOSS = (-0.04, 0.0, 0.6, 1.0)
GRID_AREA = (0.005, 0.0, 0.99, 0.89)
GRID_MARGINS = {"2d": (0.032, 0.042, 0.004, 0.052), "3d": (0.0, 0.0, 0.0, 0.05)}
LOSS_MARGINS = (0.075, 0.085, 0.02, 0.052)


def overlay_plan(view: str, loss_panel: bool) -> Plan:
    """One surface panel on the left; the loss panel, if any, at the bottom of the text column."""
    if view == "3d":
        panel = OVERLAY_3D_PANEL_WITH_LOSS if loss_panel else OVERLAY_3D_PANEL
    else:
        panel = OVERLAY_PANEL_WITH_LOSS if loss_panel else OVERLAY_PANEL
    return Plan((panel,), OVERLAY_LOSS if loss_panel else None)


def grid_plan(panels: int, view: str, loss_panel: bool, aspect: float) -> Plan:
    """One cell per panel, plus one for the loss panel, below a header strip for title and counter."""
    cells = grid_cells(panels + int(loss_panel), GRID_AREA, aspect)
    surfaces = tuple(inset(cell, *GRID_MARGINS[view]) for cell in cells[:panels])
    return Plan(surfaces, inset(cells[-1], *LOSS_MARGINS) if loss_panel else None)
