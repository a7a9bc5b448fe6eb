"""Training data made by the program (seeded, no download) or read from the user's CSV.

`moons`, `circles`, `spirals` and `xor` are two-class sets of 2D points; `linear` is a noisy line
(one feature, one target) for regression. A CSV gives features and one label column: two distinct
labels make a classification set, numeric labels with more values a regression set.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from landscapes import limits
from landscapes.errors import UserError, closest
from landscapes.files import read_text
from landscapes.values import parse_finite, parse_whole

DEFAULT_SAMPLES = 500


@dataclass(frozen=True, eq=False)
class Dataset:
    """Features (samples, features), targets (samples,) in float64, and what the targets mean.

    `task` is "classification" (targets 0 or 1) or "regression".
    """

    name: str
    features: np.ndarray
    targets: np.ndarray
    task: str

    @property
    def classification(self) -> bool:
        return self.task == "classification"


def moons(samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (radius 1, the lower one shifted by (1, −0.5)), noise σ = 0.1."""
    labels = np.arange(samples) % 2
    angle = rng.uniform(0, math.pi, samples)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    points = np.where(labels[:, None] == 0, upper, lower)
    return points + rng.normal(0, 0.1, points.shape), labels


def circles(samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles of radius 1 (class 0) and 0.5 (class 1), noise σ = 0.08."""
    labels = np.arange(samples) % 2
    angle = rng.uniform(0, 2 * math.pi, samples)
    radius = np.where(labels == 0, 1.0, 0.5)
    points = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return points + rng.normal(0, 0.08, points.shape), labels


def spirals(samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two arms of an Archimedean spiral, one and a half turns each, half a turn apart; noise σ = 0.05."""
    labels = np.arange(samples) % 2
    turn = rng.uniform(0.15, 1.0, samples) * 3 * math.pi
    angle = turn + math.pi * labels
    points = (turn / (3 * math.pi))[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return points + rng.normal(0, 0.05, points.shape), labels


def xor(samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Four blobs (σ = 0.35) at (±1, ±1); class 1 where the signs of x and y differ."""
    corners = rng.choice(np.array([(1, 1), (-1, -1), (1, -1), (-1, 1)], dtype=float), samples)
    points = corners + rng.normal(0, 0.35, (samples, 2))
    return points, (corners[:, 0] * corners[:, 1] < 0).astype(int)


def linear(samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """y = 2x − 1 + noise (σ = 0.5), x uniform on [−2, 2]: one feature, for regression."""
    x = rng.uniform(-2, 2, samples)
    return x[:, None], 2 * x - 1 + rng.normal(0, 0.5, samples)


GENERATORS: dict[str, tuple[Callable, str]] = {
    "moons": (moons, "classification"),
    "circles": (circles, "classification"),
    "spirals": (spirals, "classification"),
    "xor": (xor, "classification"),
    "linear": (linear, "regression"),
}


def make_data(text: str, seed: int = 0, label: str | None = None) -> Dataset:
    """The data set `text` names: `moons`, `moons:500` (any generator, with its sample count) or a .csv file.

    `seed` draws the generated points; `label` names a CSV's label column (default: its last).
    """
    if text.lower().endswith(".csv"):
        return read_csv(Path(text), label)
    if label is not None:
        raise UserError("--label names a column of a CSV file; generated data sets have no columns")
    name, _, count = text.partition(":")
    generator, task = GENERATORS[choose(name.strip(), GENERATORS, "data set", "or a FILE.csv")]
    samples = _sample_count(count, text) if count else DEFAULT_SAMPLES
    features, targets = generator(samples, np.random.default_rng(seed))
    return Dataset(text, np.asarray(features, float), np.asarray(targets, float), task)


def choose(name: str, choices, kind: str, more: str = "") -> str:
    """`name` if it is one of `choices`, else a `UserError` naming the closest ones and listing all."""
    if name in choices:
        return name
    near = closest(name, choices)
    hint = f"; did you mean {', '.join(repr(c) for c in near)}?" if near else ""
    raise UserError(f"unknown {kind} {name!r}{hint} (use {', '.join(choices)}{' ' + more if more else ''})")


def _sample_count(count: str, text: str) -> int:
    samples = parse_whole(count, f"bad data set {text!r}; expected NAME or NAME:SAMPLES, e.g. 'moons:500'")
    if samples < 4:
        raise UserError(f"bad data set {text!r}; it needs at least 4 samples")
    limits.check_at_most(samples, limits.MAX_SAMPLES, f"the number of samples in {text!r}")
    return samples


def read_csv(path: Path, label: str | None = None) -> Dataset:
    """Features and labels from a CSV with a header row; features are standardised (mean 0, sd 1).

    Two distinct labels (any text or numbers) become classes 0 and 1, in sorted order; numeric
    labels with more values are a regression target. Anything else is refused with its line.
    """
    rows = list(csv.reader(io.StringIO(read_text(path, "data file", newline=""))))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 5:
        raise UserError(f"data file {str(path)!r} needs a header row and at least 4 rows of data")
    header = [cell.strip() for cell in rows[0]]
    if len(header) < 2:
        raise UserError(f"data file {str(path)!r} needs at least one feature column and a label column")
    column = len(header) - 1 if label is None else _column(header, label, path)
    limits.check_at_most(len(rows) - 1, limits.MAX_SAMPLES, f"the number of rows in {str(path)!r}")
    features, labels = [], []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise UserError(
                f"data file {str(path)!r}, line {number}: {len(row)} values, the header has {len(header)}"
            )
        labels.append(row[column].strip())
        values = []
        for index, cell in enumerate(row):
            if index != column:
                values.append(_feature(cell, path, number, header[index]))
        features.append(values)
    targets, task = _targets(labels, path, header[column])
    x = np.asarray(features, float)
    spread = x.std(axis=0)
    x = (x - x.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    return Dataset(path.name, x, targets, task)


def _column(header: list[str], label: str, path: Path) -> int:
    return header.index(choose(label, header, f"--label column of {path.name}"))


def _feature(cell: str, path: Path, line: int, column: str) -> float:
    where = f"data file {str(path)!r}, line {line}"
    return parse_finite(
        cell,
        f"{where}: {cell.strip()!r} in column {column!r} is not a number",
        f"{where}: column {column!r} is not finite",
    )


def _targets(labels: list[str], path: Path, column: str) -> tuple[np.ndarray, str]:
    distinct = sorted(set(labels))
    if len(distinct) == 2:
        return np.array([distinct.index(value) for value in labels], float), "classification"
    try:
        values = np.array([float(value) for value in labels])
    except ValueError:
        raise UserError(
            f"data file {str(path)!r}: label column {column!r} has {len(distinct)} classes; "
            "two classes (or numbers, for regression) are supported"
        ) from None
    if len(distinct) < 2 or not np.isfinite(values).all():
        raise UserError(f"data file {str(path)!r}: label column {column!r} needs at least two finite values")
    return values, "regression"
