"""What each optimizer sees and does, drawn at its head: arrows for the negative gradient, the velocity
(or Adam's −m) and the step it takes next, and an ellipse whose axes are its per-coordinate step sizes.

Arrows live in data units and are magnified by one factor per kind of quantity, the same in every
frame and for every optimizer: one for gradient units (−∇f, −m), one for position units (velocity,
step), one for step sizes. Each factor is a round number (1, 2 or 5 × 10ᵏ) chosen so that a typical
arrow is about a tenth of the window, and a key in the panel states them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import EllipseCollection, PathCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.quiver import Quiver

from animator import style
from animator.losses import GrowingLines
from animator.options import RenderOptions
from animator.style import Theme
from landscapes.errors import UserError
from landscapes.values import caller

if TYPE_CHECKING:  # types only: frame workers draw without importing JAX
    from landscapes.engine.trajectories import Trajectories
    from landscapes.scenes.model import Scene

# A typical (90th-percentile) arrow is this fraction of the window's shorter side (half-axes: half of it).
TYPICAL_LENGTH = 0.12
ARROW_WIDTH = 0.006  # shaft width, as a fraction of the axes' width
VELOCITY_COLORS = {"light": "#d6007e", "dark": "#ff66c4"}
TRIAL_ALPHA = 0.55
TRIAL_DOT_SIZE = 14  # points²
# The field's shades, from a small gradient to a large one: greys that stay visible on the theme's axes.
FIELD_SHADES = {"light": ("#d0d0d0", "#5a5a5a"), "dark": ("#454b53", "#b4b4b4")}


def nice_factor(typical: float, target: float) -> float:
    """The round number (1, 2 or 5 × 10ᵏ) nearest to target/typical on a log scale; 1 when nothing is
    measurable."""
    if not (typical > 0 and math.isfinite(typical)):
        return 1.0
    wanted = target / typical
    exponent = math.floor(math.log10(wanted))
    candidates = [mantissa * 10.0**power for power in (exponent, exponent + 1) for mantissa in (1, 2, 5)]
    return min(candidates, key=lambda candidate: abs(math.log(candidate / wanted)))


def typical(vectors: list[np.ndarray], percentile: float = 90) -> float:
    """A percentile of the finite, non-zero lengths of `vectors`."""
    lengths = np.concatenate([np.linalg.norm(v.reshape(-1, 2), axis=-1) for v in vectors]) if vectors else []
    lengths = np.asarray(lengths)
    lengths = lengths[np.isfinite(lengths) & (lengths > 0)]
    return float(np.percentile(lengths, percentile)) if lengths.size else 0.0


@dataclass(frozen=True)
class Factors:
    """The magnifications of the overlay, shared by every panel and frame."""

    gradient: float
    step: float
    scale: float


def overlay_factors(
    trajectories: Trajectories, options: RenderOptions, points: int | None = None
) -> Factors | None:
    """The magnifications of `options.show` for the first `points` points (None: all) of these
    trajectories' paths, or None when nothing is shown.

    A `UserError` if the trajectories were computed without their internals.
    """
    if not options.show:
        return None
    if trajectories.internals is None:
        raise UserError(
            f"{caller()('show')} draws recorded internals: compute with run(scene, internals=True)"
        )
    scene = trajectories.scene
    window = min(scene.xlim[1] - scene.xlim[0], scene.ylim[1] - scene.ylim[0])
    return factors_for(trajectories.internals, points, window)


# What each optional overlay needs an optimizer to declare, and how a warning names what is missing.
DECLARED = {
    "velocity": ({"velocity", "moment"}, "velocity or first moment"),
    "scale": ({"scale"}, "per-coordinate step size"),
    "linesearch": ({"trials"}, "line search"),
    "lr": ({"rate"}, "schedule"),
}


def undrawn(trajectories: Trajectories, show: tuple[str, ...]) -> list[str]:
    """One line per shown overlay that some optimizers have nothing for: `--show scale draws nothing
    for lion, sgd (no per-coordinate step size)`."""
    lines = []
    for name in show:
        if name not in DECLARED or trajectories.internals is None:
            continue
        needs, lack = DECLARED[name]
        missing = [
            label
            for label, record in zip(trajectories.labels, trajectories.internals, strict=True)
            if not needs & set(record)
        ]
        if missing:
            lines.append(f"{caller()('show')} {name} draws nothing for {', '.join(missing)} (no {lack})")
    return lines


def draw_overlays(
    ax: Axes,
    trajectories: Trajectories,
    group: list[int],
    colors: list[str],
    options: RenderOptions,
    factors: Factors | None,
    theme: Theme,
) -> list[InternalsOverlay]:
    """Draw `--field` into the panel's background, and return the movers of `--show` for the
    optimizers in `group` (the key goes in the first panel only: the scale is the same in all)."""
    if options.field is not None:
        draw_field(ax, trajectories.scene, options.field, theme)
    if factors is None:
        return []
    records = [trajectories.internals[index] for index in group]
    if group[0] == 0:
        where = ax.figure if options.layout == "grid" else ax
        draw_key(where, options.show, factors, trajectories.internals, theme)
    shown = trajectories.positions[group]
    return [InternalsOverlay(ax, shown, records, [colors[i] for i in group], options.show, factors, theme)]


def factors_for(internals: tuple[dict[str, np.ndarray], ...], points: int | None, window: float) -> Factors:
    """Round magnifications that make a typical arrow (over the first `points` points of every path;
    None: all) about `TYPICAL_LENGTH` of the window's shorter side `window`."""
    target = TYPICAL_LENGTH * window

    def gather(*names: str) -> list[np.ndarray]:
        return [record[name][:, :points] for record in internals for name in names if name in record]

    return Factors(
        gradient=nice_factor(typical(gather("gradient", "moment")), target),
        step=nice_factor(typical(gather("velocity", "update")), target),
        # Step sizes start out huge where a first gradient is tiny (Adagrad's 1/|g₁|): the median is typical.
        scale=nice_factor(typical(gather("scale"), percentile=50), target / 2),
    )


class InternalsOverlay:
    """The arrows and ellipses at each head of one panel, updated frame by frame.

    `paths` (optimizers, starts, points, 2) are the panel's drawn paths and `internals` their records
    (`Trajectories.internals`); a head whose point is not finite, or lies outside the window, shows
    nothing.
    """

    def __init__(
        self,
        ax: Axes,
        paths: np.ndarray,
        internals: list[dict[str, np.ndarray]],
        colors: list[str],
        show: tuple[str, ...],
        factors: Factors,
        theme: Theme,
    ) -> None:
        self._paths = paths.reshape(-1, *paths.shape[2:])
        starts = paths.shape[1]
        self._window = (ax.get_xlim(), ax.get_ylim())
        self._ellipses: tuple[EllipseCollection, np.ndarray] | None = None
        arrow_colors = {
            "gradient": [theme.text_color] * len(self._paths),
            "velocity": [VELOCITY_COLORS[theme.name]] * len(self._paths),
            "update": [color for color in colors for _ in range(starts)],
        }
        kinds = [name for name in ("gradient", "velocity", "update") if name in show]
        drawn = [(name, vectors_of(internals, name, factors)) for name in kinds]
        drawn = [(name, vectors) for name, vectors in drawn if vectors is not None]
        # One Quiver for every kind of arrow: each Quiver costs a layout pass per frame.
        self._arrows: tuple[Quiver, np.ndarray] | None = None
        if drawn:
            vectors = np.concatenate([vectors for _, vectors in drawn])
            zeros = np.zeros(len(vectors))
            quiver = ax.quiver(
                zeros,
                zeros,
                zeros,
                zeros,
                angles="xy",
                scale_units="xy",
                scale=1,
                color=[color for name, _ in drawn for color in arrow_colors[name]],
                width=ARROW_WIDTH,
                headwidth=3.6,
                headlength=4.2,
                headaxislength=3.8,
                edgecolor=theme.marker_edge,
                linewidth=0.6,
                zorder=7,
            )
            self._arrows = (quiver, vectors)
        if "scale" in show:
            scales = stacked(internals, "scale")
            if np.isfinite(scales).any():
                ellipses = EllipseCollection(
                    np.zeros(len(self._paths)),
                    np.zeros(len(self._paths)),
                    np.zeros(len(self._paths)),
                    units="xy",
                    offsets=self._paths[:, 0],
                    offset_transform=ax.transData,
                    facecolors="none",
                    edgecolors=[color for color in colors for _ in range(starts)],
                    linewidths=1.6,
                    zorder=6.5,
                )
                ax.add_collection(ellipses, autolim=False)
                self._ellipses = (ellipses, scales * factors.scale)

        self._trials: tuple[PathCollection, np.ndarray, np.ndarray, np.ndarray] | None = None
        if "linesearch" in show and any("trials" in record for record in internals):
            self._trials = self._trial_dots(ax, internals, colors, starts)

    @staticmethod
    def _trial_dots(
        ax: Axes, internals: list[dict[str, np.ndarray]], colors: list[str], starts: int
    ) -> tuple[PathCollection, np.ndarray, np.ndarray, np.ndarray]:
        """The dots of every line-search trial, with the step each belongs to and its colour."""
        points, steps, rgba = [], [], []
        for record, color in zip(internals, colors, strict=True):
            if "trials" not in record:
                continue
            trials = record["trials"]  # (starts, steps, k, 2)
            step_of = np.broadcast_to(np.arange(trials.shape[1])[None, :, None], trials.shape[:3])
            finite = np.isfinite(trials).all(axis=-1)
            points.append(trials[finite])
            steps.append(step_of[finite])
            rgba.append(np.tile(to_rgba(color, TRIAL_ALPHA), (int(finite.sum()), 1)))
        dots = ax.scatter([], [], s=TRIAL_DOT_SIZE, linewidths=0, zorder=4)
        return dots, np.concatenate(points), np.concatenate(steps), np.concatenate(rgba)

    @property
    def artists(self) -> list[Artist]:
        dots = [self._trials[0]] if self._trials else []
        ellipse = [self._ellipses[0]] if self._ellipses else []
        return dots + ellipse + ([self._arrows[0]] if self._arrows else [])

    def show(self, frame: int, points: int) -> None:
        """Put every arrow and ellipse at the head of the first `points` points of its path."""
        head = min(points, self._paths.shape[1]) - 1
        at = self._paths[:, head]
        (x0, x1), (y0, y1) = self._window
        inside = np.isfinite(at).all(axis=-1) & (at[:, 0] >= x0) & (at[:, 0] <= x1)
        inside &= (at[:, 1] >= y0) & (at[:, 1] <= y1)
        anchor = np.where(inside[:, None], at, (x0, y0))
        if self._arrows:
            quiver, vectors = self._arrows
            kinds = len(vectors) // len(at)
            shown = np.tile(inside, kinds)[:, None] & np.isfinite(vectors[:, head])
            drawn = np.where(shown, vectors[:, head], 0.0)
            quiver.set_offsets(np.tile(anchor, (kinds, 1)))
            quiver.set_UVC(drawn[:, 0], drawn[:, 1])
        if self._trials:
            dots, points, steps, rgba = self._trials
            taken = steps < head
            dots.set_offsets(points[taken])
            dots.set_facecolors(rgba[taken])
        if self._ellipses:
            ellipses, scales = self._ellipses
            axes = np.where(inside[:, None] & np.isfinite(scales[:, head]), scales[:, head], 0.0)
            ellipses.set_offsets(anchor)
            ellipses.set_widths(2 * axes[:, 0])
            ellipses.set_heights(2 * axes[:, 1])


def stacked(internals: list[dict[str, np.ndarray]], name: str) -> np.ndarray:
    """Every path's record of `name` (paths, points, 2), optimizer after optimizer, start after start;
    NaN for an optimizer that has no such part."""
    return np.concatenate(
        [record[name] if name in record else np.full_like(record["gradient"], np.nan) for record in internals]
    )


def vectors_of(internals: list[dict[str, np.ndarray]], name: str, factors: Factors) -> np.ndarray | None:
    """The drawn arrows of `name` (gradient, velocity, update) per path and point, magnified; None if no
    optimizer has them."""
    if name == "gradient":
        return -stacked(internals, "gradient") * factors.gradient
    if name == "update":
        return stacked(internals, "update") * factors.step
    velocity = stacked(internals, "velocity") * factors.step
    moment = -stacked(internals, "moment") * factors.gradient
    drawn = np.where(np.isnan(velocity), moment, velocity)
    return drawn if np.isfinite(drawn).any() else None


def draw_key(
    ax: Axes | Figure,
    show: tuple[str, ...],
    factors: Factors,
    internals: tuple[dict[str, np.ndarray], ...],
    theme: Theme,
) -> None:
    """A small legend naming each overlay and its magnification, in the lower-right corner of a panel
    (overlay layout) or of the figure (grid layout, where the last cell is often empty)."""
    has = {name for record in internals for name in record}
    entries: list[tuple[Line2D, str]] = []

    def arrow(color: str, text: str) -> None:
        entries.append((Line2D([], [], color=color, linewidth=2.2, marker=">", markersize=5), text))

    if "gradient" in show:
        arrow(theme.text_color, f"−∇f ×{factors.gradient:g}")
    if "velocity" in show and has & {"velocity", "moment"}:
        kinds = [f"velocity ×{factors.step:g}"] if "velocity" in has else []
        kinds += [f"−m ×{factors.gradient:g}"] if "moment" in has else []
        arrow(VELOCITY_COLORS[theme.name], ", ".join(kinds))
    if "update" in show:
        arrow(theme.muted_text_color, f"step ×{factors.step:g} (path colour)")
    if "linesearch" in show and "trials" in has:
        entries.append(
            (
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markerfacecolor=theme.muted_text_color,
                    markeredgewidth=0,
                    markersize=4,
                    alpha=TRIAL_ALPHA,
                ),
                "line-search trials",
            )
        )
    if "scale" in show and "scale" in has:
        entries.append(
            (
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markerfacecolor="none",
                    markeredgecolor=theme.muted_text_color,
                    markersize=7,
                ),
                f"step sizes ×{factors.scale:g} (ellipse)",
            )
        )
    if not entries:
        return
    corner = {} if isinstance(ax, Axes) else {"bbox_to_anchor": (0.995, 0.01)}
    key = ax.legend(
        [handle for handle, _ in entries],
        [text for _, text in entries],
        loc="lower right",
        **corner,
        fontsize=style.BASE_FONT_SIZE * 0.9,
        handlelength=1.2,
        borderpad=0.4,
        labelspacing=0.25,
        framealpha=0.8,
        facecolor=theme.axes_color,
        edgecolor=theme.grid_color,
        labelcolor=theme.text_color,
    )
    key.set_zorder(8)


FIELD_ARROWS = 21  # arrows per side of the field's grid
FIELD_STREAM_RESOLUTION = 80


def field_directions(
    scene: Scene, resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Normalize] | None:
    """xs, ys, the unit downhill direction on their grid, its shade (log10 of the gradient's magnitude)
    and the shades' normalisation (5th to 95th percentile); None where the gradient is nowhere finite."""
    from landscapes.engine.trajectories import gradient_grid

    xs, ys, gradient = gradient_grid(scene.surface, scene.xlim, scene.ylim, resolution)
    downhill = -gradient
    magnitude = np.linalg.norm(downhill, axis=-1)
    finite = np.isfinite(magnitude) & (magnitude > 0)
    if not finite.any():
        return None
    shade = np.log10(np.where(finite, magnitude, np.nan))
    low, high = np.nanpercentile(shade, [5, 95])
    norm = Normalize(low, max(high, low + 1e-12), clip=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = np.where(finite[..., None], downhill / magnitude[..., None], np.nan)
    return xs, ys, unit, shade, norm


def draw_field(ax: Axes, scene: Scene, kind: str, theme: Theme) -> None:
    """The negative gradient field under the paths: unit arrows coloured by the gradient's magnitude
    (log scale), or streamlines whose width grows with it."""
    found = field_directions(scene, FIELD_ARROWS if kind == "arrows" else FIELD_STREAM_RESOLUTION)
    if found is None:
        return
    xs, ys, unit, shade, norm = found
    low = norm.vmin
    cmap = LinearSegmentedColormap.from_list("field", FIELD_SHADES[theme.name])
    if kind == "arrows":
        spacing = min(xs[1] - xs[0], ys[1] - ys[0])
        ax.quiver(
            *np.meshgrid(xs, ys),
            unit[..., 0] * spacing * 0.6,
            unit[..., 1] * spacing * 0.6,
            shade,
            cmap=cmap,
            norm=norm,
            angles="xy",
            scale_units="xy",
            scale=1,
            pivot="middle",
            width=0.0025,
            headwidth=4,
            headlength=4.5,
            headaxislength=4,
            alpha=0.8,
            zorder=2,
        )
    else:
        shade = np.nan_to_num(shade, nan=low)
        width = 0.4 + 1.0 * norm(shade)
        streams = ax.streamplot(
            xs,
            ys,
            np.nan_to_num(unit[..., 0]),
            np.nan_to_num(unit[..., 1]),
            color=shade,
            cmap=cmap,
            norm=norm,
            linewidth=width,
            density=1.0,
            arrowsize=0.8,
            zorder=2,
        )
        streams.lines.set_alpha(0.75)
        streams.arrows.set_alpha(0.75)
    ax.set_xlim(scene.xlim)
    ax.set_ylim(scene.ylim)


class RateLines(GrowingLines):
    """The learning rate each scheduled optimizer used at each step, dashed on a second axis of the
    loss panel, growing with the paths (`--show lr`)."""

    def __init__(self, ax: Axes, trajectories: Trajectories, colors: list[str], theme: Theme) -> None:
        rates = [
            (record["rate"][0], color)
            for record, color in zip(trajectories.internals, colors, strict=True)
            if "rate" in record
        ]
        super().__init__()
        if not rates:
            return
        twin = ax.twinx()
        highest = max(float(np.nanmax(rate)) for rate, _ in rates)
        twin.set_ylim(0, highest * 1.08 if highest > 0 else 1)
        twin.text(
            0.98,
            0.97,
            "lr (dashed)",
            transform=twin.transAxes,
            ha="right",
            va="top",
            color=theme.muted_text_color,
            fontsize=style.BASE_FONT_SIZE * 0.8,
        )
        twin.tick_params(colors=theme.muted_text_color, labelsize=style.BASE_FONT_SIZE * 0.7)
        for spine in twin.spines.values():
            spine.set_visible(False)
        for rate, color in rates:
            (line,) = twin.plot(
                [], [], color=color, linestyle=(0, (4, 2)), linewidth=1.4, alpha=0.9, zorder=4
            )
            self._lines.append((line, rate))
