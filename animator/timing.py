"""Time on screen: what the user asks (`Playback`) turned into the frames of one output (`Timeline`).

Frames, rate and pace follow `landscapes.scenes.pacing`; here are the formats' own rules:
- the hold: GIFs keep their last frame 2 s by default, videos repeat it as asked;
- GIF delays in whole centiseconds, rounded cumulatively so the loop does not drift;
- the rate limits of GIF players (50 fps) and of H.264 level 5.2.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

from animator.options import PACES
from animator.outputs import WEB_IMAGES
from landscapes import values
from landscapes.engine.trajectories import Trajectories
from landscapes.errors import UserError
from landscapes.scenes.pacing import frame_steps, frames_and_rate
from landscapes.scenes.playback import ScenePlayback, check_timing

GIF_MAX_FPS = 50.0  # a GIF delay is ≥ 2 cs in browsers; 1 cs or 0 plays as 10 cs
VIDEO_MAX_FPS = 120.0
# H.264 level 5.2: at most 2,073,600 macroblocks (16×16 pixels) per second, 36,864 per frame.
LEVEL_52_MACROBLOCK_RATE = 2_073_600
DEFAULT_GIF_HOLD = 2.0  # seconds the last frame of a GIF stays before it loops
DURATION_RANGE = (0.01, 86_400.0)  # seconds
HOLD_RANGE = (0.0, 600.0)  # seconds


@dataclass(frozen=True)
class Playback:
    """What the user asked about time: any of frames, fps and duration, the hold and the pace.

    `None` means "choose" (see `landscapes.scenes.pacing.frames_and_rate`); `hold=None` holds GIFs
    2 s and videos not at all.
    """

    frames: int | None = None
    fps: float | None = None
    duration: float | None = None
    hold: float | None = None
    pace: str = "linear"

    def __post_init__(self) -> None:
        check_timing(self.fps, self.frames)
        if self.pace not in PACES:
            raise UserError(f"unknown pace {self.pace!r}; use one of {', '.join(PACES)}")
        if self.duration is not None:
            values.finite_number(self.duration, "duration", between=DURATION_RANGE)
        if self.hold is not None:
            values.finite_number(self.hold, "hold", between=HOLD_RANGE)


@dataclass(frozen=True)
class Timeline:
    """The frames of an animation: the step each one shows, the rate, and how long the last is held."""

    steps: tuple[int, ...]
    fps: float
    hold: float = 0.0

    @property
    def hold_frames(self) -> int:
        """Copies of the last frame that hold it in a video, `hold` seconds at `fps`."""
        return round(self.hold * self.fps)

    @property
    def duration(self) -> float:
        return len(self.steps) / self.fps + self.hold

    def gif_delays(self) -> list[int]:
        """Each frame's delay in whole centiseconds, rounded on the running total so no drift adds up;
        the hold is added to the last frame's."""
        ends = [math.floor(100 * k / self.fps + 0.5) for k in range(len(self.steps) + 1)]
        delays = [later - earlier for earlier, later in itertools.pairwise(ends)]
        delays[-1] += math.floor(100 * self.hold + 0.5)
        return delays


class PlaybackWarning(UserWarning):
    """The output cannot play as asked and plays as close to it as it can (a GIF over 50 fps)."""


def timeline_for(
    trajectories: Trajectories, suffix: str, own: ScenePlayback, playback: Playback | None = None
) -> Timeline:
    """The frames of an animation of `trajectories` as `suffix`: which step each shows, the rate, the hold.

    What `playback` (the user's ask) leaves open comes from `own`, the scene's own playback: the
    article's scenes animate their first 119 points at 5 fps; everything else runs to the final step.
    Warns (`PlaybackWarning`) when the format caps the rate.
    """
    playback = playback or Playback()
    points = own.points_animated(trajectories.scene.steps)
    frames, fps = frames_and_rate(
        points,
        frames=playback.frames,
        fps=playback.fps,
        duration=playback.duration,
        own_fps=own.fps,
        own_frames=own.frames,
    )
    frames, fps, warning = capped_rate(frames, fps, suffix)
    if warning:
        warnings.warn(warning, PlaybackWarning, stacklevel=3)
    steps = frame_steps(points - 1, frames, playback.pace, trajectories.positions[..., :points, :])
    hold = playback.hold if playback.hold is not None else (DEFAULT_GIF_HOLD if suffix in WEB_IMAGES else 0.0)
    return Timeline(tuple(steps), fps, hold)


def capped_rate(frames: int, fps: float, suffix: str) -> tuple[int, float, str | None]:
    """Frames and rate a format can play, and a warning when they had to change.

    A GIF faster than 50 fps is written at 50 fps with proportionally fewer frames, so it lasts
    as long as asked (browsers play delays under 2 cs as 10 cs, ten times too slow).
    """
    if suffix != ".gif" or fps <= GIF_MAX_FPS:
        return frames, fps, None
    fewer = max(1, round(frames * GIF_MAX_FPS / fps))
    return (
        fewer,
        GIF_MAX_FPS,
        (
            f"GIF players show at most {GIF_MAX_FPS:g} frames per second; writing {fewer} frames at "
            f"{GIF_MAX_FPS:g} fps instead of {frames} at {fps:g}, so it lasts as long"
        ),
    )


def check_video_rate(fps: float, size: tuple[int, int], suffix: str) -> None:
    """Refuse an MP4 rate that players cannot take: over 120 fps, or over what H.264 level 5.2 allows
    at this size (2,073,600 macroblocks a second: 64 fps at 4K)."""
    if suffix != ".mp4":
        return
    width, height = size
    macroblocks = math.ceil(width / 16) * math.ceil(height / 16)
    limit = min(VIDEO_MAX_FPS, LEVEL_52_MACROBLOCK_RATE / macroblocks)
    if fps > limit:
        reason = (
            f"players handle at most {VIDEO_MAX_FPS:g}"
            if limit == VIDEO_MAX_FPS
            else f"H.264 level 5.2, the highest most players accept, allows at most {limit:.4g} "
            f"at {width}x{height}"
        )
        raise UserError(
            f"--fps {fps:g} is too fast for an MP4: {reason} frames per second; use a lower --fps"
        )
