"""The figure of a render: surface panels (2D or 3D), an optional loss panel, the legend and the text.

Layouts: "overlay" puts every optimizer on one surface, with title, formula, step counter and legend
in a column beside it (wide frames) or in strips above and below it (portrait and square frames);
"grid" gives each optimizer its own panel, titled with its legend label in its colour, under a
header with the title and the counter, and puts the legend in a cell the panels leave empty.
Every text is sized in pixels of the output (`style.Sizes`) and measured before the panels are
placed, so nothing runs off the canvas or over anything else at any size, aspect or dpi.
"""

from __future__ import annotations

import functools
import re
from dataclasses import astuple, dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from animator import background, losses, overlays, overlays3d, style, surface3d
from animator import network as network_figure
from animator.formula import pretty_formula
from animator.layout import Box, Plan, grid_shape, panel_area
from animator.legend import Entry, Fit, LegendBlock, LegendValues
from animator.options import RenderOptions
from animator.paths import PathArtists
from animator.style import Sizes, Theme
from landscapes.engine.divergence import escape

if TYPE_CHECKING:  # frame workers unpickle figures: the drawing modules need no JAX
    from landscapes.engine.trajectories import Trajectories

# Point sizes of the basin maps' texts (at the default dpi).
TITLE_SIZE = style.BASE_FONT_SIZE * 2.0
LEGEND_SIZE = style.BASE_FONT_SIZE * 1.25
PANEL_TITLE_SIZE = style.BASE_FONT_SIZE * 1.2
COUNTER_SIZE = style.BASE_FONT_SIZE * 1.2

# Where a long line may break: after a space, or after an operator inside a formula.
BREAKS = re.compile(r"(?<=[+−·*,])(?=\S)")
ROUND_STEPS = [1, 2, 2.5, 5, 10]
EXPRESSION_NAME = "expression"  # `surfaces.expression`'s name for a typed surface (not imported: JAX)
LINE_GAP = 0.3  # between header lines, in ems of the line below
MARGIN = 0.022  # of the smaller side
SIDE_COLUMN_WIDTHS = (0.22, 0.27, 0.32, 0.38, 0.45, 0.52, 0.6)
LOSS_SHARES = (0.4, 0.25)  # of the column's height, beside the panel
LOSS_SHARE = 0.42  # of the height left to the panel and the loss panel, below the panel
BELOW_LEGEND_SHARE = 0.45


class Mover(Protocol):
    """Something that changes from frame to frame: it updates its artists for a frame and lists them."""

    @property
    def artists(self) -> list[Artist]: ...

    def show(self, frame: int, points: int) -> None: ...


class StepCounter:
    """The figure's step counter."""

    def __init__(self, text: Text, steps: int) -> None:
        self._text = text
        self._steps = steps

    @property
    def artists(self) -> list[Artist]:
        return [self._text]

    def show(self, frame: int, points: int) -> None:
        self._text.set_text(step_label(points, self._steps))


@dataclass
class SceneFigure:
    """A drawn scene: the figure with its static background, and the movers that change per frame.

    With `blit` (2D views, and 3D views at a still camera) the background is drawn once and each
    frame restores it and draws only the moving artists; a turning camera changes the projection of
    everything on it, so it redraws whole.
    `roles` names the part each of the figure's own texts plays ("title", "legend", …), for checks;
    `toggles` holds, per optimizer, the artists that name it (its legend entry, or its panel's title).
    """

    figure: Figure
    movers: list[Mover]
    blit: bool = True
    roles: dict[Text, str] = field(default_factory=dict)
    toggles: list[list[Artist]] = field(default_factory=list)
    _background: Any = field(default=None, init=False, repr=False)

    @property
    def canvas(self) -> FigureCanvasAgg:
        return self.figure.canvas

    @property
    def artists(self) -> list[Artist]:
        return [artist for mover in self.movers for artist in mover.artists]

    def show(self, frame: int, points: int) -> None:
        """Set every mover to frame `frame`, which shows the first `points` points of each path."""
        for mover in self.movers:
            mover.show(frame, points)

    def begin_animation(self) -> None:
        """Before the first frame: when blitting, draw the still background once and keep a copy."""
        for artist in self.artists:
            artist.set_animated(self.blit)
        if self.blit:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)

    def frame(self, frame: int, points: int) -> memoryview:
        """The RGBA pixels of one frame (a view of the canvas, valid until the next frame)."""
        self.show(frame, points)
        if self.blit:
            self.canvas.restore_region(self._background)
            for artist in self.artists:
                project_3d(artist)
                self.figure.draw_artist(artist)
        else:
            self.canvas.draw()
        return self.canvas.buffer_rgba()


def project_3d(artist: Artist) -> None:
    """Project a 3D collection's new points, as its axes' full draw would: blitting skips that draw."""
    if isinstance(artist, Collection | Patch) and hasattr(artist, "do_3d_projection"):
        artist.do_3d_projection()


def path_colors(trajectories: Trajectories, theme: Theme) -> list[str]:
    """Each optimizer's colour: the one its spec chose (a scene file's `color`), else the theme's by index."""
    return [spec.color or theme.color_for(index) for index, spec in enumerate(trajectories.scene.optimizers)]


def figure_for(size: tuple[int, int], dpi: float | None = None, theme: Theme = style.LIGHT) -> Figure:
    """A figure of exactly `size` pixels; its default dpi scales with the width, so fonts keep proportion."""
    width, height = size
    dpi = dpi or style.default_dpi(width)
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor=theme.figure_color)
    FigureCanvasAgg(figure)
    return figure


@dataclass(eq=False)
class Texts:
    """The figure's own texts: title, the lines under it (subtitle, formula, noise), the step counter."""

    title: Text
    lines: list[tuple[Text, str, str]]  # (text, role, full string)
    counter: Text
    title_string: str


def draw_scene(
    trajectories: Trajectories,
    size: tuple[int, int],
    options: RenderOptions | None = None,
    frames: int = 1,
    points: int | None = None,
) -> SceneFigure:
    """Draw everything that stays still, and create the movers that each frame updates (`frames` of them,
    for a camera that turns once around over the animation; the first `points` points of each path, to
    which the overlays' arrows are scaled; None: all)."""
    options = options or RenderOptions()
    theme = style.THEMES[options.theme]
    sizes = style.sizes_for(size, options.dpi, options.font_scale)
    figure = figure_for(size, sizes.dpi, theme)
    renderer = figure.canvas.get_renderer()
    scene = trajectories.scene
    count = len(trajectories.labels)
    colors = path_colors(trajectories, theme)
    styles = [theme.line_style_for(index) for index in range(count)]
    several = bool(trajectories.panels)
    grid = options.layout == "grid" or several
    three_d = options.view == "3d"
    sources = panel_sources(trajectories, grid)
    resolution = surface3d.RESOLUTION if three_d else style.grid_resolution(size)
    from landscapes.engine.trajectories import grid_values
    from landscapes.network.run import NetworkTrajectories

    network = trajectories if isinstance(trajectories, NetworkTrajectories) else None
    sampled = {
        id(part): network.grid if network else grid_values(part.surface, *window_of(part), resolution)
        for part in trajectories.per_surface()
    }

    roles: dict[Text, str] = {}
    texts = header_texts(figure, trajectories, options, theme, sizes, roles)
    panels = [empty_panel(figure, part, sampled[id(part)], theme, sizes, options.view) for part, _ in sources]
    loss_ax = loss_axes(figure, trajectories, theme, sizes) if options.loss_panel else None
    entries = [
        Entry(legend, color, line)
        for legend, color, line in zip(trajectories.legends, colors, styles, strict=True)
    ]
    legend = LegendBlock(
        figure, entries, text_color=theme.text_color, line_width=sizes.mark("line") * 1.3, values=not several
    )
    legend.measure(renderer, sizes.text_px("legend"))
    if grid:
        legend_shown, cell_width = arrange_grid(
            figure, renderer, texts, panels, loss_ax, legend, sizes, options.view, shared=not several
        )
        for ax, (part, group) in zip(panels, sources, strict=True):
            if several:
                label, color = surface_title(part.surface), theme.text_color
            else:
                label, color = trajectories.legends[group[0]], colors[group[0]]
            title_panel(ax, label, color, cell_width, sizes, renderer)
            roles[ax.title] = "panel_title"
    else:
        arrange_overlay(
            Overlay(figure, renderer, texts, panels[0], loss_ax, legend, sizes, scene_aspect(scene, three_d))
        )
        legend_shown = legend.fit is not None
    if legend_shown:
        for text in legend.texts:
            roles[text] = "legend"
        toggles = legend.entry_artists()
    else:
        legend_hide(legend)
        toggles = [[ax.title] for ax in panels] if grid and not several else []

    for ax, (part, _) in zip(panels, sources, strict=True):
        finish_panel(ax, part, sampled[id(part)], theme, sizes, options)
    movers: list[Mover] = []
    factors: dict[int, overlays.Factors | None] = {}
    # With several surfaces each panel's --show key is its own (the scales differ): inside the panel.
    panel_options = replace(options, layout="overlay") if several else options
    for ax, (part, group) in zip(panels, sources, strict=True):
        shown = part.positions
        occlusion = None
        if three_d:
            part_xs, part_ys, part_z = sampled[id(part)]
            # On a network's plane the paths sit at the loss of their projections; their true loss is off it.
            heights = network.plane_losses if network else part.losses
            lift = surface3d.lift_for(part_z)
            shown = surface3d.lifted_paths(shown, heights, *window_of(part), lift)
            # The camera turns first: what the surface hides depends on where it stands.
            if options.rotate:
                movers.append(surface3d.TurningCamera(ax, frames))
            occlusion = surface3d.Occlusion(ax, part_xs, part_ys, part_z)
            movers.append(surface3d.MinimumStars(ax, part.surface, occlusion, lift, theme, sizes))
        movers.append(
            PathArtists(
                ax, shown[group], [colors[i] for i in group], marker_edge=theme.marker_edge,
                tail=options.tail, styles=[styles[i] for i in group], sizes=sizes, occlusion=occlusion,
            )
        )  # fmt: skip
        if id(part) not in factors:
            factors[id(part)] = overlays.overlay_factors(part, options, points)
        draw = overlays3d.draw_overlays_3d if three_d else overlays.draw_overlays
        movers.extend(draw(ax, part, group, colors, panel_options, factors[id(part)], theme))
    if loss_ax is not None:
        movers.append(loss_movers(loss_ax, trajectories, colors, styles, theme, sizes))
        if "lr" in options.show:
            movers.append(overlays.RateLines(loss_ax, trajectories, colors, theme))
    if network:
        plan = Plan(
            tuple(ax.get_position().bounds for ax in panels), loss_ax and loss_ax.get_position().bounds
        )
        movers.extend(network_figure.annotate(figure, plan, network, colors, theme, options.view))
    movers.append(StepCounter(texts.counter, scene.steps))
    if legend_shown and legend.fit is not None and legend.fit.values:
        movers.append(LegendValues(legend.value_texts, trajectories.losses, diverged_steps(trajectories)))
    return SceneFigure(figure, movers, blit=not options.rotate, roles=roles, toggles=toggles)


def window_of(trajectories: Trajectories) -> tuple[tuple[float, float], tuple[float, float]]:
    return trajectories.scene.xlim, trajectories.scene.ylim


def surface_title(surface) -> str:
    """A panel's title for its surface: the name, or the formula of a surface typed as an expression."""
    return pretty_formula(surface.formula) if surface.name == EXPRESSION_NAME else surface.name


def panel_sources(trajectories: Trajectories, grid: bool) -> list[tuple[Trajectories, list[int]]]:
    """What each surface panel shows: whose trajectories, and which optimizers of them. One panel per
    surface (all optimizers) when there are several surfaces, else one per optimizer in a grid, else one."""
    every = list(range(len(trajectories.labels)))
    if trajectories.panels:
        return [(part, every) for part in trajectories.panels]
    if grid:
        return [(trajectories, [index]) for index in every]
    return [(trajectories, every)]


def scene_aspect(scene, three_d: bool) -> float | None:
    """The window's width over its height (None for 3D, which has no fixed aspect)."""
    if three_d:
        return None
    (x0, x1), (y0, y1) = scene.xlim, scene.ylim
    return (x1 - x0) / (y1 - y0)


def diverged_steps(trajectories: Trajectories) -> np.ndarray:
    """(optimizers, starts): the step each path left the view or stopped being finite, or -1."""
    scene = trajectories.scene
    return np.array(
        [[min((s for s in escape(path, scene.xlim, scene.ylim) if s >= 0), default=-1) for path in per_start]
         for per_start in trajectories.positions]
    )  # fmt: skip


# Texts.


def header_texts(
    figure: Figure,
    trajectories: Trajectories,
    options: RenderOptions,
    theme: Theme,
    sizes: Sizes,
    roles: dict,
) -> Texts:
    """Title, subtitle, formula, noise note and counter, created unplaced (the layout places them)."""
    scene = trajectories.scene
    formula = pretty_formula(scene.surface.formula)
    # A surface typed as an expression has no name of its own: its formula is the title.
    untitled = scene.name == scene.surface.name == EXPRESSION_NAME
    title_string = options.title if options.title is not None else (formula if untitled else scene.name)
    surfaces = [part.surface for part in trajectories.panels]
    if options.title is None and scene.name == " · ".join(s.formula if s.name == EXPRESSION_NAME else s.name
                                                          for s in surfaces):  # fmt: skip
        title_string = " · ".join(map(surface_title, surfaces))  # the name made from the surfaces, typeset
    title = figure.text(0, 0, title_string, fontweight="bold", va="top", color=theme.text_color)
    title.set_fontsize(sizes.text("title"))
    roles[title] = "title"
    strings: list[tuple[str, str]] = []
    if options.subtitle:
        strings.append((options.subtitle, "subtitle"))
    if options.formula and not (untitled and options.title is None) and not trajectories.panels:
        strings.append((f"f = {formula}", "formula"))
    if scene.noise:
        strings.append((f"gradient noise σ = {scene.noise:g}, seed {scene.seed}", "formula"))
    lines = []
    for string, role in strings:
        color = theme.text_color if role == "subtitle" else theme.muted_text_color
        text = figure.text(0, 0, string, va="top", color=color, fontsize=sizes.text(role))
        roles[text] = role
        lines.append((text, role, string))
    counter = figure.text(
        0, 0, step_label(scene.steps + 1, scene.steps), va="top", color=theme.muted_text_color,
        family="monospace", fontsize=sizes.text("counter"),
    )  # fmt: skip
    roles[counter] = "counter"
    return Texts(title, lines, counter, title_string)


def width_of(text: Text, renderer: RendererBase) -> float:
    """The width in pixels of a horizontal text's widest line, measured straight from the font
    (the layout measures hundreds of candidate lines; a full text layout each would be slow)."""
    string = text.get_text()
    if not string:
        return 0.0
    font = text.get_fontproperties()
    return max(line_width(line, font, renderer) for line in string.split("\n"))


def line_width(line: str, font: FontProperties, renderer: RendererBase) -> float:
    """The width in pixels of one line of text in `font`, remembered across figures: a figure's layout
    tries the same labels at many widths, and a render's workers and a test run lay out many figures."""
    key = (line, font, type(renderer), renderer.dpi)
    width = _LINE_WIDTHS.get(key)
    if width is None:
        if len(_LINE_WIDTHS) >= MAX_REMEMBERED_WIDTHS:
            _LINE_WIDTHS.clear()
        width = renderer.get_text_width_height_descent(line, font, ismath=False)[0]
        _LINE_WIDTHS[(line, font.copy(), type(renderer), renderer.dpi)] = width
    return width


MAX_REMEMBERED_WIDTHS = 20_000
_LINE_WIDTHS: dict[tuple[str, FontProperties, type, float], float] = {}


def height_of(text: Text, renderer: RendererBase) -> float:
    return text.get_window_extent(renderer).height if text.get_text() else 0.0


def set_within(
    text: Text,
    string: str,
    width: float,
    renderer: RendererBase,
    sizes: Sizes,
    role: str,
    shrink: bool = False,
) -> None:
    """Set `string` into `text` so it is at most `width` pixels wide: smaller type down to the role's
    minimum (if `shrink`), then broken into lines at spaces, then cut short with an ellipsis."""
    text.set_text(string)
    px = sizes.text_px(role)
    smallest = style.TEXT_PX[role]
    text.set_fontsize(sizes.points(px))
    while shrink and width_of(text, renderer) > width and px > smallest:
        px = max(smallest, px * 0.92)
        text.set_fontsize(sizes.points(px))
    if width_of(text, renderer) <= width:
        return
    lines = [line for word_line in greedy(string.split(" "), " ", text, width, renderer)
             for line in greedy(BREAKS.split(word_line), "", text, width, renderer)]  # fmt: skip
    text.set_text("\n".join(lines))
    if width_of(text, renderer) > width:
        fitted = [shortened(line, width, text, renderer) for line in lines]
        text.set_text("\n".join(fitted))


def greedy(pieces: list[str], joint: str, text: Text, width: float, renderer: RendererBase) -> list[str]:
    """Lines of `pieces` joined by `joint`, each as long as fits in `width` pixels (or one piece)."""
    lines: list[str] = []
    for piece in pieces:
        candidate = f"{lines[-1]}{joint}{piece}" if lines else piece
        text.set_text(candidate.strip())
        if lines and width_of(text, renderer) <= width:
            lines[-1] = candidate
        else:
            lines.append(piece)
    return [line.strip() for line in lines if line.strip()]


def shortened(line: str, width: float, text: Text, renderer: RendererBase) -> str:
    """`line` cut at its end (with an ellipsis) to fit `width` pixels at `text`'s font."""
    text.set_text(line)
    while width_of(text, renderer) > width and len(line) > 1:
        line = line[:-1]
        text.set_text(line.rstrip() + "…")
    return text.get_text()


def put(text: Text, x: float, y: float, figure: Figure, ha: str = "left") -> None:
    """Place a text by its top edge at (`x`, `y`) pixels."""
    text.set_horizontalalignment(ha)
    text.set_verticalalignment("top")
    text.set_position((x / figure.bbox.width, y / figure.bbox.height))


def line_gap(text: Text, sizes: Sizes) -> float:
    return LINE_GAP * sizes.px(text.get_fontsize())


# Panels.


def empty_panel(
    figure: Figure,
    trajectories: Trajectories,
    sampled: tuple[np.ndarray, np.ndarray, np.ndarray],
    theme: Theme,
    sizes: Sizes,
    view: str,
) -> Axes:
    """A surface panel with its window, ticks and theme but nothing drawn yet (the layout sizes it first)."""
    scene = trajectories.scene
    if view == "3d":
        ax = figure.add_axes((0, 0, 1, 1), projection="3d", computed_zorder=False)
        surface3d.frame_3d(ax, *sampled, theme, sizes)
        return ax
    ax = figure.add_axes((0, 0, 1, 1))
    background.set_window(ax, scene.xlim, scene.ylim)
    background.apply_theme(ax, theme, sizes)
    return ax


def finish_panel(
    ax: Axes,
    trajectories: Trajectories,
    sampled: tuple[np.ndarray, np.ndarray, np.ndarray],
    theme: Theme,
    sizes: Sizes,
    options: RenderOptions,
) -> None:
    """Draw the still surface into a placed panel: contours, minima and starts, or the shaded 3D plot."""
    scene = trajectories.scene
    if options.view == "3d":
        surface3d.draw_surface_3d(ax, scene.surface, *sampled, theme, sizes)
        return
    background.draw_contours(
        ax, scene.surface, *sampled, theme, sizes, levels=options.level_spec, labels=options.contour_labels,
        keep_clear=np.concatenate(
            [trajectories.positions[0, :, 0], [(m.x, m.y) for m in scene.surface.minima] or np.empty((0, 2))]
        ),
    )  # fmt: skip
    background.draw_minima(ax, scene.surface, theme, sizes)
    background.draw_starts(ax, trajectories.positions[0, :, 0], theme, sizes)


def fit_axes(
    ax: Axes, box: Box, renderer: RendererBase, anchor: str = "C", guess: tuple[float, ...] = (0, 0, 0, 0)
) -> None:
    """Place `ax` so that it, its tick labels, axis labels and title lie inside `box` (pixels).
    `guess` (left, bottom, right, top) is the room the labels will likely take: a good guess saves
    measuring again."""
    figure = ax.figure
    width, height = figure.bbox.width, figure.bbox.height
    ax.set_anchor(anchor)
    inner = box.shrunk(*guess)
    fitted = None
    for _ in range(6):
        if inner.width < 4 or inner.height < 4:
            break
        ax.set_position(inner.rect(width, height))
        ax.apply_aspect()
        tight = ax.get_tightbbox(renderer, bbox_extra_artists=[])
        over = (box.x0 - tight.x0, box.y0 - tight.y0, tight.x1 - box.x1, tight.y1 - box.y1)
        if max(over) <= 0.25:
            fitted = inner
        # Shrink where the labels run over; grow where they leave room (never past `box`).
        moved = inner.shrunk(*(side + 0.5 if side > 0 else side for side in over))
        moved = Box(
            max(moved.x0, box.x0), max(moved.y0, box.y0), min(moved.x1, box.x1), min(moved.y1, box.y1)
        )
        if fitted is inner and all(
            abs(a - b) < 1.0 for a, b in zip(astuple(moved), astuple(inner), strict=True)
        ):
            return
        inner = moved
    if fitted is None and (inner.width < 4 or inner.height < 4):
        fitted = box  # no room for its labels at all: at least the axes stay in their box
    if fitted is not None:
        ax.set_position(fitted.rect(width, height))
        ax.apply_aspect()


def label_room(ax: Axes, sizes: Sizes) -> tuple[float, ...]:
    """The room (left, bottom, right, top, in pixels) a 2D panel's tick and axis labels usually take."""
    if hasattr(ax, "zaxis"):
        return (0.0, 0.0, 0.0, 0.0)
    tick, label = sizes.text_px("tick"), sizes.text_px("axis_label")
    return (3.2 * tick + 1.6 * label, 1.9 * tick + 1.6 * label, 0.8 * tick, 0.6 * tick)


def loss_label_room(sizes: Sizes) -> tuple[float, ...]:
    """The room (left, bottom, right, top, in pixels) the loss panel's tick and axis labels take."""
    tick, label = sizes.text_px("tick"), sizes.text_px("axis_label")
    return (4.2 * tick + 1.6 * label, 1.9 * tick + 1.6 * label, 0.6 * tick, 0.6 * tick)


def loss_least(sizes: Sizes) -> tuple[float, float]:
    """The least (width, height) in pixels of a loss panel's box that keeps its tick labels."""
    left, bottom, right, top = loss_label_room(sizes)
    tick = sizes.text_px("tick")
    return losses.LABELLED[0] * tick + left + right, losses.LABELLED[1] * tick + bottom + top


def fit_loss_axes(ax: Axes, box: Box, renderer: RendererBase, sizes: Sizes) -> None:
    """Space the loss panel's ticks for the room its labels will leave it, then fit it into `box`."""
    tick = sizes.text_px("tick")
    guess = loss_label_room(sizes)
    inner = box.shrunk(*guess)
    losses.space_ticks(ax, Bbox.from_extents(inner.x0, inner.y0, inner.x1, inner.y1), tick)
    fit_axes(ax, box, renderer, guess=guess)


def title_panel(ax: Axes, label: str, color: str, width: float, sizes: Sizes, renderer: RendererBase) -> None:
    """A grid panel's title: its legend label in its colour, smaller or cut short to fit its cell."""
    title = ax.set_title(label, color=color, fontsize=sizes.text("panel_title"), fontweight="bold", pad=3)
    set_within(
        title, label, width - 0.6 * sizes.text_px("panel_title"), renderer, sizes, "panel_title", shrink=True
    )
    if "\n" in title.get_text():
        title.set_text(shortened(label, width - 0.6 * sizes.text_px("panel_title"), title, renderer))


def loss_axes(figure: Figure, trajectories: Trajectories, theme: Theme, sizes: Sizes) -> Axes:
    """The loss-against-step axes with their scale and limits (the lines come with `loss_movers`)."""
    surface = trajectories.surface
    known = [minimum.value for minimum in surface.minima]
    shown = losses.up_to_divergence(trajectories.losses, diverged_steps(trajectories))
    scale = losses.loss_scale(shown, min(known) if known else None)
    ax = figure.add_axes((0, 0, 1, 1))
    losses.draw_loss_axes(ax, scale, trajectories.scene.steps, theme.text_color, theme.grid_color, sizes)
    background.apply_theme(ax, theme, sizes)
    ax._loss_scale = scale  # kept for `loss_movers`
    return ax


def loss_movers(
    ax: Axes, trajectories: Trajectories, colors: list[str], styles: list, theme: Theme, sizes: Sizes
) -> losses.LossArtists:
    return losses.LossArtists(
        ax, ax._loss_scale.values, colors, theme.marker_edge, styles=styles, sizes=sizes
    )


# Arrangements.


@dataclass
class Choice:
    """One way to share out the canvas, how good it is, and whether the legend has room in it."""

    score: tuple
    apply: Any
    legend_fits: bool = True


def legend_quality(fit: Fit | None) -> float:
    """How much a legend setting is worth: whole with values 1, without values less, cut short less again."""
    if fit is None:
        return 0.05
    return 0.3 if fit.truncated else (1.0 if fit.values else 0.8)


def score(area: float, fit: Fit | None, canvas: float, tie: float, loss_labelled: bool = True) -> tuple:
    """Larger panels first (counted in 2% steps of the canvas), weighed by the legend's quality and
    by whether the loss panel (if any) has room for its tick labels."""
    quality = legend_quality(fit) * (1.0 if loss_labelled else 0.5)
    return (round(area / canvas * quality * 50), fit.px if fit else 0.0, tie)


class Overlay(NamedTuple):
    """What an overlay figure arranges: its texts, the surface panel, the loss panel (if any) and the
    legend, with the figure's renderer and sizes and the panel's aspect (None: free)."""

    figure: Figure
    renderer: RendererBase
    texts: Texts
    panel: Axes
    loss_ax: Axes | None
    legend: LegendBlock
    sizes: Sizes
    aspect: float | None


def arrange_overlay(overlay: Overlay) -> None:
    """Try a side column at several widths (on wide frames) and strips above and below; keep the one
    that leaves the surface panel the most room with the legend fitting best.

    Where no arrangement has room for the legend (many optimizers, a loss panel, a small frame), the
    formula and noise lines give way to it: without the legend no path can be told from another.
    """
    best = best_overlay_choice(overlay)
    formulas = [text for text, role, _ in overlay.texts.lines if role == "formula"]
    if not best.legend_fits and formulas:
        kept = [line for line in overlay.texts.lines if line[1] != "formula"]
        shorter = best_overlay_choice(overlay._replace(texts=replace(overlay.texts, lines=kept)))
        if shorter.legend_fits:
            for text in formulas:
                text.set_visible(False)
            best = shorter
    best.apply()


def best_overlay_choice(overlay: Overlay) -> Choice:
    """The best of the overlay's arrangements (see `arrange_overlay`), not yet applied."""
    width, height = overlay.figure.bbox.width, overlay.figure.bbox.height
    margin = MARGIN * min(width, height) + 2
    loss_shares = LOSS_SHARES if overlay.loss_ax is not None else (0.0,)
    # Square and portrait frames put the legend below the surface: a column beside it would be narrow.
    choices = [
        side_choice(overlay, share, loss_share, margin)
        for share in (SIDE_COLUMN_WIDTHS if width > height else ())
        for loss_share in loss_shares
    ]
    header_height.cache_clear()
    choices.append(below_choice(overlay, margin))
    return max(choices, key=lambda choice: choice.score)


def set_header(texts: Texts, width: float, renderer: RendererBase, sizes: Sizes, with_title: bool) -> float:
    """Set the header lines into `width` pixels; their total height (with the title's if asked)."""
    total = 0.0
    if with_title:
        set_within(texts.title, texts.title_string, width, renderer, sizes, "title", shrink=True)
        total += height_of(texts.title, renderer)
    for text, role, string in texts.lines:
        set_within(text, string, width, renderer, sizes, role)
        total += line_gap(text, sizes) + height_of(text, renderer)
    return total


# The side column's candidates share widths: each width's header is set and measured once.
header_height = functools.lru_cache(maxsize=32)(set_header)


def stack(
    texts: list[Text], x: float, top: float, figure: Figure, renderer: RendererBase, sizes: Sizes
) -> float:
    """Put texts one under the other from `top`; returns the bottom of the last."""
    y = top
    for index, text in enumerate(texts):
        if index:
            y -= line_gap(text, sizes)
        put(text, x, y, figure)
        y -= height_of(text, renderer)
    return y


def side_choice(overlay: Overlay, share: float, loss_share: float, margin: float) -> Choice:
    """The text column at the right, `share` of the width: title, lines, counter, legend, loss panel."""
    figure, renderer, texts, panel, loss_ax, legend, sizes, aspect = overlay
    width, height = figure.bbox.width, figure.bbox.height
    column = share * width
    gap = 1.2 * sizes.text_px("legend")
    header = header_height(texts, column, renderer, sizes, with_title=True)
    counter_height = height_of(texts.counter, renderer) + line_gap(texts.counter, sizes)
    least_width, least_height = loss_least(sizes)
    loss_height = max(loss_share * (height - 2 * margin), least_height) if loss_share else 0.0
    room = height - 2 * margin - header - counter_height - gap - (loss_height + gap if loss_ax else 0.0)
    fit = legend.fitting(column, room, sizes.text_px("legend"), style.TEXT_PX["legend"]) if room > 0 else None
    panel_box = Box(margin, margin, width - margin - column - gap, height - margin)
    area = panel_area(panel_box, aspect, sizes.text_px("tick"), sizes.text_px("axis_label"))
    rank = score(area, fit, width * height, -share + loss_share, loss_ax is None or column >= least_width)

    def apply() -> None:
        set_header(texts, column, renderer, sizes, with_title=True)
        fit_axes(panel, panel_box, renderer, guess=label_room(panel, sizes))
        used = panel.get_tightbbox(renderer)
        left = min(width - margin - column, used.x1 + gap)
        parts = [texts.title, texts.counter, *(text for text, _, _ in texts.lines)]
        needed = (
            column
            if loss_ax is not None
            else max([width_of(t, renderer) for t in parts] + [fit.width if fit else 0.0])
        )
        shift = ((width - margin - left - needed) - (used.x0 - margin)) / 2
        if shift > 0:
            x0, y0, w, h = panel.get_position().bounds
            panel.set_position((x0 + shift / width, y0, w, h))
            left += shift
        bottom = stack([texts.title, *(t for t, _, _ in texts.lines), texts.counter], left, height - margin,
                       figure, renderer, sizes)  # fmt: skip
        if fit is not None:
            legend.place(fit, left, bottom - gap / 2, renderer)
        if loss_ax is not None:
            fit_loss_axes(loss_ax, Box(left, margin, width - margin, margin + loss_height), renderer, sizes)

    return Choice(rank, apply, fit is not None)


def below_choice(overlay: Overlay, margin: float) -> Choice:
    """A header strip on top (title, counter at the right, lines), the legend in columns at the bottom,
    the loss panel between the surface and the legend."""
    figure, renderer, texts, panel, loss_ax, legend, sizes, aspect = overlay
    width, height = figure.bbox.width, figure.bbox.height
    inner = width - 2 * margin
    gap = 1.0 * sizes.text_px("legend")
    counter_width = width_of(texts.counter, renderer)
    set_within(
        texts.title, texts.title_string, inner - counter_width - gap, renderer, sizes, "title", shrink=True
    )
    title_height = max(height_of(texts.title, renderer), height_of(texts.counter, renderer))
    header = title_height + set_header(texts, inner, renderer, sizes, with_title=False)
    room = height - 2 * margin - header - gap
    fit = legend.fitting(inner, BELOW_LEGEND_SHARE * room, sizes.text_px("legend"), style.TEXT_PX["legend"])
    legend_height = fit.height if fit else 0.0
    rest = room - legend_height - gap
    loss_height = max(LOSS_SHARE * rest, loss_least(sizes)[1]) if loss_ax is not None else 0.0
    panel_bottom = margin + legend_height + gap + (loss_height + gap if loss_ax else 0.0)
    panel_box = Box(margin, panel_bottom, width - margin, height - margin - header - gap)
    area = panel_area(panel_box, aspect, sizes.text_px("tick"), sizes.text_px("axis_label"))
    rank = score(area, fit, width * height, -1.0)

    def apply() -> None:
        set_within(texts.title, texts.title_string, inner - counter_width - gap, renderer, sizes, "title",
                   shrink=True)  # fmt: skip
        set_header(texts, inner, renderer, sizes, with_title=False)
        top = height - margin
        put(texts.title, margin, top, figure)
        put(texts.counter, width - margin, top, figure, ha="right")
        lines = [text for text, _, _ in texts.lines]
        stack(lines, margin, top - title_height - gap * LINE_GAP, figure, renderer,
              sizes)  # fmt: skip
        legend_top = margin + legend_height
        if panel_box.height > 4:
            fit_axes(panel, panel_box, renderer, anchor="N" if loss_ax is None else "C",
                     guess=label_room(panel, sizes))  # fmt: skip
            if loss_ax is None:
                # The legend right under the panel, the two centred in the room they leave.
                used = panel.get_tightbbox(renderer, bbox_extra_artists=[])
                spare = max(0.0, used.y0 - gap - legend_height - margin) / 2
                x0, y0, w, h = panel.get_position().bounds
                panel.set_position((x0, y0 - spare / height, w, h))
                legend_top = used.y0 - spare - gap
        if fit is not None:
            legend.place(fit, (width - fit.width) / 2, legend_top, renderer)
        if loss_ax is not None:
            loss_box = Box(
                margin,
                margin + legend_height + gap,
                width - margin,
                margin + legend_height + gap + loss_height,
            )
            fit_loss_axes(loss_ax, loss_box, renderer, sizes)

    return Choice(rank, apply, fit is not None)


def arrange_grid(
    figure: Figure,
    renderer: RendererBase,
    texts: Texts,
    panels: list[Axes],
    loss_ax: Axes | None,
    legend: LegendBlock,
    sizes: Sizes,
    view: str,
    shared: bool = True,
) -> tuple[bool, float]:
    """The header strip, then one cell per panel (and the loss panel); the legend takes the first cell
    left empty, if any. Returns whether the legend is shown, and the cells' width.

    `shared`: every panel shows the same window, so tick labels show along the grid's left and bottom
    edges only, and the panel titles can stand for the legend. Otherwise (a panel per surface) each
    panel keeps its own tick labels, and the legend always gets a cell of its own.
    """
    width, height = figure.bbox.width, figure.bbox.height
    margin = MARGIN * min(width, height) + 2
    inner = width - 2 * margin
    gap = 0.8 * sizes.text_px("legend")
    counter_width = width_of(texts.counter, renderer)
    set_within(
        texts.title, texts.title_string, inner - counter_width - gap, renderer, sizes, "title", shrink=True
    )
    title_box = texts.title.get_window_extent(renderer)
    title_height = max(title_box.height, height_of(texts.counter, renderer))
    top = height - margin
    put(texts.title, margin, top, figure)
    put(texts.counter, width - margin, top, figure, ha="right")
    # Lines go beside the title when they fit there, else under it.
    beside = inner - title_box.width - counter_width - 3 * gap
    lines = [t for t, _, _ in texts.lines]
    widths = [width_of(t, renderer) for t in lines]
    if lines and sum(widths) + gap * (len(lines) - 1) <= beside:
        x = margin + title_box.width + gap * 1.5
        for text in lines:
            put(text, x, top - (title_height - height_of(text, renderer)), figure)
            x += width_of(text, renderer) + gap
        header = title_height
    else:
        header = title_height + set_header(texts, inner, renderer, sizes, with_title=False)
        stack(lines, margin, top - title_height - gap * LINE_GAP, figure, renderer, sizes)
    area = Box(margin, margin, width - margin, height - margin - header - gap)
    place_legend = None
    if not shared:
        area, place_legend = legend_beside_or_below(area, legend, len(panels), sizes, gap, renderer)
    count = len(panels) + (loss_ax is not None)
    rows, columns = grid_shape(count, (0, 0, area.width, area.height), 1.0)
    if not shared:  # cells no more oblong than a square panel with its labels needs, centred
        area = compacted(area, rows, columns)
    cell_w, cell_h = area.width / columns, area.height / rows

    def cell(index: int) -> Box:
        row, column = divmod(index, columns)
        x0 = area.x0 + column * cell_w
        y1 = area.y1 - row * cell_h
        return Box(x0, y1 - cell_h, x0 + cell_w, y1)

    tick = sizes.text_px("tick")
    pad = 0.35 * tick
    tick_room = cell_w > 7 * tick and cell_h > 5 * tick
    for ax in panels:
        if view == "3d":
            surface3d.grid_ticks(ax, tick_room and cell_w > 14 * tick)
        else:
            ax.set_xlabel("")
            ax.set_ylabel("")
            ax.tick_params(labelleft=tick_room, labelbottom=tick_room)
            few_ticks(ax, min(cell_w, cell_h) * 0.7, tick)
        ax.set_title("x", fontsize=sizes.text("panel_title"), fontweight="bold", pad=sizes.points(0.6 * tick))
    # Every panel the same size. The first is fitted with all its labels; in 2D the grid then keeps
    # room for tick labels only along its left and bottom edges, where the labels show.
    fit_axes(panels[0], cell(0).shrunk(pad, pad, pad, pad), renderer)
    if view != "3d" and not shared:
        for index, ax in enumerate(panels):
            fit_axes(ax, cell(index).shrunk(pad, pad, pad, pad), renderer)
            side = ax.get_window_extent(renderer)
            few_ticks(ax, min(side.width, side.height), tick)
        same_size(panels, renderer)
        return place_legend(panels), cell_w
    if view != "3d":
        box = panels[0].get_window_extent(renderer)
        tight = panels[0].get_tightbbox(renderer, bbox_extra_artists=[])
        left, bottom, top = box.x0 - tight.x0, box.y0 - tight.y0, tight.y1 - box.y1
        area = area.shrunk(left, bottom, 0, 0)
        cell_w, cell_h = area.width / columns, area.height / rows
        panels[0].tick_params(labelleft=False, labelbottom=False)
        fit_axes(panels[0], cell(0).shrunk(pad, pad, pad, top + pad), renderer)
        side = panels[0].get_window_extent(renderer)
        for ax in panels:
            few_ticks(ax, min(side.width, side.height), tick)
    legend_shown = False
    least_width, least_height = loss_least(sizes)
    # A loss panel too small in its own cell for its numbers takes the empty cells before the legend.
    cramped = loss_ax is not None and (cell_w - 2 * pad < least_width or cell_h - 2 * pad < least_height)
    if rows * columns > count and not cramped and place_legend is None:
        # The empty cells at the end of the last row, as one box.
        empty = Box(cell(count).x0, cell(count).y0, area.x1, cell(count).y1).shrunk(gap, gap, gap, gap)
        fit = legend.fitting(empty.width, empty.height, sizes.text_px("legend"), style.TEXT_PX["legend"])
        if fit is not None and not fit.truncated:
            legend.place(fit, empty.x0, empty.y0 + (empty.height + fit.height) / 2, renderer)
            legend_shown = True
    spans = loss_ax is not None and not legend_shown and rows * columns > count
    first = cell(0)
    x0, y0, w, h = panels[0].get_position().bounds
    for index, ax in enumerate(panels):
        this = cell(index)
        ax.set_position((x0 + (this.x0 - first.x0) / width, y0 + (this.y0 - first.y0) / height, w, h))
        if view != "3d":
            # Bottom labels where nothing lies below: no panel, nor the loss panel.
            bottom_row = index + columns >= (rows * columns if spans else count)
            ax.tick_params(labelleft=tick_room and index % columns == 0, labelbottom=tick_room and bottom_row)
    if loss_ax is not None:
        loss_cell = cell(len(panels))
        if spans:  # and the empty cells after it
            loss_cell = Box(loss_cell.x0, loss_cell.y0, area.x1, loss_cell.y1)
        if view != "3d":  # its own labels: back into the edge strips it borders
            loss_cell = Box(loss_cell.x0 - (left if len(panels) % columns == 0 else 0), loss_cell.y0 - bottom,
                            loss_cell.x1, loss_cell.y1)  # fmt: skip
        fit_loss_axes(loss_ax, loss_cell.shrunk(pad, pad, pad, pad), renderer, sizes)
    if place_legend is not None:
        return place_legend(panels), cell_w
    return legend_shown, cell_w


LEGEND_BELOW_SHARES = (0.1, 0.16, 0.24, 0.34)  # of the grid's height
LEGEND_BESIDE_SHARES = (0.2, 0.28, 0.36, 0.45)  # of its width


def legend_beside_or_below(
    area: Box, legend: LegendBlock, count: int, sizes: Sizes, gap: float, renderer: RendererBase
) -> tuple[Box, Any]:
    """Room for the legend of a grid whose panels are not the optimizers' own: a strip below the panels
    or a column beside them, whichever leaves `count` square panels the most room. Returns the panels'
    area and a function that places the legend (and says it did)."""
    preferred, smallest = sizes.text_px("legend"), style.TEXT_PX["legend"]
    canvas = area.width * area.height

    def side(box: Box) -> float:
        rows, columns = grid_shape(count, (0, 0, box.width, box.height), 1.0)
        return max(0.0, min(box.width / columns, box.height / rows))

    choices = []
    for share in LEGEND_BELOW_SHARES:
        fit = legend.fitting(area.width, share * area.height, preferred, smallest)
        if fit is not None:
            rest = Box(area.x0, area.y0 + fit.height + gap, area.x1, area.y1)
            at = ((area.x0 + area.x1 - fit.width) / 2, area.y0 + fit.height)
            choices.append((score(side(rest) ** 2 * count, fit, canvas, -share), rest, fit, at))
    for share in LEGEND_BESIDE_SHARES:
        fit = legend.fitting(share * area.width, area.height, preferred, smallest)
        if fit is not None:
            rest = Box(area.x0, area.y0, area.x1 - fit.width - gap, area.y1)
            at = (rest.x1 + gap, (area.y0 + area.y1 + fit.height) / 2)
            choices.append((score(side(rest) ** 2 * count, fit, canvas, -share), rest, fit, at))
    if not choices:
        return area, lambda panels: False
    _, rest, fit, (left, top) = max(choices, key=lambda choice: choice[0])
    below = left > area.x0 + 1 and rest.y0 > area.y0

    def place(panels: list[Axes]) -> bool:
        if below:  # the legend right under the panels, the two centred in the room they leave
            tight = [ax.get_tightbbox(renderer, bbox_extra_artists=[]) for ax in panels]
            bottom, roof = min(box.y0 for box in tight), max(box.y1 for box in tight)
            drop = max(0.0, ((bottom - gap - fit.height - area.y0) - (area.y1 - roof)) / 2)
            shift_panels(panels, -drop)
            top_now = bottom - drop - gap
        else:
            top_now = top
        legend.place(fit, left, top_now, renderer)
        return True

    return rest, place


CELL_TALL, CELL_WIDE = 1.15, 1.25  # a square panel's cell: its title and x ticks; its y ticks


def compacted(area: Box, rows: int, columns: int) -> Box:
    """`area` shrunk about its centre so that its `rows` × `columns` cells are at most `CELL_TALL` times
    as tall as wide and `CELL_WIDE` times as wide as tall: square panels then sit together, not each
    in the middle of a long cell."""
    width, height = area.width / columns, area.height / rows
    width, height = min(width, height * CELL_WIDE), min(height, width * CELL_TALL)
    dx, dy = (area.width - width * columns) / 2, (area.height - height * rows) / 2
    return area.shrunk(dx, dy, dx, dy)


def shift_panels(panels: list[Axes], dy: float) -> None:
    """Move every panel `dy` pixels up (down when negative)."""
    for ax in panels:
        x0, y0, w, h = ax.get_position().bounds
        ax.set_position((x0, y0 + dy / ax.figure.bbox.height, w, h))


def same_size(panels: list[Axes], renderer: RendererBase) -> None:
    """Shrink each panel, about its centre, to the smallest width and height among them, so panels of
    surfaces with wider tick labels do not come out smaller than the others."""
    boxes = [ax.get_position() for ax in panels]
    width, height = min(box.width for box in boxes), min(box.height for box in boxes)
    for ax, box in zip(panels, boxes, strict=True):
        x, y = box.x0 + (box.width - width) / 2, box.y0 + (box.height - height) / 2
        ax.set_position((x, y, width, height))
        ax.apply_aspect()


def few_ticks(ax: Axes, side: float, tick: float) -> None:
    """Round ticks no closer than about five label heights on a panel `side` pixels across."""
    bins = max(1, int(side / (4 * tick)))
    ax.xaxis.set_major_locator(MaxNLocator(bins, steps=ROUND_STEPS, min_n_ticks=1))
    ax.yaxis.set_major_locator(MaxNLocator(bins, steps=ROUND_STEPS, min_n_ticks=1))


def legend_hide(legend: LegendBlock) -> None:
    for artist in legend.artists():
        artist.set_visible(False)


def step_label(points: int, steps: int) -> str:
    """The counter's text for a frame that shows `points` points of paths of `steps` steps."""
    return f"step {points - 1:>{len(str(steps))}d} / {steps}"
