"""The table of surfaces by name, filled by the `register_surface` decorator (built-ins and plugins)."""

from __future__ import annotations

from collections.abc import Callable

from surfaces.base import Surface

SURFACES: dict[str, Surface] = {}


def register_surface(surface: Surface) -> Surface:
    """Add `surface` to the table under its name; a later registration of the same name replaces it."""
    SURFACES[surface.name] = surface
    return surface


def surface(**fields) -> Callable[[Callable], Surface]:
    """Decorator: turn a JAX function of (x, y) into a registered `Surface` with the given fields.

    The decorated function takes the two coordinates as separate arguments, which reads like the
    formula; the stored `fn` takes one (2,) array, which is what the engine differentiates.
    """

    def wrap(f: Callable) -> Surface:
        return register_surface(Surface(fn=lambda xy: f(xy[0], xy[1]), **fields))

    return wrap
