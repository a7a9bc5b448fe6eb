"""Fair comparisons: each optimizer's learning rate chosen from a log grid by one vmapped, jitted call.

The criterion is the mean loss over the last 10% of steps (the last ⌈steps/10⌉ points of every
path, averaged over all starts); a grid value whose paths leave the finite numbers scores +∞.
The candidates are `LEARNING_RATE_GRID` (1e-4 … 10, 40 values a decade, 6% apart) plus the value
the scene already had, so tuning never makes an optimizer worse by its own criterion. The grid is
dense because in the large-step regime the criterion jumps about from one rate to the next (RMSProp
on Rosenbrock is chaotic in lr); vmapped, 201 rates cost about as much to run as a few paths.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from landscapes.engine.trajectories import labels_for, noise_of, paths, traced
from landscapes.limits import check_trajectory_size
from landscapes.optimizers.spec import settings
from landscapes.scenes.model import Scene

LEARNING_RATE_KEYS = ("lr", "learning_rate")
LEARNING_RATE_GRID = tuple(np.geomspace(1e-4, 10.0, 201).tolist())
TAIL_FRACTION = 0.1


@dataclass(frozen=True)
class TuneResult:
    """What tuning chose for one optimizer, and the criterion before and after."""

    label: str
    key: str | None
    before: float
    chosen: float
    criterion: float
    criterion_before: float

    def report(self) -> str:
        """One line for standard error."""
        if self.key is None:
            return f"tune: {self.label}: not tuned (it has no lr or learning_rate)"
        return (
            f"tune: {self.label}: {self.key}={self.chosen:g} "
            f"(criterion {self.criterion:.4g}; {self.key}={self.before:g} gave {self.criterion_before:.4g})"
        )


def tail_points(steps: int) -> int:
    """How many of a path's last points the criterion averages: ⌈steps/10⌉."""
    return max(1, math.ceil(steps * TAIL_FRACTION))


def criterion(losses: jax.Array, steps: int) -> jax.Array:
    """Mean loss over the last ⌈steps/10⌉ points of every path in `losses` (starts, steps+1); +∞ if
    any of them is not finite."""
    tail = losses[..., -tail_points(steps) :]
    mean = jnp.mean(tail, axis=(-2, -1))
    return jnp.where(jnp.all(jnp.isfinite(tail), axis=(-2, -1)), mean, jnp.inf)


@partial(jax.jit, static_argnames=("factory", "fn", "steps", "key"))
def criteria(
    factory: Callable,
    fn: Callable,
    hyperparameters: dict,
    key: str,
    rates: jax.Array,
    starts: jax.Array,
    steps: int,
    noise: jax.Array | None,
    noise_key: jax.Array | None,
) -> jax.Array:
    """The criterion for each learning rate in `rates`: the engine's `paths`, vmapped over the rate."""

    def at(rate):
        _, losses = paths(factory, fn, {**hyperparameters, key: rate}, starts, steps, noise, noise_key)
        return criterion(losses, steps)

    return jax.vmap(at)(rates)


def learning_rate_key(hyperparameters: dict[str, float]) -> str | None:
    """The name of the learning-rate hyperparameter (`lr` or `learning_rate`), if there is one."""
    return next((key for key in LEARNING_RATE_KEYS if key in hyperparameters), None)


def tune(scene: Scene) -> tuple[Scene, tuple[TuneResult, ...]]:
    """`scene` with each optimizer's learning rate replaced by the best of the grid, and what was chosen.

    Labels are fixed before tuning, so a tuned scene's labels match the untuned one's; legends show
    the chosen value.
    """
    check_trajectory_size(
        (len(LEARNING_RATE_GRID) + 1) * len(scene.starts), scene.steps, "--tune's trial paths"
    )
    starts = jnp.asarray(scene.starts, dtype=jnp.float64)
    specs, results = [], []
    for spec, label in zip(scene.optimizers, labels_for(scene.optimizers), strict=True):
        entry, hyperparameters = settings(spec)
        key = learning_rate_key(hyperparameters)
        if key is None:
            specs.append(replace(spec, label=label))
            results.append(TuneResult(label, None, math.nan, math.nan, math.nan, math.nan))
            continue
        before = hyperparameters[key]
        rates = jnp.asarray((*LEARNING_RATE_GRID, before), dtype=jnp.float64)
        scores = np.asarray(
            criteria(
                entry.factory,
                scene.surface.fn,
                traced(hyperparameters),
                key,
                rates,
                starts,
                scene.steps,
                *noise_of(scene),
            )
        )
        best = int(np.argmin(scores))
        chosen = float(rates[best])
        params = (*tuple((name, value) for name, value in spec.params if name != key), (key, chosen))
        specs.append(replace(spec, params=params, label=label, tuned=key))
        results.append(TuneResult(label, key, before, chosen, float(scores[best]), float(scores[-1])))
    return replace(scene, optimizers=tuple(specs)), tuple(results)
