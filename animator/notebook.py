"""Renders shown inline in Jupyter: the file is made in a temporary folder and kept only in memory."""

from __future__ import annotations

import base64
import html
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from animator.options import RenderOptions
from animator.outputs import FORMATS, output_size
from animator.rendering import render
from landscapes.engine.trajectories import Trajectories
from landscapes.errors import UserError

MIME_TYPES = {
    "mp4": "video/mp4", "gif": "image/gif", "png": "image/png", "html": "text/html", "webm": "video/webm",
    "webp": "image/webp",
}  # fmt: skip
# The player's controls and read-out below the figure, in CSS pixels.
PLAYER_CONTROLS_HEIGHT = 92


@dataclass(frozen=True)
class Rendering:
    """An MP4, GIF, PNG or player page held in memory; a notebook shows it inline through `_repr_html_`.

    `data` is the file's bytes, exactly what `render` would have written; `size` its pixel size.
    """

    data: bytes
    format: Literal["mp4", "gif", "png", "html", "webm", "webp"]
    size: tuple[int, int]

    @property
    def data_uri(self) -> str:
        """The file as a `data:` URI, so the HTML carries it and needs no file beside the notebook."""
        return f"data:{MIME_TYPES[self.format]};base64,{base64.b64encode(self.data).decode('ascii')}"

    def _repr_html_(self) -> str:
        width = self.size[0]
        style = f'width="{width}" style="max-width: 100%; height: auto"'
        if self.format == "html":
            # The page in a frame of its own: its script and style stay apart from the notebook's,
            # and the sandbox lets it run scripts but gives it no origin to reach anything with.
            page = html.escape(self.data.decode("utf-8"), quote=True)
            return (
                f'<iframe srcdoc="{page}" title="landscapes player" sandbox="allow-scripts" '
                f'width="{width + 12}" height="{self.size[1] + PLAYER_CONTROLS_HEIGHT}" '
                'style="max-width: 100%; border: 0"></iframe>'
            )
        if self.format in ("mp4", "webm"):
            return (
                f"<video {style} controls autoplay loop muted playsinline>"
                f'<source src="{self.data_uri}" type="{MIME_TYPES[self.format]}"></video>'
            )
        return f'<img {style} src="{self.data_uri}" alt="landscapes {self.format}">'

    def _repr_png_(self) -> bytes | None:
        return self.data if self.format == "png" else None


def show(
    trajectories: Trajectories,
    format: Literal["mp4", "gif", "png", "html", "webm", "webp"] = "mp4",
    *,
    size: tuple[int, int] | None = None,
    options: RenderOptions | None = None,
) -> Rendering:
    """Render `trajectories` for a notebook: the last expression of a cell, it plays inline.

    MP4 is the smallest; use "gif" where a front end cannot play H.264 (VS Code's notebooks),
    "png" for the final still, and "html" for the player that scrubs, toggles and reads out.
    `size` and `options` are `render`'s. Nothing is left on disk: the file is rendered into a
    temporary folder, read back and the folder removed.
    """
    options = options or RenderOptions()
    suffix = f".{format}"
    if suffix not in FORMATS or format not in MIME_TYPES:
        choices = ", ".join(repr(known.lstrip(".")) for known in FORMATS if known.lstrip(".") in MIME_TYPES)
        raise UserError(f"unknown format {format!r}; use one of {choices}")
    with tempfile.TemporaryDirectory(prefix="landscapes-") as folder:
        path = render(trajectories, Path(folder) / f"landscapes{suffix}", size=size, options=options)
        data = path.read_bytes()
    return Rendering(
        data, format, output_size(suffix, size or trajectories.scene.playback.size, options.gif_width)
    )
