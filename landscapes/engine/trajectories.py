"""Trajectories in float64: one jitted `lax.scan` per optimizer, vmapped over start points."""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from landscapes.compiling import jit
from landscapes.display import counted, html_table, listed
from landscapes.engine.internals import noisy, recorded_paths
from landscapes.optimizers import Optimizer, OptimizerEntry, objective_of
from landscapes.optimizers.spec import OptimizerSpec, legends_for, settings
from landscapes.scenes.model import Scene
from surfaces import Surface


@dataclass(frozen=True)
class Trajectories:
    """Every optimizer's path from every start: positions (optimizers, starts, steps+1, 2) and losses.

    A scene of several surfaces gives one `Trajectories` per surface in `panels` (each what a run on
    that surface alone gives); the arrays above are then the first surface's.
    """

    scene: Scene
    labels: tuple[str, ...]
    legends: tuple[str, ...]
    positions: np.ndarray
    losses: np.ndarray
    internals: tuple[dict[str, np.ndarray], ...] | None = None
    source: str | None = None  # the CSV the paths were read from; None when computed here
    panels: tuple[Trajectories, ...] = ()

    def per_surface(self) -> tuple[Trajectories, ...]:
        """One `Trajectories` per surface: the panels, or `(self,)` for one surface."""
        return self.panels or (self,)

    @property
    def surface(self) -> Surface:
        return self.scene.surface

    def __repr__(self) -> str:
        optimizers, starts, points, _ = self.positions.shape
        surfaces = f"{counted(len(self.panels), 'surface')} × " if self.panels else ""
        return (
            f"<Trajectories of {self.scene.name!r}: {surfaces}{counted(optimizers, 'optimizer')} × "
            f"{counted(starts, 'start')} × {points} points ({listed(self.labels)})>"
        )

    def _repr_html_(self) -> str:
        """A notebook's view: each optimizer's legend, final point and final loss (mean over starts)."""
        rows = [
            (legend, f"({x:.4g}, {y:.4g})", f"{np.mean(losses[:, -1]):.6g}")
            for legend, (x, y), losses in zip(
                self.legends, self.positions[:, 0, -1], self.losses, strict=True
            )
        ]
        caption = repr(self)[1:-1]
        return html_table(caption, ("optimizer", "end (first start)", "final loss (mean)"), rows)


@jit(static_argnames=("factory", "fn", "steps", "record", "ends_only"))
def paths(
    factory: Callable[..., Optimizer],
    fn: Callable,
    hyperparameters: dict,
    starts: jax.Array,
    steps: int,
    noise: jax.Array | None = None,
    key: jax.Array | None = None,
    record: bool = False,
    ends_only: bool = False,
) -> tuple[jax.Array, ...]:
    """Positions (starts, steps+1, 2) and losses (starts, steps+1) of one optimizer from each start.

    With `ends_only`, only the end points (starts, 2) and final losses (starts,): the scan carries the
    current point and state and keeps no path, so memory is that of the starts (basin maps).

    With `record`, a third result holds what each step saw and did, per start and point, in the same
    scan (see `landscapes.engine.internals`); without it the loop is the plain one.

    Hyperparameters are traced, not static, so optimizers of the same kind share one compilation.
    With `noise` (and a PRNG `key`) every gradient gets Gaussian noise of that standard deviation:
    one draw per start and step, made from `key` up front (one random call, cheap to compile) and
    fed through the scan, shared by all the gradients a look-ahead method asks for within a step.
    Every optimizer gets the same draws, so they are compared on the same noise. `noise=None`
    compiles the exact-gradient loop, with no random numbers at all.
    """
    optimizer = factory(**hyperparameters)
    exact = objective_of(fn)
    shifts = (
        None if noise is None else noise * jax.random.normal(key, (starts.shape[0], steps, 2), jnp.float64)
    )

    if record:
        return recorded_paths(optimizer, fn, starts, steps, shifts)

    def from_start(start, start_shifts):
        def advance(carry, shift):
            params, state = optimizer.step(noisy(exact, shift), *carry)
            return (params, state), None if ends_only else params

        (end, _), visited = jax.lax.scan(advance, (start, optimizer.init(start)), start_shifts, length=steps)
        if ends_only:
            return end, fn(end)
        path = jnp.concatenate([start[None], visited])
        return path, jax.vmap(fn)(path)

    return jax.vmap(from_start)(starts, shifts)


def labels_for(specs: tuple[OptimizerSpec, ...]) -> tuple[str, ...]:
    """Legend labels: the user's label, else the name, else (when names repeat) the whole spec."""
    names = Counter(spec.name for spec in specs)
    labels = [spec.label or (spec.name if names[spec.name] == 1 else str(spec)) for spec in specs]
    seen: Counter[str] = Counter()
    unique = []
    for label in labels:
        seen[label] += 1
        unique.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return tuple(unique)


class Resolved(NamedTuple):
    """One optimizer of a scene as the engine runs it: its spec, its label, its registry entry and the
    value of every hyperparameter (the spec's over the defaults)."""

    spec: OptimizerSpec
    label: str
    entry: OptimizerEntry
    hyperparameters: dict[str, float]


def resolved(specs: tuple[OptimizerSpec, ...]) -> list[Resolved]:
    """Each of `specs` with its label (`labels_for`) and its settings, looked up in the registry."""
    labels = labels_for(specs)
    return [Resolved(spec, label, *settings(spec)) for spec, label in zip(specs, labels, strict=True)]


def run(scene: Scene, *, internals: bool = False) -> Trajectories:
    """Compute every optimizer's path of `scene` from each of its starts.

    With `internals`, each step's gradient, update and the optimizer's declared internals are
    recorded too (`Trajectories.internals`), in the same scan; that is what overlays draw.
    A scene of several surfaces runs each surface's scene in turn (`Trajectories.panels`).
    """
    if scene.panels:
        panels = tuple(run(one, internals=internals) for one in scene.per_surface())
        return replace(panels[0], scene=scene, panels=panels)
    starts = jnp.asarray(scene.starts, dtype=jnp.float64)
    optimizers = resolved(scene.optimizers)
    labels = tuple(optimizer.label for optimizer in optimizers)
    positions, losses, records = [], [], []
    for _, _, entry, hyperparameters in optimizers:
        path, loss, *recorded = paths(
            entry.factory,
            scene.surface.fn,
            traced(hyperparameters),
            starts,
            scene.steps,
            *noise_of(scene),
            record=internals,
        )
        positions.append(np.asarray(path))
        losses.append(np.asarray(loss))
        records.extend({name: np.asarray(values) for name, values in part.items()} for part in recorded)
    return Trajectories(
        scene,
        labels,
        legends_for(scene.optimizers, labels),
        np.stack(positions),
        np.stack(losses),
        tuple(records) if internals else None,
    )


def traced(hyperparameters: dict[str, float]) -> dict[str, jax.Array]:
    """Hyperparameters as float64 arrays: traced by `jit`, so a new value needs no new compilation."""
    return {key: jnp.float64(value) for key, value in hyperparameters.items()}


def noise_of(scene: Scene) -> tuple[jax.Array | None, jax.Array | None]:
    """The gradient noise's standard deviation and PRNG key of `scene`, as `paths` takes them
    (None, None for exact gradients)."""
    if scene.noise == 0:
        return None, None
    return jnp.float64(scene.noise), jax.random.PRNGKey(scene.seed)


def grid_values(
    surface: Surface, xlim: tuple[float, float], ylim: tuple[float, float], resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The surface sampled on a `resolution`² grid over the window, in one vmapped call (for contours)."""
    xs, ys, grid = _window_grid(xlim, ylim, resolution)
    z = np.asarray(_evaluate(surface.fn, grid)).reshape(resolution, resolution)
    return xs, ys, z


def gradient_grid(
    surface: Surface, xlim: tuple[float, float], ylim: tuple[float, float], resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """xs, ys and the gradient (resolution, resolution, 2) on the same grid, in one vmapped call (for
    the gradient field)."""
    xs, ys, grid = _window_grid(xlim, ylim, resolution)
    return xs, ys, np.asarray(_gradients(surface.fn, grid)).reshape(resolution, resolution, 2)


def _window_grid(
    xlim: tuple[float, float], ylim: tuple[float, float], resolution: int
) -> tuple[np.ndarray, np.ndarray, jax.Array]:
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    return xs, ys, jnp.stack(jnp.meshgrid(xs, ys), axis=-1).reshape(-1, 2)


@jit(static_argnames=("fn",))
def _evaluate(fn: Callable, points: jax.Array) -> jax.Array:
    return jax.vmap(fn)(points)


@jit(static_argnames=("fn",))
def _gradients(fn: Callable, points: jax.Array) -> jax.Array:
    return jax.vmap(jax.grad(fn))(points)


def enable_compilation_cache() -> None:
    """Keep compiled programs on disk, so a repeated render skips XLA compilation (about half a second).

    The cache is $XDG_CACHE_HOME/landscapes/jax (~/.cache by default); a JAX_COMPILATION_CACHE_DIR the
    user set wins. A cache that cannot be made or written leaves caching off, and JAX's warnings about
    unreadable entries are silenced: such an entry is compiled again, which is all a cache may cost.
    """
    if os.environ.get("JAX_COMPILATION_CACHE_DIR"):
        return
    try:
        folder = compilation_cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return
    if not os.access(folder, os.W_OK | os.X_OK):
        return
    warnings.filterwarnings("ignore", message="Error (reading|writing) persistent compilation cache")
    jax.config.update("jax_compilation_cache_dir", str(folder))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)


def compilation_cache_folder() -> Path:
    """Where compiled programs are kept: under $XDG_CACHE_HOME if it is an absolute path, else ~/.cache."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "landscapes" / "jax"
