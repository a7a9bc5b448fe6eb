"""What an output will be, decided before any drawing: its format from the suffix, and its pixel size.

Kept apart from the drawing code so the command line can check `-o` without loading matplotlib.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from animator.options import DEFAULT_GIF_WIDTH, RenderOptions
from landscapes.errors import UserError
from landscapes.files import check_writable
from landscapes.values import caller

FORMATS = (".mp4", ".gif", ".png", ".html", ".webm", ".webp", ".svg", ".pdf")
STILLS = (".png", ".svg", ".pdf")
WEB_IMAGES = (".gif", ".webp")  # looping animations for pages: `gif_width` wide, the last frame held
DEFAULT_SIZE = (1280, 720)


def output_size(
    suffix: str, size: tuple[int, int] | None, gif_width: int = DEFAULT_GIF_WIDTH
) -> tuple[int, int]:
    """The pixel size of the output: `size` (as asked, else the scene's own), else 1280×720 (GIFs and
    WebPs `gif_width` wide).

    Video sizes are rounded up to even numbers, as H.264 with yuv420p requires.
    """
    if size is None:
        width, height = DEFAULT_SIZE
        if suffix in WEB_IMAGES:
            width, height = gif_width, round(gif_width * height / width)
    else:
        width, height = size
    if suffix in (".mp4", ".webm"):
        width, height = width + width % 2, height + height % 2
    return width, height


def check_output(path: Path, options: RenderOptions | None = None) -> str:
    """The output's format (its suffix), or a `UserError` if it cannot be written as asked."""
    suffix = path.suffix.lower()
    if not suffix:
        raise UserError(f"output {str(path)!r} has no suffix to choose the format by; use e.g. out.mp4")
    if suffix not in FORMATS:
        raise UserError(f"unknown output format {suffix!r}; use one of {', '.join(FORMATS)}")
    if options is not None and options.transparent and suffix not in STILLS:
        raise UserError(f"{caller()('transparent')} needs a still (.png, .svg or .pdf), got {path.name!r}")
    if options is not None and suffix == ".html":
        if options.view == "3d":
            raise UserError(f"the page {path.name!r} plays 2D views; drop --view 3d, or write .mp4 or .gif")
        if options.show:
            raise UserError(f"the page {path.name!r} does not draw --show's arrows yet; write .mp4 or .gif")
    check_writable(path)
    return suffix


def check_panels(surfaces: int, options: RenderOptions, path: Path) -> RenderOptions:
    """The options for drawing `surfaces` surfaces, a panel each when there are several (the grid layout,
    whatever the layout asked); a `UserError` for what several surfaces cannot have."""
    if surfaces < 2:
        return options
    if options.loss_panel:
        raise UserError(
            f"{caller()('loss_panel')} plots one surface's losses, and several surfaces' losses do not share "
            "a scale: leave it out, or render each surface alone with it"
        )
    if path.suffix.lower() == ".html":
        raise UserError(f"the page {path.name!r} plays one surface; for several write .mp4, .gif or .png")
    return replace(options, layout="grid")
