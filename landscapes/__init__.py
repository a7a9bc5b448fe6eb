"""landscapes: watch gradient-descent optimizers move across 2D loss surfaces.

The public names below are loaded on first use, so `import landscapes` (and the CLI's start-up)
stays free of JAX and matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "Scene": "landscapes.scenes",
    "builtin_scene": "landscapes.scenes",
    "builtin_scenes": "landscapes.scenes",
    "Trajectories": "landscapes.engine",
    "run": "landscapes.engine",
    "OptimizerSpec": "landscapes.specs",
    "parse_spec": "landscapes.specs",
    "register_optimizer": "landscapes.optimizers",
    "OPTIMIZERS": "landscapes.optimizers",
    "UserError": "landscapes.errors",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'landscapes' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)
