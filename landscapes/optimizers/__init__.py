"""Optimizers as pure `init`/`step` pairs, and the registry that names them.

Importing the package registers the article's classic rules and the modern ones (look-ahead
Nesterov, smoothed Nesterov, Newton, and short names for optax's Lion, NAdam, RAdam, AdaBelief, AdamW)
and the quasi-Newton ones (BFGS, optax's L-BFGS).
"""

from landscapes.precision import use_float64

use_float64()  # where computing starts: before any optimizer, scene or trajectory makes an array

from landscapes.optimizers import classic, modern, quasi_newton  # noqa: E402
from landscapes.optimizers.base import Objective, Optimizer, OptimizerEntry, objective_of  # noqa: E402
from landscapes.optimizers.registry import OPTIMIZERS, find_optimizer, register_optimizer  # noqa: E402

__all__ = [
    "OPTIMIZERS",
    "Objective",
    "Optimizer",
    "OptimizerEntry",
    "classic",
    "find_optimizer",
    "modern",
    "objective_of",
    "quasi_newton",
    "register_optimizer",
]
