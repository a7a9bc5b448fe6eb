"""Turn computed trajectories into an MP4, a GIF, a PNG still or an interactive HTML page."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from animator.figure import SceneFigure, draw_scene
from animator.options import RenderOptions
from animator.outputs import DEFAULT_SIZE, STILLS, check_output, check_panels, output_size
from animator.parallel import draw_frames
from animator.recipe import embed_after_encoding, render_manifest
from animator.sinks import FfmpegSink, FrameSink, MemorySink, encoder_seconds
from animator.timing import Playback, Timeline, check_video_rate, timeline_for
from landscapes.engine.trajectories import Trajectories
from landscapes.files import atomic_output, write_text
from landscapes.limits import check_workers
from landscapes.manifest import beside, manifest_json
from landscapes.manifest.extract import PNG_KEYWORD
from landscapes.values import pixel_size


def render(
    trajectories: Trajectories,
    output: str | os.PathLike[str],
    *,
    size: tuple[int, int] | None = None,
    on_frame: Callable[[int, int], None] | None = None,
    options: RenderOptions | None = None,
    workers: int | None = None,
    playback: Playback | None = None,
    command: Sequence[str] | None = None,
    write_manifest: bool = False,
) -> Path:
    """Write `trajectories` to `output` by its suffix: MP4 (H.264), GIF (palette, looping), PNG (final
    still) or HTML (the interactive player page).

    `size` (width, height) replaces the scene's own pixel size; `options` chooses layout, panels, view
    and theme (default: the plain overlay); `on_frame(done, total)` is called after each frame, for
    progress reporting. `workers` is how many processes draw an animation's frames (1: this one only;
    `None`: as many as pay, see `animator.parallel`). `playback` sets the frames, rate, duration, hold
    and pace (default: the scene's own timing, or about 10 s for a run without one; a GIF holds its
    last frame 2 s; see `animator.timing`). The scene's own settings are `trajectories.scene.playback`,
    read here once and handed down. The file carries the render's manifest (see
    `landscapes.manifest`), with `command`, the command line that asked for it, if any;
    `write_manifest` also writes it as JSON beside the output (`out.gif` → `out.gif.json`). Returns
    the path written. Trajectories of several surfaces are drawn a panel per surface (see
    `check_panels`).
    """
    output = Path(output)
    options = options or RenderOptions()
    size = None if size is None else pixel_size(size)
    check_workers(workers)
    suffix = check_output(output, options)
    options = check_panels(len(trajectories.panels), options, output)
    own = trajectories.scene.playback
    pixels = output_size(suffix, size or own.size, options.gif_width)
    playback = playback or Playback()
    timeline = timeline_for(trajectories, suffix, own, playback)
    check_video_rate(timeline.fps, pixels, suffix)
    recipe = render_manifest(trajectories, options, pixels, command, playback_record(playback, timeline))
    manifest = manifest_json(recipe)
    if suffix == ".html":
        from animator.html import page_html

        page = page_html(trajectories, pixels, timeline, options, manifest)
        with atomic_output(output) as temp:
            temp.write_text(page, encoding="utf-8")
    else:
        scene_figure = draw_scene(trajectories, pixels, options, *drawn_for(timeline))
        with atomic_output(output) as temp:
            if suffix in STILLS:
                write_still(scene_figure, trajectories, temp, options.transparent, manifest, suffix[1:])
            else:
                write_animation(scene_figure, timeline, temp, suffix, on_frame, workers, manifest)
    if write_manifest:
        write_text(beside(output), lambda stream: stream.write(manifest_json(recipe, indent=2) + "\n"))
    return output


def drawn_for(timeline: Timeline) -> tuple[int, int]:
    """What the figure needs of the timeline: its frame count (a turning camera turns once over them) and
    how many points of each path it shows (the overlays' arrows are scaled to those)."""
    return len(timeline.steps), timeline.steps[-1] + 1


def playback_record(playback: Playback, timeline: Timeline) -> dict:
    """What was asked about time, and what came of it (for the manifest)."""
    return {
        **asdict(playback),
        "timeline": {
            "frames": len(timeline.steps),
            "fps": timeline.fps,
            "hold": timeline.hold,
            "first_step": timeline.steps[0],
            "last_step": timeline.steps[-1],
        },
    }


def render_frames(
    trajectories: Trajectories,
    *,
    size: tuple[int, int] | None = None,
    options: RenderOptions | None = None,
    playback: Playback | None = None,
) -> list[np.ndarray]:
    """Every frame of the MP4 `render` would encode, as (height, width, 4) RGBA arrays.

    The same drawing and frame loop, with a `MemorySink` in place of the encoder: for comparing
    pixels in tests without encoding and decoding a file.
    """
    own = trajectories.scene.playback
    pixels = size or own.size or DEFAULT_SIZE
    timeline = timeline_for(trajectories, ".mp4", own, playback)
    scene_figure = draw_scene(trajectories, pixels, options or RenderOptions(), *drawn_for(timeline))
    sink = MemorySink(scene_figure.canvas.get_width_height())
    play(scene_figure, timeline, sink, workers=1, repeats=timeline.hold_frames)
    return sink.frames


def write_still(
    scene_figure: SceneFigure,
    trajectories: Trajectories,
    path: Path,
    transparent: bool,
    manifest: str | None = None,
    format: str = "png",
) -> None:
    """The final step, whole paths, as a PNG (`manifest` in a text chunk), or as vector graphics, SVG
    or PDF (the manifest in the file's description or subject), for papers and LaTeX slides; with
    `transparent`, the figure's background is left see-through."""
    scene_figure.show(0, trajectories.scene.steps + 1)
    figure = scene_figure.figure
    if transparent:
        figure.patch.set_alpha(0.0)
    key = {"png": PNG_KEYWORD, "svg": "Description", "pdf": "Subject"}[format]
    metadata = {key: manifest} if manifest is not None else None
    figure.savefig(path, format=format, dpi=figure.dpi, facecolor=figure.get_facecolor(), metadata=metadata)


def write_animation(
    scene_figure: SceneFigure,
    timeline: Timeline,
    path: Path,
    suffix: str,
    on_frame: Callable[[int, int], None] | None,
    workers: int | None = None,
    manifest: str | None = None,
) -> None:
    """Pipe each frame's pixels to the encoder, drawn by `workers` processes (`animator.parallel`).

    The encoder starts first, so its start-up overlaps the drawing of the background. Frame k shows
    the paths up to step `timeline.steps[k]`. A video holds its end by repeating the last frame; a
    GIF by the last frame's delay, set with every frame's after encoding, when its manifest goes in
    (an MP4 gets its manifest as the encoder's comment tag).
    """
    size = scene_figure.canvas.get_width_height()
    sink = FfmpegSink(size, timeline.fps, suffix, path, manifest)
    repeats = 0 if suffix == ".gif" else timeline.hold_frames
    play(scene_figure, timeline, sink, on_frame, workers, encoder_seconds(size, suffix), repeats)
    delays = timeline.gif_delays() if suffix == ".gif" else None
    if manifest is not None or delays is not None:
        embed_after_encoding(path, suffix, manifest, delays)


def play(
    scene_figure: SceneFigure,
    timeline: Timeline,
    sink: FrameSink,
    on_frame: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    encode_seconds: float = 0.0,
    repeats: int = 0,
) -> None:
    """Hand each frame's pixels to `sink`, then the last one `repeats` more times, and close it (abort
    it on any failure); the frames are drawn by `workers` processes, weighed against
    `encode_seconds`, the sink's time per frame."""
    schedule = [step + 1 for step in timeline.steps]
    written, final = 0, b""

    def write(pixels) -> None:
        nonlocal written, final
        sink.write(pixels)
        written += 1
        if repeats and written == len(schedule):
            final = bytes(pixels)  # a copy: the buffer it came in may be reused or freed

    try:
        draw_frames(
            scene_figure,
            schedule,
            write,
            drawers=workers,
            encode_seconds=encode_seconds,
            on_frame=on_frame,
        )
        for _ in range(repeats):
            sink.write(final)
    except BaseException:
        sink.abort()
        raise
    sink.close()
