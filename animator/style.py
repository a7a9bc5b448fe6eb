"""Colours, markers and sizes, in one place, chosen to read well on a projected slide."""

from dataclasses import dataclass

PATH_COLORS = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4",
    "#42d4f4", "#f032e6", "#9a6324", "#000075", "#808000",
)  # fmt: skip
START_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "p", "h", "<", ">", "8")
CONTOUR_CMAP = "viridis"
FILL_CMAP = "Greys_r"
FIGURE_WIDTH_INCHES = 12.8
BASE_FONT_SIZE = 13
PATH_LINE_WIDTH = 2.4
HEAD_MARKER_SIZE = 10
MINIMUM_MARKER_SIZE = 20
GRID_RESOLUTION = 400


def color_for(index: int) -> str:
    """The colour of the optimizer at `index`, cycling through a palette of distinct hues."""
    return PATH_COLORS[index % len(PATH_COLORS)]


def marker_for(index: int) -> str:
    """The head marker of the start point at `index`."""
    return START_MARKERS[index % len(START_MARKERS)]


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

    def color_for(self, index: int) -> str:
        """The colour of the optimizer at `index`, cycling through the theme's palette."""
        return self.path_colors[index % len(self.path_colors)]


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
)
DARK_PATH_COLORS = (
    "#ff5c7a", "#5ee36a", "#6fa8ff", "#ffa24c", "#d18cff",
    "#42d4f4", "#ff7ef0", "#e0b070", "#ffffff", "#dcdc50",
)  # fmt: skip
# On a dark slide the darkest contour shades vanish, so the colour map starts at its brighter end,
# and the palette's navy, purple and olive give way to hues that stay bright on near-black.
DARK = Theme(
    name="dark",
    figure_color="#111418",
    axes_color="#181c22",
    text_color="#f0f0f0",
    muted_text_color="#c8c8c8",
    contour_cmap="viridis",
    contour_range=(0.35, 1.0),
    fill_cmap="Greys_r",
    fill_alpha=0.18,
    path_colors=DARK_PATH_COLORS,
    marker_edge="#111418",
    minimum_edge="#f0f0f0",
    start_face="#111418",
    grid_color="#3a4048",
)
THEMES = {theme.name: theme for theme in (LIGHT, DARK)}
