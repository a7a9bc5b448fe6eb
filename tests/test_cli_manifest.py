"""The recipe in the file: every format's manifest read back by `render --from`, as a user runs it."""

import json

import numpy as np
import pytest
from PIL import Image

from landscapes.cli.commands import app
from landscapes.errors import UserError
from landscapes.manifest import FORMAT_VERSION, read_manifest

TINY = ["--steps", "4", "--size", "160x90", "-O", "adam(lr=0.3)@quick", "-O", "sgd"]


def landscapes(*args):
    """The command in-process, as `main` runs it (errors raise instead of exiting)."""
    return app(args=[str(arg) for arg in args], standalone_mode=False)


def pixels(path):
    return np.asarray(Image.open(path).convert("RGB"))


@pytest.mark.parametrize("suffix", [".png", ".gif", ".mp4", ".html", ".webm", ".webp", ".svg", ".pdf"])
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


def test_a_newer_manifest_is_one_line_and_exit_2(cli, tmp_path):
    manifest = read_manifest_of_a_tiny_render(tmp_path)
    manifest["version"] = FORMAT_VERSION + 1
    (tmp_path / "newer.json").write_text(json.dumps(manifest))
    result = cli("render", "--from", "newer.json", "-o", "x.png", cwd=tmp_path)
    assert result.exit_code == 2
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


def test_paths_from_a_csv_give_the_same_picture(tmp_path):
    size = ["--size", "320x180"]
    landscapes("trajectories", "wobbly", "-o", tmp_path / "w.csv")
    landscapes("render", "wobbly", *size, "-o", tmp_path / "computed.png")
    landscapes("render", "--paths", tmp_path / "w.csv", *size, "-o", tmp_path / "read.png")
    landscapes("render", "--from", tmp_path / "read.png", "-o", tmp_path / "again.png")
    computed, read, again = (pixels(tmp_path / name) for name in ("computed.png", "read.png", "again.png"))
    assert np.abs(computed.astype(int) - read.astype(int)).max() <= 2
    assert np.array_equal(read, again)
    assert read_manifest(tmp_path / "read.png")["paths"] == str(tmp_path / "w.csv")


def test_a_hand_written_csv_renders_on_an_expression(tmp_path):
    rows = ["label,start,step,x,y"] + [f"mine,0,{k},{2 * 0.8**k},{-1.5 * 0.6**k}" for k in range(20)]
    (tmp_path / "mine.csv").write_text("\n".join(rows) + "\n")
    landscapes(
        "render", "--paths", tmp_path / "mine.csv", "--surface", "x**2 + 3*y**2", "--size", "320x180",
        "-o", tmp_path / "mine.png",
    )  # fmt: skip
    manifest = read_manifest(tmp_path / "mine.png")
    assert manifest["scene"]["surface"] == {"expression": "x**2 + 3*y**2"}
    assert [o["label"] for o in manifest["scene"]["optimizers"]] == ["mine"]
    with pytest.raises(UserError, match="--paths animates the paths in"):
        landscapes("render", "--paths", tmp_path / "mine.csv", "-O", "adam", "-o", tmp_path / "x.png")


def test_a_pdf_subject_is_read_through_its_escapes_and_as_utf16_hex():
    from landscapes.manifest.containers import pdf_subject

    literal = rb"<< /Subject (a \(nested (pair)\) \\ back\nline \101) /Title (x) >>"
    assert pdf_subject(literal) == "a (nested (pair)) \\ back\nline A"
    text = 'σ = "0.5"'
    hex_form = b"<< /Subject <" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b"> >>"
    assert pdf_subject(hex_form) == text
    assert pdf_subject(b"<< /Title (none) >>") is None
