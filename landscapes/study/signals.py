"""The study's gradient signals: six built-ins, signals read from files, and the look-ahead read G(j)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from landscapes.errors import UserError, lookup

SIGNAL_LENGTH = 300
DEFAULT_SEED = 0


@dataclass(frozen=True)
class SignalDefinition:
    """A built-in signal: g_i as a function of the steps i and of uniform noise u_i in [0, 1)."""

    name: str
    formula: str
    make: Callable[[np.ndarray, np.ndarray], np.ndarray]


def _spikes(i: np.ndarray, u: np.ndarray) -> np.ndarray:
    return np.where(i % 60 == 0, 1.0, 0.0)


def _rectangles(i: np.ndarray, u: np.ndarray) -> np.ndarray:
    return np.where(i % 40 < 20, 1.0, -1.0)


def _noisy_sin(i: np.ndarray, u: np.ndarray) -> np.ndarray:
    return np.sin(i / 20) + u - 0.5


def _very_noisy_sin(i: np.ndarray, u: np.ndarray) -> np.ndarray:
    return np.sin(i / 20) / 5 + u - 0.5


def _uneven_sawtooth(i: np.ndarray, u: np.ndarray) -> np.ndarray:
    return (i % 20) / np.where(i > 80, 20.0, 5.0)


def _saturation(i: np.ndarray, u: np.ndarray) -> np.ndarray:
    return np.where(i % 80 < 40, 1.0, 0.0)


SIGNALS: dict[str, SignalDefinition] = {
    definition.name: definition
    for definition in (
        SignalDefinition("spikes", "1 if i mod 60 = 0, else 0", _spikes),
        SignalDefinition("rectangles", "+1 if i mod 40 < 20, else -1", _rectangles),
        SignalDefinition("noisy-sin", "sin(i/20) + u_i - 0.5", _noisy_sin),
        SignalDefinition("very-noisy-sin", "sin(i/20)/5 + u_i - 0.5", _very_noisy_sin),
        SignalDefinition("uneven-sawtooth", "(i mod 20) / (15*[i > 80] + 5)", _uneven_sawtooth),
        SignalDefinition("saturation", "1 if i mod 80 < 40, else 0", _saturation),
    )
}


def uniform_noise(seed: int | None, length: int = SIGNAL_LENGTH) -> np.ndarray:
    """The u_i of the noisy signals: uniform in [0, 1), the same for a given seed (None: the default)."""
    return np.random.default_rng(DEFAULT_SEED if seed is None else seed).random(length)


def builtin_signal(name: str, seed: int | None = None, length: int = SIGNAL_LENGTH) -> np.ndarray:
    """g_0 … g_{length-1} of the built-in signal `name`.

    Both noisy signals read the same u_i for a seed, so they differ only by the sine's amplitude,
    and a signal's values do not depend on which other signals were asked for.
    """
    definition = lookup(SIGNALS, name, "signal")
    steps = np.arange(length, dtype=np.float64)
    return definition.make(steps, uniform_noise(seed, length))


def parse_signal(text: str, source: str) -> np.ndarray:
    """The numbers of a signal file's text, one per line; the first line may be a non-numeric header.

    Blank lines at the end are ignored. Any other line that is not a finite number, or a file
    without numbers, is a `UserError` naming `source` and the line.
    """
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    first = 1 if lines and _number(lines[0]) is None else 0
    values = []
    for number, line in enumerate(lines[first:], start=first + 1):
        value = _number(line)
        if value is None:
            raise UserError(f"signal file {source!r}, line {number}: {line.strip()!r} is not a number")
        values.append(value)
    if not values:
        what = "nothing after the header" if first else "the file is empty"
        raise UserError(
            f"signal file {source!r}, line {first + 1}: no numbers ({what}); expected one number per line"
        )
    return np.array(values, dtype=np.float64)


def _number(line: str) -> float | None:
    try:
        value = float(line)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_signal_file(path: Path) -> tuple[str, np.ndarray]:
    """The signal in `path`, named after the file's stem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not readable text"
        raise UserError(f"cannot read signal file {str(path)!r}: {reason}") from error
    return path.stem, parse_signal(text, str(path))


def choose_signals(names: Sequence[str], files: Sequence[Path], seed: int | None) -> dict[str, np.ndarray]:
    """The named built-in signals (all when none is named) and then each file's, by name.

    A file whose stem repeats a signal already chosen is a `UserError`: pictures are named after it.
    """
    chosen = {name: builtin_signal(name, seed) for name in (names or SIGNALS)}
    for path in files:
        name, values = read_signal_file(path)
        if name in chosen:
            raise UserError(
                f"signal file {str(path)!r}: a signal named {name!r} is already chosen; rename the file"
            )
        chosen[name] = values
    return chosen


def look_ahead(signal: Sequence[float], j: float) -> float:
    """G(j): the signal read at a fractional index j, as the look-ahead methods need it.

    0 when j ≥ N; g_0 when j ≤ 0; g_{N−1} when N−1 < j < N; otherwise the straight line
    between g_⌊j⌋ and g_⌈j⌉.
    """
    last = len(signal) - 1
    if j >= last + 1:
        return 0.0
    if j <= 0:
        return float(signal[0])
    if j > last:
        return float(signal[last])
    below = math.floor(j)
    above = math.ceil(j)
    fraction = j - below
    return float(signal[below]) + fraction * (float(signal[above]) - float(signal[below]))
