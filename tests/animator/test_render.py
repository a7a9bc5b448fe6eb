"""Rendered files checked as a user would: decode them, count frames, read sizes, look at pixels.

The four renders run once per module: the default one through the real command line in a process of
its own (the smoke test of a whole render: a clean stderr, no fork warning), the others in-process
through `run(argv)` while it runs.
"""

import functools
import re
import subprocess
import sys

import imageio_ffmpeg
import matplotlib.colors
import matplotlib.image
import numpy as np
import pytest
from PIL import Image

from animator.figure import draw_scene
from animator.style import color_for
from landscapes.engine.trajectories import run
from landscapes.scenes.compose import compose_scene
from landscapes.scenes.model import builtin_scene

ROSENBROCK = [
    "--surface", "rosenbrock", "-O", "adam(lr=0.05)", "-O", "momentum(lr=0.001)",
    "--start", "-1.5,2", "--steps", "500",
]  # fmt: skip
RENDERS = {
    "wobbly.mp4": [],
    "b.gif": ["bad-init"],
    "h.png": ["hills-and-canyon"],
    "r.mp4": [*ROSENBROCK, "--size", "480x270"],  # its frames' schedule is the point, not their size
}
# The legend repeats the path colours on the right; paths are drawn left of this fraction of the width.
PLOT_FRACTION = 0.62


SMOKE = "wobbly.mp4"


@pytest.fixture(scope="module")
def rendered(cli, tmp_path_factory):
    """Each output path mapped to the render's stderr."""
    folder = tmp_path_factory.mktemp("renders")
    smoke = subprocess.Popen(
        [sys.executable, "-m", "landscapes", "render", *RENDERS[SMOKE], "-o", SMOKE],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    results = {}
    for name, args in RENDERS.items():
        if name != SMOKE:
            result = cli("render", *args, "-o", name, cwd=folder)
            assert result.exit_code == 0, f"{name}: {result.stderr}"
            results[name] = (folder / name, result.stderr)
    _, stderr = smoke.communicate(timeout=300)
    assert smoke.returncode == 0, f"{SMOKE}: {stderr}"
    results[SMOKE] = (folder / SMOKE, stderr)
    assert sorted(p.name for p in folder.iterdir()) == sorted(RENDERS), "temporary files left behind"
    return results


@functools.cache
def decode(path):
    """The reader's metadata and every frame as a read-only (height, width, 3) uint8 array, decoded
    once per file: three tests read the default MP4's frames."""
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    width, height = meta["size"]
    frames = [np.frombuffer(frame, np.uint8).reshape(height, width, 3) for frame in reader]
    return meta, frames


def stream_info(path):
    """The video stream line of `ffmpeg -i`, as ffprobe would show it."""
    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    )
    return next(line for line in result.stderr.splitlines() if "Video:" in line)


def colour_pixels(image, index, tolerance, fraction=PLOT_FRACTION):
    """How many pixels in the left `fraction` of the image (by default the plot) are within
    `tolerance` (per channel, 0-255) of path colour `index`."""
    plot = image[:, : int(fraction * image.shape[1]), :3].astype(float)
    target = np.array(matplotlib.colors.to_rgb(color_for(index))) * 255
    return int((np.abs(plot - target).max(axis=-1) <= tolerance).sum())


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_renders_print_nothing_on_stderr(rendered, name):
    _, stderr = rendered[name]
    assert stderr == ""
    assert "fork" not in stderr


def test_default_mp4_is_h264_1280x720_at_5fps_with_119_frames(rendered):
    path, _ = rendered["wobbly.mp4"]
    meta, frames = decode(path)
    assert len(frames) == 119
    assert meta["size"] == (1280, 720)
    assert meta["fps"] == 5.0
    assert meta["codec"] == "h264"
    assert meta["pix_fmt"].startswith("yuv420p")
    info = stream_info(path)
    assert re.search(r"Video: h264\b", info) and "yuv420p" in info and "1280x720" in info, info
    assert imageio_ffmpeg.count_frames_and_secs(str(path)) == (119, pytest.approx(119 / 5))


def test_default_mp4_paths_grow_and_all_five_are_visible_at_the_end(rendered):
    path, _ = rendered["wobbly.mp4"]
    _, frames = decode(path)
    first, middle, last = frames[0], frames[len(frames) // 2], frames[-1]
    assert not np.array_equal(first, last)
    assert not np.array_equal(middle, last)
    for index in range(5):
        at_start = colour_pixels(first, index, tolerance=30)
        at_end = colour_pixels(last, index, tolerance=30)
        assert at_end >= 300, (index, at_end)
        assert at_end >= 3 * at_start, (index, at_start, at_end)


def test_gif_loops_forever_is_800_wide_small_and_has_119_frames(rendered):
    path, _ = rendered["b.gif"]
    data = path.read_bytes()
    assert data[:6] in (b"GIF89a", b"GIF87a")
    assert b"NETSCAPE2.0\x03\x01\x00\x00\x00" in data  # application extension: loop count 0 = forever
    assert len(data) < 2 * 1024 * 1024
    meta, frames = decode(path)
    assert meta["size"] == (800, 450)
    assert Image.open(path).n_frames == 119
    # ffmpeg decodes at a constant 5 fps, so the 2 s hold on the last frame reads as 10 more copies.
    assert len(frames) == 119 + 10 and np.array_equal(frames[-11], frames[-1])
    assert not np.array_equal(frames[0], frames[-1])
    # On bad-init the short nesterov path ends under the others, so only its legend entry shows:
    # every colour is somewhere in the frame, and the plot holds plenty of path pixels.
    whole = frames[-1]
    for index in range(5):
        assert colour_pixels(whole, index, tolerance=30, fraction=1.0) >= 40, index
    assert sum(colour_pixels(whole, index, tolerance=30) for index in range(5)) >= 400


def test_png_is_the_final_still_at_1280x720_with_the_paths(rendered):
    path, _ = rendered["h.png"]
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(path)
    assert image.shape[:2] == (720, 1280)
    pixels = np.round(image[..., :3] * 255)
    for index in range(5):
        assert colour_pixels(pixels, index, tolerance=10) >= 100, index


def test_rosenbrock_acceptance_command_renders_its_frame_schedule(rendered):
    path, _ = rendered["r.mp4"]
    scene = compose_scene(
        surface="rosenbrock", optimizers=["adam(lr=0.05)", "momentum(lr=0.001)"], starts=["-1.5,2"], steps=500
    )
    meta, frames = decode(path)
    # 501 points over 10 s at 25 fps, the first frame showing the start, the last the whole paths
    schedule = scene.playback.points_per_frame(scene.steps)
    assert len(frames) == len(schedule) == scene.playback.timing(scene.steps)[0] == 250
    assert schedule[0] == 1 and schedule[-1] == 501
    assert meta["size"] == (480, 270) and meta["fps"] == 25.0
    for index in range(2):  # at 480x270 a path is a few dozen pixels
        assert colour_pixels(frames[-1], index, tolerance=30) >= 25, index
    assert colour_pixels(frames[-1], 2, tolerance=30) == 0


def start_pixel(size):
    """The start point's (column, row) in a frame of the default scene at `size`, from its own figure."""
    scene_figure = draw_scene(run(builtin_scene()), size)
    ax = scene_figure.figure.axes[0]
    ax.apply_aspect()
    x, y = ax.transData.transform(builtin_scene().starts[0])
    return x, size[1] - y


def test_default_mp4_first_frame_shows_all_five_heads_at_their_start(rendered):
    path, _ = rendered["wobbly.mp4"]
    _, frames = decode(path)
    first = frames[0].astype(float)
    height, width = first.shape[:2]
    x, y = start_pixel((width, height))
    rows, columns = np.ogrid[:height, :width]
    near = (rows - y) ** 2 + (columns - x) ** 2 <= 15**2
    for index in range(5):
        target = np.array(matplotlib.colors.to_rgb(color_for(index))) * 255
        close = np.abs(first - target).max(axis=-1) <= 40
        assert (close & near).sum() >= 4, (index, (close & near).sum())
