"""Issue 7's acceptance line for runaway optimizers, run in-process through `run(argv)`:
`landscapes render --surface rosenbrock -O 'adagrad(lr=100)' -O adam -o d.mp4` renders, warns about
adagrad, and draws adam's whole path; the CSV of the same command keeps adagrad's numbers as they are."""

import csv
import io
import math

import pytest

from landscapes.scenes.compose import compose_scene
from tests.animator.test_render import colour_pixels, decode

COMMAND = ["--surface", "rosenbrock", "-O", "adagrad(lr=100)", "-O", "adam"]
STEPS = 125


@pytest.fixture(scope="module")
def outputs(cli, tmp_path_factory):
    folder = tmp_path_factory.mktemp("runaway")
    results = {}
    for name, command in (("d.mp4", "render"), ("d.csv", "trajectories")):
        result = cli(command, *COMMAND, "-o", name, cwd=folder)
        results[name] = (result.exit_code, result.stderr, folder / name)
    assert sorted(p.name for p in folder.iterdir()) == ["d.csv", "d.csv.json", "d.mp4"], (
        "temporary files left behind"
    )
    return results


@pytest.mark.parametrize("name", ["d.mp4", "d.csv"])
def test_the_command_succeeds_with_one_warning_naming_adagrad(outputs, name):
    code, stderr, _ = outputs[name]
    assert code == 0, stderr
    assert stderr.splitlines() == [
        "landscapes: warning: adagrad (lr=100) diverged at step 1 (left the window)"
    ]


def test_the_mp4_has_every_frame_and_both_paths_show(outputs):
    _, _, path = outputs["d.mp4"]
    meta, frames = decode(path)
    scene = compose_scene(surface="rosenbrock", optimizers=["adagrad(lr=100)", "adam"])
    frame_count, _ = scene.playback.timing(scene.steps)
    assert len(frames) == frame_count == 119  # the article's frame range, kept with a new surface
    assert meta["size"] == (1280, 720)
    last = frames[-1]
    assert colour_pixels(last, 0, tolerance=30) >= 100  # adagrad's line, from the start to the border
    assert colour_pixels(last, 1, tolerance=30) >= 20  # adam's short path near the start


def test_the_csv_keeps_adams_whole_finite_path_and_adagrads_values(outputs):
    _, _, path = outputs["d.csv"]
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    adam = [row for row in rows if row["label"] == "adam"]
    assert [int(row["step"]) for row in adam] == list(range(STEPS + 1))
    assert all(math.isfinite(float(row[key])) for row in adam for key in ("x", "y", "loss"))
    adagrad = [row for row in rows if row["label"] == "adagrad"]
    assert len(adagrad) == STEPS + 1
    # Adagrad's first step moves each coordinate by lr·g/√(g²) = 100 against the gradient's sign.
    assert float(adagrad[1]["x"]) == pytest.approx(-1.5 + 100, abs=1e-6)


def test_non_finite_values_are_written_as_nan_and_inf(cli, tmp_path):
    result = cli(
        "trajectories", "--surface", "rosenbrock", "-O", "momentum(momentum=0.999)", "-o", "-", cwd=tmp_path
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "landscapes: warning: momentum (momentum=0.999) diverged at step 3 (left the window; "
        "not finite from step 8)"
    ]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == STEPS + 1
    values = {row[key] for row in rows[8:] for key in ("x", "y", "loss")}
    assert values <= {"nan", "inf", "-inf"} and "nan" in values
