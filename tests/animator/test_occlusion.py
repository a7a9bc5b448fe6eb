"""3D occlusion: what the surface hides from the camera is found from the sight lines and drawn dimmed.

The surface here is a tall ridge along x at y = −1 (8 high) on flat ground. The default camera looks
from +x, −y at 38° elevation: over 1.5 in y (a box unit, 1.15 along the ground) a sight line rises
1.15 · tan 38° = 0.9 of the box's 3-unit height, 2.4 in z, far below the ridge's top. So a point just
behind the ridge (y = 0.5) is hidden and one on the ground in front of it (y = −2.5) is not; seen
from the other side (azimuth +120°) the two swap.
"""

from dataclasses import replace

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from mpl_toolkits.mplot3d import proj3d

from animator import style, surface3d
from animator.figure import draw_scene
from animator.options import RenderOptions
from animator.paths import PathArtists
from landscapes.engine.trajectories import Trajectories
from landscapes.scenes.compose import compose_scene

RIDGE = "8*exp(-8*(y+1)**2)"
SIZE = (480, 270)


def ridge(x, y):
    return 8 * np.exp(-8 * (y + 1) ** 2)


@pytest.fixture(scope="module")
def grid():
    xs = ys = np.linspace(-3, 3, 61)
    return xs, ys, ridge(*np.meshgrid(xs, ys))


def axes_3d(grid, azimuth: float, orthographic: bool = False):
    figure = Figure(figsize=(4.8, 2.7), dpi=100)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1), projection="3d")
    surface3d.frame_3d(ax, *grid, style.LIGHT, style.sizes_for(SIZE, None, 1.0))
    ax.view_init(elev=surface3d.ELEVATION, azim=azimuth)
    if orthographic:
        ax.set_proj_type("ortho")
    return ax


BEHIND, IN_FRONT = (0.0, 0.5), (0.0, -2.5)


def on_ground(grid, *points):
    lift = surface3d.lift_for(grid[2])
    return np.array([(x, y, ridge(x, y) + lift) for x, y in points])


@pytest.mark.parametrize("orthographic", [False, True], ids=["perspective", "orthographic"])
def test_the_sight_line_runs_to_the_camera(grid, orthographic):
    """Every point of a point's line toward the camera lands on the same pixel, nearer the camera."""
    ax = axes_3d(grid, surface3d.AZIMUTH, orthographic)
    projection = ax.get_proj()
    points = on_ground(grid, BEHIND, IN_FRONT, (2.0, 2.0))
    toward = surface3d.toward_camera(projection, points)
    here = np.array(proj3d.proj_transform(*points.T, projection))
    for step in (0.05, 0.3):
        there = np.array(proj3d.proj_transform(*(points + step * toward).T, projection))
        assert np.allclose(here[:2], there[:2], atol=1e-9)
        assert (there[2] < here[2]).all()  # mplot3d's depth: smaller is nearer


@pytest.mark.parametrize("orthographic", [False, True], ids=["perspective", "orthographic"])
def test_a_ridge_hides_what_lies_behind_it_from_the_camera(grid, orthographic):
    points = on_ground(grid, BEHIND, IN_FRONT)
    front = surface3d.Occlusion(axes_3d(grid, surface3d.AZIMUTH, orthographic), *grid)
    assert list(front.hidden(points)) == [True, False]
    back = surface3d.Occlusion(axes_3d(grid, surface3d.AZIMUTH + 180, orthographic), *grid)
    assert list(back.hidden(points)) == [False, True]
    # Seen from straight along the ridge, neither is behind it; the ridge's own top hides nothing.
    along = surface3d.Occlusion(axes_3d(grid, 0.0, orthographic), *grid)
    assert list(along.hidden(np.vstack([points, on_ground(grid, (0.0, -1.0))]))) == [False] * 3


def ridge_trajectories() -> Trajectories:
    """Two paths straight along x: the first in front of the ridge, the second behind it."""
    scene = compose_scene(surface=RIDGE, optimizers=["sgd", "adam"], steps=30, frames=2)
    scene = replace(scene, playback=replace(scene.playback, animated_points=None))
    x = np.linspace(-2.5, 2.5, scene.steps + 1)
    positions = np.stack([np.stack([x, np.full_like(x, y)], axis=-1)[None] for y in (IN_FRONT[1], BEHIND[1])])
    losses = ridge(positions[..., 0], positions[..., 1])
    labels = ("sgd", "adam")
    return Trajectories(scene, labels, labels, positions, losses)


def test_a_hidden_stretch_is_drawn_dimmer_than_a_visible_one(monkeypatch):
    """What drawing each path changes in the picture, along its middle: much less for the hidden one."""
    monkeypatch.setattr(surface3d, "RESOLUTION", 41)
    trajectories = ridge_trajectories()
    scene_figure = draw_scene(trajectories, SIZE, RenderOptions(view="3d"))
    scene_figure.begin_animation()
    (paths,) = (mover for mover in scene_figure.movers if isinstance(mover, PathArtists))
    ax = paths.artists[0].axes
    start = np.asarray(scene_figure.frame(0, 1), dtype=int)  # heads only, at the paths' left ends
    end = np.asarray(scene_figure.frame(1, trajectories.scene.steps + 1), dtype=int)
    change = np.abs(end - start)[..., :3].max(axis=-1)
    height = SIZE[1]
    xs = ys = np.linspace(-3, 3, 41)  # the window and the grid the figure samples the surface on
    sampled = (xs, ys, ridge(*np.meshgrid(xs, ys)))
    lift = surface3d.lift_for(sampled[2])

    middle = slice(10, 21)
    lifted = np.concatenate([trajectories.positions, trajectories.losses[..., None] + lift], axis=-1)[
        :, 0, middle
    ]

    def ink(path: int) -> float:
        """The largest change within 2 px of each of the path's middle points, on average."""
        x, y, _ = proj3d.proj_transform(*lifted[path].T, ax.get_proj())
        columns, rows = ax.transData.transform(np.column_stack([x, y])).round().astype(int).T
        rows = height - rows
        return float(
            np.mean([change[r - 2 : r + 3, c - 2 : c + 3].max() for c, r in zip(columns, rows, strict=True)])
        )

    hidden = surface3d.Occlusion(ax, *sampled).hidden(lifted.reshape(-1, 3)).reshape(2, -1)
    assert not hidden[0].any() and hidden[1].all()
    visible_ink, hidden_ink = ink(0), ink(1)
    assert visible_ink > 100
    assert hidden_ink < 0.6 * visible_ink
    assert hidden_ink > 10  # dimmed, not gone
