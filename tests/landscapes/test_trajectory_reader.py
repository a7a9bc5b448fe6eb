"""Paths in: a trajectories CSV read back as the same paths, hand-written CSVs, and their mistakes."""

import io

import numpy as np
import pytest

from landscapes.engine.trajectories import run
from landscapes.engine.trajectory_csv import write_trajectories
from landscapes.engine.trajectory_reader import load_trajectories
from landscapes.errors import UserError
from landscapes.scenes.compose import scene
from landscapes.scenes.lookup import find_surface


def test_our_csv_reads_back_exactly(tmp_path):
    computed = run(scene("wobbly", steps=12, starts=[(-2.8, -2.5), (1.0, 2.0)]))
    stream = io.StringIO()
    write_trajectories(computed, stream)
    (tmp_path / "w.csv").write_text(stream.getvalue())
    read = load_trajectories(tmp_path / "w.csv", scene=computed.scene)
    assert read.labels == computed.labels and read.legends == computed.legends
    assert np.array_equal(read.positions, computed.positions)
    assert np.array_equal(read.losses, computed.losses)
    assert read.scene == computed.scene


def test_a_hand_written_csv_without_losses(tmp_path):
    (tmp_path / "mine.csv").write_text(
        "label,start,step,x,y\nmy run,0,0,1,1\nmy run,0,2,0.25,nan\nmy run,0,1,0.5,0.5\n"
    )
    surface = find_surface("x**2 + 3*y**2")
    read = load_trajectories(tmp_path / "mine.csv", surface)
    assert read.labels == read.legends == ("my run",)
    assert read.positions.shape == (1, 1, 3, 2)
    assert read.losses[0, 0, :2].tolist() == [4.0, 0.25 + 3 * 0.25]  # x² + 3y², computed
    assert np.isnan(read.losses[0, 0, 2])
    assert read.scene.steps == 2 and read.scene.name == "mine"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("label,start,x,y\n", "missing step"),
        ("label,start,step,x,y\n", "no paths, only a header"),
        ("label,start,step,x,y\na,0,0,1,1\na,0,1,one,1\n", r"line 3: x 'one' is not a number"),
        ("label,start,step,x,y\na,0,0,1,1\na,0,2,1,1\n", "'a' start 0 skips step 1"),
        (
            "label,start,step,x,y\na,0,0,1,1\na,0,1,1,1\nb,0,0,1,1\nb,0,1,1,1\nb,0,2,1,1\n",
            "different numbers of steps",
        ),
        ("label,start,step,x,y\na,0,0,1,1\na,0,0,1,1\n", "step 0 of 'a' start 0 is repeated"),
        ("label,start,step,x,y\na,-1,0,1,1\n", "start must be 0 or more"),
    ],
)
def test_mistakes_name_the_file_and_line(tmp_path, text, message):
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(UserError, match=message):
        load_trajectories(tmp_path / "bad.csv", find_surface("rosenbrock"))


def test_a_surface_is_needed(tmp_path):
    with pytest.raises(UserError, match="say which surface"):
        load_trajectories(tmp_path / "any.csv")
