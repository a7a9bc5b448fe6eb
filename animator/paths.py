"""The moving part of a frame: each path as a line with a marker on its current point."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from animator import style
from landscapes.divergence import drawn_path


class PathArtists:
    """One line and one head marker per (optimizer, start), updated in place frame by frame.

    `colors` gives each optimizer's colour (the palette's by default): colour by optimizer, marker by start.
    A path that runs away is drawn up to where it leaves the axes' window (already set) by a margin,
    or to its last finite point (`landscapes.divergence.drawn_path`).
    """

    def __init__(self, ax: Axes, positions: np.ndarray, colors: list[str] | None = None) -> None:
        self._ax = ax
        self._positions = positions
        self._lines: list[tuple[Line2D, Line2D, np.ndarray]] = []
        for opt_index, per_start in enumerate(positions):
            color = colors[opt_index] if colors else style.color_for(opt_index)
            for start_index, path in enumerate(per_start):
                (line,) = ax.plot(
                    [], [], color=color, linewidth=style.PATH_LINE_WIDTH, zorder=5, animated=True
                )
                (head,) = ax.plot(
                    [], [], linestyle="none", marker=style.marker_for(start_index), color=color,
                    markersize=style.HEAD_MARKER_SIZE, markeredgecolor="white", markeredgewidth=1.2,
                    zorder=6, animated=True,
                )  # fmt: skip
                self._lines.append((line, head, drawn_path(path, ax.get_xlim(), ax.get_ylim())))

    def show(self, points: int) -> None:
        """Set every path to its first `points` points."""
        for line, head, path in self._lines:
            shown = path[:points]
            line.set_data(shown[:, 0], shown[:, 1])
            head.set_data(shown[-1:, 0], shown[-1:, 1])

    def draw(self) -> None:
        """Draw the paths onto the axes' canvas (after the background was restored)."""
        for line, head, _ in self._lines:
            self._ax.draw_artist(line)
            self._ax.draw_artist(head)

    def set_animated(self, animated: bool) -> None:
        """Animated artists are left out of full redraws; a still needs them drawn like the rest."""
        for line, head, _ in self._lines:
            line.set_animated(animated)
            head.set_animated(animated)
