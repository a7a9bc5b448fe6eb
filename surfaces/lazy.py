"""`jnp`: jax.numpy, loaded when a surface is first evaluated rather than when `surfaces` is imported,
so listing the surfaces (`landscapes list surfaces`) does not load JAX."""

from __future__ import annotations

import importlib
from typing import Any


class _OnFirstUse:
    """A module loaded on its first attribute access."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


jnp: Any = _OnFirstUse("jax.numpy")
