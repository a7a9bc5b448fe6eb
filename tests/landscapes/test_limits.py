"""Resource limits: refused up front by `scenes.validate` with a line that gives the limit."""

import pytest

from landscapes import limits
from landscapes.errors import UserError
from landscapes.scenes.compose import compose_scene


def test_trajectory_bytes_count_x_y_and_loss_in_float64():
    # 3 paths of 11 points, 3 float64 numbers each.
    assert limits.trajectory_bytes(3, 10) == 3 * 11 * 3 * 8


def test_the_largest_accepted_run_fits_and_one_more_point_does_not():
    paths = 400
    steps = limits.MAX_TRAJECTORY_BYTES // (paths * 3 * 8) - 1
    limits.check_trajectory_size(paths, steps)
    with pytest.raises(UserError, match="the limit is 256 MiB"):
        limits.check_trajectory_size(paths, steps + 1)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"steps": limits.MAX_STEPS + 1}, "--steps is 1,000,001; the limit is 1,000,000"),
        ({"frames": limits.MAX_FRAMES + 1}, "--frames is 100,001; the limit is 100,000"),
        ({"size": "8193x100"}, "the longer side is 8,193; the limit is 8,192"),
        ({"size": "100x63"}, "at least 64x64 pixels"),
        ({"fps": 1001.0}, "between 0.01 and 1000"),
        ({"start_sets": ["grid:400", "random:1"]}, "the number of start points is 401; the limit is 400"),
        ({"optimizers": ["adam"] * 3, "start_sets": ["grid:400"], "steps": 20_000}, "the limit is 256 MiB"),
    ],
)
def test_absurd_sizes_are_refused_with_the_limit(options, message):
    with pytest.raises(UserError, match=message.replace("(", r"\(")):
        compose_scene(**options)


def test_sizes_at_the_limits_are_accepted():
    scene = compose_scene(steps=limits.MAX_STEPS, frames=limits.MAX_FRAMES, size="8192x64", fps=1000.0)
    assert (scene.steps, scene.playback.frames, scene.playback.size) == (
        limits.MAX_STEPS,
        limits.MAX_FRAMES,
        (8192, 64),
    )
