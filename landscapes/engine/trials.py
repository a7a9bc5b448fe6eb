"""Many runs at once, summarised as they go: the engine of tuning and of the leaderboard.

A trial is one optimizer configuration from one start. Trials are flattened into one batch axis,
run by one jitted `lax.scan` vmapped over the batch, in chunks that bound memory, with the batch
laid out over every JAX device. No path is kept: the scan carries only the current point and a few
running summaries (`Outcome`), judged against the window as `engine.divergence` defines it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from landscapes.compiling import jit
from landscapes.engine import sharding
from landscapes.engine.divergence import view_box
from landscapes.engine.internals import noisy
from landscapes.optimizers import Optimizer, objective_of

CHUNK = 2**16  # trials per jitted call: about 64 MiB of working memory at most
TAIL_FRACTION = 0.1
NEVER = math.inf


class Outcome(NamedTuple):
    """Per trial: where it ended, how low it went inside the window, and whether it stayed in view.

    `tail_loss` is the mean loss over the last ⌈steps/10⌉ points; `settled` the first step from
    which the path stays within reach of a target (`NEVER` if it ends out of reach); `escaped`
    whether it ever left the view box (the window plus the divergence margin); `non_finite` whether
    a coordinate or the loss stopped being finite; `tail_outside` whether a tail point lies outside
    the window itself. `best_loss`/`best_point` are the lowest point seen inside the window.
    """

    final: np.ndarray
    final_loss: np.ndarray
    tail_loss: np.ndarray
    best_loss: np.ndarray
    best_point: np.ndarray
    settled: np.ndarray
    escaped: np.ndarray
    non_finite: np.ndarray
    tail_outside: np.ndarray


def tail_points(steps: int) -> int:
    """How many of a path's last points the tail criterion averages: ⌈steps/10⌉."""
    return max(1, math.ceil(steps * TAIL_FRACTION))


def _inside(point: jax.Array, box: jax.Array) -> jax.Array:
    return (
        (box[0, 0] <= point[0]) & (point[0] <= box[0, 1]) & (box[1, 0] <= point[1]) & (point[1] <= box[1, 1])
    )


@jit(static_argnames=("factory", "fns", "steps", "tail"))
def _run_chunk(
    factory: Callable[..., Optimizer],
    fns: tuple[Callable, ...],
    hyperparameters: dict,
    starts: jax.Array,
    start_index: jax.Array,
    which: jax.Array,
    steps: int,
    tail: int,
    windows: jax.Array,
    views: jax.Array,
    targets: jax.Array,
    reaches: jax.Array,
    shifts: jax.Array | None,
) -> tuple[jax.Array, ...]:
    # One surface per call: `which` is not batched, so the switch runs only that surface's branch.
    fn = fns[0] if len(fns) == 1 else partial(jax.lax.switch, which, fns)
    exact = objective_of(fn)
    window, view, goals, reach = windows[which], views[which], targets[which], reaches[which]

    def trial(values, start, index):
        def near(point):
            return jnp.min(jnp.linalg.norm(goals - point, axis=-1)) <= reach

        optimizer = factory(**values)
        loss0 = fn(start)
        in_window0 = _inside(start, window) & jnp.isfinite(loss0)
        carry = dict(
            params=start,
            state=optimizer.init(start),
            loss=loss0,
            tail_sum=jnp.zeros((), start.dtype),
            best_loss=jnp.where(in_window0, loss0, jnp.inf),
            best_point=start,
            last_far=jnp.where(near(start), -1, 0),
            escaped=~_inside(start, view),
            non_finite=~jnp.isfinite(loss0),
            tail_outside=jnp.zeros((), bool),
        )

        def advance(c, t):
            shift = None if shifts is None else shifts[index, t - 1]
            params, state = optimizer.step(noisy(exact, shift), c["params"], c["state"])
            loss = fn(params)
            finite = jnp.all(jnp.isfinite(params)) & jnp.isfinite(loss)
            in_window = finite & _inside(params, window)
            in_tail = t > steps - tail
            better = in_window & (loss < c["best_loss"])
            return dict(
                params=params,
                state=state,
                loss=loss,
                tail_sum=c["tail_sum"] + jnp.where(in_tail, loss, 0.0),
                best_loss=jnp.where(better, loss, c["best_loss"]),
                best_point=jnp.where(better, params, c["best_point"]),
                last_far=jnp.where(near(params), c["last_far"], t),
                escaped=c["escaped"] | (finite & ~_inside(params, view)),
                non_finite=c["non_finite"] | ~finite,
                tail_outside=c["tail_outside"] | (in_tail & ~in_window),
            ), None

        c, _ = jax.lax.scan(advance, carry, jnp.arange(1, steps + 1))
        settled = jnp.where(c["last_far"] == steps, jnp.inf, c["last_far"] + 1.0)
        return (
            c["params"],
            c["loss"],
            c["tail_sum"] / tail,
            c["best_loss"],
            c["best_point"],
            settled,
            c["escaped"],
            c["non_finite"],
            c["tail_outside"],
        )

    axes = {key: 0 if jnp.ndim(value) else None for key, value in hyperparameters.items()}
    return jax.vmap(trial, in_axes=(axes, 0, 0))(hyperparameters, starts, start_index)


class Arena(NamedTuple):
    """A surface as trials see it: its function, window, the points that count as reached, how close."""

    fn: Callable
    window: tuple[tuple[float, float], tuple[float, float]]
    targets: np.ndarray | None = None
    reach: float = 0.0


def run_trials(
    factory: Callable[..., Optimizer],
    fn: Callable,
    fixed: dict[str, float],
    varied: dict[str, np.ndarray],
    starts: np.ndarray,
    steps: int,
    window: tuple[tuple[float, float], tuple[float, float]],
    targets: np.ndarray | None = None,
    reach: float = 0.0,
    noise: float = 0.0,
    seed: int = 0,
) -> Outcome:
    """Run every configuration of `varied` (each key: one value per configuration, the rest `fixed`)
    from every start in `starts` (S, 2); every field of the `Outcome` is indexed [configuration, start].

    Gradient noise, when `noise` > 0, is drawn as `engine.paths` draws it for these starts and steps,
    so a trial sees the same noise as the render of the same configuration.
    """
    configurations = len(next(iter(varied.values()))) if varied else 1
    count = len(starts)
    start_index = np.tile(np.arange(count), configurations)
    batch = {key: np.repeat(np.asarray(value, dtype=np.float64), count) for key, value in varied.items()}
    shifts = None
    if noise:
        shifts = noise * jax.random.normal(jax.random.PRNGKey(seed), (count, steps, 2), jnp.float64)
    outcome = run_batch(
        factory,
        [Arena(fn, window, targets, reach)],
        fixed,
        batch,
        np.asarray(starts, float)[start_index],
        np.zeros(len(start_index), dtype=np.int32),
        steps,
        start_index,
        shifts,
    )
    return Outcome(*(array.reshape(configurations, count, *array.shape[1:]) for array in outcome))


def run_batch(
    factory: Callable[..., Optimizer],
    arenas: list[Arena],
    fixed: dict[str, float],
    batch: dict[str, np.ndarray],
    starts: np.ndarray,
    surface_index: np.ndarray,
    steps: int,
    start_index: np.ndarray | None = None,
    shifts: jax.Array | None = None,
) -> Outcome:
    """Trials given one by one: hyperparameters `batch` (one value per trial, the rest `fixed`), `starts`
    (B, 2) and the arena each runs on (`surface_index` into `arenas`). The surfaces are compiled into
    one `lax.switch` and each call runs one surface's trials, so many surfaces cost one compilation
    per optimizer and each trial computes only its own surface. Fields of `Outcome` are indexed [trial]."""
    total = len(starts)
    start_index = np.zeros(total, dtype=np.int64) if start_index is None else start_index
    windows = jnp.asarray([arena.window for arena in arenas], dtype=jnp.float64)
    views = jnp.asarray([view_box(*arena.window) for arena in arenas], dtype=jnp.float64)
    widest = max([1, *(len(arena.targets) for arena in arenas if arena.targets is not None)])
    goals = np.full((len(arenas), widest, 2), np.inf)
    for index, arena in enumerate(arenas):
        if arena.targets is not None and len(arena.targets):
            goals[index, : len(arena.targets)] = arena.targets
    reaches = jnp.asarray([arena.reach for arena in arenas], dtype=jnp.float64)
    constants = {key: jnp.float64(value) for key, value in fixed.items() if key not in batch}
    fns = tuple(arena.fn for arena in arenas)
    groups = [np.flatnonzero(surface_index == which) for which in range(len(arenas))]
    chunk = sharding.padded_length(min(CHUNK, sharding.padded_length(max(len(group) for group in groups))))
    results: list[np.ndarray | None] = [None] * len(Outcome._fields)
    for which, group in enumerate(groups):
        for begin in range(0, len(group), chunk):
            members = group[begin : begin + chunk]

            def part(array, members=members):
                return sharding.shard(sharding.pad(array[members], chunk))

            outputs = _run_chunk(
                factory,
                fns,
                {**constants, **{key: part(value) for key, value in batch.items()}},
                part(starts),
                part(start_index),
                jnp.int32(which),
                steps,
                tail_points(steps),
                windows,
                views,
                jnp.asarray(goals),
                reaches,
                shifts,
            )
            for field, output in enumerate(outputs):
                values = sharding.gather(output)[: len(members)]
                if results[field] is None:
                    results[field] = np.empty((total, *values.shape[1:]), dtype=values.dtype)
                results[field][members] = values
    return Outcome(*results)
