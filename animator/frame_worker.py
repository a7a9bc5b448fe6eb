"""A frame worker process: it unpickles a drawn figure and draws the frames it is sent into shared memory.

Started by `animator.parallel` as `python -m animator.frame_worker CONTROL_FD MEMORY_FD`. It imports
matplotlib and the animator's drawing modules only (never JAX), builds its own canvas, and draws
whatever the figure's movers draw for a frame, so its pixels are the render process's own.

Messages on the control connection, parent → worker: the job (`Job`), then `(frame, points, slot)`
per frame, `None` to finish. Worker → parent: `("ready",)`, `("drawn", frame, slot)` per frame, or
`("failed", line)`. The worker exits when the parent closes the connection or dies.
"""

from __future__ import annotations

import contextlib
import mmap
import sys
import traceback
from multiprocessing.connection import Connection
from typing import NamedTuple


class Job(NamedTuple):
    """What a worker needs: the parent's import path, where the pickled figure and its own slots are."""

    path: list[str]
    figure: tuple[int, int]  # (offset, length) in the shared memory
    frame_bytes: int
    offset: int
    slots: int


def serve(control: Connection, memory_fd: int) -> None:
    """Draw frames as asked until told to stop; report the first failure in one line."""
    job: Job = control.recv()
    sys.path[:] = job.path
    try:
        memory = mmap.mmap(memory_fd, 0)
        scene_figure = unpickled_figure(memory[job.figure[0] : job.figure[0] + job.figure[1]])
        starts = [job.offset + slot * job.frame_bytes for slot in range(job.slots)]
        slots = [memoryview(memory)[start : start + job.frame_bytes] for start in starts]
        scene_figure.begin_animation()
    except Exception as error:
        control.send(("failed", failure_line(error)))
        return
    control.send(("ready",))
    while (order := control.recv()) is not None:
        frame, points, slot = order
        try:
            slots[slot][:] = memoryview(scene_figure.frame(frame, points)).cast("B")
        except Exception as error:
            control.send(("failed", failure_line(error)))
            return
        control.send(("drawn", frame, slot))


def unpickled_figure(data: bytes):
    """The pickled `SceneFigure`, on a fresh Agg canvas of its own."""
    import pickle

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    scene_figure = pickle.loads(data)
    FigureCanvasAgg(scene_figure.figure)
    return scene_figure


def failure_line(error: BaseException) -> str:
    """One line naming what failed and where, for the render's own error message."""
    where = traceback.extract_tb(error.__traceback__)
    place = f" (at {where[-1].filename}:{where[-1].lineno})" if where else ""
    return f"{type(error).__name__}: {error}{place}"


def main(arguments: list[str]) -> None:
    control_fd, memory_fd = (int(argument) for argument in arguments)
    control = Connection(control_fd)
    # The render stopped or ended when the connection breaks: nothing is left to do.
    with contextlib.suppress(EOFError, BrokenPipeError, ConnectionResetError):
        serve(control, memory_fd)


if __name__ == "__main__":
    main(sys.argv[1:])
