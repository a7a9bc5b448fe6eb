"""The legend: for each optimizer a short line in its colour and style, its label, and its current loss,
laid out in as many columns and at as large a size as the space allows, never below the minimum.

Labels and values are figure texts placed in pixels, so the layout can measure them before it
decides where the panels go; the values change every frame and are drawn as moving artists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

ROW = 1.45  # row height, in ems
HANDLE = 1.9  # the line's length, in ems
HANDLE_GAP = 0.5
VALUE_GAP = 0.8
COLUMN_GAP = 1.3
SHRINK = 0.92
WIDEST_VALUE = "−8.88e+88"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Entry:
    """One legend row: label, path colour and line style."""

    label: str
    color: str
    style: str | tuple = "solid"


@dataclass(frozen=True)
class Fit:
    """How a legend is set: font size (px), columns, whether values show, and the longest label (px)."""

    px: float
    columns: int
    values: bool
    label_limit: float | None
    width: float
    height: float
    truncated: bool = False


def loss_text(value: float) -> str:
    """A loss as the legend shows it: four significant digits, plain up to 10⁵ and down to 10⁻³."""
    if not math.isfinite(value):
        return "diverged"
    if value != 0 and not 1e-3 <= abs(value) < 1e5:
        return f"{value:.3e}".replace("-", "−")
    return f"{value:.4g}".replace("-", "−")


class LegendBlock:
    """The legend's texts and handles, measured once at a reference size and scaled to a `Fit`."""

    def __init__(
        self, figure: Figure, entries: list[Entry], *, text_color: str, line_width: float, values: bool
    ) -> None:
        self.figure = figure
        self.entries = entries
        self.has_values = values
        self._labels = [figure.text(0, 0, entry.label, color=text_color, va="center") for entry in entries]
        self._values = (
            [
                figure.text(0, 0, "", color=text_color, va="center", ha="right", family="monospace")
                for _ in entries
            ]
            if values
            else []
        )
        self._handles = [
            Line2D(
                [0, 0],
                [0, 0],
                color=entry.color,
                linestyle=entry.style,
                linewidth=line_width,
                transform=figure.transFigure,
                solid_capstyle="butt",
            )
            for entry in entries
        ]
        for handle in self._handles:
            figure.add_artist(handle)
        self._label_widths: np.ndarray | None = None
        self._value_width = 0.0
        self.fit: Fit | None = None

    @property
    def value_texts(self) -> list[Text]:
        return self._values

    @property
    def texts(self) -> list[Text]:
        return self._labels + self._values

    def measure(self, renderer: RendererBase, reference_px: float) -> None:
        """Text widths at `reference_px` (they scale with the font size)."""
        points = reference_px * 72 / self.figure.dpi
        for text in self.texts:
            text.set_fontsize(points)
        self._label_widths = (
            np.array([t.get_window_extent(renderer).width for t in self._labels]) / reference_px
        )
        if self._values:
            probe = self._values[0]
            probe.set_text(WIDEST_VALUE)
            self._value_width = probe.get_window_extent(renderer).width / reference_px
            probe.set_text("")

    def size(self, px: float, columns: int, values: bool, label_limit: float | None) -> tuple[float, float]:
        """(width, height) in pixels at font size `px` in `columns` columns."""
        rows = math.ceil(len(self.entries) / columns)
        columns = math.ceil(len(self.entries) / rows)
        widths = self._label_widths * px
        if label_limit is not None:
            widths = np.minimum(widths, label_limit)
        extra = (HANDLE + HANDLE_GAP) * px + ((VALUE_GAP + self._value_width) * px if values else 0.0)
        column_widths = [widths[c * rows : (c + 1) * rows].max() + extra for c in range(columns)]
        return sum(column_widths) + COLUMN_GAP * px * (columns - 1), rows * ROW * px

    def fitting(self, width: float, height: float, preferred: float, smallest: float) -> Fit | None:
        """The largest setting that fits `width` × `height`: larger type first, then fewer columns; then
        without values; last, labels cut short with an ellipsis. None if even that does not fit."""
        sizes = [preferred]
        while sizes[-1] * SHRINK > smallest:
            sizes.append(sizes[-1] * SHRINK)
        if sizes[-1] > smallest:
            sizes.append(smallest)
        count = len(self.entries)
        for values in (True, False) if self.has_values else (False,):
            for px in sizes:
                for columns in column_counts(count):
                    w, h = self.size(px, columns, values, None)
                    if w <= width and h <= height:
                        return Fit(px, columns, values, None, w, h)
        # Last resort: at the smallest size, as many columns as the height needs, labels cut to fit.
        rows = min(count, max(1, int(height // (ROW * smallest))))
        columns = math.ceil(count / rows)
        extra = (HANDLE + HANDLE_GAP) * smallest
        limit = (width - COLUMN_GAP * smallest * (columns - 1)) / columns - extra
        if limit < 3 * smallest:
            return None
        w, h = self.size(smallest, columns, False, limit)
        return Fit(smallest, columns, False, limit, w, h, truncated=True)

    def place(self, fit: Fit, left: float, top: float, renderer: RendererBase) -> None:
        """Set the legend at `fit` with its top-left corner at (`left`, `top`) pixels from the bottom-left."""
        self.fit = fit
        width, height = self.figure.bbox.width, self.figure.bbox.height
        px = fit.px
        points = px * 72 / self.figure.dpi
        rows = math.ceil(len(self.entries) / fit.columns)
        label_widths = self._label_widths * px
        if fit.label_limit is not None:
            label_widths = np.minimum(label_widths, fit.label_limit)
        x = left
        for column in range(fit.columns):
            members = range(column * rows, min((column + 1) * rows, len(self.entries)))
            label_width = max(label_widths[i] for i in members)
            for row, index in enumerate(members):
                y = top - (row + 0.5) * ROW * px
                self._handles[index].set_data(
                    [x / width, (x + HANDLE * px) / width], [y / height, y / height]
                )
                label = self._labels[index]
                label.set_fontsize(points)
                label.set_position(((x + (HANDLE + HANDLE_GAP) * px) / width, y / height))
                if fit.label_limit is not None:
                    shorten(label, fit.label_limit, renderer)
                if fit.values:
                    value = self._values[index]
                    value.set_fontsize(points)
                    right = (
                        x + (HANDLE + HANDLE_GAP) * px + label_width + (VALUE_GAP + self._value_width) * px
                    )
                    value.set_position((right / width, y / height))
            x += (HANDLE + HANDLE_GAP) * px + label_width + COLUMN_GAP * px
            if fit.values:
                x += (VALUE_GAP + self._value_width) * px
        if not fit.values:
            for value in self._values:
                value.set_visible(False)

    def artists(self) -> list[Artist]:
        return [*self._handles, *self.texts]

    def entry_artists(self) -> list[list[Artist]]:
        """Each entry's artists (its line, label and value, if shown), in the entries' order."""
        entries = []
        for index, (handle, label) in enumerate(zip(self._handles, self._labels, strict=True)):
            shown_value = (
                self._values[index : index + 1] if self._values and self._values[0].get_visible() else []
            )
            entries.append([handle, label, *shown_value])
        return entries


def column_counts(count: int) -> list[int]:
    """The column counts that leave no column empty: each fills `ceil(count / columns)` rows."""
    return sorted({math.ceil(count / rows) for rows in range(1, count + 1)})


def shorten(text: Text, limit: float, renderer: RendererBase) -> None:
    """Cut a text's end, adding an ellipsis, until it is at most `limit` pixels wide."""
    full = text.get_text()
    while text.get_window_extent(renderer).width > limit and len(full) > 1:
        full = full[:-1]
        text.set_text(full.rstrip() + ELLIPSIS)


class LegendValues:
    """The legend's loss column, following the animation: each optimizer's current loss (the lowest
    over its starts), or "diverged" from the step its path left the view."""

    def __init__(self, texts: list[Text], losses: np.ndarray, diverged_at: np.ndarray) -> None:
        self._texts = texts
        self._losses = losses
        self._diverged_at = diverged_at

    @property
    def texts(self) -> list[Text]:
        """The value texts, in the optimizers' order."""
        return self._texts

    @property
    def diverged_at(self) -> np.ndarray:
        """(optimizers, starts): the step from which each path counts as diverged, or -1."""
        return self._diverged_at

    @property
    def artists(self) -> list[Artist]:
        return [text for text in self._texts if text.get_visible()]

    def show(self, frame: int, points: int) -> None:
        for text, per_start, diverged in zip(self._texts, self._losses, self._diverged_at, strict=True):
            step = points - 1
            alive = [loss[step] for loss, at in zip(per_start, diverged, strict=True) if at < 0 or step < at]
            text.set_text(loss_text(min(alive)) if alive else "diverged")
