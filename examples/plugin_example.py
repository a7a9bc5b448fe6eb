"""An example plugin: one surface and one home-made optimizer, registered like the built-ins.

    landscapes render --plugin examples/plugin_example.py --surface ring -O sign-momentum -o ring.png

A plugin is ordinary Python, run only when named with --plugin. It registers a surface with
`surfaces.surface` (the decorated function takes x and y and uses jax.numpy) and an optimizer with
`landscapes.optimizers.register_optimizer` (a factory whose float keyword arguments are its
hyperparameters, returning pure `init`/`step` functions).
"""

from typing import NamedTuple

import jax.numpy as jnp

from landscapes.optimizers import Optimizer, register_optimizer
from surfaces import ContourLevels, Minimum, surface


@surface(
    name="ring",
    formula="(x² + y² − 4)² / 4 + x / 2",
    xlim=(-3.0, 3.0),
    ylim=(-3.0, 3.0),
    start=(2.0, 2.0),
    minima=(Minimum(-2.0597919701013208, 0.0, -1.0151649488818755),),
    levels=ContourLevels("log", count=20),
    description="A circular trough tilted towards negative x.",
)
def ring(x, y):
    return (x**2 + y**2 - 4) ** 2 / 4 + x / 2


class Velocity(NamedTuple):
    velocity: jnp.ndarray


@register_optimizer("sign-momentum", description="Momentum on the sign of the gradient.")
def sign_momentum(lr: float = 0.02, momentum: float = 0.8) -> Optimizer:
    """v ← μ·v − lr·sign(g) ;  θ ← θ + v"""

    def init(params):
        return Velocity(jnp.zeros_like(params))

    def step(objective, params, state):
        velocity = momentum * state.velocity - lr * jnp.sign(objective.grad(params))
        return params + velocity, Velocity(velocity)

    return Optimizer(init, step)
