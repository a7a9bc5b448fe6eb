"""The trajectories CSV: one row per point, the format `landscapes trajectories` writes."""

from __future__ import annotations

import csv
from typing import TextIO

from landscapes.engine.trajectories import Trajectories

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
