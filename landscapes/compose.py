"""Build a scene from what the user typed: a scene name or file, then the command line's overrides."""

from __future__ import annotations

from landscapes.errors import lookup
from landscapes.parsing import parse_point, parse_size
from landscapes.scenes import DEFAULT_SCENE, Scene, builtin_scene, with_overrides
from landscapes.specs import parse_spec
from surfaces import SURFACES, Surface


def find_surface(name: str) -> Surface:
    """A registered surface by name, or a `UserError` naming the closest ones."""
    return lookup(SURFACES, name, "surface")


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
) -> Scene:
    """The scene named by `scene` (default `wobbly`) with each given option in place of its own value."""
    base = builtin_scene(scene or DEFAULT_SCENE)
    return with_overrides(
        base,
        surface=find_surface(surface) if surface is not None else None,
        optimizers=tuple(parse_spec(text) for text in optimizers or ()),
        starts=tuple(parse_point(text) for text in starts or ()),
        steps=steps,
        frames=frames,
        fps=fps,
        size=parse_size(size) if size is not None else None,
    )
