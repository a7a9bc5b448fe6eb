"""What `landscapes list` prints: each built-in with a short description."""

from __future__ import annotations

from landscapes.errors import lookup
from landscapes.tables import aligned


def _surfaces() -> list[tuple[str, ...]]:
    from surfaces import SURFACES

    return [(s.name, s.description or s.formula) for s in SURFACES.values()]


def _optimizers() -> list[tuple[str, ...]]:
    from landscapes.optimizers import OPTIMIZERS

    rows = []
    for entry in OPTIMIZERS.values():
        defaults = ", ".join(f"{key}={value:g}" for key, value in entry.hyperparameters.items())
        rows.append((entry.name, f"({defaults})", entry.description))
    return rows


def _scenes() -> list[tuple[str, ...]]:
    from landscapes.scenes import builtin_scenes

    return [(s.name, s.surface.name, s.description) for s in builtin_scenes().values()]


LISTINGS = {"surfaces": _surfaces, "optimizers": _optimizers, "scenes": _scenes}


def listing(what: str) -> str:
    """The listing of `what` (surfaces, optimizers, scenes, …) as aligned text."""
    return aligned(lookup(LISTINGS, what, "listing")())
