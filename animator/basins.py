"""The basin map: one panel per optimizer, each start coloured by where that optimizer took it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, LogNorm, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from animator import background, losses, style
from animator.figure import LEGEND_SIZE, PANEL_TITLE_SIZE, TITLE_SIZE, figure_for
from animator.layout import GRID_MARGINS, grid_cells, inset
from animator.style import Theme
from landscapes.engine.attractors import DIVERGED, UNSETTLED
from landscapes.engine.basins import BasinMap
from landscapes.engine.trajectories import grid_values
from landscapes.errors import UserError
from landscapes.files import atomic_output, check_writable

COLOR_BY = ("nearest", "loss")
BASIN_COLORS = (
    "#2c7fb8", "#f5a142", "#41ab5d", "#d7301f", "#8856a7", "#80cdc1", "#fec44f", "#c51b8a",
    "#8c510a", "#1b9e77", "#a6bddb", "#e7298a",
)  # fmt: skip
DIVERGED_COLOR = "#9a9a9a"
UNSETTLED_COLOR = "#e4e4e4"
CONTEXT_RESOLUTION = 400  # contour lines over the colours need no finer grid than this
PANELS_AREA = (0.005, 0.0, 0.8, 0.89)
KEY_LEFT = 0.81
KEY_TITLES = {False: "ends nearest\nthe minimum", True: "ends at the\nattractor"}


def check_basins_output(path: Path, color_by: str) -> None:
    """A `UserError` unless `path` is a writable PNG and `color_by` one of `COLOR_BY`."""
    if path.suffix.lower() != ".png":
        raise UserError(f"a basin map is a picture; name a .png output, got {path.name!r}")
    if color_by not in COLOR_BY:
        raise UserError(f"unknown --color-by {color_by!r}; use one of {', '.join(COLOR_BY)}")
    check_writable(path)


def minimum_names(basin_map: BasinMap) -> list[str]:
    """Legend names of the known minima, `global (0, 0)`, or of the attractors found,
    `(0.74, 1.48)`, in the order of `basin_map.minima`."""
    surface = basin_map.scene.surface
    if basin_map.found:
        return [f"({_coordinate(x)}, {_coordinate(y)})" for x, y in basin_map.minima]
    kinds = ["global"] * len(surface.minima) + ["local"] * len(surface.local_minima)
    return [
        f"{kind} ({_coordinate(x)}, {_coordinate(y)})"
        for kind, (x, y) in zip(kinds, basin_map.minima, strict=True)
    ]


def _coordinate(value: float) -> str:
    """A coordinate to two decimals for a legend, without a sign on zero: -1.6e-06 reads as 0."""
    return f"{round(value, 2) + 0.0:g}"


def draw_basins(
    basin_map: BasinMap, size: tuple[int, int], color_by: str, theme: Theme, dpi: float | None = None
) -> Figure:
    """The whole figure: title, one panel per optimizer, and a key (minima legend or loss colour bar)."""
    scene = basin_map.scene
    if color_by == "nearest" and len(basin_map.minima) == 0:
        raise UserError(
            f"surface {scene.surface.name!r} has no known minima and its runs found no attractor; "
            "use --color-by loss"
        )
    figure = figure_for(size, dpi, theme)
    extent = (*scene.xlim, *scene.ylim)
    sampled = grid_values(scene.surface, scene.xlim, scene.ylim, min(len(basin_map.xs), CONTEXT_RESOLUTION))
    # The loss scale is a float copy of every final loss: made only when the colours need it.
    scale = losses.loss_scale(basin_map.losses, _global_minimum(basin_map)) if color_by == "loss" else None
    norm = _loss_norm(scale) if scale is not None else None
    cells = grid_cells(len(basin_map.legends), PANELS_AREA, size[0] / size[1])
    image = None
    for index, (cell, legend, nearest) in enumerate(
        zip(cells, basin_map.legends, basin_map.nearest, strict=True)
    ):
        ax = figure.add_axes(inset(cell, *GRID_MARGINS["2d"]))
        if color_by == "nearest":
            _draw_nearest(ax, nearest, len(basin_map.minima), extent)
        else:
            image = ax.imshow(
                scale.values[index],
                origin="lower",
                extent=extent,
                cmap=theme.contour_cmap,
                norm=norm,
                interpolation="nearest",
            )
        _draw_context(ax, basin_map, sampled, theme)
        ax.set_title(legend, color=theme.text_color, fontsize=PANEL_TITLE_SIZE, fontweight="bold", pad=4)
    figure.text(
        0.015,
        0.975,
        f"{scene.name}: where each optimizer ends after {scene.steps} steps",
        fontsize=TITLE_SIZE * 0.8,
        fontweight="bold",
        va="top",
        color=theme.text_color,
    )
    if color_by == "nearest":
        _minima_key(figure, basin_map, theme)
    else:
        bar = figure.colorbar(image, cax=figure.add_axes((KEY_LEFT + 0.02, 0.1, 0.02, 0.7)))
        bar.set_label(f"final {scale.label}", color=theme.text_color, fontsize=style.BASE_FONT_SIZE)
        bar.ax.tick_params(colors=theme.text_color, labelsize=style.BASE_FONT_SIZE * 0.8)
    return figure


def write_basins(
    basin_map: BasinMap,
    output: Path,
    *,
    size: tuple[int, int],
    color_by: str = "nearest",
    theme: Theme = style.LIGHT,
    transparent: bool = False,
    dpi: float | None = None,
) -> Path:
    """Draw the basin map and write it to `output` (PNG), whole or not at all."""
    check_basins_output(output, color_by)
    figure = draw_basins(basin_map, size, color_by, theme, dpi)
    if transparent:
        figure.patch.set_alpha(0.0)
    with atomic_output(output) as temp:
        figure.savefig(temp, format="png", dpi=figure.dpi, facecolor=figure.get_facecolor())
    return output


def _global_minimum(basin_map: BasinMap) -> float | None:
    values = [minimum.value for minimum in basin_map.scene.surface.minima]
    return min(values) if values else None


def _loss_norm(scale: losses.LossScale) -> Normalize:
    low, high = losses.value_limits(scale.values, scale.log)
    return LogNorm(low, high) if scale.log else Normalize(low, high)


def _draw_nearest(ax: Axes, nearest: np.ndarray, minima: int, extent: tuple[float, ...]) -> None:
    """Each start in the colour of the minimum it ends nearest; grey where the run diverged, light grey
    where it ended near no attractor."""
    colors = [UNSETTLED_COLOR, DIVERGED_COLOR, *(_basin_color(index) for index in range(minima))]
    ax.imshow(
        nearest - UNSETTLED,
        origin="lower",
        extent=extent,
        cmap=ListedColormap(colors),
        vmin=-0.5,
        vmax=minima + 1.5,
        interpolation="nearest",
    )


def _draw_context(
    ax: Axes, basin_map: BasinMap, sampled: tuple[np.ndarray, np.ndarray, np.ndarray], theme: Theme
) -> None:
    """Faint contour lines of the surface, its minima (or the attractors found, as numbered rings)
    and the scene's start points, over the colours."""
    scene = basin_map.scene
    xs, ys, z = sampled
    levels = scene.surface.levels.resolve(z)
    visible = levels[(levels >= np.nanmin(z)) & (levels <= np.nanmax(z))]
    if len(visible) >= 2:
        ax.contour(xs, ys, z, levels=visible, colors=theme.text_color, linewidths=0.5, alpha=0.35)
    background.draw_minima(ax, scene.surface, theme)
    if basin_map.found:
        _draw_attractors(ax, basin_map.minima, theme)
    background.draw_starts(ax, np.asarray(scene.starts, dtype=float), theme)
    background.set_window(ax, scene.xlim, scene.ylim)
    background.apply_theme(ax, theme)
    ax.set_xlabel("")
    ax.set_ylabel("")


def _draw_attractors(ax: Axes, attractors: np.ndarray, theme: Theme) -> None:
    """Each attractor as a ring in its colour with a dark edge, so it shows on its own basin."""
    for index, (x, y) in enumerate(attractors):
        ax.plot(
            [x],
            [y],
            linestyle="none",
            marker="o",
            markersize=style.MINIMUM_MARKER_SIZE * 0.5,
            markerfacecolor=_basin_color(index),
            markeredgecolor=theme.minimum_edge,
            markeredgewidth=1.4,
            zorder=4,
        )


def _minima_key(figure: Figure, basin_map: BasinMap, theme: Theme) -> None:
    """A legend: which colour means which minimum, and grey for runs that diverged."""
    handles = [
        Patch(facecolor=_basin_color(index), edgecolor="none", label=name)
        for index, name in enumerate(minimum_names(basin_map))
    ]
    if np.any(basin_map.nearest == DIVERGED):
        handles.append(Patch(facecolor=DIVERGED_COLOR, edgecolor="none", label="diverged"))
    if np.any(basin_map.nearest == UNSETTLED):
        handles.append(Patch(facecolor=UNSETTLED_COLOR, edgecolor="none", label="near no attractor"))
    figure.legend(
        handles=handles,
        loc="center left",
        bbox_to_anchor=(KEY_LEFT, 0.45),
        frameon=False,
        fontsize=LEGEND_SIZE * 0.8,
        labelcolor=theme.text_color,
        title=KEY_TITLES[basin_map.found],
        title_fontsize=LEGEND_SIZE * 0.8,
        labelspacing=1.0,
    ).get_title().set_color(theme.text_color)


def _basin_color(index: int) -> str:
    return BASIN_COLORS[index % len(BASIN_COLORS)]
