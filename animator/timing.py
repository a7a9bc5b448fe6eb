"""Time on screen: how many frames, at what rate, showing which step, and how long the end is held.

Pure functions over counts and arrays (no drawing, no encoding), so every rule is tested directly:
- frames, rate and duration: two of them fix the third; long runs default to about 10 s;
- pace: which step each frame shows (evenly, on a log scale, or following the paths' speed);
- GIF delays in whole centiseconds, rounded cumulatively so the loop does not drift;
- the rate limits of GIF players and of H.264 levels.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from landscapes.errors import UserError
from landscapes.limits import MIN_FPS

PACES = ("linear", "log", "auto")
DEFAULT_DURATION = 10.0  # seconds of a run that has no frame rate or count of its own
FRAME_RATES = (5.0, 10.0, 15.0, 20.0, 25.0)  # the rates long runs get: whole frames per second
GIF_MAX_FPS = 50.0  # a GIF delay is ≥ 2 cs in browsers; 1 cs or 0 plays as 10 cs
VIDEO_MAX_FPS = 120.0
# H.264 level 5.2: at most 2,073,600 macroblocks (16×16 pixels) per second, 36,864 per frame.
LEVEL_52_MACROBLOCK_RATE = 2_073_600
DEFAULT_GIF_HOLD = 2.0  # seconds the last frame of a GIF stays before it loops


@dataclass(frozen=True)
class Playback:
    """What the user asked about time: any of frames, fps and duration, the hold and the pace.

    `None` means "choose": see `plan`. `hold=None` holds GIFs 2 s and videos not at all.
    """

    frames: int | None = None
    fps: float | None = None
    duration: float | None = None
    hold: float | None = None
    pace: str = "linear"

    def __post_init__(self) -> None:
        if self.pace not in PACES:
            raise UserError(f"unknown --pace {self.pace!r}; use one of {', '.join(PACES)}")
        if self.duration is not None and not (math.isfinite(self.duration) and self.duration > 0):
            raise UserError(f"--duration must be a positive number of seconds, got {self.duration:g}")
        if self.hold is not None and not (math.isfinite(self.hold) and 0 <= self.hold <= 600):
            raise UserError(f"--hold must be between 0 and 600 seconds, got {self.hold:g}")


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


MAX_OWN_FRAMES = 240  # frames of a scene with its own rate, one per point up to this many


def frames_and_rate(
    points: int, playback: Playback, own_fps: float | None = None, own_frames: int | None = None
) -> tuple[int, float]:
    """The frame count and rate of an animation of `points` points per path.

    Two of frames, fps and duration fix the third. A scene with a rate of its own (the article's
    5 fps, a scene file's `fps`) plays one frame per point at that rate, up to 240 frames, as the
    article's animations do. Any other run lasts about 10 s (`DEFAULT_DURATION`), at the highest of
    5, 10, …, 25 fps that still gives each frame a new point (never under 5 fps).
    """
    frames, fps, duration = playback.frames, playback.fps, playback.duration
    if None not in (frames, fps, duration):
        raise UserError("--frames, --fps and --duration: give at most two; the third follows from them")
    if duration is not None:
        if frames is not None:
            return frames, frames / duration
        fps = fps or own_fps or rate_for(points, duration, slowest=points / duration)
        return max(1, round(duration * fps)), fps
    if own_fps is not None:
        return frames or own_frames or min(points, MAX_OWN_FRAMES), fps or own_fps
    if frames is not None:
        return frames, fps or FRAME_RATES[0]
    fps = fps or rate_for(points, DEFAULT_DURATION)
    return own_frames or min(points, max(1, round(DEFAULT_DURATION * fps))), fps


def rate_for(points: int, duration: float, slowest: float = FRAME_RATES[0]) -> float:
    """The highest of `FRAME_RATES` at which `duration` seconds need no more frames than `points`;
    `slowest` when none does."""
    fitting = [rate for rate in FRAME_RATES if rate * duration <= points]
    return fitting[-1] if fitting else max(slowest, MIN_FPS)


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


def frame_steps(
    last_step: int, frames: int, pace: str = "linear", positions: np.ndarray | None = None
) -> list[int]:
    """The step each of `frames` frames shows: the first 0, the last `last_step`, never going back.

    `linear` spaces them evenly; `log` evenly in log(1 + step), so the fast start gets most frames
    and slow convergence is skipped through; `auto` follows the paths: half the frames spaced by
    how far the paths have moved (each path's share of its own length, averaged), half evenly in
    time. While there are at least as many steps as frames, each frame shows a new step.
    """
    if frames == 1:
        return [last_step]
    position = np.arange(frames) / (frames - 1)
    if pace == "log":
        targets = np.expm1(position * math.log1p(last_step))
    elif pace == "auto" and positions is not None:
        progress = (path_progress(positions[..., : last_step + 1, :]) + np.linspace(0, 1, last_step + 1)) / 2
        targets = np.searchsorted(progress, position - 1e-12).astype(float)
    else:
        targets = position * last_step
    steps = np.clip(np.floor(targets + 0.5).astype(int), 0, last_step)
    if frames <= last_step + 1:
        for k in range(1, frames):
            steps[k] = max(steps[k], steps[k - 1] + 1)
        for k in range(frames - 1, -1, -1):
            steps[k] = min(steps[k], last_step - (frames - 1 - k))
    steps[0], steps[-1] = 0, last_step
    return steps.tolist()


def path_progress(positions: np.ndarray) -> np.ndarray:
    """The share of their whole length the paths have covered at each step, averaged over paths.

    `positions` is (…, points, 2). Steps that are not finite count as no movement, and no single
    step counts for more than the median path's whole length, so a path flying off does not take
    every frame.
    """
    paths = positions.reshape(-1, positions.shape[-2], 2)
    with np.errstate(invalid="ignore", over="ignore"):
        moves = np.linalg.norm(np.diff(paths, axis=1), axis=-1)
    moves = np.where(np.isfinite(moves), moves, 0.0)
    lengths = moves.sum(axis=1)
    cap = np.median(lengths) if np.median(lengths) > 0 else np.inf
    moves = np.minimum(moves, cap)
    lengths = moves.sum(axis=1, keepdims=True)
    share = np.where(lengths > 0, np.cumsum(moves, axis=1) / np.where(lengths > 0, lengths, 1), 1.0)
    return np.concatenate([[0.0], share.mean(axis=0)])
