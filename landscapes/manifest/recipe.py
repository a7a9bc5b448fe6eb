"""Read a manifest back into what makes the picture: a `Scene`, the playback settings, the view options."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from landscapes.errors import UserError
from landscapes.manifest.extract import read_manifest
from landscapes.optimizers.schedules import Schedule
from landscapes.optimizers.spec import OptimizerSpec, parse_spec, settings
from landscapes.scenes.file import _Where
from landscapes.scenes.lookup import find_surface
from landscapes.scenes.model import Panel, Scene, validate
from landscapes.scenes.playback import ScenePlayback
from landscapes.values import in_file, named_as
from surfaces import SURFACES, Surface

ASKED = ("frames", "fps", "duration", "hold", "pace")


@dataclass(frozen=True)
class Recipe:
    """A manifest read back: the scene to compute, how it plays, how it looks, and where it came from.

    `view` holds the render's view options by name (`RenderOptions` fields; empty for a CSV's
    manifest), `playback` what was asked about time (frames, fps, duration, hold, pace); `paths`
    the CSV the paths were read from (then `scene`'s optimizers may be bare labels); `manifest`
    is the whole manifest as read.
    """

    scene: Scene
    playback: dict[str, Any] = field(default_factory=dict)
    view: dict[str, Any] = field(default_factory=dict)
    command: tuple[str, ...] | None = None
    paths: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)


def load_recipe(path: str | Path) -> Recipe:
    """The recipe in any file that carries a manifest (or the manifest's JSON file)."""
    return recipe_of(read_manifest(path), str(path))


def recipe_of(manifest: dict[str, Any], where: str = "manifest") -> Recipe:
    """The scene, playback and view a manifest records; a `UserError` naming `where` and the entry
    if something in it is malformed or unknown here (an unregistered surface or optimizer)."""
    read = _Reader(where)
    paths = read.string(manifest, "paths") if manifest.get("paths") is not None else None
    read.bare_labels = paths is not None
    record = read.table(manifest, "scene")
    playback = read.table(manifest, "playback", {})
    surface = read.surface(read.table(record, "surface"))
    scene = Scene(
        name=read.string(record, "name"),
        description=read.string(record, "description", ""),
        surface=surface,
        optimizers=tuple(
            read.optimizer(item, index) for index, item in enumerate(read.list(record, "optimizers"))
        ),
        starts=tuple(read.pair(item, "scene.starts") for item in read.list(record, "starts")),
        steps=read.required_integer(record, "steps"),
        noise=read.number(record, "noise", 0.0),
        seed=read.integer(record, "seed", 0),
        window=_window(read, record, surface),
        playback=ScenePlayback(
            fps=read.number(playback, "own_fps", 0.0) if playback.get("own_fps") is not None else None,
            frames=read.integer(playback, "own_frames", None),
            animated_points=read.integer(playback, "animated_points", None),
            size=_size(read, playback),
        ),
    )
    if record.get("panels") is not None:
        panels = read.list(record, "panels")
        scene = replace(scene, panels=tuple(_panel(read, item, index) for index, item in enumerate(panels)))
    if paths is None:  # paths read from a CSV name labels, not optimizers to check
        with named_as(in_file(where)):  # values named as the file's keys: "m.json: 'steps' must be …"
            validate(scene)
    command = manifest.get("command")
    return Recipe(
        scene=scene,
        playback={key: playback.get(key) for key in ASKED if playback.get(key) is not None},
        paths=paths,
        view=dict(read.table(manifest, "view", {})),
        command=tuple(command) if isinstance(command, list) else None,
        manifest=manifest,
    )


def _panel(read: _Reader, item: Any, index: int) -> Panel:
    """One surface of a scene of several, as `panel_record` wrote it."""
    key = f"scene.panels[{index}]"
    if not isinstance(item, dict):
        raise read.fail(key, "a table", item)
    surface = read.surface(read.table(item, "surface"))
    starts = tuple(read.pair(point, f"{key}.starts") for point in read.list(item, "starts"))
    return Panel(surface, starts, _window(read, item, surface))


def _window(read: _Reader, record: dict[str, Any], surface: Surface) -> tuple | None:
    """The recorded window, or None when it is the surface's own (so a new --surface brings its own)."""
    window = (read.pair(record.get("xlim"), "scene.xlim"), read.pair(record.get("ylim"), "scene.ylim"))
    return None if window == (surface.xlim, surface.ylim) else window


def _size(read: _Reader, playback: dict[str, Any]) -> tuple[int, int] | None:
    size = playback.get("size")
    if size is None:
        return None
    width, height = read.pair(size, "playback.size")
    if width != int(width) or height != int(height):
        raise read.fail("playback.size", "two whole numbers", size)
    return int(width), int(height)


class _Reader(_Where):
    """Typed reads of a manifest's values (a scene file's, plus tables and lists), each failing with
    the file and the entry's name."""

    def __init__(self, where: str) -> None:
        super().__init__(Path(where))
        self.bare_labels = False

    def table(self, data: dict, key: str, default: dict | None = None) -> dict:
        value = data.get(key, default)
        if not isinstance(value, dict):
            raise self.fail(key, "a table", value)
        return value

    def list(self, data: dict, key: str) -> list:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "a non-empty list", value)
        return value

    def required_integer(self, data: dict, key: str) -> int:
        value = self.integer(data, key, None)
        if value is None:
            raise self.fail(key, "a whole number", value)
        return value

    def value(self, recorded: dict, key: str, optimizer: str) -> float | Schedule:
        """A hyperparameter's value: a number, or a schedule as a SPEC writes it."""
        value = recorded[key]
        if isinstance(value, dict) and isinstance(value.get("schedule"), str):
            try:
                return dict(parse_spec(f"{optimizer}({key}={value['schedule']})").params)[key]
            except UserError as error:
                raise UserError(f"{self.path}: {error}") from None
        return self.number(recorded, key, 0.0)

    def surface(self, record: dict) -> Surface:
        """A surface by name (built in, or registered by a plugin) or by expression."""
        if "expression" in record:
            return find_surface(self.string(record, "expression"))
        name = self.string(record, "name")
        if name not in SURFACES:
            hint = " (made in Python or by a plugin: register it, e.g. with --plugin FILE)"
            raise UserError(f"{self.path}: unknown surface {name!r}{hint if 'formula' in record else ''}")
        return SURFACES[name]

    def optimizer(self, item: Any, index: int) -> OptimizerSpec:
        """The spec as the user set it; any default that differs here from the recorded value is set
        explicitly, so the same numbers are computed whatever this version's defaults are."""
        key = f"scene.optimizers[{index}]"
        if not isinstance(item, dict):
            raise self.fail(key, "a table", item)
        if self.bare_labels and item.get("hyperparameters") is None:
            return OptimizerSpec(self.string(item, "name"), (), item.get("label"), item.get("color"))
        recorded = self.table(item, "hyperparameters", {})
        name = self.string(item, "name")
        values = {key: self.value(recorded, key, name) for key in recorded}
        chosen = [key for key in item.get("set", []) if key in recorded]
        tuned = item.get("tuned") or ()
        spec = OptimizerSpec(
            name,
            tuple((key, values[key]) for key in chosen),
            item.get("label") if isinstance(item.get("label"), str) else None,
            item.get("color") if isinstance(item.get("color"), str) else None,
            (tuned,) if isinstance(tuned, str) else tuple(key for key in tuned if isinstance(key, str)),
        )
        try:
            _, current = settings(spec)
        except UserError as error:
            raise UserError(f"{self.path}: {error}") from None
        changed = tuple(
            (key, value)
            for key, value in values.items()
            if key not in chosen and key in current and current[key] != value
        )
        return OptimizerSpec(spec.name, spec.params + changed, spec.label, spec.color, spec.tuned)
