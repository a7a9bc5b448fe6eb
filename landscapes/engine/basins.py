"""Basins of attraction: where each optimizer of a scene ends from every start on a grid over the window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jax
import numpy as np

from landscapes.engine import sharding
from landscapes.engine.attractors import DIVERGED, find_attractors, label_attractors
from landscapes.engine.trajectories import paths, resolved, traced
from landscapes.errors import UserError
from landscapes.limits import MAX_BASIN_GRID
from landscapes.optimizers import Optimizer
from landscapes.optimizers.spec import legends_for
from landscapes.scenes.model import Scene
from surfaces import Surface

DEFAULT_RESOLUTION = 200
CHUNK = 2**18  # starts per jitted call: bounds memory on a 2000×2000 grid


@dataclass(frozen=True)
class BasinMap:
    """Final points and losses of every optimizer from every start of a grid, and the minimum each ends at.

    Arrays are indexed [optimizer, row, column]: row i starts at y = ys[i], column j at x = xs[j].
    `nearest` holds an index into `minima` (global minima first, then local ones), or `DIVERGED`
    where the end point is not finite. On a surface without known minima, `minima` are the
    attractors found from the end points themselves (`found` is True), and `nearest` is
    `UNSETTLED` where a run ended near none of them.
    """

    scene: Scene
    legends: tuple[str, ...]
    xs: np.ndarray
    ys: np.ndarray
    finals: np.ndarray
    losses: np.ndarray
    minima: np.ndarray
    nearest: np.ndarray
    found: bool = False


def start_grid(
    xlim: tuple[float, float], ylim: tuple[float, float], resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid's axes and its `resolution`² start points, row by row from the bottom (y outer, x inner)."""
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.stack([gx.ravel(), gy.ravel()], axis=-1)


def final_points(
    factory: Callable[..., Optimizer], fn: Callable, hyperparameters: dict, starts: jax.Array, steps: int
) -> tuple[jax.Array, jax.Array]:
    """End points (starts, 2) and final losses (starts,) of one optimizer from each start: the
    trajectories' own scan, keeping no path."""
    return paths(factory, fn, hyperparameters, starts, steps, ends_only=True)


def known_minima(surface: Surface) -> np.ndarray:
    """The surface's known minima as (m, 2) points: global ones first, then local ones."""
    return np.array([(m.x, m.y) for m in (*surface.minima, *surface.local_minima)], dtype=float).reshape(
        -1, 2
    )


def nearest_minimum(points: np.ndarray, minima: np.ndarray) -> np.ndarray:
    """For each point (…, 2), the index of the closest of `minima` (m, 2); `DIVERGED` where not finite.

    One minimum at a time, so memory stays that of a few maps even on a 2000×2000 grid.
    """
    nearest = np.zeros(points.shape[:-1], dtype=np.int16)
    closest = np.full(points.shape[:-1], np.inf)
    with np.errstate(invalid="ignore"):
        for index, (x, y) in enumerate(minima):
            distance = np.hypot(points[..., 0] - x, points[..., 1] - y)
            nearer = distance < closest
            nearest[nearer] = index
            closest[nearer] = distance[nearer]
    nearest[~np.all(np.isfinite(points), axis=-1)] = DIVERGED
    return nearest


def check_resolution(resolution: int) -> None:
    """A `UserError` unless the grid has between 2 and `MAX_BASIN_GRID` points a side."""
    if not 2 <= resolution <= MAX_BASIN_GRID:
        raise UserError(f"--grid must be between 2 and {MAX_BASIN_GRID}, got {resolution}")


def basins(scene: Scene, resolution: int = DEFAULT_RESOLUTION) -> BasinMap:
    """Run every optimizer of `scene` from each of `resolution`² starts over its window, in one call each.

    Gradients are exact: a scene with gradient noise is refused, since one noisy run per start says
    little about where a method goes from there.
    """
    check_resolution(resolution)
    if scene.noise:
        raise UserError(f"basin maps use exact gradients; scene {scene.name!r} adds noise {scene.noise:g}")
    if scene.panels:
        raise UserError(
            f"a basin map covers one surface; scene {scene.name!r} has {len(scene.panels)}: "
            "give one with --surface"
        )
    xs, ys, starts = start_grid(scene.xlim, scene.ylim, resolution)
    optimizers = resolved(scene.optimizers)
    count = len(optimizers)
    finals = np.empty((count, len(starts), 2))
    losses = np.empty((count, len(starts)))
    for index, (_, _, entry, hyperparameters) in enumerate(optimizers):
        values = traced(hyperparameters)
        for begin, end, chunk in chunks(starts):
            end_points, end_losses = final_points(entry.factory, scene.surface.fn, values, chunk, scene.steps)
            finals[index, begin:end] = sharding.gather(end_points)[: end - begin]
            losses[index, begin:end] = sharding.gather(end_losses)[: end - begin]
    finals = finals.reshape(count, resolution, resolution, 2)
    losses = losses.reshape(count, resolution, resolution)
    legends = legends_for(scene.optimizers, [optimizer.label for optimizer in optimizers])
    minima = known_minima(scene.surface)
    if len(minima):
        nearest = np.stack([nearest_minimum(per_optimizer, minima) for per_optimizer in finals])
        return BasinMap(scene, legends, xs, ys, finals, losses, minima, nearest)
    attractors = find_attractors(finals, losses, scene.xlim, scene.ylim)
    nearest = label_attractors(finals, attractors, scene.xlim, scene.ylim)
    return BasinMap(scene, legends, xs, ys, finals, losses, attractors, nearest, found=True)


def chunks(starts: np.ndarray):
    """(begin, end, the starts begin:end padded to one fixed length and laid out over the devices)."""
    size = sharding.padded_length(min(CHUNK, len(starts)))
    for begin in range(0, len(starts), size):
        end = min(begin + size, len(starts))
        yield begin, end, sharding.shard(sharding.pad(starts[begin:end], size))
