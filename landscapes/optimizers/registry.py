"""One table of optimizers by name; it feeds the CLI, `landscapes list`, legends and the tests."""

from __future__ import annotations

from collections.abc import Callable

from landscapes.errors import lookup
from landscapes.optimizers.base import Optimizer, OptimizerEntry

OPTIMIZERS: dict[str, OptimizerEntry] = {}


def register_optimizer(
    name: str, *, description: str, family: str = "plugin"
) -> Callable[[Callable[..., Optimizer]], Callable[..., Optimizer]]:
    """Decorator: register a factory `f(**hyperparameters) -> Optimizer` under `name`.

    This is the public API for plugins as well as the built-ins. The factory's keyword arguments are
    its hyperparameters; every one needs a float default, so `-O name` alone always works, and the
    CLI checks the keys a user sets against the signature. The returned `Optimizer` is a pair of
    pure, JAX-traceable functions `init(params) -> state` and `step(objective, params, state) ->
    (params, state)`, where `objective` offers `value`, `grad` and `hessian` at any point. The
    factory's docstring should state the update rule; `description` is the one line that
    `landscapes list optimizers` shows.
    """

    def wrap(factory: Callable[..., Optimizer]) -> Callable[..., Optimizer]:
        OPTIMIZERS[name] = OptimizerEntry(name, factory, description, family)
        return factory

    return wrap


def find_optimizer(name: str) -> OptimizerEntry:
    """The entry for `name`: a registered optimizer, or `optax:NAME` for any of optax's optimizers.

    This is the one place `optax:` names are resolved; unknown names raise a `UserError` that names
    the closest valid ones.
    """
    from landscapes.optimizers.optax_adapter import PREFIX, optax_entry

    if name.startswith(PREFIX):
        return optax_entry(name)
    return lookup(OPTIMIZERS, name, "optimizer")
