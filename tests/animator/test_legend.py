"""The legend's loss column: each optimizer's current loss, as the trajectories CSV has it."""

import csv
import io
import re

import pytest

from animator.figure import draw_scene
from animator.legend import LegendValues
from landscapes.engine.trajectories import run
from landscapes.engine.trajectory_csv import write_trajectories
from landscapes.scenes.model import builtin_scene


@pytest.fixture(scope="module")
def default_scene():
    paths = run(builtin_scene())
    stream = io.StringIO()
    write_trajectories(paths, stream)
    stream.seek(0)
    losses = {(row["label"], int(row["step"])): float(row["loss"]) for row in csv.DictReader(stream)}
    return paths, losses


def agrees_to_the_digits_shown(shown: str, value: float) -> bool:
    """True if `shown` is `value` rounded to the significant digits `shown` has."""
    number = float(shown.replace("−", "-"))
    mantissa = re.match(r"-?([\d.]+)", shown.replace("−", "-")).group(1)
    digits = len(mantissa.replace(".", "").lstrip("0"))
    return number == float(f"{value:.{digits}g}")


@pytest.mark.parametrize("still", [False, True], ids=["last-frame", "still"])
def test_the_legend_shows_each_optimizers_current_loss_as_in_the_csv(default_scene, still):
    paths, losses = default_scene
    scene = paths.scene
    schedule = scene.playback.points_per_frame(scene.steps)
    # The animation's last frame shows 119 points (step 118); the still shows the whole paths.
    points = scene.steps + 1 if still else schedule[-1]
    scene_figure = draw_scene(paths, (1280, 720))
    scene_figure.show(len(schedule) - 1, points)
    (values,) = [mover for mover in scene_figure.movers if isinstance(mover, LegendValues)]
    shown = [text.get_text() for text in values.texts]
    assert len(shown) == 5
    for label, text in zip(paths.labels, shown, strict=True):
        assert agrees_to_the_digits_shown(text, losses[label, points - 1]), (label, text)
    if still:
        last = {label: losses[label, scene.steps] for label in paths.labels}
        assert all(
            agrees_to_the_digits_shown(t, last[label]) for label, t in zip(paths.labels, shown, strict=True)
        )
