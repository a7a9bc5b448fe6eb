"""Notebook display: the HTML a Jupyter kernel would show, decoded as a browser would, and no files left."""

import base64
import io
import re
import tempfile

import imageio_ffmpeg
import matplotlib.image
import numpy as np
import pytest

import landscapes

# Decoding here, with imageio-ffmpeg, starts ffmpeg from a process that has JAX loaded; `show` itself
# never forks (the render tests check a real render's stderr for the warning).
pytestmark = pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def quiet_folders(tmp_path, monkeypatch):
    """Run in an empty cwd with an empty temporary root; yield both to check they stay empty."""
    cwd, scratch = tmp_path / "cwd", tmp_path / "scratch"
    cwd.mkdir()
    scratch.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    yield cwd, scratch
    assert list(cwd.iterdir()) == [], "files left in the current folder"
    assert list(scratch.iterdir()) == [], "temporary files left behind"


def payload(html: str, mime: str) -> bytes:
    """The bytes of the one data: URI of type `mime` in `html`."""
    (encoded,) = re.findall(rf'src="data:{re.escape(mime)};base64,([A-Za-z0-9+/=]+)"', html)
    return base64.b64decode(encoded, validate=True)


def decoded_frames(data: bytes, suffix: str, folder) -> tuple[tuple[int, int], list[np.ndarray]]:
    """Frame size and every frame, decoded by ffmpeg from a copy of `data` in `folder`."""
    path = folder / f"copy{suffix}"
    path.write_bytes(data)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    width, height = meta["size"]
    return (width, height), [np.frombuffer(f, np.uint8).reshape(height, width, 3) for f in reader]


def test_default_scene_plays_as_an_embedded_mp4_under_5_mb(quiet_folders, tmp_path_factory):
    scene = landscapes.builtin_scene()
    html = landscapes.show(landscapes.run(scene))._repr_html_()
    assert len(html.encode()) < 5_000_000
    assert re.match(r"<video [^>]*\bcontrols\b[^>]*\bautoplay\b[^>]*\bloop\b", html)
    data = payload(html, "video/mp4")
    assert data[4:8] == b"ftyp"
    size, frames = decoded_frames(data, ".mp4", tmp_path_factory.mktemp("decoded"))
    assert size == (1280, 720)
    frame_count, _ = scene.playback.timing(scene.steps)
    assert len(frames) == frame_count == 119
    assert not np.array_equal(frames[0], frames[-1]), "the paths should move"


def test_gif_is_an_embedded_looping_image(quiet_folders, tmp_path_factory):
    scene = landscapes.scene(steps=9)
    shown = landscapes.show(landscapes.run(scene), "gif", size=(320, 180))
    html = shown._repr_html_()
    assert html.startswith("<img ")
    data = payload(html, "image/gif")
    assert data.startswith(b"GIF89a") and b"NETSCAPE2.0" in data
    assert data == shown.data and shown._repr_png_() is None
    size, frames = decoded_frames(data, ".gif", tmp_path_factory.mktemp("decoded"))
    assert size == (320, 180)
    frame_count, _ = scene.playback.timing(scene.steps)
    assert len(frames) == frame_count + 10 == 20  # decoded at 5 fps, the 2 s hold is 10 copies


def test_still_is_the_png_render_writes(quiet_folders, tmp_path_factory):
    paths = landscapes.run(landscapes.scene(steps=9))
    shown = landscapes.show(paths, "png", size=(400, 225))
    assert shown._repr_png_() == shown.data and shown.data.startswith(PNG_MAGIC)
    assert payload(shown._repr_html_(), "image/png") == shown.data
    written = landscapes.render(paths, tmp_path_factory.mktemp("written") / "still.png", size=(400, 225))
    pixels = matplotlib.image.imread(io.BytesIO(shown.data))
    assert pixels.shape[:2] == (225, 400)
    assert np.array_equal(pixels, matplotlib.image.imread(written))


def test_unknown_format_names_the_valid_ones(quiet_folders):
    paths = landscapes.run(landscapes.scene(steps=2))
    with pytest.raises(landscapes.UserError, match="'mp4', 'gif', 'png'"):
        landscapes.show(paths, "avi")


def test_render_options_reach_the_notebook(quiet_folders):
    paths = landscapes.run(landscapes.scene(steps=3))
    light = landscapes.show(paths, "png", size=(320, 180))
    dark = landscapes.show(paths, "png", size=(320, 180), options=landscapes.RenderOptions(theme="dark"))
    corner = [matplotlib.image.imread(io.BytesIO(shown.data))[2, 2, :3].mean() for shown in (light, dark)]
    assert corner[0] > 0.9 and corner[1] < 0.3, corner
