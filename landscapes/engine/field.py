"""The surface's gradient on a grid over the window, in one vmapped call (for `--field`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from surfaces import Surface


def gradient_grid(
    surface: Surface, xlim: tuple[float, float], ylim: tuple[float, float], resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """xs (resolution,), ys (resolution,) and the gradient (resolution, resolution, 2), rows along y."""
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    grid = jnp.stack(jnp.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    return xs, ys, np.asarray(_gradients(surface.fn, grid)).reshape(resolution, resolution, 2)


@partial(jax.jit, static_argnames="fn")
def _gradients(fn: Callable, points: jax.Array) -> jax.Array:
    return jax.vmap(jax.grad(fn))(points)
