"""Nothing lost: a render that fails or is stopped part-way leaves no partial file, no ffmpeg process,
and yesterday's file as it was.

The signal cases run the real command (`python -m landscapes render`) and act only once it is
rendering: when its temporary file `.x.mp4.*.part.mp4` exists and an ffmpeg is writing to it. The
drawing cases raise inside a render in this process. Processes are found by scanning /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import matplotlib.figure
import pytest
from matplotlib.lines import Line2D

from animator import render
from landscapes.engine.trajectories import run
from landscapes.errors import WorkError
from landscapes.scenes.compose import compose_scene
from tests.test_errors import ROWS

YESTERDAY = b"the animation made yesterday"
# Long enough that the render is still running when the test acts; small frames keep it light.
RENDER = ["render", "--steps", "20", "--frames", "50000", "--size", "160x90", "-o", "x.mp4"]
# The command, with SIGINT and SIGTERM at their defaults: a test runner started in the background
# may hand its children an ignored SIGINT, which the command (rightly) leaves ignored.
DEFAULT_SIGNALS = (
    "import runpy, signal, sys; "
    "[signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)]; "
    "runpy.run_module('landscapes', run_name='__main__', alter_sys=True)"
)
WAIT_SECONDS = 120


def readme_row(given: str):
    (row,) = [row for row in ROWS if row.given == given]
    return row


def processes() -> dict[int, tuple[int, list[str]]]:
    """Every live process: pid → (parent pid, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] == "Z":
            continue
        found[int(entry.name)] = (int(fields[1]), [a.decode(errors="replace") for a in arguments if a])
    return found


def encoders_writing_into(folder: Path) -> list[int]:
    """The ffmpeg processes whose command line names a file in `folder`."""
    return [
        pid
        for pid, (_, arguments) in processes().items()
        if arguments and "ffmpeg" in Path(arguments[0]).name and any(str(folder) in a for a in arguments)
    ]


def temporary_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".x.mp4.*.part.mp4"))


def frame_workers(parent: int) -> list[int]:
    """The frame worker processes (`animator.frame_worker`) started by process `parent`."""
    return [
        pid
        for pid, (ppid, arguments) in processes().items()
        if ppid == parent and "animator.frame_worker" in arguments
    ]


def start_rendering(folder: Path, workers: int = 1) -> tuple[subprocess.Popen, int]:
    """Start the long render in `folder`; return once ffmpeg is writing its temporary file (and,
    with several `workers`, once they are running)."""
    (folder / "x.mp4").write_bytes(YESTERDAY)
    process = subprocess.Popen(
        [sys.executable, "-c", DEFAULT_SIGNALS, *RENDER, "--workers", str(workers)],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        encoders = encoders_writing_into(folder)
        if temporary_files(folder) and encoders and len(frame_workers(process.pid)) == workers - 1:
            return process, encoders[0]
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"the render did not start: {process.communicate()[1]}")


def assert_nothing_lost(folder: Path) -> None:
    assert sorted(path.name for path in folder.iterdir()) == ["x.mp4"]
    assert (folder / "x.mp4").read_bytes() == YESTERDAY
    assert encoders_writing_into(folder) == []


def assert_one_line(stderr: str, row) -> None:
    assert "Traceback" not in stderr
    assert stderr.splitlines() == [row.expected[0]]


@pytest.mark.parametrize(
    ("sent", "given", "workers"),
    [
        # One process's Ctrl-C takes the path of its SIGTERM and of a parallel render's Ctrl-C, which
        # the default run checks; .ci/run checks it too (`--whole-matrix`).
        pytest.param(
            signal.SIGINT, "Ctrl-C (SIGINT) while `landscapes render` runs", 1, marks=pytest.mark.whole_matrix
        ),
        (signal.SIGTERM, "SIGTERM while `landscapes render` runs", 1),
        (signal.SIGINT, "Ctrl-C (SIGINT) while `landscapes render` runs", 3),
    ],
)
def test_a_signal_stops_the_render_and_cleans_up(tmp_path, sent, given, workers):
    row = readme_row(given)
    process, encoder = start_rendering(tmp_path, workers)
    assert processes()[encoder][0] == process.pid  # ffmpeg is the command's own child
    helpers = frame_workers(process.pid)
    process.send_signal(sent)
    _, stderr = process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == row.status == 128 + sent
    assert_one_line(stderr, row)
    assert_nothing_lost(tmp_path)
    assert len(helpers) == workers - 1
    assert not set(helpers) & set(processes())


def test_killing_ffmpeg_fails_the_render_with_one_line(tmp_path):
    row = readme_row("ffmpeg is killed while `landscapes render` runs")
    process, encoder = start_rendering(tmp_path)
    os.kill(encoder, signal.SIGKILL)
    _, stderr = process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == row.status == 1
    assert_one_line(stderr, row)
    assert_nothing_lost(tmp_path)


class Failure(Exception):
    """What the drawing raises in the tests below."""


@pytest.fixture(scope="module")
def trajectories():
    return run(compose_scene(surface="himmelblau", optimizers=["adam(lr=0.1)", "sgd(lr=0.01)"], steps=30))


def failing_once(frames_drawn: list[int], after: int, function):
    """`function`, raising `Failure` instead once `after` frames have been drawn."""

    def wrapped(*args, **kwargs):
        if len(frames_drawn) >= after:
            raise Failure(f"drawing failed after {len(frames_drawn)} frames")
        return function(*args, **kwargs)

    return wrapped


def own_encoders() -> list[int]:
    """ffmpeg processes started by this test process."""
    return [
        pid
        for pid, (parent, arguments) in processes().items()
        if parent == os.getpid() and arguments and "ffmpeg" in Path(arguments[0]).name
    ]


@pytest.mark.parametrize("suffix", [".mp4", ".gif"])
def test_drawing_that_raises_mid_animation_leaves_nothing(tmp_path, trajectories, monkeypatch, suffix):
    target = tmp_path / f"x{suffix}"
    target.write_bytes(YESTERDAY)
    frames_drawn = []
    # Drawing a path's line fails once five frames are out.
    monkeypatch.setattr(Line2D, "draw", failing_once(frames_drawn, 5, Line2D.draw))
    with pytest.raises(Failure):
        render(trajectories, target, size=(320, 180), on_frame=lambda done, total: frames_drawn.append(done))
    assert frames_drawn == [1, 2, 3, 4, 5]
    assert [path.name for path in tmp_path.iterdir()] == [target.name]
    assert target.read_bytes() == YESTERDAY
    assert own_encoders() == []


def test_a_progress_callback_that_raises_leaves_nothing(tmp_path, trajectories):
    target = tmp_path / "x.mp4"
    target.write_bytes(YESTERDAY)

    def progress(done: int, total: int) -> None:
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render(trajectories, target, size=(320, 180), on_frame=progress)
    assert [path.name for path in tmp_path.iterdir()] == ["x.mp4"]
    assert target.read_bytes() == YESTERDAY
    assert own_encoders() == []


def test_a_still_that_fails_while_saving_leaves_nothing(tmp_path, trajectories, monkeypatch):
    target = tmp_path / "x.png"
    target.write_bytes(YESTERDAY)

    def half_written(self, path, **kwargs):
        Path(path).write_bytes(b"\x89PNG half a picture")
        raise Failure("disk full")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", half_written)
    with pytest.raises(Failure):
        render(trajectories, target, size=(320, 180))
    assert [path.name for path in tmp_path.iterdir()] == ["x.png"]
    assert target.read_bytes() == YESTERDAY


def kill_and_wait(pid: int) -> None:
    """SIGKILL our child `pid` and wait until it is dead (a zombie, not yet reaped by its Popen)."""
    os.kill(pid, signal.SIGKILL)
    while pid in processes():
        time.sleep(0.01)


@pytest.mark.parametrize("killed", ["ffmpeg", "a frame worker"])
def test_a_process_killed_during_a_parallel_render_fails_it_and_leaves_nothing(
    tmp_path, trajectories, killed
):
    target = tmp_path / "x.mp4"
    target.write_bytes(YESTERDAY)

    def kill_one(done: int, total: int) -> None:
        if done == 3:  # the workers start after the first two frames
            (victim,) = own_encoders() if killed == "ffmpeg" else frame_workers(os.getpid())
            kill_and_wait(victim)

    expected = (
        "the encoder stopped early" if killed == "ffmpeg" else "a frame worker stopped: killed by SIGKILL"
    )
    with pytest.raises(WorkError, match=expected):
        render(trajectories, target, size=(160, 90), workers=2, on_frame=kill_one)
    assert [path.name for path in tmp_path.iterdir()] == ["x.mp4"]
    assert target.read_bytes() == YESTERDAY
    assert own_encoders() == []
    assert frame_workers(os.getpid()) == []
