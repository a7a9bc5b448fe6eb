"""The seven surfaces of the tutorial article, drawn with the article's contour levels."""

from surfaces.base import ContourLevels, Minimum
from surfaces.lazy import jnp
from surfaces.registry import surface

ARTICLE_LEVELS = ContourLevels(
    "fixed",
    (*tuple(k / 4 for k in range(-8, 24)), 6.25, 6.5, 6.75, 7.0, *tuple(float(v) for v in range(8, 20))),
)
ORIGIN = (Minimum(0.0, 0.0, 0.0),)


@surface(
    name="simple-quadratic",
    formula="x² + y²",
    minima=ORIGIN,
    levels=ARTICLE_LEVELS,
    description="The bowl: every method should find the bottom.",
)
def simple_quadratic(x, y):
    return x**2 + y**2


@surface(
    name="wobbly",
    formula="(x²+y²)/3 + |x|·√(|x|+0.1) + 3·sin(x+y) + 3 + 8·exp(−2((x+1)²+(y+2)²))",
    minima=(Minimum(-0.17242094376299916, -0.9063018409018629, 0.9155064452470827),),
    levels=ARTICLE_LEVELS,
    description="A bowl with a sine ripple, a kink along x = 0 and a bump in the way.",
)
def wobbly(x, y):
    return (
        (x**2 + y**2) / 3
        + jnp.abs(x) * jnp.sqrt(jnp.abs(x) + 0.1)
        + 3 * jnp.sin(x + y)
        + 3
        + 8 * jnp.exp(-2 * ((x + 1) ** 2 + (y + 2) ** 2))
    )


@surface(
    name="basins-and-walls",
    formula="(x²+y²)/2 + sin²(4x)",
    minima=ORIGIN,
    levels=ARTICLE_LEVELS,
    description="A bowl cut into parallel basins by walls along x.",
)
def basins_and_walls(x, y):
    return (x**2 + y**2) / 2 + jnp.sin(4 * x) ** 2


@surface(
    name="ripple",
    formula="(x²+y²)/3 + (sin²(20x) + sin²(20y))/15",
    minima=ORIGIN,
    levels=ARTICLE_LEVELS,
    description="A bowl covered in fine ripples that trap small steps.",
)
def ripple(x, y):
    return (x**2 + y**2) / 3 + (jnp.sin(20 * x) ** 2 + jnp.sin(20 * y) ** 2) / 15


@surface(
    name="giant-plateau",
    formula="4·(1 − exp(−(x²+y²)))",
    minima=ORIGIN,
    levels=ARTICLE_LEVELS,
    description="A narrow well in a flat plateau where gradients all but vanish.",
)
def giant_plateau(x, y):
    return 4 * (1 - jnp.exp(-(x**2 + y**2)))


@surface(
    name="hills-and-canyon",
    formula=(
        "(x²+y²)/3 + 3·exp(−((x+1)²+(y+2)²)) + exp(−1.5(2(x+2)²+(y−0.5)²))"
        " + 3·exp(−1.5((x−1)²+2(y+1.5)²)) + 1.5·exp(−((x+1.5)²+3(y+0.5)²)) + 4·(1−exp(−(x+y)²))"
    ),
    minima=(Minimum(-0.040419446910662425, 0.07197372849804835, 0.0897167129215858),),
    levels=ARTICLE_LEVELS,
    description="Gaussian hills around a diagonal canyon.",
)
def hills_and_canyon(x, y):
    return (
        (x**2 + y**2) / 3
        + 3 * jnp.exp(-((x + 1) ** 2 + (y + 2) ** 2))
        + jnp.exp(-1.5 * (2 * (x + 2) ** 2 + (y - 0.5) ** 2))
        + 3 * jnp.exp(-1.5 * ((x - 1) ** 2 + 2 * (y + 1.5) ** 2))
        + 1.5 * jnp.exp(-((x + 1.5) ** 2 + 3 * (y + 0.5) ** 2))
        + 4 * (1 - jnp.exp(-((x + y) ** 2)))
    )


@surface(
    name="two-minima",
    formula="4 − 0.5·exp(−((x+2.5)²+(y+2.5)²)) − 3·exp(−(x²+y²))",
    minima=(Minimum(-1.5527953021231566e-06, -1.5527953021231566e-06, 0.999998136658947),),
    local_minima=(Minimum(-2.499944070180304, -2.499944070180304, 3.4999888169140183),),
    levels=ARTICLE_LEVELS,
    description="A deep well and a shallow one next to the article's bad starting point.",
)
def two_minima(x, y):
    return 4 - 0.5 * jnp.exp(-((x + 2.5) ** 2 + (y + 2.5) ** 2)) - 3 * jnp.exp(-(x**2 + y**2))
