"""Time on screen: frame counts and rates, the step each frame shows, GIF delays and rate limits."""

import math

import numpy as np
import pytest

from animator.timing import Playback, Timeline, capped_rate, check_video_rate
from landscapes.errors import UserError
from landscapes.scenes.pacing import frame_steps, frames_and_rate, path_progress


@pytest.mark.parametrize("steps", [125, 200, 500, 5000, 100_000])
def test_long_runs_last_about_ten_seconds(steps):
    frames, fps = frames_and_rate(steps + 1)
    assert 8 <= frames / fps <= 12
    assert frames <= steps + 1 and fps == int(fps) and 5 <= fps <= 25


def test_the_article_keeps_its_frames_and_rate():
    assert frames_and_rate(119, own_fps=5.0) == (119, 5.0)
    assert frames_and_rate(119, fps=10, own_fps=5.0) == (119, 10.0)


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ({"duration": 4, "fps": 30}, (120, 30)),
        ({"duration": 4, "frames": 50}, (50, 12.5)),
        ({"duration": 20}, (500, 25)),  # a 5000-step run: 25 fps, the highest of the rates
        ({"frames": 40, "fps": 8}, (40, 8)),
    ],
)
def test_two_of_frames_rate_and_duration_fix_the_third(asked, expected):
    assert frames_and_rate(5001, **asked) == expected


def test_a_short_run_over_a_long_duration_shows_each_point_once():
    frames, fps = frames_and_rate(31, duration=60)
    assert frames == 31 and math.isclose(frames / fps, 60)


def test_all_three_is_one_too_many():
    with pytest.raises(UserError, match="give at most two"):
        frames_and_rate(100, frames=10, fps=5, duration=2)


@pytest.mark.parametrize("fps", [5, 7, 12.5, 30, 33.3, 50])
def test_gif_delays_are_whole_centiseconds_without_drift(fps):
    timeline = Timeline(tuple(range(300)), fps, hold=2.0)
    delays = timeline.gif_delays()
    assert len(delays) == 300 and min(delays) >= 2
    assert abs(sum(delays[:-1]) + delays[-1] - 200 - 100 * 300 / fps) <= 0.5
    assert delays[-1] - 200 == pytest.approx(100 / fps, abs=1)
    # Every prefix ends within half a centisecond of where the frame is due: no drift.
    assert np.all(np.abs(np.cumsum(delays[:-1]) - 100 * np.arange(1, 300) / fps) <= 0.5)


@pytest.mark.parametrize(("fps", "frames"), [(60, 600), (1000, 119)])
def test_fast_gifs_are_capped_at_50_fps_and_last_as_long(fps, frames):
    fewer, rate, warning = capped_rate(frames, fps, ".gif")
    assert rate == 50 and "at most 50 frames per second" in warning
    assert abs(fewer / rate - frames / fps) <= 1 / rate
    assert capped_rate(frames, fps, ".mp4") == (frames, fps, None)


def test_mp4_rates_players_refuse():
    check_video_rate(120, (1280, 720), ".mp4")
    check_video_rate(60, (3840, 2160), ".mp4")
    with pytest.raises(UserError, match="players handle at most 120"):
        check_video_rate(121, (1280, 720), ".mp4")
    with pytest.raises(UserError, match=r"level 5\.2"):
        check_video_rate(90, (3840, 2160), ".mp4")  # 32,400 macroblocks × 90 > 2,073,600 a second


@pytest.mark.parametrize("pace", ["linear", "log", "auto"])
@pytest.mark.parametrize(("last", "frames"), [(5000, 250), (118, 119), (10, 4), (3, 10), (7, 1)])
def test_frames_start_at_zero_end_at_the_last_step_and_never_go_back(pace, last, frames):
    positions = np.cumsum(np.random.default_rng(0).normal(size=(2, 1, last + 1, 2)), axis=2)
    steps = frame_steps(last, frames, pace, positions)
    assert len(steps) == frames and steps[-1] == last
    assert frames == 1 or steps[0] == 0
    differences = np.diff(steps)
    assert np.all(differences > 0) if frames <= last + 1 else np.all(differences >= 0)


def test_linear_pace_is_even():
    assert frame_steps(100, 5) == [0, 25, 50, 75, 100]
    assert frame_steps(118, 119) == list(range(119))  # the article: one frame per step


def test_log_pace_spends_most_frames_early():
    steps = np.array(frame_steps(5000, 250, "log"))
    assert (steps <= 500).sum() > 125
    assert steps[1] == 1  # the fast start is shown step by step


def test_auto_pace_follows_the_paths_speed():
    # A path that covers 90% of its length in the first 100 of 1000 steps, then creeps.
    moves = np.where(np.arange(1000) < 100, 9.0, 1.0 / 9)
    path = np.zeros((1, 1, 1001, 2))
    path[0, 0, 1:, 0] = np.cumsum(moves)
    progress = path_progress(path)
    assert progress[100] == pytest.approx(0.9, abs=1e-9) and progress[-1] == pytest.approx(1.0)
    steps = np.array(frame_steps(1000, 100, "auto", path))
    early = (steps <= 100).sum()
    assert 40 <= early <= 60  # half the frames follow the motion (90% early), half the clock (10%)
    linear_path = np.zeros((1, 1, 1001, 2))
    linear_path[0, 0, :, 0] = np.arange(1001)
    assert frame_steps(1000, 11, "auto", linear_path) == frame_steps(1000, 11, "linear")


def test_a_path_that_flies_off_does_not_take_every_frame():
    path = np.zeros((2, 1, 101, 2))
    path[:, 0, :, 0] = np.arange(101)
    path[1, 0, 50:, 0] = np.inf
    progress = path_progress(path)
    assert np.all(np.isfinite(progress)) and progress[-1] == pytest.approx(1.0)


def test_bad_playback_values():
    with pytest.raises(UserError, match="unknown pace 'fast'"):
        Playback(pace="fast")
    with pytest.raises(UserError, match=r"duration must be between 0\.01 and 86400, got 0"):
        Playback(duration=0)
    with pytest.raises(UserError, match="hold must be between 0 and 600, got -1"):
        Playback(hold=-1)
