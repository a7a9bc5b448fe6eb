"""The static part of a frame: the surface's contours with labels, its minima and the start points."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes

from animator import style
from animator.style import Theme
from landscapes.errors import UserError

if TYPE_CHECKING:  # a type only: frame workers draw without importing JAX
    from surfaces import Surface

# Filled contours reserve ±1e250 for their open ends, so values are clipped well inside that.
CONTOUR_RANGE = 1e200


def draw_contours(
    ax: Axes, surface: Surface, xs: np.ndarray, ys: np.ndarray, z: np.ndarray, theme: Theme = style.LIGHT
) -> None:
    """Labelled contour lines at the surface's levels over a faint filled shading of the same levels.

    Lines are coloured by their rank, not their value, so log-spaced levels use the whole colour map.
    Where the surface is not finite (log of a negative, an overflow) nothing is drawn; a surface flat
    in the whole view has no contours, and one finite nowhere in it is the user's mistake.
    """
    z = np.ma.masked_invalid(z).clip(-CONTOUR_RANGE, CONTOUR_RANGE)
    finite = z.compressed()
    if finite.size == 0:
        raise UserError(f"the surface {surface.formula!r} has no finite value anywhere in the window")
    if not finite.min() < finite.max():
        return
    levels = surface.levels.resolve(finite)
    visible = levels[(levels >= finite.min()) & (levels <= finite.max())]
    if len(visible) < 2:
        visible = surface_levels_fallback(finite)
    ax.contourf(xs, ys, z, levels=visible, cmap=theme.fill_cmap, alpha=theme.fill_alpha, extend="both")
    shades = colormaps[theme.contour_cmap](np.linspace(*theme.contour_range, len(visible)))
    lines = ax.contour(xs, ys, z, levels=visible, colors=shades, linewidths=0.9)
    ax.clabel(lines, lines.levels[::2], inline=True, fontsize=style.BASE_FONT_SIZE * 0.62, fmt=level_label)


def surface_levels_fallback(z: np.ndarray) -> np.ndarray:
    """Evenly spaced levels for a view in which the surface's own levels draw nothing."""
    finite = z[np.isfinite(z)]
    return np.linspace(finite.min(), finite.max(), 12)


def level_label(value: float) -> str:
    """A contour label with three significant digits: `200` rather than `200.045`."""
    return f"{value:.3g}"


def draw_minima(ax: Axes, surface: Surface, theme: Theme = style.LIGHT) -> None:
    """Known minima as gold stars; local ones as hollow stars."""
    for minima, face in ((surface.minima, "gold"), (surface.local_minima, "none")):
        if minima:
            ax.plot(
                [m.x for m in minima], [m.y for m in minima], linestyle="none", marker="*",
                markersize=style.MINIMUM_MARKER_SIZE, markerfacecolor=face,
                markeredgecolor=theme.minimum_edge, markeredgewidth=1.2, zorder=4,
            )  # fmt: skip


def draw_starts(ax: Axes, starts: np.ndarray, theme: Theme = style.LIGHT) -> None:
    """Each start point as a hollow black marker of its start's shape."""
    for index, (x, y) in enumerate(starts):
        ax.plot(
            [x], [y], linestyle="none", marker=style.marker_for(index), markersize=style.HEAD_MARKER_SIZE,
            markerfacecolor=theme.start_face, markeredgecolor=theme.text_color, markeredgewidth=1.5, zorder=4,
        )  # fmt: skip


def set_window(ax: Axes, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    """The view window with equal scales on both axes, so the geometry of steps is true."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("x")
    ax.set_ylabel("y")


def apply_theme(ax: Axes, theme: Theme) -> None:
    """The theme's colours on an axes' background, spines, ticks and labels."""
    ax.set_facecolor(theme.axes_color)
    ax.tick_params(colors=theme.text_color, labelsize=style.BASE_FONT_SIZE * 0.8)
    for spine in ax.spines.values():
        spine.set_edgecolor(theme.muted_text_color)
    ax.xaxis.label.set_color(theme.text_color)
    ax.yaxis.label.set_color(theme.text_color)
