"""Issue 4's acceptance lines, run as a user runs them: the `landscapes` command, in-process (`run(argv)`)."""

import csv
import io
import time
import tomllib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
# The example scene files `render` takes (a network scene file, naming `data`, is `landscapes network`'s).
SCENE_FILES = [
    path
    for path in sorted(EXAMPLES.glob("*.toml")) + sorted((EXAMPLES / "article").glob("*.toml"))
    if "data" not in tomllib.loads(path.read_text(encoding="utf-8"))
]


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_expression_surface_renders_a_gif(cli, tmp_path):
    out = tmp_path / "s.gif"
    done = cli(
        "render", "--surface", "sin(3*x)*cos(3*y) + (x**2 + y**2)/4", "--xlim", "-2,2", "--ylim", "-2,2",
        "--frames", "12", "-o", str(out),
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ""
    gif = Image.open(out)
    assert gif.n_frames == 12
    assert gif.size == (800, 450)


@pytest.mark.parametrize(
    ("expression", "quoted"),
    [
        ('__import__("os").system("id")', "'__import__'"),
        ("x.__class__", "'x.__class__'"),
        ("exp(exp(exp(x)))**9**9**9", "'9**9**9'"),
    ],
)
def test_hostile_expressions_exit_2_quickly_and_run_nothing(cli, tmp_path, expression, quoted):
    out = tmp_path / "x.png"
    began = time.perf_counter()
    done = cli("render", "--surface", expression, "-o", str(out))
    assert time.perf_counter() - began < 30  # the import of the CLI and JAX, nothing more
    assert done.exit_code == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and quoted in lines[0]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_misspelt_surface_name_gets_did_you_mean(cli, tmp_path):
    done = cli("render", "--surface", "rosenbrok", "-o", str(tmp_path / "x.png"))
    assert done.exit_code == 2
    assert "did you mean 'rosenbrock'" in done.stderr


# The default run renders every example of ours and one of the article's scenes as a file (the
# others hold the same kind of settings); .ci/run renders them all (`--whole-matrix`).
@pytest.mark.parametrize(
    "scene_file",
    [
        pytest.param(
            path,
            id=path.stem,
            marks=pytest.mark.whole_matrix if path.parent.name == "article" and path.stem != "wobbly" else (),
        )
        for path in SCENE_FILES
    ],
)
def test_each_example_scene_file_renders(cli, tmp_path, scene_file):
    out = tmp_path / "out.png"
    done = cli("render", str(scene_file), "--size", "640x360", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ""
    assert Image.open(out).size == (640, 360)


def test_an_example_renders_to_mp4_with_the_files_frame_count(cli, tmp_path):
    import imageio_ffmpeg

    out = tmp_path / "out.mp4"
    done = cli("render", str(EXAMPLES / "himmelblau-grid.toml"), "--size", "320x180", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    frames = imageio_ffmpeg.count_frames_and_secs(str(out))[0]
    assert frames == 100  # frames = 100 in the file


def test_scene_file_output_is_used_without_o(cli, tmp_path):
    scene = tmp_path / "scene.toml"
    scene.write_text('surface = "booth"\noptimizers = ["sgd(lr=0.05)"]\nsteps = 20\noutput = "booth.png"\n')
    done = cli("render", str(scene), cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "booth.png").is_file()


def test_plugin_surface_and_optimizer_render(cli, tmp_path):
    out = tmp_path / "p.png"
    plugin = EXAMPLES / "plugin_example.py"
    done = cli("render", "--plugin", str(plugin), "--surface", "ring", "-O", "sign-momentum", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert out.is_file()
    listed = cli("list", "optimizers", "--plugin", str(plugin))
    assert "sign-momentum" in listed.stdout
    assert "sign-momentum" not in cli("list", "optimizers").stdout


def test_optax_lion_newton_and_nag_render(cli, tmp_path):
    out = tmp_path / "m.png"
    done = cli(
        "render", "-O", "optax:lion(learning_rate=0.03)", "-O", "newton", "-O", "nag(lr=0.01)", "-o", str(out)
    )
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ""
    pixels = np.asarray(Image.open(out).convert("RGB"))
    assert pixels.shape == (720, 1280, 3)


def test_list_optimizers_all_shows_optax_and_modern_names(cli):
    listed = cli("list", "optimizers", "--all").stdout
    names = {line.split()[0] for line in listed.splitlines()}
    assert {"optax:lion", "optax:adam", "optax:lbfgs", "nag", "newton", "smoothed-nesterov", "lion"} <= names
    assert "optax:lion" not in cli("list", "optimizers").stdout


def test_noisy_trajectories_are_reproducible_and_differ_by_seed(cli):
    first = cli("trajectories", "wobbly", "--noise", "0.5", "--seed", "1", "-o", "-")
    again = cli("trajectories", "wobbly", "--noise", "0.5", "--seed", "1", "-o", "-")
    other = cli("trajectories", "wobbly", "--noise", "0.5", "--seed", "2", "-o", "-")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == again.stdout
    assert first.stdout != other.stdout


def test_himmelblau_grid_16_gives_16_paths_inside_the_window(cli, tmp_path):
    out = tmp_path / "h.png"
    done = cli("render", "--surface", "himmelblau", "--starts", "grid:16", "-O", "adam", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    table = cli("trajectories", "--surface", "himmelblau", "--starts", "grid:16", "-O", "adam", "-o", "-")
    rows = _csv_rows(table.stdout)
    starts = [(float(row["x"]), float(row["y"])) for row in rows if row["step"] == "0"]
    assert len(starts) == 16
    assert all(-5 < x < 5 and -5 < y < 5 for x, y in starts)


def test_tune_reports_each_choice_in_a_table_on_standard_error(cli, tmp_path):
    done = cli(
        "trajectories", "--surface", "rosenbrock", "-O", "adam", "-O", "rmsprop", "-O", "momentum(lr=0.001)",
        "--tune", "--tune-budget", "256", "-o", str(tmp_path / "t.csv"),
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert "256 Sobol configurations" in lines[0] and "criterion tail-loss" in lines[1]
    rows = {line.split()[0]: line for line in lines if line.startswith("  ") and "optimizer" not in line}
    assert list(rows) == ["adam", "rmsprop", "momentum"]
    assert "lr=" in rows["adam"] and "lr=0.001 set in the spec" in rows["momentum"]
    assert lines[-1] == "tune: ranges searched: lr 1e-06…10 (log)"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--xlim", "2,-2"], "smaller"),
        (["--starts", "grid:x"], "grid:N"),
        (["--noise", "-1"], "--noise"),
        (["-O", "optax:lino"], "optax:lion"),
        (["--plugin", "missing.py"], "not found"),
        (["missing.toml"], "not found"),
    ],
)
def test_bad_options_exit_2_with_one_line(cli, tmp_path, args, fragment):
    done = cli("trajectories", *args, "-o", str(tmp_path / "t.csv"))
    assert done.exit_code == 2
    assert fragment in done.stderr and len(done.stderr.strip().splitlines()) == 1
