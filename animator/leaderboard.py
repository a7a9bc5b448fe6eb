"""The leaderboard as a heatmap: rows optimizers, columns surfaces, cells coloured by success rate with
the median steps written in."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from animator import style
from animator.figure import figure_for
from landscapes.engine.compare import Leaderboard
from landscapes.files import atomic_output

CELL_INCHES = 0.62  # a cell's side at the figure's dpi: room for "100%" over "· 500"
DPI = 110


def draw_leaderboard(board: Leaderboard) -> Figure:
    """The heatmap figure, sized to its cells so every label stays readable at any table size."""
    rows, columns = len(board.optimizers), len(board.surfaces)
    label_width = 0.11 * max(len(name) for name in board.optimizers) + 0.3
    label_height = 0.065 * max(len(name) for name in board.surfaces) + 0.25
    width = label_width + columns * CELL_INCHES + 1.2
    height = label_height + rows * CELL_INCHES + 0.9
    figure = figure_for((round(width * DPI), round(height * DPI)), DPI, style.LIGHT)
    ax = figure.add_axes(
        (label_width / width, 0.5 / height, columns * CELL_INCHES / width, rows * CELL_INCHES / height)
    )
    rates = np.array([[board.result(o, s).success_rate for s in board.surfaces] for o in board.optimizers])
    image = ax.imshow(rates, cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto")
    for row, optimizer in enumerate(board.optimizers):
        for column, surface in enumerate(board.surfaces):
            result = board.result(optimizer, surface)
            text = f"{result.success_rate:.0%}"
            if not math.isnan(result.median_steps):
                text += f"\n{result.median_steps:.0f}"
            ax.text(
                column,
                row,
                text,
                ha="center",
                va="center",
                fontsize=7,
                color="black" if result.success_rate > 0.6 else "white",
            )
    ax.set_xticks(range(columns), board.surfaces, rotation=60, ha="left", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(rows), board.optimizers, fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    bar = figure.colorbar(
        image,
        cax=figure.add_axes((1 - 0.85 / width, 0.5 / height, 0.12 / width, rows * CELL_INCHES / height)),
    )
    bar.set_label("success rate (cells: rate, median steps)", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    tuned = f"; tuned: {board.tuned}" if board.tuned else "; default hyperparameters"
    note = f"{board.starts} random starts per surface, {board.steps} steps{tuned}"
    figure.text(0.01, 0.1 / height, note, fontsize=7, color=style.LIGHT.muted_text_color)
    return figure


def write_leaderboard(board: Leaderboard, output: Path) -> Path:
    """Draw the heatmap and write it to `output` (PNG), whole or not at all."""
    figure = draw_leaderboard(board)
    with atomic_output(output) as temp:
        figure.savefig(temp, format="png", dpi=figure.dpi, facecolor=figure.get_facecolor())
    return output
