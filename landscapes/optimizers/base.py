"""The shapes of an optimizer: an objective it may query, and a pure `init`/`step` pair."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import jax

Array = jax.Array


class Objective(NamedTuple):
    """What a step may ask of the surface at any point: value, gradient, Hessian.

    Passing the objective rather than one gradient lets look-ahead and second-order methods share
    the registry with first-order ones.
    """

    value: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    hessian: Callable[[Array], Array]


class NoState(NamedTuple):
    """The state of a method that keeps nothing between steps (plain descent, Newton)."""


class VelocityState(NamedTuple):
    """The state of the momentum methods: one velocity per coordinate."""

    velocity: Array


# What an optimizer may declare drawable in its state, by name; the name says how it is drawn.
INTERNALS = {
    "velocity": "the displacement its momentum carries into the next step (position units)",
    "moment": "its running mean of gradients (gradient units, drawn as −m beside −g)",
    "scale": "its per-coordinate effective step size (update = −scale·direction)",
}


class Optimizer(NamedTuple):
    """`init(params) -> state` and `step(objective, params, state) -> (params, state)`, both pure.

    `internals(state) -> {name: 2-vector}` (optional) reads the drawable parts of a state that
    `step` returned, under the names of `INTERNALS`; a method with a line search adds `"trials"`
    (the points it tried, (k, 2), NaN where unused) and a scheduled one `"rate"` (the learning rate
    that step used, a scalar). The engine records them only when asked.
    """

    init: Callable[[Array], Any]
    step: Callable[[Objective, Array, Any], tuple[Array, Any]]
    internals: Callable[[Any], dict[str, Array]] | None = None


def objective_of(fn: Callable[[Array], Array]) -> Objective:
    """The objective of a scalar function of a 2-vector, differentiated by JAX."""
    return Objective(value=fn, grad=jax.grad(fn), hessian=jax.hessian(fn))


@dataclass(frozen=True)
class OptimizerEntry:
    """A registered optimizer: its factory and what the user may set on it."""

    name: str
    factory: Callable[..., Optimizer]
    description: str
    family: str

    @property
    def hyperparameters(self) -> dict[str, float]:
        """Each hyperparameter with its default, in the factory's order."""
        return {name: param.default for name, param in inspect.signature(self.factory).parameters.items()}

    @property
    def update_rule(self) -> str:
        """The factory's docstring, which states the update rule."""
        return inspect.getdoc(self.factory) or ""
