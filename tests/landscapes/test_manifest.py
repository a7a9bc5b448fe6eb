"""Manifests: built from a scene, carried in each format's own metadata, read back into the same scene."""

import dataclasses
import io
import json

import numpy as np
import pytest
from PIL import Image

from landscapes.errors import UserError
from landscapes.manifest import (
    FORMAT_VERSION,
    containers,
    manifest_json,
    manifest_of,
    read_manifest,
    recipe_of,
)
from landscapes.optimizers.spec import OptimizerSpec
from landscapes.scenes.compose import scene


def a_scene():
    """A scene that uses every field a manifest records: expression, window, labels, colours, noise."""
    chosen = scene(
        surface="x**2 + 3*y**2",
        optimizers=["adam(lr=0.1)@fast", "momentum", "adam(lr=0.01)", "sgd(lr=cosine(0.1, 30))"],
        starts=[(1.5, -1.0), "grid:4"],
        steps=40,
        xlim=(-2, 2),
        ylim=(-1.5, 1.5),
        noise=0.25,
        seed=7,
        fps=12.0,
        size=(320, 180),
    )
    first = dataclasses.replace(chosen.optimizers[0], color="crimson", tuned=("lr",))
    return dataclasses.replace(chosen, optimizers=(first, *chosen.optimizers[1:]))


def test_a_manifest_reads_back_into_the_same_scene():
    original = a_scene()
    manifest = json.loads(manifest_json(manifest_of(original, view={"theme": "dark"}, command=["x"])))
    recipe = recipe_of(manifest)
    read_surface = recipe.scene.surface
    assert recipe.scene == dataclasses.replace(original, surface=read_surface)
    assert dataclasses.replace(read_surface, fn=original.surface.fn) == original.surface
    assert float(read_surface.fn(np.array([0.5, -2.0]))) == 0.25 + 12.0
    assert recipe.view == {"theme": "dark"}
    assert recipe.command == ("x",)
    momentum = manifest["scene"]["optimizers"][1]
    assert momentum["hyperparameters"] == {"lr": 0.01, "momentum": 0.9}
    assert momentum["set"] == []
    assert set(manifest["versions"]) == {"landscapes", "jax", "optax", "matplotlib", "ffmpeg"}
    assert all(manifest["versions"].values())


def test_a_default_that_changed_since_is_set_explicitly():
    manifest = manifest_of(scene("wobbly", optimizers=["momentum(lr=0.02)"]))
    manifest["scene"]["optimizers"][0]["hyperparameters"]["momentum"] = 0.5
    spec = recipe_of(manifest).scene.optimizers[0]
    assert spec == OptimizerSpec("momentum", (("lr", 0.02), ("momentum", 0.5)))


def edited(change):
    manifest = manifest_of(scene("wobbly", steps=5))
    change(manifest)
    return manifest


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(version=FORMAT_VERSION + 1), "written by a newer landscapes (manifest format"),
        (lambda m: m["scene"].update(surface={"name": "saddle-of-doom", "formula": "x"}), "unknown surface"),
        (lambda m: m["scene"]["optimizers"][0].update(name="adamm"), "unknown optimizer 'adamm'"),
        (lambda m: m["scene"].update(steps="many"), "'steps' must be a whole number, got 'many'"),
        (lambda m: m["scene"].update(steps=0), "m.json: 'steps' must be at least 1, got 0"),
        (lambda m: m.update(format="something"), "not a landscapes manifest"),
    ],
)
def test_bad_manifests_get_one_line_that_names_the_file(tmp_path, change, message):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(edited(change)))
    with pytest.raises(UserError, match=r"m\.json") as caught:
        recipe_of(read_manifest(path), str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_files_without_a_manifest(tmp_path):
    Image.new("RGB", (8, 8)).save(tmp_path / "plain.png")
    (tmp_path / "w.csv").write_text("label,start,step,x,y,loss\n")
    for name, message in [
        ("plain.png", "carries no landscapes manifest"),
        ("w.csv", "no w.csv.json beside it"),
        ("gone.gif", "not found"),
        ("x.avi", "cannot read a manifest from"),
    ]:
        with pytest.raises(UserError, match=message):
            read_manifest(tmp_path / name)


def gif_bytes(frames=3):
    """A GIF written by Pillow, not by us: an independent file to rewrite."""
    images = [Image.new("RGB", (16, 8), (80 * index, 0, 255 - 80 * index)) for index in range(frames)]
    stream = io.BytesIO()
    images[0].save(stream, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return stream.getvalue()


def test_gif_delays_and_comment_as_pillow_reads_them():
    text = '{"format":"landscapes-manifest","x":"' + "a" * 600 + '"}'
    rewritten = containers.rewrite_gif(gif_bytes(), [3, 4, 200], text)
    image = Image.open(io.BytesIO(rewritten))
    durations = []
    for index in range(image.n_frames):
        image.seek(index)
        durations.append(image.info["duration"])
    assert durations == [30, 40, 2000]
    assert containers.gif_delays(rewritten) == [3, 4, 200]
    assert containers.gif_comments(rewritten) == [text]
    assert np.array_equal(
        np.asarray(Image.open(io.BytesIO(rewritten))), np.asarray(Image.open(io.BytesIO(gif_bytes())))
    )
    with pytest.raises(ValueError, match="3 frames, but 2 delays"):
        containers.rewrite_gif(gif_bytes(), [3, 4])


def test_ffmetadata_round_trip():
    value = 'a=b;c#d\\e\nf {"k": "v=1"}'
    text = f";FFMETADATA1\ntitle=t\ncomment={containers.ffmetadata_escape(value)}\n[STREAM]\ncomment=no\n"
    assert containers.ffmetadata_tags(text) == [("title", "t"), ("comment", value)]


def test_png_text_chunks_as_pillow_writes_them(tmp_path):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("landscapes", "plain")
    info.add_text("zipped", "z" * 50, zip=True)
    info.add_itxt("unicode", "σ ≥ 0")
    Image.new("RGB", (4, 4)).save(tmp_path / "t.png", pnginfo=info)
    texts = containers.png_text((tmp_path / "t.png").read_bytes())
    assert texts == {"landscapes": "plain", "zipped": "z" * 50, "unicode": "σ ≥ 0"}


def test_the_ffmpeg_version_follows_the_encoder_in_use(monkeypatch):
    """A version read while IMAGEIO_FFMPEG_EXE named an ffmpeg that cannot say it is not kept for the
    bundled one."""
    from landscapes.manifest.build import versions

    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", "/bin/false")
    assert versions()["ffmpeg"] is None
    monkeypatch.delenv("IMAGEIO_FFMPEG_EXE")
    assert versions()["ffmpeg"]
