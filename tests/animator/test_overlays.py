"""Overlays (`--show`) and the gradient field (`--field`): the artists' data against the hand-derived
gradient, and the files a user gets."""

from dataclasses import replace

import imageio_ffmpeg
import matplotlib.colors
import matplotlib.image
import numpy as np
import pytest
from matplotlib.collections import EllipseCollection, LineCollection, PathCollection
from matplotlib.quiver import Quiver

from animator import render
from animator.figure import draw_scene
from animator.options import SHOWN, RenderOptions
from animator.overlays import InternalsOverlay, nice_factor
from landscapes.engine.trajectories import run
from landscapes.errors import UserError
from landscapes.optimizers.spec import parse_spec
from landscapes.scenes.model import builtin_scene, with_overrides
from tests import reference

SHOW = ("gradient", "velocity", "scale")
SIZE = (320, 180)


@pytest.fixture(scope="module")
def recorded():
    specs = tuple(parse_spec(text) for text in ("momentum(lr=0.01, momentum=0.9)", "adam(lr=0.1)", "bfgs"))
    return run(with_overrides(builtin_scene("wobbly"), optimizers=specs, steps=8), internals=True)


@pytest.fixture(scope="module")
def shown_figure(recorded):
    """One figure with every overlay, shared by the tests that read one kind of artist each."""
    return draw_scene(recorded, SIZE, RenderOptions(show=tuple(name for name in SHOWN if name != "lr")))


def _artist(scene_figure, kind):
    (artist,) = [artist for artist in _overlay(scene_figure).artists if isinstance(artist, kind)]
    return artist


def _overlay(scene_figure) -> InternalsOverlay:
    (overlay,) = [mover for mover in scene_figure.movers if isinstance(mover, InternalsOverlay)]
    return overlay


@pytest.mark.parametrize("layout", ["overlay", "grid"])
def test_gradient_arrows_point_down_the_independent_gradient(recorded, layout):
    scene_figure = draw_scene(recorded, SIZE, RenderOptions(show=SHOW, layout=layout))
    overlays = [mover for mover in scene_figure.movers if isinstance(mover, InternalsOverlay)]
    assert len(overlays) == (3 if layout == "grid" else 1)
    for frame, points in ((2, 3), (6, 7)):
        scene_figure.show(frame, points)
        heads = np.concatenate([recorded.positions[:, 0, points - 1]])
        gradient = reference.wobbly_grad(heads)
        # One Quiver per panel holds every arrow: first the gradients, one per path, then the velocities.
        arrows = [q for overlay in overlays for q in overlay.artists if isinstance(q, Quiver)]
        per_panel = 3 if layout == "overlay" else 1
        drawn = np.concatenate([np.column_stack([q.U, q.V])[:per_panel] for q in arrows])
        anchors = np.concatenate([q.get_offsets()[:per_panel] for q in arrows])
        np.testing.assert_allclose(anchors, heads, rtol=1e-12)
        unit = drawn / np.linalg.norm(drawn, axis=1, keepdims=True)
        np.testing.assert_allclose(
            unit, -gradient / np.linalg.norm(gradient, axis=1, keepdims=True), atol=1e-9
        )
        # One magnification for every optimizer: lengths keep the gradients' proportions.
        ratio = np.linalg.norm(drawn, axis=1) / np.linalg.norm(gradient, axis=1)
        np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9)


def test_velocity_arrow_is_momentums_velocity_and_adams_minus_m(recorded, shown_figure):
    shown_figure.show(4, 5)
    quiver = _artist(shown_figure, Quiver)
    drawn = np.column_stack([quiver.U, quiver.V])[3:6]  # after the three gradient arrows
    velocity = recorded.internals[0]["velocity"][0, 4]
    moment = recorded.internals[1]["moment"][0, 4]
    for arrow, direction in ((drawn[0], velocity), (drawn[1], -moment)):
        assert np.dot(arrow, direction) > 0
        assert arrow[0] * direction[1] - arrow[1] * direction[0] == pytest.approx(0, abs=1e-12)
    assert np.all(drawn[2] == 0)  # BFGS has no velocity


def test_scale_ellipses_have_axes_proportional_to_the_step_sizes(recorded, shown_figure):
    shown_figure.show(5, 6)
    ellipses = _artist(shown_figure, EllipseCollection)
    widths, heights = ellipses.get_widths(), ellipses.get_heights()
    # Momentum and BFGS have no per-coordinate step size; Adam's ellipse has Adam's proportions.
    assert widths[0] == heights[0] == widths[2] == heights[2] == 0
    scale = recorded.internals[1]["scale"][0, 5]
    assert widths[1] / heights[1] == pytest.approx(scale[0] / scale[1], rel=1e-9)


def test_linesearch_dots_are_the_trials_of_the_steps_taken(recorded, shown_figure):
    trials = recorded.internals[2]["trials"][0]
    for frame, points in ((0, 1), (4, 5), (8, 9)):
        shown_figure.show(frame, points)
        dots = _artist(shown_figure, PathCollection)
        taken = trials[: points - 1].reshape(-1, 2)
        np.testing.assert_array_equal(dots.get_offsets(), taken[np.isfinite(taken).all(axis=1)])
    assert len(dots.get_offsets()) > 8  # more than one trial for some step


def test_key_states_the_magnifications(shown_figure):
    ax = shown_figure.figure.axes[0]
    texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert texts[0].startswith("−∇f ×") and "velocity ×" in texts[1] and "−m ×" in texts[1]
    assert any("ellipse" in text for text in texts) and "line-search trials" in texts


@pytest.mark.parametrize("suffix", [".mp4", ".gif", ".png"])
def test_overlays_render_to_every_format(recorded, tmp_path, suffix):
    path = render(recorded, tmp_path / f"shown{suffix}", size=SIZE, options=RenderOptions(show=SHOW))
    if suffix == ".png":
        assert matplotlib.image.imread(path).shape[:2] == (SIZE[1], SIZE[0])
        return
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert tuple(meta["size"]) == SIZE
    frame_count, frame_rate = recorded.scene.playback.timing(recorded.scene.steps)
    held = round(2.0 * frame_rate) if suffix == ".gif" else 0  # a GIF's 2 s hold, decoded
    assert sum(1 for _ in reader) == frame_count + held


def test_show_needs_recorded_internals_and_known_names(recorded):
    with pytest.raises(UserError, match=r"internals=True"):
        draw_scene(replace(recorded, internals=None), SIZE, RenderOptions(show=("gradient",)))
    with pytest.raises(UserError, match=r"unknown show 'velocty'; did you mean 'velocity'"):
        RenderOptions(show=("velocty",))
    with pytest.raises(UserError, match=r"unknown field 'quiver'"):
        RenderOptions(field="quiver")
    with pytest.raises(UserError, match=r"field stream draws on the 2D map; with view 3d use field arrows"):
        RenderOptions(field="stream", view="3d")


def test_round_factors():
    assert nice_factor(1.0, 0.72) == 1
    assert nice_factor(1.0, 0.3) == 0.2
    assert nice_factor(0.01, 0.72) == 100
    assert nice_factor(0.0, 1.0) == 1.0


@pytest.mark.parametrize("kind", ["arrows", "stream"])
def test_field_points_down_the_gradient(recorded, kind):
    theme = "dark" if kind == "stream" else "light"  # the overlays on a dark slide, while at it
    scene_figure = draw_scene(recorded, SIZE, RenderOptions(field=kind, theme=theme, show=("gradient",)))
    ax = scene_figure.figure.axes[0]
    if kind == "stream":
        scene_figure.show(3, 4)
        assert matplotlib.colors.to_hex(_artist(scene_figure, Quiver).get_facecolor()[0]) == "#f0f0f0"
        (lines,) = [artist for artist in ax.collections if isinstance(artist, LineCollection)]
        segments = np.array([segment for segment in lines.get_segments() if len(segment) == 2])
        along = segments[:, 1] - segments[:, 0]
        moving = np.linalg.norm(along, axis=1) > 0
        segments, along = segments[moving], along[moving]
        downhill = -reference.wobbly_grad(segments.mean(axis=1))
        cosine = (
            np.sum(along * downhill, axis=1)
            / np.linalg.norm(along, axis=1)
            / np.linalg.norm(downhill, axis=1)
        )
        # Lines are traced both ways from their seeds; their arrows carry the direction.
        assert len(segments) > 100 and np.mean(np.abs(cosine) > 0.95) > 0.95
        return
    overlay = _artist(scene_figure, Quiver)
    (field,) = [artist for artist in ax.collections if isinstance(artist, Quiver) and artist is not overlay]
    points = field.get_offsets()
    drawn = np.column_stack([field.U, field.V])
    gradient = reference.wobbly_grad(points)
    unit = -gradient / np.linalg.norm(gradient, axis=1, keepdims=True)
    smooth = points[:, 0] != 0  # |x| has no derivative at x = 0, where the two sides may pick differently
    assert smooth.sum() == len(points) - 21
    drawn_unit = drawn / np.linalg.norm(drawn, axis=1, keepdims=True)
    np.testing.assert_allclose(drawn_unit[smooth], unit[smooth], atol=1e-9)
    assert ax.get_xlim() == recorded.scene.xlim


def test_the_study_draws_each_update_against_its_gradient(cli, tmp_path):
    from animator.responses import sweep_figure
    from landscapes.study.responses import responses

    (sweep,) = responses(["simple_momentum"], ["spikes"])
    figure = sweep_figure(sweep, against=True)
    against = figure.axes[1]
    lines = [line for line in against.get_lines() if len(line.get_xdata()) == len(sweep.gradient)]
    assert len(lines) == len(sweep.updates)
    for line, updates in zip(lines, sweep.updates, strict=True):
        np.testing.assert_array_equal(line.get_xdata(), sweep.gradient)
        np.testing.assert_array_equal(line.get_ydata(), updates)
    result = cli("signals", "-m", "adam", "--show", "gradient", "-o", tmp_path / "study")
    assert result.exit_code == 2 and "--show takes only 'update'" in result.stderr
    assert not (tmp_path / "study").exists()


@pytest.fixture(scope="module")
def figure_3d(recorded):
    options = RenderOptions(
        show=("gradient", "velocity", "update", "scale", "linesearch"), field="arrows", view="3d"
    )
    return draw_scene(recorded, SIZE, options)


def _overlay_3d(scene_figure):
    from animator.overlays3d import InternalsOverlay3D

    (overlay,) = [mover for mover in scene_figure.movers if isinstance(mover, InternalsOverlay3D)]
    return overlay


def test_3d_arrows_lie_on_the_surface_and_point_down_the_gradient(recorded, figure_3d):
    from animator import surface3d

    overlay = _overlay_3d(figure_3d)
    figure_3d.begin_animation()
    pixels = np.array(figure_3d.frame(4, 5))  # drawn, blitted: the heads project without failing
    assert pixels.shape == (SIZE[1], SIZE[0], 4)
    arrows, loops = overlay.artists[-1], overlay.artists[-2]
    curves = np.array(arrows._segments3d)
    lift = surface3d.LIFT * np.subtract(*figure_3d.figure.axes[0].get_zlim()[::-1])
    heads = recorded.positions[:, 0, 4]
    paths = len(heads)
    gradient = curves[:paths]  # the gradients first, one per path, then the velocities, then the steps
    np.testing.assert_allclose(gradient[:, 0, :2], heads, rtol=0, atol=1e-12)
    np.testing.assert_allclose(gradient[:, 0, 2], recorded.losses[:, 0, 4] + lift, rtol=1e-12)
    along = gradient[:, -1, :2] - gradient[:, 0, :2]
    downhill = -reference.wobbly_grad(heads)
    cosine = (
        np.sum(along * downhill, axis=1) / np.linalg.norm(along, axis=1) / np.linalg.norm(downhill, axis=1)
    )
    assert np.all(cosine > 1 - 1e-9)
    # Every point of every curve sits on the surface, lifted like the paths (to the interpolation's error).
    points = curves[np.isfinite(curves).all(axis=-1)]
    np.testing.assert_allclose(points[:, 2], reference.wobbly(points[:, :2]) + lift, atol=0.02)
    assert len(loops._segments3d) == paths and np.isfinite(loops._segments3d[1]).all()  # adam's ellipse
    assert set(arrows.tipped) <= {True, False} and arrows.tipped[:paths].all()


def test_3d_trials_sit_at_their_losses_and_the_field_points_downhill(recorded, figure_3d):
    from animator import surface3d

    overlay = _overlay_3d(figure_3d)
    figure_3d.show(6, 7)
    (dots,) = [artist for artist in overlay.artists if hasattr(artist, "get_data_3d")]
    x, y, z = (np.asarray(values) for values in dots.get_data_3d())
    lift = surface3d.LIFT * np.subtract(*figure_3d.figure.axes[0].get_zlim()[::-1])
    assert len(x) >= 6
    np.testing.assert_allclose(z, reference.wobbly(np.column_stack([x, y])) + lift, rtol=1e-12)
    from animator.overlays3d import ArrowCurves

    ax = figure_3d.figure.axes[0]
    (field,) = [artist for artist in ax.collections if isinstance(artist, ArrowCurves) and artist.zorder == 2]
    curves = np.array(field._segments3d)
    along = curves[:, -1, :2] - curves[:, 0, :2]
    downhill = -reference.wobbly_grad(curves[:, 2, :2])
    cosine = (
        np.sum(along * downhill, axis=1) / np.linalg.norm(along, axis=1) / np.linalg.norm(downhill, axis=1)
    )
    assert len(curves) > 150 and np.mean(cosine > 0.999) > 0.95
