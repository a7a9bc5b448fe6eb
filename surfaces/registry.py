"""The table of surfaces by name, filled by the `register_surface` decorator (built-ins and plugins)."""

from __future__ import annotations

from collections.abc import Callable

from surfaces.base import Surface

SURFACES: dict[str, Surface] = {}


class NameTaken(ValueError):
    """A surface of that name is registered already (a plugin sees it as a mistake, one line)."""


def register_surface(surface: Surface, *, replace: bool = False) -> Surface:
    """Add `surface` to the table under its name. A name already taken by another surface is
    `NameTaken` unless `replace=True`; the same definition registered again (a plugin file loaded
    twice) is not a clash."""
    existing = SURFACES.get(surface.name)
    if existing is not None and not replace and _origin(existing) != _origin(surface):
        raise NameTaken(
            f"surface {surface.name!r} is already registered; choose another name, "
            "or pass replace=True to replace it"
        )
    SURFACES[surface.name] = surface
    return surface


def surface(*, replace: bool = False, **fields) -> Callable[[Callable], Surface]:
    """Decorator: turn a JAX function of (x, y) into a registered `Surface` with the given fields.

    The decorated function takes the two coordinates as separate arguments, which reads like the
    formula; the stored `fn` takes one (2,) array, which is what the engine differentiates.
    """

    def wrap(f: Callable) -> Surface:
        def fn(xy):
            return f(xy[0], xy[1])

        fn.written_as = f  # the user's function, where the surface was written (not `__wrapped__`,
        # which would give `fn` the signature (x, y) in JAX's eyes)
        return register_surface(Surface(fn=fn, **fields), replace=replace)

    return wrap


def _origin(surface: Surface) -> tuple[str, str] | Surface:
    """Where a surface's function was written (its file and name), or the surface itself if unknown."""
    function = getattr(surface.fn, "written_as", surface.fn)
    code = getattr(function, "__code__", None)
    return (code.co_filename, function.__qualname__) if code else surface
