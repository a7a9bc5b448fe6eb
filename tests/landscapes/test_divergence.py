"""Runaway paths: where they leave the view or stop being finite, and the part that is drawn."""

import math

import numpy as np
import pytest

from animator.drawable import CLAMP, drawn_path
from landscapes.engine.divergence import (
    MARGIN,
    NEVER,
    divergences,
    escape,
    first_step,
    non_finite,
    outside,
    view_box,
)
from landscapes.engine.trajectories import Trajectories, run
from landscapes.scenes.compose import compose_scene

WINDOW = ((-2.0, 2.0), (-1.0, 3.0))
# With MARGIN = 0.5 the view box of WINDOW is x in [-4, 4], y in [-3, 5].


def test_view_box_grows_each_side_by_the_margin():
    assert MARGIN == 0.5
    assert view_box(*WINDOW) == ((-4.0, 4.0), (-3.0, 5.0))


def test_first_step_finds_the_first_true_or_never():
    mask = np.array([[False, True, True], [False, False, False], [True, False, True]])
    assert first_step(mask).tolist() == [1, NEVER, 0]


def test_non_finite_and_outside_mark_points():
    path = np.array([[0.0, 0.0], [3.9, 4.9], [4.1, 0.0], [0.0, -3.5], [np.nan, 0.0], [0.0, np.inf]])
    assert non_finite(path).tolist() == [False, False, False, False, True, True]
    assert outside(path, *WINDOW).tolist() == [False, False, True, True, False, False]


def test_drawn_path_stops_at_the_last_finite_point():
    path = np.array([[0.0, 0.0], [1.0, 1.0], [np.nan, np.nan], [0.5, 0.5]])
    np.testing.assert_array_equal(drawn_path(path, *WINDOW), path[:2])


def test_drawn_path_ends_on_the_border_in_the_direction_of_the_step():
    # From (0, 1) towards (100, 51), never to return: the line y = 1 + x/2 meets x = 4 at y = 3.
    path = np.array([[0.0, 1.0], [100.0, 51.0], [200.0, 101.0]])
    np.testing.assert_allclose(drawn_path(path, *WINDOW), [[0.0, 1.0], [4.0, 3.0]])
    # Towards (-1e300, 1): the border x = -4 at the same height.
    path = np.array([[0.0, 1.0], [-1e300, 1.0]])
    np.testing.assert_allclose(drawn_path(path, *WINDOW), [[0.0, 1.0], [-4.0, 1.0]])


def test_drawn_path_takes_the_first_border_crossed_and_carries_extra_coordinates():
    # From (0, 0, 10) to (8, -12, 30): x = 4 at t = 1/2, y = -3 at t = 1/4 comes first.
    path = np.array([[0.0, 0.0, 10.0], [8.0, -12.0, 30.0]])
    np.testing.assert_allclose(drawn_path(path, *WINDOW), [[0.0, 0.0, 10.0], [2.0, -3.0, 15.0]])


def test_drawn_path_keeps_a_path_that_stays_in_view_whole():
    path = np.array([[0.0, 0.0], [3.0, 4.0], [-3.9, -2.9]])
    np.testing.assert_array_equal(drawn_path(path, *WINDOW), path)


def test_an_excursion_that_comes_back_is_drawn_with_far_points_clamped():
    assert CLAMP == 1000.0  # the clamp box of WINDOW: x in [-4002, 4002], y in [-4001, 4003]
    path = np.array([[0.0, 0.0], [10.0, 0.0], [1e300, -1e300], [1.0, 1.0]])
    assert escape(path, *WINDOW) == (NEVER, NEVER)
    np.testing.assert_array_equal(
        drawn_path(path, *WINDOW), [[0.0, 0.0], [10.0, 0.0], [4002.0, -4001.0], [1.0, 1.0]]
    )


def test_escape_is_the_first_step_of_the_last_excursion():
    path = np.array([[0.0, 0.0], [9.0, 0.0], [0.0, 0.0], [9.0, 0.0], [19.0, 0.0], [np.nan, 0.0]])
    assert escape(path, *WINDOW) == (3, 5)
    assert escape(path[:3], *WINDOW) == (NEVER, NEVER)


def test_a_start_beyond_the_view_is_drawn_as_one_point_on_the_border():
    path = np.array([[10.0, 0.0], [11.0, 0.0]])
    np.testing.assert_array_equal(drawn_path(path, *WINDOW), [[4.0, 0.0]])


def _trajectories(positions: np.ndarray, legends: tuple[str, ...]) -> Trajectories:
    scene = compose_scene(
        None, surface="rosenbrock", optimizers=["sgd"] * len(legends), xlim="-2,2", ylim="-1,3"
    )
    losses = np.zeros(positions.shape[:-1])
    return Trajectories(scene, legends, legends, positions, losses)


def test_divergences_name_the_optimizer_the_step_and_the_reason():
    fine = [[0.0, 0.0], [0.5, 0.5], [1.0, 1.0], [1.0, 1.0]]
    away = [[0.0, 0.0], [1.0, 1.0], [50.0, 1.0], [np.nan, np.nan]]
    nan = [[0.0, 0.0], [1.0, 1.0], [np.nan, 1.0], [np.nan, np.nan]]
    inf = [[0.0, 0.0], [-np.inf, 1.0], [np.nan, np.nan], [np.nan, np.nan]]
    positions = np.array([[fine], [away], [nan], [inf]])
    found = divergences(_trajectories(positions, ("fine", "away", "nan", "inf")))
    assert [d.describe() for d in found] == [
        "away diverged at step 2 (left the window; not finite from step 3)",
        "nan diverged at step 2 (became NaN)",
        "inf diverged at step 1 (became inf)",
    ]


def test_divergence_over_several_starts_counts_them_and_takes_the_earliest():
    fine = [[0.0, 0.0], [0.5, 0.5], [1.0, 1.0]]
    late = [[0.0, 0.0], [0.5, 0.5], [9.0, 1.0]]
    early = [[0.0, 0.0], [0.0, 9.0], [0.0, 19.0]]
    back = [[0.0, 0.0], [0.0, 9.0], [0.0, 1.0]]
    positions = np.array([[fine, late, early, back]])
    (found,) = divergences(_trajectories(positions, ("sgd",)))
    assert (found.step, found.diverged_starts, found.starts) == (1, 2, 4)
    assert found.describe() == "sgd diverged at step 1 from 2 of 4 starts (left the window)"


@pytest.fixture(scope="module")
def runaway():
    scene = compose_scene(
        None, surface="rosenbrock", optimizers=["adagrad(lr=100)", "adam", "momentum(momentum=0.999)"]
    )
    return run(scene)


def test_the_issues_runaways_are_found_and_adam_is_not(runaway):
    found = {d.legend: d for d in divergences(runaway)}
    assert set(found) == {"adagrad (lr=100)", "momentum (momentum=0.999)"}
    # Adagrad's first step is lr·g/|g| per coordinate = 100 in each: far outside at step 1.
    assert found["adagrad (lr=100)"].step == 1
    momentum = found["momentum (momentum=0.999)"]
    assert momentum.reason == "left the window" and momentum.non_finite_step != NEVER
    assert not np.isfinite(runaway.positions[2, 0, momentum.non_finite_step]).all()
    assert np.isfinite(runaway.positions[1]).all()


def test_drawn_runaway_paths_are_finite_and_inside_the_view_box(runaway):
    (x0, x1), (y0, y1) = view_box(runaway.scene.xlim, runaway.scene.ylim)
    for per_start in runaway.positions:
        drawn = drawn_path(per_start[0], runaway.scene.xlim, runaway.scene.ylim)
        assert np.isfinite(drawn).all() and len(drawn) >= 1
        assert (drawn[:, 0] >= x0).all() and (drawn[:, 0] <= x1).all()
        assert (drawn[:, 1] >= y0).all() and (drawn[:, 1] <= y1).all()
    adam = drawn_path(runaway.positions[1, 0], runaway.scene.xlim, runaway.scene.ylim)
    assert len(adam) == runaway.scene.steps + 1 and not math.isnan(adam[-1, 0])
