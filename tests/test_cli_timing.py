"""Time on screen as a user meets it: holds, long runs, pace, GIF delays and the rates players take."""

import numpy as np
import pytest
from PIL import Image

import landscapes
from animator.figure import StepCounter, draw_scene
from animator.timing import Playback, timeline_for
from landscapes.manifest import containers, read_manifest

pytestmark = pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")
SMALL = ["--size", "128x72", "--steps", "30", "-O", "adam(lr=0.3)"]


@pytest.fixture
def render(cli):
    """`render(*args)`: `landscapes render` in this process; it must succeed; returns its stderr."""

    def invoke(*args):
        result = cli("render", *args)
        assert result.exit_code == 0, result.stderr
        return result.stderr

    return invoke


def gif_delays(path):
    image = Image.open(path)
    delays = []
    for index in range(image.n_frames):
        image.seek(index)
        delays.append(image.info["duration"])
    return delays


def decoded_frame_count(path):
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(path))
    next(reader)
    return sum(1 for _ in reader)


def test_a_gif_holds_its_last_frame_two_seconds_and_hold_sets_it(render, tmp_path):
    render(*SMALL, "-o", tmp_path / "a.gif")
    render(*SMALL, "--hold", "0.5", "-o", tmp_path / "b.gif")
    default, held = gif_delays(tmp_path / "a.gif"), gif_delays(tmp_path / "b.gif")
    assert len(default) == 31 and default[:-1] == [200] * 30  # 31 points at 5 fps
    assert default[-1] == 200 + 2000 and held[-1] == 200 + 500


def test_an_mp4_with_hold_has_that_many_more_frames(render, tmp_path):
    render(*SMALL, "-o", tmp_path / "a.mp4")
    render(*SMALL, "--hold", "1", "-o", tmp_path / "b.mp4")
    assert decoded_frame_count(tmp_path / "a.mp4") == 31
    assert decoded_frame_count(tmp_path / "b.mp4") == 31 + 5


@pytest.fixture(scope="module")
def rosenbrock():
    scene = landscapes.scene(surface="rosenbrock", optimizers=["adam"], steps=5000)
    return landscapes.run(scene)


def test_a_long_run_lasts_about_ten_seconds_from_step_0_to_the_last(rosenbrock, tmp_path):
    timeline = timeline_for(rosenbrock, ".mp4", rosenbrock.scene.playback)
    assert 8 <= timeline.duration <= 12
    assert timeline.steps[0] == 0 and timeline.steps[-1] == 5000
    drawn = draw_scene(rosenbrock, (320, 180), frames=len(timeline.steps))
    (counter,) = [mover for mover in drawn.movers if isinstance(mover, StepCounter)]
    for frame in (0, len(timeline.steps) - 1):
        drawn.show(frame, timeline.steps[frame] + 1)
        text = counter.artists[0].get_text()
        assert text.split() == ["step", str(timeline.steps[frame]), "/", "5000"]
    ends = [
        np.asarray(artist.get_data())[:, -1]
        for artist in drawn.movers[0].artists
        if hasattr(artist, "get_data")
    ]
    assert any(np.allclose(end, rosenbrock.positions[0, 0, -1]) for end in ends)  # the head at step 5000


def test_log_pace_spends_most_frames_on_the_first_tenth(rosenbrock):
    steps = np.array(timeline_for(rosenbrock, ".mp4", rosenbrock.scene.playback, Playback(pace="log")).steps)
    assert steps[0] == 0 and steps[-1] == 5000 and np.all(np.diff(steps) > 0)
    assert (steps <= 500).sum() > len(steps) / 2


@pytest.mark.parametrize("fps", [60, 1000])
def test_fast_gifs_have_whole_centisecond_delays_and_last_as_asked(render, tmp_path, fps):
    stderr = render(*SMALL, "--fps", fps, "--hold", "0", "-o", tmp_path / "f.gif")
    delays = gif_delays(tmp_path / "f.gif")
    assert all(delay % 10 == 0 and delay >= 20 for delay in delays)  # Pillow reads them in ms
    asked = 31 / fps
    assert abs(sum(delays) / 1000 - asked) <= 1 / 50
    (warning,) = stderr.splitlines()
    assert warning.startswith("landscapes: warning: GIF players show at most 50 frames per second")


def test_mp4_rates_players_refuse_are_refused_and_the_level_stays_at_most_5_2(cli, render, tmp_path):
    refused = cli("render", *SMALL, "--fps", "121", "-o", tmp_path / "x.mp4")
    assert refused.exit_code == 2 and "players handle at most 120 frames per second" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1 and not (tmp_path / "x.mp4").exists()
    render("--steps", "3", "--fps", "120", "-o", tmp_path / "fast.mp4")
    data = (tmp_path / "fast.mp4").read_bytes()
    avcc = data.index(b"avcC")
    assert data[avcc + 7] <= 52  # the AVC configuration record's level byte: 52 is level 5.2
    assert read_manifest(tmp_path / "fast.mp4")["playback"]["timeline"]["fps"] == 120


def test_gif_delays_reach_the_file_as_centiseconds(render, tmp_path):
    render(*SMALL, "--fps", "30", "--hold", "0", "-o", tmp_path / "t.gif")
    delays = containers.gif_delays((tmp_path / "t.gif").read_bytes())
    assert sorted(set(delays)) == [3, 4] and abs(sum(delays) - 100 * 31 / 30) <= 0.5


def test_webm_and_webp_play_every_frame_and_are_smaller_than_the_gif(render, tmp_path):
    import imageio_ffmpeg

    # 480x270, the smallest size the figure is laid out for: below it the GIF's LZW catches up with
    # the WebP (320x180: 34 KB GIF against 37 KB WebP), since text is most of such a small frame.
    sizes = {}
    for suffix in (".gif", ".webm", ".webp"):
        path = tmp_path / f"w{suffix}"
        render("wobbly", "--steps", "30", "--size", "480x270", "-o", path)
        sizes[suffix] = path.stat().st_size
        if suffix == ".gif":
            continue
        reader = imageio_ffmpeg.read_frames(str(path))
        meta = next(reader)
        frames = [np.frombuffer(frame, np.uint8).reshape(270, 480, 3) for frame in reader]
        held = 10 if suffix == ".webp" else 0  # a WebP loops like a GIF: its last frame held 2 s
        assert meta["size"] == (480, 270) and len(frames) == 31 + held
        assert not np.array_equal(frames[0], frames[30]), "the paths should move"
    assert sizes[".webm"] < sizes[".gif"] and sizes[".webp"] < sizes[".gif"], sizes
