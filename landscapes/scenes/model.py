"""Scenes: what to compute (and, apart, how it plays by default); the article's six scenes are built in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from landscapes import limits, values
from landscapes.display import counted, html_table, listed
from landscapes.errors import UserError, lookup
from landscapes.optimizers.spec import OptimizerSpec, resolve
from landscapes.scenes.playback import ScenePlayback, check_playback
from surfaces import SURFACES, Point, Surface
from surfaces.expression import EXPRESSION_NAME


@dataclass(frozen=True)
class Panel:
    """One surface of a scene drawn a panel per surface: the surface, its starts and its window (None:
    the surface's own). Everything else (optimizers, steps, noise, timing) the panels share."""

    surface: Surface
    starts: tuple[Point, ...]
    window: tuple[Point, Point] | None = None


@dataclass(frozen=True)
class Scene:
    """A surface, the optimizers to run on it, where they start, for how many steps: what the engine
    computes.

    `window` ((xmin, xmax), (ymin, ymax)) replaces the surface's own view window. `noise` is the
    standard deviation of the Gaussian noise added to every gradient, drawn from `seed` (which also
    places random start points).
    `panels` holds one `Panel` per surface when the scene compares several (see `panels_scene`);
    then `surface`, `window` and `starts` are the first panel's, and `per_surface()` gives each
    surface's scene as a one-surface run would have it.
    `playback` is how the scene plays by default and where it is written (its timing, animated
    points, pixel size, output; see `ScenePlayback`): the engine never reads it.
    """

    name: str
    surface: Surface
    optimizers: tuple[OptimizerSpec, ...]
    starts: tuple[Point, ...]
    steps: int = 125
    description: str = ""
    window: tuple[Point, Point] | None = None
    noise: float = 0.0
    seed: int = 0
    panels: tuple[Panel, ...] = ()
    playback: ScenePlayback = field(default_factory=ScenePlayback)

    def __repr__(self) -> str:
        names = [str(spec) for spec in self.optimizers]
        return (
            f"<Scene {self.name!r}: {listed([surface_title(s) for s in self.surfaces])}, {listed(names)}, "
            f"{counted(len(self.starts), 'start')}, {counted(self.steps, 'step')}>"
        )

    @property
    def surfaces(self) -> tuple[Surface, ...]:
        """The surfaces compared, one per panel; the one surface of a plain scene."""
        return tuple(panel.surface for panel in self.panels) or (self.surface,)

    def per_surface(self) -> tuple[Scene, ...]:
        """One single-surface scene per panel (named after its surface), or `(self,)` for a plain one."""
        if not self.panels:
            return (self,)
        return tuple(
            replace(self, name=panel.surface.name, surface=panel.surface, window=panel.window,
                    starts=panel.starts, panels=())
            for panel in self.panels
        )  # fmt: skip

    def _repr_html_(self) -> str:
        """A notebook's view: the scene's settings, one per row."""
        rows = [
            ("surfaces" if self.panels else "surface", ", ".join(map(surface_title, self.surfaces))),
            ("optimizers", ", ".join(str(spec) for spec in self.optimizers)),
            ("starts", listed([f"({x:g}, {y:g})" for x, y in self.starts])),
            ("steps", self.steps),
            ("window", f"x {self.xlim[0]:g}…{self.xlim[1]:g}, y {self.ylim[0]:g}…{self.ylim[1]:g}"),
            ("noise", f"{self.noise:g} (seed {self.seed})"),
        ]
        return html_table(f"Scene {self.name!r}", ("setting", "value"), rows)

    @property
    def xlim(self) -> Point:
        return self.window[0] if self.window else self.surface.xlim

    @property
    def ylim(self) -> Point:
        return self.window[1] if self.window else self.surface.ylim


def surface_title(surface: Surface) -> str:
    """How a surface is named to the user: its name, or its formula when it was typed as an expression."""
    return surface.formula if surface.name == EXPRESSION_NAME else surface.name


def panels_scene(scenes: Sequence[Scene], name: str) -> Scene:
    """One scene drawing `scenes` (each on one surface, alike in all else) a panel per surface: the first
    scene's settings, with each scene's surface, window and starts as a panel. One scene is returned
    as it is."""
    if len(scenes) == 1:
        return scenes[0]
    panels = tuple(Panel(one.surface, one.starts, one.window) for one in scenes)
    combined = replace(scenes[0], name=name, panels=panels)
    validate(combined)
    return combined


def check_inside_every_window(scenes: Sequence[Scene], points: Sequence[Point]) -> None:
    """With several surfaces, start points given as points must lie in every panel's window (a start
    set is placed in each window instead); a `UserError` in the caller's words for one that does not."""
    if len(scenes) < 2:
        return
    naming = values.caller()
    key = "--start" if naming.style == "option" else naming("starts")
    for one in scenes:
        for x, y in points:
            if not _all_inside(((x, y),), one.xlim, one.ylim):
                (x0, x1), (y0, y1) = one.xlim, one.ylim
                raise naming.error(
                    f"{key} point ({x:g}, {y:g}) lies outside {surface_title(one.surface)}'s window "
                    f"(x {x0:g}…{x1:g}, y {y0:g}…{y1:g}); with several surfaces each point must lie in "
                    "every window, or use 'random:N' / 'grid:N', placed in each"
                )


def _cross_method_set() -> tuple[OptimizerSpec, ...]:
    return (
        OptimizerSpec("nesterov", (("lr", 0.01),)),
        OptimizerSpec("rmsprop", (("lr", 0.25),)),
        OptimizerSpec("adadelta", (("lr", 100.0),)),
        OptimizerSpec("adagrad", (("lr", 1.0),)),
        OptimizerSpec("adam", (("lr", 0.25),)),
    )


def _article_scene(name: str, surface: str, optimizers: tuple[OptimizerSpec, ...], description: str) -> Scene:
    return Scene(
        name=name,
        surface=SURFACES[surface],
        optimizers=optimizers,
        starts=((-2.8, -2.5),),
        steps=125,
        description=description,
        playback=ScenePlayback(fps=5.0, animated_points=119),
    )


def builtin_scenes() -> dict[str, Scene]:
    """The article's six scenes by name; `wobbly` is the default."""
    cross = _cross_method_set()
    momenta = tuple(
        OptimizerSpec("nesterov", (("lr", 0.01), ("momentum", mu)), f"nesterov momentum {mu:g}")
        for mu in (0.25, 0.9, 0.975)
    )
    scenes = [
        _article_scene("wobbly", "wobbly", cross, "Five methods on the wobbly bowl."),
        _article_scene(
            "basins-and-walls", "basins-and-walls", cross, "Five methods crossing walls between basins."
        ),
        _article_scene(
            "giant-plateau", "giant-plateau", cross, "Five methods on a plateau with vanishing gradients."
        ),
        _article_scene(
            "hills-and-canyon", "hills-and-canyon", cross, "Five methods between hills, into a canyon."
        ),
        _article_scene("bad-init", "two-minima", cross, "Five methods starting next to the wrong minimum."),
        _article_scene("nesterov-momenta", "wobbly", momenta, "Nesterov with momentum 0.25, 0.9 and 0.975."),
    ]
    return {scene.name: scene for scene in scenes}


DEFAULT_SCENE = "wobbly"


def builtin_scene(name: str = DEFAULT_SCENE) -> Scene:
    """A built-in scene by name, or a `UserError` naming the closest ones."""
    return lookup(builtin_scenes(), name, "scene")


def with_overrides(
    scene: Scene,
    *,
    surface: Surface | None = None,
    optimizers: tuple[OptimizerSpec, ...] | None = None,
    starts: tuple[Point, ...] | None = None,
    steps: int | None = None,
    frames: int | None = None,
    fps: float | None = None,
    size: tuple[int, int] | None = None,
    window: tuple[Point, Point] | None = None,
    noise: float | None = None,
    seed: int | None = None,
) -> Scene:
    """`scene` with what the user set on the command line in place of the scene's own values.

    A new surface renames the scene after it (the title shows it). A new surface, or a window that
    leaves the scene's starts outside, brings the surface's default start unless starts are given
    (or, when that lies outside the window, a point near the window's lower-left corner); new step
    counts animate the whole paths at the default timing for their length, since the scene's frame
    range and rate were chosen for its own step count.
    """
    changes: dict = {}
    if surface is not None:
        changes["name"] = surface.name
        changes["surface"] = surface
    if window is not None:
        changes["window"] = window
    if surface is not None or (window is not None and not _all_inside(scene.starts, *window)):
        changes["starts"] = (default_start(replace(scene, **changes)),)
    if optimizers:
        changes["optimizers"] = optimizers
    if starts:
        changes["starts"] = starts
    if steps is not None:
        changes["steps"] = steps
    playback = scene.playback.retimed() if steps is not None else scene.playback
    changes["playback"] = replace(
        playback,
        frames=playback.frames if frames is None else frames,
        fps=playback.fps if fps is None else fps,
        size=playback.size if size is None else size,
    )
    if noise is not None:
        changes["noise"] = noise
    if seed is not None:
        changes["seed"] = seed
    updated = replace(scene, **changes)
    validate(updated)
    return updated


def _all_inside(points: tuple[Point, ...], xlim: Point, ylim: Point) -> bool:
    return all(xlim[0] <= x <= xlim[1] and ylim[0] <= y <= ylim[1] for x, y in points)


def default_start(scene: Scene) -> Point:
    """The surface's own start if it lies in the scene's window, else one near the lower-left corner
    (where the article's start sits in its [−3, 3]² window)."""
    if _all_inside((scene.surface.start,), scene.xlim, scene.ylim):
        return scene.surface.start
    return corner_start(scene.xlim, scene.ylim)


def corner_start(xlim: Point, ylim: Point) -> Point:
    """A start near the window's lower-left corner, where the article's start sits in [−3, 3]²."""
    (x0, x1), (y0, y1) = xlim, ylim
    return (x0 + (x1 - x0) * 0.2 / 6, y0 + (y1 - y0) * 0.5 / 6)


def validate(scene: Scene) -> None:
    """Raise a `UserError` for anything that would fail later, before any computing starts; each value
    is named as the caller named it (see `landscapes.values`)."""
    for spec in scene.optimizers:
        resolve(spec)
    if not scene.optimizers:
        raise UserError("a scene needs at least one optimizer (-O NAME)")
    values.whole_number(scene.steps, "steps", at_least=1, limit=limits.MAX_STEPS)
    check_playback(scene.playback)
    values.window(scene.xlim, "xlim")
    values.window(scene.ylim, "ylim")
    limits.check_at_most(len(scene.starts), limits.MAX_STARTS, "the number of start points")
    starts = sum(len(one.starts) for one in scene.per_surface())
    limits.check_trajectory_size(len(scene.optimizers) * starts, scene.steps)
    values.finite_number(scene.noise, "noise", at_least=0)
    values.whole_number(scene.seed, "seed", at_most=2**32 - 1)
