"""The 3D view: the surface as a lit, shaded plot, the paths lifted onto it, and a turning camera."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.colors import LightSource
from matplotlib.ticker import MaxNLocator
from mpl_toolkits.mplot3d import Axes3D

from animator.style import Sizes, Theme

if TYPE_CHECKING:  # a type only: frame workers draw without importing JAX
    from surfaces import Surface

RESOLUTION = 90
ELEVATION = 38.0
AZIMUTH = -60.0
LIFT = 0.012
ZOOM = 1.12
HIDDEN_ALPHA = 0.3  # the opacity of a path's stretch, head or minimum that the surface hides
RAY_SAMPLES_PER_CELL = 2  # samples along a sight line per grid cell it may cross
CHUNK = 4096  # points tested at once (each takes a few hundred samples)


def lifted_paths(
    positions: np.ndarray,
    losses: np.ndarray,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    lift: float,
) -> np.ndarray:
    """Paths as (x, y, loss + lift) points; points outside the window become NaN, which breaks the line.

    3D axes do not clip, so a path that leaves the window would otherwise fly through the frame.
    """
    lifted = np.concatenate([positions, (losses + lift)[..., None]], axis=-1)
    x, y = positions[..., 0], positions[..., 1]
    outside = (x < xlim[0]) | (x > xlim[1]) | (y < ylim[0]) | (y > ylim[1])
    lifted[outside] = np.nan
    return lifted


def lift_for(z: np.ndarray) -> float:
    """How far above the surface the paths float: a small share of the surface's height in view."""
    finite = z[np.isfinite(z)]
    return LIFT * float(finite.max() - finite.min()) if finite.size else 0.0


def frame_3d(ax: Axes3D, xs: np.ndarray, ys: np.ndarray, z: np.ndarray, theme: Theme, sizes: Sizes) -> None:
    """The empty 3D axes as they will be drawn: limits, camera, theme, sizes (so the layout can measure)."""
    finite = z[np.isfinite(z)]
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    if finite.size:
        ax.set_zlim(finite.min(), finite.max())
    ax.view_init(elev=ELEVATION, azim=AZIMUTH)
    ax.set_box_aspect(None, zoom=ZOOM)
    theme_3d(ax, theme, sizes)


def grid_ticks(ax: Axes3D, shown: bool) -> None:
    """In a grid of 3D panels: no axis names (the header and the overlay say what they are), a few
    tick labels where the panel has room for them, none where it has not."""
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.label.set_text("")
        axis.set_major_locator(MaxNLocator(3))
        if not shown:
            axis.set_ticklabels([])


def draw_surface_3d(
    ax: Axes3D, surface: Surface, xs: np.ndarray, ys: np.ndarray, z: np.ndarray, theme: Theme, sizes: Sizes
) -> None:
    """The surface as a colour-mapped plot under a light from the upper left (`MinimumStars` marks the
    minima on it)."""
    light = LightSource(azdeg=315, altdeg=45)
    cmap = colormaps[theme.contour_cmap]
    shaded = light.shade(np.nan_to_num(z, nan=np.nanmax(z)), cmap=cmap, blend_mode="soft")
    gx, gy = np.meshgrid(xs, ys)
    ax.plot_surface(
        gx, gy, z, facecolors=shaded, rstride=1, cstride=1, linewidth=0, antialiased=False, shade=False,
        zorder=1,
    )  # fmt: skip
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])


def theme_3d(ax: Axes3D, theme: Theme, sizes: Sizes) -> None:
    """Theme colours on the 3D axes: transparent panes, light or dark text and grid."""
    ax.set_facecolor(theme.figure_color)
    for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y"), (ax.zaxis, "loss")):
        axis.set_pane_color((0, 0, 0, 0))
        axis.label.set_text(name)
        axis.label.set_color(theme.text_color)
        axis.label.set_fontsize(sizes.text("axis_label"))
        axis.labelpad = sizes.text("tick") * (0.7 if axis is ax.zaxis else 0.6)
        # mplot3d has no public setter for the colours of its grid and axis lines.
        axis._axinfo["grid"]["color"] = theme.grid_color
        axis._axinfo["axisline"]["color"] = theme.muted_text_color
    ax.tick_params(colors=theme.text_color, labelsize=sizes.text("tick"))


class TurningCamera:
    """Turns the camera once around the surface over the course of the animation."""

    def __init__(self, ax: Axes3D, frames: int) -> None:
        self._ax = ax
        self._frames = frames

    @property
    def artists(self) -> list[Artist]:
        return []

    def show(self, frame: int, points: int) -> None:
        self._ax.view_init(elev=ELEVATION, azim=AZIMUTH + 360.0 * frame / self._frames)


def toward_camera(projection: np.ndarray, points: np.ndarray) -> np.ndarray:
    """(n, 3): from each point (data coordinates) toward the camera of the 4×4 `projection`
    (`Axes3D.get_proj`): to the eye for a perspective camera, along the view for an orthographic one.

    The eye is the point every sight line passes through: the null vector of the rows that give the
    screen's x, y and w (homogeneous, with w = 0 for an orthographic camera).
    """
    eye = np.linalg.svd(projection[[0, 1, 3]])[2][-1]
    if abs(eye[3]) > 1e-12 * np.abs(eye[:3]).max():
        return eye[:3] / eye[3] - points
    depth = projection[2] @ np.append(eye[:3], 0.0)
    return np.broadcast_to(eye[:3] if depth < 0 else -eye[:3], points.shape)


def hidden_points(
    points: np.ndarray,
    toward: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    z: np.ndarray,
    tolerance: float,
) -> np.ndarray:
    """(n,) bool: whether the surface `z` (on the grid `xs` × `ys`) rises more than `tolerance` above
    the sight line from each of `points` (n, 3) along `toward` (n, 3), anywhere over the window.

    Samples each line about twice per grid cell up to where it leaves the box of the window and the
    surface's top (no surface lies beyond it), between the grid's values as the flat-shaded plot does.
    NaN points and NaN surface values hide nothing.
    """
    hidden = np.zeros(len(points), dtype=bool)
    for start in range(0, len(points), CHUNK):
        part = slice(start, start + CHUNK)
        hidden[part] = _hidden_chunk(points[part], toward[part], xs, ys, z, tolerance)
    return hidden


def _hidden_chunk(points, toward, xs, ys, z, tolerance) -> np.ndarray:
    low = np.array([xs[0], ys[0], -np.inf])
    high = np.array([xs[-1], ys[-1], np.nanmax(z)])
    with np.errstate(divide="ignore", invalid="ignore"):
        reach = (np.where(toward > 0, high, low) - points) / toward
    reach = np.where(np.isfinite(reach) & (reach > 0), reach, np.inf).min(axis=1)
    reach = np.where(np.isfinite(reach), reach, 0.0)
    samples = RAY_SAMPLES_PER_CELL * max(len(xs), len(ys))
    along = reach[:, None] * (np.arange(1, samples + 1) / samples)[None, :]
    x, y, height = (points[:, axis, None] + along * toward[:, axis, None] for axis in range(3))
    with np.errstate(invalid="ignore"):
        return (height < bilinear(xs, ys, z, x, y) - tolerance).any(axis=1)


def bilinear(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`z[j, i]` (the value at `xs[i]`, `ys[j]`, both evenly spaced) between its grid points; NaN
    outside the grid."""
    columns, rows = len(xs), len(ys)
    fx = (x - xs[0]) * ((columns - 1) / (xs[-1] - xs[0]))
    fy = (y - ys[0]) * ((rows - 1) / (ys[-1] - ys[0]))
    outside = ~((fx >= 0) & (fx <= columns - 1) & (fy >= 0) & (fy <= rows - 1))
    fx[outside] = 0.0
    fy[outside] = 0.0
    i = np.minimum(fx.astype(np.intp), columns - 2)
    j = np.minimum(fy.astype(np.intp), rows - 2)
    a, b = fx - i, fy - j
    flat = z.ravel()
    corner = j * columns + i
    low = flat[corner] + a * (flat[corner + 1] - flat[corner])
    high = flat[corner + columns] + a * (flat[corner + columns + 1] - flat[corner + columns])
    value = low + b * (high - low)
    value[outside] = np.nan
    return value


class Occlusion:
    """Which points of a 3D panel the surface hides from its camera as it stands now (it may turn)."""

    def __init__(self, ax: Axes3D, xs: np.ndarray, ys: np.ndarray, z: np.ndarray) -> None:
        self._ax = ax
        self._grid = (xs, ys, z)
        # Paths and markers float `lift_for(z)` above the surface: half of that is the flat plot's
        # own error between grid points, not a hill.
        self._tolerance = 0.5 * lift_for(z)

    def camera(self) -> np.ndarray:
        """The axes' projection now: the same matrix, the same camera."""
        return self._ax.get_proj()

    def hidden(self, points: np.ndarray) -> np.ndarray:
        """(n,) bool for `points` (n, 3) in data coordinates."""
        if not len(points):
            return np.zeros(0, dtype=bool)
        toward = toward_camera(self.camera(), points)
        return hidden_points(points, toward, *self._grid, self._tolerance)


class MinimumStars:
    """The known minima as stars on the surface (gold, and hollow for local ones), dimmed on each frame
    where the surface hides them from the camera."""

    def __init__(self, ax: Axes3D, surface: Surface, occlusion: Occlusion, lift: float, theme: Theme,
                 sizes: Sizes) -> None:  # fmt: skip
        self._occlusion = occlusion
        self._stars = []
        points = []
        for minima, face in ((surface.minima, "gold"), (surface.local_minima, "none")):
            for minimum in minima:
                point = (minimum.x, minimum.y, minimum.value + lift)
                (star,) = ax.plot(
                    *([value] for value in point), linestyle="none", marker="*",
                    markersize=sizes.mark("minimum"), markerfacecolor=face,
                    markeredgecolor=theme.minimum_edge, markeredgewidth=1.2, zorder=4,
                )  # fmt: skip
                self._stars.append(star)
                points.append(point)
        self._points = np.array(points, dtype=float).reshape(-1, 3)

    @property
    def artists(self) -> list[Artist]:
        return list(self._stars)

    def show(self, frame: int, points: int) -> None:
        for star, hidden in zip(self._stars, self._occlusion.hidden(self._points), strict=True):
            star.set_alpha(HIDDEN_ALPHA if hidden else None)
