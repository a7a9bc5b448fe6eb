"""Build a scene: from Python values (`scene`, `load_scene`; the public API) or from what the user
typed on the command line (`compose_scene`, which parses the strings and calls `scene`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from landscapes import values
from landscapes.errors import UserError
from landscapes.optimizers.spec import OptimizerSpec, parse_spec
from landscapes.scenes.file import load_scene_file
from landscapes.scenes.lookup import find_surface
from landscapes.scenes.model import (
    DEFAULT_SCENE,
    Scene,
    builtin_scene,
    check_inside_every_window,
    panels_scene,
    surface_title,
    with_overrides,
)
from landscapes.scenes.starts import parse_start_set, start_set
from landscapes.values import parse_point, parse_size, parse_window
from surfaces import Point, Surface


def is_scene_file(scene: str) -> bool:
    """A SCENE argument names a file when it ends in .toml or is an existing file."""
    return scene.lower().endswith(".toml") or Path(scene).is_file()


def load_scene(path: str | os.PathLike[str]) -> Scene:
    """The scene a scene file (TOML) describes; see `landscapes.scenes.file` for its keys."""
    return load_scene_file(Path(path))


def base_scene(scene: str | os.PathLike[str] | Scene | None) -> Scene:
    """The scene `scene` names: a `Scene` as is, a scene file, or a built-in scene (default `wobbly`)."""
    if isinstance(scene, Scene):
        return scene
    if isinstance(scene, os.PathLike) or (scene is not None and is_scene_file(scene)):
        return load_scene(scene)
    return builtin_scene(scene or DEFAULT_SCENE)


def scene(
    base: str | os.PathLike[str] | Scene | None = None,
    *,
    surface: str | Surface | None = None,
    surfaces: Sequence[str | Surface] | None = None,
    optimizers: str | OptimizerSpec | Sequence[str | OptimizerSpec] | None = None,
    starts: str | Point | Sequence[Point | str] | None = None,
    steps: int | None = None,
    frames: int | None = None,
    fps: float | None = None,
    size: tuple[int, int] | None = None,
    xlim: Point | None = None,
    ylim: Point | None = None,
    noise: float | None = None,
    seed: int | None = None,
) -> Scene:
    """A validated scene: `base` (a `Scene`, a built-in scene's name or a scene file; default `wobbly`)
    with each given value in place of its own, as the command line's options do.

    `surface` is a `Surface` (see `custom_surface`), a built-in surface's name or an expression in x
    and y; `surfaces`, several of them, makes a scene drawn a panel per surface, the same optimizers
    in each, each surface in its own window (`xlim`/`ylim` set all) from its own default start, or
    from `starts` (points must lie in every window; `"random:N"` / `"grid:N"` are placed in each).
    `optimizers` are SPEC strings such as `"adam(lr=0.1)@fast"` or `OptimizerSpec`s (one alone
    is a list of one); `starts` are (x, y) points and `"random:N"` / `"grid:N"` sets, placed in the
    final window (one alone is a list of one); `xlim`/`ylim` set the window. `frames`, `fps` and
    `size` ((width, height) in pixels) set how it plays by default (`Scene.playback`). `None` (or an
    empty list) keeps the base scene's value. Mistakes raise a `UserError` that names the bad value
    as the caller did.
    """
    chosen = base_scene(base)
    given = _surfaces(surface, surfaces)
    settings = dict(optimizers=optimizers, starts=starts, steps=steps, frames=frames, fps=fps, size=size,
                    xlim=xlim, ylim=ylim, noise=noise, seed=seed)  # fmt: skip
    if given:
        first = chosen.per_surface()[0]
        singles = [_one_surface(first, surface=one, **settings) for one in given]
        name = " · ".join(surface_title(one.surface) for one, _ in singles)
    else:
        singles = [_one_surface(one, surface=None, **settings) for one in chosen.per_surface()]
        name = chosen.name
    check_inside_every_window([one for one, _ in singles], singles[0][1])
    return panels_scene([one for one, _ in singles], name)


def _surfaces(surface: object, surfaces: object) -> list[Surface]:
    """The surfaces asked for, looked up (empty when neither is given); `surface` and `surfaces`
    together are a mistake."""
    naming = values.caller()
    if surface is not None and surfaces:
        raise naming.error(f"give {naming('surface')} or {naming('surfaces')}, not both")
    items = [surface] if surface is not None else _items(surfaces, lambda value: isinstance(value, str))
    for item in items:
        if not isinstance(item, str | Surface):
            raise UserError(
                f"surface must be a name, an expression or a Surface, got {type(item).__name__}; "
                "wrap a Python function with landscapes.custom_surface(fn)"
            )
    return [find_surface(item) if isinstance(item, str) else item for item in items]


def _one_surface(
    base: Scene,
    *,
    surface: Surface | None,
    optimizers: object,
    starts: object,
    xlim: Point | None,
    ylim: Point | None,
    **shared,
) -> tuple[Scene, list[Point]]:
    """`base` (on one surface) with the given values, as a one-surface run has it; and the start points
    given as points (not sets), which several surfaces must each have in their windows."""
    chosen = with_overrides(base, surface=surface, optimizers=_specs(optimizers), **shared)
    if xlim is not None or ylim is not None:
        window = (
            chosen.xlim if xlim is None else values.window(xlim, "xlim"),
            chosen.ylim if ylim is None else values.window(ylim, "ylim"),
        )
        chosen = with_overrides(chosen, window=window)
    points: list[Point] = []
    given: list[Point] = []
    for item in _items(starts, lambda value: isinstance(value, str) or values.is_pair(value)):
        if isinstance(item, str):
            kind, count = parse_start_set(item)
            points.extend(start_set(kind, count, chosen.xlim, chosen.ylim, chosen.seed))
        elif values.is_pair(item):
            given.append(values.number_pair(item, "starts"))
            points.append(given[-1])
        else:
            name = values.caller()("starts")
            raise UserError(f"bad {name} item {item!r}; expected (x, y) points or 'random:N' / 'grid:N'")
    return (with_overrides(chosen, starts=tuple(points)) if points else chosen), given


def _items(given: object, is_one: Callable[[object], bool]) -> list:
    """`given` as a list: empty for None, a list of one where `is_one(given)`, else its items."""
    if given is None:
        return []
    if is_one(given):
        return [given]
    try:
        return list(given)
    except TypeError:
        return [given]


def _specs(optimizers: object) -> tuple[OptimizerSpec, ...]:
    """Optimizer specs from SPEC strings and `OptimizerSpec`s (a lone one is a list of one)."""
    specs = []
    for item in _items(optimizers, lambda value: isinstance(value, str | OptimizerSpec)):
        if isinstance(item, str):
            specs.append(parse_spec(item))
        elif isinstance(item, OptimizerSpec):
            specs.append(item)
        else:
            name = values.caller()("optimizers")
            raise UserError(f"bad {name} item {item!r}; expected SPEC strings like 'adam(lr=0.1)'")
    return tuple(specs)


def compose_scene(
    base: str | Scene | None = None,
    *,
    surface: str | list[str] | None = None,
    optimizers: list[str] | None = None,
    starts: list[str] | None = None,
    steps: int | None = None,
    frames: int | None = None,
    fps: float | None = None,
    size: str | None = None,
    xlim: str | None = None,
    ylim: str | None = None,
    start_sets: list[str] | None = None,
    noise: float | None = None,
    seed: int | None = None,
) -> Scene:
    """The command line's scene: its strings parsed, then handed to `scene`, with mistakes named as
    options (`--steps`).

    `base` is the SCENE argument (a name or a scene file), or a `Scene` (one read from a manifest).
    `surface` is one --surface, or the list of all given (several: a panel each).
    Start sets (`random:N`, `grid:N`) are placed in the final window, after the points of `starts`.
    """
    with values.named_as(values.OPTIONS):
        names = [surface] if isinstance(surface, str) else list(surface or ())
        return scene(
            base,
            surface=names[0] if len(names) == 1 else None,
            surfaces=names if len(names) > 1 else None,
            optimizers=optimizers,
            starts=[*(parse_point(text) for text in starts or ()), *(start_sets or ())],
            steps=steps,
            frames=frames,
            fps=fps,
            size=parse_size(size) if size is not None else None,
            xlim=parse_window(xlim, "x") if xlim is not None else None,
            ylim=parse_window(ylim, "y") if ylim is not None else None,
            noise=noise,
            seed=seed,
        )
