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
    """The surface as a colour-mapped plot under a light from the upper left, minima marked on it."""
    light = LightSource(azdeg=315, altdeg=45)
    cmap = colormaps[theme.contour_cmap]
    shaded = light.shade(np.nan_to_num(z, nan=np.nanmax(z)), cmap=cmap, blend_mode="soft")
    gx, gy = np.meshgrid(xs, ys)
    ax.plot_surface(
        gx, gy, z, facecolors=shaded, rstride=1, cstride=1, linewidth=0, antialiased=False, shade=False,
        zorder=1,
    )  # fmt: skip
    lift = lift_for(z)
    for minima, face in ((surface.minima, "gold"), (surface.local_minima, "none")):
        for minimum in minima:
            ax.plot(
                [minimum.x], [minimum.y], [minimum.value + lift], linestyle="none", marker="*",
                markersize=sizes.mark("minimum"), markerfacecolor=face,
                markeredgecolor=theme.minimum_edge, markeredgewidth=1.2, zorder=4,
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
        axis.labelpad = sizes.text("tick") * (1.6 if axis is ax.zaxis else 0.6)
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
