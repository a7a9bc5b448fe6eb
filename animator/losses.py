"""The loss panel: loss against step for every path, on a scale that shows how fast each one falls."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter
from matplotlib.transforms import Bbox

from animator import style
from animator.style import Sizes

ORDERS_FOR_LOG = 2.0


@dataclass(frozen=True)
class LossScale:
    """What the loss panel plots: `values` (same shape as the losses), on a log axis or not, and its label."""

    values: np.ndarray
    log: bool
    label: str
    symlog: float | None = None  # a symmetric log axis, linear within ± this threshold


def spans_orders(values: np.ndarray, orders: float = ORDERS_FOR_LOG) -> bool:
    """True if the finite values are all positive and their largest is 10**orders times the smallest."""
    finite = values[np.isfinite(values)]
    return finite.size > 0 and finite.min() > 0 and np.log10(finite.max() / finite.min()) >= orders


def up_to_divergence(losses: np.ndarray, diverged: np.ndarray) -> np.ndarray:
    """`losses` (…, steps) with every step from where its path diverged on (`diverged`, -1: never)
    set to NaN: a path that ran away is drawn, and scaled, only up to where it left."""
    steps = np.arange(losses.shape[-1])
    cut = np.where(diverged < 0, losses.shape[-1], diverged)[..., None]
    return np.where(steps < cut, losses, np.nan)


def loss_scale(losses: np.ndarray, minimum: float | None) -> LossScale:
    """Plain losses on a log axis when they are positive and span orders of magnitude; else, when the
    surface's minimum value is known, the gap above it on a log axis; else, for losses that go
    negative over orders of magnitude, a symmetric log axis; else plain losses, linear.

    The gap is floored at 1e-12 of its largest value, so paths that reach the minimum exactly (or
    a hair below its recorded value) stay on the axis.
    """
    finite = losses[np.isfinite(losses)]
    if finite.size and finite.min() < 0 and (minimum is None or minimum < 0):
        magnitudes = np.abs(finite[finite != 0])
        if magnitudes.size and np.log10(magnitudes.max() / np.percentile(magnitudes, 10)) >= ORDERS_FOR_LOG:
            threshold = 10.0 ** np.floor(np.log10(np.percentile(magnitudes, 10)))
            return LossScale(losses, False, "loss", symlog=float(threshold))
    if spans_orders(losses):
        return LossScale(losses, True, "loss")
    if minimum is not None:
        gap = losses - minimum
        finite = gap[np.isfinite(gap)]
        if finite.size and finite.max() > 0:
            floored = np.where(np.isfinite(gap), np.maximum(gap, finite.max() * 1e-12), gap)
            if spans_orders(floored):
                return LossScale(floored, True, f"loss − {minimum:.4g}")
    return LossScale(losses, False, "loss")


def value_limits(values: np.ndarray, log: bool) -> tuple[float, float]:
    """Axis limits that hold every finite value with a little room, multiplicative on a log axis."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return (0.0, 1.0)
    low, high = float(finite.min()), float(finite.max())
    if log:
        return low / 2, high * 2
    pad = (high - low) * 0.05 or max(abs(high) * 0.05, 1e-3)
    return low - pad, high + pad


def draw_loss_axes(
    ax: Axes, scale: LossScale, steps: int, text_color: str, grid_color: str, sizes: Sizes | None = None
) -> None:
    """The static part of the loss panel: scale, limits, labels and a light grid."""
    fontsize = sizes.text("axis_label") if sizes else style.BASE_FONT_SIZE
    if scale.log:
        ax.set_yscale("log")
    elif scale.symlog:
        ax.set_yscale("symlog", linthresh=scale.symlog)
    if scale.log or scale.symlog:
        ax.yaxis.set_major_formatter(FuncFormatter(power_label))
        ax.yaxis.set_minor_formatter(NullFormatter())
    # A little room at both ends, so the first and last dots lie wholly inside the axes.
    ax.set_xlim(-0.03 * steps, steps * 1.03)
    low, high = value_limits(scale.values, scale.log)
    if scale.symlog:
        low, high = low - abs(low) * 0.3, high + abs(high) * 0.3
    ax.set_ylim(low, high)
    ax.set_xlabel("step", color=text_color, fontsize=fontsize)
    ax.set_ylabel(scale.label, color=text_color, fontsize=fontsize)
    ax.grid(True, color=grid_color, linewidth=0.6)


LABELLED = (6.0, 4.0)  # the least width and height, in tick label heights, of axes with tick labels


def space_ticks(ax: Axes, box: Bbox, tick_px: float) -> None:
    """Ticks at least two and a half label heights apart on the y axis, and five label widths on x;
    none on a panel too small to hold them apart (less than `LABELLED`)."""
    if box.width < LABELLED[0] * tick_px or box.height < LABELLED[1] * tick_px:
        ax.tick_params(labelleft=False, labelbottom=False)
        ax.set_xlabel("")
        ax.set_ylabel("")
        return
    rows = max(2, int(box.height / (2.5 * tick_px)))
    if ax.get_yscale() == "symlog":
        pass  # its own locator puts one tick per decade each side of zero
    elif ax.get_yscale() == "log":
        ax.yaxis.set_major_locator(LogLocator(numticks=rows))
        ax.yaxis.set_minor_formatter(NullFormatter())
    else:
        ax.yaxis.set_major_locator(MaxNLocator(rows - 1))
    ax.xaxis.set_major_locator(MaxNLocator(max(1, int(box.width / (5 * tick_px))), integer=True))


SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def power_label(value: float, position: int | None = None) -> str:
    """A log axis' tick: plain from 0.001 to 10000 ("0.01", "100"), else a power of ten ("10⁻⁶"), in
    plain text (no mathtext: quicker to lay out, and the same font as every other label)."""
    if value == 0:
        return "0"
    sign = "−" if value < 0 else ""
    magnitude = abs(value)
    exponent = round(np.log10(magnitude))
    if not np.isclose(magnitude, 10.0**exponent, rtol=1e-6):
        return f"{sign}{magnitude:.3g}"
    if -3 <= exponent <= 4:
        return sign + np.format_float_positional(10.0**exponent, trim="-")
    return f"{sign}10{str(exponent).translate(SUPERSCRIPTS)}"


class GrowingLines:
    """Lines of a value against step that grow with the paths: each line shows its values up to the
    frame's point. Subclasses draw the lines and add each with its values to `_lines`."""

    def __init__(self) -> None:
        self._lines: list[tuple[Artist, np.ndarray]] = []

    @property
    def artists(self) -> list[Artist]:
        return [line for line, _ in self._lines]

    def show(self, frame: int, points: int) -> None:
        for line, values in self._lines:
            line.set_data(np.arange(min(points, len(values))), values[:points])


class LossArtists:
    """One line and head dot per (optimizer, start) in the loss panel, growing with the paths."""

    def __init__(
        self,
        ax: Axes,
        values: np.ndarray,
        colors: list[str],
        marker_edge: str,
        *,
        styles: list | None = None,
        sizes: Sizes | None = None,
    ) -> None:
        self._steps = np.arange(values.shape[-1])
        self._lines: list[tuple[Artist, Artist, np.ndarray]] = []
        width = (sizes.mark("line") if sizes else style.PATH_LINE_WIDTH) * 0.8
        marker = (sizes.mark("head") if sizes else style.HEAD_MARKER_SIZE) * 0.6
        for color, line_style, per_start in zip(
            colors, styles or ["solid"] * len(colors), values, strict=True
        ):
            for series in per_start:
                (line,) = ax.plot([], [], color=color, linewidth=width, linestyle=line_style, zorder=5)
                (head,) = ax.plot(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    color=color,
                    markersize=marker,
                    markeredgecolor=marker_edge,
                    markeredgewidth=0.8,
                    zorder=6,
                )
                self._lines.append((line, head, series))

    @property
    def artists(self) -> list[Artist]:
        return [artist for line, head, _ in self._lines for artist in (line, head)]

    def show(self, frame: int, points: int) -> None:
        for line, head, series in self._lines:
            line.set_data(self._steps[:points], series[:points])
            head.set_data(self._steps[points - 1 : points], series[points - 1 : points])
