"""Attractors found from end points alone: where runs that land together land, on any surface.

End points are binned into square cells `ATTRACTOR_TOLERANCE` of the window's diagonal wide; the
fullest cells, merged where their centres lie within twice that (the reach), are the attractors
(each must gather `MIN_SHARE` of the end points; at most `MAX_ATTRACTORS`, lowest loss first).
Every end point is then labelled with the attractor within reach, `UNSETTLED` where none is that
close (a run still on its way), or `DIVERGED` where it left the view or stopped being finite. Pure numpy,
working on a strided sample of at most `SAMPLE` points to find the attractors, so that a 2000×2000
map stays small in memory.
"""

from __future__ import annotations

import math

import numpy as np

from landscapes.engine.divergence import view_box

ATTRACTOR_TOLERANCE = 0.02
MIN_SHARE = 0.002
MAX_ATTRACTORS = 12
SAMPLE = 2**20
DIVERGED = -1
UNSETTLED = -2

Range = tuple[float, float]


def tolerance_of(xlim: Range, ylim: Range) -> float:
    """The cell size: `ATTRACTOR_TOLERANCE` of the window's diagonal. End points within twice this of
    an attractor land on it."""
    return ATTRACTOR_TOLERANCE * math.hypot(xlim[1] - xlim[0], ylim[1] - ylim[0])


def usable(points: np.ndarray, xlim: Range, ylim: Range) -> np.ndarray:
    """End points (…, 2) that are finite and inside the view (the window plus the divergence margin)."""
    (x0, x1), (y0, y1) = view_box(xlim, ylim)
    x, y = points[..., 0], points[..., 1]
    with np.errstate(invalid="ignore"):
        return np.isfinite(x) & np.isfinite(y) & (x0 <= x) & (x <= x1) & (y0 <= y) & (y <= y1)


def find_attractors(points: np.ndarray, losses: np.ndarray, xlim: Range, ylim: Range) -> np.ndarray:
    """The attractors (m, 2) of end points (…, 2) with their losses (…), lowest loss first."""
    flat, flat_losses = points.reshape(-1, 2), losses.reshape(-1)
    stride = max(1, math.ceil(len(flat) / SAMPLE))
    sample, sample_losses = flat[::stride], flat_losses[::stride]
    keep = usable(sample, xlim, ylim)
    sample, sample_losses = sample[keep], sample_losses[keep]
    if not len(sample):
        return np.zeros((0, 2))
    tolerance = tolerance_of(xlim, ylim)
    cells = np.floor((sample - sample.min(axis=0)) / tolerance).astype(np.int64)
    keys = cells[:, 0] * (int(cells[:, 1].max()) + 1) + cells[:, 1]
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    centroids = np.stack([np.bincount(inverse, weights=sample[:, axis]) for axis in (0, 1)], axis=1)
    centroids /= counts[:, None]
    mean_losses = np.bincount(inverse, weights=sample_losses) / counts
    centers: list[np.ndarray] = []
    weights: list[float] = []
    cell_losses: list[float] = []
    for cell in np.argsort(-counts, kind="stable"):
        if counts[cell] < MIN_SHARE * len(sample):
            break
        if centers:
            distances = np.linalg.norm(np.asarray(centers) - centroids[cell], axis=1)
            nearest = int(np.argmin(distances))
            if distances[nearest] <= 2 * tolerance:
                total = weights[nearest] + counts[cell]
                weighted = centers[nearest] * weights[nearest] + centroids[cell] * counts[cell]
                centers[nearest], weights[nearest] = weighted / total, total
                continue
        centers.append(centroids[cell])
        weights.append(float(counts[cell]))
        cell_losses.append(float(mean_losses[cell]))
    strongest = np.argsort(-np.asarray(weights), kind="stable")[:MAX_ATTRACTORS]
    by_loss = strongest[np.argsort(np.asarray(cell_losses)[strongest], kind="stable")]
    return np.asarray(centers)[by_loss].reshape(-1, 2)


def label_attractors(points: np.ndarray, centers: np.ndarray, xlim: Range, ylim: Range) -> np.ndarray:
    """For each end point (…, 2), the index of the nearest attractor within reach, else `UNSETTLED`,
    or `DIVERGED` where it left the view or is not finite."""
    reach = 2 * tolerance_of(xlim, ylim)
    labels = np.full(points.shape[:-1], UNSETTLED, dtype=np.int16)
    closest = np.full(points.shape[:-1], np.inf)
    for index, center in enumerate(centers):
        with np.errstate(invalid="ignore"):
            distance = np.hypot(points[..., 0] - center[0], points[..., 1] - center[1])
            nearer = (distance <= reach) & (distance < closest)
        labels[nearer] = index
        closest[nearer] = distance[nearer]
    labels[~usable(points, xlim, ylim)] = DIVERGED
    return labels
