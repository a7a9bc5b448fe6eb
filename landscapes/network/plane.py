"""Planes through weight space: an origin and two directions, onto which every path is projected.

- `pca`: the two principal directions of all optimizers' weight vectors together, measured from
  their mean end point (which is the origin); the axes carry each direction's share of the squared
  distances (the "explained variance").
- `random`: two seeded Gaussian directions, filter-normalised (each unit's incoming weights scaled
  to the norm of the same unit's weights at the origin, biases left out), around the best end point.
- `endpoints`: the plane through the common start and two optimizers' end points (orthonormalised,
  so lengths on the figure are lengths in weight space).
- `FILE.npz`: the user's directions (`directions` (2, weights), or `x` and `y`), with `origin` if
  given, else around the best end point.

A weight vector's coordinates are its least-squares projection; its distance from the plane is
what the projection leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jax.numpy as jnp
import numpy as np

from landscapes.errors import UserError
from landscapes.network.data import choose
from landscapes.network.model import Model

PLANES = ("pca", "random", "endpoints")
PLANE_EXAMPLE = "use pca, random, endpoints, endpoints:LABEL,LABEL or a FILE.npz"


@dataclass(frozen=True, eq=False)
class Plane:
    """origin (weights,) + a·directions[0] + b·directions[1]; `explained` holds PCA's variance shares."""

    kind: str
    origin: np.ndarray
    directions: np.ndarray
    axis_names: tuple[str, str]
    explained: tuple[float, float] | None = None

    def project(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates (…, 2) of the nearest points of the plane, and the distances (…) to them."""
        gram = self.directions @ self.directions.T
        with np.errstate(over="ignore", invalid="ignore"):  # runaway weights project to ±inf or NaN
            offsets = weights - self.origin
            coordinates = np.linalg.solve(gram, (offsets @ self.directions.T)[..., None])[..., 0]
            residual = offsets - coordinates @ self.directions
            return coordinates, np.linalg.norm(residual, axis=-1)

    def weights_at(self, coordinates: np.ndarray) -> np.ndarray:
        """The weight vectors (…, weights) at plane coordinates (…, 2)."""
        return self.origin + coordinates @ self.directions


def finite_rows(weights: np.ndarray) -> np.ndarray:
    """The weight vectors (rows) of every path that are finite: diverged steps tell nothing of the plane."""
    rows = weights.reshape(-1, weights.shape[-1])
    return rows[np.isfinite(rows).all(axis=1)]


def end_points(weights: np.ndarray) -> np.ndarray:
    """Each path's last finite weight vector (optimizers, weights)."""
    ends = []
    for path in weights:
        finite = np.isfinite(path).all(axis=1)
        ends.append(path[np.flatnonzero(finite)[-1]])
    return np.stack(ends)


def pca_plane(weights: np.ndarray) -> Plane:
    """The two principal directions of all paths' weights, measured from their mean end point."""
    origin = end_points(weights).mean(axis=0)
    directions, shares = principal_directions(finite_rows(weights) - origin)
    directions = _toward_start(directions, weights[0, 0] - origin)
    names = (f"PC1 · {shares[0]:.1%} of variance", f"PC2 · {shares[1]:.1%}")
    return Plane("pca", origin, directions, names, (float(shares[0]), float(shares[1])))


def principal_directions(offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two leading right singular vectors (2, weights) of `offsets` (rows, weights) and their shares
    of the total sum of squares.

    From the eigenvectors of the smaller Gram matrix (weights² or rows²), multiplied by XLA: the same
    vectors as an SVD, without LAPACK's SVD, whose threads crawl on a busy machine.
    """
    rows, size = offsets.shape
    scale = float(np.abs(offsets).max(initial=0.0))
    if scale == 0:
        return np.eye(2, size), np.zeros(2)
    matrix = jnp.asarray(offsets / scale)  # squares of runaway weights would overflow
    total = float(jnp.sum(matrix**2))
    if rows >= size:
        values, vectors = np.linalg.eigh(np.asarray(matrix.T @ matrix))
        directions = vectors[:, ::-1][:, :2].T
    else:
        values, vectors = np.linalg.eigh(np.asarray(matrix @ matrix.T))
        left = vectors[:, ::-1][:, :2]
        directions = np.asarray(matrix.T @ jnp.asarray(left)).T
        directions[0] /= np.linalg.norm(directions[0])
        directions[1] = _orthogonal_unit(directions[1], directions[0])
    shares = np.maximum(values[::-1][:2], 0.0) / total
    return directions, shares


def _orthogonal_unit(vector: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """`vector` without its part along `unit`, normalised; a coordinate axis when nothing is left."""
    rest = vector - (vector @ unit) * unit
    norm = np.linalg.norm(rest)
    if norm <= 1e-12 * max(np.linalg.norm(vector), 1e-300):
        rest = np.eye(len(unit))[np.argmin(np.abs(unit))]
        rest = rest - (rest @ unit) * unit
        norm = np.linalg.norm(rest)
    return rest / norm


def _toward_start(directions: np.ndarray, start_offset: np.ndarray) -> np.ndarray:
    """Signs chosen so the start lies at negative coordinates: paths run left to right, bottom to top."""
    signs = np.where(directions @ start_offset > 0, -1.0, 1.0)
    return directions * signs[:, None]


def random_plane(model: Model, weights: np.ndarray, losses: np.ndarray, seed: int) -> Plane:
    """Two seeded, filter-normalised Gaussian directions around the end point of lowest loss."""
    origin = end_points(weights)[best_path(losses)]
    rng = np.random.default_rng(seed)
    directions = np.stack([_filter_normalised(model, rng.normal(size=model.size), origin) for _ in range(2)])
    if _collinear(directions):
        raise UserError(
            f"--plane random needs weights in several units; {model.describe()} has too few: use --plane pca"
        )
    return Plane("random", origin, directions, ("random direction 1", "random direction 2"))


def _filter_normalised(model: Model, direction: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each unit's incoming weights scaled to the norm of the same unit's `weights`; biases zeroed."""
    direction = direction.copy()
    for part, shape in model.filters():
        if shape is None:
            direction[part] = 0.0
            continue
        block = direction[part].reshape(shape)
        reference = weights[part].reshape(shape)
        norms = np.linalg.norm(block, axis=0)
        block *= np.linalg.norm(reference, axis=0) / np.where(norms > 0, norms, 1.0)
        direction[part] = block.reshape(-1)
    return direction


def best_path(losses: np.ndarray) -> int:
    """The optimizer whose last finite loss is lowest."""
    last = [series[np.isfinite(series)][-1] if np.isfinite(series).any() else np.inf for series in losses]
    return int(np.argmin(last))


def endpoints_plane(weights: np.ndarray, labels: tuple[str, ...], chosen: tuple[str, str] | None) -> Plane:
    """The plane through the common start and the end points of two optimizers (default: the first two)."""
    if len(labels) < 2:
        raise UserError("--plane endpoints needs two optimizers; add another -O or use --plane pca")
    first, second = (
        (0, 1) if chosen is None else (_label_index(labels, chosen[0]), _label_index(labels, chosen[1]))
    )
    if first == second:
        raise UserError("--plane endpoints needs two different optimizers")
    start = weights[0, 0]
    ends = end_points(weights)
    toward_first, toward_second = ends[first] - start, ends[second] - start
    length = np.linalg.norm(toward_first)
    across = toward_second - (toward_second @ toward_first) / max(length**2, 1e-300) * toward_first
    if length == 0 or np.linalg.norm(across) <= 1e-9 * max(np.linalg.norm(toward_second), 1e-300):
        raise UserError(
            f"the start and the end points of {labels[first]} and {labels[second]} lie on one line; "
            "they span no plane: use --plane pca"
        )
    directions = np.stack([toward_first / length, across / np.linalg.norm(across)])
    names = (f"toward {labels[first]}'s end", f"toward {labels[second]}'s end (orthogonal part)")
    return Plane("endpoints", start, directions, names)


def _label_index(labels: tuple[str, ...], label: str) -> int:
    return labels.index(choose(label, labels, "optimizer label in --plane endpoints"))


def file_plane(path: Path, model: Model, weights: np.ndarray, losses: np.ndarray) -> Plane:
    """Directions (and optionally the origin) from a .npz file; the origin defaults to the best end point."""
    try:
        with np.load(path, allow_pickle=False) as arrays:
            stored = {key: np.asarray(arrays[key], float) for key in arrays.files}
    except FileNotFoundError:
        raise UserError(f"plane file {str(path)!r} not found") from None
    except (OSError, ValueError) as error:
        raise UserError(f"cannot read plane file {str(path)!r}: {error}") from None
    if "directions" in stored:
        directions = stored["directions"]
    elif "x" in stored and "y" in stored:
        directions = np.stack([stored["x"], stored["y"]])
    else:
        raise UserError(
            f"plane file {str(path)!r} needs an array 'directions' (2, weights) or arrays 'x' and 'y'"
        )
    if directions.shape != (2, model.size):
        raise UserError(
            f"plane file {str(path)!r}: directions of shape {directions.shape}; {model.describe()} "
            f"needs (2, {model.size})"
        )
    origin = stored.get("origin", end_points(weights)[best_path(losses)])
    if origin.shape != (model.size,):
        raise UserError(
            f"plane file {str(path)!r}: 'origin' has shape {origin.shape}; expected ({model.size},)"
        )
    if not (np.isfinite(directions).all() and np.isfinite(origin).all()):
        raise UserError(f"plane file {str(path)!r} holds values that are not finite")
    if _collinear(directions):
        raise UserError(
            f"plane file {str(path)!r}: the two directions are parallel (or zero); they span no plane"
        )
    return Plane("file", origin, directions, (f"{path.name}: x", f"{path.name}: y"))


def _collinear(directions: np.ndarray) -> bool:
    gram = directions @ directions.T
    return not abs(np.linalg.det(gram)) > 1e-12 * max(gram[0, 0] * gram[1, 1], 1e-300)


def parse_plane(text: str, labels: tuple[str, ...]) -> tuple[str, tuple[str, str] | None]:
    """(kind, chosen labels) of a --plane value, checked before any training: `pca`, `random`,
    `endpoints`, `endpoints:A,B` (two optimizers' labels) or `file` for a .npz path."""
    if text.lower().endswith(".npz"):
        return "file", None
    kind, _, argument = text.partition(":")
    if kind == "endpoints" and argument:
        names = tuple(name.strip() for name in argument.split(","))
        if len(names) != 2:
            raise UserError(f"bad --plane {text!r}; expected endpoints:LABEL,LABEL, e.g. endpoints:sgd,adam")
        for name in names:
            choose(name, labels, "optimizer label in --plane endpoints")
        return kind, (names[0], names[1])
    if argument:
        raise UserError(f"bad --plane {text!r}; {PLANE_EXAMPLE}")
    choose(kind, PLANES, "--plane", "endpoints:LABEL,LABEL or a FILE.npz")
    return kind, None


def make_plane(
    text: str,
    model: Model,
    weights: np.ndarray,
    losses: np.ndarray,
    labels: tuple[str, ...],
    seed: int = 0,
) -> Plane:
    """The plane `text` names (`pca`, `random`, `endpoints`, `endpoints:A,B` or a .npz file) for the paths."""
    kind, chosen = parse_plane(text, labels)
    if kind == "file":
        return file_plane(Path(text), model, weights, losses)
    if kind == "endpoints":
        return endpoints_plane(weights, labels, chosen)
    if kind == "pca":
        return pca_plane(weights)
    return random_plane(model, weights, losses, seed)


def plane_window(
    coordinates: np.ndarray, kind: str, margin: float = 0.12, aspect: float = 1.15
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A window over every finite projected point with `margin` of its size on each side, widened to
    `aspect` (width / height) so it fills the panel; a random plane's always holds [−1, 1]²."""
    points = coordinates.reshape(-1, 2)
    points = points[np.isfinite(points).all(axis=1)]
    if kind == "random":
        points = np.concatenate([points, [(-1.0, -1.0), (1.0, 1.0)]])
    low, high = points.min(axis=0), points.max(axis=0)
    span = high - low
    size = max(float(span.max()), 1e-6)
    span = np.maximum(span, 0.05 * size) * (1 + 2 * margin)
    width, height = span
    width, height = max(width, height * aspect), max(height, width / aspect)
    centre = (low + high) / 2
    return (
        (float(centre[0] - width / 2), float(centre[0] + width / 2)),
        (float(centre[1] - height / 2), float(centre[1] + height / 2)),
    )
