"""Pictures of the update-response study: one method's sweep over one signal, and a per-signal overview."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from animator import style
from landscapes.files import atomic_output
from landscapes.study.responses import Sweep

GRADIENT_COLOR = "#8c8c8c"
SWEEP_SIZE = (1280, 720)
OVERVIEW_SIZE = (1920, 1080)
DPI = 100
OVERVIEW_COLUMNS = 3
SYMLOG_LINEAR_RANGE = 1.0
# Titles sit on the top edge of their axes, where matplotlib would put them anyway (nothing is drawn
# above): given explicitly, it skips measuring every axes' extent to place them, about 25 ms a panel.
TITLE_Y = 1.0


def new_figure(size: tuple[int, int]) -> Figure:
    """A white figure of exactly `size` pixels on an Agg canvas."""
    width, height = size
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def draw_sweep(ax: Axes, sweep: Sweep, *, font_size: float = style.BASE_FONT_SIZE) -> None:
    """The signal in grey and one coloured curve per swept value, over the steps, with the zero line."""
    steps = range(len(sweep.gradient))
    ax.axhline(0.0, color="black", linewidth=1.0, zorder=1)
    ax.plot(steps, sweep.gradient, color=GRADIENT_COLOR, linewidth=3.0, label="gradient", zorder=2)
    for index, (label, updates) in enumerate(zip(sweep.labels, sweep.updates, strict=True)):
        ax.plot(steps, updates, color=style.color_for(index), linewidth=2.0, label=label, zorder=3)
    margin = 0.01 * len(sweep.gradient)
    ax.set_xlim(-margin, len(sweep.gradient) - 1 + margin)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=font_size * 0.85)


def draw_against(ax: Axes, sweep: Sweep, *, font_size: float = style.BASE_FONT_SIZE) -> None:
    """Each swept value's update against the gradient it answered, step after step: a straight line
    through the origin is a fixed step size, a loop is memory (momentum), a bend is adaptation."""
    ax.axhline(0.0, color="black", linewidth=1.0, zorder=1)
    ax.axvline(0.0, color="black", linewidth=1.0, zorder=1)
    for index, updates in enumerate(sweep.updates):
        ax.plot(
            sweep.gradient,
            updates,
            color=style.color_for(index),
            linewidth=1.2,
            marker="o",
            markersize=2.5,
            alpha=0.85,
            zorder=3,
        )
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=font_size * 0.85)
    ax.set_xlabel("gradient", fontsize=font_size)
    ax.set_ylabel("update", fontsize=font_size)
    ax.set_title("update against gradient", fontsize=font_size, y=TITLE_Y)


def sweep_figure(sweep: Sweep, size: tuple[int, int] = SWEEP_SIZE, against: bool = False) -> Figure:
    """One (method, signal) picture, titled '<method> — <signal>'; with `against`, a second panel of
    the update against the gradient."""
    figure = new_figure(size)
    font_size = style.BASE_FONT_SIZE * 1.25
    ax = figure.add_axes((0.075, 0.11, 0.45 if against else 0.72, 0.8))
    draw_sweep(ax, sweep, font_size=font_size)
    if against:
        draw_against(figure.add_axes((0.6, 0.11, 0.2, 0.8)), sweep, font_size=font_size)
    legend_at = (0.81 if against else 0.805, 0.91)
    ax.legend(
        fontsize=font_size,
        loc="upper left",
        bbox_to_anchor=legend_at,
        bbox_transform=figure.transFigure,
        frameon=False,
    )
    ax.set_title(
        f"{sweep.method.name} — {sweep.signal}", fontsize=font_size * 1.4, fontweight="bold", y=TITLE_Y
    )
    ax.set_xlabel("step", fontsize=font_size)
    ax.set_ylabel("value", fontsize=font_size)
    return figure


def overview_figure(sweeps: Sequence[Sweep], size: tuple[int, int] = OVERVIEW_SIZE) -> Figure:
    """All methods' sweeps of one signal in a grid with shared axes, one slide's worth.

    The updates span 0.25 (adamax) to about 200 (adadelta_big_start), so a linear shared scale
    would flatten most panels; the value axis is linear within ±1, where the signals live, and
    logarithmic beyond.
    """
    figure = new_figure(size)
    columns = min(OVERVIEW_COLUMNS, len(sweeps))
    rows = math.ceil(len(sweeps) / columns)
    axes = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    font_size = style.BASE_FONT_SIZE
    for ax, sweep in zip(axes.flat, sweeps, strict=False):
        draw_sweep(ax, sweep, font_size=font_size * 0.85)
        ax.set_title(
            f"{sweep.method.name} ({sweep.method.symbol})",
            fontsize=font_size * 1.1,
            fontweight="bold",
            y=TITLE_Y,
        )
    axes[0, 0].set_yscale("symlog", linthresh=SYMLOG_LINEAR_RANGE, linscale=1.5)
    axes[0, 0].yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    low = min(min(sweep.gradient.min(), sweep.updates.min()) for sweep in sweeps)
    high = max(max(sweep.gradient.max(), sweep.updates.max()) for sweep in sweeps)
    axes[0, 0].set_ylim(padded_limits(axes[0, 0], low, high))
    for ax in axes.flat[len(sweeps) :]:
        ax.set_visible(False)
    for index in range(max(0, len(sweeps) - columns), len(sweeps)):
        bottom = axes.flat[index]
        bottom.xaxis.set_tick_params(labelbottom=True)
        bottom.set_xlabel("step", fontsize=font_size)
    for ax in axes[:, 0]:
        ax.set_ylabel("value", fontsize=font_size)
    figure.suptitle(
        f"update responses — {sweeps[0].signal}", y=0.985, fontsize=font_size * 1.7, fontweight="bold"
    )
    handles, _ = axes[0, 0].get_legend_handles_labels()
    figure.legend(
        handles,
        ["gradient", *shared_labels(sweeps)],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.945),
        ncols=len(handles),
        frameon=False,
        fontsize=font_size * 1.15,
        handlelength=2.5,
    )
    figure.text(
        0.985,
        0.012,
        f"shared axes; value linear within ±{SYMLOG_LINEAR_RANGE:g}, logarithmic beyond",
        fontsize=font_size * 0.85,
        color="#555555",
        ha="right",
    )
    figure.subplots_adjust(left=0.05, right=0.985, bottom=0.07, top=0.87, hspace=0.25, wspace=0.08)
    return figure


def padded_limits(ax: Axes, low: float, high: float, fraction: float = 0.05) -> tuple[float, float]:
    """`low`…`high` widened by `fraction` of the span as drawn (on the axis' own, maybe nonlinear, scale)."""
    transform = ax.yaxis.get_transform()
    bottom, top = transform.transform([min(low, 0.0), max(high, 0.0)])
    pad = (top - bottom) * fraction
    padded = transform.inverted().transform([bottom - pad, top + pad])
    return float(padded[0]), float(padded[1])


def shared_labels(sweeps: Sequence[Sweep]) -> list[str]:
    """One legend text per curve colour for a sheet of several methods, e.g. 'γ, β1 = 0.25; eps = 1e-07'."""
    count = max(len(sweep.method.values) for sweep in sweeps)
    labels = []
    for index in range(count):
        symbols_by_value: dict[float, list[str]] = {}
        for sweep in sweeps:
            if index < len(sweep.method.values):
                symbols = symbols_by_value.setdefault(sweep.method.values[index], [])
                if sweep.method.symbol not in symbols:
                    symbols.append(sweep.method.symbol)
        labels.append(
            "; ".join(f"{', '.join(symbols)} = {value:g}" for value, symbols in symbols_by_value.items())
        )
    return labels


def save_png(figure: Figure, path: Path) -> None:
    """Write `figure` as a PNG of its exact pixel size, whole or not at all."""
    with atomic_output(path) as temp:
        figure.savefig(temp, format="png", dpi=DPI)


def write_pictures(sweeps: Sequence[Sweep], folder: Path, against: bool = False) -> None:
    """`<method>-<signal>.png` for every sweep (with `against`, each with its update-against-gradient
    panel) and `overview-<signal>.png` for every signal."""
    for sweep in sweeps:
        save_png(sweep_figure(sweep, against=against), folder / f"{sweep.method.name}-{sweep.signal}.png")
    by_signal: dict[str, list[Sweep]] = {}
    for sweep in sweeps:
        by_signal.setdefault(sweep.signal, []).append(sweep)
    for signal, group in by_signal.items():
        save_png(overview_figure(group), folder / f"overview-{signal}.png")
