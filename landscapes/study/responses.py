"""Every chosen method's responses to every chosen signal, and the responses CSV."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
from numpy.typing import ArrayLike

from landscapes.errors import UserError
from landscapes.study.methods import Method, choose_methods
from landscapes.study.signals import choose_signals, read_signal_file

RESPONSES_HEADER = ("method", "param", "signal", "step", "gradient", "update")


@dataclass(frozen=True)
class Sweep:
    """One method's responses to one signal: a row of `updates` per swept parameter value."""

    method: Method
    signal: str
    gradient: np.ndarray
    updates: np.ndarray

    @property
    def labels(self) -> list[str]:
        """The legend text of each row of `updates`."""
        return [self.method.label(value) for value in self.method.values]

    def rows(self) -> Iterator[tuple[str, float, str, int, float, float]]:
        """One (method, param, signal, step, gradient, update) row per swept value and step, as in
        the responses CSV."""
        gradient = self.gradient.tolist()
        for value, updates in zip(self.method.values, self.updates.tolist(), strict=True):
            for step, (g, y) in enumerate(zip(gradient, updates, strict=True)):
                yield self.method.name, float(value), self.signal, step, g, y


def sweep(method: Method, signal: str, gradient: np.ndarray) -> Sweep:
    """`method`'s updates for `gradient`, once per swept value."""
    updates = np.stack([method.respond(gradient, value) for value in method.values])
    return Sweep(method, signal, gradient, updates)


def sweeps(methods: Iterable[Method], signals: Mapping[str, np.ndarray]) -> list[Sweep]:
    """All (method, signal) sweeps, method by method, each method's signals in the given order."""
    return [sweep(method, name, gradient) for method in methods for name, gradient in signals.items()]


def write_responses(all_sweeps: Iterable[Sweep], stream: TextIO) -> None:
    """The responses CSV: one row per (method, value, signal, step), floats written to round-trip."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(RESPONSES_HEADER)
    for one in all_sweeps:
        for method, value, signal, step, g, y in one.rows():
            writer.writerow((method, repr(value), signal, step, repr(g), repr(y)))


def responses(
    methods: Sequence[str] = (),
    signals: Sequence[str] | Mapping[str, ArrayLike] = (),
    *,
    signal_files: Sequence[str | os.PathLike[str]] = (),
    seed: int | None = None,
) -> list[Sweep]:
    """The update-response study from Python: each method's responses to each signal, as `Sweep`s.

    `methods` and `signals` name built-ins (`landscapes list methods`, `landscapes list signals`;
    none named: all of them); `signals` may instead map names to your own gradient sequences.
    `signal_files` adds signals read from files, one number per line; `seed` seeds the noisy ones.
    Each sweep's `rows()` gives the lines of `landscapes signals`' responses.csv.
    """
    chosen_methods = choose_methods([methods] if isinstance(methods, str) else list(methods))
    signals = [signals] if isinstance(signals, str) else signals
    files = [Path(path) for path in signal_files]
    if not isinstance(signals, Mapping):
        return sweeps(chosen_methods, choose_signals(list(signals), files, seed))
    gradients = {name: _signal_values(name, values) for name, values in signals.items()}
    for path in files:
        name, values = read_signal_file(path)
        if name in gradients:
            raise UserError(f"signal file {str(path)!r}: a signal named {name!r} is already chosen")
        gradients[name] = values
    return sweeps(chosen_methods, gradients)


def _signal_values(name: str, values: ArrayLike) -> np.ndarray:
    """A user's signal as a 1-D float64 array, or a `UserError` saying why it cannot be one."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise UserError(f"signal {name!r} must be a sequence of numbers") from None
    if array.ndim != 1 or array.size == 0 or not np.all(np.isfinite(array)):
        raise UserError(f"signal {name!r} must be a non-empty 1-D sequence of finite numbers")
    return array
