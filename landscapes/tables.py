"""Plain-text tables: the trajectories CSV and the listings of `landscapes list`."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from landscapes.engine import Trajectories

TRAJECTORY_HEADER = ("label", "start", "step", "x", "y", "loss")


def write_trajectories(trajectories: Trajectories, stream: TextIO) -> None:
    """One row per point, start included as step 0, floats written to round-trip exactly."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(TRAJECTORY_HEADER)
    rows = zip(trajectories.labels, trajectories.positions, trajectories.losses, strict=True)
    for label, per_start, losses in rows:
        for start, (path, loss) in enumerate(zip(per_start, losses, strict=True)):
            for step, ((x, y), value) in enumerate(zip(path.tolist(), loss.tolist(), strict=True)):
                writer.writerow((label, start, step, repr(x), repr(y), repr(value)))


def aligned(rows: Iterable[tuple[str, ...]]) -> str:
    """Rows of text cells with every column but the last padded to a common width."""
    rows = list(rows)
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]])
        for row in rows
    )
