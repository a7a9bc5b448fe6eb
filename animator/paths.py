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
from animator.surface3d import HIDDEN_ALPHA, Occlusion

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


def near(flags: np.ndarray) -> np.ndarray:
    """`flags` widened by one point each way: a dimmed stretch also draws the segments that join it to
    the visible ones."""
    widened = flags.copy()
    widened[1:] |= flags[:-1]
    widened[:-1] |= flags[1:]
    return widened


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


def thinned(count: int, most: int = MOST_DRAWN_POINTS) -> np.ndarray:
    """The indices of at most `most` of a path's `count` points, evenly spread, always with its first
    and last.

    A frame is a few thousand pixels wide: drawing a million-step path point by point adds nothing
    to the picture, only time (and overflows Agg's path limits).
    """
    if count <= most:
        return np.arange(count)
    return np.linspace(0, count - 1, most).astype(int)


class PathArtists:
    """One line and one head marker per (optimizer, start), updated in place frame by frame.

    `paths` has shape (optimizers, starts, points, 2) or, for a 3D view, (…, 3); `colors` has one
    colour per optimizer. With a `tail`, each line is a collection of segments that fade out.
    A 2D path that runs away is drawn up to where it leaves the axes' window (already set) by a
    margin, or to its last finite point (`animator.drawable.drawn_path`). With an `occlusion` (3D), the
    points the surface hides from the camera are drawn dimmed, frame by frame.
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
        occlusion: Occlusion | None = None,
    ) -> None:
        self._paths = paths
        self._occlusion = occlusion
        self._camera: np.ndarray | None = None
        self._known: list[np.ndarray] = []  # per path and point: hidden 1, seen 0, not yet tested -1
        self._tail = tail
        self._three_d = paths.shape[-1] == 3
        self._line_width = sizes.mark("line") if sizes else style.PATH_LINE_WIDTH
        self._ax = ax
        self._head_size = sizes.mark("head") if sizes else style.HEAD_MARKER_SIZE
        self._px_per_point = sizes.px(1.0) if sizes else ax.figure.dpi / 72
        styles = styles or ["solid"] * len(colors)
        self._lines: list[tuple[Artist, Artist, np.ndarray, tuple[float, ...]]] = []
        self._markers: list[str] = []
        # Without a tail, the stretches of a 3D path that the surface hides are a second, dimmed line.
        self._dimmed: list[Artist] = []
        for color, line_style, per_start in zip(colors, styles, paths, strict=True):
            for start_index, path in enumerate(per_start):
                self._markers.append(style.marker_for(start_index))
                if occlusion is not None and tail is None:
                    self._dimmed.append(self._make_line(ax, color, line_style))
                    self._dimmed[-1].set_alpha(HIDDEN_ALPHA)
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
        """Every dimmed line, every line, then every head marker: blitting draws in this order, so heads
        stay on top."""
        return [*self._dimmed, *(line for line, *_ in self._lines), *(head for _, head, *_ in self._lines)]

    def show(self, frame: int, points: int) -> None:
        """Set every path to its first `points` points (only the tail of them, if tails are on); in 3D,
        dim what the surface hides from the camera."""
        window = shown_points(points, self._tail)
        picks = [np.arange(len(path))[window] for _, _, path, _ in self._lines]
        picks = [pick[thinned(len(pick))] for pick in picks]
        hidden_paths = self._hidden(picks)
        for index, ((line, head, path, rgba), pick, hidden) in enumerate(
            zip(self._lines, picks, hidden_paths, strict=True)
        ):
            shown = path[pick]
            if self._tail is None:
                if self._dimmed:
                    self._set_points(self._dimmed[index], np.where(near(hidden)[:, None], shown, np.nan))
                self._set_points(line, np.where(hidden[:, None], np.nan, shown))
            else:
                segments = np.stack([shown[:-1], shown[1:]], axis=1)
                colors = np.tile(rgba, (len(segments), 1))
                colors[:, 3] = tail_alphas(len(segments), self._tail)
                colors[hidden[:-1] | hidden[1:], 3] *= HIDDEN_ALPHA
                line.set_segments(segments)
                line.set_color(colors)
            self._set_points(head, shown[-1:])
            head.set_alpha(HIDDEN_ALPHA if hidden[-1:].any() else None)
        self._nest_heads()

    def _hidden(self, picks: list[np.ndarray]) -> list[np.ndarray]:
        """Per path, which of the points at `picks` the surface hides. Tested once per point while the
        camera stands still (all new points of all paths in one vectorised test), again when it moves."""
        if self._occlusion is None:
            return [np.zeros(len(pick), dtype=bool) for pick in picks]
        camera = self._occlusion.camera()
        if self._camera is None or not np.array_equal(camera, self._camera):
            self._camera = camera
            self._known = [np.full(len(path), -1, dtype=np.int8) for _, _, path, _ in self._lines]
        unknown = [pick[known[pick] < 0] for pick, known in zip(picks, self._known, strict=True)]
        points = [path[new] for (_, _, path, _), new in zip(self._lines, unknown, strict=True)]
        found = np.split(
            self._occlusion.hidden(np.concatenate(points)), np.cumsum([len(n) for n in unknown])[:-1]
        )
        for known, new, hidden in zip(self._known, unknown, found, strict=True):
            known[new] = hidden
        return [known[pick] == 1 for known, pick in zip(self._known, picks, strict=True)]

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
