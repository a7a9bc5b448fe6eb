"""A scene's own playback and output settings: its timing, how many points it animates, its pixel size
and where a scene file asks to be written.

None of it changes the computed paths: the engine never reads it. The renderer takes it as its
defaults for what the user did not ask (see `animator.timing`, `animator.outputs`).
"""

from __future__ import annotations

from dataclasses import dataclass

from landscapes import limits, values
from landscapes.scenes.pacing import frame_steps, frames_and_rate


@dataclass(frozen=True)
class ScenePlayback:
    """How a scene plays by default and where it goes: `None` leaves each to the renderer.

    `fps` and `frames` are the scene's own timing (the article's 5 fps, a scene file's); without them
    a run lasts about 10 s (see `landscapes.scenes.pacing`). `animated_points` limits the animation
    to the first points of each path (the article animates 119 of 126). `size` (width, height) in
    pixels; `None` leaves it to the output format (1280×720; GIFs 800 px wide). `output` is where
    a scene file asks to be rendered when the command line gives no -o.
    """

    fps: float | None = None
    frames: int | None = None
    animated_points: int | None = None
    size: tuple[int, int] | None = None
    output: str | None = None

    def points_animated(self, steps: int) -> int:
        """How many points of each path of `steps` steps the animation shows."""
        total = steps + 1
        return total if self.animated_points is None else min(self.animated_points, total)

    def timing(self, steps: int) -> tuple[int, float]:
        """Frames and frames per second at the default timing for paths of `steps` steps: the scene's
        own, or about 10 s for the run."""
        return frames_and_rate(self.points_animated(steps), own_fps=self.fps, own_frames=self.frames)

    def points_per_frame(self, steps: int) -> list[int]:
        """How many points of each path frame k shows at the default timing: evenly spaced steps, from
        the start to the last animated point."""
        return [step + 1 for step in frame_steps(self.points_animated(steps) - 1, self.timing(steps)[0])]

    def retimed(self) -> ScenePlayback:
        """These settings for a new step count: the frame range and rate were chosen for the scene's
        own, so the whole paths play at the default timing for their length; size and output stay."""
        return ScenePlayback(size=self.size, output=self.output)


def check_playback(playback: ScenePlayback) -> None:
    """A `UserError` for a timing, animated point count or pixel size out of range, each value named
    as the caller named it (see `landscapes.values`)."""
    check_timing(playback.fps, playback.frames)
    if playback.animated_points is not None:
        values.whole_number(playback.animated_points, "animated_points", at_least=1)
    if playback.size is not None:
        values.pixel_size(playback.size)


def check_timing(fps: float | None, frames: int | None) -> None:
    """A `UserError` for a frame rate the encoder cannot take or a frame count out of range."""
    if frames is not None:
        values.whole_number(frames, "frames", at_least=1, limit=limits.MAX_FRAMES)
    if fps is not None:
        values.finite_number(fps, "fps", between=(limits.MIN_FPS, limits.MAX_FPS))
