"""The recipe in the file: every format's manifest read back by `render --from`, as a user runs it."""

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from landscapes.cli.commands import app
from landscapes.manifest import read_manifest

TINY = ["--steps", "4", "--size", "160x90", "-O", "adam(lr=0.3)@quick", "-O", "sgd"]


def landscapes(*args):
    """The command in-process, as `main` runs it (errors raise instead of exiting)."""
    return app(args=[str(arg) for arg in args], standalone_mode=False)


def pixels(path):
    return np.asarray(Image.open(path).convert("RGB"))


@pytest.mark.parametrize("suffix", [".png", ".gif", ".mp4"])
def test_each_format_carries_a_manifest_that_renders_again(tmp_path, suffix):
    first = tmp_path / f"first{suffix}"
    landscapes("render", "bad-init", *TINY, "--theme", "dark", "-o", first)
    manifest = read_manifest(first)
    assert manifest["scene"]["surface"] == {"name": "two-minima"}
    assert [o["label"] for o in manifest["scene"]["optimizers"]] == ["quick", None]
    assert manifest["view"]["theme"] == "dark"
    assert manifest["playback"]["size"] == [160, 90]
    assert all(manifest["versions"][name] for name in ("landscapes", "jax", "optax", "matplotlib", "ffmpeg"))
    again = tmp_path / "again.png"
    landscapes("render", "--from", first, "-o", again)
    assert read_manifest(again)["scene"] == manifest["scene"]
    assert read_manifest(again)["view"]["theme"] == "dark"


def test_from_a_still_gives_the_same_picture_and_options_override(tmp_path):
    landscapes("render", "wobbly", "--size", "320x180", "--manifest", "-o", tmp_path / "w.png")
    landscapes("render", "--from", tmp_path / "w.png", "-o", tmp_path / "w2.png")
    assert np.array_equal(pixels(tmp_path / "w.png"), pixels(tmp_path / "w2.png"))
    beside = json.loads((tmp_path / "w.png.json").read_text())
    assert beside == read_manifest(tmp_path / "w.png")
    landscapes(
        "render", "--from", tmp_path / "w.png.json", "--theme", "dark", "-O", "sgd", "-o", tmp_path / "d.png"
    )
    changed = read_manifest(tmp_path / "d.png")
    assert changed["view"]["theme"] == "dark"
    assert [o["name"] for o in changed["scene"]["optimizers"]] == ["sgd"]
    assert changed["scene"]["steps"] == 125 and changed["playback"]["size"] == [320, 180]


def test_trajectories_write_their_manifest_beside_the_csv(tmp_path):
    csv_path = tmp_path / "w.csv"
    landscapes("trajectories", "wobbly", "--steps", "3", "-o", csv_path)
    assert csv_path.read_text().splitlines()[0] == "label,start,step,x,y,loss"
    assert read_manifest(csv_path)["scene"]["steps"] == 3
    landscapes("render", "--from", csv_path, "--size", "160x90", "-o", tmp_path / "w.png")
    assert read_manifest(tmp_path / "w.png")["scene"] == read_manifest(csv_path)["scene"]
    landscapes("trajectories", "wobbly", "--steps", "3", "--no-manifest", "-o", tmp_path / "n.csv")
    assert not (tmp_path / "n.csv.json").exists()


def test_a_newer_manifest_is_one_line_and_exit_2(tmp_path):
    manifest = read_manifest_of_a_tiny_render(tmp_path)
    manifest["version"] += 1
    (tmp_path / "newer.json").write_text(json.dumps(manifest))
    result = subprocess.run(
        [sys.executable, "-m", "landscapes", "render", "--from", "newer.json", "-o", "x.png"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("landscapes: error: newer.json was written by a newer landscapes")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def read_manifest_of_a_tiny_render(tmp_path):
    landscapes("render", *TINY, "--manifest", "-o", tmp_path / "t.png")
    return json.loads((tmp_path / "t.png.json").read_text())


def test_version(capsys):
    from landscapes import __version__

    landscapes("--version")
    assert capsys.readouterr().out == f"landscapes {__version__}\n"
