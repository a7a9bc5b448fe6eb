"""One table of optimizers by name; it feeds the CLI, `landscapes list`, legends and the tests."""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jax
import numpy as np

from landscapes.errors import UserError, lookup
from landscapes.optimizers.base import Optimizer, OptimizerEntry

OPTIMIZERS: dict[str, OptimizerEntry] = {}


def register_optimizer(
    name: str, *, description: str, family: str = "plugin", replace: bool = False
) -> Callable[[Callable[..., Optimizer]], Callable[..., Optimizer]]:
    """Decorator: register a factory `f(**hyperparameters) -> Optimizer` under `name`.

    This is the public API for plugins as well as the built-ins. The factory's keyword arguments are
    its hyperparameters; every one needs a float default, so `-O name` alone always works, and the
    CLI checks the keys a user sets against the signature. The returned `Optimizer` is a pair of
    pure, JAX-traceable functions `init(params) -> state` and `step(objective, params, state) ->
    (params, state)`, where `objective` offers `value`, `grad` and `hessian` at any point. The
    factory's docstring should state the update rule; `description` is the one line that
    `landscapes list optimizers` shows.

    A name already taken is a `UserError` unless `replace=True` (the same function registered again,
    as when a plugin file is loaded twice, is not a clash). A plugin's factory is checked now (float
    defaults, an `Optimizer` returned) and its `step` on its first trace (it must return params and
    a state shaped as `init` made them); each mistake is a `UserError` naming its file and function.
    """

    def wrap(factory: Callable[..., Optimizer]) -> Callable[..., Optimizer]:
        existing = OPTIMIZERS.get(name)
        if existing is not None and not replace and _origin(existing.factory) != _origin(factory):
            raise UserError(
                f"optimizer {name!r} is already registered ({existing.family}); "
                "choose another name, or pass replace=True to replace it"
            )
        registered = factory
        if family == "plugin":
            where = f"optimizer {name!r} ({_describe(factory)})"
            _check_factory(factory, where)
            registered = _checked(factory, where)
        OPTIMIZERS[name] = OptimizerEntry(name, registered, description, family)
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


def _origin(factory: Callable) -> tuple[str, str]:
    """Where a factory was written: its file and qualified name (the same after a reload)."""
    function = inspect.unwrap(factory)
    code = getattr(function, "__code__", None)
    return (code.co_filename if code else "", getattr(function, "__qualname__", repr(function)))


def _describe(factory: Callable) -> str:
    """`plugin.py: my_factory`, the file and function a user wrote."""
    file, qualname = _origin(factory)
    return f"{Path(file).name}: {qualname}" if file else qualname


def _check_factory(factory: Callable, where: str) -> None:
    """Every hyperparameter has a float default, and the factory called with them makes an `Optimizer`."""
    for parameter in inspect.signature(factory).parameters.values():
        default = parameter.default
        if isinstance(default, bool) or not isinstance(default, numbers.Real):
            raise UserError(
                f"{where}: hyperparameter {parameter.name!r} needs a float default, "
                f"e.g. {parameter.name}: float = 0.1"
            )
    made = factory()
    if not isinstance(made, Optimizer):
        raise UserError(
            f"{where} must return landscapes.Optimizer(init=..., step=...), got {type(made).__name__}"
        )


def _checked(factory: Callable[..., Optimizer], where: str) -> Callable[..., Optimizer]:
    """`factory`, its optimizers' `step` checked while JAX traces it (no cost when running)."""

    @functools.wraps(factory)
    def checked_factory(**hyperparameters: float) -> Optimizer:
        optimizer = factory(**hyperparameters)
        step = optimizer.step

        def checked_step(objective: Any, params: Any, state: Any) -> tuple[Any, Any]:
            result = step(objective, params, state)
            if not (isinstance(result, tuple) and len(result) == 2):
                raise UserError(f"{where}: step must return (params, state), got {_shape_of(result)}")
            new_params, new_state = result
            if _shape_of(new_params) != _shape_of(params):
                wanted, got = _shape_of(params), _shape_of(new_params)
                raise UserError(f"{where}: step must return params shaped {wanted}, got {got}")
            if _shape_of(new_state) != _shape_of(state):
                raise UserError(
                    f"{where}: step must return the state as init made it, {_shape_of(state)}, "
                    f"got {_shape_of(new_state)}"
                )
            return result

        return optimizer._replace(step=checked_step)

    return checked_factory


def _shape_of(value: Any) -> str:
    """A short description of a pytree: its structure with each leaf's shape, e.g. `(f64[2], f64[2])`."""
    leaves, structure = jax.tree_util.tree_flatten(value)
    shapes = [f"[{','.join(map(str, np.shape(leaf)))}]" for leaf in leaves]
    return str(jax.tree_util.tree_unflatten(structure, shapes)).replace("'", "")
