"""What optax's own optimizers declare drawable: the first moment m of their state, and, where the
step is a per-coordinate step size times a direction, that step size (`base.INTERNALS`).

Each step size is read from the state the step left (count t, second moment ν) and the settings,
by the formula optax's update uses (ν̂ = ν/(1−β2ᵗ)):
adam, adamw: lr/(1−β1ᵗ)/(√(ν̂+eps_root)+eps), so the step is −scale·m (adamw adds −lr·wd·θ);
nadam, nadamw: lr/(√(ν̂+eps_root)+eps), times its look-ahead m̂ = β1·m/(1−β1ᵗ⁺¹) + (1−β1)·g/(1−β1ᵗ);
amsgrad: as adam with ν̂ the running maximum; adamax, adamaxw: lr/(1−β1ᵗ)/u, u = max(β2·u, |g|+eps);
adabelief: lr/(1−β1ᵗ)/(√ŝ+eps); radam: lr·rₜ/(1−β1ᵗ)/(√(ν̂+eps_root)+eps) once ρₜ ≥ threshold, else
lr/(1−β1ᵗ). Lion's step is lr·sign(·) and has no such step size; it declares its moment only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

from landscapes.optimizers.base import Array

Settings = dict[str, Any]


def _adam(s: Settings, t: Array, state: Any) -> Array:
    second = state.nu / (1 - s["b2"] ** t)
    return s["learning_rate"] / (1 - s["b1"] ** t) / (jnp.sqrt(second + s["eps_root"]) + s["eps"])


def _nadam(s: Settings, t: Array, state: Any) -> Array:
    second = state.nu / (1 - s["b2"] ** t)
    return s["learning_rate"] / (jnp.sqrt(second + s["eps_root"]) + s["eps"])


def _amsgrad(s: Settings, t: Array, state: Any) -> Array:
    return s["learning_rate"] / (1 - s["b1"] ** t) / (jnp.sqrt(state.nu_max + s["eps_root"]) + s["eps"])


def _adamax(s: Settings, t: Array, state: Any) -> Array:
    return s["learning_rate"] / (1 - s["b1"] ** t) / state.nu


def _adabelief(s: Settings, t: Array, state: Any) -> Array:
    return s["learning_rate"] / (1 - s["b1"] ** t) / (jnp.sqrt(state.nu / (1 - s["b2"] ** t)) + s["eps"])


def _radam(s: Settings, t: Array, state: Any) -> Array:
    limit = 2 / (1 - s["b2"]) - 1
    decay = s["b2"] ** t
    rho = limit - 2 * t * decay / (1 - decay)
    rectifier = jnp.sqrt((rho - 4) * (rho - 2) * limit / ((limit - 4) * (limit - 2) * rho))
    adaptive = rectifier / (jnp.sqrt(state.nu / (1 - decay) + s["eps_root"]) + s["eps"])
    return s["learning_rate"] / (1 - s["b1"] ** t) * jnp.where(rho >= s["threshold"], adaptive, 1.0)


# optax's name → the state type holding its moment, and the step size read from it (None: no scale).
SCALES: dict[str, tuple[str, Callable[[Settings, Array, Any], Array] | None]] = {
    "adam": ("ScaleByAdamState", _adam),
    "adamw": ("ScaleByAdamState", _adam),
    "nadam": ("ScaleByAdamState", _nadam),
    "nadamw": ("ScaleByAdamState", _nadam),
    "amsgrad": ("ScaleByAmsgradState", _amsgrad),
    "adamax": ("ScaleByAdamState", _adamax),
    "adamaxw": ("ScaleByAdamState", _adamax),
    "adabelief": ("ScaleByBeliefState", _adabelief),
    "radam": ("ScaleByAdamState", _radam),
    "lion": ("ScaleByLionState", None),
    "yogi": ("ScaleByAdamState", None),
    "lamb": ("ScaleByAdamState", None),
}


def internals_for(name: str, settings: Settings) -> Callable[[Any], dict[str, Array]] | None:
    """The reader of `moment` (and `scale`) from the state of optax's `name` made with `settings`, or
    None for an optimizer whose state has no first moment."""
    if name not in SCALES:
        return None
    kind, scale = SCALES[name]

    def internals(state: Any) -> dict[str, Array]:
        (part,) = [
            leaf
            for leaf in jax.tree_util.tree_leaves(state, is_leaf=lambda node: type(node).__name__ == kind)
            if type(leaf).__name__ == kind
        ]
        read = {"moment": part.mu}
        if scale is not None:
            read["scale"] = scale(settings, part.count.astype(part.mu.dtype), part)
        return read

    return internals
