"""Quasi-Newton methods: dense BFGS with a backtracking line search, and optax's L-BFGS.

Both take a first step of length lr along −g, then steps along −H·g, where H approximates the
inverse Hessian from the gradients seen so far; a line search picks how far to go along each.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from landscapes.optimizers.base import Array, Optimizer
from landscapes.optimizers.optax_adapter import optax_factory
from landscapes.optimizers.registry import register_optimizer

MAX_TRIALS = 30  # step lengths a line search tries: lr, lr·shrink, …, lr·shrink²⁹
TINY = 1e-300


class BfgsState(NamedTuple):
    count: Array
    inverse_hessian: Array
    trials: Array  # the points the last line search tried, in order; NaN beyond the accepted one


def backtracking(
    value, params: Array, direction: Array, slope: Array, lr: float, c1: float, shrink: float
) -> tuple[Array, Array]:
    """The first of lr·shrinkᵏ (k = 0…29) with f(θ + α·d) ≤ f(θ) + c1·α·slope (Armijo), or the last.

    Returns the step length and the trial points (MAX_TRIALS, 2), NaN after the accepted one. All
    trials are evaluated in one vmapped call: in two dimensions that costs less than a loop.
    """
    lengths = lr * shrink ** jnp.arange(MAX_TRIALS, dtype=params.dtype)
    points = params + lengths[:, None] * direction
    values = jax.vmap(value)(points)
    sufficient = values <= value(params) + c1 * lengths * slope
    accepted = jnp.where(sufficient.any(), jnp.argmax(sufficient), MAX_TRIALS - 1)
    tried = jnp.arange(MAX_TRIALS) <= accepted
    return lengths[accepted], jnp.where(tried[:, None], points, jnp.nan)


@register_optimizer(
    "bfgs", description="Quasi-Newton: dense inverse-Hessian updates with a backtracking line search.",
    family="quasi-newton",
)  # fmt: skip
def bfgs(lr: float = 1.0, c1: float = 1e-4, shrink: float = 0.5) -> Optimizer:
    """d = −H·g (H₀ = I/|g₀|) ;  α = first of lr·shrinkᵏ with f(θ+αd) ≤ f(θ) + c1·α·gᵀd ;  s = α·d ;
    θ ← θ + s ;  y = ∇f(θ+s) − g ;  before the first update H ← (sᵀy/yᵀy)·I ;
    H ← (I − ρ·s·yᵀ)·H·(I − ρ·y·sᵀ) + ρ·s·sᵀ with ρ = 1/(sᵀy), skipped unless sᵀy > 0.

    A direction that does not go downhill (gᵀd ≥ 0) is replaced by −g/|g|.
    """

    def init(params):
        size = params.shape[0]
        return BfgsState(jnp.zeros((), params.dtype), jnp.eye(size, dtype=params.dtype), _no_trials(params))

    def step(objective, params, state):
        grad = objective.grad(params)
        identity = jnp.eye(params.shape[0], dtype=params.dtype)
        steepest = -grad / jnp.maximum(jnp.linalg.norm(grad), TINY)
        direction = jnp.where(state.count == 0, steepest, -state.inverse_hessian @ grad)
        direction = jnp.where(grad @ direction < 0, direction, steepest)
        length, trials = backtracking(objective.value, params, direction, grad @ direction, lr, c1, shrink)
        move = length * direction
        change = objective.grad(params + move) - grad
        curvature = move @ change
        start = jnp.where(state.count == 0, curvature / (change @ change) * identity, state.inverse_hessian)
        rho = 1 / jnp.where(curvature > 0, curvature, 1.0)
        left = identity - rho * jnp.outer(move, change)
        updated = left @ start @ left.T + rho * jnp.outer(move, move)
        inverse_hessian = jnp.where(curvature > 0, updated, state.inverse_hessian)
        return params + move, BfgsState(state.count + 1, inverse_hessian, trials)

    return Optimizer(init, step, lambda state: {"trials": state.trials})


def _no_trials(params: Array) -> Array:
    return jnp.full((MAX_TRIALS, params.shape[0]), jnp.nan, params.dtype)


register_optimizer(
    "lbfgs", description="optax's L-BFGS (memory 10) with its zoom line search (strong Wolfe).",
    family="quasi-newton",
)(optax_factory("lbfgs"))  # fmt: skip
