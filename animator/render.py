"""Turn computed trajectories into an MP4, a GIF or a PNG still."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from animator.figure import SceneFigure, draw_scene
from animator.options import DEFAULT_GIF_WIDTH, RenderOptions
from animator.sinks import FfmpegSink
from landscapes.engine import Trajectories
from landscapes.errors import UserError
from landscapes.files import atomic_output, check_writable

FORMATS = (".mp4", ".gif", ".png")
DEFAULT_SIZE = (1280, 720)


def output_size(
    trajectories: Trajectories, suffix: str, size: tuple[int, int] | None, gif_width: int = DEFAULT_GIF_WIDTH
) -> tuple[int, int]:
    """The pixel size of the output: as asked, else the scene's, else 1280×720 (GIFs `gif_width` wide).

    Video sizes are rounded up to even numbers, as H.264 with yuv420p requires.
    """
    size = size or trajectories.scene.size
    if size is None:
        width, height = DEFAULT_SIZE
        if suffix == ".gif":
            width, height = gif_width, round(gif_width * height / width)
    else:
        width, height = size
    if suffix == ".mp4":
        width, height = width + width % 2, height + height % 2
    return width, height


def check_output(path: Path, options: RenderOptions | None = None) -> str:
    """The output's format (its suffix), or a `UserError` if it cannot be written as asked."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"unknown output format {path.suffix or path.name!r}; use one of {', '.join(FORMATS)}"
        )
    if options is not None and options.transparent and suffix != ".png":
        raise UserError(f"--transparent needs a .png output, got {path.name!r}")
    check_writable(path)
    return suffix


def render(
    trajectories: Trajectories,
    output: str | os.PathLike[str],
    *,
    size: tuple[int, int] | None = None,
    on_frame: Callable[[int, int], None] | None = None,
    options: RenderOptions | None = None,
) -> Path:
    """Write `trajectories` to `output`: MP4 (H.264), GIF (palette, looping) or PNG (final still), by suffix.

    `size` (width, height) replaces the scene's pixel size; `options` chooses layout, panels, view
    and theme (default: the plain overlay); `on_frame(done, total)` is called after each frame, for
    progress reporting. Returns the path written.
    """
    output = Path(output)
    options = options or RenderOptions()
    suffix = check_output(output, options)
    scene_figure = draw_scene(
        trajectories, output_size(trajectories, suffix, size, options.gif_width), options
    )
    with atomic_output(output) as temp:
        if suffix == ".png":
            write_still(scene_figure, trajectories, temp, options.transparent)
        else:
            write_animation(scene_figure, trajectories, temp, suffix, on_frame)
    return output


def write_still(scene_figure: SceneFigure, trajectories: Trajectories, path: Path, transparent: bool) -> None:
    """The last frame as a PNG; with `transparent`, the figure's background is left see-through."""
    schedule = trajectories.scene.points_per_frame()
    scene_figure.show(len(schedule) - 1, trajectories.scene.steps + 1)
    figure = scene_figure.figure
    if transparent:
        figure.patch.set_alpha(0.0)
    figure.savefig(path, format="png", dpi=figure.dpi, facecolor=figure.get_facecolor())


def write_animation(
    scene_figure: SceneFigure,
    trajectories: Trajectories,
    path: Path,
    suffix: str,
    on_frame: Callable[[int, int], None] | None,
) -> None:
    """Pipe each frame's pixels to the encoder; 2D frames blit the moving artists onto a kept background.

    The encoder starts first, so its start-up overlaps the drawing of the background.
    """
    scene = trajectories.scene
    schedule = scene.points_per_frame()
    sink = FfmpegSink(scene_figure.canvas.get_width_height(), scene.fps, suffix, path)
    try:
        scene_figure.begin_animation()
        for frame, points in enumerate(schedule):
            sink.write(scene_figure.frame(frame, points))
            if on_frame is not None:
                on_frame(frame + 1, len(schedule))
    except BaseException:
        sink.abort()
        raise
    sink.close()
