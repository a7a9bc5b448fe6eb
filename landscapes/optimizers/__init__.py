"""Optimizers as pure `init`/`step` pairs, and the registry that names them.

Importing the package registers the article's classic rules and the modern ones (look-ahead
Nesterov, smoothed Nesterov, Newton, and short names for optax's Lion, NAdam, RAdam, AdaBelief, AdamW)
and the quasi-Newton ones (BFGS, optax's L-BFGS).
"""

from landscapes.optimizers import classic, modern, quasi_newton
from landscapes.optimizers.base import Objective, Optimizer, OptimizerEntry, objective_of
from landscapes.optimizers.registry import OPTIMIZERS, find_optimizer, register_optimizer

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
