"""Turn computed trajectories into an MP4, a GIF, a PNG still or an interactive HTML page."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from animator.figure import SceneFigure, draw_scene
from animator.options import RenderOptions
from animator.outputs import STILLS, check_output, output_size
from animator.parallel import draw_frames
from animator.recipe import embed_after_encoding, render_manifest
from animator.sinks import FfmpegSink, encoder_seconds
from landscapes.engine.trajectories import Trajectories
from landscapes.files import atomic_output, write_text
from landscapes.limits import check_workers
from landscapes.manifest import beside, manifest_json
from landscapes.manifest.extract import PNG_KEYWORD


def render(
    trajectories: Trajectories,
    output: str | os.PathLike[str],
    *,
    size: tuple[int, int] | None = None,
    on_frame: Callable[[int, int], None] | None = None,
    options: RenderOptions | None = None,
    workers: int | None = None,
    command: Sequence[str] | None = None,
    write_manifest: bool = False,
) -> Path:
    """Write `trajectories` to `output` by its suffix: MP4 (H.264), GIF (palette, looping), PNG (final
    still) or HTML (the interactive player page).

    `size` (width, height) replaces the scene's pixel size; `options` chooses layout, panels, view
    and theme (default: the plain overlay); `on_frame(done, total)` is called after each frame, for
    progress reporting. `workers` is how many processes draw an animation's frames (1: this one only;
    `None`: as many as pay, see `animator.parallel`). The file carries the render's manifest (see
    `landscapes.manifest`), with `command`, the command line that asked for it, if any;
    `write_manifest` also writes it as JSON beside the output (`out.gif` → `out.gif.json`). Returns
    the path written.
    """
    output = Path(output)
    options = options or RenderOptions()
    check_workers(workers)
    suffix = check_output(output, options)
    pixels = output_size(trajectories, suffix, size, options.gif_width)
    recipe = render_manifest(trajectories, options, pixels, command)
    manifest = manifest_json(recipe)
    if suffix == ".html":
        from animator.html import write_page

        with atomic_output(output) as temp:
            write_page(trajectories, temp, pixels, options)
    else:
        scene_figure = draw_scene(trajectories, pixels, options)
        with atomic_output(output) as temp:
            if suffix in STILLS:
                write_still(scene_figure, trajectories, temp, options.transparent, manifest, suffix[1:])
            else:
                write_animation(scene_figure, trajectories, temp, suffix, on_frame, workers, manifest)
    if write_manifest:
        write_text(beside(output), lambda stream: stream.write(manifest_json(recipe, indent=2) + "\n"))
    return output


def write_still(
    scene_figure: SceneFigure,
    trajectories: Trajectories,
    path: Path,
    transparent: bool,
    manifest: str | None = None,
    format: str = "png",
) -> None:
    """The last frame as a PNG (`manifest` in a text chunk), or as vector graphics, SVG or PDF (the
    manifest in the file's description or subject), for papers and LaTeX slides; with
    `transparent`, the figure's background is left see-through."""
    schedule = trajectories.scene.points_per_frame()
    scene_figure.show(len(schedule) - 1, trajectories.scene.steps + 1)
    figure = scene_figure.figure
    if transparent:
        figure.patch.set_alpha(0.0)
    key = {"png": PNG_KEYWORD, "svg": "Description", "pdf": "Subject"}[format]
    metadata = {key: manifest} if manifest is not None else None
    figure.savefig(path, format=format, dpi=figure.dpi, facecolor=figure.get_facecolor(), metadata=metadata)


def write_animation(
    scene_figure: SceneFigure,
    trajectories: Trajectories,
    path: Path,
    suffix: str,
    on_frame: Callable[[int, int], None] | None,
    workers: int | None = None,
    manifest: str | None = None,
) -> None:
    """Pipe each frame's pixels to the encoder, drawn by `workers` processes (`animator.parallel`).

    The encoder starts first, so its start-up overlaps the drawing of the background. The file
    carries `manifest`: as the encoder's comment tag, or put in after encoding.
    """
    scene = trajectories.scene
    schedule = scene.points_per_frame()
    size = scene_figure.canvas.get_width_height()
    sink = FfmpegSink(size, scene.fps, suffix, path, manifest)
    try:
        draw_frames(
            scene_figure,
            schedule,
            sink.write,
            drawers=workers,
            encode_seconds=encoder_seconds(size, suffix),
            on_frame=on_frame,
        )
    except BaseException:
        sink.abort()
        raise
    sink.close()
    if manifest is not None:
        embed_after_encoding(path, suffix, manifest)
