"""What each step saw and did, recorded with the trajectories' own scan when asked.

Row i of a record describes the step taken from point i: `gradient` is the gradient the optimizer
was given at θᵢ (noise included), `update` is θᵢ₊₁ − θᵢ, and the optimizer's declared internals
(`landscapes.optimizers.base.INTERNALS`: velocity, moment, scale) are read from the state that step
produced, i.e. the ones that made the update. So that the last point has them too, the scan runs
one step further than the path, with the exact gradient; that step's point is not part of the path.
The scan's body is the plain one with the state as an extra output, and the gradients are taken in
one vmapped call after it, so the recorded run's positions equal the plain run's to the last bit.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from landscapes.optimizers import Objective, Optimizer, objective_of
from landscapes.optimizers.base import INTERNALS

RECORDED = ("gradient", "update", *INTERNALS)


def noisy(exact: Objective, shift: jax.Array | None) -> Objective:
    """The objective whose gradient has `shift` added (the exact one for None)."""
    return exact if shift is None else exact._replace(grad=lambda point: exact.grad(point) + shift)


def recorded_paths(
    optimizer: Optimizer, fn, starts: jax.Array, steps: int, shifts: jax.Array | None
) -> tuple[jax.Array, jax.Array, dict[str, jax.Array]]:
    """Positions, losses and records {name: (starts, steps+1, 2)} of `optimizer` from each start.

    Traced inside `trajectories.paths`, which supplies the gradient noise `shifts` (starts, steps, 2).
    """
    exact = objective_of(fn)
    if shifts is not None:
        shifts = jnp.concatenate([shifts, jnp.zeros_like(shifts[:, :1])], axis=1)

    def from_start(start, start_shifts):
        def advance(carry, shift):
            params, state = optimizer.step(noisy(exact, shift), *carry)
            return (params, state), (params, state)

        carry = (start, optimizer.init(start))
        _, (visited, states) = jax.lax.scan(advance, carry, start_shifts, length=steps + 1)
        path = jnp.concatenate([start[None], visited[:-1]])
        # The barrier keeps XLA from sharing work (and rounding) between the gradients and the losses.
        gradients = jax.vmap(exact.grad)(jax.lax.optimization_barrier(path))
        declared = jax.vmap(optimizer.internals)(states) if optimizer.internals else {}
        seen = {
            "gradient": gradients if start_shifts is None else gradients + start_shifts,
            "update": visited - path,
            **declared,
        }
        return path, jax.vmap(fn)(path), seen

    return jax.vmap(from_start)(starts, shifts)
