"""Turn computed trajectories into an MP4, a GIF or a PNG still."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from animator.figure import SceneFigure, draw_scene, step_label
from animator.sinks import FfmpegSink
from landscapes.engine import Trajectories
from landscapes.errors import UserError
from landscapes.files import atomic_output, check_writable

FORMATS = (".mp4", ".gif", ".png")
GIF_WIDTH = 800


def output_size(trajectories: Trajectories, suffix: str, size: tuple[int, int] | None) -> tuple[int, int]:
    """The pixel size of the output: as asked, else the scene's, except GIFs default to 800 px wide.

    Video sizes are rounded up to even numbers, as H.264 with yuv420p requires.
    """
    if size is None:
        width, height = trajectories.scene.size
        if suffix == ".gif":
            width, height = GIF_WIDTH, round(GIF_WIDTH * height / width)
    else:
        width, height = size
    if suffix == ".mp4":
        width, height = width + width % 2, height + height % 2
    return width, height


def check_output(path: Path) -> str:
    """The output's format (its suffix), or a `UserError` if it cannot be written."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"unknown output format {path.suffix or path.name!r}; use one of {', '.join(FORMATS)}"
        )
    check_writable(path)
    return suffix


def render(
    trajectories: Trajectories,
    output: str | os.PathLike[str],
    *,
    size: tuple[int, int] | None = None,
    on_frame: Callable[[int, int], None] | None = None,
) -> Path:
    """Write `trajectories` to `output`: MP4 (H.264), GIF (palette, looping) or PNG (final still), by suffix.

    `size` (width, height) replaces the scene's pixel size. `on_frame(done, total)` is called after
    each frame, for progress reporting. Returns the path written.
    """
    output = Path(output)
    suffix = check_output(output)
    scene_figure = draw_scene(trajectories, output_size(trajectories, suffix, size))
    with atomic_output(output) as temp:
        if suffix == ".png":
            write_still(scene_figure, trajectories, temp)
        else:
            write_animation(scene_figure, trajectories, temp, suffix, on_frame)
    return output


def write_still(scene_figure: SceneFigure, trajectories: Trajectories, path: Path) -> None:
    """The final frame with the whole paths, as a PNG."""
    steps = trajectories.scene.steps
    scene_figure.paths.show(steps + 1)
    scene_figure.paths.set_animated(False)
    scene_figure.counter.set_animated(False)
    scene_figure.counter.set_text(step_label(steps + 1, steps))
    scene_figure.figure.savefig(path, format="png", dpi=scene_figure.figure.dpi)


def write_animation(
    scene_figure: SceneFigure,
    trajectories: Trajectories,
    path: Path,
    suffix: str,
    on_frame: Callable[[int, int], None] | None,
) -> None:
    """Draw the background once, then per frame restore it, draw only the paths and pipe the pixels."""
    scene = trajectories.scene
    canvas = scene_figure.canvas
    canvas.draw()
    background = canvas.copy_from_bbox(scene_figure.figure.bbox)
    size = canvas.get_width_height()
    schedule = scene.points_per_frame()
    sink = FfmpegSink(size, scene.fps, suffix, path)
    try:
        for done, points in enumerate(schedule, start=1):
            canvas.restore_region(background)
            scene_figure.paths.show(points)
            scene_figure.paths.draw()
            scene_figure.counter.set_text(step_label(points, scene.steps))
            scene_figure.figure.draw_artist(scene_figure.counter)
            sink.write(canvas.buffer_rgba())
            if on_frame is not None:
                on_frame(done, len(schedule))
    except BaseException:
        sink.abort()
        raise
    sink.close()
