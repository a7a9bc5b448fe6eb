"""Quasi-Newton methods: dense BFGS with a backtracking line search, and optax's L-BFGS.

Both take a first step of length lr along −g, then steps along −H·g, where H approximates the
inverse Hessian from the gradients seen so far; a line search picks how far to go along each. Both
keep the points their last line search tried, and the losses there, for drawing.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import jax
import jax.numpy as jnp

from landscapes.optimizers.base import Array, Optimizer
from landscapes.optimizers.registry import register_optimizer

MAX_TRIALS = 30  # step lengths a line search tries: lr, lr·shrink, …, lr·shrink²⁹
TINY = 1e-300


class BfgsState(NamedTuple):
    count: Array
    inverse_hessian: Array
    trials: Array  # the points the last line search tried, in order; NaN beyond the accepted one
    trial_losses: Array  # the loss at each of them


def backtracking(
    value, params: Array, direction: Array, slope: Array, lr: float, c1: float, shrink: float
) -> tuple[Array, Array, Array]:
    """The first of lr·shrinkᵏ (k = 0…29) with f(θ + α·d) ≤ f(θ) + c1·α·slope (Armijo), or the last.

    Returns the step length, the trial points (MAX_TRIALS, 2) and their losses, NaN after the
    accepted one. All trials are evaluated in one vmapped call: in two dimensions that costs less
    than a loop.
    """
    lengths = lr * shrink ** jnp.arange(MAX_TRIALS, dtype=params.dtype)
    points = params + lengths[:, None] * direction
    values = jax.vmap(value)(points)
    sufficient = values <= value(params) + c1 * lengths * slope
    accepted = jnp.where(sufficient.any(), jnp.argmax(sufficient), MAX_TRIALS - 1)
    tried = jnp.arange(MAX_TRIALS) <= accepted
    return lengths[accepted], jnp.where(tried[:, None], points, jnp.nan), jnp.where(tried, values, jnp.nan)


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
        eye = jnp.eye(size, dtype=params.dtype)
        return BfgsState(jnp.zeros((), params.dtype), eye, *_no_trials(params, MAX_TRIALS))

    def step(objective, params, state):
        grad = objective.grad(params)
        identity = jnp.eye(params.shape[0], dtype=params.dtype)
        steepest = -grad / jnp.maximum(jnp.linalg.norm(grad), TINY)
        direction = jnp.where(state.count == 0, steepest, -state.inverse_hessian @ grad)
        direction = jnp.where(grad @ direction < 0, direction, steepest)
        length, *trials = backtracking(objective.value, params, direction, grad @ direction, lr, c1, shrink)
        move = length * direction
        change = objective.grad(params + move) - grad
        curvature = move @ change
        start = jnp.where(state.count == 0, curvature / (change @ change) * identity, state.inverse_hessian)
        rho = 1 / jnp.where(curvature > 0, curvature, 1.0)
        left = identity - rho * jnp.outer(move, change)
        updated = left @ start @ left.T + rho * jnp.outer(move, move)
        inverse_hessian = jnp.where(curvature > 0, updated, state.inverse_hessian)
        return params + move, BfgsState(state.count + 1, inverse_hessian, *trials)

    return Optimizer(init, step, _trials_of)


def _trials_of(state) -> dict[str, Array]:
    """A line-search method's drawable state: the points its last search tried and their losses."""
    return {"trials": state.trials, "trial_losses": state.trial_losses}


def _no_trials(params: Array, count: int) -> tuple[Array, Array]:
    return jnp.full((count, params.shape[0]), jnp.nan, params.dtype), jnp.full(count, jnp.nan, params.dtype)


class LbfgsState(NamedTuple):
    memory: Any  # optax's scale_by_lbfgs state
    trials: Array
    trial_losses: Array


LBFGS_MEMORY = 10
ZOOM_STEPS = 20  # optax.lbfgs's max_linesearch_steps


@register_optimizer(
    "lbfgs", description="optax's L-BFGS (memory 10) with its zoom line search (strong Wolfe).",
    family="quasi-newton",
)  # fmt: skip
def lbfgs() -> Optimizer:
    """d = −H·g (optax's two-loop recursion over the last 10 pairs, H₀ = I/|g₀| capped at 1 first) ;
    α = optax's zoom line search from 1 (strong Wolfe: c1 = 1e-4, c2 = 0.9, at most 20 trials) ;  θ ← θ + α·d

    optax.lbfgs() step for step: its direction transformation and its zoom search's own init, step and
    stop functions, run here in the loop `scale_by_zoom_linesearch` runs, which also keeps each trial.
    """
    import optax

    # optax keeps no trial points in its line search's state; its loop is run here to keep them. The
    # zoom search's own functions are optax's (private: a test checks the path equals optax.lbfgs's).
    from optax._src.linesearch import zoom_linesearch

    direction_of = optax.chain(optax.scale_by_lbfgs(memory_size=LBFGS_MEMORY), optax.scale(-1.0))
    start, advance, going = zoom_linesearch(max_linesearch_steps=ZOOM_STEPS)

    def init(params):
        return LbfgsState(direction_of.init(params), *_no_trials(params, ZOOM_STEPS))

    def step(objective, params, state):
        grad = objective.grad(params)
        direction, memory = direction_of.update(grad, state.memory, params)
        value_and_grad = jax.value_and_grad(objective.value)
        search = start(direction, params, value=objective.value(params), grad=grad)

        def body(carry):
            search, lengths, losses = carry
            found = advance(search, value_and_grad_fn=value_and_grad, fn_kwargs={})
            # A search that gives up falls back to its best earlier trial, which hides the last one.
            fell_back = found.failed & ((found.safe_stepsize > 0) | jnp.isinf(found.decrease_error))
            lengths = lengths.at[search.count].set(jnp.where(fell_back, jnp.nan, found.stepsize))
            losses = losses.at[search.count].set(jnp.where(fell_back, jnp.nan, found.value))
            return found, lengths, losses

        nothing = jnp.full(ZOOM_STEPS, jnp.nan, params.dtype)
        found, lengths, losses = jax.lax.while_loop(
            lambda carry: going(carry[0]), body, (search, nothing, nothing)
        )
        trials = params + lengths[:, None] * direction
        return params + found.stepsize * direction, LbfgsState(memory, trials, losses)

    return Optimizer(init, step, _trials_of)
