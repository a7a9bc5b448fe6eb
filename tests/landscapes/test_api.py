"""The public Python API: what `import landscapes` offers, checked against hand-worked numbers and
against the command line, which is built on the same functions."""

import csv
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import jax.numpy as jnp
import matplotlib.image
import numpy as np
import pytest
from typer.testing import CliRunner

import landscapes
from landscapes.cli.commands import app
from landscapes.optimizers import OPTIMIZERS
from landscapes.scenes import compose
from landscapes.scenes.file import load_scene_file
from surfaces import SURFACES
from tests import study_reference as ref

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_import_stays_free_of_jax_and_matplotlib():
    script = (
        "import sys, landscapes\n"
        "names = dir(landscapes)\n"
        "print('HEAVY', sorted(m for m in ('jax', 'matplotlib') if m in sys.modules), 'scene' in names)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "HEAVY [] True" in result.stdout


def test_every_public_name_resolves_and_all_lists_them():
    assert sorted(landscapes.__all__) == sorted(["__version__", *landscapes._PUBLIC])
    for name in landscapes._PUBLIC:
        assert getattr(landscapes, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        landscapes.nothing  # noqa: B018


def test_scene_from_python_values_equals_the_command_lines():
    from_python = landscapes.scene(
        surface="rosenbrock",
        optimizers=["adam(lr=0.05)", "momentum(lr=0.001)"],
        starts=[(-1.5, 2)],
        steps=500,
    )
    from_strings = compose.compose_scene(
        surface="rosenbrock", optimizers=["adam(lr=0.05)", "momentum(lr=0.001)"], starts=["-1.5,2"], steps=500
    )
    assert from_python == from_strings
    assert from_python.surface is SURFACES["rosenbrock"]
    assert from_python.starts == ((-1.5, 2.0),)
    assert [str(spec) for spec in from_python.optimizers] == ["adam(lr=0.05)", "momentum(lr=0.001)"]


def test_scene_places_points_then_start_sets_in_its_window():
    chosen = landscapes.scene(surface="x**2 + y**2", starts=[(0, 0), "grid:4"], xlim=(-2, 2), ylim=(-1, 3))
    # A 2×2 grid over [−2, 2] × [−1, 3]: cell centres at x = ±1 and y = 0, 2, filled row by row.
    assert chosen.starts == ((0.0, 0.0), (-1.0, 0.0), (1.0, 0.0), (-1.0, 2.0), (1.0, 2.0))
    assert (chosen.xlim, chosen.ylim) == ((-2.0, 2.0), (-1.0, 3.0))


def test_scene_takes_a_base_scene_name_file_or_scene_and_keeps_what_is_not_given():
    base = landscapes.builtin_scene("bad-init")
    assert landscapes.scene("bad-init") == base
    assert landscapes.scene(base, steps=7).steps == 7
    assert landscapes.scene(base, steps=7).optimizers == base.optimizers
    path = EXAMPLES / "himmelblau-grid.toml"
    assert landscapes.load_scene(str(path)) == load_scene_file(path)
    assert landscapes.scene(path) == load_scene_file(path)
    assert landscapes.scene().name == "wobbly"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"surface": lambda x, y: x**2}, "custom_surface"),
        ({"optimizers": ["adamm"]}, "did you mean 'adam'"),
        ({"starts": [(0, 1, 2)]}, "bad start"),
        ({"starts": [(0, float("nan"))]}, "finite"),
        ({"xlim": (2, -2)}, r"bad xlim \(2, -2\); the first number must be smaller"),
        ({"steps": 0}, "at least 1"),
    ],
)
def test_scene_mistakes_are_user_errors_naming_the_value(arguments, message):
    with pytest.raises(landscapes.UserError, match=message):
        landscapes.scene(**arguments)


def test_custom_surface_runs_by_hand_worked_steps():
    # f = x² + 3y², ∇f = (2x, 6y); SGD with lr 0.1 from (1, 1): (0.8, 0.4), then (0.64, 0.16).
    bowl = landscapes.custom_surface(lambda x, y: x**2 + 3 * y**2, name="bowl", xlim=(-2, 2), ylim=(-2, 2))
    paths = landscapes.run(
        landscapes.scene(surface=bowl, optimizers=["sgd(lr=0.1)"], starts=[(1, 1)], steps=2)
    )
    np.testing.assert_allclose(paths.positions[0, 0], [[1, 1], [0.8, 0.4], [0.64, 0.16]], rtol=1e-15)
    np.testing.assert_allclose(paths.losses[0, 0], [4.0, 0.64 + 0.48, 0.64**2 + 3 * 0.16**2], rtol=1e-14)


def test_custom_surface_fields():
    well = landscapes.custom_surface(
        lambda x, y: (x - 1) ** 2 + jnp.sin(y) ** 2, name="well", xlim=(-2, 2), ylim=(-1, 3), minima=[(1, 0)]
    )
    assert well.name == "well" and well.formula == "well(x, y)"
    # Default start near the window's lower-left corner: 0.2/6 and 0.5/6 of the way in.
    assert well.start == pytest.approx((-2 + 4 * 0.2 / 6, -1 + 4 * 0.5 / 6))
    assert (well.minima[0].x, well.minima[0].y, well.minima[0].value) == (1.0, 0.0, 0.0)
    assert float(well(jnp.array([3.0, 0.5]))) == pytest.approx(4 + np.sin(0.5) ** 2)


@pytest.mark.parametrize(
    ("fn", "options", "message"),
    [
        (lambda x, y: 1.0 if x > 0 else 0.0, {}, "JAX cannot differentiate"),
        (lambda x, y: np.sin(x) + y, {}, "JAX cannot differentiate"),
        (lambda x, y: jnp.stack([x, y]), {}, "one number"),
        (lambda x: x, {}, "JAX cannot differentiate"),
        (lambda x, y: x + y, {"xlim": (1, 1)}, "min < max"),
        (lambda x, y: x + y, {"name": ""}, "non-empty"),
    ],
)
def test_custom_surface_rejects_what_jax_cannot_use(fn, options, message):
    with pytest.raises(landscapes.UserError, match=message):
        landscapes.custom_surface(fn, **options)


def test_registered_surface_and_optimizer_are_usable_by_name():
    class Nothing(NamedTuple):
        pass

    @landscapes.register_optimizer("test-sign-descent", description="θ ← θ − lr·sign(g)")
    def sign_descent(lr: float = 0.25) -> landscapes.Optimizer:
        """θ ← θ − lr·sign(g)"""

        def step(objective, params, state):
            return params - lr * jnp.sign(objective.grad(params)), state

        return landscapes.Optimizer(lambda params: Nothing(), step)

    landscapes.register_surface(landscapes.custom_surface(lambda x, y: x - 2 * y, name="test-plane"))
    try:
        chosen = landscapes.scene(
            surface="test-plane", optimizers=["test-sign-descent"], starts=[(0, 0)], steps=2
        )
        paths = landscapes.run(chosen)
    finally:
        OPTIMIZERS.pop("test-sign-descent")
        SURFACES.pop("test-plane")
    # ∇f = (1, −2): every step moves by (−0.25, +0.25).
    np.testing.assert_allclose(paths.positions[0, 0], [[0, 0], [-0.25, 0.25], [-0.5, 0.5]])


def test_responses_follow_the_spec_for_a_users_signal():
    signal = [0.3, -1.7, 2.0, 0.0, 5.5]
    (adam,) = landscapes.responses("adam", {"mine": signal})
    assert adam.signal == "mine" and adam.method.name == "adam"
    for row, beta1 in zip(adam.updates, adam.method.values, strict=True):
        assert row.tolist() == pytest.approx(ref.adam(signal, beta1), rel=1e-12)
    rows = list(adam.rows())
    assert len(rows) == len(adam.method.values) * len(signal)
    assert rows[1][:5] == ("adam", adam.method.values[0], "mine", 1, -1.7)


def test_responses_of_built_ins_and_mistakes():
    sweeps = landscapes.responses(["rmsprop", "adam"], ["spikes", "rectangles"])
    assert [(s.method.name, s.signal) for s in sweeps] == [
        ("rmsprop", "spikes"), ("rmsprop", "rectangles"), ("adam", "spikes"), ("adam", "rectangles")
    ]  # fmt: skip
    assert sweeps[1].gradient.tolist() == ref.DETERMINISTIC["rectangles"]
    with pytest.raises(landscapes.UserError, match="did you mean 'adam'"):
        landscapes.responses(["adamm"])
    with pytest.raises(landscapes.UserError, match="finite"):
        landscapes.responses(["adam"], {"bad": [1.0, float("inf")]})


def test_render_takes_a_string_path(tmp_path):
    paths = landscapes.run(landscapes.scene(steps=5))
    written = landscapes.render(paths, str(tmp_path / "still.png"), size=(320, 180))
    assert written == tmp_path / "still.png"
    assert matplotlib.image.imread(written).shape[:2] == (180, 320)


def test_the_command_line_builds_its_scene_with_the_public_scene(monkeypatch, tmp_path):
    calls = []
    public = compose.scene
    monkeypatch.setattr(
        compose, "scene", lambda *args, **kwargs: calls.append(kwargs) or public(*args, **kwargs)
    )
    output = tmp_path / "paths.csv"
    arguments = ["--surface", "rosenbrock", "-O", "adam(lr=0.05)", "--start", "-1.5,2", "--steps", "5"]
    result = CliRunner().invoke(app, ["trajectories", *arguments, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1 and calls[0]["surface"] == "rosenbrock"
    with output.open() as stream:
        rows = list(csv.DictReader(stream))
    expected = landscapes.run(
        public(surface="rosenbrock", optimizers=["adam(lr=0.05)"], starts=[(-1.5, 2)], steps=5)
    )
    written = np.array([[float(row["x"]), float(row["y"])] for row in rows])
    np.testing.assert_array_equal(written, expected.positions[0, 0])


def test_the_signals_command_calls_responses(monkeypatch, tmp_path):
    from landscapes.study import responses as module

    calls = []
    public = module.responses
    monkeypatch.setattr(
        module, "responses", lambda *args, **kwargs: calls.append(args) or public(*args, **kwargs)
    )
    monkeypatch.setattr("animator.responses.write_pictures", lambda sweeps, folder, **options: None)
    result = CliRunner().invoke(app, ["signals", "-m", "adam", "-s", "spikes", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert calls == [(["adam"], ["spikes"])]
    with (tmp_path / "responses.csv").open() as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == 1 + 3 * ref.N
