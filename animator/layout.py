"""Where things go: boxes in pixels for the surface panels, the text column or strips, and grids.

Pure arithmetic: the figure measures its texts, and these functions share out the canvas. Every
arrangement is scored by the surface panel it leaves (its area once the window's aspect is kept),
so a wide frame gets a side column, a portrait or square one a strip below, whichever shows more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Rect = tuple[float, float, float, float]
"""left, bottom, width, height as fractions of the figure."""


@dataclass(frozen=True)
class Plan:
    """Where the axes went: one rectangle per surface panel, and the loss panel's if any."""

    panels: tuple[Rect, ...]
    loss: Rect | None


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels from the figure's bottom-left corner."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def rect(self, width: float, height: float) -> Rect:
        """As a fraction-of-figure rectangle for `Figure.add_axes`."""
        return (self.x0 / width, self.y0 / height, self.width / width, self.height / height)

    def shrunk(self, left: float, bottom: float, right: float, top: float) -> Box:
        return Box(self.x0 + left, self.y0 + bottom, self.x1 - right, self.y1 - top)


def panel_area(box: Box, aspect: float | None, tick_px: float, label_px: float) -> float:
    """The area (px²) a surface panel gets in `box`, after room for tick labels and axis labels.

    `aspect` is the window's width over its height (kept equal in 2D), None for a 3D panel, which
    fills a square at most.
    """
    if aspect is None:
        side = min(box.width, box.height)
        return max(side, 0.0) ** 2
    width = box.width - 4.0 * tick_px - 1.8 * label_px
    height = box.height - 1.6 * tick_px - 1.8 * label_px
    if width <= 0 or height <= 0:
        return 0.0
    shown_width = min(width, height * aspect)
    return shown_width * shown_width / aspect


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
    return cells_of(rows, columns, area)[:count]


def cells_of(rows: int, columns: int, area: Rect) -> list[Rect]:
    """All `rows` × `columns` cells of `area`, row by row from the top left."""
    left, bottom, width, height = area
    cell_width, cell_height = width / columns, height / rows
    return [
        (
            left + (index % columns) * cell_width,
            bottom + (rows - 1 - index // columns) * cell_height,
            cell_width,
            cell_height,
        )
        for index in range(rows * columns)
    ]


def inset(cell: Rect, left: float, bottom: float, right: float, top: float) -> Rect:
    """`cell` with margins (figure fractions) taken off each side, for tick labels and titles."""
    x, y, width, height = cell
    return (x + left, y + bottom, width - left - right, height - bottom - top)


# Margins of the basin maps' panels (figure fractions).
GRID_MARGINS = {"2d": (0.032, 0.042, 0.004, 0.052), "3d": (0.0, 0.0, 0.0, 0.05)}
