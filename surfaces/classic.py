"""The optimisation test functions a user expects to find, on their customary windows.

Minima and windows are the standard ones from the test-function literature; where a minimum has no
closed form (six-hump camel, Styblinski–Tang, three of Himmelblau's) it is given to float64 precision.
"""

import math

from surfaces.base import ContourLevels, Minimum
from surfaces.lazy import jnp
from surfaces.registry import surface

LOG = ContourLevels("log", count=22)
LINEAR = ContourLevels("linear", count=20)
PI = math.pi


def _safe_norm(x, y):
    """√(x²+y²) whose gradient at the origin is 0 (a subgradient) instead of NaN."""
    r2 = x**2 + y**2
    positive = r2 > 0
    return jnp.where(positive, jnp.sqrt(jnp.where(positive, r2, 1.0)), 0.0)


@surface(
    name="rosenbrock",
    formula="(1 − x)² + 100·(y − x²)²",
    xlim=(-2.0, 2.0),
    ylim=(-1.0, 3.0),
    minima=(Minimum(1.0, 1.0, 0.0),),
    start=(-1.5, 2.0),
    levels=LOG,
    description="A long curved valley: easy to enter, slow to follow.",
)
def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


@surface(
    name="beale",
    formula="(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
    xlim=(-4.5, 4.5),
    ylim=(-4.5, 4.5),
    minima=(Minimum(3.0, 0.5, 0.0),),
    start=(-1.0, 1.5),
    levels=LOG,
    description="Flat arms and steep corners; the minimum sits in a narrow curved valley.",
)
def beale(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


@surface(
    name="himmelblau",
    formula="(x² + y − 11)² + (x + y² − 7)²",
    xlim=(-5.0, 5.0),
    ylim=(-5.0, 5.0),
    minima=(
        Minimum(3.0, 2.0, 0.0),
        Minimum(-2.805118086952745, 3.131312518250573, 0.0),
        Minimum(-3.779310253377747, -3.2831859912861696, 0.0),
        Minimum(3.5844283403304917, -1.8481265269644036, 0.0),
    ),
    start=(0.0, 0.0),
    levels=LOG,
    description="Four equal minima: which one a method finds depends on where it starts.",
)
def himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


@surface(
    name="rastrigin",
    formula="20 + x² − 10·cos(2πx) + y² − 10·cos(2πy)",
    xlim=(-5.12, 5.12),
    ylim=(-5.12, 5.12),
    minima=(Minimum(0.0, 0.0, 0.0),),
    start=(4.2, 4.4),
    levels=LINEAR,
    description="A bowl under a regular grid of local minima.",
)
def rastrigin(x, y):
    return 20 + x**2 - 10 * jnp.cos(2 * PI * x) + y**2 - 10 * jnp.cos(2 * PI * y)


@surface(
    name="ackley",
    formula="−20·exp(−0.2·√(0.5(x²+y²))) − exp(0.5(cos 2πx + cos 2πy)) + e + 20",
    xlim=(-5.0, 5.0),
    ylim=(-5.0, 5.0),
    minima=(Minimum(0.0, 0.0, 0.0),),
    start=(3.5, 4.0),
    levels=LINEAR,
    description="A nearly flat, bumpy outer region around one deep central hole.",
)
def ackley(x, y):
    radius = _safe_norm(x, y) * math.sqrt(0.5)
    return (
        -20 * jnp.exp(-0.2 * radius)
        - jnp.exp(0.5 * (jnp.cos(2 * PI * x) + jnp.cos(2 * PI * y)))
        + math.e
        + 20
    )


@surface(
    name="booth",
    formula="(x + 2y − 7)² + (2x + y − 5)²",
    xlim=(-10.0, 10.0),
    ylim=(-10.0, 10.0),
    minima=(Minimum(1.0, 3.0, 0.0),),
    start=(-8.0, -8.0),
    levels=LOG,
    description="A tilted quadratic bowl.",
)
def booth(x, y):
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


@surface(
    name="matyas",
    formula="0.26·(x² + y²) − 0.48·xy",
    xlim=(-10.0, 10.0),
    ylim=(-10.0, 10.0),
    minima=(Minimum(0.0, 0.0, 0.0),),
    start=(-8.0, 6.0),
    levels=LOG,
    description="A plate-shaped bowl, almost flat along the diagonal.",
)
def matyas(x, y):
    return 0.26 * (x**2 + y**2) - 0.48 * x * y


@surface(
    name="goldstein-price",
    formula=(
        "[1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]"
        "·[30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]"
    ),
    xlim=(-2.0, 2.0),
    ylim=(-2.0, 2.0),
    minima=(Minimum(0.0, -1.0, 3.0),),
    start=(-1.5, 1.5),
    levels=LOG,
    description="Values over six orders of magnitude, with several local minima.",
)
def goldstein_price(x, y):
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)
    return a * b


@surface(
    name="six-hump-camel",
    formula="(4 − 2.1x² + x⁴/3)·x² + xy + (−4 + 4y²)·y²",
    xlim=(-3.0, 3.0),
    ylim=(-2.0, 2.0),
    minima=(
        Minimum(0.08984201310031806, -0.7126564030207396, -1.0316284534898774),
        Minimum(-0.08984201310031806, 0.7126564030207396, -1.0316284534898774),
    ),
    start=(-2.0, 1.5),
    levels=LOG,
    description="Six humps, two equal global minima.",
)
def six_hump_camel(x, y):
    return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2


@surface(
    name="three-hump-camel",
    formula="2x² − 1.05x⁴ + x⁶/6 + xy + y²",
    xlim=(-5.0, 5.0),
    ylim=(-5.0, 5.0),
    minima=(Minimum(0.0, 0.0, 0.0),),
    start=(-3.0, 3.5),
    levels=LOG,
    description="One global and two local minima in a steep-walled valley.",
)
def three_hump_camel(x, y):
    return 2 * x**2 - 1.05 * x**4 + x**6 / 6 + x * y + y**2


@surface(
    name="styblinski-tang",
    formula="(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y) / 2",
    xlim=(-5.0, 5.0),
    ylim=(-5.0, 5.0),
    minima=(Minimum(-2.903534027771177, -2.903534027771177, -78.33233140754282),),
    start=(4.5, 4.0),
    levels=LINEAR,
    description="Four basins of different depths; the deepest in the lower left.",
)
def styblinski_tang(x, y):
    return 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y)


@surface(
    name="levi-n13",
    formula="sin²(3πx) + (x−1)²·(1 + sin²(3πy)) + (y−1)²·(1 + sin²(2πy))",
    xlim=(-10.0, 10.0),
    ylim=(-10.0, 10.0),
    minima=(Minimum(1.0, 1.0, 0.0),),
    start=(-7.0, -6.0),
    levels=LOG,
    description="A bowl covered in a dense egg-crate of local minima.",
)
def levi_n13(x, y):
    return (
        jnp.sin(3 * PI * x) ** 2
        + (x - 1) ** 2 * (1 + jnp.sin(3 * PI * y) ** 2)
        + (y - 1) ** 2 * (1 + jnp.sin(2 * PI * y) ** 2)
    )


@surface(
    name="easom",
    formula="−cos(x)·cos(y)·exp(−((x−π)² + (y−π)²))",
    xlim=(PI - 4.0, PI + 4.0),
    ylim=(PI - 4.0, PI + 4.0),
    minima=(Minimum(PI, PI, -1.0),),
    start=(1.0, 1.8),
    levels=LINEAR,
    description="A flat plane with one narrow hole: the gradient says almost nothing.",
)
def easom(x, y):
    return -jnp.cos(x) * jnp.cos(y) * jnp.exp(-((x - PI) ** 2 + (y - PI) ** 2))


@surface(
    name="saddle",
    formula="x² − y²",
    xlim=(-2.0, 2.0),
    ylim=(-2.0, 2.0),
    start=(-1.8, 0.02),
    levels=LINEAR,
    description="The plain saddle: unbounded below, with a stationary point at the origin.",
)
def saddle(x, y):
    return x**2 - y**2


@surface(
    name="monkey-saddle",
    formula="x³ − 3xy²",
    xlim=(-2.0, 2.0),
    ylim=(-2.0, 2.0),
    start=(-1.5, 0.05),
    levels=LINEAR,
    description="A saddle with three descending valleys; unbounded below.",
)
def monkey_saddle(x, y):
    return x**3 - 3 * x * y**2
