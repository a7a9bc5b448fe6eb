"""Every optax optimizer as one of ours: `optax:lion(learning_rate=0.03)`.

An optax `GradientTransformation` already is an init/update pair; the adapter only feeds it the
objective's gradient (and, for line-search methods such as `lbfgs` and `polyak_sgd`, the value and
the value function) and applies the update. The hyperparameters a user may set are the ones whose
default in the optax function's signature is a float, and `learning_rate` where optax requires
one (it then defaults to `DEFAULT_LEARNING_RATE`); where optax's default is None (lbfgs, adafactor,
adadelta choose their own step) it stays optax's.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from landscapes.errors import lookup
from landscapes.optimizers.base import Optimizer, OptimizerEntry
from landscapes.optimizers.optax_internals import internals_for

if TYPE_CHECKING:  # optax loads only when an optax optimizer is used (about 0.1 s of every start)
    import optax

PREFIX = "optax:"
DEFAULT_LEARNING_RATE = 0.01


def wrap(transformation: optax.GradientTransformation, internals: Callable | None = None) -> Optimizer:
    """Our `Optimizer` around an optax transformation; its state is optax's own state, read for drawing
    by `internals` (see `optax_internals`)."""
    import optax

    transformation = optax.with_extra_args_support(transformation)

    def step(objective, params, state):
        grad = objective.grad(params)
        updates, state = transformation.update(
            grad, state, params, value=objective.value(params), grad=grad, value_fn=objective.value
        )
        return optax.apply_updates(params, updates), state

    return Optimizer(transformation.init, step, internals)


def _is_optimizer(function: Any) -> bool:
    """optax's ready-made optimizers are the functions (and partials) defined in its `alias` module."""
    target = function.func if isinstance(function, functools.partial) else function
    return inspect.isfunction(target) and target.__module__.endswith(".alias")


@functools.cache
def optax_functions() -> dict[str, Callable]:
    """optax's optimizers by name (`adam`, `lion`, `lbfgs`, …)."""
    import optax

    return {name: value for name, value in sorted(vars(optax).items()) if _is_optimizer(value)}


def settable_defaults(function: Callable, learning_rate: float = DEFAULT_LEARNING_RATE) -> dict[str, float]:
    """The numeric hyperparameters of an optax function with their defaults, in signature order."""
    defaults: dict[str, float] = {}
    for name, param in inspect.signature(function).parameters.items():
        if name == "learning_rate" and param.default is inspect.Parameter.empty:
            defaults[name] = learning_rate
        elif isinstance(param.default, float):
            defaults[name] = param.default
    return defaults


class LazyFactory:
    # A factory made on its first use (a call, its signature or its docstring): registering optax's
    # optimizers under our names must not import optax.

    def __init__(self, name: str, make: Callable[[], Callable[..., Optimizer]]) -> None:
        self.__name__ = self.__qualname__ = name
        self._make = make

    @functools.cached_property
    def factory(self) -> Callable[..., Optimizer]:
        return self._make()

    def __call__(self, **hyperparameters: float) -> Optimizer:
        return self.factory(**hyperparameters)

    @property
    def __signature__(self) -> inspect.Signature:
        return inspect.signature(self.factory)

    @property
    def __doc__(self) -> str | None:
        return self.factory.__doc__


def optax_factory(name: str, learning_rate: float = DEFAULT_LEARNING_RATE) -> Callable[..., Optimizer]:
    """A factory `f(**hyperparameters) -> Optimizer` for optax's `name`, with a signature of its settable
    hyperparameters, so the registry, the CLI and `landscapes list` see them like any other."""
    return LazyFactory(name, functools.partial(_optax_factory, name, learning_rate))


def _optax_factory(name: str, learning_rate: float) -> Callable[..., Optimizer]:
    import jax

    function = optax_functions()[name]
    defaults = settable_defaults(function, learning_rate)
    # Optimizers that draw their own noise (noisy_sgd) take a PRNG key; a fixed one keeps paths reproducible.
    fixed = {"key": jax.random.PRNGKey(0)} if "key" in inspect.signature(function).parameters else {}

    every = {key: param.default for key, param in inspect.signature(function).parameters.items()}

    def factory(**hyperparameters: float) -> Optimizer:
        arguments = {**fixed, **defaults, **hyperparameters}
        return wrap(function(**arguments), internals_for(name, {**every, **arguments}))

    factory.__signature__ = inspect.Signature(
        [
            inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=value)
            for key, value in defaults.items()
        ]
    )
    summary = (inspect.getdoc(function) or name).split("\n\n")[0]
    factory.__doc__ = f"optax.{name}: {summary}\n\nThe update rule is optax's; see optax's documentation."
    factory.__name__ = factory.__qualname__ = name
    return factory


@functools.cache
def optax_entries() -> dict[str, OptimizerEntry]:
    """Every optax optimizer as a registry entry named `optax:NAME`."""
    entries = {}
    for name, function in optax_functions().items():
        summary = (inspect.getdoc(function) or "").split("\n")[0].rstrip(".")
        entries[PREFIX + name] = OptimizerEntry(
            PREFIX + name, optax_factory(name), f"{summary} (optax)." if summary else "optax.", "optax"
        )
    return entries


def optax_entry(name: str) -> OptimizerEntry:
    """The entry of `optax:NAME`, or a `UserError` naming the closest optax optimizers."""
    return lookup(optax_entries(), name, "optimizer")
