"""The layout check: over a matrix of sizes, layouts, views, panels, optimizer counts and themes, every
text and legend box lies inside the canvas, no two overlap, and every text is at least its minimum
pixel size. Figures are drawn, not encoded.

MINIMUM_PX and CASES below are the one table of what is checked.
"""

import itertools

import pytest

from animator import figure, style, surface3d
from animator.figure import draw_scene
from animator.options import RenderOptions
from tests.animator.fakes import fake_trajectories

# Each text's least em height in pixels (font points × dpi / 72) at any size from 480 px wide.
MINIMUM_PX = {
    "title": 20,
    "subtitle": 13,
    "formula": 12,
    "legend": 13,
    "counter": 12,
    "panel_title": 13,
    "axis_label": 11,
    "tick": 11,
}
SIZES = [
    (480, 270),
    (640, 360),
    (800, 450),
    (1280, 720),
    (1920, 1080),
    (720, 1280),
    (1080, 1080),
    (2000, 400),
]
VIEWS = [("overlay", "2d"), ("grid", "2d"), ("overlay", "3d"), ("grid", "3d")]
COUNTS = [1, 5, 12, 24]
# Every size × view × loss panel × count; the themes alternate through the matrix.
MATRIX = [
    (size, layout, view, loss, count, ("light", "dark")[index % 2])
    for index, (size, (layout, view), loss, count) in enumerate(
        itertools.product(SIZES, VIEWS, (False, True), COUNTS)
    )
]
# The himmelblau gallery's 17 optimizers beside a loss panel, where the panel lost its numbers.
EXTRA = [
    (size, "overlay", "2d", True, 17, theme)
    for size in ((800, 450), (1280, 720))
    for theme in ("light", "dark")
]
CASES = MATRIX + EXTRA
# From this many pixels up (800×450), the loss panel keeps the numbers on both its axes.
LOSS_LABELS_FROM = 800 * 450


# The default run checks every thirteenth case of the matrix (all sizes, views, counts and both themes
# appear); .ci/run checks them all and the extra ones (`--whole-matrix`), about 90 s of drawing.
SAMPLE_STRIDE = 13


def test_the_matrix_is_large_enough():
    assert len(MATRIX) >= 200
    assert {case[-1] for case in CASES} == {"light", "dark"}
    sample = MATRIX[::SAMPLE_STRIDE]
    assert {case[0] for case in sample} == set(SIZES) and {case[4] for case in sample} == set(COUNTS)
    assert {(case[1], case[2]) for case in sample} == set(VIEWS) and len({case[-1] for case in sample}) == 2


@pytest.fixture(scope="module")
def trajectories():
    return {count: fake_trajectories(count) for count in {*COUNTS, *(case[4] for case in CASES)}}


@pytest.fixture(autouse=True)
def no_surfaces(monkeypatch):
    """Panels without their contours or shaded surface: those are drawn after the layout is settled,
    into panels already placed, so they change no text box checked here (contour labels have their
    own tests), and leaving them out keeps the matrix quick."""
    monkeypatch.setattr(style, "GRID_RESOLUTION", 8)
    monkeypatch.setattr(surface3d, "RESOLUTION", 8)
    monkeypatch.setattr(figure, "finish_panel", lambda *args, **kwargs: None)


def drawn_texts(scene_figure):
    """(role, box) for every visible, non-empty text: the figure's own and the axes' labels and ticks."""
    figure = scene_figure.figure
    renderer = figure.canvas.get_renderer()
    found = [
        (role, text, text.get_window_extent(renderer))
        for text, role in scene_figure.roles.items()
        if text.get_visible() and text.get_text()
    ]
    for ax in figure.axes:
        if hasattr(ax, "zaxis"):
            # A 3D axis places its tick labels while it draws: each axis's labels are checked as one
            # box, which may cross the other axes' boxes (they meet diagonally at the cube's corners).
            for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
                labels = [tick.label1 for tick in axis.get_major_ticks() if tick.label1.get_text()]
                box = axis.get_tightbbox(renderer)
                if labels and box is not None:
                    found.append(("tick3d", labels[0], box))
            continue
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():
                for label in (tick.label1, tick.label2):
                    if label.get_visible() and label.get_text():
                        found.append(("tick", label, label.get_window_extent(renderer)))
            if axis.label.get_visible() and axis.label.get_text():
                found.append(("axis_label", axis.label, axis.label.get_window_extent(renderer)))
    return found


def overlaps(a, b, slack=0.5):
    return a.x0 < b.x1 - slack and b.x0 < a.x1 - slack and a.y0 < b.y1 - slack and b.y0 < a.y1 - slack


@pytest.mark.parametrize(
    ("size", "layout", "view", "loss", "count", "theme"),
    [
        pytest.param(
            *case,
            marks=() if index < len(MATRIX) and index % SAMPLE_STRIDE == 0 else pytest.mark.whole_matrix,
        )
        for index, case in enumerate(CASES)
    ],
    ids=[
        f"{w}x{h}-{layout}-{view}-{'loss' if loss else 'plain'}-{n}-{theme}"
        for (w, h), layout, view, loss, n, theme in CASES
    ],
)
def test_every_text_fits_apart_and_readable(trajectories, size, layout, view, loss, count, theme):
    paths = trajectories[count]
    options = RenderOptions(layout=layout, view=view, loss_panel=loss, theme=theme)
    scene_figure = draw_scene(paths, size, options)
    scene_figure.show(0, paths.scene.steps + 1)
    scene_figure.figure.draw_without_rendering()  # places every text as a draw would, paints nothing
    assert scene_figure.canvas.get_width_height() == size
    width, height = size
    dpi = scene_figure.figure.dpi
    texts = drawn_texts(scene_figure)
    assert any(role == "title" for role, _, _ in texts)
    for role, text, box in texts:
        where = f"{role} {text.get_text()!r}"
        assert box.x0 >= -0.5 and box.y0 >= -0.5 and box.x1 <= width + 0.5 and box.y1 <= height + 0.5, where
        assert text.get_fontsize() * dpi / 72 >= MINIMUM_PX[role.removesuffix("3d")] - 1e-6, where
    for (role_a, a, box_a), (role_b, b, box_b) in itertools.combinations(texts, 2):
        if role_a == role_b == "tick3d":
            continue
        assert not overlaps(box_a, box_b), f"{role_a} {a.get_text()!r} overlaps {role_b} {b.get_text()!r}"
    renderer = scene_figure.canvas.get_renderer()
    flat_axes = [ax for ax in scene_figure.figure.axes if not hasattr(ax, "zaxis")]
    for role, text, box in texts:  # nothing runs over a panel it does not belong to
        for ax in flat_axes:
            if text.axes is not ax:
                assert not overlaps(box, ax.get_window_extent(renderer)), (
                    f"{role} {text.get_text()!r} is over axes"
                )
    for ax in flat_axes:
        if hasattr(ax, "_loss_scale") and width * height >= LOSS_LABELS_FROM:
            for axis in (ax.xaxis, ax.yaxis):
                assert [
                    tick
                    for tick in axis._update_ticks()
                    if tick.label1.get_visible() and tick.label1.get_text()
                ]
    legend = [box for role, _, box in texts if role == "legend"]
    if layout == "overlay" and width <= height and legend:
        # Square and portrait frames: the legend under the surface panel, not in a narrow column beside it.
        panel = scene_figure.figure.axes[0].get_window_extent(renderer)
        assert max(box.y1 for box in legend) <= panel.y0, "the legend is beside the panel"


@pytest.mark.parametrize(("size", "formula_shown"), [((480, 270), False), ((1280, 720), True)])
def test_the_formula_gives_way_to_the_legend_only_where_the_legend_has_no_room(
    trajectories, size, formula_shown
):
    """12 optimizers and a loss panel in a 480×270 notebook GIF: the legend, not the formula, is kept."""
    scene_figure = draw_scene(trajectories[12], size, RenderOptions(loss_panel=True))
    scene_figure.figure.draw_without_rendering()
    shown = {role for role, _, _ in drawn_texts(scene_figure)}
    labels = [text for text, role in scene_figure.roles.items() if role == "legend" and text.get_visible()]
    assert len(labels) >= 12
    assert ("formula" in shown) is formula_shown
