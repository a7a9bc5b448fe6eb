"""The 16:9 figure of a render: surface panels (2D contours or 3D), an optional loss panel and the text.

Layouts: "overlay" puts every optimizer on one surface with title, formula, legend and step counter
in a column on the right; "grid" gives each optimizer its own panel, titled with its legend label
in its colour, under a header with the title and the counter.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from animator import background, losses, overlays, style, surface3d
from animator import network as network_figure
from animator.layout import Plan, Rect, grid_plan, overlay_plan
from animator.options import RenderOptions
from animator.paths import PathArtists
from animator.style import Theme

if TYPE_CHECKING:  # frame workers unpickle figures: the drawing modules need no JAX
    from landscapes.engine.trajectories import Trajectories

TITLE_SIZE = style.BASE_FONT_SIZE * 2.0
LEGEND_SIZE = style.BASE_FONT_SIZE * 1.25
PANEL_TITLE_SIZE = style.BASE_FONT_SIZE * 1.2
COUNTER_SIZE = style.BASE_FONT_SIZE * 1.2


class Mover(Protocol):
    """Something that changes from frame to frame: it updates its artists for a frame and lists them."""

    @property
    def artists(self) -> list[Artist]: ...

    def show(self, frame: int, points: int) -> None: ...


class StepCounter:
    """The figure's step counter."""

    def __init__(self, text: Text, steps: int) -> None:
        self._text = text
        self._steps = steps

    @property
    def artists(self) -> list[Artist]:
        return [self._text]

    def show(self, frame: int, points: int) -> None:
        self._text.set_text(step_label(points, self._steps))


@dataclass
class SceneFigure:
    """A drawn scene: the figure with its static background, and the movers that change per frame.

    With `blit` (2D views, and 3D views at a still camera) the background is drawn once and each
    frame restores it and draws only the moving artists; a turning camera changes the projection of
    everything on it, so it redraws whole.
    """

    figure: Figure
    movers: list[Mover]
    blit: bool = True
    _background: Any = field(default=None, init=False, repr=False)

    @property
    def canvas(self) -> FigureCanvasAgg:
        return self.figure.canvas

    @property
    def artists(self) -> list[Artist]:
        return [artist for mover in self.movers for artist in mover.artists]

    def show(self, frame: int, points: int) -> None:
        """Set every mover to frame `frame`, which shows the first `points` points of each path."""
        for mover in self.movers:
            mover.show(frame, points)

    def begin_animation(self) -> None:
        """Before the first frame: when blitting, draw the still background once and keep a copy."""
        for artist in self.artists:
            artist.set_animated(self.blit)
        if self.blit:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)

    def frame(self, frame: int, points: int) -> memoryview:
        """The RGBA pixels of one frame (a view of the canvas, valid until the next frame)."""
        self.show(frame, points)
        if self.blit:
            self.canvas.restore_region(self._background)
            for artist in self.artists:
                project_3d(artist)
                self.figure.draw_artist(artist)
        else:
            self.canvas.draw()
        return self.canvas.buffer_rgba()


def project_3d(artist: Artist) -> None:
    """Project a 3D collection's new points, as its axes' full draw would: blitting skips that draw."""
    if isinstance(artist, Collection | Patch) and hasattr(artist, "do_3d_projection"):
        artist.do_3d_projection()


def path_colors(trajectories: Trajectories, theme: Theme) -> list[str]:
    """Each optimizer's colour: the one its spec chose (a scene file's `color`), else the theme's by index."""
    return [spec.color or theme.color_for(index) for index, spec in enumerate(trajectories.scene.optimizers)]


def figure_for(size: tuple[int, int], dpi: float | None = None, theme: Theme = style.LIGHT) -> Figure:
    """A figure of exactly `size` pixels; its default dpi scales with the width, so fonts keep proportion."""
    width, height = size
    dpi = dpi or width / style.FIGURE_WIDTH_INCHES
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor=theme.figure_color)
    FigureCanvasAgg(figure)
    return figure


def draw_scene(
    trajectories: Trajectories,
    size: tuple[int, int],
    options: RenderOptions | None = None,
    frames: int = 1,
) -> SceneFigure:
    """Draw everything that stays still, and create the movers that each frame updates (`frames` of them,
    for a camera that turns once around over the animation)."""
    options = options or RenderOptions()
    theme = style.THEMES[options.theme]
    scene = trajectories.scene
    figure = figure_for(size, options.dpi, theme)
    count = len(trajectories.labels)
    colors = path_colors(trajectories, theme)
    grid = options.layout == "grid"
    plan = (
        grid_plan(count, options.view, options.loss_panel, size[0] / size[1])
        if grid
        else overlay_plan(options.view, options.loss_panel)
    )
    groups = [[index] for index in range(count)] if grid else [list(range(count))]
    resolution = surface3d.RESOLUTION if options.view == "3d" else style.GRID_RESOLUTION
    from landscapes.engine.trajectories import grid_values
    from landscapes.network.run import NetworkTrajectories

    network = trajectories if isinstance(trajectories, NetworkTrajectories) else None
    xs, ys, z = network.grid if network else grid_values(scene.surface, scene.xlim, scene.ylim, resolution)
    if options.view == "3d":
        # On a network's plane the paths sit at the loss of their projections; their true loss is off it.
        heights = network.plane_losses if network else trajectories.losses
        shown = surface3d.lifted_paths(
            trajectories.positions, heights, scene.xlim, scene.ylim, surface3d.lift_for(z)
        )
    else:
        shown = trajectories.positions

    movers: list[Mover] = []
    factors = overlays.overlay_factors(trajectories, options)
    for rect, group in zip(plan.panels, groups, strict=True):
        ax = surface_panel(figure, rect, trajectories, (xs, ys, z), theme, options.view)
        movers.append(
            PathArtists(
                ax, shown[group], [colors[i] for i in group], marker_edge=theme.marker_edge, tail=options.tail
            )
        )
        movers.extend(overlays.draw_overlays(ax, trajectories, group, colors, options, factors, theme))
        if grid:
            ax.set_title(
                trajectories.legends[group[0]], color=colors[group[0]], fontsize=PANEL_TITLE_SIZE,
                fontweight="bold", pad=4,
            )  # fmt: skip
            ax.set_xlabel("")
            ax.set_ylabel("")
        if options.rotate:
            movers.append(surface3d.TurningCamera(ax, frames))
    if plan.loss is not None:
        movers.append(loss_panel(figure, plan.loss, trajectories, colors, theme))
        if "lr" in options.show:
            movers.append(overlays.RateLines(figure.axes[-1], trajectories, colors, theme))
    if network:
        movers.extend(network_figure.annotate(figure, plan, network, colors, theme, options.view))
    counter = (grid_text if grid else overlay_text)(figure, trajectories, colors, theme, plan)
    movers.append(StepCounter(counter, scene.steps))
    return SceneFigure(figure, movers, blit=not options.rotate)


def surface_panel(
    figure: Figure,
    rect: Rect,
    trajectories: Trajectories,
    sampled: tuple[np.ndarray, np.ndarray, np.ndarray],
    theme: Theme,
    view: str,
) -> Axes:
    """One panel's still surface: contours, minima and starts in 2D, or the shaded 3D plot."""
    scene = trajectories.scene
    if view == "3d":
        ax = figure.add_axes(rect, projection="3d", computed_zorder=False)
        surface3d.draw_surface_3d(ax, scene.surface, *sampled, theme)
        return ax
    ax = figure.add_axes(rect)
    background.draw_contours(ax, scene.surface, *sampled, theme)
    background.draw_minima(ax, scene.surface, theme)
    background.draw_starts(ax, trajectories.positions[0, :, 0], theme)
    background.set_window(ax, scene.xlim, scene.ylim)
    background.apply_theme(ax, theme)
    return ax


def loss_panel(
    figure: Figure, rect: Rect, trajectories: Trajectories, colors: list[str], theme: Theme
) -> losses.LossArtists:
    """The loss-against-step axes, on the scale `losses.loss_scale` picks, and its growing lines."""
    surface = trajectories.surface
    known = [minimum.value for minimum in surface.minima]
    scale = losses.loss_scale(trajectories.losses, min(known) if known else None)
    ax = figure.add_axes(rect)
    losses.draw_loss_axes(ax, scale, trajectories.scene.steps, theme.text_color, theme.grid_color)
    background.apply_theme(ax, theme)
    return losses.LossArtists(ax, scale.values, colors, theme.marker_edge)


def overlay_text(
    figure: Figure, trajectories: Trajectories, colors: list[str], theme: Theme, plan: Plan
) -> Text:
    """Title, formula and legend in the column right of the surface; returns the step counter."""
    scene = trajectories.scene
    left = 0.6 if plan.loss is not None else 0.66
    title = figure.text(
        left, 0.95, scene.name, fontsize=TITLE_SIZE, fontweight="bold", va="top", color=theme.text_color
    )
    fit_width(title, figure)
    formula = "\n".join(textwrap.wrap(f"f = {scene.surface.formula}", 50))
    figure.text(
        left, 0.865, formula, fontsize=style.BASE_FONT_SIZE * 0.85, va="top", color=theme.muted_text_color
    )
    handles = [
        Line2D([], [], color=color, linewidth=style.PATH_LINE_WIDTH * 1.6, label=legend)
        for color, legend in zip(colors, trajectories.legends, strict=True)
    ]
    legend_at = (left - 0.008, 0.77) if plan.loss is not None else (left - 0.008, 0.5)
    legend = figure.legend(
        handles=handles, loc="upper left" if plan.loss is not None else "center left",
        bbox_to_anchor=legend_at, frameon=False, fontsize=LEGEND_SIZE, handlelength=1.4,
        labelcolor=theme.text_color, labelspacing=0.35,
    )  # fmt: skip
    fit_width(legend, figure)
    if plan.loss is not None:
        return figure.text(
            0.97, 0.5, "", fontsize=COUNTER_SIZE, color=theme.muted_text_color, family="monospace",
            ha="right", va="bottom",
        )  # fmt: skip
    return figure.text(left, 0.1, "", fontsize=COUNTER_SIZE, color=theme.muted_text_color, family="monospace")


def fit_width(artist: Text | Legend, figure: Figure, margin: float = 0.01, smallest: float = 0.55) -> None:
    """Shrink a title's or legend's text until it ends inside the figure (down to `smallest` of its size).

    Long scene names, labels and formulas would otherwise run off the right edge of the slide.
    """
    texts = artist.get_texts() if isinstance(artist, Legend) else [artist]
    renderer = figure.canvas.get_renderer()
    right = figure.bbox.width * (1 - margin)
    overflow = artist.get_window_extent(renderer).x1
    start = texts[0].get_fontsize()
    size = start
    while overflow > right and size > start * smallest:
        size *= 0.92
        for text in texts:
            text.set_fontsize(size)
        overflow = artist.get_window_extent(renderer).x1


def grid_text(
    figure: Figure, trajectories: Trajectories, colors: list[str], theme: Theme, plan: Plan
) -> Text:
    """The header above the panels: title and formula on the left, step counter on the right."""
    scene = trajectories.scene
    title = figure.text(
        0.015, 0.975, scene.name, fontsize=TITLE_SIZE, fontweight="bold", va="top", color=theme.text_color
    )
    title_box = title.get_window_extent(figure.canvas.get_renderer()).transformed(
        figure.transFigure.inverted()
    )
    figure.text(
        title_box.x1 + 0.02, title_box.y0, f"f = {scene.surface.formula}",
        fontsize=style.BASE_FONT_SIZE * 0.85, va="bottom", color=theme.muted_text_color,
    )  # fmt: skip
    return figure.text(
        0.985, 0.975, "", fontsize=COUNTER_SIZE, color=theme.muted_text_color, family="monospace",
        ha="right", va="top",
    )  # fmt: skip


def step_label(points: int, steps: int) -> str:
    """The counter's text for a frame that shows `points` points of paths of `steps` steps."""
    return f"step {points - 1:>{len(str(steps))}d} / {steps}"
