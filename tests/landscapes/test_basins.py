"""Basins of attraction: the start grid, end points against stored paths, the minimum each start reaches."""

from dataclasses import replace

import jax.numpy as jnp
import numpy as np
import pytest

from landscapes.engine.basins import DIVERGED, basins, final_points, known_minima, nearest_minimum, start_grid
from landscapes.engine.trajectories import paths
from landscapes.errors import UserError
from landscapes.optimizers.spec import OptimizerSpec, resolve
from landscapes.scenes.model import builtin_scene
from surfaces import SURFACES


def test_start_grid_runs_x_fastest_from_the_bottom_left():
    xs, ys, starts = start_grid((-1.0, 1.0), (0.0, 4.0), 3)
    np.testing.assert_array_equal(xs, [-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(ys, [0.0, 2.0, 4.0])
    assert starts.shape == (9, 2)
    for row in range(3):
        for column in range(3):
            np.testing.assert_array_equal(starts[row * 3 + column], [xs[column], ys[row]])


def test_nearest_minimum_matches_a_plain_loop_and_marks_non_finite_ends():
    minima = np.array([[0.0, 0.0], [-2.5, -2.5], [3.0, 1.0]])
    points = np.array([[0.1, -0.2], [-2.0, -2.0], [2.0, 2.0], [np.nan, 0.0], [np.inf, 1.0], [-1.2, -1.3]])
    expected = []
    for x, y in points:
        if not (np.isfinite(x) and np.isfinite(y)):
            expected.append(DIVERGED)
            continue
        distances = [((x - mx) ** 2 + (y - my) ** 2) ** 0.5 for mx, my in minima]
        expected.append(distances.index(min(distances)))
    np.testing.assert_array_equal(nearest_minimum(points, minima), expected)


def test_known_minima_lists_global_ones_before_local_ones():
    minima = known_minima(SURFACES["two-minima"])
    np.testing.assert_allclose(minima, [[0.0, 0.0], [-2.5, -2.5]], atol=1e-3)


@pytest.mark.parametrize("name", ["nesterov", "adam", "adadelta"])
def test_final_points_are_the_last_points_of_the_stored_paths(name):
    entry = resolve(OptimizerSpec(name))
    traced = {key: jnp.float64(value) for key, value in entry.hyperparameters.items()}
    fn = SURFACES["two-minima"].fn
    starts = jnp.asarray([[-2.8, -2.5], [1.0, 2.0], [0.3, -1.7]], dtype=jnp.float64)
    ends, losses = final_points(entry.factory, fn, traced, starts, 40)
    path, path_losses = paths(entry.factory, fn, traced, starts, 40)
    np.testing.assert_allclose(np.asarray(ends), np.asarray(path)[:, -1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.asarray(losses), np.asarray(path_losses)[:, -1], rtol=1e-12, atol=1e-12)


@pytest.fixture(scope="module")
def bad_init_map():
    return basins(builtin_scene("bad-init"), resolution=31)


def test_the_map_has_one_layer_per_optimizer_over_the_window(bad_init_map):
    scene = bad_init_map.scene
    count = len(scene.optimizers)
    assert bad_init_map.finals.shape == (count, 31, 31, 2)
    assert bad_init_map.losses.shape == (count, 31, 31)
    assert bad_init_map.nearest.shape == (count, 31, 31)
    assert (bad_init_map.xs[0], bad_init_map.xs[-1]) == scene.xlim
    assert (bad_init_map.ys[0], bad_init_map.ys[-1]) == scene.ylim
    # the losses are the surface's values at the end points
    fn = scene.surface.fn
    some = bad_init_map.finals[2, ::10, ::10].reshape(-1, 2)
    np.testing.assert_allclose(
        bad_init_map.losses[2, ::10, ::10].ravel(), [float(fn(jnp.asarray(p))) for p in some], rtol=1e-12
    )


def test_starts_next_to_a_minimum_are_assigned_to_it(bad_init_map):
    xs, ys = bad_init_map.xs, bad_init_map.ys
    for index, (mx, my) in enumerate(bad_init_map.minima):
        column, row = int(np.abs(xs - mx).argmin()), int(np.abs(ys - my).argmin())
        assert abs(xs[column] - mx) < 0.2 and abs(ys[row] - my) < 0.2
        assert (bad_init_map.nearest[:, row, column] == index).all()


def test_both_basins_appear_for_every_optimizer(bad_init_map):
    for layer in bad_init_map.nearest:
        shares = [(layer == index).mean() for index in range(len(bad_init_map.minima))]
        assert all(share > 0.05 for share in shares)


def test_a_diverging_optimizer_is_marked_diverged():
    # On a quadratic bowl, gradient descent with lr 1e6 multiplies x by about -1e6 each step: it overflows.
    scene = replace(
        builtin_scene("bad-init"),
        surface=SURFACES["basins-and-walls"],
        optimizers=(OptimizerSpec("sgd", (("lr", 1e6),)),),
        steps=60,
    )
    result = basins(scene, resolution=5)
    assert (result.nearest == DIVERGED).any()


def test_grid_sizes_outside_the_limits_are_refused():
    with pytest.raises(UserError, match="--grid"):
        basins(builtin_scene("bad-init"), resolution=1)


def test_the_grid_covers_the_scene_window_when_one_is_set():
    scene = replace(builtin_scene("bad-init"), window=((-1.0, 0.5), (-3.0, -2.0)))
    result = basins(scene, resolution=4)
    np.testing.assert_allclose(result.xs, [-1.0, -0.5, 0.0, 0.5])
    np.testing.assert_allclose(result.ys, np.linspace(-3.0, -2.0, 4))


def test_a_noisy_scene_is_refused():
    with pytest.raises(UserError, match="noise"):
        basins(replace(builtin_scene("bad-init"), noise=0.1), resolution=4)
