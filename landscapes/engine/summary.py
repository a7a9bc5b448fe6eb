"""How each optimizer did, in one row: final loss, gap to the nearest known minimum, steps to get
within 1e-3 of it, and whether it ran away. Shown after a render on a terminal, and written as CSV
by `landscapes trajectories --summary`.

With several starts, each number is the median over them, and `diverged` counts the starts whose
paths left the view for good or stopped being finite (`landscapes.engine.divergence`).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, replace
from typing import TextIO

import numpy as np

from landscapes.engine.divergence import NEVER, escape
from landscapes.engine.trajectories import Trajectories
from landscapes.scenes.model import surface_title

TOLERANCE = 1e-3
SUMMARY_HEADER = ("label", "final_loss", "gap", "steps_to_1e-3", "diverged", "starts")


@dataclass(frozen=True)
class Summary:
    """One optimizer's results; `gap` and `steps` are None without a known minimum (or, for `steps`,
    when no start got within `TOLERANCE`)."""

    label: str
    final_loss: float
    gap: float | None
    steps: int | None
    diverged: int
    starts: int
    surface: str | None = None  # with several surfaces, the one these runs were on

    def cells(self) -> tuple[str, ...]:
        return (
            *(() if self.surface is None else (self.surface,)),
            self.label,
            repr(self.final_loss),
            "" if self.gap is None else repr(self.gap),
            "" if self.steps is None else str(self.steps),
            str(self.diverged),
            str(self.starts),
        )


def summaries(trajectories: Trajectories) -> list[Summary]:
    """A `Summary` for each optimizer of `trajectories` (for each surface in turn, when there are several)."""
    if trajectories.panels:
        return [
            replace(row, surface=surface_title(part.surface))
            for part in trajectories.panels
            for row in summaries(part)
        ]
    scene = trajectories.scene
    minima = scene.surface.minima
    rows = []
    for label, per_start, losses in zip(
        trajectories.labels, trajectories.positions, trajectories.losses, strict=True
    ):
        gaps, steps = [], []
        for path, loss in zip(per_start, losses, strict=True):
            if not minima:
                continue
            nearest = min(minima, key=lambda m: _distance(path[-1], (m.x, m.y)))
            above = loss - nearest.value
            gaps.append(float(above[-1]))
            within = np.flatnonzero(np.isfinite(above) & (above <= TOLERANCE))
            if within.size:
                steps.append(int(within[0]))
        diverged = sum(escape(path, scene.xlim, scene.ylim) != (NEVER, NEVER) for path in per_start)
        rows.append(
            Summary(
                label=label,
                final_loss=_median(losses[:, -1]),
                gap=_median(gaps) if gaps else None,
                steps=int(np.median(steps)) if len(steps) * 2 > len(per_start) else None,
                diverged=int(diverged),
                starts=len(per_start),
            )
        )
    return rows


def _distance(point: np.ndarray, minimum: tuple[float, float]) -> float:
    distance = math.hypot(point[0] - minimum[0], point[1] - minimum[1])
    return distance if math.isfinite(distance) else math.inf


def _median(values) -> float:
    """The median, counting NaN as larger than any number (a run that blew up is the worst)."""
    values = np.asarray(values, dtype=float)
    return float(np.median(np.where(np.isnan(values), np.inf, values))) if values.size else math.nan


def write_summary(rows: list[Summary], stream: TextIO) -> None:
    """The summary as CSV: `SUMMARY_HEADER`, then one row per optimizer, floats written exactly; with
    several surfaces, a first column `surface`."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow((("surface",) if rows and rows[0].surface else ()) + SUMMARY_HEADER)
    writer.writerows(row.cells() for row in rows)


def summary_table(rows: list[Summary]) -> str:
    """The summary as aligned text for a terminal: numbers to four significant digits."""
    several = bool(rows and rows[0].surface)
    header = ("", "final loss", "gap to minimum", f"steps to {TOLERANCE:g}", "diverged")
    header = ("surface", *header) if several else header
    lines = [header]
    for row in rows:
        diverged = (
            "no" if row.diverged == 0 else "yes" if row.starts == 1 else f"{row.diverged} of {row.starts}"
        )
        lines.append(
            (
                *((row.surface,) if several else ()),
                row.label,
                f"{row.final_loss:.4g}",
                "—" if row.gap is None else f"{row.gap:.3g}",
                "—" if row.steps is None else str(row.steps),
                diverged,
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if column <= several else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )
