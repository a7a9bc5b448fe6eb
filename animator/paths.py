"""The moving part of a frame: each path as a line (or a fading tail) with a marker on its current point."""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.path import Path
from mpl_toolkits.mplot3d.art3d import Line3DCollection

from animator import style
from animator.drawable import drawn_path
from animator.style import Sizes

MOST_DRAWN_POINTS = 4000


HEAD_EDGE = 1.0


def shared_scale(count: int) -> float:
    """The size of a disc shared by `count` heads against a lone head's: larger for more slices."""
    return min(2.2, 1.1 + 0.07 * count)


def clusters(points: np.ndarray, reach: float) -> list[list[int]]:
    """Groups of the indices of `points` (px) that lie within `reach` of each other, chained; NaN
    points are alone."""
    count = len(points)
    near = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=-1) < reach
    group = list(range(count))
    for i in range(count):
        for j in range(i + 1, count):
            if near[i, j]:
                old, new = group[j], group[i]
                group = [new if g == old else g for g in group]
    found: dict[int, list[int]] = {}
    for index, g in enumerate(group):
        found.setdefault(g, []).append(index)
    return list(found.values())


def wedge(part: int, parts: int) -> Path:
    """A pie slice `part` of `parts` around the marker's centre (as a marker path, centred on the point)."""
    start = 90.0 - 360.0 * (part + 1) / parts
    return Path.wedge(start, start + 360.0 / parts)


def tail_alphas(segments: int, tail: int) -> np.ndarray:
    """Opacity of the last `segments` segments of a tail of `tail` steps, oldest first.

    A segment `age` steps behind the head has opacity (tail - age) / tail, so the tail fades
    out evenly and keeps the same fade while it is still growing.
    """
    ages = np.arange(segments - 1, -1, -1)
    return (tail - ages) / tail


def shown_points(points: int, tail: int | None) -> slice:
    """The slice of a path's points drawn when `points` are reached: all, or the last `tail` steps."""
    if tail is None:
        return slice(0, points)
    return slice(max(0, points - 1 - tail), points)


def thinned(points: np.ndarray, most: int = MOST_DRAWN_POINTS) -> np.ndarray:
    """At most `most` of a path's points, evenly spread, always with its first and last.

    A frame is a few thousand pixels wide: drawing a million-step path point by point adds nothing
    to the picture, only time (and overflows Agg's path limits).
    """
    if len(points) <= most:
        return points
    return points[np.linspace(0, len(points) - 1, most).astype(int)]


class PathArtists:
    """One line and one head marker per (optimizer, start), updated in place frame by frame.

    `paths` has shape (optimizers, starts, points, 2) or, for a 3D view, (…, 3); `colors` has one
    colour per optimizer. With a `tail`, each line is a collection of segments that fade out.
    A 2D path that runs away is drawn up to where it leaves the axes' window (already set) by a
    margin, or to its last finite point (`animator.drawable.drawn_path`).
    """

    def __init__(
        self,
        ax: Axes,
        paths: np.ndarray,
        colors: list[str],
        *,
        marker_edge: str,
        tail: int | None = None,
        styles: list | None = None,
        sizes: Sizes | None = None,
    ) -> None:
        self._paths = paths
        self._tail = tail
        self._three_d = paths.shape[-1] == 3
        self._line_width = sizes.mark("line") if sizes else style.PATH_LINE_WIDTH
        self._ax = ax
        self._head_size = sizes.mark("head") if sizes else style.HEAD_MARKER_SIZE
        self._px_per_point = sizes.px(1.0) if sizes else ax.figure.dpi / 72
        styles = styles or ["solid"] * len(colors)
        self._lines: list[tuple[Artist, Artist, np.ndarray, tuple[float, ...]]] = []
        self._markers: list[str] = []
        for color, line_style, per_start in zip(colors, styles, paths, strict=True):
            for start_index, path in enumerate(per_start):
                self._markers.append(style.marker_for(start_index))
                line = self._make_line(ax, color, line_style)
                (head,) = ax.plot(
                    *([[]] * paths.shape[-1]),
                    linestyle="none",
                    marker=style.marker_for(start_index),
                    color=color,
                    markersize=self._head_size,
                    markeredgecolor=marker_edge,
                    markeredgewidth=HEAD_EDGE,
                    zorder=6,
                )
                drawn = path if self._three_d else drawn_path(path, ax.get_xlim(), ax.get_ylim())
                self._lines.append((line, head, drawn, to_rgba(color)))

    def _make_line(self, ax: Axes, color: str, line_style: str | tuple) -> Artist:
        if self._tail is None:
            (line,) = ax.plot(
                *([[]] * self._paths.shape[-1]), color=color, linewidth=self._line_width, linestyle=line_style
            )
            line.set_zorder(5)
            return line
        collection_type = Line3DCollection if self._three_d else LineCollection
        collection = collection_type(
            [], linewidths=self._line_width, linestyles=line_style, capstyle="round", zorder=5
        )
        if self._three_d:
            ax.add_collection3d(collection, autolim=False)
        else:
            ax.add_collection(collection, autolim=False)
        return collection

    @property
    def artists(self) -> list[Artist]:
        """Every line, then every head marker: blitting draws in this order, so heads stay on top."""
        return [line for line, *_ in self._lines] + [head for _, head, *_ in self._lines]

    def show(self, frame: int, points: int) -> None:
        """Set every path to its first `points` points (only the tail of them, if tails are on)."""
        for line, head, path, rgba in self._lines:
            shown = thinned(path[shown_points(points, self._tail)])
            if self._tail is None:
                self._set_points(line, shown)
            else:
                segments = np.stack([shown[:-1], shown[1:]], axis=1)
                colors = np.tile(rgba, (len(segments), 1))
                colors[:, 3] = tail_alphas(len(segments), self._tail)
                line.set_segments(segments)
                line.set_color(colors)
            self._set_points(head, shown[-1:])
        self._nest_heads()

    def _nest_heads(self) -> None:
        """Heads that share a point become slices of one pie, clockwise from the top in legend order, so
        every one of them shows at that very point; heads on their own keep their start's shape."""
        heads = [head for _, head, *_ in self._lines]
        if len(heads) < 2:
            return
        if self._three_d:
            points = np.array(
                [[*h.get_data_3d()[0][-1:], *h.get_data_3d()[1][-1:]] or [np.nan, np.nan] for h in heads],
                dtype=float,
            )
            (x0, x1), (y0, y1) = self._ax.get_xlim(), self._ax.get_ylim()
            points = points / np.array([x1 - x0, y1 - y0]) * 300.0
        else:
            data = np.array([[*h.get_xdata()[-1:], *h.get_ydata()[-1:]] or [np.nan, np.nan] for h in heads])
            points = self._ax.transData.transform(data.astype(float))
        for group in clusters(points, self._head_size * self._px_per_point * 0.6):
            for part, index in enumerate(group):
                head = heads[index]
                if len(group) == 1:
                    head.set_marker(self._markers[index])
                    head.set_markersize(self._head_size)
                else:
                    head.set_marker(wedge(part, len(group)))
                    head.set_markersize(self._head_size * shared_scale(len(group)))

    def _set_points(self, line: Artist, points: np.ndarray) -> None:
        if self._three_d:
            line.set_data_3d(points[:, 0], points[:, 1], points[:, 2])
        else:
            line.set_data(points[:, 0], points[:, 1])
