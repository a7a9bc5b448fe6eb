"""A scene's playback settings (`Scene.playback`) stand apart from what is computed."""

from dataclasses import replace

import numpy as np

from landscapes import ScenePlayback, builtin_scene, run, scene


def test_playback_settings_go_to_the_playback_and_change_no_number():
    base = scene("wobbly", optimizers=["adam(lr=0.1)"], steps=5)
    timed = scene(base, fps=12.0, frames=4, size=(320, 180))
    assert timed.playback == ScenePlayback(fps=12.0, frames=4, size=(320, 180))
    assert replace(timed, playback=base.playback) == base
    # The engine never reads the playback: a scene without one computes the same paths.
    assert np.array_equal(run(replace(timed, playback=None)).positions, run(base).positions)


def test_new_steps_drop_the_scenes_own_timing_and_keep_its_size():
    article = replace(
        builtin_scene("wobbly"), playback=ScenePlayback(fps=5.0, animated_points=119, size=(320, 180))
    )
    assert article.playback.timing(article.steps) == (119, 5.0)
    longer = scene(article, steps=300)
    assert longer.playback == ScenePlayback(size=(320, 180))
    assert longer.playback.points_per_frame(300)[-1] == 301
