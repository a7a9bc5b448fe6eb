"""Colours, line styles, heads and text sizes: what tells paths apart and keeps text readable."""

import itertools
from dataclasses import replace

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D

from animator import style
from animator.figure import draw_scene
from animator.legend import loss_text
from animator.losses import loss_scale
from animator.options import RenderOptions
from animator.paths import clusters
from landscapes.errors import UserError
from tests.animator.fakes import fake_trajectories


def lab(color):
    """CIE L*a*b* of an sRGB colour (D65), written out from the standard's formulas."""
    rgb = np.array(to_rgb(color))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_24_paths_never_share_colour_and_line_style(theme):
    paths = fake_trajectories(24, steps=3)
    scene_figure = draw_scene(paths, (640, 360), RenderOptions(theme=theme))
    ax = scene_figure.figure.axes[0]
    drawn = [
        line for line in ax.get_lines() if line.get_linestyle() != "None" and line.get_marker() == "None"
    ]
    pairs = {(line.get_color(), line.get_linestyle()) for line in drawn[-24:]}
    assert len(drawn) >= 24 and len(pairs) == 24
    # The palette's colours differ by at least 20 ΔE (CIE76) from each other: far beyond a glance.
    palette = style.THEMES[theme].path_colors
    assert min(np.linalg.norm(lab(a) - lab(b)) for a, b in itertools.combinations(palette, 2)) >= 20


def test_the_legend_repeats_each_paths_colour_and_style():
    paths = fake_trajectories(14, steps=3)
    scene_figure = draw_scene(paths, (800, 450))
    handles = [artist for artist in scene_figure.figure.artists if isinstance(artist, Line2D)]
    assert [h.get_color() for h in handles] == [style.LIGHT.color_for(i) for i in range(14)]
    assert handles[0].get_linestyle() == "-" and handles[13].get_linestyle() == "--"


def test_text_sizes_grow_from_the_minimums_with_the_output():
    small, reference, large = (style.sizes_for(size) for size in ((480, 270), (800, 450), (1600, 900)))
    for role, minimum in style.TEXT_PX.items():
        assert small.text_px(role) == reference.text_px(role) == minimum
        assert large.text_px(role) == pytest.approx(2 * minimum)
        # points × dpi / 72 is the size in pixels
        assert reference.text(role) * reference.dpi / 72 == pytest.approx(minimum)
    assert style.sizes_for((800, 450), font_scale=1.5).text_px("title") == pytest.approx(30)
    assert style.sizes_for((1600, 900), font_scale=0.25).text_px("tick") == style.TEXT_PX["tick"]
    assert style.sizes_for((1280, 720), dpi=150).text_px("legend") == pytest.approx(13 * 1.6 * 1.5)


def test_font_scale_out_of_range_is_the_users_mistake():
    with pytest.raises(UserError, match=r"font_scale must be between 0\.25 and 4, got 9"):
        RenderOptions(font_scale=9)


def test_heads_on_one_point_are_grouped_and_lone_heads_are_not():
    points = np.array([[10.0, 10.0], [11.0, 10.0], [100.0, 100.0], [12.5, 10.0], [np.nan, np.nan]])
    assert sorted(map(sorted, clusters(points, reach=2.0))) == [[0, 1, 3], [2], [4]]


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.91554, "0.9155"), (12.4412, "12.44"), (2000.0, "2000"), (-0.5151, "−0.5151"), (3.2e-7, "3.200e−07"),
     (1.5e6, "1.500e+06"), (float("nan"), "diverged"), (0.0, "0")],
)  # fmt: skip
def test_loss_texts_are_short_and_plain(value, shown):
    assert loss_text(value) == shown


def test_the_loss_panel_leaves_out_what_ran_away_and_keeps_its_dots_inside():
    paths = fake_trajectories(3, steps=12)
    positions, values = paths.positions.copy(), paths.losses.copy()
    positions[1, 0, 6:] = [[1e3, 1e3]] * 7  # the second optimizer leaves the view at step 6 for good
    values[1, 0, 6:] = 1e71
    runaway = replace(paths, positions=positions, losses=values)
    scene_figure = draw_scene(runaway, (800, 450), RenderOptions(loss_panel=True))
    scene_figure.show(0, 13)
    loss_ax = scene_figure.figure.axes[1]
    assert loss_ax.get_ylim()[1] < 1e3  # scaled from the paths that stayed
    lines = [line for line in loss_ax.get_lines() if line.get_marker() == "None"]
    assert np.isnan(lines[1].get_ydata()[6:]).all() and np.isfinite(lines[1].get_ydata()[:6]).all()
    low, high = loss_ax.get_xlim()
    assert low < 0 and high > 12  # the first and last dots sit wholly inside


def test_losses_that_go_negative_over_orders_of_magnitude_get_a_symmetric_log_axis():
    losses = -np.geomspace(1e-3, 1e3, 50)[None, None, :]
    scale = loss_scale(losses, minimum=None)
    assert scale.symlog is not None and not scale.log
    assert loss_scale(np.linspace(-1, 1, 50)[None, None, :], None).symlog is None
