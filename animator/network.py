"""What a network scene adds to the figure, so the projection stays honest.

The axes name their directions (with PCA's variance shares); a note says when the paths leave the
plane; the loss panel gains each path's training accuracy on a second axis; and, on request, each
head carries its distance from the plane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from animator import style
from animator.layout import Plan
from animator.losses import GrowingLines
from animator.style import Theme

if TYPE_CHECKING:  # a type only: frame workers draw without importing JAX
    from landscapes.network.run import NetworkTrajectories

NOTE_SIZE = style.BASE_FONT_SIZE * 0.85
AXIS_LABEL_SIZE = style.BASE_FONT_SIZE * 0.9


def annotate(
    figure: Figure, plan: Plan, trajectories: NetworkTrajectories, colors: list[str], theme: Theme, view: str
) -> list:
    """Name the panels' axes, add the plane note; return the extra movers (accuracy, distances)."""
    panels = figure.axes[: len(plan.panels)]
    first, second = trajectories.plane.axis_names
    for ax in panels:
        ax.set_xlabel(first, fontsize=AXIS_LABEL_SIZE, color=theme.text_color)
        ax.set_ylabel(second, fontsize=AXIS_LABEL_SIZE, color=theme.text_color)
        if view == "2d":
            keep_inside(figure, ax)
    if trajectories.leaves_plane():
        write = panels[0].text2D if view == "3d" else panels[0].text
        write(
            0.02,
            0.98,
            plane_note(trajectories),
            transform=panels[0].transAxes,
            ha="left",
            va="top",
            fontsize=NOTE_SIZE,
            color=theme.text_color,
            zorder=7,
            bbox={
                "boxstyle": "round,pad=0.3",
                "facecolor": theme.axes_color,
                "edgecolor": theme.grid_color,
                "alpha": 0.85,
            },
        )
    movers: list = []
    if plan.loss is not None and trajectories.accuracies is not None:
        movers.append(AccuracyArtists(figure.axes[len(plan.panels)], trajectories.accuracies, colors, theme))
    if trajectories.show_distance and view == "2d":
        for ax, group in zip(panels, _groups(len(panels), len(colors)), strict=True):
            movers.append(DistanceLabels(ax, trajectories, group, colors, theme))
    return movers


def plane_note(trajectories: NetworkTrajectories) -> str:
    """`paths leave the plane: up to 2.05 away (dist. shown at heads)`-style note, in the window's units."""
    distances = trajectories.distances[np.isfinite(trajectories.distances)]
    farthest = float(distances.max())
    return f"the paths leave this plane:\nup to {farthest:.3g} away from it"


def keep_inside(figure: Figure, *axes: Axes, margin: float = 3.0) -> None:
    """Narrow `axes` (sharing one position) until their tick and axis labels end inside the figure.

    A plane's axis names and a second y axis are longer than the x and y the layout was made for.
    """
    renderer = figure.canvas.get_renderer()
    width = figure.bbox.width
    boxes = [ax.get_tightbbox(renderer) for ax in axes]
    left = max(0.0, margin - min(box.x0 for box in boxes)) / width
    right = max(0.0, max(box.x1 for box in boxes) - (width - margin)) / width
    if left or right:
        x, y, w, h = axes[0].get_position().bounds
        for ax in axes:
            ax.set_position((x + left, y, w - left - right, h))


def _groups(panels: int, count: int) -> list[list[int]]:
    return [list(range(count))] if panels == 1 else [[index] for index in range(count)]


class AccuracyArtists(GrowingLines):
    """Training accuracy against step, dashed, on a right-hand axis of the loss panel."""

    def __init__(self, loss_ax: Axes, accuracies: np.ndarray, colors: list[str], theme: Theme) -> None:
        ax = loss_ax.twinx()
        ax.set_ylim(min(0.4, float(np.nanmin(accuracies)) - 0.02), 1.02)
        ax.set_ylabel("accuracy (dashed)", color=theme.text_color, fontsize=style.BASE_FONT_SIZE)
        ax.tick_params(colors=theme.text_color, labelsize=style.BASE_FONT_SIZE * 0.8)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        for spine in ax.spines.values():
            spine.set_edgecolor(theme.muted_text_color)
        keep_inside(loss_ax.figure, loss_ax, ax)
        super().__init__()
        for color, per_start in zip(colors, accuracies, strict=True):
            for series in per_start:
                (line,) = ax.plot(
                    [],
                    [],
                    color=color,
                    linewidth=style.PATH_LINE_WIDTH * 0.6,
                    linestyle=(0, (3, 2)),
                    zorder=4,
                )
                self._lines.append((line, series))


class DistanceLabels:
    """Each head's distance from the plane, written beside it in its colour and updated every frame."""

    def __init__(
        self, ax: Axes, trajectories: NetworkTrajectories, group: list[int], colors: list[str], theme: Theme
    ) -> None:
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        self._resolution = 1e-9 * float(np.hypot(x1 - x0, y1 - y0))
        self._labels = []
        for index in group:
            for start, path in enumerate(trajectories.positions[index]):
                text = ax.text(
                    0,
                    0,
                    "",
                    color=colors[index],
                    fontsize=style.BASE_FONT_SIZE * 0.75,
                    fontweight="bold",
                    ha="left",
                    va="bottom",
                    zorder=8,
                    bbox={
                        "boxstyle": "round,pad=0.15",
                        "facecolor": theme.axes_color,
                        "edgecolor": "none",
                        "alpha": 0.7,
                    },
                )
                self._labels.append((text, path, trajectories.distances[index, start]))

    @property
    def artists(self) -> list[Artist]:
        return [text for text, *_ in self._labels]

    def show(self, frame: int, points: int) -> None:
        for text, path, distances in self._labels:
            head = path[points - 1]
            visible = bool(np.isfinite(head).all())
            text.set_visible(visible)
            if visible:
                text.set_position((float(head[0]), float(head[1])))
                text.set_text(f" off {distance_text(distances[points - 1], self._resolution)}")


def distance_text(distance: float, resolution: float) -> str:
    """A distance from the plane to two digits; rounding noise (a point that lies in the plane) reads 0."""
    return "0" if distance < resolution else f"{distance:.2g}"
