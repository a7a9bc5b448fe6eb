"""Build a scene from what the user typed: a scene name or file, then the command line's overrides."""

from __future__ import annotations

from pathlib import Path

from landscapes.errors import UserError, closest, lookup
from landscapes.parsing import parse_point, parse_size, parse_window
from landscapes.scenes import DEFAULT_SCENE, Scene, builtin_scene, with_overrides
from landscapes.specs import parse_spec
from landscapes.starts import parse_start_set, start_set
from surfaces import SURFACES, Surface


def find_surface(text: str) -> Surface:
    """A registered surface by name, else the surface of the expression `text` (`sin(x)*y + x**2`).

    Text that is neither, but is close to a surface's name, gets the "did you mean" hint; otherwise
    the expression's own error, which quotes the offending part.
    """
    if text in SURFACES:
        return SURFACES[text]
    from surfaces.expression import ExpressionError, expression_surface

    try:
        return expression_surface(text)
    except ExpressionError as error:
        if closest(text, SURFACES):
            lookup(SURFACES, text, "surface")
        raise UserError(str(error)) from None


def is_scene_file(scene: str) -> bool:
    """A SCENE argument names a file when it ends in .toml or is an existing file."""
    return scene.lower().endswith(".toml") or Path(scene).is_file()


def base_scene(scene: str | None) -> Scene:
    """The scene a SCENE argument names: a scene file, or a built-in scene (default `wobbly`)."""
    if scene is not None and is_scene_file(scene):
        from landscapes.scenefile import load_scene_file

        return load_scene_file(Path(scene))
    return builtin_scene(scene or DEFAULT_SCENE)


def compose_scene(
    scene: str | None = None,
    *,
    surface: str | None = None,
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
    """The scene named by `scene` (a name or a scene file) with each given option in place of its own.

    Start sets (`random:N`, `grid:N`) are placed in the final window, after the points of `starts`.
    """
    chosen = with_overrides(
        base_scene(scene),
        surface=find_surface(surface) if surface is not None else None,
        optimizers=tuple(parse_spec(text) for text in optimizers or ()),
        steps=steps,
        frames=frames,
        fps=fps,
        size=parse_size(size) if size is not None else None,
        noise=noise,
        seed=seed,
    )
    if xlim is not None or ylim is not None:
        window = (
            parse_window(xlim, "x") if xlim is not None else chosen.xlim,
            parse_window(ylim, "y") if ylim is not None else chosen.ylim,
        )
        chosen = with_overrides(chosen, window=window)
    points = [parse_point(text) for text in starts or ()]
    for text in start_sets or ():
        kind, count = parse_start_set(text)
        points.extend(start_set(kind, count, chosen.xlim, chosen.ylim, chosen.seed))
    return with_overrides(chosen, starts=tuple(points)) if points else chosen
