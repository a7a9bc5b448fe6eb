"""`landscapes render` with the comparing views, and `landscapes basins`, run in-process (`run(argv)`)."""

import itertools

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from animator.basins import BASIN_COLORS
from animator.figure import draw_scene
from animator.options import RenderOptions
from landscapes.engine.trajectories import run
from landscapes.scenes.compose import compose_scene

# imageio-ffmpeg's decoder, used here to read files back, starts ffmpeg with fork().
pytestmark = pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")


def decoded_frames(path):
    reader = imageio_ffmpeg.read_frames(str(path))
    width, height = next(reader)["size"]
    return [np.frombuffer(frame, np.uint8).reshape(height, width, 3) for frame in reader]


def rgb(color):
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])


@pytest.mark.parametrize("suffix", [".mp4", ".gif"])
def test_grid_with_loss_panel_changes_every_panel(cli, tmp_path, suffix):
    output = tmp_path / f"g{suffix}"
    result = cli("render", "wobbly", "--layout", "grid", "--loss-panel", "--frames", "12", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    frames = decoded_frames(output)
    # Decoded at 5 fps, a GIF's 2 s hold on the last frame reads as 10 more copies of it.
    assert len(frames) == (12 if suffix == ".mp4" else 12 + 10)
    height, width = frames[0].shape[:2]
    assert (width, height) == ((1280, 720) if suffix == ".mp4" else (800, 450))
    options = RenderOptions(layout="grid", loss_panel=True)
    drawn = draw_scene(run(compose_scene("wobbly")), (width, height), options)
    drawn.canvas.draw()
    assert len(drawn.figure.axes) == 6  # five optimizers and the loss panel
    for ax in drawn.figure.axes:
        box = ax.get_window_extent()
        rows = slice(round(height - box.y1) + 2, round(height - box.y0) - 2)
        columns = slice(round(box.x0) + 2, round(box.x1) - 2)
        change = np.abs(frames[0][rows, columns].astype(int) - frames[-1][rows, columns].astype(int))
        assert (change.max(axis=-1) > 60).sum() > 30


def test_rotating_3d_video_turns(cli, tmp_path):
    output = tmp_path / "r.mp4"
    result = cli(
        "render",
        "basins-and-walls",
        "--view",
        "3d",
        "--rotate",
        "--frames",
        "8",
        "--size",
        "640x360",
        "-o",
        output,
    )
    assert result.exit_code == 0, result.stderr
    frames = decoded_frames(output)
    assert len(frames) == 8
    for before, after in itertools.pairwise(frames):
        assert (np.abs(before.astype(int) - after.astype(int)).max(axis=-1) > 60).mean() > 0.01


@pytest.mark.parametrize("suffix", [".gif", ".png"])
def test_3d_view_writes_gifs_and_stills(cli, tmp_path, suffix):
    output = tmp_path / f"s{suffix}"
    result = cli("render", "--view", "3d", "--frames", "3", "--size", "480x270", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert Image.open(output).size == (480, 270)


def test_dark_transparent_still(cli, tmp_path):
    output = tmp_path / "t.png"
    result = cli("render", "--theme", "dark", "--transparent", "--tail", "10", "-o", output)
    assert result.exit_code == 0, result.stderr
    image = np.asarray(Image.open(output))
    assert image.shape == (720, 1280, 4)
    assert (image[:4, :4, 3] == 0).all() and (image[-4:, -4:, 3] == 0).all()
    opaque = image[image[..., 3] == 255][..., :3]
    assert np.median(opaque.max(axis=-1)) < 80  # what is drawn is mostly the dark axes background


def test_basins_picture_shows_both_basins_of_bad_init(cli, tmp_path):
    output = tmp_path / "b.png"
    result = cli("basins", "bad-init", "--grid", "60", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    pixels = np.asarray(Image.open(output).convert("RGB")).astype(int)
    assert pixels.shape == (720, 1280, 3)
    for color in BASIN_COLORS[:2]:
        share = (np.abs(pixels - rgb(color)).max(axis=-1) < 8).mean()
        assert share > 0.01


def test_basins_by_loss_writes_a_colour_bar(cli, tmp_path):
    output = tmp_path / "l.png"
    result = cli(
        "basins", "--grid", "30", "-O", "adam", "--color-by", "loss", "--theme", "dark", "-o", output
    )
    assert result.exit_code == 0, result.stderr
    pixels = np.asarray(Image.open(output).convert("RGB")).astype(int)
    assert pixels[:5, :5].max() < 50


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["basins", "-o", "{tmp}/b.mp4"], ".png"),
        (["basins", "--grid", "1", "-o", "{tmp}/b.png"], "--grid"),
        (["basins", "--surface", "wobly", "-o", "{tmp}/b.png"], "wobbly"),
        (["render", "--rotate", "-o", "{tmp}/r.mp4"], "--view 3d"),
        (["render", "--transparent", "-o", "{tmp}/r.gif"], "--transparent"),
        (["render", "--layout", "mosaic", "-o", "{tmp}/r.mp4"], "mosaic"),
        (["render", "--tail", "0", "-o", "{tmp}/r.mp4"], "--tail"),
    ],
)
def test_mistakes_exit_2_with_one_line(cli, tmp_path, args, fragment):
    result = cli(*(arg.format(tmp=tmp_path) for arg in args))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert list(tmp_path.iterdir()) == []
