"""The largest work the tool accepts, in one place: absurd sizes are refused before anything is computed.

Each limit is far beyond what a slide needs and well within what a laptop can hold, so a typo such
as `--steps 1000000000` gets a one-line answer instead of exhausting memory.
"""

from __future__ import annotations

from landscapes.errors import UserError

MAX_STEPS = 1_000_000
MAX_STARTS = 400
MAX_FRAMES = 100_000
MAX_TUNE_BUDGET = 16_384  # configurations per optimizer of `--tune-budget`
MAX_BASIN_GRID = 2000  # start points per side of `landscapes basins --grid`
MAX_SIDE = 8192
MIN_SIDE = 64  # below this, text cannot be drawn at the figure's proportions
MIN_FPS = 0.01
MAX_FPS = 1000.0  # the range the encoder accepts as a frame rate
MAX_TRAJECTORY_BYTES = 256 * 2**20
MAX_WORKERS = 256  # processes drawing frames at once
MAX_SAMPLES = 100_000  # training samples of `landscapes network`
MAX_WEIGHTS = 100_000  # weights of a `landscapes network` model
MAX_HESSIAN_WEIGHTS = 2_000  # weights whose full Hessian a second-order method may ask for
FLOAT_BYTES = 8
VALUES_PER_POINT = 3  # x, y and the loss


def trajectory_bytes(paths: int, steps: int) -> int:
    """Memory of `paths` paths' points and losses in float64: paths × (steps+1) × 3 × 8 bytes."""
    return paths * (steps + 1) * VALUES_PER_POINT * FLOAT_BYTES


def check_trajectory_size(paths: int, steps: int, what: str = "the paths") -> None:
    """A `UserError` that gives the size and the limit when `paths` paths would not fit in memory."""
    needed = trajectory_bytes(paths, steps)
    if needed > MAX_TRAJECTORY_BYTES:
        raise UserError(
            f"{what} would need {_mebibytes(needed)} ({paths:,} paths × {steps + 1:,} points); "
            f"the limit is {_mebibytes(MAX_TRAJECTORY_BYTES)}: use fewer steps, starts or optimizers"
        )


def check_weight_paths(paths: int, steps: int, weights: int) -> None:
    """A `UserError` when `paths` recorded weight vectors of `steps`+1 points would not fit in memory."""
    needed = paths * (steps + 1) * weights * FLOAT_BYTES
    if needed > MAX_TRAJECTORY_BYTES:
        raise UserError(
            f"the recorded weights would need {_mebibytes(needed)} ({paths:,} optimizers × "
            f"{steps + 1:,} points × {weights:,} weights); the limit is "
            f"{_mebibytes(MAX_TRAJECTORY_BYTES)}: use fewer steps, optimizers or a smaller model"
        )


def check_at_most(value: int, limit: int, what: str) -> None:
    """A `UserError` naming `what`, its value and the limit when `value` exceeds `limit`."""
    if value > limit:
        raise UserError(f"{what} is {value:,}; the limit is {limit:,}")


def check_workers(workers: int | None) -> None:
    """A `UserError` unless `workers` (processes drawing a render's frames; `None`: automatic) is 1 to 256."""
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise UserError(f"--workers must be between 1 and {MAX_WORKERS}, got {workers}")


def _mebibytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"
