"""The per-optimizer summary against hand-worked gradient descent on a bowl, and as the CLI writes it."""

import csv
import io
import math

import pytest

import landscapes
from landscapes.engine.summary import SUMMARY_HEADER, summaries, summary_table, write_summary


@pytest.fixture(scope="module")
def bowl_runs():
    bowl = landscapes.custom_surface(lambda x, y: x**2 + y**2, name="bowl", minima=[(0, 0)])
    scene = landscapes.scene(
        surface=bowl, optimizers=["sgd(lr=0.1)", "sgd(lr=1.5)@wild"], starts=[(1.0, 0.0)], steps=40
    )
    return summaries(landscapes.run(scene))


def test_numbers_agree_with_gradient_descent_worked_by_hand(bowl_runs):
    steady, wild = bowl_runs
    # On x² + y², sgd multiplies x by (1 − 2·lr) each step: loss_k = 0.8^(2k) from (1, 0).
    assert steady.final_loss == pytest.approx(0.8**80, rel=1e-12)
    assert steady.gap == pytest.approx(0.8**80, rel=1e-12)  # the known minimum's value is 0
    assert steady.steps == math.ceil(math.log(1e-3) / (2 * math.log(0.8)))  # first k with 0.64^k ≤ 1e-3
    assert (steady.diverged, steady.starts) == (0, 1)
    # lr = 1.5 multiplies x by −2 each step: it leaves the window and never gets near.
    assert wild.label == "wild" and wild.steps is None and wild.diverged == 1


def test_csv_and_table_say_the_same(bowl_runs):
    stream = io.StringIO()
    write_summary(bowl_runs, stream)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == SUMMARY_HEADER
    assert float(rows[1][1]) == bowl_runs[0].final_loss and rows[2][3] == ""
    table = summary_table(bowl_runs).splitlines()
    assert table[0].split() == ["final", "loss", "gap", "to", "minimum", "steps", "to", "0.001", "diverged"]
    assert table[1].split()[-1] == "no" and table[2].split()[-1] == "yes"


def test_the_command_line_writes_the_summary_and_prints_no_table_off_a_terminal(cli, tmp_path):
    written = cli("trajectories", "wobbly", "--steps", "5", "--summary", "-o", "-")
    assert written.exit_code == 0, written.stderr
    rows = list(csv.reader(io.StringIO(written.stdout)))
    assert tuple(rows[0]) == SUMMARY_HEADER and [row[0] for row in rows[1:]] == [
        "nesterov", "rmsprop", "adadelta", "adagrad", "adam"
    ]  # fmt: skip
    rendered = cli("render", "wobbly", "--steps", "5", "--size", "160x90", "-o", tmp_path / "w.png")
    assert rendered.exit_code == 0 and rendered.stdout == ""
