"""Optimizers as pure `init`/`step` pairs, and the registry that names them.

Importing the package registers the article's classic rules.
"""

from landscapes.optimizers import classic
from landscapes.optimizers.base import Objective, Optimizer, objective_of
from landscapes.optimizers.registry import OPTIMIZERS, OptimizerEntry, register_optimizer

__all__ = [
    "OPTIMIZERS",
    "Objective",
    "Optimizer",
    "OptimizerEntry",
    "classic",
    "objective_of",
    "register_optimizer",
]
