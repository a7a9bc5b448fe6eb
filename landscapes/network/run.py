"""A network scene from data, model and optimizers to trajectories on a plane the renderer can draw.

The training loss over the plane becomes a `Surface` like any other (its `fn` is the exact loss at
`origin + x·d₁ + y·d₂`), sampled once on a grid in one jitted, vmapped call; the paths become its
trajectories, with the true training loss (and accuracy) they had, which the loss panel shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import jax
import jax.numpy as jnp
import numpy as np

from landscapes import limits
from landscapes.compiling import jit
from landscapes.engine.trajectories import Trajectories, resolved
from landscapes.errors import UserError
from landscapes.network.data import Dataset, make_data
from landscapes.network.model import Model, parse_model
from landscapes.network.plane import Plane, make_plane, parse_plane, plane_window
from landscapes.network.train import train
from landscapes.optimizers.spec import OptimizerSpec, legends_for
from landscapes.scenes.model import Scene, validate
from landscapes.scenes.playback import ScenePlayback
from surfaces import ContourLevels, Surface

GRID_RESOLUTION = 81
MAX_GRID_RESOLUTION = 400
GRID_VALUES_PER_CHUNK = 2**22
LEAVES_PLANE = 0.02
RUNAWAY = 100.0


def _default_optimizers() -> tuple[OptimizerSpec, ...]:
    return (
        OptimizerSpec("sgd", (("lr", 0.5),)),
        OptimizerSpec("momentum", (("lr", 0.05),)),
        OptimizerSpec("adam", (("lr", 0.02),)),
    )


@dataclass(frozen=True)
class NetworkScene:
    """What to train and how to show it: data, model, optimizers, steps, minibatches, plane, playback.

    `data` is a generator with its sample count (`moons:500`) or a .csv file (`label` names its label
    column); `model` is `mlp:H,H,…` (hidden `activation` tanh or relu), `logistic` or `linear`;
    `batch=None` trains full-batch; `seed` draws the data, the initial weights, the minibatches and a
    random plane; `plane` is pca, random, endpoints[:A,B] or a .npz file; `resolution` is the number
    of grid points per side on which the loss over the plane is evaluated.
    """

    data: str = "moons:500"
    model: str = "mlp:16,16"
    activation: str = "tanh"
    optimizers: tuple[OptimizerSpec, ...] = field(default_factory=_default_optimizers)
    steps: int = 300
    batch: int | None = None
    seed: int = 0
    plane: str = "pca"
    label: str | None = None
    resolution: int = GRID_RESOLUTION
    name: str | None = None
    description: str = ""
    fps: float = 30.0
    frames: int | None = None
    size: tuple[int, int] | None = None
    output: str | None = None
    show_distance: bool = False


@dataclass(frozen=True, eq=False, kw_only=True)
class NetworkTrajectories(Trajectories):
    """Trajectories on a plane of weight space, with what the projection hides.

    `positions` are the projected paths and `losses` the true training loss at each step (the loss
    panel's); `plane_losses` is the loss at the projected weights (what the contour map shows under
    each point), `distances` how far each step's weights lie from the plane, `accuracies` the
    training accuracy (None for regression), `grid` the sampled surface (xs, ys, z), `weights` the
    full weight vectors (optimizers, steps+1, weights); `show_distance` writes each head's
    distance from the plane beside it.
    """

    plane: Plane
    grid: tuple[np.ndarray, np.ndarray, np.ndarray]
    plane_losses: np.ndarray
    distances: np.ndarray
    accuracies: np.ndarray | None
    weights: np.ndarray
    model: Model
    data: Dataset
    show_distance: bool = False

    def leaves_plane(self, share: float = LEAVES_PLANE) -> bool:
        """Whether some path goes further from the plane than `share` of the window's diagonal."""
        (x0, x1), (y0, y1) = self.scene.xlim, self.scene.ylim
        distances = self.distances[np.isfinite(self.distances)]
        return distances.size > 0 and float(distances.max()) > share * float(np.hypot(x1 - x0, y1 - y0))


def plane_loss(model: Model, plane: Plane, features: np.ndarray, targets: np.ndarray):
    """The training loss at plane coordinates (2,), as a JAX function: the surface's `fn`."""
    origin, directions = jnp.asarray(plane.origin), jnp.asarray(plane.directions)
    x, y = jnp.asarray(features), jnp.asarray(targets)

    def loss(point):
        return model.loss(origin + point @ directions, x, y)

    return loss


@jit(static_argnames=("model", "chunk"))
def _losses_at(model: Model, origin, directions, points, features, targets, chunk: int):
    def at(point):
        return model.loss(origin + point @ directions, features, targets)

    chunks = points.reshape(-1, chunk, 2)
    return jax.lax.map(jax.vmap(at), chunks).reshape(-1)


def losses_on_plane(model: Model, plane: Plane, points: np.ndarray, data: Dataset) -> np.ndarray:
    """The training loss at many plane points (…, 2) in one jitted call, vmapped in chunks whose
    hidden activations stay within a few tens of MiB."""
    flat = points.reshape(-1, 2)
    finite = np.isfinite(flat).all(axis=1)
    widest = max(model.widths)
    # Powers of two, so grids of nearby sizes (and the paths projected with them) share a compilation.
    most = _power_of_two_at_most(max(1, GRID_VALUES_PER_CHUNK // (len(data.targets) * widest)))
    chunk = min(most, 1 << (len(flat) - 1).bit_length())
    padded = np.zeros((-(-len(flat) // chunk) * chunk, 2))
    padded[: len(flat)][finite] = flat[finite]
    values = _losses_at(
        model,
        jnp.asarray(plane.origin),
        jnp.asarray(plane.directions),
        jnp.asarray(padded),
        jnp.asarray(data.features),
        jnp.asarray(data.targets),
        chunk,
    )
    return np.where(finite, np.asarray(values)[: len(flat)], np.nan).reshape(points.shape[:-1])


def _power_of_two_at_most(value: int) -> int:
    return 1 << (value.bit_length() - 1)


def check(scene: NetworkScene) -> None:
    """Refuse a network scene that would fail or exhaust memory, before anything is trained."""
    if not scene.optimizers:
        raise UserError("a network scene needs at least one optimizer (-O NAME)")
    if scene.steps < 1:
        raise UserError(f"--steps must be at least 1, got {scene.steps}")
    limits.check_at_most(scene.steps, limits.MAX_STEPS, "--steps")
    if not 10 <= scene.resolution <= MAX_GRID_RESOLUTION:
        raise UserError(f"--resolution must be between 10 and {MAX_GRID_RESOLUTION}, got {scene.resolution}")
    if not 0 <= scene.seed < 2**32:
        raise UserError(f"--seed must be between 0 and {2**32 - 1}, got {scene.seed}")


def run_network(scene: NetworkScene) -> NetworkTrajectories:
    """Train every optimizer of `scene` from the same weights and project the paths onto its plane."""
    check(scene)
    data = make_data(scene.data, scene.seed, scene.label)
    model = parse_model(scene.model, data, scene.activation)
    count = len(scene.optimizers)
    limits.check_weight_paths(count, scene.steps, model.size)
    # Every spec is looked up here, so an unknown optimizer or setting fails before any training.
    labels = tuple(optimizer.label for optimizer in resolved(scene.optimizers))
    parse_plane(scene.plane, labels)
    start = model.initial_weights(scene.seed)
    training = train(
        model,
        scene.optimizers,
        labels,
        data.features,
        data.targets,
        start,
        scene.steps,
        scene.batch,
        scene.seed,
    )
    # Paths that ran away would stretch the plane and window over nothing: they are projected and
    # drawn up to where they leave the window, with the usual divergence warning.
    healthy = ~ran_away(training.losses)
    healthy = healthy if healthy.any() else ~healthy
    kept = tuple(label for label, keep in zip(labels, healthy, strict=True) if keep)
    plane = make_plane(
        scene.plane, model, training.weights[healthy], training.losses[healthy], kept, scene.seed
    )
    coordinates, distances = plane.project(training.weights)
    xlim, ylim = plane_window(coordinates[healthy], plane.kind)
    xs, ys = np.linspace(*xlim, scene.resolution), np.linspace(*ylim, scene.resolution)
    # The grid and the projected paths in one call: one compilation, and the same numbers for both.
    grid_points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    values = losses_on_plane(model, plane, np.concatenate([grid_points, coordinates.reshape(-1, 2)]), data)
    z = values[: len(grid_points)].reshape(len(ys), len(xs))
    plane_losses = values[len(grid_points) :].reshape(coordinates.shape[:-1])
    surface = Surface(
        name=scene.name or f"{data.name} · {scene.model}",
        fn=plane_loss(model, plane, data.features, data.targets),
        formula=f"{_loss_name(model)} of {model.describe()} on {data.name}, {_plane_name(plane)}",
        xlim=xlim,
        ylim=ylim,
        start=tuple(float(v) for v in coordinates[0, 0]),
        levels=loss_levels(z),
        description=scene.description,
    )
    shown = Scene(
        name=surface.name,
        surface=surface,
        optimizers=scene.optimizers,
        starts=(surface.start,),
        steps=scene.steps,
        description=scene.description,
        playback=ScenePlayback(fps=scene.fps, frames=scene.frames, size=scene.size, output=scene.output),
    )
    validate(shown)
    legends = legends_for(scene.optimizers, labels)
    return NetworkTrajectories(
        scene=shown,
        labels=labels,
        legends=legends,
        positions=coordinates[:, None],
        losses=training.losses[:, None],
        plane=plane,
        grid=(xs, ys, z),
        plane_losses=plane_losses[:, None],
        distances=distances[:, None],
        accuracies=None if training.accuracies is None else training.accuracies[:, None],
        weights=training.weights,
        model=model,
        data=data,
        show_distance=scene.show_distance,
    )


LEVEL_MULTIPLES = ((1, 2, 5), (1, 1.5, 2, 3, 5, 7), (1, 2, 3, 4, 5, 6, 7, 8, 9), tuple(range(10, 100, 5)))
ENOUGH_LEVELS = 8


def loss_levels(z: np.ndarray) -> ContourLevels:
    """Contours at round values between the lowest and highest loss in view: one per decade when
    the losses span many, else 1, 2, 5 × 10ᵏ, finer when they span little. A loss is never negative,
    so such log-spaced levels read as the loss itself."""
    finite = z[np.isfinite(z) & (z > 0)]
    if finite.size == 0:
        return ContourLevels("linear")
    low, high = float(finite.min()), float(finite.max())
    decades = range(math.floor(math.log10(low)), math.floor(math.log10(high)) + 1)

    def levels(multiples: tuple[float, ...]) -> list[float]:
        candidates = {float(f"{m * 10.0**k:.6g}") for k in decades for m in multiples}
        return sorted(value for value in candidates if low <= value <= high)

    values = levels((1,))
    if len(values) < ENOUGH_LEVELS:
        values = next(
            (v for v in map(levels, LEVEL_MULTIPLES) if len(v) >= ENOUGH_LEVELS), levels(LEVEL_MULTIPLES[-1])
        )
    return ContourLevels("fixed", tuple(values)) if len(values) >= 3 else ContourLevels("linear")


def ran_away(losses: np.ndarray) -> np.ndarray:
    """Which paths (optimizers, steps+1) ran away: their loss stopped being finite, or it ended more
    than `RUNAWAY` times where it started (a model that trains does not end far worse than its start)."""
    with np.errstate(invalid="ignore"):
        return ~np.isfinite(losses).all(axis=1) | (losses[:, -1] > RUNAWAY * losses[:, 0])


def _loss_name(model: Model) -> str:
    return "cross-entropy" if model.task == "classification" else "mean squared error"


def _plane_name(plane: Plane) -> str:
    return {
        "pca": "over the PCA plane of the paths",
        "random": "over two random filter-normalised directions",
        "endpoints": "over the plane through the start and two end points",
    }.get(plane.kind, "over the plane of the file's directions")
