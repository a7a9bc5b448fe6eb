"""Views that compare: layouts, loss panel, 3D, themes and tails, checked on pixels of what is drawn."""

import itertools
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from animator import render
from animator.figure import draw_scene
from animator.layout import grid_cells, grid_shape
from animator.losses import loss_scale
from animator.options import RenderOptions
from animator.paths import shown_points, tail_alphas
from animator.rendering import render_frames
from landscapes.engine.trajectories import run
from landscapes.errors import UserError
from landscapes.optimizers.spec import OptimizerSpec
from landscapes.scenes.model import builtin_scene
from landscapes.values import OPTIONS, named_as

SIZE = (640, 360)


@pytest.fixture(scope="module")
def wobbly():
    """The article's wobbly scene, three optimizers, 40 steps in 8 frames: small and quick to draw."""
    scene = builtin_scene("wobbly")
    playback = replace(scene.playback, animated_points=None, frames=8)
    scene = replace(scene, optimizers=scene.optimizers[:3], steps=40, playback=playback)
    return run(scene)


def pixel_boxes(scene_figure):
    """Each axes' box as (top, bottom, left, right) rows and columns of the image, inside the frame.

    The figure is drawn first: equal-aspect axes take their final size only when drawn.
    """
    scene_figure.canvas.draw()
    height = scene_figure.canvas.get_width_height()[1]
    boxes = []
    for ax in scene_figure.figure.axes:
        box = ax.get_window_extent()
        boxes.append(
            (round(height - box.y1) + 2, round(height - box.y0) - 2, round(box.x0) + 2, round(box.x1) - 2)
        )
    return boxes


def scaled(box, factor):
    return tuple(round(edge * factor) for edge in box)


# Layout arithmetic.


def test_grid_shape_picks_the_largest_square_cells():
    area = (0.0, 0.0, 1.0, 1.0)
    assert grid_shape(6, area, 16 / 9) == (2, 3)
    assert grid_shape(4, area, 1.0) == (2, 2)
    assert grid_shape(3, area, 3.0) == (1, 3)


def test_grid_cells_tile_the_area_without_overlap():
    area = (0.1, 0.0, 0.8, 0.9)
    cells = grid_cells(5, area, 16 / 9)
    assert len(cells) == 5
    for i, (x0, y0, w0, h0) in enumerate(cells):
        assert area[0] - 1e-12 <= x0 and x0 + w0 <= area[0] + area[2] + 1e-12
        assert area[1] - 1e-12 <= y0 and y0 + h0 <= area[1] + area[3] + 1e-12
        for x1, y1, w1, h1 in cells[i + 1 :]:
            overlap_x = min(x0 + w0, x1 + w1) - max(x0, x1)
            overlap_y = min(y0 + h0, y1 + h1) - max(y0, y1)
            assert overlap_x <= 1e-12 or overlap_y <= 1e-12
    first, second = cells[0], cells[1]
    assert first[1] == second[1] and first[0] < second[0]  # row by row, left to right, from the top


# Tails and loss scales.


def test_a_tail_shows_its_last_steps_fading_evenly_towards_the_past():
    window = shown_points(points=30, tail=5)
    path = np.arange(100)
    assert list(path[window]) == [24, 25, 26, 27, 28, 29]
    assert list(path[shown_points(points=3, tail=5)]) == [0, 1, 2]
    assert list(path[shown_points(points=30, tail=None)]) == list(range(30))
    np.testing.assert_allclose(tail_alphas(5, 5), [0.2, 0.4, 0.6, 0.8, 1.0])
    np.testing.assert_allclose(tail_alphas(2, 5), [0.8, 1.0])


def test_losses_spanning_orders_of_magnitude_get_a_log_axis():
    losses = np.array([[[100.0, 1.0, 0.01]]])
    scale = loss_scale(losses, minimum=0.0)
    assert scale.log and scale.label == "loss"
    np.testing.assert_array_equal(scale.values, losses)


def test_losses_above_a_known_minimum_are_shown_as_the_gap_on_a_log_axis():
    losses = np.array([[[3.0, 1.1, 1.0 + 1e-6, 1.0]]])
    scale = loss_scale(losses, minimum=1.0)
    assert scale.log and "1" in scale.label
    np.testing.assert_allclose(scale.values[..., :3], [[[2.0, 0.1, 1e-6]]], rtol=1e-9)
    assert 0 < scale.values[..., 3] <= 2.0 * 1e-12 * 1.0001


def test_losses_in_a_narrow_band_without_a_known_minimum_stay_linear():
    losses = np.array([[[-3.0, -2.0, -2.5]]])
    scale = loss_scale(losses, minimum=None)
    assert not scale.log
    np.testing.assert_array_equal(scale.values, losses)


# Options.


@pytest.mark.parametrize(
    ("changes", "in_python", "on_the_command_line"),
    [
        ({"layout": "mosaic"}, "unknown layout 'mosaic'", "unknown --layout 'mosaic'"),
        ({"rotate": True}, "add view 3d", "add --view 3d"),
        ({"tail": 0}, "tail must be", "--tail must be"),
        ({"dpi": 0.0}, "dpi must be", "--dpi must be"),
        ({"gif_width": 4}, "gif_width must be", "--gif-width must be"),
    ],
)
def test_bad_options_are_refused_with_the_option_named(changes, in_python, on_the_command_line):
    with pytest.raises(UserError, match=in_python):
        RenderOptions(**changes)
    with named_as(OPTIONS), pytest.raises(UserError, match=on_the_command_line):
        RenderOptions(**changes)


def test_transparent_is_refused_for_videos(wobbly, tmp_path):
    with pytest.raises(UserError, match=r"^transparent needs a still \(\.png, \.svg or \.pdf\)"):
        render(wobbly, tmp_path / "t.mp4", options=RenderOptions(transparent=True))
    assert not (tmp_path / "t.mp4").exists()


# Blitting: a frame made by restoring the background and drawing the movers equals a full redraw.


@pytest.mark.parametrize(
    "options",
    [RenderOptions(layout="grid", loss_panel=True), RenderOptions(loss_panel=True, tail=6, theme="dark")],
    ids=["grid-loss", "overlay-tail-dark"],
)
def test_blitted_frames_equal_a_full_redraw(wobbly, options):
    blitted = draw_scene(wobbly, SIZE, options)
    blitted.begin_animation()
    frames = [np.array(blitted.frame(k, points)) for k, points in enumerate((5, 20, 41))]
    for k, points in enumerate((5, 20, 41)):
        whole = draw_scene(wobbly, SIZE, options)
        whole.show(k, points)
        whole.canvas.draw()
        difference = np.abs(frames[k].astype(int) - np.asarray(whole.canvas.buffer_rgba()).astype(int))
        assert (difference.max(axis=-1) > 40).mean() < 1e-3


# Frames as the encoder would get them (the command line's tests decode the files).


def test_grid_with_loss_panel_moves_in_every_panel(wobbly):
    options = RenderOptions(layout="grid", loss_panel=True)
    frames = render_frames(wobbly, size=SIZE, options=options)
    assert len(frames) == 8
    assert frames[0].shape == (SIZE[1], SIZE[0], 4)
    boxes = pixel_boxes(draw_scene(wobbly, SIZE, options))
    assert len(boxes) == 4  # three optimizer panels and the loss panel
    for top, bottom, left, right in boxes:
        first = frames[0][top:bottom, left:right].astype(int)
        last = frames[-1][top:bottom, left:right].astype(int)
        assert (np.abs(first - last).max(axis=-1) > 60).sum() > 50


def test_a_rotating_3d_view_turns_from_frame_to_frame():
    scene = builtin_scene("basins-and-walls")
    scene = replace(scene, steps=30, playback=replace(scene.playback, animated_points=None, frames=6))
    trajectories = run(replace(scene, optimizers=scene.optimizers[:2]))
    frames = render_frames(trajectories, size=SIZE, options=RenderOptions(view="3d", rotate=True))
    assert len(frames) == 6
    for before, after in itertools.pairwise(frames):
        assert (np.abs(before.astype(int) - after.astype(int)).max(axis=-1) > 60).mean() > 0.01


@pytest.mark.parametrize(
    "options",
    [
        RenderOptions(view="3d"),
        RenderOptions(view="3d", tail=5, loss_panel=True),
        RenderOptions(view="3d", layout="grid"),
    ],
    ids=["plain", "tail-loss", "grid"],
)
def test_a_3d_still_shows_a_shaded_surface(tmp_path, wobbly, options):
    output = render(wobbly, tmp_path / "s.png", size=SIZE, options=options)
    pixels = np.asarray(Image.open(output).convert("RGB")).astype(int)
    colourful = (pixels.max(axis=-1) - pixels.min(axis=-1)) > 60
    # The colour-mapped surface fills a good part of the picture (its tick labels, all inside the
    # frame, and the legend with its loss column take the rest).
    assert colourful.mean() > 0.10


def test_dark_theme_has_a_dark_background(wobbly, tmp_path):
    output = render(wobbly, tmp_path / "d.png", size=SIZE, options=RenderOptions(theme="dark"))
    pixels = np.asarray(Image.open(output).convert("RGB")).astype(int)
    for corner in (pixels[:5, :5], pixels[-5:, -5:], pixels[:5, -5:], pixels[-5:, :5]):
        assert corner.max() < 50
    light = np.asarray(Image.open(render(wobbly, tmp_path / "l.png", size=SIZE)).convert("RGB"))
    assert light[:5, :5].min() > 240


def test_transparent_png_has_see_through_corners_and_opaque_axes(wobbly, tmp_path):
    output = render(wobbly, tmp_path / "t.png", size=SIZE, options=RenderOptions(transparent=True))
    image = np.asarray(Image.open(output))
    assert image.shape[-1] == 4
    for corner in (image[:3, :3], image[-3:, -3:], image[:3, -3:], image[-3:, :3]):
        assert (corner[..., 3] == 0).all()
    top, bottom, left, right = pixel_boxes(draw_scene(wobbly, SIZE))[0]
    assert (image[top:bottom, left:right, 3] == 255).mean() > 0.99


def test_dpi_scales_text_relative_to_the_pixels(wobbly, tmp_path):
    def ink(dpi):
        output = render(wobbly, tmp_path / f"dpi{dpi}.png", size=SIZE, options=RenderOptions(dpi=dpi))
        pixels = np.asarray(Image.open(output).convert("L")).astype(int)
        column = pixels[:, round(SIZE[0] * 0.67) :]  # the text column right of the surface
        return (column < 128).sum()

    assert ink(100) > 1.5 * ink(50)


def test_a_tail_leaves_the_old_part_of_a_path_undrawn(tmp_path):
    scene = builtin_scene("wobbly")
    scene = replace(
        scene,
        optimizers=(OptimizerSpec("sgd", (("lr", 0.05),)),),
        steps=60,
        playback=replace(scene.playback, animated_points=None),
    )
    trajectories = run(scene)
    path = trajectories.positions[0, 0]
    tail = 5
    # A point on the path's first segments, far (in data units) from every point its tail shows at the end.
    early = (path[1] + path[2]) / 2
    assert np.linalg.norm(path[-tail - 1 :] - early, axis=-1).min() > 0.5

    def patch(options, name):
        output = render(trajectories, tmp_path / name, size=SIZE, options=options)
        figure = draw_scene(trajectories, SIZE, options)
        figure.canvas.draw()
        x, y = figure.figure.axes[0].transData.transform(early)
        row, column = round(SIZE[1] - y), round(x)
        pixels = np.asarray(Image.open(output).convert("RGB")).astype(int)
        return pixels[row - 3 : row + 4, column - 3 : column + 4]

    red = np.array([0xE6, 0x19, 0x4B])

    def reddish(pixels):
        return (np.abs(pixels - red).max(axis=-1) < 60).sum()

    assert reddish(patch(RenderOptions(), "whole.png")) > 5
    assert reddish(patch(RenderOptions(tail=tail), "tail.png")) == 0
