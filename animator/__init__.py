"""Everything that draws or encodes: contour backgrounds, path artists, and the MP4/GIF/PNG sinks.

The names below load on first use, so checking an option (`animator.options`) does not pull in
matplotlib and JAX.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from animator.notebook import Rendering, show
    from animator.options import RenderOptions
    from animator.outputs import FORMATS
    from animator.rendering import render
    from animator.timing import Playback

_PUBLIC = {
    "FORMATS": "animator.outputs",
    "render": "animator.rendering",
    "RenderOptions": "animator.options",
    "Playback": "animator.timing",
    "Rendering": "animator.notebook",
    "show": "animator.notebook",
}
__all__ = ["FORMATS", "Playback", "RenderOptions", "Rendering", "render", "show"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'animator' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)
