"""Colours, line styles, markers and sizes, in one place, chosen to read well on a projected slide.

Sizes are pixels of the output (`Sizes`), not points of a 1280 px design: text has a minimum pixel
size at 800×450 (`TEXT_PX`) that grows with the output, so an 800 px GIF on a projector and a
480 px GIF in a notebook stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass

PATH_COLORS = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
    "#f032e6", "#9a6324", "#000075", "#808000", "#469990", "#800000",
)  # fmt: skip
# Solid for the first round of colours, then dashed, then dotted: 36 distinct (colour, style) pairs.
LINE_STYLES = ("solid", "dashed", "dotted")
START_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "p", "h", "<", ">", "8")
CONTOUR_CMAP = "viridis"
FILL_CMAP = "Greys_r"
FIGURE_WIDTH_INCHES = 12.8
BASE_FONT_SIZE = 13
PATH_LINE_WIDTH = 2.4
HEAD_MARKER_SIZE = 10
MINIMUM_MARKER_SIZE = 20
# Contours are traced on a grid of samples over each panel's window: about one sample per 2.5 pixels
# of the picture's shorter side (a 2D panel is at most that tall), at most GRID_RESOLUTION² and at
# least MIN_GRID_RESOLUTION². Side by side, 1280×720 pictures drawn from 400² samples and from 288²
# (this rule) show the same lines; only where a few contour labels sit changes.
GRID_RESOLUTION = 400
MIN_GRID_RESOLUTION = 100
SAMPLES_PER_PIXEL = 0.4

REFERENCE_SIZE = (800, 450)
# Each text's size in pixels (its em, = points × dpi / 72) at 800×450; also its minimum at any size.
TEXT_PX = {
    "title": 20.0,
    "subtitle": 14.0,
    "formula": 13.0,
    "legend": 13.0,
    "counter": 13.0,
    "panel_title": 13.0,
    "axis_label": 12.0,
    "tick": 11.0,
    "contour": 11.0,
}
# The same for marks: path lines, head and start markers, minimum stars (pixels at 800×450).
MARK_PX = {"line": 2.2, "head": 10.0, "start": 12.0, "minimum": 16.0}


def color_for(index: int) -> str:
    """The colour of the optimizer at `index`, cycling through a palette of distinct hues."""
    return PATH_COLORS[index % len(PATH_COLORS)]


def marker_for(index: int) -> str:
    """The head marker of the start point at `index`."""
    return START_MARKERS[index % len(START_MARKERS)]


def line_style_for(index: int, colors: int = len(PATH_COLORS)) -> str | tuple:
    """The line style of the optimizer at `index`: solid while colours are new, then dashed, dotted."""
    return LINE_STYLES[(index // colors) % len(LINE_STYLES)]


@dataclass(frozen=True)
class Sizes:
    """Pixel sizes of every text and mark of one figure, and the dpi that turns them into points.

    `scale` is how much larger than at 800×450 things are drawn: the output's smaller side against
    the reference's (so a portrait or a strip is not crowded), times `font_scale`, and times the
    user's dpi against the default one; never below 1, so the minimums of `TEXT_PX` always hold.
    """

    dpi: float
    scale: float

    def text_px(self, role: str) -> float:
        return TEXT_PX[role] * self.scale

    def text(self, role: str) -> float:
        """A text's font size in points."""
        return self.points(self.text_px(role))

    def mark(self, role: str) -> float:
        """A mark's size (line width or marker size) in points."""
        return self.points(MARK_PX[role] * self.scale)

    def points(self, px: float) -> float:
        return px * 72.0 / self.dpi

    def px(self, points: float) -> float:
        return points * self.dpi / 72.0


def default_dpi(width: int) -> float:
    """The default dots per inch: width / 12.8 (100 at 1280 px)."""
    return width / FIGURE_WIDTH_INCHES


def grid_resolution(size: tuple[int, int]) -> int:
    """Samples across a 2D panel's window for its contours, in a picture of `size` pixels."""
    return min(GRID_RESOLUTION, max(MIN_GRID_RESOLUTION, round(SAMPLES_PER_PIXEL * min(size))))


def sizes_for(size: tuple[int, int], dpi: float | None = None, font_scale: float = 1.0) -> Sizes:
    """The `Sizes` of a figure of `size` pixels, with the user's `dpi` and `font_scale` if given."""
    width, height = size
    natural = default_dpi(width)
    chosen = dpi or natural
    fit = min(width / REFERENCE_SIZE[0], height / REFERENCE_SIZE[1])
    return Sizes(chosen, max(1.0, fit * font_scale * chosen / natural))


@dataclass(frozen=True)
class Theme:
    """The colours of one look: figure and axes backgrounds, text, contour and path colours."""

    name: str
    figure_color: str
    axes_color: str
    text_color: str
    muted_text_color: str
    contour_cmap: str
    contour_range: tuple[float, float]
    fill_cmap: str
    fill_alpha: float
    path_colors: tuple[str, ...]
    marker_edge: str
    minimum_edge: str
    start_face: str
    grid_color: str
    contour_label_color: str

    def color_for(self, index: int) -> str:
        """The colour of the optimizer at `index`, cycling through the theme's palette."""
        return self.path_colors[index % len(self.path_colors)]

    def line_style_for(self, index: int) -> str | tuple:
        """The line style of the optimizer at `index`; with its colour, a pair no other index shares."""
        return line_style_for(index, len(self.path_colors))


LIGHT = Theme(
    name="light",
    figure_color="white",
    axes_color="white",
    text_color="black",
    muted_text_color="#333333",
    contour_cmap=CONTOUR_CMAP,
    contour_range=(0.0, 0.9),
    fill_cmap=FILL_CMAP,
    fill_alpha=0.25,
    path_colors=PATH_COLORS,
    marker_edge="white",
    minimum_edge="black",
    start_face="white",
    grid_color="#d0d0d0",
    contour_label_color="#1a1a1a",
)
DARK_PATH_COLORS = (
    "#ff5c7a", "#5ee36a", "#6fa8ff", "#ffa24c", "#d18cff", "#42d4f4",
    "#ff7ef0", "#e0b070", "#ffffff", "#dcdc50", "#2ee8b6", "#ff9f9f",
)  # fmt: skip
# On a dark slide the darkest contour shades vanish, so the colour map starts at its brighter end,
# where every line keeps a contrast of 4.5:1 with the lightest shading behind it, and the palette's
# navy, purple and olive give way to hues that stay bright on near-black.
DARK = Theme(
    name="dark",
    figure_color="#111418",
    axes_color="#181c22",
    text_color="#f0f0f0",
    muted_text_color="#c8c8c8",
    contour_cmap="viridis",
    contour_range=(0.65, 1.0),
    fill_cmap="Greys_r",
    fill_alpha=0.1,
    path_colors=DARK_PATH_COLORS,
    marker_edge="#111418",
    minimum_edge="#f0f0f0",
    start_face="#111418",
    grid_color="#3a4048",
    contour_label_color="#e8e8e8",
)
THEMES = {theme.name: theme for theme in (LIGHT, DARK)}
