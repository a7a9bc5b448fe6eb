"""Gradient clipping and weight decay for every optimizer, as optax chains apply them.

`sgd(lr=0.1, clip_norm=1)` (or `--clip-norm 1` for every optimizer) runs the optimizer on the
gradient as `optax.chain(clip_by_global_norm(clip_norm), clip(clip_value), add_decayed_weights(
weight_decay))` leaves it: first clipped to a norm of at most clip_norm, then each coordinate to
[−clip_value, clip_value], then weight_decay·θ added (coupled L2 decay). Every gradient the
optimizer asks for is transformed, look-ahead ones included, each with the point it is taken at.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from landscapes.errors import UserError
from landscapes.optimizers.base import Objective, Optimizer

if TYPE_CHECKING:  # optax loads only when clipping or decay is asked for
    import optax

# Each key with the value that leaves the gradient alone, and the rule its value must meet.
GRADIENT_KEYS = {"clip_norm": math.inf, "clip_value": math.inf, "weight_decay": 0.0}


def check_gradient_settings(settings: dict[str, float], where: str = "", options: bool = False) -> None:
    """A `UserError` for a clipping bound that is not positive or a negative decay, naming the key
    (or, with `options`, the command-line option) and `where` it was given."""
    for key, value in settings.items():
        name = f"--{key.replace('_', '-')}" if options else key
        if key == "weight_decay" and value < 0:
            raise UserError(f"{name} must be ≥ 0, got {value:g}{where}")
        if key != "weight_decay" and not value > 0:
            raise UserError(f"{name} must be > 0, got {value:g}{where}")


def chain(clip_norm, clip_value, weight_decay) -> optax.GradientTransformation:
    """The optax chain that turns a raw gradient into the one the optimizer sees."""
    import optax

    return optax.chain(
        optax.clip_by_global_norm(clip_norm), optax.clip(clip_value), optax.add_decayed_weights(weight_decay)
    )


@functools.cache
def with_gradient_transforms(
    factory: Callable[..., Optimizer], keys: tuple[str, ...]
) -> Callable[..., Optimizer]:
    """`factory` taking the `keys` of `GRADIENT_KEYS` too, its gradients passed through `chain`.

    Cached, so the same optimizer and keys give the same function, which `jit` compiles once.
    """

    def made(**hyperparameters) -> Optimizer:
        settings = {key: hyperparameters.pop(key, GRADIENT_KEYS[key]) for key in GRADIENT_KEYS}
        transform = chain(**settings)
        inner = factory(**hyperparameters)

        def step(objective: Objective, params, state):
            def grad(point):
                updates, _ = transform.update(objective.grad(point), transform.init(point), point)
                return updates

            return inner.step(objective._replace(grad=grad), params, state)

        return Optimizer(inner.init, step, inner.internals)

    extra = [
        inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=GRADIENT_KEYS[key]) for key in keys
    ]
    made.__signature__ = inspect.Signature([*inspect.signature(factory).parameters.values(), *extra])
    made.__doc__ = factory.__doc__
    return made
