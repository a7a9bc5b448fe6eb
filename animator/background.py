"""The static part of a frame: the surface's contours with labels, its minima and the start points."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.axes import Axes
from matplotlib.contour import ContourSet

from animator import style
from animator.levels import choose_levels, labelled_levels, level_label
from animator.options import LevelSpec
from animator.style import Sizes, Theme
from landscapes.errors import UserError

if TYPE_CHECKING:  # a type only: frame workers draw without importing JAX
    from surfaces import Surface

# Filled contours reserve ±1e250 for their open ends, so values are clipped well inside that.
CONTOUR_RANGE = 1e200
AUTO_LEVELS = LevelSpec("auto")
LINE_SPACING = 7.0  # pixels of a panel's smaller side per contour line, at most
LABEL_SPACING = 6.0  # a panel gets about one label per this many label heights of its smaller side


def draw_contours(
    ax: Axes,
    surface: Surface,
    xs: np.ndarray,
    ys: np.ndarray,
    z: np.ndarray,
    theme: Theme = style.LIGHT,
    sizes: Sizes | None = None,
    *,
    levels: LevelSpec = AUTO_LEVELS,
    labels: str = "auto",
    keep_clear: np.ndarray | None = None,
) -> None:
    """Contour lines at round levels (see `animator.levels`) over a faint filled shading of the same
    levels, with a few labels that keep clear of each other, of `keep_clear` (points in data
    coordinates, such as the starts) and of the window's edge.

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
    chosen = choose_levels(levels, surface.levels, finite)
    visible = chosen[(chosen >= finite.min()) & (chosen <= finite.max())]
    if len(visible) < 2:
        visible = surface_levels_fallback(finite)
    # On a small panel, lines closer than a few pixels merge into a smear: keep every k-th level.
    box = ax.get_window_extent()
    most = max(4, int(min(box.width, box.height) / LINE_SPACING))
    if len(visible) > most:
        visible = visible[:: int(np.ceil(len(visible) / most))]
    ax.contourf(xs, ys, z, levels=visible, cmap=theme.fill_cmap, alpha=theme.fill_alpha, extend="both")
    shades = colormaps[theme.contour_cmap](np.linspace(*theme.contour_range, len(visible)))
    width = sizes.points(1.1 * sizes.scale) if sizes else 0.9
    lines = ax.contour(xs, ys, z, levels=visible, colors=shades, linewidths=width)
    if labels != "none":
        label_contours(ax, lines, theme, sizes, every=labels == "all", keep_clear=keep_clear)


def label_contours(
    ax: Axes, lines: ContourSet, theme: Theme, sizes: Sizes | None, every: bool, keep_clear: np.ndarray | None
) -> None:
    """Label the roundest levels, a handful per panel, then drop labels that would crowd or be cut."""
    fontsize = sizes.text("contour") if sizes else style.BASE_FONT_SIZE * 0.62
    label_px = fontsize * ax.figure.dpi / 72
    box = ax.get_window_extent()
    most = int(min(box.width, box.height) / (LABEL_SPACING * label_px))
    chosen = labelled_levels(lines.levels, most, every=every)
    if not len(chosen):
        return
    texts = ax.clabel(
        lines, chosen, inline=False, fontsize=fontsize, fmt=level_label, colors=theme.contour_label_color
    )
    halo = [patheffects.withStroke(linewidth=fontsize * 0.35, foreground=theme.axes_color)]
    renderer = ax.figure.canvas.get_renderer()
    clear = [] if keep_clear is None else list(ax.transData.transform(np.asarray(keep_clear, dtype=float)))
    inside = box.padded(-2)
    marker = sizes.px(sizes.mark("start")) if sizes else 8.0
    kept: list = []
    for text in list(texts):
        text.set_path_effects(halo)
        extent = text.get_window_extent(renderer).padded(label_px * 0.3)
        crowded = (
            not inside.containsx(extent.x0)
            or not inside.containsx(extent.x1)
            or not inside.containsy(extent.y0)
            or not inside.containsy(extent.y1)
            or (not every and len(kept) >= most)
            or any(extent.padded(label_px).overlaps(other) for other in kept)
            or any(extent.padded(marker).contains(x, y) for x, y in clear)
        )
        if crowded:
            text.remove()
            lines.labelTexts.remove(text)
        else:
            kept.append(extent)


def surface_levels_fallback(z: np.ndarray) -> np.ndarray:
    """Evenly spaced levels for a view in which the surface's own levels draw nothing."""
    finite = z[np.isfinite(z)]
    return np.linspace(finite.min(), finite.max(), 12)


def draw_minima(ax: Axes, surface: Surface, theme: Theme = style.LIGHT, sizes: Sizes | None = None) -> None:
    """Known minima as gold stars; local ones as hollow stars."""
    star = sizes.mark("minimum") if sizes else style.MINIMUM_MARKER_SIZE
    for minima, face in ((surface.minima, "gold"), (surface.local_minima, "none")):
        if minima:
            ax.plot(
                [m.x for m in minima],
                [m.y for m in minima],
                linestyle="none",
                marker="*",
                markersize=star,
                markerfacecolor=face,
                markeredgecolor=theme.minimum_edge,
                markeredgewidth=1.2,
                zorder=4,
            )


def draw_starts(ax: Axes, starts: np.ndarray, theme: Theme = style.LIGHT, sizes: Sizes | None = None) -> None:
    """Each start point as a hollow marker of its start's shape, larger than the heads that leave it."""
    size = sizes.mark("start") if sizes else style.HEAD_MARKER_SIZE
    for index, (x, y) in enumerate(starts):
        ax.plot(
            [x],
            [y],
            linestyle="none",
            marker=style.marker_for(index),
            markersize=size,
            markerfacecolor=theme.start_face,
            markeredgecolor=theme.text_color,
            markeredgewidth=1.5,
            zorder=4,
        )


def set_window(ax: Axes, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    """The view window with equal scales on both axes, so the geometry of steps is true."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("x")
    ax.set_ylabel("y")


def apply_theme(ax: Axes, theme: Theme, sizes: Sizes | None = None) -> None:
    """The theme's colours on an axes' background, spines, ticks and labels (sized by `sizes` if given)."""
    ax.set_facecolor(theme.axes_color)
    ax.tick_params(
        colors=theme.text_color, labelsize=sizes.text("tick") if sizes else style.BASE_FONT_SIZE * 0.8
    )
    if sizes:
        # Far enough below the axis that the first x label clears the last y label at the corner.
        ax.tick_params(axis="x", pad=sizes.text("tick") * 0.6)
        ax.tick_params(axis="y", pad=sizes.text("tick") * 0.4)
        ax.xaxis.label.set_fontsize(sizes.text("axis_label"))
        ax.yaxis.label.set_fontsize(sizes.text("axis_label"))
    for spine in ax.spines.values():
        spine.set_edgecolor(theme.muted_text_color)
    ax.xaxis.label.set_color(theme.text_color)
    ax.yaxis.label.set_color(theme.text_color)
