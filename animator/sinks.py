"""Frame sinks: raw RGBA frames in, an MP4 or GIF out, encoded by the ffmpeg that imageio-ffmpeg ships;
or the frames kept in memory, for tests that compare pixels without encoding."""

from __future__ import annotations

import contextlib
import signal
import subprocess
from pathlib import Path
from typing import Protocol

import numpy as np

from landscapes.errors import WorkError


class FrameSink(Protocol):
    """Where the frames of an animation go: `write` each frame's RGBA bytes, then `close` (or `abort`)."""

    def write(self, frame: memoryview | bytes) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class MemorySink:
    """Keeps each frame as an (height, width, 4) uint8 array in `frames`: no encoder, no file."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.frames: list[np.ndarray] = []

    def write(self, frame: memoryview | bytes) -> None:
        width, height = self.size
        self.frames.append(np.frombuffer(frame, np.uint8).reshape(height, width, 4).copy())

    def close(self) -> None:
        """Nothing to finish: the frames are complete as written."""

    def abort(self) -> None:
        self.frames.clear()


# Flat plots compress well: `veryfast` is several times quicker than the default preset at the
# same constant quality, and +faststart lets browsers start playback before the file has loaded.
MP4_OPTIONS = (
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "20",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
    "-f",
    "mp4",
)
# One pass over piped frames: build a palette from all frames, then map them onto it. With few
# colours and large flat areas no dithering is needed, and only changed rectangles are re-encoded.
GIF_OPTIONS = (
    "-filter_complex",
    "split[frames][copy];[copy]palettegen=stats_mode=full[palette];"
    "[frames][palette]paletteuse=dither=none:diff_mode=rectangle",
    "-loop",
    "0",
    "-f",
    "gif",
)
# VP9 at constant quality (-b:v 0 -crf): flat plots need few bits; `good` at cpu-used 4 with row
# threading keeps the encoder near H.264 veryfast's time.
WEBM_OPTIONS = (
    "-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-b:v", "0", "-crf", "34",
    "-deadline", "good", "-cpu-used", "4", "-row-mt", "1", "-f", "webm",
)  # fmt: skip
# Animated WebP: the GIF's palette (the same 256 colours, so the same picture), then stored
# losslessly, which packs the changed rectangles tighter than GIF's LZW: about 20% smaller. (Lossless
# in full colour was 1.4× the GIF, and lossy 2.5×, its noise changing every frame.) Compression level
# 3 of 6 is within 1% of the smallest and several times faster.
WEBP_OPTIONS = (
    "-filter_complex",
    "split[frames][copy];[copy]palettegen=stats_mode=full[palette];"
    "[frames][palette]paletteuse=dither=none,format=bgra",
    "-c:v", "libwebp_anim", "-lossless", "1", "-compression_level", "3", "-loop", "0", "-f", "webp",
)  # fmt: skip
ENCODER_OPTIONS = {".mp4": MP4_OPTIONS, ".gif": GIF_OPTIONS, ".webm": WEBM_OPTIONS, ".webp": WEBP_OPTIONS}
# The encoder's CPU time per pixel of a frame, measured on our frames (benchmarks/run.py): it tells
# how many cores are left for drawing.
ENCODER_SECONDS_PER_PIXEL = {".mp4": 5.5e-9, ".gif": 5.5e-9}


def encoder_seconds(size: tuple[int, int], suffix: str) -> float:
    """About how much CPU time the encoder spends on one frame of `size` pixels."""
    return ENCODER_SECONDS_PER_PIXEL.get(suffix, max(ENCODER_SECONDS_PER_PIXEL.values())) * size[0] * size[1]


# Containers whose comment tag ffmpeg writes from `-metadata comment=…` (the manifest goes there).
TAGGED = (".mp4", ".webm")


def encoder_command(
    size: tuple[int, int], fps: float, suffix: str, path: Path, comment: str | None = None
) -> list[str]:
    """The ffmpeg command line that turns piped RGBA frames of `size` into `path`, tagged with `comment`
    where the container has a comment tag."""
    import imageio_ffmpeg

    width, height = size
    tags = ["-metadata", f"comment={comment}"] if comment is not None and suffix in TAGGED else []
    return [
        imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{width}x{height}", "-framerate", f"{fps:g}",
        "-i", "-", "-an", *ENCODER_OPTIONS[suffix], *tags, str(path),
    ]  # fmt: skip


class FfmpegSink:
    """Pipes frames to an ffmpeg process; `close` waits for it and raises `WorkError` if it failed."""

    def __init__(
        self, size: tuple[int, int], fps: float, suffix: str, path: Path, comment: str | None = None
    ) -> None:
        # close_fds and no preexec_fn let CPython spawn without os.fork(), so JAX's fork warning never fires.
        # A session of its own keeps the terminal's Ctrl-C away from ffmpeg: Python hears it, stops
        # ffmpeg itself and removes the partial file, instead of racing ffmpeg's own shutdown.
        command = encoder_command(size, fps, suffix, path, comment)
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                close_fds=True,
                start_new_session=True,
            )
        except OSError as error:
            raise WorkError(f"cannot start the encoder {command[0]!r}: {error.strerror or error}") from None

    def write(self, frame: memoryview | bytes) -> None:
        try:
            self._process.stdin.write(frame)
        except BrokenPipeError:
            raise WorkError(f"the encoder stopped early: {self._stderr()}") from None

    def close(self) -> None:
        """Finish the file; raise `WorkError` with ffmpeg's last line if encoding failed."""
        with contextlib.suppress(BrokenPipeError):
            self._process.stdin.close()
        if self._process.wait() != 0:
            raise WorkError(f"the encoder failed: {self._stderr()}")

    def abort(self) -> None:
        """Stop the encoder at once, leaving no process behind."""
        self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stderr):
            stream.close()

    def _stderr(self) -> str:
        self._process.wait()
        lines = self._process.stderr.read().decode(errors="replace").strip().splitlines()
        status = self._process.returncode
        if status < 0:
            return f"ffmpeg was killed by {signal.Signals(-status).name}"
        return lines[-1] if lines else f"ffmpeg exited with status {status}"
