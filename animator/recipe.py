"""The manifest a render writes into its file: the scene, the playback, the view options, the command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from animator.options import RenderOptions
from landscapes.engine.trajectories import Trajectories
from landscapes.manifest import containers, manifest_of


def render_manifest(
    trajectories: Trajectories,
    options: RenderOptions,
    size: tuple[int, int],
    command: Sequence[str] | None = None,
    playback: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of a render of `trajectories` at `size` pixels with `options`."""
    return manifest_of(
        trajectories.scene,
        view=asdict(options),
        playback={"size": list(size), **(playback or {})},
        command=command,
        paths=trajectories.source,
    )


def embed_after_encoding(
    path: Path, suffix: str, text: str | None, delays: Sequence[int] | None = None
) -> None:
    """Put the manifest `text` into a finished GIF (a comment extension; `delays` set each frame's
    delay in centiseconds) or WebP (an XMP chunk). MP4 and WebM get theirs from the encoder."""
    if suffix == ".gif":
        path.write_bytes(containers.rewrite_gif(path.read_bytes(), delays, text))
    elif suffix == ".webp" and text is not None:
        path.write_bytes(containers.add_webp_manifest(path.read_bytes(), text))
