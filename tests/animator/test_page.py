"""The player page as a file: its size, the numbers it stores, what it refuses (the browser tests open it)."""

import base64
import html
import json
import re

import numpy as np
import pytest

import landscapes
from animator.html.page import MOST_STORED_POINTS, kept_steps
from animator.timing import Playback, timeline_for
from landscapes.engine.trajectories import Trajectories, labels_for
from landscapes.errors import UserError


def embedded(page: str, element_id: str) -> dict:
    (text,) = re.findall(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    return json.loads(text)


def decoded(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text, validate=True), dtype)


def random_walks(scene, seed: int = 0) -> Trajectories:
    """Paths of the scene's shape without running the optimizers: the page's size depends on shapes only."""
    generator = np.random.default_rng(seed)
    count, starts = len(scene.optimizers), len(scene.starts)
    steps = generator.normal(0, 0.01, (count, starts, scene.steps + 1, 2))
    positions = np.asarray(scene.starts)[None, :, None, :] + np.cumsum(steps, axis=2)
    losses = np.hypot(positions[..., 0], positions[..., 1])
    labels = labels_for(scene.optimizers)
    return Trajectories(scene, labels, labels, positions, losses)


def test_default_scene_page_is_under_600_kb_and_stores_the_csv_numbers(tmp_path):
    paths = landscapes.run(landscapes.builtin_scene())
    output = landscapes.render(paths, tmp_path / "wobbly.html")
    page = output.read_text()
    assert len(page.encode()) < 600_000
    data = embedded(page, "landscapes-data")
    assert data["size"] == [1280, 720]
    values = decoded(data["values"], "<f8").reshape(*paths.losses.shape, 3)
    assert np.array_equal(values[..., :2], paths.positions)
    assert np.array_equal(values[..., 2], paths.losses)
    assert decoded(data["kept"], "<i4").tolist() == list(range(paths.scene.steps + 1))
    assert data["frames"] == list(range(119))  # the article's 119 frames show steps 0 to 118


def test_seventeen_optimizers_over_5000_steps_fit_in_5_mb_with_every_step(tmp_path):
    scene = landscapes.scene(optimizers=[f"sgd(lr={0.001 * (k + 1)})" for k in range(17)], steps=5000)
    paths = random_walks(scene)
    output = landscapes.render(paths, tmp_path / "many.html")
    size = output.stat().st_size
    assert size < 5_000_000
    data = embedded(output.read_text(), "landscapes-data")
    assert len(decoded(data["kept"], "<i4")) == 5001
    assert len(data["optimizers"]) == len(data["toggles"]) == 17


def test_a_run_too_long_to_store_whole_keeps_every_second_step_exactly():
    scene = landscapes.scene(optimizers=["sgd"], steps=120_000)
    paths = random_walks(scene)
    data = embedded(landscapes.show(paths, "html", size=(320, 180)).data.decode(), "landscapes-data")
    kept = decoded(data["kept"], "<i4")
    assert kept.tolist() == list(range(0, 120_001, 2))
    values = decoded(data["values"], "<f8").reshape(1, 1, len(kept), 3)
    assert np.array_equal(values[..., :2], paths.positions[:, :, kept])
    assert np.array_equal(values[..., 2], paths.losses[:, :, kept])
    assert data["frames"][-1] == len(kept) - 1
    frames = np.asarray(timeline_for(paths, ".html", paths.scene.playback).steps)  # the step each frame shows
    assert kept[data["frames"]].tolist() == (frames - frames % 2).tolist()


def test_the_page_plays_at_the_rate_and_length_asked(tmp_path):
    paths = random_walks(landscapes.scene(steps=300))
    playback = Playback(fps=12, duration=2.5, hold=1.5)
    output = landscapes.render(paths, tmp_path / "timed.html", size=(320, 180), playback=playback)
    data = embedded(output.read_text(), "landscapes-data")
    assert (data["fps"], len(data["frames"]), data["hold"]) == (12, 30, 1.5)
    assert data["frames"] == list(timeline_for(paths, ".html", paths.scene.playback, playback).steps)
    assert data["frames"][-1] == 300


def test_long_runs_keep_every_kth_step_and_the_last():
    assert kept_steps(125, 5).tolist() == list(range(126))
    kept = kept_steps(1_000_000, 4, most=1000)
    assert kept[0] == 0 and kept[-1] == 1_000_000
    assert len(kept) <= 250 + 1
    assert set(np.diff(kept[:-1])) == {4017}  # ceil(1,000,000 / 249)
    assert len(kept_steps(10**6, 17)) * 17 <= MOST_STORED_POINTS + 17


def test_labels_cannot_break_out_of_the_page():
    scene = landscapes.scene(optimizers=["sgd@</script><script>alert(1)</script>", "adam"], steps=3)
    page = landscapes.show(random_walks(scene), "html", size=(320, 180)).data.decode()
    assert "<script>alert(1)" not in page
    assert embedded(page, "landscapes-data")["optimizers"][0]["label"] == "</script><script>alert(1)</script>"


def test_notebook_embeds_the_same_player_in_a_sandboxed_frame():
    scene = landscapes.scene(steps=3)
    rendering = landscapes.show(random_walks(scene), "html", size=(320, 180))
    frame = rendering._repr_html_()
    (srcdoc,) = re.findall(r'<iframe srcdoc="([^"]*)"', frame)
    assert html.unescape(srcdoc) == rendering.data.decode()
    assert 'sandbox="allow-scripts"' in frame
    assert rendering.size == (320, 180)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"view": "3d"}, "plays 2D views"), ({"show": ("gradient",)}, "does not draw --show's arrows")],
)
def test_what_the_page_cannot_draw_is_refused_before_any_work(tmp_path, options, message):
    with pytest.raises(UserError, match=message):
        landscapes.render(
            random_walks(landscapes.scene(steps=3)),
            tmp_path / "x.html",
            options=landscapes.RenderOptions(**options),
        )
    assert list(tmp_path.iterdir()) == []
