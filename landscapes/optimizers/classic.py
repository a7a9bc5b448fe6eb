"""The tutorial article's update rules, exactly as stated (g = ∇f(θ), state starts at zero, t from 1)."""

from __future__ import annotations

from typing import NamedTuple

import jax.numpy as jnp

from landscapes.optimizers.base import Array, NoState, Optimizer, VelocityState
from landscapes.optimizers.registry import register_optimizer


class AccumulatorState(NamedTuple):
    accumulator: Array


class AdadeltaState(NamedTuple):
    grad_sq: Array
    update_sq: Array
    step_size: Array  # lr·√(d + eps)/√(a + eps) of the last step, kept for drawing only


class MomentsState(NamedTuple):
    count: Array
    mean: Array
    second: Array


class AmsgradState(NamedTuple):
    count: Array
    mean: Array
    second: Array
    second_max: Array


@register_optimizer("sgd", description="Plain gradient descent.", family="classic")
def sgd(lr: float = 0.01) -> Optimizer:
    """θ ← θ − lr·g"""

    def step(objective, params, state):
        return params - lr * objective.grad(params), state

    return Optimizer(lambda params: NoState(), step)


@register_optimizer("momentum", description="Heavy-ball momentum.", family="classic")
def momentum(lr: float = 0.01, momentum: float = 0.9) -> Optimizer:
    """v ← μ·v − lr·g ;  θ ← θ + v"""

    def step(objective, params, state):
        velocity = momentum * state.velocity - lr * objective.grad(params)
        return params + velocity, VelocityState(velocity)

    return Optimizer(lambda params: VelocityState(jnp.zeros_like(params)), step, velocity_of)


def velocity_of(state: VelocityState) -> dict[str, Array]:
    """The momentum methods' drawable state: their velocity."""
    return {"velocity": state.velocity}


@register_optimizer(
    "nesterov",
    description="Nesterov momentum in the article's form (gradient at the current point).",
    family="classic",
)
def nesterov(lr: float = 0.01, momentum: float = 0.9) -> Optimizer:
    """v ← μ·v − lr·g ;  θ ← θ + μ·v − lr·g   (g taken at the current θ)"""

    def step(objective, params, state):
        grad = objective.grad(params)
        velocity = momentum * state.velocity - lr * grad
        return params + momentum * velocity - lr * grad, VelocityState(velocity)

    return Optimizer(lambda params: VelocityState(jnp.zeros_like(params)), step, velocity_of)


@register_optimizer(
    "adagrad", description="Steps scaled by the root of all past squared gradients.", family="classic"
)
def adagrad(lr: float = 1.0, eps: float = 1e-6) -> Optimizer:
    """a ← a + g² ;  θ ← θ − lr·g/√(a + eps)"""

    def step(objective, params, state):
        grad = objective.grad(params)
        accumulator = state.accumulator + grad**2
        return params - lr * grad / jnp.sqrt(accumulator + eps), AccumulatorState(accumulator)

    return Optimizer(lambda params: AccumulatorState(jnp.zeros_like(params)), step, _scale_of(lr, eps))


def _scale_of(lr, eps):
    """Adagrad's and RMSProp's drawable state: the step size lr/√(a + eps) of each coordinate."""
    return lambda state: {"scale": lr / jnp.sqrt(state.accumulator + eps)}


@register_optimizer(
    "rmsprop", description="Steps scaled by a running root-mean-square of gradients.", family="classic"
)
def rmsprop(lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6) -> Optimizer:
    """a ← ρ·a + (1−ρ)·g² ;  θ ← θ − lr·g/√(a + eps)"""

    def step(objective, params, state):
        grad = objective.grad(params)
        accumulator = rho * state.accumulator + (1 - rho) * grad**2
        return params - lr * grad / jnp.sqrt(accumulator + eps), AccumulatorState(accumulator)

    return Optimizer(lambda params: AccumulatorState(jnp.zeros_like(params)), step, _scale_of(lr, eps))


@register_optimizer(
    "adadelta", description="RMSProp with units fixed by a running mean of past updates.", family="classic"
)
def adadelta(lr: float = 1.0, rho: float = 0.95, eps: float = 1e-6) -> Optimizer:
    """a ← ρ·a + (1−ρ)·g² ;  u = g·√(d + eps)/√(a + eps) ;  θ ← θ − lr·u ;  d ← ρ·d + (1−ρ)·u²"""

    def step(objective, params, state):
        grad = objective.grad(params)
        grad_sq = rho * state.grad_sq + (1 - rho) * grad**2
        update = grad * jnp.sqrt(state.update_sq + eps) / jnp.sqrt(grad_sq + eps)
        update_sq = rho * state.update_sq + (1 - rho) * update**2
        step_size = lr * jnp.sqrt(state.update_sq + eps) / jnp.sqrt(grad_sq + eps)
        return params - lr * update, AdadeltaState(grad_sq, update_sq, step_size)

    def init(params):
        return AdadeltaState(jnp.zeros_like(params), jnp.zeros_like(params), jnp.zeros_like(params))

    return Optimizer(init, step, lambda state: {"scale": state.step_size})


def _moments(beta1, beta2, state, grad):
    """Advance the step count and the first and second moment estimates."""
    count = state.count + 1
    mean = beta1 * state.mean + (1 - beta1) * grad
    second = beta2 * state.second + (1 - beta2) * grad**2
    return count, mean, second


def _zero_moments(params: Array) -> MomentsState:
    return MomentsState(jnp.zeros((), params.dtype), jnp.zeros_like(params), jnp.zeros_like(params))


@register_optimizer("adam", description="Momentum and RMSProp with bias correction.", family="classic")
def adam(lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    """m ← β1·m + (1−β1)·g ;  s ← β2·s + (1−β2)·g² ;  θ ← θ − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m/(√s + eps)"""

    def step(objective, params, state):
        count, mean, second = _moments(beta1, beta2, state, objective.grad(params))
        scale = lr * jnp.sqrt(1 - beta2**count) / (1 - beta1**count)
        return params - scale * mean / (jnp.sqrt(second) + eps), MomentsState(count, mean, second)

    def internals(state):
        scale = lr * jnp.sqrt(1 - beta2**state.count) / (1 - beta1**state.count)
        return {"moment": state.mean, "scale": scale / (jnp.sqrt(state.second) + eps)}

    return Optimizer(_zero_moments, step, internals)


@register_optimizer("adamax", description="Adam with an infinity-norm second moment.", family="classic")
def adamax(lr: float = 0.002, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    """m ← β1·m + (1−β1)·g ;  u ← max(β2·u, |g|) ;  θ ← θ − lr/(1−β1ᵗ) · m/(u + eps)"""

    def step(objective, params, state):
        grad = objective.grad(params)
        count = state.count + 1
        mean = beta1 * state.mean + (1 - beta1) * grad
        norm = jnp.maximum(beta2 * state.second, jnp.abs(grad))
        new_params = params - lr / (1 - beta1**count) * mean / (norm + eps)
        return new_params, MomentsState(count, mean, norm)

    def internals(state):
        return {"moment": state.mean, "scale": lr / (1 - beta1**state.count) / (state.second + eps)}

    return Optimizer(_zero_moments, step, internals)


@register_optimizer("amsgrad", description="Adam that never lets its second moment shrink.", family="classic")
def amsgrad(lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    """As adam, with ŝ ← max(ŝ, s) used in place of s:  θ ← θ − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m/(√ŝ + eps)"""

    def init(params):
        return AmsgradState(*_zero_moments(params), jnp.zeros_like(params))

    def step(objective, params, state):
        count, mean, second = _moments(beta1, beta2, state, objective.grad(params))
        second_max = jnp.maximum(state.second_max, second)
        scale = lr * jnp.sqrt(1 - beta2**count) / (1 - beta1**count)
        new_params = params - scale * mean / (jnp.sqrt(second_max) + eps)
        return new_params, AmsgradState(count, mean, second, second_max)

    def internals(state):
        scale = lr * jnp.sqrt(1 - beta2**state.count) / (1 - beta1**state.count)
        return {"moment": state.mean, "scale": scale / (jnp.sqrt(state.second_max) + eps)}

    return Optimizer(init, step, internals)
