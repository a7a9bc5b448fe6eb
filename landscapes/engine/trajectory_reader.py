"""Paths in: a trajectories CSV (ours, or paths computed elsewhere) read back as `Trajectories`.

The columns are those `landscapes trajectories` writes, `label,start,step,x,y,loss`; `loss` may be
left out (it is computed from the surface) and further columns are ignored. Each path (one label
and start) lists its steps 0, 1, …, N; every path has the same N.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import jax
import numpy as np

from landscapes.engine.trajectories import Trajectories, labels_for
from landscapes.errors import UserError
from landscapes.manifest import beside, read_manifest, recipe_of
from landscapes.optimizers.spec import OptimizerSpec, legends_for
from landscapes.scenes.lookup import find_surface
from landscapes.scenes.model import Scene
from landscapes.values import parse_whole
from surfaces import Surface

REQUIRED = ("label", "start", "step", "x", "y")


def load_trajectories(
    path: str | Path, surface: str | Surface | None = None, *, scene: Scene | None = None
) -> Trajectories:
    """The paths in the CSV at `path`, on `surface` (a `Surface`, a built-in's name or an expression),
    as `Trajectories` ready to render.

    `scene` (by default the one in the manifest beside the CSV, `w.csv.json`) gives the title,
    window, colours and legends when its optimizers are the CSV's labels; otherwise a scene is made
    for the surface with one entry per label. `surface` replaces the scene's. The loss column is
    computed from the surface when the CSV has none.
    """
    path = Path(path)
    if isinstance(surface, str):
        surface = find_surface(surface)
    if scene is None and beside(path).is_file():
        scene = recipe_of(read_manifest(beside(path)), str(beside(path))).scene
    if surface is None and scene is None:
        raise UserError(f"{path}: say which surface the paths are on (--surface NAME or an expression)")
    rows, has_loss = _read_rows(path)
    labels = list(rows)
    starts = sorted({start for per_label in rows.values() for start in per_label})
    points = _common_length(path, rows, starts)
    positions = np.full((len(labels), len(starts), points, 2), np.nan)
    losses = np.full((len(labels), len(starts), points), np.nan)
    for i, label in enumerate(labels):
        for j, start in enumerate(starts):
            for step, (x, y, loss) in rows[label][start].items():
                positions[i, j, step] = x, y
                losses[i, j, step] = loss
    surface = surface or scene.surface
    chosen = _scene_for(path, labels, positions, surface, scene)
    if not has_loss:
        losses = _losses(surface, positions)
    legends = legends_for(chosen.optimizers, labels)
    return Trajectories(chosen, tuple(labels), legends, positions, losses, source=str(path))


def _read_rows(path: Path) -> tuple[dict[str, dict[int, dict[int, tuple]]], bool]:
    """label → start → step → (x, y, loss) in the file's order of labels, and whether losses were given."""
    try:
        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.reader(stream)
            header = [name.strip() for name in next(reader, [])]
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                raise UserError(
                    f"{path}: the header needs the columns label,start,step,x,y (and optionally loss); "
                    f"missing {', '.join(missing)}"
                )
            if "surface" in header:
                raise UserError(
                    f"{path}: these are paths on several surfaces (its 'surface' column); draw one "
                    f"surface's paths, or compute them all again with --from {beside(path)}"
                )
            column = {name: header.index(name) for name in (*REQUIRED, "loss") if name in header}
            rows: dict[str, dict[int, dict[int, tuple]]] = defaultdict(lambda: defaultdict(dict))
            for line, row in enumerate(reader, start=2):
                if not row:
                    continue
                cell = _Cells(path, line, row, column)
                label, start, step = cell.text("label"), cell.whole("start"), cell.whole("step")
                loss = cell.number("loss") if "loss" in column else math.nan
                if step in rows[label][start]:
                    raise UserError(
                        f"{path}, line {line}: step {step} of {label!r} start {start} is repeated"
                    )
                rows[label][start][step] = (cell.number("x"), cell.number("y"), loss)
    except FileNotFoundError:
        raise UserError(f"paths file {str(path)!r} not found") from None
    except UnicodeDecodeError:
        raise UserError(f"cannot read paths file {str(path)!r}: not UTF-8 text") from None
    except OSError as error:
        raise UserError(f"cannot read paths file {str(path)!r}: {error.strerror or error}") from None
    if not rows:
        raise UserError(f"{path}: no paths, only a header")
    return rows, "loss" in column


class _Cells:
    """Typed cells of one CSV row, each failing with the file, line and column."""

    def __init__(self, path: Path, line: int, row: list[str], column: dict[str, int]) -> None:
        self.path, self.line, self.row, self.column = path, line, row, column

    def text(self, name: str) -> str:
        index = self.column[name]
        if index >= len(self.row):
            raise UserError(f"{self.path}, line {self.line}: no {name} (the row has {len(self.row)} cells)")
        return self.row[index]

    def whole(self, name: str) -> int:
        text = self.text(name)
        value = parse_whole(text, f"{self.path}, line {self.line}: {name} {text!r} is not a whole number")
        if value < 0:
            raise UserError(f"{self.path}, line {self.line}: {name} must be 0 or more, got {value}")
        return value

    def number(self, name: str) -> float:
        text = self.text(name)
        try:
            return float(text)
        except ValueError:
            raise UserError(f"{self.path}, line {self.line}: {name} {text!r} is not a number") from None


def _common_length(path: Path, rows: dict, starts: list[int]) -> int:
    """The number of points every path has, after checking that each has steps 0…N and all the starts."""
    lengths = set()
    for label, per_label in rows.items():
        for start in starts:
            steps = per_label.get(start)
            if steps is None:
                raise UserError(f"{path}: {label!r} has no path from start {start}, which others have")
            if sorted(steps) != list(range(len(steps))):
                gap = next(step for step in range(len(steps) + 1) if step not in steps)
                raise UserError(f"{path}: {label!r} start {start} skips step {gap}; list every step from 0")
            lengths.add(len(steps))
    if len(lengths) > 1:
        counts = ", ".join(str(n - 1) for n in sorted(lengths))
        raise UserError(
            f"{path}: the paths have different numbers of steps ({counts}); every path needs the same"
        )
    if lengths == {1}:
        raise UserError(f"{path}: each path has only its start; a path needs at least one step")
    return lengths.pop()


def _scene_for(
    path: Path, labels: list[str], positions: np.ndarray, surface: Surface, scene: Scene | None
) -> Scene:
    """The recorded scene when it describes these paths; else one named after the file."""
    steps = positions.shape[2] - 1
    starts = tuple((float(x), float(y)) for x, y in positions[0, :, 0])
    if scene is not None and list(labels_for(scene.optimizers)) == labels:
        return replace(scene, surface=surface, starts=starts, steps=steps)
    colors = {spec.label or spec.name: spec.color for spec in scene.optimizers} if scene else {}
    return Scene(
        name=scene.name if scene else path.stem,
        surface=surface,
        optimizers=tuple(OptimizerSpec(label, (), label, colors.get(label)) for label in labels),
        starts=starts,
        steps=steps,
        window=scene.window if scene and scene.surface is surface else None,
    )


def _losses(surface: Surface, positions: np.ndarray) -> np.ndarray:
    """The surface's value at every point (NaN where the point is not finite)."""
    flat = positions.reshape(-1, 2)
    finite = np.all(np.isfinite(flat), axis=1)
    values = np.full(len(flat), np.nan)
    if finite.any():
        values[finite] = np.asarray(jax.jit(jax.vmap(surface.fn))(flat[finite]))
    return values.reshape(positions.shape[:-1])
