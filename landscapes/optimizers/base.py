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


class Optimizer(NamedTuple):
    """`init(params) -> state` and `step(objective, params, state) -> (params, state)`, both pure."""

    init: Callable[[Array], Any]
    step: Callable[[Objective, Array, Any], tuple[Array, Any]]


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
