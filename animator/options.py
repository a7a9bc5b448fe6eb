"""How a render looks, apart from what it shows: layout, panels, view, theme, resolution, tails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from landscapes.errors import UserError, did_you_mean
from landscapes.values import caller

LAYOUTS = ("overlay", "grid")
VIEWS = ("2d", "3d")
THEME_NAMES = ("light", "dark")
PACES = ("linear", "log", "auto")  # which step each frame shows: see landscapes.scenes.pacing.frame_steps
SHOWN = ("gradient", "velocity", "update", "scale", "linesearch", "lr")
FIELDS = ("arrows", "stream")
DEFAULT_GIF_WIDTH = 800


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
    show: tuple[str, ...] = ()
    field: str | None = None

    def __post_init__(self) -> None:
        name = caller()  # `--theme` on the command line, `theme` in Python
        for value, choices, key in (
            (self.layout, LAYOUTS, "layout"),
            (self.view, VIEWS, "view"),
            (self.theme, THEME_NAMES, "theme"),
        ):
            if value not in choices:
                raise UserError(f"unknown {name(key)} {value!r}; use one of {', '.join(choices)}")
        if self.rotate and self.view != "3d":
            raise UserError(f"{name('rotate')} turns the 3D camera; add {name('view')} 3d")
        if self.dpi is not None and not 10 <= self.dpi <= 1200:
            raise UserError(f"{name('dpi')} must be between 10 and 1200, got {self.dpi:g}")
        if self.gif_width < 16:
            raise UserError(f"{name('gif_width')} must be at least 16 pixels, got {self.gif_width}")
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
        if (self.show or self.field) and self.view == "3d":
            raise UserError(
                f"{name('show')} and {name('field')} draw on the 2D map; leave out {name('view')} 3d"
            )
