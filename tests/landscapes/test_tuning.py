"""Tuning that cannot be fooled: the Sobol design, the ranges, the trial summaries against plain numpy,
exclusion on surfaces unbounded below, kept values, criteria, and the report."""

import math

import numpy as np
import pytest

from landscapes.cli.tune_option import spell_out_bare_tune
from landscapes.engine.design import sobol
from landscapes.engine.divergence import divergences
from landscapes.engine.ranges import RANGES, Range
from landscapes.engine.trajectories import run
from landscapes.engine.trials import run_trials, tail_points
from landscapes.engine.tuning import names_to_tune, tune
from landscapes.errors import UserError
from landscapes.optimizers import find_optimizer
from landscapes.optimizers.spec import parse_spec, settings
from landscapes.scenes.compose import compose_scene
from surfaces import SURFACES


def test_sobol_points_are_scipys_unscrambled_sequence():
    qmc = pytest.importorskip("scipy.stats.qmc")
    reference = qmc.Sobol(16, scramble=False).random(512)
    np.testing.assert_array_equal(sobol(512, 16), reference)
    # Every one-dimensional projection of the first 2^k points is the grid of 2^k cells, one point each.
    column = np.sort(sobol(256, 5)[:, 4])
    np.testing.assert_array_equal(np.floor(column * 256), np.arange(256))


def test_ranges_map_the_unit_interval_onto_their_declared_bounds():
    unit = np.array([0.0, 0.5, 1.0])
    np.testing.assert_allclose(Range(1e-4, 1.0).values(unit), [1e-4, 1e-2, 1.0])
    # 1 − β on a log scale from 1e-4 to 1: β from 0.9999 down to 0, 0.99 half-way.
    np.testing.assert_allclose(RANGES["momentum"].values(unit), [0.9999, 0.99, 0.0])
    assert RANGES["beta2"].describe() == "0…0.9999 (1−β on a log scale)"
    with pytest.raises(UserError, match="low < high"):
        Range(1.0, 0.1)


def _numpy_sgd(start, lr, steps, grad, loss):
    points = [np.asarray(start, float)]
    for _ in range(steps):
        points.append(points[-1] - lr * grad(points[-1]))
    points = np.array(points)
    return points, np.array([loss(p) for p in points])


def test_trial_summaries_match_plain_numpy_paths():
    """sgd on the bowl x² + 10y² from two starts at three rates: slow, fast, and one that runs away."""
    surface = compose_scene(surface="x**2 + 10*y**2", xlim="-2,2", ylim="-2,2").surface
    grad = lambda p: np.array([2 * p[0], 20 * p[1]])  # noqa: E731
    loss = lambda p: p[0] ** 2 + 10 * p[1] ** 2  # noqa: E731
    starts = np.array([[1.5, 0.5], [-1.0, -1.2]])
    rates = np.array([0.01, 0.09, 0.2])
    steps, reach = 40, 0.05
    window = ((-2.0, 2.0), (-2.0, 2.0))
    outcome = run_trials(
        find_optimizer("sgd").factory, surface.fn, {"lr": 0.01}, {"lr": rates}, starts, steps, window,
        np.zeros((1, 2)), reach,
    )  # fmt: skip
    tail = tail_points(steps)
    for i, lr in enumerate(rates):
        for j, start in enumerate(starts):
            points, losses = _numpy_sgd(start, lr, steps, grad, loss)
            finite = np.isfinite(points).all(axis=1)
            if finite.all():
                np.testing.assert_allclose(outcome.final[i, j], points[-1], rtol=1e-12, atol=1e-300)
                np.testing.assert_allclose(outcome.tail_loss[i, j], losses[-tail:].mean(), rtol=1e-12)
            inside_view = (np.abs(points) <= 4.0).all(axis=1)  # the window plus half its size each side
            assert outcome.escaped[i, j] == bool((finite & ~inside_view).any())
            far = np.linalg.norm(points, axis=1) > reach
            last_far = np.flatnonzero(far).max() if far.any() else -1
            expected = math.inf if last_far == steps else last_far + 1
            assert outcome.settled[i, j] == expected
            inside = (np.abs(points) <= 2.0).all(axis=1)
            assert outcome.tail_outside[i, j] == bool((~inside[-tail:]).any())
    assert not outcome.escaped[:2].any() and outcome.escaped[2].all()  # lr 0.2 > 2/20: y doubles each step


@pytest.mark.parametrize(
    ("surface", "optimizers"),
    [("saddle", ["sgd", "momentum"]), ("monkey-saddle", ["sgd"]), ("x**2 - y**2", ["sgd"])],
)
def test_on_surfaces_unbounded_below_no_tuned_path_leaves_the_window(surface, optimizers):
    scene = compose_scene(surface=surface, optimizers=optimizers)
    tuned, report = tune(scene, budget=128)
    paths = run(tuned)
    assert divergences(paths) == []
    (x0, x1), (y0, y1) = scene.xlim, scene.ylim
    finals = paths.positions[:, :, -1]
    assert (
        (x0 <= finals[..., 0]) & (finals[..., 0] <= x1) & (y0 <= finals[..., 1]) & (finals[..., 1] <= y1)
    ).all()
    for result in report:
        assert result.chosen and result.left + result.ended_outside + result.non_finite > 0
    table = report.table()
    assert "beyond the margin" in table and "lowest loss any trial found inside the window" in table


def test_values_set_in_a_spec_are_kept_unless_named():
    newton, momentum = parse_spec("newton(lr=1)"), parse_spec("momentum(momentum=0.5)")
    newton_values, momentum_values = settings(newton)[1], settings(momentum)[1]
    assert names_to_tune(newton, newton_values, None) == ((), {"lr": 1.0})
    assert names_to_tune(newton, newton_values, ("all",)) == (("damping",), {"lr": 1.0})
    assert names_to_tune(newton, newton_values, ("lr",)) == (("lr",), {})
    assert names_to_tune(momentum, momentum_values, ("all",)) == (("lr",), {"momentum": 0.5})
    assert names_to_tune(momentum, momentum_values, ("lr", "momentum")) == (("lr", "momentum"), {})
    scene = compose_scene(
        surface="rosenbrock", optimizers=["newton(lr=1)", "momentum(momentum=0.5)"], steps=60
    )
    tuned, report = tune(scene, budget=64)
    assert dict(tuned.optimizers[0].params) == {"lr": 1.0} and tuned.optimizers[0].tuned == ()
    assert report[0].note == "lr=1 set in the spec"
    assert dict(tuned.optimizers[1].params)["momentum"] == 0.5 and tuned.optimizers[1].tuned == ("lr",)
    legends = run(tuned).legends
    assert (
        legends[0] == "newton"
        and legends[1].startswith("momentum (momentum=0.5, lr=")
        and "tuned" in legends[1]
    )
    with pytest.raises(
        UserError, match=r"no optimizer of the scene has a hyperparameter 'wobbly'.*render wobbly"
    ):
        tune(scene, "wobbly")


def test_tuning_every_hyperparameter_is_no_worse_than_the_learning_rate_alone():
    scene = compose_scene(
        surface="rosenbrock", optimizers=["adam", "momentum"], start_sets=["random:8"], steps=300
    )
    lr_only, _ = tune(scene, budget=512, criterion="final-gap")
    every, report = tune(scene, "all", budget=512, criterion="final-gap")
    assert [result.names for result in report] == [("lr", "beta1", "beta2", "eps"), ("lr", "momentum")]
    minimum = SURFACES["rosenbrock"].minima[0].value
    gaps_lr = np.median(run(lr_only).losses[:, :, -1] - minimum, axis=1)
    gaps_all = np.median(run(every).losses[:, :, -1] - minimum, axis=1)
    assert (gaps_all <= gaps_lr).all(), (gaps_all, gaps_lr)
    assert "lr=" in run(every).legends[0] and "beta1=" in run(every).legends[0]


def test_success_rate_and_steps_to_tol_judge_reaching_the_minimum():
    scene = compose_scene(surface="rosenbrock", optimizers=["sgd"], start_sets=["grid:4"], steps=60)
    # Both criteria run the same compiled trials; only the judging differs.
    _, fast = tune(scene, criterion="steps-to-tol", budget=64)
    _, success = tune(scene, criterion="success-rate", budget=64)
    assert 0 <= success[0].score <= 1
    assert math.isinf(fast[0].score_before)  # sgd's own lr=0.01 never settles near (1, 1) in 60 steps
    assert "share of starts" in success.table()


def test_bare_tune_is_spelled_out_and_names_are_left_as_they_are(tmp_path):
    scene_file = tmp_path / "lr"
    scene_file.write_text("")
    assert spell_out_bare_tune(["--tune", "-o", "x.png"]) == ["--tune=learning-rate", "-o", "x.png"]
    assert spell_out_bare_tune(["-o", "x.png", "--tune"]) == ["-o", "x.png", "--tune=learning-rate"]
    assert spell_out_bare_tune(["--tune", "lr,momentum"]) == ["--tune", "lr,momentum"]
    assert spell_out_bare_tune(["--tune", "all", "wobbly"]) == ["--tune", "all", "wobbly"]
    assert spell_out_bare_tune(["--tune", "scene.toml"]) == ["--tune=learning-rate", "scene.toml"]
    assert spell_out_bare_tune(["--tune", str(scene_file)]) == ["--tune=learning-rate", str(scene_file)]
