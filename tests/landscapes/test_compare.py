"""The leaderboard: success, steps and gap against plain-numpy runs from the same starts; CSV, Markdown
and the heatmap PNG as a user reads them."""

import csv
import io
import math

import matplotlib.image as mpimg
import numpy as np
import pytest

import landscapes
from landscapes.engine.compare import CSV_HEADER, compare
from landscapes.errors import UserError
from landscapes.scenes.starts import start_set
from surfaces import SURFACES

# The same pairs, starts and steps throughout, so the tests share their compilations.
PAIRS = ("-O", "sgd(lr=0.02)", "-O", "momentum(lr=0.001)", "--surface", "booth", "--surface", "himmelblau",
         "--starts", "12", "--steps", "80", "--seed", "3")  # fmt: skip


def _numpy_sgd_on_booth(start, lr, steps):
    """Booth: (x + 2y − 7)² + (2x + y − 5)², minimum 0 at (1, 3); window [−10, 10]²."""
    points = [np.asarray(start, float)]
    for _ in range(steps):
        x, y = points[-1]
        a, b = x + 2 * y - 7, 2 * x + y - 5
        points.append(points[-1] - lr * np.array([2 * a + 4 * b, 4 * a + 2 * b]))
    return np.array(points)


def test_success_steps_and_gap_are_those_of_plain_numpy_runs_from_the_same_starts():
    board = compare(
        ["sgd(lr=0.02)", "momentum(lr=0.001)"], ["booth", "himmelblau"], starts=12, steps=80, seed=3
    )
    assert board.optimizers == ("sgd(lr=0.02)", "momentum(lr=0.001)")
    assert board.surfaces == ("booth", "himmelblau")
    reach = 0.01 * math.hypot(20, 20)
    settled, finals = [], []
    for start in start_set("random", 12, (-10.0, 10.0), (-10.0, 10.0), 3):
        path = _numpy_sgd_on_booth(start, 0.02, 80)
        far = np.linalg.norm(path - [1.0, 3.0], axis=1) > reach
        last_far = np.flatnonzero(far).max() if far.any() else -1
        settled.append(math.inf if last_far == 80 else last_far + 1)
        finals.append(path[-1])
    result = board.result("sgd(lr=0.02)", "booth")
    reached = np.isfinite(settled)
    assert result.success_rate == reached.mean()
    assert result.median_steps == np.median(np.array(settled)[reached])
    booth = SURFACES["booth"].fn
    gaps = [float(booth(np.asarray(point))) for point in finals]
    assert result.median_final_gap == pytest.approx(np.median(gaps), rel=1e-9, abs=1e-12)


def test_csv_has_a_row_per_pair_and_markdown_a_row_per_optimizer(cli, tmp_path):
    done = cli("compare", *PAIRS, "-o", str(tmp_path / "board.csv"))
    assert done.exit_code == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "board.csv").read_text())))
    assert tuple(rows[0]) == CSV_HEADER
    assert [(row["optimizer"], row["surface"]) for row in rows] == [
        ("sgd(lr=0.02)", "booth"), ("sgd(lr=0.02)", "himmelblau"),
        ("momentum(lr=0.001)", "booth"), ("momentum(lr=0.001)", "himmelblau"),
    ]  # fmt: skip
    assert all(0 <= float(row["success_rate"]) <= 1 and row["starts"] == "12" for row in rows)
    table = cli("compare", *PAIRS)
    lines = [line for line in table.stdout.splitlines() if line.startswith("| ")]
    assert lines[0] == "| optimizer | booth | himmelblau | mean success |"
    assert [line.split(" | ")[0] for line in lines[1:]] == ["| sgd(lr=0.02)", "| momentum(lr=0.001)"]


def test_heatmap_png_is_a_whole_picture(cli, tmp_path):
    output = tmp_path / "board.png"
    done = cli("compare", *PAIRS, "-o", str(output))
    assert done.exit_code == 0, done.stderr
    pixels = mpimg.imread(output)
    height, width = pixels.shape[:2]
    assert 200 < width < 900 and 150 < height < 700


def test_a_surface_without_known_minima_is_judged_against_the_lowest_loss_any_path_reached():
    bowl = "(x - 1)**2 + 2*(y + 0.5)**2"
    board = compare(["sgd(lr=0.02)", "momentum(lr=0.001)"], [bowl], starts=12, steps=80, seed=3)
    (found,) = board.found[bowl]
    # The lowest loss of the same runs computed by the plain engine, inside the window.
    window = ((-3.0, 3.0), (-3.0, 3.0))
    scene = landscapes.scene(surface=bowl, optimizers=["sgd(lr=0.02)", "momentum(lr=0.001)"], steps=80,
                             starts=start_set("random", 12, *window, 3))  # fmt: skip
    paths = landscapes.run(scene)
    inside = (np.abs(paths.positions) <= 3).all(axis=-1)
    lowest = np.where(inside, paths.losses, np.inf).min()
    assert found.value == pytest.approx(lowest, abs=1e-12)
    reach = 0.01 * math.hypot(6, 6)
    assert math.hypot(found.x - 1, found.y + 0.5) < reach  # where the bowl's true minimum is
    ends = paths.positions[0, :, -1]
    near = np.linalg.norm(ends - [found.x, found.y], axis=1) <= reach
    assert board.result("sgd(lr=0.02)", bowl).success_rate == near.mean()
    assert "No known minima, so judged against the best found" in board.markdown()


def test_mistakes_are_one_line():
    with pytest.raises(UserError, match="--starts must be between 1 and 400"):
        compare(["sgd"], ["booth"], starts=0)
