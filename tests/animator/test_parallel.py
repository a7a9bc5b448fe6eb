"""Frames drawn by several processes: the same pixels as one process draws, in order, for any view.

Small frames and few of them: what is checked is that a worker draws exactly what the render's own
process draws and that the relay hands them on in order, not speed (benchmarks/run.py measures that).
"""

from __future__ import annotations

import warnings
from multiprocessing.connection import wait
from pathlib import Path

import numpy as np
import pytest

from animator.figure import draw_scene
from animator.options import RenderOptions
from animator.parallel import Relay, WorkerPool, automatic_drawers, draw_frames
from landscapes.engine.trajectories import run
from landscapes.errors import UserError
from landscapes.scenes.compose import compose_scene

SIZE = (160, 90)


@pytest.fixture(scope="module")
def trajectories():
    return run(
        compose_scene(
            "basins-and-walls", optimizers=["adam(lr=0.3)", "nesterov(lr=0.01)"], steps=30, frames=6
        )
    )


def one_process_frames(trajectories, options: RenderOptions) -> list[bytes]:
    """Every frame as the render's own process draws it, alone."""
    frames: list[bytes] = []
    scene_figure = draw_scene(trajectories, SIZE, options)
    used = draw_frames(
        scene_figure,
        schedule_of(trajectories),
        lambda pixels: frames.append(flat(pixels)),
        drawers=1,
    )
    assert used == 1
    return frames


def schedule_of(trajectories) -> list[int]:
    """How many points each frame shows at the scene's default timing."""
    return trajectories.scene.playback.points_per_frame(trajectories.scene.steps)


def flat(pixels) -> bytes:
    return np.frombuffer(pixels, np.uint8).tobytes()


def test_a_worker_draws_the_pixels_this_process_draws(trajectories):
    """Every frame of a turning 3D view with a loss panel and tails, drawn by a worker process only."""
    options = RenderOptions(view="3d", rotate=True, loss_panel=True, tail=5)
    expected = one_process_frames(trajectories, options)
    scene_figure = draw_scene(trajectories, SIZE, options)
    scene_figure.begin_animation()
    schedule = schedule_of(trajectories)
    drawn = []
    with WorkerPool(scene_figure, 1) as pool:
        (worker,) = pool.workers
        assert worker.connection.recv() == ("ready",)
        for frame, points in enumerate(schedule):
            worker.connection.send((frame, points, frame % 2))
            assert worker.connection.recv() == ("drawn", frame, frame % 2)
            drawn.append(worker.slots[frame % 2].tobytes())
        # The worker drew without loading JAX (half a CPU-second per worker): no jaxlib library mapped.
        assert "jaxlib" not in Path(f"/proc/{worker.process.pid}/maps").read_text()
    assert len(drawn) == len(expected) == 6
    assert drawn == expected
    assert len(set(drawn)) == len(drawn)  # the camera turns: every frame differs
    assert worker.process.returncode == 0


def test_frames_from_three_processes_arrive_in_order_as_one_process_draws_them(trajectories):
    options = RenderOptions(layout="grid", loss_panel=True)
    expected = one_process_frames(trajectories, options)
    frames: list[bytes] = []
    scene_figure = draw_scene(trajectories, SIZE, options)
    scene_figure.begin_animation()
    with warnings.catch_warnings(record=True) as caught, WorkerPool(scene_figure, 2) as pool:
        warnings.simplefilter("always")
        for worker in pool.workers:  # set up before the first frame, so that each gets some
            wait([worker.connection])
        Relay(scene_figure, schedule_of(trajectories), pool, lambda p: frames.append(flat(p))).run(0)
    assert frames == expected
    assert all(worker.drawn >= 2 for worker in pool.workers)
    assert sum(worker.drawn for worker in pool.workers) < len(frames)  # this process drew the rest
    assert not [warning for warning in caught if "fork" in str(warning.message)]


def test_workers_start_only_when_drawing_is_long_enough():
    # A slow (3D, turning) frame on 8 cores: the encoder takes little, so nearly every core draws.
    assert automatic_drawers(0.1, 0.005, 300, cores=8) == 8
    # Quick 2D frames as costly to encode as to draw: half the cores draw.
    assert automatic_drawers(0.01, 0.01, 2000, cores=8) == 4
    # A short render is never split: starting workers would cost more than they save.
    assert automatic_drawers(0.1, 0.005, 20, cores=8) == 1
    assert automatic_drawers(0.1, 0.005, 300, cores=1) == 1


def test_workers_must_be_a_sensible_count(trajectories, tmp_path):
    from animator import render

    with pytest.raises(UserError, match="--workers must be between 1 and 256, got 0"):
        render(trajectories, tmp_path / "x.mp4", workers=0)
    assert list(tmp_path.iterdir()) == []


def test_a_still_3d_camera_blits_the_pixels_of_a_full_redraw(trajectories):
    """Paths and fading tails drawn onto the kept surface equal the whole figure drawn again."""
    options = RenderOptions(view="3d", tail=4)
    blitted, redrawn = draw_scene(trajectories, SIZE, options), draw_scene(trajectories, SIZE, options)
    redrawn.blit = False
    assert blitted.blit
    blitted.begin_animation()
    redrawn.begin_animation()
    for frame, points in [(2, 12), (5, 31)]:
        assert flat(blitted.frame(frame, points)) == flat(redrawn.frame(frame, points))
