"""Float64 in JAX for everything the project computes: the spec's numbers drift in float32.

JAX reads this setting when it makes its first array. Every computation starts from a surface, so
importing `surfaces` (which imports this first) is what turns it on.
"""

import jax

jax.config.update("jax_enable_x64", True)
