"""One table of optimizers by name; it feeds the CLI, `landscapes list`, legends and the tests."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from landscapes.optimizers.base import Optimizer


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


OPTIMIZERS: dict[str, OptimizerEntry] = {}


def register_optimizer(
    name: str, *, description: str, family: str = "plugin"
) -> Callable[[Callable[..., Optimizer]], Callable[..., Optimizer]]:
    """Decorator: register a factory `f(**hyperparameters) -> Optimizer` under `name`.

    Every hyperparameter needs a float default, so `-O name` alone always works; the CLI checks
    the keys a user sets against the factory's signature.
    """

    def wrap(factory: Callable[..., Optimizer]) -> Callable[..., Optimizer]:
        OPTIMIZERS[name] = OptimizerEntry(name, factory, description, family)
        return factory

    return wrap
