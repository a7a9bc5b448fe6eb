"""The 16:9 figure: the surface on the left, title, formula, legend and step counter on the right."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from animator import background, style
from animator.paths import PathArtists
from landscapes.engine import Trajectories, grid_values


@dataclass
class SceneFigure:
    """A drawn scene: the figure with its static background, and the artists that move."""

    figure: Figure
    canvas: FigureCanvasAgg
    paths: PathArtists
    counter: Text


def figure_for(size: tuple[int, int]) -> Figure:
    """A figure of exactly `size` pixels; its layout scales with the width, so fonts keep proportion."""
    width, height = size
    dpi = width / style.FIGURE_WIDTH_INCHES
    figure = Figure(figsize=(style.FIGURE_WIDTH_INCHES, height / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def draw_scene(trajectories: Trajectories, size: tuple[int, int]) -> SceneFigure:
    """Draw everything that stays still, and create the path artists that each frame updates."""
    scene = trajectories.scene
    figure = figure_for(size)
    ax = figure.add_axes((0.06, 0.08, 0.56, 0.86))
    xs, ys, z = grid_values(scene.surface, scene.xlim, scene.ylim, style.GRID_RESOLUTION)
    background.draw_contours(ax, scene.surface, xs, ys, z)
    background.draw_minima(ax, scene.surface)
    background.draw_starts(ax, trajectories.positions[0, :, 0])
    background.set_window(ax, scene.xlim, scene.ylim)
    ax.tick_params(labelsize=style.BASE_FONT_SIZE * 0.8)

    figure.text(0.66, 0.92, scene.name, fontsize=style.BASE_FONT_SIZE * 1.8, fontweight="bold", va="top")
    formula = "\n".join(textwrap.wrap(f"f = {scene.surface.formula}", 46))
    figure.text(0.66, 0.84, formula, fontsize=style.BASE_FONT_SIZE * 0.8, va="top", color="#333333")
    colors = [chosen or style.color_for(i) for i, chosen in enumerate(trajectories.colors)]
    handles = [
        Line2D([], [], color=color, linewidth=style.PATH_LINE_WIDTH * 1.5, label=legend)
        for color, legend in zip(colors, trajectories.legends, strict=True)
    ]
    figure.legend(
        handles=handles, loc="center left", bbox_to_anchor=(0.655, 0.45), frameon=False,
        fontsize=style.BASE_FONT_SIZE * 1.1, handlelength=1.6,
    )  # fmt: skip
    counter = figure.text(
        0.66, 0.1, "", fontsize=style.BASE_FONT_SIZE, color="#333333", animated=True, family="monospace"
    )
    paths = PathArtists(ax, trajectories.positions, colors)
    return SceneFigure(figure, figure.canvas, paths, counter)


def step_label(points: int, steps: int) -> str:
    """The counter's text for a frame that shows `points` points of paths of `steps` steps."""
    return f"step {points - 1:>{len(str(steps))}d} / {steps}"


def frame_pixels(scene_figure: SceneFigure) -> np.ndarray:
    """The canvas as an (height, width, 4) RGBA array, without copying."""
    return np.asarray(scene_figure.canvas.buffer_rgba())
