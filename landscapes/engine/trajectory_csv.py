"""The trajectories CSV: one row per point, the format `landscapes trajectories` writes."""

from __future__ import annotations

import csv
from typing import TextIO

from landscapes.engine.internals import RECORDED
from landscapes.engine.trajectories import Trajectories
from landscapes.scenes.model import surface_title

TRAJECTORY_HEADER = ("label", "start", "step", "x", "y", "loss")
INTERNALS_HEADER = tuple(f"{name}_{axis}" for name in RECORDED for axis in "xy")


def write_trajectories(trajectories: Trajectories, stream: TextIO) -> None:
    """One row per point, start included as step 0, floats written to round-trip exactly.

    Trajectories computed with `internals` add the columns of `INTERNALS_HEADER` (row i: the step
    taken from point i, see `landscapes.engine.internals`), empty where an optimizer has no such part.
    Trajectories of several surfaces add a first column, `surface` (its name, or an expression's text),
    and list each surface's rows in turn.
    """
    writer = csv.writer(stream, lineterminator="\n")
    records = trajectories.internals
    several = ("surface",) if trajectories.panels else ()
    writer.writerow(several + TRAJECTORY_HEADER + (INTERNALS_HEADER if records else ()))
    for part in trajectories.per_surface():
        _write_rows(writer, part, (surface_title(part.surface),) if several else ())


def _write_rows(writer, trajectories: Trajectories, first: tuple[str, ...]) -> None:
    """The rows of one surface's paths, each after the cells `first`."""
    records = trajectories.internals
    rows = zip(trajectories.labels, trajectories.positions, trajectories.losses, strict=True)
    for index, (label, per_start, losses) in enumerate(rows):
        for start, (path, loss) in enumerate(zip(per_start, losses, strict=True)):
            extra = _internal_cells(records[index], start, len(path)) if records else [()] * len(path)
            for step, ((x, y), value) in enumerate(zip(path.tolist(), loss.tolist(), strict=True)):
                writer.writerow((*first, label, start, step, repr(x), repr(y), repr(value), *extra[step]))


def _internal_cells(record: dict, start: int, points: int) -> list[tuple[str, ...]]:
    """The internals columns of each row of one path: exact floats, or empty cells for absent parts."""
    columns = [
        [tuple(map(repr, pair)) for pair in record[name][start].tolist()]
        if name in record
        else [("", "")] * points
        for name in RECORDED
    ]
    return [sum(cells, ()) for cells in zip(*columns, strict=True)]
