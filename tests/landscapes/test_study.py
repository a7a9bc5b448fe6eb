"""The update-response study against the spec, re-stated in plain Python in tests/study_reference.py."""

import csv
import io
import math

import numpy as np
import pytest
import study_reference as ref

from landscapes.errors import UserError
from landscapes.study.methods import METHODS, choose_methods
from landscapes.study.responses import RESPONSES_HEADER, sweep, sweeps, write_responses
from landscapes.study.signals import (
    SIGNALS,
    builtin_signal,
    choose_signals,
    look_ahead,
    parse_signal,
    uniform_noise,
)

# An irregular signal of another length: signs change, values repeat, and it ends on a non-zero value,
# so the look-ahead's edge cases (j ≤ 0, N−1 < j < N, j ≥ N) all occur.
IRREGULAR = [0.3, -1.7, 2.0, 2.0, 0.0, -0.4, 5.5, -3.25, 0.125, 1.0, -0.9, 4.0, 0.7]


def test_registries_hold_the_spec_names():
    assert list(SIGNALS) == [
        "spikes", "rectangles", "noisy-sin", "very-noisy-sin", "uneven-sawtooth", "saturation"
    ]  # fmt: skip
    assert list(METHODS) == list(ref.METHODS)


@pytest.mark.parametrize("name", list(ref.DETERMINISTIC))
def test_deterministic_signals_follow_the_formulas(name):
    assert builtin_signal(name).tolist() == ref.DETERMINISTIC[name]


def test_noisy_signals_add_seeded_uniform_noise_to_a_sine():
    u = np.random.default_rng(7).random(300).tolist()
    noisy = builtin_signal("noisy-sin", seed=7).tolist()
    very = builtin_signal("very-noisy-sin", seed=7).tolist()
    for i in range(300):
        assert math.isclose(noisy[i], math.sin(i / 20) + u[i] - 0.5, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(very[i], math.sin(i / 20) / 5 + u[i] - 0.5, rel_tol=1e-12, abs_tol=1e-15)


def test_the_seed_decides_the_noise_and_nothing_else():
    assert np.array_equal(builtin_signal("noisy-sin", seed=3), builtin_signal("noisy-sin", seed=3))
    assert not np.allclose(builtin_signal("noisy-sin", seed=3), builtin_signal("noisy-sin", seed=4))
    assert np.array_equal(builtin_signal("noisy-sin"), builtin_signal("noisy-sin", seed=None))
    assert np.array_equal(builtin_signal("rectangles", seed=3), builtin_signal("rectangles", seed=4))
    noise = uniform_noise(11)
    assert noise.min() >= 0 and noise.max() < 1 and noise.shape == (300,)


@pytest.mark.parametrize(
    ("j", "expected"),
    [(-2.5, 2.0), (0.0, 2.0), (0.5, 3.0), (1.0, 4.0), (1.25, 5.0), (2.0, 8.0), (2.5, 8.0), (2.999, 8.0),
     (3.0, 0.0), (7.0, 0.0)],
)  # fmt: skip
def test_look_ahead_reads_between_and_beyond_the_samples(j, expected):
    assert look_ahead([2.0, 4.0, 8.0], j) == expected


def _cases():
    signals = {**ref.DETERMINISTIC, "irregular": IRREGULAR}
    for method, (values, _) in ref.METHODS.items():
        for value in values:
            for signal in signals:
                yield pytest.param(method, value, signals[signal], id=f"{method}-{value:g}-{signal}")


@pytest.mark.parametrize(("method", "value", "signal"), list(_cases()))
def test_every_update_matches_the_spec_rule(method, value, signal):
    expected = ref.METHODS[method][1](signal, value)
    got = METHODS[method].respond(np.array(signal), value).tolist()
    assert len(got) == len(signal)
    mismatches = [
        (i, a, b) for i, (a, b) in enumerate(zip(got, expected, strict=True)) if not ref.close(a, b)
    ]
    assert not mismatches, mismatches[:3]


def test_first_steps_worked_by_hand():
    spikes = np.array(ref.DETERMINISTIC["spikes"])
    assert METHODS["simple_momentum"].respond(spikes, 0.25)[:3].tolist() == [0.25, 0.0625, 0.015625]
    # adadelta_big_start, γ = 0.9, g₀ = 1: a = 0.1, y = √(50 + 0.001)/√(0.1 + 0.001).
    first = METHODS["adadelta_big_start"].respond(spikes, 0.9)[0]
    assert first == pytest.approx(math.sqrt(50.001 / 0.101), rel=1e-14)
    assert METHODS["adadelta_zero_start"].respond(spikes, 0.9)[0] == pytest.approx(
        math.sqrt(0.001 / 0.101), rel=1e-14
    )
    # adam's bias correction makes the first update lr·g/√(g² + eps) whatever β1 is.
    for beta1 in (0.25, 0.9, 0.975):
        assert METHODS["adam"].respond(spikes, beta1)[0] == pytest.approx(0.25 / math.sqrt(1 + 1e-7))


def test_adamax_is_zero_while_no_gradient_has_been_seen():
    sawtooth = np.array(ref.DETERMINISTIC["uneven-sawtooth"])
    updates = METHODS["adamax"].respond(sawtooth, 0.9)
    assert sawtooth[0] == 0 and updates[0] == 0.0
    # Step 1 (t = 2): m = 0.1·g, u = |g|, so y = 0.25 · 0.1/(1 − 0.9²), whatever g is.
    assert updates[1] == pytest.approx(0.25 * 0.1 / (1 - 0.9**2), rel=1e-14)


def test_nesterov_looks_ahead_past_the_end_of_the_signal():
    """On a constant signal, v > 0 pushes i + γv past N on the last steps, where G reads 0."""
    updates = METHODS["nesterov"].respond(np.ones(10), 0.975)
    expected = ref.nesterov([1.0] * 10, 0.975)
    assert updates.tolist() == pytest.approx(expected, rel=1e-12)
    assert updates[-1] < updates[-2]  # the last step read G = 0 and only decayed


def test_listed_fixed_values_are_the_spec_ones():
    assert {name: (m.parameter, m.values, m.fixed) for name, m in METHODS.items()} == {
        "simple_momentum": ("gamma", (0.25, 0.9, 0.975), {"lr": 0.25}),
        "nesterov": ("gamma", (0.25, 0.9, 0.975), {"lr": 0.25}),
        "smoothed_nesterov": ("gamma", (0.25, 0.9, 0.975), {"lr": 0.25}),
        "adagrad": ("eps", (1e-7, 0.1, 10.0), {"lr": 2.5}),
        "rmsprop": ("gamma", (0.25, 0.9, 0.975), {"lr": 0.25, "eps": 1e-5}),
        "adadelta_zero_start": ("gamma", (0.25, 0.9, 0.975), {"eps": 1e-3, "d0": 0.0}),
        "adadelta_big_start": ("gamma", (0.25, 0.9, 0.975), {"eps": 1e-3, "d0": 50.0}),
        "adam": ("beta1", (0.25, 0.9, 0.975), {"beta2": 0.999, "lr": 0.25, "eps": 1e-7}),
        "adamax": ("beta1", (0.25, 0.9, 0.975), {"beta2": 0.999, "lr": 0.25}),
    }
    assert METHODS["adam"].label(0.9) == "β1 = 0.9"
    assert all(m.update_rule for m in METHODS.values())


def test_signal_file_text_with_a_header_and_trailing_blank_lines():
    values = parse_signal("gradient\n1\n-2.5\n3e-2\n\n\n", "g.txt")
    assert values.tolist() == [1.0, -2.5, 0.03]
    assert parse_signal("4\n5", "g.txt").tolist() == [4.0, 5.0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("g\n1\n2\noops\n3\n", "signal file 'g.txt', line 4: 'oops' is not a number"),
        ("1\n\n2\n", "signal file 'g.txt', line 2: '' is not a number"),
        ("1\nnan\n", "signal file 'g.txt', line 2: 'nan' is not a number"),
        ("", "signal file 'g.txt', line 1: no numbers (the file is empty)"),
        ("header only\n", "signal file 'g.txt', line 2: no numbers (nothing after the header)"),
    ],
)
def test_bad_signal_files_name_the_file_and_the_line(text, message):
    with pytest.raises(UserError) as caught:
        parse_signal(text, "g.txt")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_choosing_names_and_files(tmp_path):
    (tmp_path / "ramp.csv").write_text("value\n0\n1\n2\n")
    chosen = choose_signals(["saturation"], [tmp_path / "ramp.csv"], seed=None)
    assert list(chosen) == ["saturation", "ramp"]
    assert chosen["ramp"].tolist() == [0.0, 1.0, 2.0]
    assert list(choose_signals([], [], seed=1)) == list(SIGNALS)
    (tmp_path / "spikes.txt").write_text("1\n")
    with pytest.raises(UserError, match="'spikes' is already chosen"):
        choose_signals([], [tmp_path / "spikes.txt"], seed=None)
    with pytest.raises(UserError, match="did you mean 'adam'"):
        choose_methods(["adamm"])
    assert [m.name for m in choose_methods(["adam", "nesterov", "adam"])] == ["adam", "nesterov"]


def test_responses_csv_round_trips_every_float():
    signals = {"irregular": np.array(IRREGULAR), "noisy-sin": builtin_signal("noisy-sin", seed=5)}
    results = sweeps(choose_methods(["adam", "adagrad"]), signals)
    stream = io.StringIO()
    write_responses(results, stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == RESPONSES_HEADER
    assert len(rows) - 1 == 2 * 3 * (len(IRREGULAR) + 300)
    expected = {
        (one.method.name, value, one.signal, step): (one.gradient[step], one.updates[k, step])
        for one in results
        for k, value in enumerate(one.method.values)
        for step in range(len(one.gradient))
    }
    got = {(m, float(p), s, int(step)): (float(g), float(y)) for m, p, s, step, g, y in rows[1:]}
    assert got == expected


def test_a_sweep_holds_one_row_per_value():
    one = sweep(METHODS["rmsprop"], "irregular", np.array(IRREGULAR))
    assert one.updates.shape == (3, len(IRREGULAR))
    assert one.labels == ["γ = 0.25", "γ = 0.9", "γ = 0.975"]
