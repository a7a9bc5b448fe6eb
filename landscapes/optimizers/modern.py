"""Methods beyond the article: look-ahead Nesterov, the article's smoothed Nesterov in 2D, damped
Newton, and short names for the optax optimizers people use today (g = ∇f(θ), state starts at zero)."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import jax.numpy as jnp

from landscapes.optimizers.base import NoState, Optimizer, VelocityState
from landscapes.optimizers.classic import velocity_of
from landscapes.optimizers.optax_adapter import LazyFactory, optax_factory
from landscapes.optimizers.registry import register_optimizer


@register_optimizer(
    "nag", description="Nesterov momentum with the gradient taken at the look-ahead point.", family="modern"
)
def nag(lr: float = 0.01, momentum: float = 0.9) -> Optimizer:
    """v ← μ·v − lr·∇f(θ + μ·v) ;  θ ← θ + v"""

    def step(objective, params, state):
        velocity = momentum * state.velocity - lr * objective.grad(params + momentum * state.velocity)
        return params + velocity, VelocityState(velocity)

    return Optimizer(lambda params: VelocityState(jnp.zeros_like(params)), step, velocity_of)


LOOK_AHEAD_POINTS = 4


@register_optimizer(
    "smoothed-nesterov",
    description="The article's smoothed Nesterov: gradients averaged along the look-ahead.",
    family="modern",
)
def smoothed_nesterov(lr: float = 0.01, momentum: float = 0.9) -> Optimizer:
    """v ← μ·v − lr·mean(∇f(θ + k·μ·v/4), k = 1…4) ;  θ ← θ + v

    The article's 1D study averages the signal at four points along the look-ahead; in 2D the
    look-ahead runs along the velocity, so the gradient is averaged at four points up to θ + μ·v.
    """

    def step(objective, params, state):
        ahead = momentum * state.velocity
        grads = [
            objective.grad(params + k * ahead / LOOK_AHEAD_POINTS) for k in range(1, LOOK_AHEAD_POINTS + 1)
        ]
        velocity = momentum * state.velocity - lr * sum(grads) / LOOK_AHEAD_POINTS
        return params + velocity, VelocityState(velocity)

    return Optimizer(lambda params: VelocityState(jnp.zeros_like(params)), step, velocity_of)


@register_optimizer(
    "newton", description="Damped Newton with the exact Hessian (second order).", family="modern"
)
def newton(lr: float = 1.0, damping: float = 0.1) -> Optimizer:
    """θ ← θ − lr·H̃⁻¹·g, with H̃ = V·diag(max(|λᵢ|, damping))·Vᵀ from H = V·diag(λᵢ)·Vᵀ.

    The exact Hessian H is used where it is positive definite with eigenvalues above `damping`, so
    on a quadratic bowl with lr=1 one step lands on the minimum. Negative curvature is flipped
    (|λ|), so near a saddle or a maximum the step still goes downhill instead of being attracted;
    curvature below `damping` is raised to it, so flat or singular spots give a finite step of at
    most lr·|g|/damping.
    """

    def step(objective, params, state):
        eigenvalues, vectors = jnp.linalg.eigh(objective.hessian(params))
        curvature = jnp.maximum(jnp.abs(eigenvalues), damping)
        direction = vectors @ ((vectors.T @ objective.grad(params)) / curvature)
        return params - lr * direction, state

    return Optimizer(lambda params: NoState(), step)


def _optax_short_name(name: str, optax_name: str, learning_rate: float, description: str, rule: str) -> None:
    """Register optax's `optax_name` under a short name, with a learning rate suited to these windows.

    Like every built-in, the short name calls its learning rate `lr` (optax's `learning_rate`).
    """

    def make() -> Callable[..., Optimizer]:
        optax_made = optax_factory(optax_name, learning_rate)
        renamed = [
            param.replace(name="lr") if param.name == "learning_rate" else param
            for param in inspect.signature(optax_made).parameters.values()
        ]

        def factory(**hyperparameters: float) -> Optimizer:
            if "lr" in hyperparameters:
                hyperparameters["learning_rate"] = hyperparameters.pop("lr")
            return optax_made(**hyperparameters)

        factory.__signature__ = inspect.Signature(renamed)
        factory.__doc__ = f"{rule}\n\n(optax.{optax_name}, with lr as its `learning_rate`.)"
        return factory

    register_optimizer(name, description=description, family="modern")(LazyFactory(name, make))


_optax_short_name(
    "lion", "lion", 0.03, "Sign of an interpolated momentum (Chen et al. 2023).",
    "c = β1·m + (1−β1)·g ;  θ ← θ − lr·(sign(c) + weight_decay·θ) ;  m ← β2·m + (1−β2)·g",
)  # fmt: skip
_optax_short_name(
    "nadam", "nadam", 0.1, "Adam with a Nesterov look-ahead in its first moment.",
    "m, s as adam ;  m̂ = β1·m/(1−β1ᵗ⁺¹) + (1−β1)·g/(1−β1ᵗ) ;  ŝ = s/(1−β2ᵗ) ;  θ ← θ − lr·m̂/(√ŝ + eps)",
)  # fmt: skip
_optax_short_name(
    "radam", "radam", 0.1, "Adam whose adaptive step is rectified while its variance is uncertain.",
    "m̂, ŝ as adam ;  ρ∞ = 2/(1−β2) − 1 ;  ρₜ = ρ∞ − 2t·β2ᵗ/(1−β2ᵗ) ;  if ρₜ > threshold: "
    "θ ← θ − lr·rₜ·m̂/(√ŝ + eps) with rₜ = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)), else θ ← θ − lr·m̂",
)  # fmt: skip
_optax_short_name(
    "adabelief", "adabelief", 0.1, "Adam scaled by the spread of gradients around their mean.",
    "m ← β1·m + (1−β1)·g ;  s ← β2·s + (1−β2)·(g − m)² + eps_root ;  θ ← θ − lr·m̂/(√ŝ + eps)",
)  # fmt: skip
_optax_short_name(
    "adamw", "adamw", 0.1, "Adam with decoupled weight decay.",
    "m̂, ŝ as adam ;  θ ← θ − lr·(m̂/(√ŝ + eps) + weight_decay·θ)",
)  # fmt: skip
