"""How a render looks, apart from what it shows: layout, panels, view, theme, resolution, tails."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, NamedTuple

from landscapes.errors import UserError, did_you_mean
from landscapes.values import caller

LAYOUTS = ("overlay", "grid")
VIEWS = ("2d", "3d")
THEME_NAMES = ("light", "dark")
PACES = ("linear", "log", "auto")  # which step each frame shows: see landscapes.scenes.pacing.frame_steps
SHOWN = ("gradient", "velocity", "update", "scale", "linesearch", "lr")
FIELDS = ("arrows", "stream")
DEFAULT_GIF_WIDTH = 800
MIN_FONT_SCALE, MAX_FONT_SCALE = 0.25, 4.0
LEVEL_KINDS = ("auto", "log", "linear")
CONTOUR_LABELS = ("auto", "none", "all")
MAX_LEVELS = 200


class LevelSpec(NamedTuple):
    """A parsed `--levels`: kind "auto", "log", "linear" or "values"; a count of levels; or the values."""

    kind: str
    count: int | None = None
    values: tuple[float, ...] = ()


def parse_levels(value: str | int | Sequence[float]) -> LevelSpec:
    """`auto`, `log`, `linear`, a count `N` or values `v1,v2,…` (or, from Python, an int or numbers)."""
    name = caller()("levels")
    if isinstance(value, bool):
        raise UserError(f"bad {name} {value!r}; use auto, log, linear, a count like 12, or values like 1,2,5")
    if isinstance(value, int):
        return _count(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in LEVEL_KINDS:
            return LevelSpec(text)
        if text.isdigit():
            return _count(int(text))
        parts = text.split(",")
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            raise UserError(
                f"bad {name} {value!r}; use auto, log, linear, a count like 12, or values like 1,2,5"
            ) from None
    else:
        try:
            numbers = [float(number) for number in value]
        except (TypeError, ValueError):
            raise UserError(f"bad {name} {value!r}; give a count or a list of numbers") from None
    if len(numbers) < 2 or not all(math.isfinite(n) for n in numbers):
        raise UserError(f"{name} needs at least two finite values, got {value!r}")
    if len(numbers) > MAX_LEVELS:
        raise UserError(f"{name} has {len(numbers)} values; the limit is {MAX_LEVELS}")
    return LevelSpec("values", values=tuple(sorted(set(numbers))))


def _count(count: int) -> LevelSpec:
    if not 2 <= count <= MAX_LEVELS:
        raise UserError(f"{caller()('levels')} must be between 2 and {MAX_LEVELS} levels, got {count}")
    return LevelSpec("auto", count=count)


@dataclass(frozen=True)
class RenderOptions:
    """Render settings, all with defaults that reproduce the plain overlay animation.

    - `layout`: "overlay" draws every optimizer on one surface; "grid" gives each its own panel,
      all on the same surface and colour scale, animated in sync.
    - `loss_panel`: add axes with loss against step for every path.
    - `view`: "2d" contours, or "3d" a shaded surface with the paths lifted onto it; `rotate`
      turns the 3D camera once around over the animation.
    - `theme`: "light" or "dark"; `transparent`: a PNG with a see-through figure background.
    - `dpi`: dots per inch of the figure. Sizes of text and lines are in points, so for a fixed
      pixel size a larger dpi makes them larger relative to the picture. `None` (default) uses
      width / 12.8, which keeps the proportions of the 1280×720 layout at every size.
    - `gif_width`: the width of a GIF when no size is asked for.
    - `tail`: draw only the last `tail` steps of each path, fading out; `None` draws whole paths.
    - `font_scale`: text larger (or, on large outputs, smaller) than the size chosen for the output;
      never below the minimum pixel sizes.
    - `title`, `subtitle`: the figure's title (default: the scene's name) and a line under it;
      `formula`: whether the surface's formula is shown.
    - `levels`: contour levels, "auto", "log", "linear", a count or the values (see `parse_levels`);
      `contour_labels`: "auto" (a readable few), "none" or "all".
    - `show`: what to draw at each head (`SHOWN`): the negative gradient, the velocity (Adam's −m),
      the step taken next, the per-coordinate step sizes as an ellipse, the points line searches
      tried (bfgs) as faint dots, and on the loss panel the learning rate of each scheduled optimizer
      ("lr"); needs trajectories computed
      with `run(scene, internals=True)`. `field`: the negative gradient field under the paths, as
      "arrows" or "stream"lines.
    """

    layout: Literal["overlay", "grid"] = "overlay"
    loss_panel: bool = False
    view: Literal["2d", "3d"] = "2d"
    rotate: bool = False
    theme: Literal["light", "dark"] = "light"
    transparent: bool = False
    dpi: float | None = None
    gif_width: int = DEFAULT_GIF_WIDTH
    tail: int | None = None
    font_scale: float = 1.0
    title: str | None = None
    subtitle: str | None = None
    formula: bool = True
    levels: str | int | tuple[float, ...] = "auto"
    contour_labels: Literal["auto", "none", "all"] = "auto"
    show: tuple[str, ...] = ()
    field: str | None = None

    def __post_init__(self) -> None:
        name = caller()  # `--theme` on the command line, `theme` in Python
        for value, choices, key in (
            (self.layout, LAYOUTS, "layout"),
            (self.view, VIEWS, "view"),
            (self.theme, THEME_NAMES, "theme"),
            (self.contour_labels, CONTOUR_LABELS, "contour_labels"),
        ):
            if value not in choices:
                raise UserError(f"unknown {name(key)} {value!r}; use one of {', '.join(choices)}")
        if self.rotate and self.view != "3d":
            raise UserError(f"{name('rotate')} turns the 3D camera; add {name('view')} 3d")
        if self.dpi is not None and not 10 <= self.dpi <= 1200:
            raise UserError(f"{name('dpi')} must be between 10 and 1200, got {self.dpi:g}")
        if self.gif_width < 16:
            raise UserError(f"{name('gif_width')} must be at least 16 pixels, got {self.gif_width}")
        if not (math.isfinite(self.font_scale) and MIN_FONT_SCALE <= self.font_scale <= MAX_FONT_SCALE):
            low, high = MIN_FONT_SCALE, MAX_FONT_SCALE
            raise UserError(
                f"{name('font_scale')} must be between {low:g} and {high:g}, got {self.font_scale:g}"
            )
        parse_levels(self.levels)
        if self.tail is not None and self.tail < 1:
            raise UserError(f"{name('tail')} must be at least 1 step, got {self.tail}")
        for shown in self.show:
            if shown not in SHOWN:
                hint = did_you_mean(shown, SHOWN)
                raise UserError(f"unknown {name('show')} {shown!r}{hint} (choose from {', '.join(SHOWN)})")
        if self.field is not None and self.field not in FIELDS:
            raise UserError(f"unknown {name('field')} {self.field!r}; use one of {', '.join(FIELDS)}")
        if "lr" in self.show and not self.loss_panel:
            raise UserError(
                f"{name('show')} lr draws the learning rates on the loss panel; add {name('loss_panel')}"
            )
        if self.field == "stream" and self.view == "3d":
            field, view = name("field"), name("view")
            raise UserError(f"{field} stream draws on the 2D map; with {view} 3d use {field} arrows")

    @property
    def level_spec(self) -> LevelSpec:
        return parse_levels(self.levels)

    @classmethod
    def from_scene_file(cls, path: str | os.PathLike[str], **changes: Any) -> RenderOptions:
        """The render options a scene file's `[view]` table sets (the rest at their defaults), with
        `changes` over them: the slide the file describes, as the command line would draw it."""
        return cls(**{**scene_file_view(path), **changes})


def scene_file_view(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A scene file's `[view]` table (empty if it has none), checked as render options: a mistake names
    the file and the key."""
    from landscapes.scenes.file import view_table
    from landscapes.values import in_file, named_as

    view = view_table(Path(path), tuple(field.name for field in fields(RenderOptions)))
    with named_as(in_file(str(path))):
        try:
            RenderOptions(**view)
        except TypeError as error:
            raise UserError(f"{path}: [view]: {error}") from None
        except UserError as error:
            raise UserError(f"{path}: [view] {error}") from None
    return view
