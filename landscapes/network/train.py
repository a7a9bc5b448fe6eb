"""Training every optimizer from the same weights: one jitted `lax.scan` over the steps per optimizer.

Full-batch by default; with `batch` each step sees a minibatch drawn from `seed` up front (a fresh
shuffle per epoch), the same minibatches for every optimizer, so they differ only in their rule.
The recorded loss (and accuracy) is always the full training set's, at every visited weight vector.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from landscapes import limits
from landscapes.compiling import jit
from landscapes.engine.trajectories import traced
from landscapes.errors import UserError
from landscapes.network.model import Model
from landscapes.optimizers import Objective
from landscapes.optimizers.spec import OptimizerSpec, settings


class HessianTooLarge(UserError):
    """A second-order method asked for the Hessian of a model with more weights than it may have."""


@dataclass(frozen=True, eq=False)
class Training:
    """Each optimizer's weights after every step (optimizers, steps+1, weights), starting vector
    included, with the full training loss there (optimizers, steps+1), and the accuracy for
    classification (None for regression)."""

    weights: np.ndarray
    losses: np.ndarray
    accuracies: np.ndarray | None


def minibatches(samples: int, batch: int, steps: int, seed: int) -> np.ndarray:
    """Sample indices (steps, batch): successive slices of fresh seeded shuffles of the training set."""
    if not 1 <= batch <= samples:
        raise UserError(f"--batch must be between 1 and the {samples} samples, got {batch}")
    rng = np.random.default_rng(seed)
    epochs = -(-steps * batch // samples)
    order = np.concatenate([rng.permutation(samples) for _ in range(epochs)])
    return order[: steps * batch].reshape(steps, batch)


def _hessian_of(value, model: Model):
    """The exact Hessian, or, for a model too large for it, a function that refuses when traced."""
    if model.size <= limits.MAX_HESSIAN_WEIGHTS:
        return jax.hessian(value)

    def refuse(weights):
        raise HessianTooLarge(
            f"needs the full Hessian ({model.size:,} × {model.size:,} for {model.describe()}); "
            f"second-order methods are limited to {limits.MAX_HESSIAN_WEIGHTS:,} weights: "
            "use a smaller --model or a first-order method"
        )

    return refuse


@jit(static_argnames=("factory", "model", "steps"))
def weight_path(factory, model: Model, hyperparameters, start, features, targets, batches, steps: int):
    """The weights (steps+1, weights) one optimizer visits from `start`, with the full training loss and
    accuracy at each (steps+1,); `batches` (steps, batch) of sample indices, or None for full batches.

    The recorded loss is computed in the same scan, so it costs one forward pass a step and no second
    compilation.
    """
    optimizer = factory(**hyperparameters)

    def objective(x, y) -> Objective:
        def value(weights):
            return model.loss(weights, x, y)

        return Objective(value, jax.grad(value), _hessian_of(value, model))

    def record(weights):
        return weights, model.loss(weights, features, targets), model.accuracy(weights, features, targets)

    def advance(carry, batch):
        x, y = (features, targets) if batch is None else (features[batch], targets[batch])
        params, state = carry
        recorded = record(params)
        return optimizer.step(objective(x, y), params, state), recorded

    (end, _), (weights, losses, accuracies) = jax.lax.scan(
        advance, (start, optimizer.init(start)), batches, length=steps
    )
    last = record(end)
    return tuple(
        jnp.concatenate([series, value[None]])
        for series, value in zip((weights, losses, accuracies), last, strict=True)
    )


def check_state_size(spec: OptimizerSpec, label: str, start: jax.Array) -> None:
    """Refuse an optimizer whose state would not fit in memory for this many weights (dense BFGS keeps
    a weights × weights matrix), found from the state's shapes without making it."""
    entry, hyperparameters = settings(spec)
    state = jax.eval_shape(lambda weights: entry.factory(**traced(hyperparameters)).init(weights), start)
    size = sum(leaf.size * leaf.dtype.itemsize for leaf in jax.tree.leaves(state))
    if size > limits.MAX_TRAJECTORY_BYTES:
        raise UserError(
            f"{label} keeps {size / 2**20:,.0f} MiB of state for {start.shape[0]:,} weights; the limit is "
            f"{limits.MAX_TRAJECTORY_BYTES / 2**20:,.0f} MiB: use a smaller --model or another method"
        )


def train(
    model: Model,
    specs: tuple[OptimizerSpec, ...],
    labels: tuple[str, ...],
    features: np.ndarray,
    targets: np.ndarray,
    start: np.ndarray,
    steps: int,
    batch: int | None = None,
    seed: int = 0,
) -> Training:
    """Train `model` with each optimizer of `specs` from `start` for `steps` steps and record it all.

    The optimizers run side by side on threads: XLA compiles outside Python's lock, and compiling,
    not running, is most of the time a small network takes.
    """
    x, y, origin = jnp.asarray(features), jnp.asarray(targets), jnp.asarray(start)
    batches = None if batch is None else jnp.asarray(minibatches(len(targets), batch, steps, seed))

    for spec, label in zip(specs, labels, strict=True):
        check_state_size(spec, label, origin)

    def run(spec: OptimizerSpec) -> tuple[np.ndarray, ...]:
        entry, hyperparameters = settings(spec)
        recorded = weight_path(entry.factory, model, traced(hyperparameters), origin, x, y, batches, steps)
        return tuple(np.asarray(series) for series in recorded)

    with ThreadPoolExecutor(max_workers=min(len(specs), os.cpu_count() or 1)) as pool:
        running = [pool.submit(run, spec) for spec in specs]
        results = []
        for future, label in zip(running, labels, strict=True):
            try:
                results.append(future.result())
            except HessianTooLarge as error:
                raise UserError(f"{label} {error}") from None
    weights, losses, accuracies = (np.stack(series) for series in zip(*results, strict=True))
    classification = model.task == "classification"
    return Training(weights, losses, accuracies if classification else None)
