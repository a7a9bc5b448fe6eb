"""A space-filling design: the Sobol sequence in up to 16 dimensions, in pure numpy.

Sobol points fill the unit cube evenly in every projection, so 4,096 configurations of four
hyperparameters try 4,096 distinct values of each one (a grid of the same size tries 8). The
direction numbers are Joe and Kuo's (new-joe-kuo-6.21201), dimensions 2–16; dimension 1 is the van der
Corput sequence. Written here rather than importing `scipy.stats.qmc`, which costs most of a second
to import and is only present as a dependency of JAX; the tests check these points against it.
"""

from __future__ import annotations

import numpy as np

BITS = 30
# (degree s, coefficients a, initial m_1 … m_s) of each primitive polynomial, dimension 2 onwards.
_POLYNOMIALS = (
    (1, 0, (1,)), (2, 1, (1, 3)), (3, 1, (1, 3, 1)), (3, 2, (1, 1, 1)), (4, 1, (1, 1, 3, 3)),
    (4, 4, (1, 3, 5, 13)), (5, 2, (1, 1, 5, 5, 17)), (5, 4, (1, 1, 5, 5, 5)), (5, 7, (1, 1, 7, 11, 19)),
    (5, 11, (1, 1, 5, 1, 1)), (5, 13, (1, 1, 1, 3, 11)), (5, 14, (1, 3, 5, 5, 31)),
    (6, 1, (1, 3, 3, 9, 7, 49)), (6, 13, (1, 1, 1, 15, 21, 21)), (6, 16, (1, 3, 1, 13, 27, 49)),
)  # fmt: skip
MAX_DIMENSIONS = len(_POLYNOMIALS) + 1
MAX_POINTS = 2**BITS


def _directions(degree: int, coefficients: int, initial: tuple[int, ...]) -> list[int]:
    """The BITS direction numbers of one dimension, by the recurrence of its primitive polynomial."""
    m = list(initial)
    for i in range(degree, BITS):
        value = m[i - degree] ^ (m[i - degree] << degree)
        for k in range(1, degree):
            if (coefficients >> (degree - 1 - k)) & 1:
                value ^= m[i - k] << k
        m.append(value)
    return [m[i] << (BITS - 1 - i) for i in range(BITS)]


_DIRECTIONS = np.array(
    [[1 << (BITS - 1 - i) for i in range(BITS)], *(_directions(*p) for p in _POLYNOMIALS)], dtype=np.int64
)


def sobol(count: int, dimensions: int) -> np.ndarray:
    """The first `count` points (count, dimensions) of the unscrambled Sobol sequence in [0, 1).

    The first point is the origin; the first 2ᵏ points are a (0, k, d)-net in base 2.
    """
    if not 1 <= dimensions <= MAX_DIMENSIONS:
        raise ValueError(f"a Sobol design has 1 to {MAX_DIMENSIONS} dimensions, got {dimensions}")
    if not 0 <= count <= MAX_POINTS:
        raise ValueError(f"a Sobol design has at most {MAX_POINTS} points, got {count}")
    index = np.arange(count, dtype=np.int64)
    gray = index ^ (index >> 1)
    points = np.zeros((count, dimensions), dtype=np.int64)
    for bit in range(BITS):
        on = ((gray >> bit) & 1).astype(bool)
        points[on] ^= _DIRECTIONS[:dimensions, bit]
    return points / float(2**BITS)
