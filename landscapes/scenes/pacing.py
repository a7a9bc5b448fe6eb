"""Which frames an animation has: how many, at what rate, and the step each one shows.

Pure functions of counts (and, for the `auto` pace, of the paths), used by the scene for its default
timing and by the renderer with what the user asked:
- frames, rate and duration: two of them fix the third; a run without a timing of its own lasts
  about 10 s;
- pace: which step each frame shows (evenly, on a log scale, or following the paths' speed).
"""

from __future__ import annotations

import math

import numpy as np

from landscapes.errors import UserError
from landscapes.limits import MIN_FPS

DEFAULT_DURATION = 10.0  # seconds of a run that has no frame rate or count of its own
FRAME_RATES = (5.0, 10.0, 15.0, 20.0, 25.0)  # the rates long runs get: whole frames per second
MAX_OWN_FRAMES = 240  # frames of a scene with its own rate, one per point up to this many


def frames_and_rate(
    points: int,
    *,
    frames: int | None = None,
    fps: float | None = None,
    duration: float | None = None,
    own_fps: float | None = None,
    own_frames: int | None = None,
) -> tuple[int, float]:
    """The frame count and rate of an animation of `points` points per path.

    Two of frames, fps and duration fix the third. A scene with a rate of its own (the article's
    5 fps, a scene file's `fps`) plays one frame per point at that rate, up to 240 frames, as the
    article's animations do. Any other run lasts about 10 s (`DEFAULT_DURATION`), at the highest of
    5, 10, …, 25 fps that still gives each frame a new point (never under 5 fps).
    """
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
