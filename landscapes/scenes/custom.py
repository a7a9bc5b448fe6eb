"""Surfaces from Python: any JAX-traceable function of (x, y) becomes a `Surface` a scene can use."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Literal

import jax
import jax.numpy as jnp

from landscapes.errors import UserError
from landscapes.scenes.model import corner_start
from surfaces import ContourLevels, Minimum, Point, Surface


def custom_surface(
    fn: Callable[[Any, Any], Any],
    *,
    name: str = "custom",
    xlim: Point = (-3.0, 3.0),
    ylim: Point = (-3.0, 3.0),
    start: Point | None = None,
    formula: str | None = None,
    minima: Sequence[Point] = (),
    levels: Literal["linear", "log"] | ContourLevels = "linear",
    description: str = "",
) -> Surface:
    """A `Surface` for `fn(x, y) -> scalar`, written with `jax.numpy` so JAX can differentiate it.

    `xlim`/`ylim` is the window drawn; `start` the default start point (default: near the window's
    lower-left corner); `formula` the text shown beside the plot (default `name(x, y)`); `minima`
    the (x, y) points marked as known minima; `levels` spaces the contours linearly or on a log
    scale (better for deep, narrow valleys). `fn` is traced once here, so a function JAX cannot
    trace (numpy or `math` calls, a Python `if` on x or y) fails now, with a `UserError`, and not
    in the middle of a run. Pass the result as `scene(surface=...)`, or register it by name with
    `register_surface`.
    """
    if not callable(fn):
        raise UserError(f"custom_surface needs a function of (x, y), got {fn!r}")
    if not isinstance(name, str) or not name.strip():
        raise UserError(f"a surface's name must be a non-empty string, got {name!r}")
    window = (_range(xlim, "xlim"), _range(ylim, "ylim"))

    def of_point(xy):
        return fn(xy[0], xy[1])

    _check_traceable(of_point, name)
    return Surface(
        name=name,
        fn=of_point,
        formula=formula if formula is not None else f"{name}(x, y)",
        xlim=window[0],
        ylim=window[1],
        minima=tuple(_minimum(of_point, point) for point in minima),
        start=tuple(map(float, start)) if start is not None else corner_start(*window),
        levels=levels if isinstance(levels, ContourLevels) else ContourLevels(levels, count=20),
        description=description,
    )


def _minimum(of_point: Callable, point: Point) -> Minimum:
    """A known minimum at `point`, with the function's value there."""
    x, y = float(point[0]), float(point[1])
    return Minimum(x, y, float(of_point(jnp.array([x, y], jnp.float64))))


def _range(value: Sequence[float], what: str) -> Point:
    """A window's (low, high) as floats, or a `UserError` naming the bad value."""
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise UserError(f"{what} must be two numbers like (-2, 2), got {value!r}") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise UserError(f"{what} must be finite with min < max, got {value!r}")
    return low, high


def _check_traceable(of_point: Callable, name: str) -> None:
    """Trace value and gradient abstractly (no numbers computed); a `UserError` if JAX cannot."""
    point = jax.ShapeDtypeStruct((2,), jnp.float64)
    try:
        value = jax.eval_shape(of_point, point)
        if getattr(value, "shape", None) != ():
            raise UserError(f"surface {name!r}: the function must return one number, got shape {value.shape}")
        jax.eval_shape(jax.grad(of_point), point)
    except UserError:
        raise
    except Exception as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise UserError(
            f"surface {name!r}: JAX cannot differentiate the function ({type(error).__name__}: {reason}); "
            "write it with jax.numpy (jnp.sin, jnp.where) rather than numpy, math or a Python if"
        ) from error
