"""Test-wide set-up: float64 everywhere, as the spec's numbers require."""

import jax

jax.config.update("jax_enable_x64", True)
