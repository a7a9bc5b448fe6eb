"""Turn computed trajectories into an MP4, a GIF or a PNG still."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from animator.figure import SceneFigure, draw_scene
from animator.options import RenderOptions
from animator.outputs import DEFAULT_SIZE, check_output, output_size
from animator.parallel import draw_frames
from animator.sinks import FfmpegSink, FrameSink, MemorySink, encoder_seconds
from landscapes.engine.trajectories import Trajectories
from landscapes.files import atomic_output
from landscapes.limits import check_workers


def render(
    trajectories: Trajectories,
    output: str | os.PathLike[str],
    *,
    size: tuple[int, int] | None = None,
    on_frame: Callable[[int, int], None] | None = None,
    options: RenderOptions | None = None,
    workers: int | None = None,
) -> Path:
    """Write `trajectories` to `output` by its suffix: MP4 (H.264), GIF (palette, looping), PNG (final
    still) or HTML (the interactive player page).

    `size` (width, height) replaces the scene's pixel size; `options` chooses layout, panels, view
    and theme (default: the plain overlay); `on_frame(done, total)` is called after each frame, for
    progress reporting. `workers` is how many processes draw an animation's frames (1: this one only;
    `None`: as many as pay, see `animator.parallel`). Returns the path written.
    """
    output = Path(output)
    options = options or RenderOptions()
    check_workers(workers)
    suffix = check_output(output, options)
    pixels = output_size(trajectories, suffix, size, options.gif_width)
    if suffix == ".html":
        from animator.html import write_page

        with atomic_output(output) as temp:
            write_page(trajectories, temp, pixels, options)
        return output
    scene_figure = draw_scene(trajectories, pixels, options)
    with atomic_output(output) as temp:
        if suffix == ".png":
            write_still(scene_figure, trajectories, temp, options.transparent)
        else:
            frame_size = scene_figure.canvas.get_width_height()
            sink = FfmpegSink(frame_size, trajectories.scene.fps, suffix, temp)
            seconds = encoder_seconds(frame_size, suffix)
            write_animation(scene_figure, trajectories, sink, on_frame, workers, seconds)
    return output


def render_frames(
    trajectories: Trajectories, *, size: tuple[int, int] | None = None, options: RenderOptions | None = None
) -> list[np.ndarray]:
    """Every frame of the animation `render` would encode, as (height, width, 4) RGBA arrays.

    The same drawing and frame loop, with a `MemorySink` in place of the encoder: for comparing
    pixels in tests without encoding and decoding a file.
    """
    scene_figure = draw_scene(
        trajectories, size or trajectories.scene.size or DEFAULT_SIZE, options or RenderOptions()
    )
    sink = MemorySink(scene_figure.canvas.get_width_height())
    write_animation(scene_figure, trajectories, sink, None, workers=1)
    return sink.frames


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
    sink: FrameSink,
    on_frame: Callable[[int, int], None] | None,
    workers: int | None = None,
    encode_seconds: float = 0.0,
) -> None:
    """Hand each frame's pixels to `sink`, drawn by `workers` processes (`animator.parallel`), which
    weighs the drawing against `encode_seconds`, the sink's time per frame.

    The caller starts the sink (the encoder) first, so its start-up overlaps the drawing of the
    background. On any failure the sink is aborted.
    """
    schedule = trajectories.scene.points_per_frame()
    try:
        draw_frames(
            scene_figure,
            schedule,
            sink.write,
            drawers=workers,
            encode_seconds=encode_seconds,
            on_frame=on_frame,
        )
    except BaseException:
        sink.abort()
        raise
    sink.close()
