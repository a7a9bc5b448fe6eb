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


@partial(jax.jit, static_argnames=("factory", "fn", "steps", "tail"))
def _run_chunk(
    factory: Callable[..., Optimizer],
    fn: Callable,
    hyperparameters: dict,
    starts: jax.Array,
    start_index: jax.Array,
    steps: int,
    tail: int,
    window: jax.Array,
    view: jax.Array,
    targets: jax.Array,
    reach: jax.Array,
    shifts: jax.Array | None,
) -> tuple[jax.Array, ...]:
    exact = objective_of(fn)

    def near(point):
        return jnp.min(jnp.linalg.norm(targets - point, axis=-1)) <= reach

    def trial(values, start, index):
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
            c["params"], c["loss"], c["tail_sum"] / tail, c["best_loss"], c["best_point"], settled,
            c["escaped"], c["non_finite"], c["tail_outside"],
        )  # fmt: skip

    axes = {key: 0 if jnp.ndim(value) else None for key, value in hyperparameters.items()}
    return jax.vmap(trial, in_axes=(axes, 0, 0))(hyperparameters, starts, start_index)


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
    total = configurations * count
    start_index = np.tile(np.arange(count), configurations)
    batch_values = {
        key: np.repeat(np.asarray(value, dtype=np.float64), count) for key, value in varied.items()
    }
    batch_starts = np.asarray(starts, dtype=np.float64)[start_index]
    shifts = None
    if noise:
        shifts = noise * jax.random.normal(jax.random.PRNGKey(seed), (count, steps, 2), jnp.float64)
    window_array = jnp.asarray(window, dtype=jnp.float64)
    view = jnp.asarray(view_box(*window), dtype=jnp.float64)
    goals = np.full((1, 2), np.inf) if targets is None or not len(targets) else np.asarray(targets, float)
    constants = {key: jnp.float64(value) for key, value in fixed.items() if key not in varied}
    chunk = min(CHUNK, sharding.padded_length(total))
    chunk = sharding.padded_length(chunk)
    pieces = []
    for begin in range(0, total, chunk):
        end = min(begin + chunk, total)
        part = {
            key: sharding.shard(sharding.pad(value[begin:end], chunk)) for key, value in batch_values.items()
        }
        results = _run_chunk(
            factory,
            fn,
            {**constants, **part},
            sharding.shard(sharding.pad(batch_starts[begin:end], chunk)),
            sharding.shard(sharding.pad(start_index[begin:end], chunk)),
            steps,
            tail_points(steps),
            window_array,
            view,
            jnp.asarray(goals),
            jnp.float64(reach),
            shifts,
        )
        pieces.append([sharding.gather(result)[: end - begin] for result in results])
    joined = [np.concatenate(parts) for parts in zip(*pieces, strict=True)]
    return Outcome(*(array.reshape(configurations, count, *array.shape[1:]) for array in joined))
