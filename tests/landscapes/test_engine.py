"""Every built-in scene's trajectories against the plain-numpy re-statement of the spec's rules."""

import numpy as np
import pytest

from landscapes.engine.trajectories import paths, run
from landscapes.optimizers.spec import OptimizerSpec
from landscapes.scenes.model import builtin_scene, builtin_scenes, with_overrides
from surfaces import SURFACES
from tests import reference

RTOL, ATOL = 1e-9, 1e-12
SCENES = sorted(reference.SCENES)
CHAOTIC = reference.ROUNDING_SENSITIVE
PATHS = [
    pytest.param(scene, label, rule, params, id=f"{scene}-{label}")
    for scene in SCENES
    for label, rule, params in reference.SCENES[scene][1]
]


@pytest.fixture(scope="module")
def computed():
    return {name: run(builtin_scene(name)) for name in SCENES}


def _path(trajectories, label):
    return trajectories.positions[trajectories.labels.index(label), 0]


def test_the_six_article_scenes_are_built_in():
    assert sorted(builtin_scenes()) == SCENES


@pytest.mark.parametrize("scene", SCENES)
def test_shapes_and_labels(computed, scene):
    trajectories = computed[scene]
    _, optimizers = reference.SCENES[scene]
    assert trajectories.labels == tuple(label for label, _, _ in optimizers)
    assert trajectories.positions.shape == (len(optimizers), 1, 126, 2)
    assert trajectories.losses.shape == (len(optimizers), 1, 126)
    assert trajectories.positions.dtype == np.float64
    assert trajectories.surface.name == reference.SCENES[scene][0]
    starts = trajectories.positions[:, 0, 0]
    np.testing.assert_array_equal(starts, np.tile(reference.START, (len(optimizers), 1)))


@pytest.mark.parametrize(("scene", "label", "rule", "params"), PATHS)
def test_every_step_follows_the_rule(computed, scene, label, rule, params):
    """Each point is where the spec's rule goes from the previous one (state carried along the path)."""
    path = _path(computed[scene], label)
    _, grad = reference.SURFACES[reference.SCENES[scene][0]]
    np.testing.assert_allclose(path[1:], reference.shadow(rule, params, grad, path), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize(("scene", "label", "rule", "params"), PATHS)
def test_path_matches_the_reference_run_from_the_start(computed, scene, label, rule, params):
    """The whole path, run independently from the start, agrees at every point the rule keeps stable."""
    path = _path(computed[scene], label)
    _, grad = reference.SURFACES[reference.SCENES[scene][0]]
    expected = reference.trajectory(rule, params, grad, reference.START, reference.STEPS)
    points = CHAOTIC.get((scene, label), 126)
    np.testing.assert_allclose(path[:points], expected[:points], rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize(("scene", "label", "rule", "params"), PATHS)
def test_chaotic_paths_amplify_rounding(scene, label, rule, params):
    """Only the paths exempted above are sensitive to ulp-sized gradient errors; all others are stable."""
    _, grad = reference.SURFACES[reference.SCENES[scene][0]]
    stable = reference.stable_steps(rule, params, grad, reference.START, reference.STEPS, RTOL / 10)
    if (scene, label) in CHAOTIC:
        assert stable < 126
    else:
        assert stable == 126


@pytest.mark.parametrize("scene", SCENES)
def test_losses_are_the_surface_values_at_the_positions(computed, scene):
    trajectories = computed[scene]
    value, _ = reference.SURFACES[reference.SCENES[scene][0]]
    np.testing.assert_allclose(trajectories.losses, value(trajectories.positions), rtol=1e-12, atol=1e-12)


def test_several_starts_are_independent_paths():
    base = builtin_scene("wobbly")
    starts = ((-2.8, -2.5), (2.0, 1.0))
    both = run(with_overrides(base, starts=starts, steps=20))
    assert both.positions.shape == (5, 2, 21, 2)
    for index, start in enumerate(starts):
        alone = run(with_overrides(base, starts=(start,), steps=20))
        np.testing.assert_allclose(both.positions[:, index], alone.positions[:, 0], rtol=1e-12, atol=1e-15)
    _, grad = reference.SURFACES["wobbly"]
    expected = reference.trajectory("adam", {"lr": 0.25}, grad, starts[1], 20)
    np.testing.assert_allclose(both.positions[4, 1], expected, rtol=RTOL, atol=ATOL)


def test_changing_only_hyperparameters_reuses_the_compilation():
    if not hasattr(paths, "_cache_size"):
        pytest.skip("this JAX's jitted functions do not report their cache size")
    scene = builtin_scene("nesterov-momenta")
    first = run(scene)
    compiled = paths._cache_size()
    faster = OptimizerSpec("nesterov", (("lr", 0.02), ("momentum", 0.5)))
    second = run(with_overrides(scene, optimizers=(faster,)))
    assert paths._cache_size() == compiled
    assert not np.allclose(second.positions[0], first.positions[0])
    run(with_overrides(scene, optimizers=(OptimizerSpec("sgd"),)))
    assert paths._cache_size() == compiled + 1


def test_run_uses_the_registered_surface_function():
    scene = with_overrides(builtin_scene("wobbly"), surface=SURFACES["simple-quadratic"], steps=3)
    result = run(scene)
    assert scene.starts == (SURFACES["simple-quadratic"].start,)
    expected = reference.trajectory(
        "nesterov", {"lr": 0.01}, reference.simple_quadratic_grad, scene.starts[0], 3
    )
    np.testing.assert_allclose(result.positions[0, 0], expected, rtol=RTOL, atol=ATOL)
