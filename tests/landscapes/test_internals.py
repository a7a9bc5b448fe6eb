"""Recorded internals (gradient, update, velocity, moment, scale) against plain-numpy re-statements."""

import csv
import io

import numpy as np
import pytest

from landscapes.engine.internals import RECORDED
from landscapes.engine.trajectories import run
from landscapes.engine.trajectory_csv import INTERNALS_HEADER, TRAJECTORY_HEADER, write_trajectories
from landscapes.optimizers.spec import parse_spec
from landscapes.scenes.model import builtin_scene, with_overrides
from tests import reference

STEPS = 40


@pytest.fixture(scope="module")
def recorded():
    scene = with_overrides(
        builtin_scene("wobbly"),
        optimizers=tuple(
            parse_spec(text) for text in ("momentum(lr=0.01, momentum=0.9)", "adam(lr=0.1)", "adagrad")
        ),
        steps=STEPS,
    )
    return run(scene, internals=True)


def test_recording_leaves_the_paths_exactly_as_they_are(recorded):
    plain = run(recorded.scene)
    assert plain.internals is None
    np.testing.assert_array_equal(recorded.positions, plain.positions)
    np.testing.assert_array_equal(recorded.losses, plain.losses)


def test_momentum_velocity_matches_a_numpy_restatement_step_by_step(recorded):
    lr, mu = 0.01, 0.9
    point, velocity = np.array(reference.START), np.zeros(2)
    record = recorded.internals[0]
    for step in range(STEPS + 1):
        gradient = reference.wobbly_grad(point)
        velocity = mu * velocity - lr * gradient
        np.testing.assert_allclose(record["velocity"][0, step], velocity, rtol=0, atol=1e-12)
        np.testing.assert_allclose(record["gradient"][0, step], gradient, rtol=0, atol=1e-12)
        point = point + velocity
    assert set(record) == {"gradient", "update", "velocity"}


def test_adam_scale_and_moment_match_the_formula(recorded):
    """scale_t = lr·√(1−β2ᵗ)/(1−β1ᵗ)/(√s_t + eps), with m, s run independently over the same gradients."""
    lr, beta1, beta2, eps = 0.1, 0.9, 0.999, 1e-8
    record = recorded.internals[1]
    mean, second = np.zeros(2), np.zeros(2)
    for step in range(STEPS + 1):
        t = step + 1
        gradient = reference.wobbly_grad(recorded.positions[1, 0, step])
        mean = beta1 * mean + (1 - beta1) * gradient
        second = beta2 * second + (1 - beta2) * gradient**2
        scale = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t) / (np.sqrt(second) + eps)
        np.testing.assert_allclose(record["scale"][0, step], scale, rtol=1e-12)
        np.testing.assert_allclose(record["moment"][0, step], mean, rtol=1e-12, atol=1e-15)
        # Adam's update is −scale·m: what the ellipse and the moment arrow draw adds up to the step.
        np.testing.assert_allclose(record["update"][0, step], -scale * mean, rtol=1e-9, atol=1e-15)


def test_updates_are_the_differences_of_consecutive_positions(recorded):
    for index, record in enumerate(recorded.internals):
        path = recorded.positions[index, 0]
        np.testing.assert_array_equal(record["update"][0, :-1], np.diff(path, axis=0))
        assert record["update"].shape == (1, STEPS + 1, 2)


def test_each_optimizer_records_what_it_declares(recorded):
    assert set(recorded.internals[1]) == {"gradient", "update", "moment", "scale"}
    assert set(recorded.internals[2]) == {"gradient", "update", "scale"}


def _rows(trajectories):
    stream = io.StringIO()
    write_trajectories(trajectories, stream)
    return list(csv.reader(io.StringIO(stream.getvalue())))


def test_csv_has_extra_columns_only_with_internals(recorded):
    plain_rows = _rows(run(recorded.scene))
    assert tuple(plain_rows[0]) == TRAJECTORY_HEADER == ("label", "start", "step", "x", "y", "loss")
    rows = _rows(recorded)
    assert tuple(rows[0]) == TRAJECTORY_HEADER + INTERNALS_HEADER
    assert len(INTERNALS_HEADER) == 2 * len(RECORDED)
    assert [row[:6] for row in rows[1:]] == plain_rows[1:]
    by_label = {(row[0], int(row[2])): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    momentum = by_label[("momentum", 7)]
    assert float(momentum["velocity_x"]) == recorded.internals[0]["velocity"][0, 7, 0]
    assert momentum["scale_x"] == momentum["moment_y"] == ""
    assert float(by_label[("adam", 3)]["scale_y"]) == recorded.internals[1]["scale"][0, 3, 1]


def test_noise_is_recorded_in_the_gradient_the_optimizer_saw():
    scene = with_overrides(
        builtin_scene("wobbly"), optimizers=(parse_spec("sgd(lr=0.01)"),), steps=5, noise=0.5, seed=3
    )
    recorded = run(scene, internals=True)
    record = recorded.internals[0]
    np.testing.assert_allclose(record["update"][0, :-1], -0.01 * record["gradient"][0, :-1], rtol=1e-12)
    exact = reference.wobbly_grad(recorded.positions[0, 0, :-1])
    assert np.abs(record["gradient"][0, :-1] - exact).max() > 0.1


def test_the_trajectories_command_writes_internals_when_asked(cli, tmp_path):
    out = tmp_path / "paths.csv"
    result = cli("trajectories", "-O", "sgd", "--steps", "2", "--internals", "-o", out)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(out.open()))
    assert tuple(rows[0]) == TRAJECTORY_HEADER + INTERNALS_HEADER
    assert len(rows) == 4 and rows[1][-6:] == [""] * 6  # sgd has no velocity, moment or scale
