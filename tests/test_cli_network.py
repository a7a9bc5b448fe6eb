"""`landscapes network` in-process: files checked as a user would, scene files, and one-line mistakes."""

import pickle
import re
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

import landscapes
from animator.figure import draw_scene
from animator.options import RenderOptions
from landscapes.cli.process import run
from landscapes.errors import UserError
from landscapes.network.file import load_network_scene

# imageio-ffmpeg's decoder, used here to read files back, starts ffmpeg with fork().
pytestmark = pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")

EXAMPLES = Path(__file__).parents[1] / "examples"
SMALL = ["--data", "xor:40", "--model", "logistic", "--steps", "12", "--resolution", "15"]


def network(*args):
    assert run(["network", *map(str, args)]) == 0


def test_a_gif_has_the_frames_and_size_asked_for_and_a_png_the_final_still(tmp_path):
    network(*SMALL, "-O", "sgd(lr=0.5)", "-O", "adam(lr=0.1)", "--frames", "4", "--size", "320x180",
            "-o", tmp_path / "n.gif")  # fmt: skip
    reader = imageio_ffmpeg.read_frames(str(tmp_path / "n.gif"))
    assert next(reader)["size"] == (320, 180)
    assert Image.open(tmp_path / "n.gif").n_frames == 4  # (decoded, the GIF's 2 s hold adds copies)
    network(*SMALL, "-O", "sgd(lr=0.5)", "-O", "adam(lr=0.1)", "--size", "480x270", "-o", tmp_path / "n.png")
    assert Image.open(tmp_path / "n.png").size == (480, 270)


def test_a_network_scene_file_with_options_on_top(tmp_path, capsys):
    (tmp_path / "points.csv").write_text("a,b,y\n" + "\n".join(f"{i % 7},{i % 3},{i % 2}" for i in range(30)))
    scene_file = tmp_path / "net.toml"
    scene_file.write_text(
        'data = "points.csv"\nmodel = "logistic"\nsteps = 8\nbatch = 10\nplane = "endpoints"\n'
        'optimizers = ["sgd(lr=0.3)", { name = "adam", lr = 0.1, label = "Adam" }]\noutput = "net.png"\n'
        "distance = true\nresolution = 12\n"
    )
    scene = load_network_scene(scene_file)
    assert scene.data == str(tmp_path / "points.csv") and scene.batch == 10 and scene.show_distance
    assert [spec.label for spec in scene.optimizers] == [None, "Adam"]
    # Options override the file (here: the small program the other tests compile).
    network(scene_file, *SMALL, "--batch", "8", "-O", "sgd(lr=0.3)", "--plane", "pca", "--size", "320x180",
            "-o", tmp_path / "out.png")  # fmt: skip
    assert Image.open(tmp_path / "out.png").size == (320, 180)
    assert run(["render", str(scene_file), "-o", str(tmp_path / "x.png")]) == 2
    assert re.search(
        r"net.toml describes a network .*: use `landscapes network .*net.toml`$", capsys.readouterr().err
    )
    (tmp_path / "typo.toml").write_text('data = "moons"\nstpes = 3\n')
    with pytest.raises(UserError, match=r"typo.toml: unknown key 'stpes'; did you mean 'steps'"):
        load_network_scene(tmp_path / "typo.toml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "moon"], "unknown data set 'moon'; did you mean 'moons'?"),
        (["--model", "mlp:a"], "bad --model 'mlp:a'"),
        (
            ["--plane", "endpoints:sgd,adm", "-O", "sgd", "-O", "adam"],
            "unknown optimizer label in --plane endpoints 'adm'",
        ),
        (["-O", "adamm"], "unknown optimizer 'adamm'; did you mean 'adam'"),
        (["--steps", "0"], "--steps must be at least 1, got 0"),
        (["--batch", "500"], "--batch must be between 1 and the 40 samples, got 500"),
    ],
)
def test_mistakes_are_one_line_with_status_2_and_write_nothing(tmp_path, capsys, args, message):
    assert run(["network", *SMALL[:2], *args, "-o", str(tmp_path / "x.png")]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"landscapes: error: {message}"), line
    assert list(tmp_path.iterdir()) == []


def test_the_figure_names_the_plane_says_the_paths_leave_it_and_keeps_text_inside():
    paths = landscapes.network(
        "xor:40", "logistic", ["sgd(lr=0.5)", "adam(lr=0.1)"], steps=12, resolution=15, show_distance=True
    )
    assert paths.leaves_plane()
    drawn = draw_scene(paths, (800, 450), RenderOptions(loss_panel=True))
    figure = drawn.figure
    drawn.show(0, 13)
    figure.canvas.draw()
    texts = [text.get_text() for ax in figure.axes for text in ax.texts]
    assert any(text.startswith("the paths leave this plane") for text in texts)
    surface_ax, _, accuracy_ax = figure.axes[:3]
    assert surface_ax.get_xlabel() == paths.plane.axis_names[0] and "of variance" in surface_ax.get_xlabel()
    assert accuracy_ax.get_ylabel() == "accuracy (dashed)"
    accuracy_line = accuracy_ax.get_lines()[0]
    np.testing.assert_array_equal(accuracy_line.get_ydata(), paths.accuracies[0, 0])
    renderer = figure.canvas.get_renderer()
    for ax in figure.axes:
        box = ax.get_tightbbox(renderer)
        assert box.x0 >= 0 and box.x1 <= 800, ax
    # Frame workers draw from a pickled copy of the figure: the network's movers travel with it.
    copy = pickle.loads(pickle.dumps(drawn))
    assert [type(mover).__name__ for mover in copy.movers] == [type(mover).__name__ for mover in drawn.movers]
    labels = [text for text in surface_ax.texts if text.get_text().startswith(" off ")]
    assert len(labels) == 2
    assert labels[1].get_text() == f" off {paths.distances[1, 0, -1]:.2g}"


def test_the_example_network_scene_file_reads_as_its_comments_say():
    scene = load_network_scene(EXAMPLES / "network-moons.toml")
    assert (scene.data, scene.model, scene.activation, scene.steps, scene.plane) == (
        "moons:500", "mlp:16,16", "tanh", 300, "pca"
    )  # fmt: skip
    assert [str(spec) for spec in scene.optimizers] == [
        "sgd(lr=0.5)", "momentum(lr=0.1)", "rmsprop(lr=0.003)", "adam(lr=0.02)"
    ]  # fmt: skip
