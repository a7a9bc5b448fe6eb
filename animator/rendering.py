"""Turn computed trajectories into an MP4, a GIF or a PNG still."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from animator.figure import SceneFigure, draw_scene
from animator.options import RenderOptions
from animator.outputs import check_output, output_size
from animator.sinks import FfmpegSink
from landscapes.engine.trajectories import Trajectories
from landscapes.files import atomic_output


def render(
    trajectories: Trajectories,
    output: str | os.PathLike[str],
    *,
    size: tuple[int, int] | None = None,
    on_frame: Callable[[int, int], None] | None = None,
    options: RenderOptions | None = None,
) -> Path:
    """Write `trajectories` to `output` by its suffix: MP4 (H.264), GIF (palette, looping), PNG (final
    still) or HTML (the interactive player page).

    `size` (width, height) replaces the scene's pixel size; `options` chooses layout, panels, view
    and theme (default: the plain overlay); `on_frame(done, total)` is called after each frame, for
    progress reporting. Returns the path written.
    """
    output = Path(output)
    options = options or RenderOptions()
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
