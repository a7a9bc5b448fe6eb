"""Analytic 2D test surfaces: JAX functions with their windows, known minima and contour levels.

Importing the package turns on float64 in JAX and registers the built-in surfaces; `SURFACES` maps
each name to its `Surface`.
"""

from surfaces import precision  # noqa: F401, I001  (first: float64 before any array is made)
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
