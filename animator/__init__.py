"""Everything that draws or encodes: contour backgrounds, path artists, and the MP4/GIF/PNG sinks."""

from animator.notebook import Rendering, show
from animator.options import RenderOptions
from animator.render import FORMATS, render

__all__ = ["FORMATS", "RenderOptions", "Rendering", "render", "show"]
