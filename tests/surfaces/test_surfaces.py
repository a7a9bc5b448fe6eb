"""Every registered surface at its known minima, over its window, and the article's seven against a
plain-numpy re-statement with hand-derived gradients."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from surfaces import SURFACES
from tests import reference

MINIMA = [
    pytest.param(surface, minimum, id=f"{name}-{kind}{i}")
    for name, surface in SURFACES.items()
    for kind, found in (("global", surface.minima), ("local", surface.local_minima))
    for i, minimum in enumerate(found)
]
ALL = [pytest.param(surface, id=name) for name, surface in SURFACES.items()]
ARTICLE = [pytest.param(SURFACES[name], id=name) for name in reference.SURFACES]

# Global minimum values from the test-function literature, to four decimals: an outside check on
# the recorded values, not a copy of them.
LITERATURE_MINIMUM = {
    "rosenbrock": 0.0,
    "beale": 0.0,
    "himmelblau": 0.0,
    "rastrigin": 0.0,
    "ackley": 0.0,
    "booth": 0.0,
    "matyas": 0.0,
    "goldstein-price": 3.0,
    "six-hump-camel": -1.0316,
    "three-hump-camel": 0.0,
    "styblinski-tang": -2 * 39.16617,
    "levi-n13": 0.0,
    "easom": -1.0,
}


def _point(x, y):
    return jnp.array([x, y], dtype=jnp.float64)


def test_at_least_22_surfaces_are_registered():
    assert len(SURFACES) >= 22


@pytest.mark.parametrize(("name", "count"), [("himmelblau", 4), ("six-hump-camel", 2)])
def test_surfaces_with_several_global_minima_list_them_all(name, count):
    minima = SURFACES[name].minima
    assert len(minima) == count
    points = np.array([(m.x, m.y) for m in minima])
    distances = np.linalg.norm(points[:, None] - points[None], axis=-1)
    assert np.all(distances[~np.eye(count, dtype=bool)] > 0.5)
    assert len({m.value for m in minima}) == 1


@pytest.mark.parametrize(("surface", "minimum"), MINIMA)
def test_value_at_minimum_is_the_recorded_value(surface, minimum):
    value = float(surface.fn(_point(minimum.x, minimum.y)))
    assert value == pytest.approx(minimum.value, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("surface", "minimum"), MINIMA)
def test_gradient_vanishes_at_minimum(surface, minimum):
    gradient = np.asarray(jax.grad(surface.fn)(_point(minimum.x, minimum.y)))
    np.testing.assert_allclose(gradient, 0.0, atol=1e-7)


@pytest.mark.parametrize(("surface", "minimum"), MINIMA)
def test_minimum_is_lowest_on_a_small_ring_around_it(surface, minimum):
    radius = 1e-3 * (surface.xlim[1] - surface.xlim[0])
    angles = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    ring = jnp.array([(minimum.x + radius * np.cos(a), minimum.y + radius * np.sin(a)) for a in angles])
    around = np.asarray(jax.vmap(surface.fn)(ring))
    assert np.all(around >= minimum.value)


@pytest.mark.parametrize("name", sorted(LITERATURE_MINIMUM))
def test_global_minimum_values_match_the_literature(name):
    for minimum in SURFACES[name].minima:
        assert minimum.value == pytest.approx(LITERATURE_MINIMUM[name], abs=1e-4)


@pytest.mark.parametrize("surface", ALL)
def test_surface_is_finite_over_its_window(surface):
    xs = np.linspace(*surface.xlim, 61)
    ys = np.linspace(*surface.ylim, 61)
    grid = jnp.array([(x, y) for x in xs for y in ys])
    values = np.asarray(jax.vmap(surface.fn)(grid))
    assert np.all(np.isfinite(values))


@pytest.mark.parametrize("surface", ALL)
def test_start_lies_inside_the_window(surface):
    (x, y), (x0, x1), (y0, y1) = surface.start, surface.xlim, surface.ylim
    assert x0 < x1 and y0 < y1
    assert x0 <= x <= x1 and y0 <= y <= y1


@pytest.mark.parametrize("surface", ALL)
def test_formula_and_description_are_given(surface):
    assert surface.formula.strip()
    assert surface.description.strip()


@pytest.mark.parametrize("surface", ALL)
def test_contour_levels_strictly_increase(surface):
    xs = np.linspace(*surface.xlim, 81)
    ys = np.linspace(*surface.ylim, 81)
    grid = jnp.array([(x, y) for y in ys for x in xs])
    z = np.asarray(jax.vmap(surface.fn)(grid)).reshape(81, 81)
    levels = surface.levels.resolve(z)
    assert len(levels) >= 10
    assert np.all(np.diff(levels) > 0)


@pytest.mark.parametrize("name", ["rosenbrock", "beale", "goldstein-price"])
def test_surfaces_spanning_orders_of_magnitude_use_log_levels(name):
    assert SURFACES[name].levels.kind == "log"


@pytest.mark.parametrize("surface", ARTICLE)
def test_article_surfaces_use_the_article_levels(surface):
    assert surface.levels.kind == "fixed"
    assert list(surface.levels.values) == reference.ARTICLE_LEVELS
    assert reference.ARTICLE_LEVELS[:3] == [-2.0, -1.75, -1.5]
    assert reference.ARTICLE_LEVELS[31:37] == [5.75, 6.25, 6.5, 6.75, 7.0, 8.0]
    assert reference.ARTICLE_LEVELS[-1] == 19.0 and len(reference.ARTICLE_LEVELS) == 48


@pytest.mark.parametrize("surface", ARTICLE)
def test_article_surfaces_window_and_start(surface):
    assert surface.xlim == (-3.0, 3.0) and surface.ylim == (-3.0, 3.0)
    assert surface.start == (-2.8, -2.5)


@pytest.mark.parametrize("surface", ARTICLE)
def test_article_surface_matches_the_numpy_reference(surface):
    value, gradient = reference.SURFACES[surface.name]
    points = np.random.default_rng(sum(map(ord, surface.name))).uniform(-3, 3, size=(200, 2))
    ours = np.asarray(jax.vmap(surface.fn)(jnp.asarray(points)))
    our_gradients = np.asarray(jax.vmap(jax.grad(surface.fn))(jnp.asarray(points)))
    np.testing.assert_allclose(ours, value(points), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(our_gradients, gradient(points), rtol=1e-12, atol=1e-12)


def test_reference_gradients_match_finite_differences():
    """The hand-derived gradients in reference.py are themselves checked against central differences."""
    points = np.random.default_rng(7).uniform(-3, 3, size=(50, 2))
    h = 1e-6
    for name, (value, gradient) in reference.SURFACES.items():
        for point in points:
            numeric = [
                (value(point + h * e) - value(point - h * e)) / (2 * h) for e in np.eye(2, dtype=np.float64)
            ]
            assert np.allclose(gradient(point), numeric, rtol=1e-6, atol=1e-5), (name, point)
    assert math.isclose(float(reference.wobbly((0.0, 0.0))), 3.0 + 8 * math.exp(-10))
