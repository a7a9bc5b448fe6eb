"""Frames drawn by several processes at once, handed to one encoder in order.

The render's own process draws, and so do `drawers - 1` frame workers (`animator.frame_worker`),
each on its own copy of the figure (pickled once, with its background already laid out). Workers
are started without `os.fork()` (JAX warns on fork), never import JAX, and put each drawn frame into
a shared-memory slot of their own; this process writes the frames to the encoder strictly in order,
drawing the next one itself whenever nobody else has it. Any frame is drawn the same by anyone, so
the output is the one-process output, byte for byte, and a GIF still gets one palette.
"""

from __future__ import annotations

import contextlib
import dataclasses
import mmap
import os
import pickle
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

import numpy as np

from animator.frame_worker import Job
from landscapes.errors import WorkError

SLOTS_PER_WORKER = 2
# Starting a worker costs about half a CPU-second (an interpreter, matplotlib, the figure): below
# this much estimated drawing, one process is quicker.
PAYS_AFTER_SECONDS = 3.0
MAX_SHARED_BYTES = 2**30


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def automatic_drawers(draw_seconds: float, encode_seconds: float, frames: int, cores: int) -> int:
    """How many processes should draw: the cores left after the encoder's share, once it pays.

    `draw_seconds` and `encode_seconds` are one frame's drawing time and the encoder's CPU time for
    it; workers start only when the drawing left to do is long enough to repay their start.
    """
    if cores < 2 or draw_seconds * frames < PAYS_AFTER_SECONDS:
        return 1
    share = draw_seconds / (draw_seconds + encode_seconds)
    return max(1, min(cores, round(cores * share)))


def draw_frames(
    scene_figure,
    schedule: Sequence[int],
    write: Callable[[memoryview | np.ndarray], None],
    *,
    drawers: int | None = None,
    encode_seconds: float = 0.0,
    on_frame: Callable[[int, int], None] | None = None,
) -> int:
    """Draw every frame of `schedule` (points shown per frame) and `write` each, in order.

    `drawers` is how many processes draw (1: this one only); `None` decides from the time the first
    frames take against `encode_seconds`, the encoder's time per frame. Returns the drawers used.
    """
    total = len(schedule)
    done = 0

    def emit(pixels: memoryview | np.ndarray) -> None:
        nonlocal done
        write(pixels)
        done += 1
        if on_frame is not None:
            on_frame(done, total)

    scene_figure.begin_animation()
    timed = min(2, total)
    draw_seconds = float("inf")
    for frame in range(timed):
        began = time.perf_counter()
        pixels = scene_figure.frame(frame, schedule[frame])
        draw_seconds = min(draw_seconds, time.perf_counter() - began)
        emit(pixels)
    if drawers is None:
        drawers = automatic_drawers(draw_seconds, encode_seconds, total - timed, available_cores())
    drawers = min(drawers, max(1, total - timed))
    if drawers == 1:
        for frame in range(timed, total):
            emit(scene_figure.frame(frame, schedule[frame]))
        return 1
    with WorkerPool(scene_figure, drawers - 1) as pool:
        Relay(scene_figure, schedule, pool, emit).run(timed)
    return drawers


@dataclasses.dataclass
class Worker:
    """One frame worker: its process, control connection, free slots and whether it is set up."""

    process: subprocess.Popen
    connection: Connection
    errors: object
    slots: list[np.ndarray]
    free: list[int] = dataclasses.field(default_factory=list)
    ready: bool = False
    drawn: int = 0

    def stopped(self) -> WorkError:
        """The error for a worker that is gone: its last line on standard error, or how it ended."""
        status = self.process.wait()
        self.errors.seek(0)
        lines = self.errors.read().decode(errors="replace").strip().splitlines()
        if lines:
            why = lines[-1]
        elif status < 0:
            why = f"killed by {signal.Signals(-status).name}"
        else:
            why = f"exited with status {status}"
        return WorkError(f"a frame worker stopped: {why}")


class WorkerPool:
    """Frame workers started for one render, with their shared memory; stopped on leaving the block.

    Leaving normally lets them finish; leaving by an exception (a failure, Ctrl-C) kills them at once.
    """

    def __init__(self, scene_figure, count: int) -> None:
        width, height = scene_figure.canvas.get_width_height()
        self.frame_bytes = width * height * 4
        region = -(-self.frame_bytes * SLOTS_PER_WORKER // mmap.PAGESIZE) * mmap.PAGESIZE
        count = max(1, min(count, MAX_SHARED_BYTES // region))
        # A copy without the kept background pixels (they cannot be pickled; each worker draws its own),
        # passed in the shared memory after the slots: a pipe would hold this process up until each
        # worker has started and read it.
        figure = pickle.dumps(dataclasses.replace(scene_figure), protocol=pickle.HIGHEST_PROTOCOL)
        self._memory, memory_fd = shared_memory(region * count + len(figure))
        figure_at = (region * count, len(figure))
        self._memory[region * count :] = figure
        pixels = np.frombuffer(self._memory, dtype=np.uint8)
        self.workers: list[Worker] = []
        try:
            for index in range(count):
                offset = index * region
                slots = [
                    pixels[offset + slot * self.frame_bytes : offset + (slot + 1) * self.frame_bytes]
                    for slot in range(SLOTS_PER_WORKER)
                ]
                worker = start_worker(memory_fd, slots)
                self.workers.append(worker)
                job = Job(list(sys.path), figure_at, self.frame_bytes, offset, SLOTS_PER_WORKER)
                worker.connection.send(job)
        except BaseException:
            self.kill()
            raise
        finally:
            os.close(memory_fd)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if error is None:
            self.finish()
        else:
            self.kill()

    def finish(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
        for worker in self.workers:
            worker.process.wait()
            self._close(worker)

    def kill(self) -> None:
        """Stop every worker now, leaving no process behind."""
        for worker in self.workers:
            worker.process.kill()
        for worker in self.workers:
            worker.process.wait()
            self._close(worker)

    @staticmethod
    def _close(worker: Worker) -> None:
        worker.connection.close()
        worker.errors.close()


def shared_memory(size: int) -> tuple[mmap.mmap, int]:
    """`size` bytes of memory that child processes can map through the returned file descriptor.

    An anonymous memory file where the system has one, else an unlinked temporary file: either way
    nothing is left on disk, whatever happens to the processes.
    """
    if hasattr(os, "memfd_create"):
        descriptor = os.memfd_create("landscapes-frames")
    else:
        with tempfile.TemporaryFile() as temporary:
            descriptor = os.dup(temporary.fileno())
    os.set_inheritable(descriptor, False)
    os.ftruncate(descriptor, size)
    return mmap.mmap(descriptor, size), descriptor


def start_worker(memory_fd: int, slots: list[np.ndarray]) -> Worker:
    """One frame worker process, in a session of its own so that the terminal's Ctrl-C reaches only us.

    `close_fds` and no `preexec_fn` let CPython start it without `os.fork()`, as for the encoder.
    """
    ours, theirs = socket.socketpair()
    errors = tempfile.TemporaryFile()  # noqa: SIM115 (kept open for the worker's life)
    package_root = Path(__file__).resolve().parent.parent
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "animator.frame_worker", str(theirs.fileno()), str(memory_fd)],
            cwd=package_root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            pass_fds=(theirs.fileno(), memory_fd),
            close_fds=True,
            start_new_session=True,
        )
    except OSError as error:
        ours.close()
        errors.close()
        raise WorkError(f"cannot start a frame worker: {error.strerror or error}") from None
    finally:
        theirs.close()
    return Worker(process, Connection(ours.detach()), errors, slots)


class Relay:
    """Hands frames out to the workers and to this process, and writes them to the encoder in order."""

    def __init__(self, scene_figure, schedule: Sequence[int], pool: WorkerPool, emit) -> None:
        self._figure = scene_figure
        self._schedule = schedule
        self._pool = pool
        self._emit = emit
        self._local = np.empty(pool.frame_bytes, dtype=np.uint8)
        self._local_free = True
        self._drawn: dict[int, tuple[Worker | None, int]] = {}

    def run(self, first: int) -> None:
        total = len(self._schedule)
        self._next_write = self._next_out = first
        while self._next_write < total:
            if self._next_write in self._drawn:
                self._write_next()
                continue
            if self._collect(block=False):
                continue
            if self._next_write == self._next_out:
                # Nobody has the next frame: draw it here, straight to the encoder.
                frame = self._claim()
                self._hand_out()
                self._emit(self._figure.frame(frame, self._schedule[frame]))
                self._next_write += 1
                continue
            self._hand_out()
            if self._local_free and self._next_out < total:
                frame = self._claim()
                self._local[:] = np.frombuffer(self._figure.frame(frame, self._schedule[frame]), np.uint8)
                self._local_free = False
                self._drawn[frame] = (None, 0)
                continue
            self._collect(block=True)

    def _claim(self) -> int:
        frame = self._next_out
        self._next_out += 1
        return frame

    def _hand_out(self) -> None:
        """Give each set-up worker frames for its free slots."""
        for worker in self._pool.workers:
            while worker.ready and worker.free and self._next_out < len(self._schedule):
                frame = self._claim()
                try:
                    worker.connection.send((frame, self._schedule[frame], worker.free.pop()))
                except OSError:
                    raise worker.stopped() from None

    def _write_next(self) -> None:
        worker, slot = self._drawn.pop(self._next_write)
        if worker is None:
            self._emit(self._local)
            self._local_free = True
        else:
            self._emit(worker.slots[slot])
            worker.free.append(slot)
        self._next_write += 1

    def _collect(self, block: bool) -> bool:
        """Take in the workers' messages, if any; with `block`, wait for at least one. True if any came."""
        connections = {worker.connection: worker for worker in self._pool.workers}
        arrived = wait(list(connections), timeout=None if block else 0)
        for connection in arrived:
            worker = connections[connection]
            while connection.poll():
                try:
                    message = connection.recv()
                except (EOFError, OSError):
                    raise worker.stopped() from None
                if message[0] == "ready":
                    worker.ready = True
                    worker.free = list(range(SLOTS_PER_WORKER))
                elif message[0] == "drawn":
                    _, frame, slot = message
                    self._drawn[frame] = (worker, slot)
                    worker.drawn += 1
                else:
                    raise WorkError(f"a frame worker failed: {message[1]}")
        return bool(arrived)
