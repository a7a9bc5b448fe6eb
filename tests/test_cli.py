"""The `landscapes` command, run in-process through `run(argv)`: CSV output against the numpy
reference, listings, and the one-line errors of spec/cli.md (exit 2, no traceback, no file written
or clobbered)."""

import csv
import io
from collections import defaultdict

import numpy as np
import pytest

from tests import reference

SCENES = sorted(reference.SCENES)
HEADER = ["label", "start", "step", "x", "y", "loss"]


def read_rows(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def csv_outputs(cli, tmp_path_factory):
    """`landscapes trajectories SCENE -o t.csv` for every built-in scene."""
    folder = tmp_path_factory.mktemp("trajectories")
    outputs = {}
    for scene in SCENES:
        (folder / scene).mkdir()
        result = cli("trajectories", scene, "-o", "t.csv", cwd=folder / scene)
        assert (result.exit_code, result.stderr, result.stdout) == (0, "", "")
        outputs[scene] = (folder / scene / "t.csv").read_text()
    return outputs


@pytest.mark.parametrize("scene", SCENES)
def test_trajectories_csv_agrees_with_the_reference(csv_outputs, scene):
    header, rows = read_rows(csv_outputs[scene])
    assert header == HEADER
    by_label = defaultdict(list)
    for label, start, step, x, y, loss in rows:
        by_label[label].append((int(start), int(step), float(x), float(y), float(loss)))
    surface, optimizers = reference.SCENES[scene]
    value, grad = reference.SURFACES[surface]
    assert list(by_label) == [label for label, _, _ in optimizers]
    for label, rule, params in optimizers:
        points = by_label[label]
        assert len(points) == 126
        assert [(start, step) for start, step, *_ in points] == [(0, k) for k in range(126)]
        path = np.array([(x, y) for _, _, x, y, _ in points])
        losses = np.array([loss for *_, loss in points])
        np.testing.assert_allclose(
            path[1:], reference.shadow(rule, params, grad, path), rtol=1e-9, atol=1e-12
        )
        expected = reference.trajectory(rule, params, grad, reference.START, reference.STEPS)
        compared = reference.ROUNDING_SENSITIVE.get((scene, label), 126)
        np.testing.assert_allclose(path[:compared], expected[:compared], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(losses, value(path), rtol=1e-12, atol=1e-12)


def test_dash_writes_the_csv_to_standard_output(cli, csv_outputs, tmp_path):
    result = cli("trajectories", "-o", "-", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == csv_outputs["wobbly"]
    assert list(tmp_path.iterdir()) == []


def test_trajectories_options_override_the_scene(cli, tmp_path):
    result = cli(
        "trajectories", "--surface", "simple-quadratic", "-O", "sgd(lr=0.1)@plain", "--start", "1,2",
        "--start", "-1,0.5", "--steps", "3", "-o", "-", cwd=tmp_path,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    header, rows = read_rows(result.stdout)
    assert header == HEADER
    assert [row[:3] for row in rows] == [["plain", str(s), str(k)] for s in (0, 1) for k in range(4)]
    # θ ← θ − 0.1·2θ = 0.8·θ on x² + y².
    np.testing.assert_allclose(
        [[float(v) for v in row[3:5]] for row in rows],
        [
            (1, 2),
            (0.8, 1.6),
            (0.64, 1.28),
            (0.512, 1.024),
            (-1, 0.5),
            (-0.8, 0.4),
            (-0.64, 0.32),
            (-0.512, 0.256),
        ],
        rtol=1e-12,
    )


@pytest.fixture(scope="module")
def listings(cli):
    outputs = {}
    for what in ("surfaces", "optimizers", "scenes"):
        result = cli("list", what)
        assert (result.exit_code, result.stderr) == (0, "")
        outputs[what] = result.stdout.strip().splitlines()
    return outputs


def test_list_surfaces(listings):
    lines = listings["surfaces"]
    assert len(lines) >= 22
    names = {line.split()[0] for line in lines}
    assert set(reference.SURFACES) <= names
    assert {"rosenbrock", "himmelblau", "six-hump-camel", "monkey-saddle"} <= names
    assert all(len(line.split()) > 1 for line in lines)


def test_list_optimizers_shows_the_classic_rules_with_their_defaults(listings):
    lines = {line.split()[0]: line for line in listings["optimizers"]}
    assert set(reference.SPEC_KEYS) <= set(lines)
    for name, defaults in reference.SPEC_DEFAULTS.items():
        for key, value in defaults.items():
            assert f"{key}={value:g}" in lines[name], (name, key)
        assert "lr=" in lines[name]


def test_list_scenes(listings):
    lines = listings["scenes"]
    assert sorted(line.split()[0] for line in lines) == SCENES
    surfaces = {line.split()[0]: line.split()[1] for line in lines}
    assert surfaces == {scene: surface for scene, (surface, _) in reference.SCENES.items()}


ERRORS = [
    pytest.param(["render", "--surface", "rosenbrok", "-o", "x.mp4"], "rosenbrock", id="surface-typo"),
    pytest.param(["render", "-O", "adamm(lr=0.1)", "-o", "x.mp4"], "adam", id="unknown-optimizer"),
    pytest.param(["trajectories", "-O", "adam(lrr=0.1)", "-o", "x.csv"], "lrr", id="bad-key"),
    pytest.param(["render", "-O", "adam(lr=0.1", "-o", "x.mp4"], "adam(lr=0.1", id="malformed-spec"),
    pytest.param(["render", "--start", "1,a", "-o", "x.mp4"], "1,a", id="bad-start"),
    pytest.param(["trajectories", "--start", "1", "-o", "x.csv"], "'1'", id="start-one-number"),
    pytest.param(["render", "--size", "1280by720", "-o", "x.mp4"], "1280by720", id="bad-size"),
    pytest.param(["render", "-o", "x.avi"], ".avi", id="unknown-suffix"),
    pytest.param(["render", "-o", "missing/x.mp4"], "missing", id="missing-folder"),
    pytest.param(["trajectories", "-o", "missing/x.csv"], "missing", id="missing-folder-csv"),
    pytest.param(["render", "--steps", "2.5", "-o", "x.mp4"], "--steps", id="non-integer-steps"),
    pytest.param(["render", "--steps", "2.5", "-o", "x.mp4"], "2.5", id="non-integer-steps-value"),
    pytest.param(["render", "--fps", "fast", "-o", "x.mp4"], "fast", id="non-number-fps"),
    pytest.param(["render", "nowhere-scene", "-o", "x.mp4"], "nowhere-scene", id="unknown-scene"),
    pytest.param(["list", "surfacez"], "surfacez", id="unknown-listing"),
]


@pytest.mark.parametrize(("args", "named"), ERRORS)
def test_user_errors_exit_2_with_one_line(cli, tmp_path, args, named):
    result = cli(*args, cwd=tmp_path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert named in lines[0]
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_surface_typo_names_rosenbrock_as_closest(cli, tmp_path):
    result = cli("render", "--surface", "rosenbrok", "-o", "x.mp4", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "'rosenbrock'" in result.stderr
    assert not (tmp_path / "x.mp4").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["render", "--surface", "rosenbrok", "-o", "old.mp4"], "old.mp4"),
        (["trajectories", "-O", "adam(lr=x)", "-o", "old.csv"], "old.csv"),
    ],
)
def test_a_failed_run_leaves_an_existing_output_untouched(cli, tmp_path, args, name):
    (tmp_path / name).write_bytes(b"precious")
    result = cli(*args, cwd=tmp_path)
    assert result.exit_code == 2
    assert (tmp_path / name).read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_help_does_not_fail(cli):
    result = cli("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: landscapes ")
    assert "render" in result.stdout and "trajectories" in result.stdout


def test_no_arguments_show_the_help(cli):
    result = cli()
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: landscapes ")
