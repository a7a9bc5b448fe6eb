"""`--show` and `--field arrows` in the 3D view: the map's arrows, ellipses and trial dots, drawn on the
surface. Each is a curve through points of the window lifted to the surface's height there (plus the
paths' own lift), so an arrow runs along the slope it describes instead of cutting through the hill.

The heights come from exact values on a fine grid, computed once here (frame workers have no JAX)
and interpolated bilinearly each frame. Arrow heads are drawn after the projection, in pixels, so
they look like heads from any camera.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from mpl_toolkits.mplot3d import Axes3D
from mpl_toolkits.mplot3d.art3d import Line3DCollection

from animator import surface3d
from animator.options import RenderOptions
from animator.overlays import (
    FIELD_SHADES,
    TRIAL_ALPHA,
    VELOCITY_COLORS,
    Factors,
    draw_key,
    field_directions,
    stacked,
    vectors_of,
)
from animator.style import Theme

if TYPE_CHECKING:  # types only: frame workers draw without importing JAX
    from landscapes.engine.trajectories import Trajectories
    from landscapes.scenes.model import Scene
    from surfaces import Surface

HEIGHT_RESOLUTION = 240  # exact values per side of the grid the heights are interpolated from
SHAFT_SAMPLES = 9  # points along each arrow
LOOP_SAMPLES = 41  # points around each ellipse
HEAD_POINTS = 6.0  # an arrow head's length, at most HEAD_SHARE of its arrow as drawn
HEAD_SHARE = 0.45
HEAD_ANGLE = np.radians(28)
ARROW_WIDTH = 1.7  # points
FIELD_ARROWS_3D = 15  # per side: the map's 21 crowd a tilted surface
FIELD_WIDTH = 0.9
FIELD_HEAD_POINTS = 3.5


def draw_overlays_3d(
    ax: Axes3D, trajectories: Trajectories, group: list[int], colors: list[str], options: RenderOptions,
    factors: Factors | None, theme: Theme,
) -> list[InternalsOverlay3D]:  # fmt: skip
    """`overlays.draw_overlays` for a 3D panel: the field on the surface, the key in the figure's
    corner (clear of the 3D axes' ticks) and the movers of `--show`."""
    if options.field is not None:
        draw_field_3d(ax, trajectories.scene, theme)
    if factors is None:
        return []
    if group[0] == 0:
        draw_key(ax.figure, options.show, factors, trajectories.internals, theme)
    return [InternalsOverlay3D(ax, trajectories, group, colors, options.show, factors, theme)]


class SurfaceHeights:
    """The surface's height (plus `lift`) anywhere in the window, bilinear between exact values on a
    fine grid; NaN outside the window."""

    def __init__(self, surface: Surface, xlim: tuple[float, float], ylim: tuple[float, float], lift: float):
        from landscapes.engine.trajectories import grid_values

        self._xs, self._ys, z = grid_values(surface, xlim, ylim, HEIGHT_RESOLUTION)
        self._z = z + lift

    def __call__(self, points: np.ndarray) -> np.ndarray:
        x, y = (np.array(points[..., axis], dtype=float) for axis in (0, 1))
        return surface3d.bilinear(self._xs, self._ys, self._z, x, y)


class ArrowCurves(Line3DCollection):
    """Curves in 3D, each ending in an arrow head drawn after the projection, in pixels, so it looks
    like an arrow head from any camera. `tipped` says which curves get one (a cut arrow gets none)."""

    def __init__(self, *args, head_points: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.head_points = head_points
        self.tipped = np.zeros(0, bool)

    def do_3d_projection(self) -> float:
        depth = super().do_3d_projection()
        to_pixels = self.axes.transData
        head = self.head_points * self.axes.figure.dpi / 72
        drawn = []
        for curve, tipped in zip(self.get_segments(), self.tipped, strict=False):
            curve = np.reshape(curve, (-1, 2))  # a curve of NaNs comes back empty
            finite = curve[np.isfinite(curve).all(axis=-1)]
            if not tipped or len(finite) < 2:
                drawn.append(curve)
                continue
            pixels = to_pixels.transform(finite)
            along = pixels[-1] - pixels[-2]
            if not np.linalg.norm(along) > 0:
                drawn.append(curve)
                continue
            unit = along / np.linalg.norm(along)
            side = np.array([-unit[1], unit[0]])
            size = min(head, HEAD_SHARE * float(np.linalg.norm(pixels[-1] - pixels[0])))
            back = np.cos(HEAD_ANGLE) * unit
            barbs = [pixels[-1] - size * (back + sign * np.sin(HEAD_ANGLE) * side) for sign in (1, -1)]
            ends = to_pixels.inverted().transform(np.array([barbs[0], pixels[-1], barbs[1]]))
            drawn.append(np.concatenate([finite, ends]))
        LineCollection.set_segments(self, drawn)
        return depth


def within(starts: np.ndarray, vectors: np.ndarray, xlim, ylim) -> np.ndarray:
    """How much of each vector (0…1) stays in the window from its start: 3D axes do not clip."""
    reach = np.ones(len(starts))
    with np.errstate(invalid="ignore", divide="ignore"):
        for axis, (low, high) in enumerate((xlim, ylim)):
            v = vectors[:, axis]
            bound = np.where(
                v > 0, (high - starts[:, axis]) / v, np.where(v < 0, (low - starts[:, axis]) / v, 1)
            )
            reach = np.minimum(reach, bound)
    return np.clip(np.nan_to_num(reach), 0, 1)


class InternalsOverlay3D:
    """The arrows, ellipses and trial dots at each head of one 3D panel, updated frame by frame."""

    def __init__(
        self,
        ax: Axes3D,
        trajectories: Trajectories,
        group: list[int],
        colors: list[str],
        show: tuple[str, ...],
        factors: Factors,
        theme: Theme,
    ) -> None:
        scene = trajectories.scene
        self._xlim, self._ylim = scene.xlim, scene.ylim
        zlim = ax.get_zlim()
        lift = surface3d.LIFT * (zlim[1] - zlim[0])
        self._heights = SurfaceHeights(scene.surface, scene.xlim, scene.ylim, lift)
        positions = trajectories.positions[group]
        lifted = surface3d.lifted_paths(positions, trajectories.losses[group], scene.xlim, scene.ylim, lift)
        self._heads = lifted.reshape(-1, *lifted.shape[2:])
        internals = [trajectories.internals[index] for index in group]
        starts = positions.shape[1]
        path_colors = [color for index in group for color in [colors[index]] * starts]
        kind_colors = {
            "gradient": [theme.text_color] * len(self._heads),
            "velocity": [VELOCITY_COLORS[theme.name]] * len(self._heads),
            "update": path_colors,
        }
        drawn = [(name, vectors_of(internals, name, factors)) for name in ("gradient", "velocity", "update")]
        drawn = [(name, vectors) for name, vectors in drawn if name in show and vectors is not None]
        outline = [patheffects.withStroke(linewidth=ARROW_WIDTH + 1.6, foreground=theme.marker_edge)]
        self._arrows: tuple[Line3DCollection, np.ndarray] | None = None
        if drawn:
            arrows = ArrowCurves(
                [], colors=[color for name, _ in drawn for color in kind_colors[name]],
                linewidths=ARROW_WIDTH, capstyle="round", joinstyle="round", zorder=7, path_effects=outline,
                head_points=HEAD_POINTS,
            )  # fmt: skip
            ax.add_collection3d(arrows, autolim=False)
            self._arrows = (arrows, np.concatenate([vectors for _, vectors in drawn]))
        self._loops: tuple[Line3DCollection, np.ndarray] | None = None
        if "scale" in show and np.isfinite(scales := stacked(internals, "scale")).any():
            loops = Line3DCollection([], colors=path_colors, linewidths=1.6, zorder=6.5)
            ax.add_collection3d(loops, autolim=False)
            self._loops = (loops, scales * factors.scale)
        self._trials = []
        if "linesearch" in show:
            for index in group:
                record = trajectories.internals[index]
                if "trials" in record:
                    (dots,) = ax.plot(
                        [], [], [], linestyle="none", marker="o", markersize=4.2, markeredgewidth=0,
                        color=to_rgba(colors[index], TRIAL_ALPHA), zorder=4,
                    )  # fmt: skip
                    heights = record["trial_losses"] + lift
                    self._trials.append(
                        (dots, np.concatenate([record["trials"], heights[..., None]], axis=-1))
                    )

    @property
    def artists(self) -> list[Artist]:
        dots = [dots for dots, _ in self._trials]
        return dots + [part[0] for part in (self._loops, self._arrows) if part]

    def show(self, frame: int, points: int) -> None:
        head = min(points, self._heads.shape[1]) - 1
        at = self._heads[:, head]
        if self._arrows:
            arrows, vectors = self._arrows
            curves, tipped = self._arrow_curves(np.tile(at, (len(vectors) // len(at), 1)), vectors[:, head])
            arrows.set_segments(list(curves))
            arrows.tipped = tipped
        if self._loops:
            loops, scales = self._loops
            loops.set_segments(list(self._loop_curves(at, scales[:, head])))
        for dots, trials in self._trials:
            taken = trials[:, :head].reshape(-1, 3)
            taken = taken[np.isfinite(taken).all(axis=-1) & np.isfinite(self._heights(taken[:, :2]))]
            dots.set_data_3d(taken[:, 0], taken[:, 1], taken[:, 2])

    def _arrow_curves(self, at: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each arrow as a curve on the surface from its head, cut where it leaves the window (and then
        without a tip); NaN where the head or the vector is not drawn. Also: which ones have a tip."""
        shown = np.isfinite(at).all(axis=-1) & np.isfinite(vectors).all(axis=-1)
        shown &= np.linalg.norm(np.nan_to_num(vectors), axis=-1) > 0
        vectors = np.where(shown[:, None], vectors, 0.0)
        reach = within(at[:, :2], vectors, self._xlim, self._ylim)
        fractions = np.linspace(0, 1, SHAFT_SAMPLES)
        plane = at[:, None, :2] + (reach[:, None] * fractions)[..., None] * vectors[:, None]
        curves = np.concatenate([plane, self._heights(plane)[..., None]], axis=-1)
        curves[:, 0, 2] = at[:, 2]
        curves[~shown] = np.nan
        return curves, shown & (reach >= 1)

    def _loop_curves(self, at: np.ndarray, axes: np.ndarray) -> np.ndarray:
        """Each ellipse as a loop on the surface around its head (NaN where it leaves the window)."""
        angles = np.linspace(0, 2 * np.pi, LOOP_SAMPLES)
        ring = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
        plane = at[:, None, :2] + axes[:, None] * ring
        loops = np.concatenate([plane, self._heights(plane)[..., None]], axis=-1)
        loops[~(np.isfinite(at).all(axis=-1) & np.isfinite(axes).all(axis=-1))] = np.nan
        return loops


def draw_field_3d(ax: Axes3D, scene: Scene, theme: Theme) -> None:
    """The negative gradient field as short unit arrows lying on the surface, shaded by magnitude."""
    found = field_directions(scene, FIELD_ARROWS_3D)
    if found is None:
        return
    xs, ys, unit, shade, norm = found
    zlim = ax.get_zlim()
    heights = SurfaceHeights(
        scene.surface, scene.xlim, scene.ylim, surface3d.LIFT * (zlim[1] - zlim[0]) * 0.5
    )
    spacing = min(xs[1] - xs[0], ys[1] - ys[0]) * 0.6
    centres = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    vectors = unit.reshape(-1, 2) * spacing
    keep = np.isfinite(vectors).all(axis=-1)
    fractions = np.linspace(-0.5, 0.5, 5)
    plane = centres[keep, None] + fractions[:, None] * vectors[keep, None]
    curves = np.concatenate([plane, heights(plane)[..., None]], axis=-1)
    kept = np.isfinite(curves).all(axis=(1, 2))
    cmap = LinearSegmentedColormap.from_list("field", FIELD_SHADES[theme.name])
    colors = cmap(norm(shade.reshape(-1)[keep][kept]))
    colors[:, 3] = 0.85
    arrows = ArrowCurves(
        list(curves[kept]), colors=colors, linewidths=FIELD_WIDTH, zorder=2, head_points=FIELD_HEAD_POINTS
    )
    arrows.tipped = np.ones(int(kept.sum()), bool)
    ax.add_collection3d(arrows, autolim=False)
