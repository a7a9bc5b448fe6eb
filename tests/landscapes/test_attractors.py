"""Attractors found from end points alone: synthetic clusters against a plain loop, and the basin map
of an expression surface with no known minima, read back from the PNG."""

import matplotlib.image as mpimg
import numpy as np

from animator.basins import BASIN_COLORS, write_basins
from landscapes.engine.attractors import DIVERGED, UNSETTLED, find_attractors, label_attractors, tolerance_of
from landscapes.engine.basins import basins
from landscapes.scenes.compose import compose_scene

WINDOW = ((-3.0, 3.0), (-3.0, 3.0))


def test_clusters_are_found_lowest_loss_first_and_every_point_labelled_as_a_plain_loop_would():
    rng = np.random.default_rng(0)
    centers = np.array([[1.0, 1.0], [-2.0, 0.5], [0.0, -2.0]])
    losses_at = np.array([0.5, -1.0, 2.0])
    members = [center + rng.normal(0, 0.01, (300, 2)) for center in centers]
    stray = np.array([[2.5, -2.5], [np.nan, 0.0], [50.0, 0.0], [0.0, 0.0]])
    points = np.concatenate([*members, stray])
    losses = np.concatenate([np.full(300, value) for value in losses_at] + [np.zeros(4)])
    found = find_attractors(points, losses, *WINDOW)
    np.testing.assert_allclose(found, centers[np.argsort(losses_at)], atol=0.01)
    labels = label_attractors(points, found, *WINDOW)
    reach = 2 * tolerance_of(*WINDOW)
    for point, label in zip(points, labels, strict=True):
        if not np.isfinite(point).all() or np.abs(point).max() > 6.0:  # beyond the view: window + half
            assert label == DIVERGED
            continue
        distances = np.linalg.norm(found - point, axis=1)
        assert label == (int(np.argmin(distances)) if distances.min() <= reach else UNSETTLED)
    assert (labels[-4:] == [UNSETTLED, DIVERGED, DIVERGED, UNSETTLED]).all()


def test_basins_of_an_expression_colour_at_least_four_attractors(tmp_path):
    scene = compose_scene(
        "bad-init", surface="sin(2*x)*cos(2*y) + (x**2+y**2)/8", optimizers=["adam"], steps=80
    )
    basin_map = basins(scene, resolution=40)
    assert basin_map.found and len(basin_map.minima) >= 4
    assert len(set(np.unique(basin_map.nearest)) - {DIVERGED, UNSETTLED}) >= 4
    output = write_basins(basin_map, tmp_path / "b.png", size=(480, 270))
    pixels = (mpimg.imread(output)[..., :3] * 255).round()
    shown = 0
    for color in BASIN_COLORS[:4]:
        rgb = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
        shown += int((np.abs(pixels - rgb).max(axis=-1) <= 2).sum() > 200)
    assert shown == 4
