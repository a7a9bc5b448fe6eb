"""Analytic 2D test surfaces: JAX functions with their windows, known minima and contour levels.

Importing the package registers the built-in surfaces (`SURFACES` maps each name to its `Surface`)
and loads neither JAX nor anything else heavy: the functions use jax.numpy when first evaluated.
It leaves JAX's precision alone; `landscapes` switches float64 on where it computes.
"""

from surfaces import article, classic
from surfaces.base import ContourLevels, Minimum, Point, Surface
from surfaces.registry import SURFACES, register_surface, surface

__all__ = [
    "SURFACES",
    "ContourLevels",
    "Minimum",
    "Point",
    "Surface",
    "article",
    "classic",
    "register_surface",
    "surface",
]
