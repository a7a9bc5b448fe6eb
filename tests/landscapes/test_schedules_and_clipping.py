"""Schedules, clipping and weight decay in SPECs, against the same things applied by hand with optax."""

import json

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from landscapes.engine.trajectories import run
from landscapes.errors import UserError
from landscapes.optimizers.spec import legend_text, parse_spec, resolve, with_settings
from landscapes.scenes.model import builtin_scene, with_overrides
from tests import reference

STEPS = 16


def f64(schedule):
    """optax's schedule evaluated at a float64 count (optax's own int32 count makes it float32)."""
    return lambda count: schedule(jnp.asarray(count, jnp.float64))


SPECS = {
    "sgd(lr=cosine(0.1, 12))": optax.sgd(f64(optax.cosine_decay_schedule(0.1, 12))),
    "optax:adam(learning_rate=warmup_cosine(0, 0.2, 5, 12))": optax.adam(
        f64(optax.warmup_cosine_decay_schedule(0.0, 0.2, 5, 12))
    ),
    # Heavy ball keeps lr inside its velocity (v ← μ·v − lr·g), optax's trace outside: a rule by hand.
    "momentum(lr=exp(0.01, 0.95), momentum=0.9)": None,
    "sgd(lr=piecewise(0.1, 5:0.02, 10:0.05))": optax.sgd(
        f64(optax.join_schedules([optax.constant_schedule(v) for v in (0.1, 0.02, 0.05)], [5, 10]))
    ),
    "sgd(lr=0.05, clip_norm=1)": optax.chain(optax.clip_by_global_norm(1.0), optax.sgd(0.05)),
    "sgd(lr=0.05, clip_value=0.5, weight_decay=0.3)": optax.chain(
        optax.clip(0.5), optax.add_decayed_weights(0.3), optax.sgd(0.05)
    ),
}


@pytest.fixture(scope="module")
def computed():
    scene = with_overrides(
        builtin_scene("wobbly"), optimizers=tuple(map(parse_spec, SPECS)), steps=STEPS
    )  # fmt: skip
    return run(scene, internals=True)


def by_hand(transformation):
    """The path of an optax transformation fed the hand-derived wobbly gradient, in plain numpy."""
    point = np.array(reference.START)
    state = transformation.init(point)
    update = jax.jit(transformation.update)
    path = [point]
    for _ in range(STEPS):
        updates, state = update(reference.wobbly_grad(point), state, point)
        point = np.asarray(optax.apply_updates(point, updates))
        path.append(point)
    return np.array(path)


@pytest.mark.parametrize("index", [index for index, made in enumerate(SPECS.values()) if made is not None])
def test_the_spec_gives_the_path_optax_gives_by_hand(computed, index):
    expected = by_hand(list(SPECS.values())[index])
    np.testing.assert_allclose(computed.positions[index, 0], expected, rtol=1e-10, atol=1e-12)


def test_scheduled_momentum_follows_its_rule_with_optaxs_rate(computed):
    rate = f64(optax.exponential_decay(0.01, transition_steps=1, decay_rate=0.95))
    point, velocity = np.array(reference.START), np.zeros(2)
    path = [point]
    for step in range(STEPS):
        velocity = 0.9 * velocity - float(rate(step)) * reference.wobbly_grad(point)
        point = point + velocity
        path.append(point)
    np.testing.assert_allclose(computed.positions[2, 0], np.array(path), rtol=1e-10, atol=1e-12)


def test_clip_norm_keeps_every_sgd_update_within_lr(computed):
    updates = computed.internals[4]["update"][0]
    norms = np.linalg.norm(updates, axis=1)
    assert np.all(norms <= 0.05 * (1 + 1e-12))
    assert np.sum(np.isclose(norms, 0.05, rtol=1e-12)) >= 3  # the clip was doing something


@pytest.mark.parametrize(
    ("text", "legend"),
    [
        ("adam(lr=cosine(0.1, 500))", "adam (lr=cosine(0.1, 500))"),
        ("sgd(lr=piecewise(0.1, 100:0.01))", "sgd (lr=piecewise(0.1, 100:0.01))"),
        ("sgd(lr=0.05, clip_norm=1)", "sgd (lr=0.05, clip_norm=1)"),
    ],
)
def test_legends_state_schedules_and_clipping_compactly(text, legend):
    spec = parse_spec(text)
    assert legend_text(spec, spec.name, resolve(spec).hyperparameters) == legend


def test_command_line_clipping_fills_in_what_a_spec_does_not_set():
    spec = with_settings(parse_spec("sgd(clip_norm=5)"), {"clip_norm": 1.0, "weight_decay": 0.1})
    assert spec.params == (("clip_norm", 5.0), ("weight_decay", 0.1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("adam(beta1=cosine(0.9, 10))", "only a learning rate takes a schedule, not 'beta1'"),
        ("adam(lr=cosine(0.1))", r"expected cosine\(INIT, STEPS\[, ALPHA\]\)"),
        ("adam(lr=cosine(0.1, 0))", "step counts are whole numbers"),
        ("adam(lr=piecewise(0.1, 10:0.01, 5:0.1))", "the steps must increase"),
        ("adam(lr=piecewise(0.1, 10))", "expected STEP:VALUE"),
        ("adam(lr=cosine(0.1, x))", "bad number 'x'"),
        ("adam(lr=cosin(0.1, 10))", "did you mean 'cosine'"),
        ("sgd(clip_norm=0)", "clip_norm must be > 0"),
        ("sgd(clip_nrom=1)", "did you mean 'clip_norm'"),
    ],
)
def test_bad_schedules_and_bounds_are_one_clear_line(text, message):
    with pytest.raises(UserError, match=message):
        resolve(parse_spec(text))


def test_show_lr_draws_each_scheduled_rate_on_the_loss_panel(computed):
    from animator.figure import draw_scene
    from animator.options import RenderOptions
    from animator.overlays import RateLines

    scene_figure = draw_scene(computed, (320, 180), RenderOptions(show=("lr",), loss_panel=True))
    (rates,) = [mover for mover in scene_figure.movers if isinstance(mover, RateLines)]
    assert len(rates.artists) == 4  # the four scheduled optimizers; clipping alone has no schedule
    scene_figure.show(0, STEPS + 1)
    piecewise = rates.artists[3].get_ydata()
    np.testing.assert_array_equal(piecewise, [0.1] * 5 + [0.02] * 5 + [0.05] * (STEPS + 1 - 10))
    with pytest.raises(UserError, match="add loss_panel"):
        RenderOptions(show=("lr",))


def test_a_manifest_replays_schedules_and_clipping():
    from landscapes.manifest.build import manifest_json, manifest_of
    from landscapes.manifest.recipe import recipe_of

    specs = tuple(map(parse_spec, ("adam(lr=cosine(0.1, 30))", "sgd(clip_norm=1, weight_decay=0.1)")))
    scene = with_overrides(builtin_scene("wobbly"), optimizers=specs, steps=30)
    replayed = recipe_of(json.loads(manifest_json(manifest_of(scene))))
    assert [dict(spec.params) for spec in replayed.scene.optimizers] == [dict(spec.params) for spec in specs]


def test_an_optimizers_own_weight_decay_stays_its_own():
    """adamw's decoupled weight_decay is adamw's; only optimizers without one get the coupled decay."""
    from landscapes.optimizers import find_optimizer
    from landscapes.optimizers.spec import settings

    entry, values = settings(parse_spec("adamw(weight_decay=0.1)"))
    assert entry.factory is find_optimizer("adamw").factory and values["weight_decay"] == 0.1
    entry, _ = settings(parse_spec("adam(weight_decay=0.1)"))
    assert entry.factory is not find_optimizer("adam").factory


@pytest.fixture(scope="module")
def tuned_schedule():
    from landscapes.engine.tuning import tune

    scene = with_overrides(
        builtin_scene("wobbly"), optimizers=(parse_spec("adam(lr=cosine(0.1, 30))"),), steps=STEPS
    )
    return scene, *tune(scene, budget=16)


def test_tuning_a_schedule_scales_it_and_its_path_is_the_schedule_written_out(tuned_schedule):
    from landscapes.optimizers.schedules import Schedule

    scene, tuned, report = tuned_schedule
    peak = report[0].chosen["lr"]
    assert peak != 0.1 and report[0].before == {"lr": 0.1}
    (schedule,) = [value for key, value in tuned.optimizers[0].params if key == "lr"]
    assert schedule == Schedule("cosine", (peak, 30))
    written = with_overrides(scene, optimizers=(parse_spec(f"adam(lr=cosine({peak!r}, 30))"),))
    np.testing.assert_array_equal(run(tuned).positions, run(written).positions)
    assert run(tuned).legends == (f"adam (lr=cosine({peak:.3g}, 30), tuned)",)
    assert f"the peak of lr=cosine({peak:.3g}, 30)" in report[0].report()


def test_the_trials_scaled_schedule_is_the_written_one(tuned_schedule):
    """What the tuner ran (the schedule's rates times peak/0.1, traced) is the schedule written with
    the tuned peak, to rounding: the score it chose by is the rendered path's."""
    from landscapes.engine.trajectories import paths, traced
    from landscapes.optimizers.spec import settings

    scene, tuned, report = tuned_schedule
    entry, hyperparameters = settings(scene.optimizers[0])
    assert hyperparameters["lr"] == 0.1  # a schedule's key stands for its peak
    start = jnp.asarray(scene.starts, jnp.float64)
    values = traced({**hyperparameters, **report[0].chosen})
    ran, _ = paths(entry.factory, scene.surface.fn, values, start, STEPS)
    np.testing.assert_allclose(ran, run(tuned).positions[0], rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize(
    ("text", "peak", "scaled"),
    [
        ("warmup_cosine(0.01, 0.2, 5, 12, 0.02)", 0.2, "warmup_cosine(0.005, 0.1, 5, 12, 0.01)"),
        ("piecewise(0.05, 5:0.2, 9:0.1)", 0.2, "piecewise(0.025, 5:0.1, 9:0.05)"),
        ("linear(0.2, 0.4, 10)", 0.4, "linear(0.05, 0.1, 10)"),
        ("exp(0.2, 0.9)", 0.2, "exp(0.1, 0.9)"),
    ],
)
def test_a_schedule_scaled_to_a_peak_keeps_its_shape(text, peak, scaled):
    schedule = dict(parse_spec(f"sgd(lr={text})").params)["lr"]
    assert schedule.peak == peak
    moved = schedule.with_peak(0.1)
    assert str(moved) == scaled
    steps = jnp.arange(14, dtype=jnp.float64)
    np.testing.assert_allclose(moved.rate()(steps), schedule.rate()(steps) * 0.1 / peak, rtol=1e-14)


def test_a_tuned_schedule_reads_back_exactly():
    schedule = dict(parse_spec("sgd(lr=cosine(0.1, 30))").params)["lr"].with_peak(0.1 / 3)
    assert dict(parse_spec(f"sgd(lr={schedule})").params)["lr"] == schedule
