"""Build the player page: the still background from the render's figure, and what the script draws on it.

Everything the script needs is read from the drawn figure itself (axes boxes and limits, the legend's
entries, the heads' colours and shapes, the counter's place), so the page follows the figure's
layout wherever it changes. Positions and losses are stored as float64, the CSV's own numbers: the
read-out shows exactly the values `landscapes trajectories` writes. Long runs keep every k-th step
(and the last), so a page stays a few megabytes; the slider then moves through the kept steps.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from animator import style
from animator.drawable import CLAMP, drawn_path
from animator.figure import SceneFigure, StepCounter, draw_scene
from animator.legend import LegendValues
from animator.losses import LossArtists
from animator.network import AccuracyArtists
from animator.options import RenderOptions
from animator.paths import PathArtists
from animator.timing import Timeline
from landscapes.engine.divergence import NEVER, escape, view_box

if TYPE_CHECKING:
    from landscapes.engine.trajectories import Trajectories

# Values of all paths together: 100,000 points of (x, y, loss) in float64 are 2.4 MB, 3.2 MB as base64.
MOST_STORED_POINTS = 100_000
PAGE_FILES = ("player.html", "player.css", "player.js")


def page_html(
    trajectories: Trajectories,
    size: tuple[int, int],
    timeline: Timeline,
    options: RenderOptions | None = None,
    manifest: str | None = None,
) -> str:
    """The whole page as text: template, style, script, background image and path data in one file.

    `manifest` (JSON text, see `landscapes.manifest`) goes in a script element of its own,
    `landscapes-manifest`, so `render --from page.html` can make the picture again. `timeline` is
    when each step plays (frames, rate, hold).
    """
    options = options or RenderOptions()
    scene_figure = draw_scene(trajectories, size, options)
    background = background_image(scene_figure)
    data = page_data(trajectories, scene_figure, options, timeline)
    template, css, script = (
        resources.files(__package__).joinpath(name).read_text("utf-8") for name in PAGE_FILES
    )
    names = ", ".join(trajectories.legends)
    fills = {
        "TITLE": html.escape(f"{trajectories.scene.name} — landscapes"),
        "COLORS": f"color-scheme: {'dark' if options.theme == 'dark' else 'light'}; "
        + "; ".join(f"--{name}: {color}" for name, color in page_colors(options.theme).items()),
        "ALT": html.escape(f"Contours of f = {trajectories.surface.formula}; paths of {names}", quote=True),
        "BACKGROUND": background,
        "WIDTH": str(size[0]),
        "HEIGHT": str(size[1]),
        "CSS": css,
        "DATA": script_json(data),
        "MANIFEST": script_json(json.loads(manifest)) if manifest is not None else "null",
        "SCRIPT": script,
    }
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda match: fills[match.group(1)], template)


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: with every `<` escaped, no `</script>` or `<!--` in a label
    can end it early."""
    return json.dumps(data, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")


def page_data(
    trajectories: Trajectories, scene_figure: SceneFigure, options: RenderOptions, timeline: Timeline
) -> dict[str, Any]:
    """What the script draws and reads out, in figure pixels (origin top left) and the paths' own units."""
    scene = trajectories.scene
    figure = scene_figure.figure
    optimizers, starts, _ = trajectories.losses.shape
    kept = kept_steps(scene.steps, optimizers * starts)
    scene_figure.show(0, scene.steps + 1)
    path_movers = [mover for mover in scene_figure.movers if isinstance(mover, PathArtists)]
    series_movers = [
        mover for mover in scene_figure.movers if isinstance(mover, LossArtists | AccuracyArtists)
    ]
    counters = [mover for mover in scene_figure.movers if isinstance(mover, StepCounter)]
    values_movers = [mover for mover in scene_figure.movers if isinstance(mover, LegendValues)]
    groups = (
        [[index] for index in range(optimizers)] if options.layout == "grid" else [list(range(optimizers))]
    )
    heads = [artist for mover in path_movers for artist in mover.artists if is_head(artist)]
    values = np.concatenate([trajectories.positions, trajectories.losses[..., None]], axis=-1)[:, :, kept]
    return {
        "size": list(figure.canvas.get_width_height()),
        "steps": scene.steps,
        "kept": encode(np.asarray(kept, "<i4")),
        "fps": timeline.fps,
        "frames": frame_indices(kept, timeline.steps),
        "hold": timeline.hold,
        "optimizers": [
            {"label": label, "legend": legend, "color": to_hex(head.get_color())}
            for label, legend, head in zip(
                trajectories.labels, trajectories.legends, heads[::starts][:optimizers], strict=True
            )
        ],
        "starts": starts,
        "values": encode(values.astype("<f8")),
        "drawn": [
            drawn_extent(path, scene.xlim, scene.ylim)
            for per_start in trajectories.positions
            for path in per_start
        ],
        "clamp": [value for limits in view_box(scene.xlim, scene.ylim, CLAMP) for value in limits],
        "panels": [
            {**axes_geometry(mover.artists[0], figure), "optimizers": group}
            for mover, group in zip(path_movers, groups, strict=True)
        ],
        "line": line_style(path_movers[0].artists[0], figure.dpi, options.tail),
        "heads": [head_style(head, figure.dpi) for head in heads[:starts]],
        "series": [series_panel(mover, kept, figure) for mover in series_movers],
        "counter": counter_style(counters[0].artists[0], figure) if counters else None,
        "legend_values": legend_values(values_movers[0], figure) if values_movers else None,
        "toggles": toggles(scene_figure),
    }


def kept_steps(steps: int, paths: int, most: int = MOST_STORED_POINTS) -> np.ndarray:
    """The steps stored in the page: all of them, or every k-th (and the last) when all would be too many."""
    per_path = max(2, most // max(paths, 1))
    if steps + 1 <= per_path:
        return np.arange(steps + 1)
    stride = math.ceil(steps / (per_path - 1))
    kept = np.arange(0, steps + 1, stride)
    return kept if kept[-1] == steps else np.append(kept, steps)


def frame_indices(kept: np.ndarray, steps: tuple[int, ...]) -> list[int]:
    """For each frame of the animation (the step it shows), the index of the last kept step up to it."""
    return (np.searchsorted(kept, np.asarray(steps), side="right") - 1).tolist()


def encode(array: np.ndarray) -> str:
    """An array's little-endian bytes as base64, for a typed array in the page."""
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def background_image(scene_figure: SceneFigure) -> str:
    """The figure with every moving part hidden, as a lossless WebP `data:` URI
    (the PNG's pixels in about 40% fewer bytes)."""
    hidden = [artist for artist in scene_figure.artists if artist.get_visible()]
    for artist in hidden:
        artist.set_visible(False)
    canvas = scene_figure.canvas
    canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert(
        "RGB"
    )
    for artist in hidden:
        artist.set_visible(True)
    stream = io.BytesIO()
    image.save(stream, "WEBP", lossless=True, quality=50, method=4)
    return "data:image/webp;base64," + base64.b64encode(stream.getvalue()).decode("ascii")


def is_head(artist: Artist) -> bool:
    """A path's head marker (a line artist with a marker and no line)."""
    return isinstance(artist, Line2D) and artist.get_linestyle() in ("None", "none", "")


def drawn_extent(path: np.ndarray, xlim: tuple[float, float], ylim: tuple[float, float]) -> list:
    """[how many of the path's points are drawn, the border point drawn after them or None].

    The same cut as the renderer's (`drawn_path`): up to the last finite point, and where the path
    leaves the view for good, up to the border it crossed.
    """
    drawn = drawn_path(path, xlim, ylim)
    left_step, _ = escape(path, xlim, ylim)
    if left_step == NEVER:
        return [len(drawn), None]
    return [left_step, drawn[-1, :2].tolist()]


def pixel_box(box: Bbox, figure_height: float) -> list[float]:
    """A display box as [left, top, width, height] in pixels from the figure's top left."""
    return [box.x0, figure_height - box.y1, box.width, box.height]


def axes_geometry(artist: Artist, figure) -> dict[str, Any]:
    """Where an artist's axes sit in the figure and which data range they show."""
    ax = artist.axes
    return {
        "box": pixel_box(ax.bbox, figure.bbox.height),
        "xlim": list(ax.get_xlim()),
        "ylim": list(ax.get_ylim()),
        "log": ax.get_yscale() == "log",
    }


def points_to_pixels(points: float, dpi: float) -> float:
    return float(points) * dpi / 72


def line_style(line: Artist, dpi: float, tail: int | None) -> dict[str, Any]:
    return {"width": points_to_pixels(np.atleast_1d(line.get_linewidth())[0], dpi), "tail": tail}


def head_style(head: Line2D, dpi: float) -> dict[str, Any]:
    """A head marker: its outline (in marker sizes, y up), size and edge, from the figure's own marker."""
    marker = MarkerStyle(head.get_marker())
    outline = marker.get_path().transformed(marker.get_transform()).to_polygons()[0]
    return {
        "shape": "circle" if head.get_marker() == "o" else np.round(outline, 4).tolist(),
        "size": points_to_pixels(head.get_markersize(), dpi),
        "edge": points_to_pixels(head.get_markeredgewidth(), dpi),
        "edgeColor": to_hex(head.get_markeredgecolor()),
    }


def series_panel(mover: LossArtists | AccuracyArtists, kept: np.ndarray, figure) -> dict[str, Any]:
    """Axes of values against step (the loss panel, a network's accuracy): their place, and the series
    they plot at the kept steps, one per (optimizer, start) in order, with the lines' style."""
    lines = [artist for artist in mover.artists if not is_head(artist)]
    heads = [artist for artist in mover.artists if is_head(artist)]
    series = np.stack([np.asarray(line.get_ydata(), float)[kept] for line in lines])
    width = points_to_pixels(lines[0].get_linewidth(), figure.dpi)
    dashed = lines[0].get_linestyle() not in ("-", "solid")
    return {
        **axes_geometry(lines[0], figure),
        "values": encode(series.astype("<f4")),
        "width": width,
        "dash": [3 * width, 2 * width] if dashed else None,
        "head": head_style(heads[0], figure.dpi) if heads else None,
    }


def legend_values(mover: LegendValues, figure) -> dict[str, Any]:
    """Where each optimizer's current loss goes in the legend, and the step from which each of its
    paths counts as diverged (-1: never), so the script writes the numbers the video shows."""
    return {
        "texts": [counter_style(text, figure) for text in mover.texts],
        "diverged": mover.diverged_at.tolist(),
    }


def counter_style(text: Text, figure) -> dict[str, Any]:
    """Where and how a changing text (the step counter, a legend value) is written, so the script
    writes it in the same place."""
    x, y = text.get_transform().transform(text.get_position())
    return {
        "x": float(x),
        "y": float(figure.bbox.height - y),
        "align": text.get_horizontalalignment(),
        "baseline": text.get_verticalalignment(),
        "size": points_to_pixels(text.get_fontsize(), figure.dpi),
        "color": to_hex(text.get_color()),
    }


def toggles(scene_figure: SceneFigure) -> list[dict[str, Any]]:
    """A button's box over each optimizer's legend entry (overlay) or panel title (grid)."""
    figure = scene_figure.figure
    renderer = figure.canvas.get_renderer()
    height = figure.bbox.height
    return [
        {
            "optimizer": optimizer,
            "box": pixel_box(Bbox.union([a.get_window_extent(renderer) for a in artists]).padded(3), height),
        }
        for optimizer, artists in enumerate(scene_figure.toggles)
    ]


def page_colors(theme_name: str) -> dict[str, str]:
    """The page's own colours (around the figure and in the controls), from the render's theme."""
    theme = style.THEMES[theme_name]
    return {
        "background": to_hex(theme.figure_color),
        "text": to_hex(theme.text_color),
        "muted": to_hex(theme.muted_text_color),
        "rule": to_hex(theme.grid_color),
    }
