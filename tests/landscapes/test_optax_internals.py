"""optax's optimizers declare their first moment and, where it means something, their per-coordinate
step size: checked against plain-numpy moments over the hand-derived wobbly gradients."""

import numpy as np
import pytest

from landscapes.engine.trajectories import run
from landscapes.optimizers.spec import parse_spec
from landscapes.scenes.model import builtin_scene, with_overrides
from tests import reference

STEPS = 30
SPECS = (
    "optax:adam(learning_rate=0.1, eps_root=1e-9)",
    "adamw(weight_decay=0.05)",
    "nadam",
    "radam",
    "adabelief",
    "optax:amsgrad(learning_rate=0.1)",
    "optax:adamax(learning_rate=0.1)",
    "lion",
    "optax:sgd",
)


@pytest.fixture(scope="module")
def recorded():
    scene = with_overrides(builtin_scene("wobbly"), optimizers=tuple(map(parse_spec, SPECS)), steps=STEPS)
    return run(scene, internals=True)


def _gradients(recorded, index):
    """The hand-derived gradient at every recorded point of the path (the last one included)."""
    path = recorded.positions[index, 0]
    last = path[-1] + recorded.internals[index]["update"][0, -1]
    return reference.wobbly_grad(np.concatenate([path, last[None]]))[:-1]


def _moments(gradients, beta1, beta2):
    mean, second, means, seconds = np.zeros(2), np.zeros(2), [], []
    for gradient in gradients:
        mean = beta1 * mean + (1 - beta1) * gradient
        second = beta2 * second + (1 - beta2) * gradient**2
        means.append(mean)
        seconds.append(second)
    return np.array(means), np.array(seconds)


def test_optax_adam_moment_and_scale_match_numpy_adam(recorded):
    lr, beta1, beta2, eps, eps_root = 0.1, 0.9, 0.999, 1e-8, 1e-9
    record = recorded.internals[0]
    mean, second = _moments(_gradients(recorded, 0), beta1, beta2)
    t = np.arange(1, STEPS + 2)[:, None]
    scale = lr / (1 - beta1**t) / (np.sqrt(second / (1 - beta2**t) + eps_root) + eps)
    np.testing.assert_allclose(record["moment"][0], mean, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(record["scale"][0], scale, rtol=1e-12)
    np.testing.assert_allclose(record["update"][0], -scale * mean, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("index", range(1, 7), ids=SPECS[1:7])
def test_each_step_is_its_scale_times_its_direction(recorded, index):
    """update = −scale·m (adamw: − lr·wd·θ besides; nadam: times its look-ahead m̂)."""
    record, path = recorded.internals[index], recorded.positions[index, 0]
    moment, scale, update = record["moment"][0, :-1], record["scale"][0, :-1], record["update"][0, :-1]
    gradients = _gradients(recorded, index)[:-1]
    beta2 = 0.999
    if SPECS[index].startswith("adabelief"):
        np.testing.assert_allclose(moment, _moments(gradients, 0.9, beta2)[0], rtol=1e-12, atol=1e-15)
    direction = moment
    if SPECS[index] == "nadam":
        t = np.arange(1, STEPS + 1)[:, None]
        direction = 0.9 * moment / (1 - 0.9 ** (t + 1)) + 0.1 * gradients / (1 - 0.9**t)
    decay = 0.1 * 0.05 * path[:-1] if SPECS[index].startswith("adamw") else 0.0
    np.testing.assert_allclose(update + decay, -scale * direction, rtol=1e-10, atol=1e-14)
    assert np.abs(update).max() > 1e-3  # the paths move


def test_lion_declares_its_moment_and_no_scale(recorded):
    record = recorded.internals[7]
    assert set(record) == {"gradient", "update", "moment"}
    expected, _ = _moments(_gradients(recorded, 7), 0.99, 0.999)  # lion's m runs with β2
    np.testing.assert_allclose(record["moment"][0], expected, rtol=1e-12, atol=1e-15)
    assert set(recorded.internals[8]) == {"gradient", "update"}  # optax's plain sgd has no state


def test_show_names_the_optimizers_it_has_nothing_to_draw_for(recorded):
    from animator.overlays import undrawn

    assert undrawn(recorded, ("gradient", "velocity", "scale")) == [
        "show velocity draws nothing for optax:sgd (no velocity or first moment)",
        "show scale draws nothing for lion, optax:sgd (no per-coordinate step size)",
    ]
