"""Colours, markers and sizes, in one place, chosen to read well on a projected slide."""

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
