"""The classic optimizers' first two steps, worked by hand on f = x² + y² (g = 2θ) from θ0 = (1, 2),
and the registry's hyperparameters against the spec's table."""

import math

import jax.numpy as jnp
import numpy as np
import pytest

from landscapes.optimizers import OPTIMIZERS, objective_of
from surfaces import SURFACES
from tests import reference

START = (1.0, 2.0)
sqrt = math.sqrt


def _adagrad_defaults():
    # lr=1, eps=1e-6. g0 = (2, 4); a1 = (4, 16); θ1 = θ0 − g0/√(a1 + 1e-6) ≈ (1.25e-7, 2.5e-7).
    x1, y1 = 1 - 2 / sqrt(4 + 1e-6), 2 - 4 / sqrt(16 + 1e-6)
    # g1 = 2θ1; a2 = a1 + g1²; θ2 = θ1 − g1/√(a2 + 1e-6).
    x2 = x1 - 2 * x1 / sqrt(4 + (2 * x1) ** 2 + 1e-6)
    y2 = y1 - 2 * y1 / sqrt(16 + (2 * y1) ** 2 + 1e-6)
    return (x1, y1), (x2, y2)


def _rmsprop_defaults():
    # lr=1, rho=0.9, eps=1e-6. a1 = 0.1·(4, 16) = (0.4, 1.6); θ1 = θ0 − g0/√(a1 + 1e-6).
    x1, y1 = 1 - 2 / sqrt(0.4 + 1e-6), 2 - 4 / sqrt(1.6 + 1e-6)
    # a2 = 0.9·a1 + 0.1·g1², g1 = 2θ1.
    x2 = x1 - 2 * x1 / sqrt(0.36 + 0.1 * (2 * x1) ** 2 + 1e-6)
    y2 = y1 - 2 * y1 / sqrt(1.44 + 0.1 * (2 * y1) ** 2 + 1e-6)
    return (x1, y1), (x2, y2)


def _adadelta_defaults():
    # lr=1, rho=0.95, eps=1e-6, d0 = 0. a1 = 0.05·(4, 16) = (0.2, 0.8); u1 = g0·√(0 + 1e-6)/√(a1 + 1e-6)
    # ≈ (0.004472, 0.004472); θ1 = θ0 − u1; d1 = 0.05·u1².
    ux, uy = 2 * 1e-3 / sqrt(0.2 + 1e-6), 4 * 1e-3 / sqrt(0.8 + 1e-6)
    x1, y1 = 1 - ux, 2 - uy
    # a2 = 0.95·a1 + 0.05·g1²; u2 = g1·√(d1 + 1e-6)/√(a2 + 1e-6).
    gx, gy = 2 * x1, 2 * y1
    x2 = x1 - gx * sqrt(0.05 * ux**2 + 1e-6) / sqrt(0.19 + 0.05 * gx**2 + 1e-6)
    y2 = y1 - gy * sqrt(0.05 * uy**2 + 1e-6) / sqrt(0.76 + 0.05 * gy**2 + 1e-6)
    return (x1, y1), (x2, y2)


def _adadelta_lr():
    # lr=2, rho=0.5, eps=0.25: a1 = 0.5·(4, 16) = (2, 8); u1 = g0·√0.25/√(a1+0.25) = (1/1.5, 2/√8.25);
    # θ1 = θ0 − 2·u1; d1 = 0.5·u1².
    ux, uy = 1 / 1.5, 2 / sqrt(8.25)
    x1, y1 = 1 - 2 * ux, 2 - 2 * uy
    gx, gy = 2 * x1, 2 * y1
    # a2 = 0.5·a1 + 0.5·g1² ; u2 = g1·√(d1 + 0.25)/√(a2 + 0.25) ; θ2 = θ1 − 2·u2
    x2 = x1 - 2 * gx * sqrt(0.5 * ux**2 + 0.25) / sqrt(1 + 0.5 * gx**2 + 0.25)
    y2 = y1 - 2 * gy * sqrt(0.5 * uy**2 + 0.25) / sqrt(4 + 0.5 * gy**2 + 0.25)
    return (x1, y1), (x2, y2)


def _adam_defaults_lr01():
    # lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8. m1 = 0.1·g0 = (0.2, 0.4); s1 = 0.001·g0² = (0.004, 0.016);
    # scale1 = 0.1·√(1 − 0.999)/(1 − 0.9) = √0.001; θ1 = θ0 − scale1·m1/(√s1 + 1e-8) ≈ θ0 − 0.1.
    scale1 = 0.1 * sqrt(0.001) / 0.1
    x1 = 1 - scale1 * 0.2 / (sqrt(0.004) + 1e-8)
    y1 = 2 - scale1 * 0.4 / (sqrt(0.016) + 1e-8)
    # m2 = 0.9·m1 + 0.1·g1 ; s2 = 0.999·s1 + 0.001·g1² ; scale2 = 0.1·√(1 − 0.999²)/(1 − 0.9²).
    gx, gy = 2 * x1, 2 * y1
    scale2 = 0.1 * sqrt(1 - 0.999**2) / (1 - 0.81)
    x2 = x1 - scale2 * (0.18 + 0.1 * gx) / (sqrt(0.999 * 0.004 + 0.001 * gx**2) + 1e-8)
    y2 = y1 - scale2 * (0.36 + 0.1 * gy) / (sqrt(0.999 * 0.016 + 0.001 * gy**2) + 1e-8)
    return (x1, y1), (x2, y2)


def _adam_fast_forgetting():
    # lr=0.5, beta1=0.9, beta2=0.5, eps=0. m1 = (0.2, 0.4); s1 = 0.5·(4, 16) = (2, 8);
    # scale1 = 0.5·√0.5/0.1; m1/√s1 = (0.2/√2, 0.4/√8) = (0.1·√2, 0.1·√2) → step exactly 0.5.
    # θ1 = (0.5, 1.5); g1 = (1, 3); m2 = 0.9·m1 + 0.1·g1 = (0.28, 0.66);
    # s2 = 0.5·s1 + 0.5·g1² = (1.5, 8.5); scale2 = 0.5·√(1 − 0.25)/(1 − 0.81) = 0.5·√0.75/0.19.
    scale2 = 0.5 * sqrt(0.75) / 0.19
    return (0.5, 1.5), (0.5 - scale2 * 0.28 / sqrt(1.5), 1.5 - scale2 * 0.66 / sqrt(8.5))


def _amsgrad_fast_forgetting():
    # As _adam_fast_forgetting, but ŝ2 = max(ŝ1, s2) = max((2, 8), (1.5, 8.5)) = (2, 8.5): in x the
    # second moment shrank, so amsgrad keeps the old 2; in y it grew to 8.5.
    scale2 = 0.5 * sqrt(0.75) / 0.19
    return (0.5, 1.5), (0.5 - scale2 * 0.28 / sqrt(2.0), 1.5 - scale2 * 0.66 / sqrt(8.5))


def _amsgrad_defaults_lr01():
    # With beta2 = 0.999 the second moment grows on both steps, so ŝ = s and this equals adam's case.
    return _adam_defaults_lr01()


def _adamax_no_eps():
    # lr=0.1, beta1=0.9, beta2=0.999, eps=0. m1 = (0.2, 0.4); u1 = |g0| = (2, 4);
    # θ1 = θ0 − 0.1/0.1·(0.2/2, 0.4/4) = (0.9, 1.9).
    # g1 = (1.8, 3.8); m2 = 0.9·(0.2, 0.4) + 0.1·(1.8, 3.8) = (0.36, 0.74);
    # u2 = max(0.999·(2, 4), (1.8, 3.8)) = (1.998, 3.996); θ2 = θ1 − 0.1/0.19·m2/u2.
    return (0.9, 1.9), (0.9 - 0.1 / 0.19 * 0.36 / 1.998, 1.9 - 0.1 / 0.19 * 0.74 / 3.996)


def _adamax_defaults_lr01():
    # lr=0.1, eps=1e-8: as above with u + 1e-8 in the denominators.
    x1, y1 = 1 - 0.2 / (2 + 1e-8), 2 - 0.4 / (4 + 1e-8)
    gx, gy = 2 * x1, 2 * y1
    x2 = x1 - 0.1 / 0.19 * (0.18 + 0.1 * gx) / (max(1.998, gx) + 1e-8)
    y2 = y1 - 0.1 / 0.19 * (0.36 + 0.1 * gy) / (max(3.996, gy) + 1e-8)
    return (x1, y1), (x2, y2)


# name -> list of (hyperparameters, (θ1, θ2)).
HAND_CASES = {
    # θ1 = (1,2) − 0.1·(2,4) = (0.8, 1.6); θ2 = (0.8,1.6) − 0.1·(1.6,3.2) = (0.64, 1.28).
    "sgd": [({"lr": 0.1}, ((0.8, 1.6), (0.64, 1.28)))],
    # v1 = −0.1·(2,4) = (−0.2,−0.4); θ1 = (0.8, 1.6); v2 = 0.9·v1 − 0.1·(1.6,3.2) = (−0.34,−0.68);
    # θ2 = (0.46, 0.92).
    "momentum": [({"lr": 0.1, "momentum": 0.9}, ((0.8, 1.6), (0.46, 0.92)))],
    # v1 = (−0.2,−0.4); θ1 = θ0 + 0.9·v1 − 0.1·g0 = (1−0.18−0.2, 2−0.36−0.4) = (0.62, 1.24);
    # g1 = (1.24, 2.48); v2 = 0.9·v1 − 0.1·g1 = (−0.304, −0.608);
    # θ2 = θ1 + 0.9·v2 − 0.1·g1 = (0.62−0.2736−0.124, 1.24−0.5472−0.248) = (0.2224, 0.4448).
    "nesterov": [({"lr": 0.1, "momentum": 0.9}, ((0.62, 1.24), (0.2224, 0.4448)))],
    "adagrad": [
        # lr=0.5, eps=0: a1 = (4,16); θ1 = θ0 − 0.5·(2/2, 4/4) = (0.5, 1.5); g1 = (1, 3);
        # a2 = (5, 25); θ2 = (0.5 − 0.5/√5, 1.5 − 0.5·3/5) = (0.5 − 0.5/√5, 1.2).
        ({"lr": 0.5, "eps": 0.0}, ((0.5, 1.5), (0.5 - 0.5 / sqrt(5), 1.2))),
        ({}, _adagrad_defaults()),
    ],
    "rmsprop": [
        # lr=0.25, rho=0.75, eps=0: a1 = 0.25·(4,16) = (1,4); θ1 = θ0 − 0.25·(2/1, 4/2) = (0.5, 1.5);
        # g1 = (1,3); a2 = 0.75·(1,4) + 0.25·(1,9) = (1, 5.25);
        # θ2 = (0.5 − 0.25·1/1, 1.5 − 0.25·3/√5.25) = (0.25, 1.5 − 1.5/√21).
        ({"lr": 0.25, "rho": 0.75, "eps": 0.0}, ((0.5, 1.5), (0.25, 1.5 - 1.5 / sqrt(21)))),
        ({}, _rmsprop_defaults()),
    ],
    "adadelta": [
        ({}, _adadelta_defaults()),
        ({"lr": 2.0, "rho": 0.5, "eps": 0.25}, _adadelta_lr()),
    ],
    "adam": [
        ({"lr": 0.1}, _adam_defaults_lr01()),
        ({"lr": 0.5, "beta2": 0.5, "eps": 0.0}, _adam_fast_forgetting()),
    ],
    "adamax": [
        ({"lr": 0.1, "eps": 0.0}, _adamax_no_eps()),
        ({"lr": 0.1}, _adamax_defaults_lr01()),
    ],
    "amsgrad": [
        ({"lr": 0.1}, _amsgrad_defaults_lr01()),
        ({"lr": 0.5, "beta2": 0.5, "eps": 0.0}, _amsgrad_fast_forgetting()),
    ],
}

CLASSIC = sorted(name for name, entry in OPTIMIZERS.items() if entry.family == "classic")


def _two_steps(name, hyperparameters):
    optimizer = OPTIMIZERS[name].factory(**hyperparameters)
    objective = objective_of(SURFACES["simple-quadratic"].fn)
    params = jnp.array(START, dtype=jnp.float64)
    state = optimizer.init(params)
    visited = []
    for _ in range(2):
        params, state = optimizer.step(objective, params, state)
        visited.append(np.asarray(params))
    return visited


@pytest.mark.parametrize("name", CLASSIC)
def test_every_classic_optimizer_has_a_hand_worked_case(name):
    assert name in HAND_CASES, f"add a hand-worked two-step case for {name!r}"


CASES = [
    pytest.param(name, params, expected, id=f"{name}-{i}")
    for name, cases in HAND_CASES.items()
    for i, (params, expected) in enumerate(cases)
]


@pytest.mark.parametrize(("name", "hyperparameters", "expected"), CASES)
def test_first_two_steps_match_the_hand_worked_numbers(name, hyperparameters, expected):
    first, second = _two_steps(name, hyperparameters)
    np.testing.assert_allclose(first, expected[0], rtol=1e-12, atol=0)
    np.testing.assert_allclose(second, expected[1], rtol=1e-12, atol=0)


@pytest.mark.parametrize(("name", "hyperparameters", "expected"), CASES)
def test_numpy_reference_agrees_with_the_hand_worked_numbers(name, hyperparameters, expected):
    """The reference rules that the scene tests lean on are themselves checked against the hand numbers."""
    path = reference.trajectory(name, hyperparameters, reference.simple_quadratic_grad, START, 2)
    np.testing.assert_allclose(path[1:], np.array(expected), rtol=1e-12, atol=0)


def test_the_nine_classic_rules_are_registered():
    assert set(CLASSIC) >= set(reference.SPEC_KEYS)


@pytest.mark.parametrize("name", sorted(reference.SPEC_KEYS))
def test_registry_defaults_match_the_spec_table(name):
    entry = OPTIMIZERS[name]
    hyperparameters = entry.hyperparameters
    assert tuple(hyperparameters) == reference.SPEC_KEYS[name]
    for key, value in reference.SPEC_DEFAULTS[name].items():
        assert hyperparameters[key] == value, key
    assert all(isinstance(value, float) for value in hyperparameters.values())
    assert hyperparameters["lr"] > 0
    assert entry.family == "classic"
    assert entry.description.strip()
    assert "θ" in entry.update_rule


@pytest.mark.parametrize("name", CLASSIC)
def test_steps_are_pure(name):
    """Stepping twice from the same params and state gives the same result: no hidden state."""
    optimizer = OPTIMIZERS[name].factory()
    objective = objective_of(SURFACES["wobbly"].fn)
    params = jnp.array((-2.8, -2.5))
    state = optimizer.init(params)
    params, state = optimizer.step(objective, params, state)
    again = [np.asarray(optimizer.step(objective, params, state)[0]) for _ in range(2)]
    np.testing.assert_array_equal(again[0], again[1])
