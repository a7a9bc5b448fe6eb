"""BFGS and L-BFGS: convergence on Rosenbrock, and the first iterates against a plain-numpy textbook
BFGS on a quadratic; L-BFGS against optax.lbfgs itself; both methods' recorded line-search trials."""

import numpy as np
import pytest

from landscapes.engine.trajectories import run
from landscapes.optimizers.spec import parse_spec
from landscapes.scenes.custom import custom_surface
from landscapes.scenes.model import builtin_scene, with_overrides
from surfaces import SURFACES

A = np.array([[3.0, 1.0], [1.0, 2.0]])
B = np.array([1.0, -1.0])
QUADRATIC_START = (2.0, 1.0)


def _quadratic_scene(*specs, steps=6):
    surface = custom_surface(
        lambda x, y: 0.5 * (A[0, 0] * x * x + 2 * A[0, 1] * x * y + A[1, 1] * y * y) - B[0] * x - B[1] * y,
        name="quadratic",
    )
    return with_overrides(
        builtin_scene("wobbly"), surface=surface, optimizers=tuple(map(parse_spec, specs)),
        starts=(QUADRATIC_START,), steps=steps,
    )  # fmt: skip


def value(point):
    return 0.5 * point @ A @ point - B @ point


def grad(point):
    return A @ point - B


def textbook_bfgs(start, iterations, line_search):
    """Nocedal & Wright's BFGS: d = −H·g with H₀ = I/|g₀| for the first step, H scaled by sᵀy/yᵀy
    before the first update (their eq. 6.20), then the inverse update (6.17)."""
    point = np.array(start)
    inverse = np.eye(2) / np.linalg.norm(grad(point))
    points = [point]
    for k in range(iterations):
        g = grad(point)
        direction = -inverse @ g
        s = line_search(point, direction) * direction
        y = grad(point + s) - g
        if k == 0:
            inverse = (s @ y) / (y @ y) * np.eye(2)
        rho = 1 / (s @ y)
        left = np.eye(2) - rho * np.outer(s, y)
        inverse = left @ inverse @ left.T + rho * np.outer(s, s)
        point = point + s
        points.append(point)
    return np.array(points)


def armijo_backtracking(point, direction, c1=1e-4, shrink=0.5):
    length = 1.0
    while value(point + length * direction) > value(point) + c1 * length * grad(point) @ direction:
        length *= shrink
    return length


def unit_step_satisfying_strong_wolfe(point, direction, c1=1e-4, c2=0.9):
    """The zoom line search accepts its first trial, 1, when the strong Wolfe conditions hold there."""
    slope = grad(point) @ direction
    assert value(point + direction) <= value(point) + c1 * slope
    assert abs(grad(point + direction) @ direction) <= c2 * abs(slope)
    return 1.0


@pytest.fixture(scope="module")
def on_the_quadratic():
    return run(_quadratic_scene("bfgs", "lbfgs"))


@pytest.fixture(scope="module")
def on_rosenbrock():
    scene = with_overrides(
        builtin_scene("wobbly"), surface=SURFACES["rosenbrock"],
        optimizers=tuple(map(parse_spec, ("bfgs", "lbfgs", "optax:lbfgs"))), starts=((-1.5, 2.0),), steps=59,
    )  # fmt: skip
    return run(scene, internals=True)


def test_bfgs_matches_the_textbook_on_a_quadratic(on_the_quadratic):
    expected = textbook_bfgs(QUADRATIC_START, 6, armijo_backtracking)
    np.testing.assert_allclose(on_the_quadratic.positions[0, 0], expected, rtol=1e-10, atol=1e-12)
    assert np.linalg.norm(expected[-1] - np.linalg.solve(A, B)) < 1e-7


def test_lbfgs_matches_the_textbook_for_its_first_iterates(on_the_quadratic):
    """With one curvature pair, L-BFGS's H is BFGS's; later it rescales H₀ every step, BFGS does not."""
    expected = textbook_bfgs(QUADRATIC_START, 2, unit_step_satisfying_strong_wolfe)
    np.testing.assert_allclose(on_the_quadratic.positions[1, 0, :3], expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("index", [0, 1], ids=["bfgs", "lbfgs"])
def test_rosenbrock_minimum_to_1e_8_in_fewer_than_60_iterations(on_rosenbrock, index):
    path = on_rosenbrock.positions[index, 0]
    errors = np.linalg.norm(path - [1.0, 1.0], axis=1)
    assert errors[-1] < 1e-8
    assert np.all(errors[np.argmax(errors < 1e-8) :] < 1e-8)


def rosenbrock(point):
    x, y = point
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_grad(point):
    x, y = point
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


def test_bfgs_records_its_line_search_trials(on_rosenbrock):
    trials = on_rosenbrock.internals[0]["trials"][0]
    path = on_rosenbrock.positions[0, 0]
    rejected = 0
    for step in range(20):
        here = path[step]
        tried = trials[step][np.isfinite(trials[step]).all(axis=1)]
        # The last trial is the point accepted; each one before it failed Armijo's condition.
        np.testing.assert_allclose(tried[-1], path[step + 1], rtol=1e-12, atol=1e-15)
        direction = tried[0] - here
        slope = rosenbrock_grad(here) @ direction
        assert (
            rosenbrock(tried[-1])
            <= rosenbrock(here) + 1e-4 * np.linalg.norm(tried[-1] - here) / np.linalg.norm(direction) * slope
        )
        np.testing.assert_allclose(
            on_rosenbrock.internals[0]["trial_losses"][0, step][: len(tried)], rosenbrock(tried.T), rtol=1e-13
        )
        for earlier in tried[:-1]:
            length = np.linalg.norm(earlier - here) / np.linalg.norm(direction)
            assert rosenbrock(earlier) > rosenbrock(here) + 1e-4 * length * slope
            rejected += 1
    assert rejected >= 5


def test_lbfgs_is_optax_lbfgs_step_for_step(on_rosenbrock):
    """Our loop around optax's zoom search takes optax.lbfgs's path (the last bits may differ: XLA
    fuses the two programs differently)."""
    np.testing.assert_allclose(on_rosenbrock.positions[1], on_rosenbrock.positions[2], rtol=0, atol=1e-12)
    assert "trials" not in on_rosenbrock.internals[2]  # optax's own keeps no trial points


def test_lbfgs_trials_lie_on_each_step_and_their_losses_are_the_surfaces(on_rosenbrock):
    record, path = on_rosenbrock.internals[1], on_rosenbrock.positions[1, 0]
    counted = 0
    for step in range(40):
        here, step_taken = path[step], path[step + 1] - path[step]
        finite = np.isfinite(record["trials"][0, step]).all(axis=1)
        tried = record["trials"][0, step][finite]
        if np.linalg.norm(step_taken) < 1e-9:
            break
        offsets = tried - here
        # x_k + t·d_k with t > 0: along the step taken, on its side of x_k.
        cross = offsets[:, 0] * step_taken[1] - offsets[:, 1] * step_taken[0]
        assert np.all(np.abs(cross) <= 1e-9 * np.linalg.norm(offsets, axis=1) * np.linalg.norm(step_taken))
        assert np.all(offsets @ step_taken > 0)
        assert np.min(np.linalg.norm(tried - path[step + 1], axis=1)) < 1e-12  # the accepted one is a trial
        np.testing.assert_allclose(
            record["trial_losses"][0, step][finite], rosenbrock(tried.T), rtol=1e-12, atol=1e-15
        )
        counted += len(tried)
    assert counted > 45  # more trials than steps: the search does try and reject
