"""What `landscapes list` prints: each built-in with a short description."""

from __future__ import annotations

from collections.abc import Iterable

from landscapes.errors import lookup


def _surfaces() -> list[tuple[str, ...]]:
    from surfaces import SURFACES

    return [(s.name, s.description or s.formula) for s in SURFACES.values()]


def _optimizers(include_all: bool = False) -> list[tuple[str, ...]]:
    from landscapes.optimizers import OPTIMIZERS

    entries = list(OPTIMIZERS.values())
    if include_all:
        from landscapes.optimizers.optax_adapter import optax_entries

        entries += list(optax_entries().values())
    rows = []
    for entry in entries:
        defaults = ", ".join(f"{key}={value:g}" for key, value in entry.hyperparameters.items())
        rows.append((entry.name, f"({defaults})", entry.description))
    return rows


def _scenes() -> list[tuple[str, ...]]:
    from landscapes.scenes.model import builtin_scenes

    return [(s.name, s.surface.name, s.description) for s in builtin_scenes().values()]


def _signals() -> list[tuple[str, ...]]:
    from landscapes.study.signals import SIGNALS

    return [(s.name, f"g_i = {s.formula}") for s in SIGNALS.values()]


def _methods() -> list[tuple[str, ...]]:
    from landscapes.study.methods import METHODS

    rows = []
    for m in METHODS.values():
        swept = f"{m.parameter} = {', '.join(f'{value:g}' for value in m.values)}"
        fixed = ", ".join(f"{key}={value:g}" for key, value in m.fixed.items())
        rows.append((m.name, swept, f"({fixed})", m.description))
    return rows


LISTINGS = {
    "surfaces": _surfaces,
    "optimizers": _optimizers,
    "scenes": _scenes,
    "signals": _signals,
    "methods": _methods,
}


def listing(what: str, include_all: bool = False) -> str:
    """The listing of `what` (surfaces, optimizers, scenes, …) as aligned text.

    `include_all` adds what is available but not registered by name: every optax optimizer.
    """
    rows_of = lookup(LISTINGS, what, "listing")
    return aligned(rows_of(include_all) if rows_of is _optimizers else rows_of())


def aligned(rows: Iterable[tuple[str, ...]]) -> str:
    """Rows of text cells with every column but the last padded to a common width."""
    rows = list(rows)
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]])
        for row in rows
    )
