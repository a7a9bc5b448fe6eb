"""Contour levels and labels: round plain numbers, a readable few, never crowded, readable on dark."""

import itertools
import math
import re

import numpy as np
import pytest
from matplotlib import colormaps
from matplotlib.colors import to_rgb

from animator import background, style
from animator.figure import figure_for
from animator.levels import choose_levels, level_label, log_levels, round_within
from animator.options import LevelSpec, RenderOptions, parse_levels
from landscapes.engine.trajectories import grid_values
from landscapes.errors import UserError
from surfaces import SURFACES
from surfaces.base import ContourLevels

PLAIN = re.compile(r"^−?\d+(\.\d+)?$")


def is_round(text: str) -> bool:
    """Two significant digits at most, or a quarter step of such a number (6.75, 12.5)."""
    value = abs(float(text.replace("−", "-")))
    if value == 0:
        return True
    for candidate in (value, 4 * value):
        scale = 10 ** (math.floor(math.log10(candidate)) - 1)
        if math.isclose(round(candidate / scale) * scale, candidate, rel_tol=1e-9):
            return True
    return False


AUTO = LevelSpec("auto")


def drawn_panel(surface, *, theme="light", levels=AUTO, labels="auto", size=(800, 450)):
    """A surface panel of the size it has in an 800×450 overlay, with its contours and labels."""
    figure = figure_for(size, None, style.THEMES[theme])
    sizes = style.sizes_for(size)
    ax = figure.add_axes((0.08, 0.1, 0.5, 0.85))
    background.set_window(ax, surface.xlim, surface.ylim)
    ax.apply_aspect()
    xs, ys, z = grid_values(surface, surface.xlim, surface.ylim, 120)
    start = np.array([surface.start])
    background.draw_contours(
        ax, surface, xs, ys, z, style.THEMES[theme], sizes, levels=levels, labels=labels, keep_clear=start
    )
    return figure, ax, start


def label_texts(ax):
    return [text for text in ax.texts if text.get_text()]


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_every_built_in_surface_gets_a_few_round_plain_labels_that_keep_clear(name):
    surface = SURFACES[name]
    figure, ax, start = drawn_panel(surface)
    renderer = figure.canvas.get_renderer()
    texts = label_texts(ax)
    assert 1 <= len(texts) <= 12, len(texts)
    box = ax.get_window_extent(renderer)
    start_px = ax.transData.transform(start)[0]
    boxes = []
    for text in texts:
        label = text.get_text()
        assert PLAIN.match(label) and is_round(label), label
        extent = text.get_window_extent(renderer)
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0 and extent.y1 <= box.y1
        assert not extent.padded(8).contains(*start_px), label
        boxes.append(extent)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_no_labels_and_all_labels():
    surface = SURFACES["himmelblau"]
    assert label_texts(drawn_panel(surface, labels="none")[1]) == []
    few = len(label_texts(drawn_panel(surface)[1]))
    assert len(label_texts(drawn_panel(surface, labels="all")[1])) > few


def test_log_levels_above_a_minimum_that_is_not_zero_are_round():
    levels = log_levels(0.9155, 15.0)
    assert levels[0] > 0.9155 and levels[-1] <= 15
    labels = [level_label(v) for v in levels]
    assert all(is_round(label) for label in labels if float(label) >= 0.94), labels
    assert np.all(np.diff(levels) > 0) and levels[0] < 0.93  # dense right above the minimum
    assert round_within(0.9155 + 0.05, 0.05 / 4) == 0.96
    assert level_label(2000.0) == "2000" and level_label(-0.5) == "−0.5" and level_label(8.0) == "8"


def test_auto_picks_log_for_a_narrow_valley_and_linear_for_a_bowl():
    x, y = np.meshgrid(np.linspace(-3, 3, 80), np.linspace(-3, 3, 80))
    ring = 30 * (np.hypot(x, y) - 2) ** 2
    bowl = x**2 + y**2
    auto = LevelSpec("auto")
    linear_policy = ContourLevels("linear", count=20)
    ring_levels = choose_levels(auto, linear_policy, ring.ravel())
    bowl_levels = choose_levels(auto, linear_policy, bowl.ravel())
    assert ring_levels[1] / ring_levels[0] > 1.5  # geometric: dense near the trough
    assert np.allclose(np.diff(bowl_levels), np.diff(bowl_levels)[0])
    assert len(choose_levels(LevelSpec("auto", count=8), linear_policy, bowl.ravel())) <= 10
    fixed = choose_levels(LevelSpec("values", values=(1.0, 2.0, 5.0)), linear_policy, bowl.ravel())
    assert fixed.tolist() == [1.0, 2.0, 5.0]


@pytest.mark.parametrize(
    ("text", "spec"),
    [("auto", LevelSpec("auto")), ("LOG", LevelSpec("log")), ("linear", LevelSpec("linear")),
     ("12", LevelSpec("auto", 12)), ("5,1,2", LevelSpec("values", values=(1.0, 2.0, 5.0))),
     (7, LevelSpec("auto", 7)), ((0.5, 1), LevelSpec("values", values=(0.5, 1.0)))],
)  # fmt: skip
def test_levels_are_read_from_text_and_python_values(text, spec):
    assert parse_levels(text) == spec
    assert RenderOptions(levels=text).level_spec == spec


@pytest.mark.parametrize(
    ("text", "message"),
    [("lots", "bad levels 'lots'; use auto, log, linear"), ("1", "between 2 and 200 levels, got 1"),
     ("1,nan", "at least two finite values"), ("3", None)],
)  # fmt: skip
def test_bad_levels_are_the_users_mistake(text, message):
    if message is None:
        parse_levels(text)
        return
    with pytest.raises(UserError, match=re.escape(message)):
        parse_levels(text)
    with pytest.raises(UserError, match="unknown contour_labels 'some'"):
        RenderOptions(contour_labels="some")


def luminance(rgb):
    linear = np.where(
        np.asarray(rgb) <= 0.03928, np.asarray(rgb) / 12.92, ((np.asarray(rgb) + 0.055) / 1.055) ** 2.4
    )
    return float(0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2])


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_dark_theme_lines_and_labels_keep_a_contrast_of_4_5():
    dark = style.DARK
    axes = np.array(to_rgb(dark.axes_color))
    # The lightest colour behind a line: the axes with the fill's lightest shade over it.
    lightest_fill = np.array(colormaps[dark.fill_cmap](1.0)[:3])
    behind = (1 - dark.fill_alpha) * axes + dark.fill_alpha * lightest_fill
    for t in np.linspace(*dark.contour_range, 30):
        assert contrast(colormaps[dark.contour_cmap](t)[:3], behind) >= 4.5, t
    # Labels sit on a halo of the axes colour.
    assert contrast(to_rgb(dark.contour_label_color), axes) >= 4.5
    _, ax, _ = drawn_panel(SURFACES["rosenbrock"], theme="dark")
    for text in label_texts(ax):
        assert to_rgb(text.get_color()) == to_rgb(dark.contour_label_color)
