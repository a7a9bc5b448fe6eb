"""A panel per surface, checked like the layout matrix: every text inside the canvas, none over another,
each at least its minimum size; the panels one per surface, titled with its name, the legend shared."""

import itertools

import pytest

from animator import figure, style, surface3d
from animator.figure import draw_scene
from animator.options import RenderOptions
from tests.animator.fakes import fake_panels
from tests.animator.test_layout import MINIMUM_PX, drawn_texts, overlaps

SURFACES = ["rosenbrock", "himmelblau", "x**2+10*y**2", "booth"]
CASES = [
    ((480, 270), 3, "2d", "light"),
    ((800, 450), 4, "2d", "dark"),
    ((1280, 720), 3, "2d", "light"),
    ((720, 1280), 4, "2d", "light"),
    ((800, 450), 3, "3d", "dark"),
]


@pytest.fixture(autouse=True)
def no_surfaces(monkeypatch):
    """No contours: they are drawn after the layout is settled and change no text box checked here."""
    monkeypatch.setattr(style, "GRID_RESOLUTION", 8)
    monkeypatch.setattr(surface3d, "RESOLUTION", 8)
    monkeypatch.setattr(figure, "finish_panel", lambda *args, **kwargs: None)


@pytest.fixture(scope="module")
def panels():
    return {count: fake_panels(SURFACES[:count], 5) for count in (3, 4)}


@pytest.mark.parametrize(
    ("size", "count", "view", "theme"), CASES, ids=[f"{w}x{h}-{n}-{v}" for (w, h), n, v, _ in CASES]
)
def test_panels_per_surface_fit_apart_and_readable(panels, size, count, view, theme):
    paths = panels[count]
    scene_figure = draw_scene(paths, size, RenderOptions(view=view, theme=theme))
    scene_figure.show(0, paths.scene.steps + 1)
    scene_figure.figure.draw_without_rendering()
    width, height = size
    texts = drawn_texts(scene_figure)
    titles = [text.get_text() for role, text, _ in texts if role == "panel_title"]
    assert titles == ["rosenbrock", "himmelblau", "x²+10·y²", "booth"][:count]
    assert sum(role == "legend" for role, _, _ in texts) == 5  # one shared legend, an entry per optimizer
    for role, text, box in texts:
        where = f"{role} {text.get_text()!r}"
        assert box.x0 >= -0.5 and box.y0 >= -0.5 and box.x1 <= width + 0.5 and box.y1 <= height + 0.5, where
        assert (
            text.get_fontsize() * scene_figure.figure.dpi / 72 >= MINIMUM_PX[role.removesuffix("3d")] - 1e-6
        )
    for (role_a, a, box_a), (role_b, b, box_b) in itertools.combinations(texts, 2):
        if role_a == role_b == "tick3d":
            continue
        assert not overlaps(box_a, box_b), f"{role_a} {a.get_text()!r} overlaps {role_b} {b.get_text()!r}"
    surface_axes = scene_figure.figure.axes
    assert len(surface_axes) == count
    if view == "2d":  # each panel shows its own surface's window, with its own tick labels
        for ax, part in zip(surface_axes, paths.panels, strict=True):
            assert ax.get_xlim() == part.scene.xlim and ax.get_ylim() == part.scene.ylim
            assert any(label.get_text() for label in ax.get_yticklabels())
