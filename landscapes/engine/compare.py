"""The leaderboard: optimizers × surfaces, each pair judged from many random starts.

For each pair: the share of starts whose run ends within reach of a global minimum (`REACH` of the
window's diagonal), the median steps until such runs stay there, and the median final gap (loss
above the global minimum). On a surface without known minima the global minimum is the best found:
the lowest loss any optimizer's path reached inside the window from any start, and where (the
leaderboard says so). Each optimizer runs on every surface in one vmapped, jitted call (the
surfaces switched per trial, so one compilation per optimizer), laid out over every JAX device.
With `tune`, each pair's hyperparameters are first tuned (engine.tuning) from other random starts
than those it is judged from, so the leaderboard does not reward fitting its own starts.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TextIO

import numpy as np

from landscapes.engine.trials import Arena, Outcome, run_batch
from landscapes.engine.tuning import DEFAULT_CRITERION, REACH, reach_of, targets_of
from landscapes.engine.tuning import tune as tune_scene
from landscapes.errors import UserError
from landscapes.limits import MAX_STARTS, MAX_STEPS, check_at_most
from landscapes.optimizers import OPTIMIZERS
from landscapes.optimizers.spec import OptimizerSpec, parse_spec, settings
from landscapes.scenes.lookup import find_surface
from landscapes.scenes.model import Scene, surface_title
from landscapes.scenes.starts import start_set
from surfaces import SURFACES, Minimum, Surface

DEFAULT_STARTS = 64
DEFAULT_STEPS = 500
DEFAULT_TUNE_BUDGET = 256
TUNE_STARTS = 16
CSV_HEADER = ("optimizer", "surface", "success_rate", "median_steps", "median_final_gap", "starts", "tuned")


@dataclass(frozen=True)
class Result:
    """One (optimizer, surface) pair: how often, how fast and how close it got to a global minimum."""

    optimizer: str
    surface: str
    success_rate: float
    median_steps: float
    median_final_gap: float
    starts: int
    tuned: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Leaderboard:
    """Every pair's `Result`, rows by optimizer, and what they were judged by."""

    results: tuple[Result, ...]
    optimizers: tuple[str, ...]
    surfaces: tuple[str, ...]
    starts: int
    steps: int
    tuned: str | None = None
    found: dict[str, tuple[Minimum, ...]] = field(default_factory=dict)  # surface → its best-found minima

    def result(self, optimizer: str, surface: str) -> Result:
        return next(r for r in self.results if r.optimizer == optimizer and r.surface == surface)

    def markdown(self) -> str:
        """A Markdown table: a row per optimizer, a column per surface, `success% · median steps`."""
        header = ["optimizer", *self.surfaces, "mean success"]
        lines = [
            f"Success rate from {self.starts} random starts (within {REACH:g} of the window's diagonal of a "
            f"global minimum after {self.steps} steps) · median steps to get there"
            + (f"; hyperparameters tuned ({self.tuned})" if self.tuned else "; default hyperparameters"),
            *(["", self.found_text()] if self.found else []),
            "",
            "| " + " | ".join(header) + " |",
            "|" + "|".join(["---", *(":---:" for _ in header[1:])]) + "|",
        ]
        for optimizer in self.optimizers:
            row = [self.result(optimizer, surface) for surface in self.surfaces]
            cells = [cell_text(result) for result in row]
            mean = np.mean([result.success_rate for result in row])
            lines.append("| " + " | ".join([optimizer, *cells, f"{mean:.0%}"]) + " |")
        return "\n".join(lines) + "\n"

    def found_text(self) -> str:
        """What the surfaces without known minima were judged against, in one sentence."""
        each = "; ".join(
            f"{name}: {found[0].value:.6g} at " + ", ".join(f"({m.x:.4g}, {m.y:.4g})" for m in found)
            for name, found in self.found.items()
        )
        return (
            "No known minima, so judged against the best found (the lowest loss any optimizer's path "
            "reached inside the window from any start, and every place a path got within "
            f"{FOUND_TOLERANCE:g} of it) on {each}"
        )

    def write_csv(self, stream: TextIO) -> None:
        """One row per (optimizer, surface): the columns of `CSV_HEADER`."""
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for r in self.results:
            tuned = " ".join(f"{key}={value:.6g}" for key, value in r.tuned.items())
            writer.writerow(
                [
                    r.optimizer,
                    r.surface,
                    f"{r.success_rate:.6g}",
                    f"{r.median_steps:g}",
                    f"{r.median_final_gap:.6g}",
                    r.starts,
                    tuned,
                ]
            )


def cell_text(result: Result) -> str:
    """`94% · 212` (success rate · median steps), or `0%` when no start got there."""
    steps = "" if math.isnan(result.median_steps) else f" · {result.median_steps:.0f}"
    return f"{result.success_rate:.0%}{steps}"


def default_optimizers() -> list[OptimizerSpec]:
    """Every built-in classic optimizer, in the registry's order."""
    return [OptimizerSpec(name) for name, entry in OPTIMIZERS.items() if entry.family == "classic"]


def default_surfaces() -> list[Surface]:
    """Every registered surface with a known global minimum."""
    return [surface for surface in SURFACES.values() if surface.minima]


def compare(
    optimizers: Sequence[str | OptimizerSpec] | None = None,
    surfaces: Sequence[str | Surface] | None = None,
    *,
    starts: int = DEFAULT_STARTS,
    steps: int = DEFAULT_STEPS,
    seed: int = 0,
    tune: bool | str | Sequence[str] = False,
    criterion: str = DEFAULT_CRITERION,
    budget: int = DEFAULT_TUNE_BUDGET,
    on_progress: Callable[[int, int], None] | None = None,
) -> Leaderboard:
    """The leaderboard of `optimizers` (SPEC strings; default every classic one) on `surfaces` (names,
    expressions or `Surface`s; default every built-in one with known minima; one without is judged
    against the best-found minimum, `Leaderboard.found`), from
    `starts` random starts per surface (seeded) and `steps` steps. `tune` (True: the learning rate;
    "all"; "lr,momentum") tunes each pair first, from `TUNE_STARTS` other random starts.
    `on_progress(done, total)` is called as pairs are done.
    """
    specs = [
        parse_spec(item) if isinstance(item, str) else item for item in optimizers or default_optimizers()
    ]
    chosen = [
        find_surface(item) if isinstance(item, str) else item for item in surfaces or default_surfaces()
    ]
    if not specs or not chosen:
        raise UserError("compare needs at least one optimizer and one surface")
    if not 1 <= starts <= MAX_STARTS:
        raise UserError(f"--starts must be between 1 and {MAX_STARTS}, got {starts}")
    if steps < 1:
        raise UserError(f"--steps must be at least 1, got {steps}")
    check_at_most(steps, MAX_STEPS, "--steps")
    labels = tuple(spec.label or str(spec) for spec in specs)
    scenes = [_scene(surface, starts, steps, seed) for surface in chosen]
    results: list[Result] = []
    total = len(specs) * len(scenes)
    report = on_progress or (lambda done, total: None)
    tuned = []
    for spec in specs:
        tuned.append([_tuned_spec(spec, scene, tune, criterion, budget, seed) for scene in scenes])
        if tune is not False:
            report(len(tuned) * len(scenes), total)
    scenes, found = _with_found_minima(scenes, tuned)
    for label, per_surface in zip(labels, tuned, strict=True):
        results.extend(_judge(label, per_surface, scenes))
        report(len(results), total)
    names = tuple(surface_title(surface) for surface in chosen)
    found_by_name = {names[index]: minimum for index, minimum in found.items()}
    text = _tune_text(tune, criterion, budget)
    return Leaderboard(tuple(results), labels, names, starts, steps, text, found_by_name)


def _with_found_minima(
    scenes: list[Scene], tuned: list[list[OptimizerSpec]]
) -> tuple[list[Scene], dict[int, tuple[Minimum, ...]]]:
    """`scenes`, each surface without known minima given its best-found ones: the lowest loss any
    optimizer's path reached inside the window from any start (as tuning takes it for its gap), at
    every place a path got within `FOUND_TOLERANCE` of it (a surface's symmetric twins all count);
    by scene index, the minima found. A surface on which every path left the window keeps none."""
    unknown = [index for index, scene in enumerate(scenes) if not scene.surface.minima]
    losses: dict[int, list[np.ndarray]] = {index: [] for index in unknown}
    points: dict[int, list[np.ndarray]] = {index: [] for index in unknown}
    for specs in tuned if unknown else []:
        outcome, surface_index = _outcome(specs, scenes, only=unknown)
        for index in unknown:
            losses[index].append(outcome.best_loss[surface_index == index])
            points[index].append(outcome.best_point[surface_index == index])
    found = {}
    for index in unknown:
        low, where = np.concatenate(losses[index]), np.concatenate(points[index])
        if np.isfinite(low).any():
            found[index] = _places(low, where, reach_of(scenes[index]))
    chosen = [
        replace(scene, surface=replace(scene.surface, minima=found[index])) if index in found else scene
        for index, scene in enumerate(scenes)
    ]
    return chosen, found


FOUND_TOLERANCE = 1e-3  # above the lowest loss found, still as low (the summary's steps-to-1e-3)


def _places(losses: np.ndarray, points: np.ndarray, reach: float) -> tuple[Minimum, ...]:
    """The distinct places (twice `reach` apart) where a path got within `FOUND_TOLERANCE` of the lowest
    of `losses`, lowest first, each with the loss reached there."""
    finite = np.isfinite(losses)
    lowest = losses[finite].min()
    kept: list[Minimum] = []
    for order in np.argsort(np.where(finite, losses, np.inf)):
        if losses[order] > lowest + FOUND_TOLERANCE:
            break
        x, y = points[order]
        if all(math.hypot(x - m.x, y - m.y) > 2 * reach for m in kept):
            kept.append(Minimum(float(x), float(y), float(losses[order])))
    return tuple(kept)


def _tune_text(tune, criterion: str, budget: int) -> str | None:
    if tune is False:
        return None
    what = "the learning rate" if tune is True else tune if isinstance(tune, str) else ",".join(tune)
    return f"{what} by {criterion}, {budget:,} configurations from {TUNE_STARTS} other starts"


def _scene(surface: Surface, starts: int, steps: int, seed: int) -> Scene:
    points = start_set("random", starts, surface.xlim, surface.ylim, seed)
    return Scene(
        name=surface.name, surface=surface, optimizers=(OptimizerSpec("sgd"),), starts=points, steps=steps
    )


def _tuned_spec(
    spec: OptimizerSpec, scene: Scene, names, criterion: str, budget: int, seed: int
) -> OptimizerSpec:
    """`spec` tuned on `scene`'s surface from other starts than the scene's, or as it is without `names`."""
    if names is False:
        return spec
    other = start_set("random", TUNE_STARTS, scene.xlim, scene.ylim, seed + 1)
    scene = replace(scene, optimizers=(spec,), starts=other)
    tuned, _ = tune_scene(scene, None if names is True else names, criterion=criterion, budget=budget)
    return replace(tuned.optimizers[0], label=spec.label)


def _outcome(
    specs: list[OptimizerSpec], scenes: list[Scene], only: list[int] | None = None
) -> tuple[Outcome, np.ndarray]:
    """One optimizer (its spec per surface) from every start of every scene (or of the scenes `only`
    names) in one batch; the outcome per trial and the scene index of each."""
    entry, _ = settings(specs[0])
    values = [settings(spec)[1] for spec in specs]
    keys = [key for key, value in values[0].items() if isinstance(value, float)]
    arenas = [
        Arena(scene.surface.fn, (scene.xlim, scene.ylim), targets_of(scene), reach_of(scene))
        for scene in scenes
    ]
    counts = [len(scene.starts) if only is None or index in only else 0 for index, scene in enumerate(scenes)]
    surface_index = np.repeat(np.arange(len(scenes), dtype=np.int32), counts)
    batch = {key: np.repeat([value[key] for value in values], counts).astype(float) for key in keys}
    starts = np.concatenate(
        [np.asarray(scene.starts, dtype=float)[:count] for scene, count in zip(scenes, counts, strict=True)]
    )
    fixed = {key: value for key, value in values[0].items() if key not in batch}
    return run_batch(
        entry.factory, arenas, fixed, batch, starts, surface_index, scenes[0].steps
    ), surface_index


def _judge(label: str, specs: list[OptimizerSpec], scenes: list[Scene]) -> list[Result]:
    """Run one optimizer (its spec per surface) from every start of every scene in one batch."""
    outcome, surface_index = _outcome(specs, scenes)
    results = []
    for index, (scene, spec) in enumerate(zip(scenes, specs, strict=True)):
        mine = surface_index == index
        settled = outcome.settled[mine]
        reached = np.isfinite(settled)
        floor = min((m.value for m in scene.surface.minima), default=math.inf)
        with np.errstate(invalid="ignore"):
            gap = outcome.final_loss[mine] - floor
        gap = np.where(np.isfinite(gap), gap, np.inf)
        results.append(
            Result(
                optimizer=label,
                surface=surface_title(scene.surface),
                success_rate=float(reached.mean()),
                median_steps=float(np.median(settled[reached])) if reached.any() else math.nan,
                median_final_gap=float(np.median(gap)),
                starts=len(settled),
                tuned={key: value for key, value in spec.params if key in spec.tuned},
            )
        )
    return results
