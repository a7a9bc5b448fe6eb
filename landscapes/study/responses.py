"""Every chosen method's responses to every chosen signal, and the responses CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from landscapes.study.methods import Method

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
        gradient = one.gradient.tolist()
        for value, updates in zip(one.method.values, one.updates.tolist(), strict=True):
            for step, (g, y) in enumerate(zip(gradient, updates, strict=True)):
                writer.writerow((one.method.name, repr(float(value)), one.signal, step, repr(g), repr(y)))
