"""Build a manifest: everything needed to make a picture again, as plain JSON values."""

from __future__ import annotations

import functools
import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from importlib import metadata
from typing import Any

from landscapes.errors import UserError
from landscapes.optimizers.schedules import Schedule
from landscapes.optimizers.spec import OptimizerSpec, settings
from landscapes.scenes.model import Scene
from landscapes.scenes.playback import ScenePlayback
from surfaces import SURFACES, Surface
from surfaces.expression import EXPRESSION_NAME

FORMAT = "landscapes-manifest"
# Bump when a reader of the old version would misread a new manifest; readers refuse newer versions.
# Version 2 added `scene.panels` (several surfaces); a manifest without panels is still written as 1,
# which older readers read rightly.
FORMAT_VERSION = 2
PACKAGES = ("landscapes", "jax", "optax", "matplotlib")


def manifest_of(
    scene: Scene,
    *,
    view: Mapping[str, Any] | None = None,
    playback: Mapping[str, Any] | None = None,
    command: Sequence[str] | None = None,
    paths: str | None = None,
) -> dict[str, Any]:
    """The manifest of `scene` rendered with `view` options and `playback` settings.

    `playback` adds to the scene's own timing (what was asked: frames, fps, duration, hold, pace;
    and what came of it); `view` is the render's view options (`RenderOptions` as a dict), absent
    for a CSV. `command` is the command line that made the file, when it was made by one; `paths`
    the CSV the paths were read from, when they were not computed.
    """
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION if scene.panels else 1,
        "scene": scene_record(scene),
        "playback": {**playback_record(scene.playback), **(playback or {})},
    }
    if view is not None:
        manifest["view"] = dict(view)
    if paths is not None:
        manifest["paths"] = paths
    manifest["command"] = list(command) if command is not None else None
    manifest["versions"] = versions()
    return manifest


def manifest_json(manifest: Mapping[str, Any], indent: int | None = None) -> str:
    """The manifest as ASCII JSON: compact for a file's metadata, indented for a file of its own."""
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(manifest, ensure_ascii=True, allow_nan=False, indent=indent, separators=separators)


def scene_record(scene: Scene) -> dict[str, Any]:
    """What is computed: the surface, the window, each optimizer resolved, starts, steps and noise."""
    return {
        "name": scene.name,
        "description": scene.description,
        "surface": surface_record(scene.surface),
        "xlim": list(scene.xlim),
        "ylim": list(scene.ylim),
        "optimizers": [optimizer_record(spec) for spec in scene.optimizers],
        "starts": [list(point) for point in scene.starts],
        "steps": scene.steps,
        "noise": scene.noise,
        "seed": scene.seed,
        **({"panels": [panel_record(one) for one in scene.per_surface()]} if scene.panels else {}),
    }


def panel_record(scene: Scene) -> dict[str, Any]:
    """One surface of a scene drawn a panel per surface: the surface, its window and its starts."""
    return {
        "surface": surface_record(scene.surface),
        "xlim": list(scene.xlim),
        "ylim": list(scene.ylim),
        "starts": [list(point) for point in scene.starts],
    }


def playback_record(playback: ScenePlayback) -> dict[str, Any]:
    """The scene's own timing (the article's 5 fps), how many points are animated, the pixel size."""
    return {
        "own_fps": playback.fps,
        "own_frames": playback.frames,
        "animated_points": playback.animated_points,
        "size": list(playback.size) if playback.size else None,
    }


def surface_record(surface: Surface) -> dict[str, Any]:
    """A built-in (or plugin) surface by name; an expression by its text; anything else by name and
    formula, which a reader can only find again if something registers it under that name."""
    if SURFACES.get(surface.name) is surface:
        return {"name": surface.name}
    if surface.name == EXPRESSION_NAME:
        return {"expression": surface.formula}
    return {"name": surface.name, "formula": surface.formula}


def optimizer_record(spec: OptimizerSpec) -> dict[str, Any]:
    """The optimizer with every hyperparameter's value (defaults resolved), and which ones were set.

    Paths read from a CSV may carry labels that name no optimizer: their hyperparameters are None.
    A learning-rate schedule is recorded as a SPEC writes it: {"schedule": "cosine(0.1, 500)"}.
    """
    try:
        _, hyperparameters = settings(spec)
    except UserError:
        hyperparameters = None
    else:
        timed = [(key, value) for key, value in spec.params if isinstance(value, Schedule)]
        scheduled = {key: {"schedule": str(value)} for key, value in timed}
        hyperparameters = {**hyperparameters, **scheduled}
    return {
        "name": spec.name,
        "hyperparameters": hyperparameters,
        "set": [key for key, _ in spec.params],
        "label": spec.label,
        "color": spec.color,
        "tuned": list(spec.tuned),
    }


def versions() -> dict[str, str | None]:
    """The versions of the packages that shape a picture, and of the ffmpeg that encodes it (the one
    IMAGEIO_FFMPEG_EXE names, when it is set: looked up again whenever that changes)."""
    return dict(_versions(_ffmpeg_executable()))


@functools.cache
def _versions(ffmpeg: str | None) -> dict[str, str | None]:
    from landscapes import __version__

    found: dict[str, str | None] = {"landscapes": __version__}
    for package in PACKAGES[1:]:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    found["ffmpeg"] = None if ffmpeg is None else ffmpeg_version(ffmpeg)
    return found


def _ffmpeg_executable() -> str | None:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError:
        return None


def ffmpeg_version(executable: str) -> str | None:
    """The version string of the ffmpeg at `executable`, e.g. `n9.0.2-17-g2a571b6068-20260930`; None if
    it cannot run.

    Started like the encoder (close_fds, a session of its own, no preexec_fn), so it never forks a
    process that has JAX loaded; with no standard input, so it never reads the caller's.
    """
    try:
        result = subprocess.run(
            [executable, "-hide_banner", "-version"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            close_fds=True,
            start_new_session=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(rb"ffmpeg version (\S+)", result.stdout)
    return match[1].decode("ascii", "replace") if match else None
