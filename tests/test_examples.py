"""The examples run as a user would run them, and write the pictures they promise."""

import os
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import matplotlib.image
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Counting GIF frames with imageio-ffmpeg starts ffmpeg from this process, which has JAX loaded.
pytestmark = pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning")


def test_walkthrough_writes_its_pictures_into_the_given_folder(tmp_path):
    out, cwd = tmp_path / "pictures", tmp_path / "cwd"
    cwd.mkdir()
    environment = {**os.environ, "WALKTHROUGH_OUT": str(out)}
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "walkthrough.py")],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fork" not in result.stderr
    assert list(cwd.iterdir()) == []
    assert sorted(path.name for path in out.iterdir()) == ["comparison.gif", "comparison.png", "tuned.png"]
    for name in ("comparison.png", "tuned.png"):
        assert (out / name).read_bytes().startswith(PNG_MAGIC)
        assert matplotlib.image.imread(out / name).shape[:2] == (540, 960)
    reader = imageio_ffmpeg.read_frames(str(out / "comparison.gif"))
    meta = next(reader)
    assert meta["size"] == (480, 270)
    assert Image.open(out / "comparison.gif").n_frames == 40  # (decoded, its 2 s hold adds copies)
    # The four optimizers report their losses; the home-made one among them.
    assert [line.split(":")[0].strip() for line in result.stdout.splitlines()[:4]] == [
        "home-made", "sgd", "momentum", "adam"
    ]  # fmt: skip


def test_gallery_script_makes_a_picture(tmp_path):
    sys.path.insert(0, str(EXAMPLES))
    try:
        import make_gallery
    finally:
        sys.path.remove(str(EXAMPLES))
    (ring,) = [picture for picture in make_gallery.GALLERY if picture.name == "ring-plugin.png"]
    made = make_gallery.make(ring, tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["ring-plugin.png"]
    assert matplotlib.image.imread(made).shape[:2] == (540, 960)
