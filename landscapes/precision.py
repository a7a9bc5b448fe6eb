"""Float64 in JAX for everything landscapes computes: the spec's numbers drift within a few dozen
steps in float32.

It is switched on where computing starts: importing `landscapes.optimizers`, which every scene,
trajectory, tuning run and plugin goes through. Importing `surfaces` alone changes nothing in JAX.
"""

import jax


def use_float64() -> None:
    """Make JAX compute in float64 (idempotent; JAX applies it to every array made from now on)."""
    jax.config.update("jax_enable_x64", True)
