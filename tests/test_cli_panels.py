"""Several surfaces, a panel each: the command line, scene files and Python give the paths a run on each
surface alone gives, the manifest brings them back, the CSV says which surface, mistakes get one line."""

import csv
import io

import numpy as np
import pytest
from PIL import Image

import landscapes
from animator import rendering
from animator.figure import draw_scene
from landscapes.manifest import read_manifest

SURFACES = ["rosenbrock", "himmelblau", "x**2+10*y**2"]
OPTIMIZERS = ["sgd(lr=0.002)", "adam(lr=0.1)"]
STEPS = 15
ACCEPTANCE = ["render", *(f"--surface={name}" for name in SURFACES), "--layout", "grid"]
SMALL = ["-O", OPTIMIZERS[0], "-O", OPTIMIZERS[1], "--steps", STEPS, "--size", "480x270"]


@pytest.fixture(scope="module")
def several():
    return landscapes.run(landscapes.scene(surfaces=SURFACES, optimizers=OPTIMIZERS, steps=STEPS))


def same_paths(a, b):
    assert a.labels == b.labels and a.scene.starts == b.scene.starts
    np.testing.assert_array_equal(a.positions, b.positions)
    np.testing.assert_array_equal(a.losses, b.losses)


def test_each_panel_holds_what_a_run_on_that_surface_alone_gives(several):
    assert [part.scene.surface.formula for part in several.panels][2] == "x**2+10*y**2"
    for name, part in zip(SURFACES, several.panels, strict=True):
        alone = landscapes.run(landscapes.scene(surface=name, optimizers=OPTIMIZERS, steps=STEPS))
        assert part.scene.xlim == alone.scene.xlim and part.scene.ylim == alone.scene.ylim
        same_paths(part, alone)
    starts = {part.scene.starts for part in several.panels}
    assert len(starts) == 3  # each from its own surface's default start


def test_the_acceptance_command_draws_a_panel_per_surface(cli, tmp_path, monkeypatch):
    drawn = []
    monkeypatch.setattr(rendering, "draw_scene", lambda *args: drawn.append(draw_scene(*args)) or drawn[-1])
    result = cli(*ACCEPTANCE, *SMALL, "-o", tmp_path / "x.png")
    assert result.exit_code == 0, result.stderr
    assert Image.open(tmp_path / "x.png").size == (480, 270)
    (figure,) = drawn  # the figure the command drew: a panel per surface, titled with its name
    titles = [text.get_text() for text, role in figure.roles.items() if role == "panel_title"]
    assert titles == ["rosenbrock", "himmelblau", "x²+10·y²"]
    assert len(figure.figure.axes) == 3
    windows = [(ax.get_xlim(), ax.get_ylim()) for ax in figure.figure.axes]
    assert windows == [((-2, 2), (-1, 3)), ((-5, 5), (-5, 5)), ((-3, 3), (-3, 3))]
    recorded = read_manifest(tmp_path / "x.png")
    assert recorded["version"] == 2
    assert [panel["surface"] for panel in recorded["scene"]["panels"]] == [
        {"name": "rosenbrock"}, {"name": "himmelblau"}, {"expression": "x**2+10*y**2"},
    ]  # fmt: skip
    assert recorded["view"]["layout"] == "grid"
    # Made again from its manifest: the same scene, the same picture.
    again = cli("render", "--from", tmp_path / "x.png", "-o", tmp_path / "again.png")
    assert again.exit_code == 0, again.stderr
    assert read_manifest(tmp_path / "again.png")["scene"] == recorded["scene"]
    before, after = (np.asarray(Image.open(tmp_path / name)) for name in ("x.png", "again.png"))
    np.testing.assert_array_equal(before, after)


def test_several_surfaces_without_a_layout_get_panels(cli, tmp_path):
    result = cli(
        "render", "--surface", "rosenbrock", "--surface", "himmelblau", *SMALL, "-o", tmp_path / "x.png"
    )
    assert result.exit_code == 0, result.stderr
    assert read_manifest(tmp_path / "x.png")["view"]["layout"] == "grid"


def test_a_scene_file_with_surfaces_gives_the_same_paths(tmp_path, several):
    path = tmp_path / "three.toml"
    names = ", ".join(f'"{name}"' for name in SURFACES)
    path.write_text(f"surfaces = [{names}]\noptimizers = {OPTIMIZERS!r}\nsteps = {STEPS}\n".replace("'", '"'))
    from_file = landscapes.run(landscapes.load_scene(path))
    assert from_file.scene.name == "three"
    for part, expected in zip(from_file.panels, several.panels, strict=True):
        same_paths(part, expected)


def test_start_sets_are_placed_in_each_window_and_points_used_as_given():
    chosen = landscapes.scene(surfaces=["rosenbrock", "booth"], starts=[(0.5, 0.5), "grid:4"], steps=2)
    for part in chosen.per_surface():
        alone = landscapes.scene(surface=part.surface.name, starts=[(0.5, 0.5), "grid:4"], steps=2)
        assert part.starts == alone.starts and part.starts[0] == (0.5, 0.5)
    assert chosen.per_surface()[0].starts[1:] != chosen.per_surface()[1].starts[1:]


def test_the_csv_names_the_surface_only_when_there_are_several(cli, tmp_path):
    result = cli(
        "trajectories", "--surface", "booth", "--surface", "himmelblau", "-O", "sgd", "--steps", 3, "-o", "-"
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["surface", "label", "start", "step", "x", "y", "loss"]
    for name in ("booth", "himmelblau"):
        alone = cli("trajectories", "--surface", name, "-O", "sgd", "--steps", 3, "-o", "-")
        single = list(csv.reader(io.StringIO(alone.stdout)))
        assert single[0] == ["label", "start", "step", "x", "y", "loss"]
        assert [row[1:] for row in rows[1:] if row[0] == name] == single[1:]
    (tmp_path / "w.csv").write_text(result.stdout)
    refused = cli("render", "--paths", tmp_path / "w.csv", "--surface", "booth", "-o", tmp_path / "p.png")
    assert refused.exit_code == 2 and len(refused.stderr.splitlines()) == 1
    assert "several surfaces" in refused.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (
            ["--surface", "rosenbrock", "--surface", "himmelbla"],
            "unknown surface 'himmelbla'; did you mean 'himmelblau'?",
        ),
        (
            ["--surface", "booth", "--surface", "rosenbrock", "--layout", "overlay"],
            "--layout overlay cannot put them on one",
        ),
        (
            ["--surface", "booth", "--surface", "rosenbrock", "--loss-panel"],
            "--loss-panel plots one surface's losses",
        ),
        (
            ["--surface", "booth", "--surface", "rosenbrock", "--start", "5,5"],
            "--start point (5, 5) lies outside rosenbrock's window",
        ),
        (["--surface", "booth", "--surface", "rosenbrock", "--tune"], "tuning works on one surface, got 2"),
        (["both.toml"], "both.toml: give 'surface' or 'surfaces', not both"),
        (["typo.toml"], "typo.toml: unknown surface 'himmelbla'; did you mean 'himmelblau'?"),
    ],
)
def test_mistakes_with_several_surfaces_get_one_line(cli, tmp_path, args, fragment):
    (tmp_path / "both.toml").write_text(
        'surface = "booth"\nsurfaces = ["rosenbrock", "himmelblau"]\noptimizers = ["sgd"]\n'
    )
    (tmp_path / "typo.toml").write_text('surfaces = ["rosenbrock", "himmelbla"]\noptimizers = ["sgd"]\n')
    result = cli("render", *args, "-O", "sgd", "--steps", 2, "-o", "x.png", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("landscapes: error: ") and len(result.stderr.splitlines()) == 1
    assert fragment in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_python_names_its_own_words():
    with pytest.raises(landscapes.UserError, match="give surface or surfaces, not both"):
        landscapes.scene(surface="booth", surfaces=["rosenbrock", "himmelblau"])
    with pytest.raises(landscapes.UserError, match=r"starts point \(5, 5\) lies outside rosenbrock's window"):
        landscapes.scene(surfaces=["booth", "rosenbrock"], starts=(5, 5))
    from landscapes.engine.basins import basins

    with pytest.raises(landscapes.UserError, match=r"a basin map covers one surface; scene .* has 2"):
        basins(landscapes.scene(surfaces=["booth", "rosenbrock"]), 10)
    with pytest.raises(landscapes.UserError, match="loss_panel plots one surface's losses"):
        several = landscapes.scene(surfaces=["booth", "rosenbrock"], optimizers="sgd", steps=2)
        landscapes.render(landscapes.run(several), "x.png", options=landscapes.RenderOptions(loss_panel=True))
