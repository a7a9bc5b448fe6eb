"""Scene files: a scene written as TOML data (read with `tomllib`; nothing in it is ever run).

    name = "my-bowl"                       # default: the file's stem
    surface = "sin(3*x)*cos(3*y) + (x**2 + y**2)/4"   # a built-in surface or an expression
    # or: surfaces = ["rosenbrock", "himmelblau", "x**2 + 10*y**2"]: a panel each, the same optimizers
    xlim = [-2, 2]                         # the window; default: the surface's own
    ylim = [-2, 2]
    starts = [[-1.8, -1.5], "grid:9"]      # points, and/or "random:N" / "grid:N"; or one string
    steps = 150
    optimizers = [
        "adam(lr=0.1)",                    # a SPEC string, as after -O
        { name = "nag", lr = 0.01, label = "look-ahead", color = "black" },
    ]

A `[view]` table sets how the slide looks, with the names of the render options (`theme`, `layout`,
`view`, `rotate`, `tail`, `loss_panel`, `dpi`, `font_scale`, `levels`, `contour_labels`, `title`,
`subtitle`, `formula`, …); `view_table` reads it and the command line checks it.
Also: `description`, `frames`, `animated_points`, `fps`, `size` ("1280x720" or [1280, 720]),
`noise`, `seed`, `output` (used when `render` gets no -o; relative to the current directory, like -o).
Unknown keys are errors naming the closest valid key. Command-line options override the file.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from landscapes import values
from landscapes.errors import UserError, closest
from landscapes.optimizers.spec import OptimizerSpec, parse_spec, resolve
from landscapes.scenes.lookup import find_surface
from landscapes.scenes.model import Scene, check_inside_every_window, default_start, panels_scene, validate
from landscapes.scenes.playback import ScenePlayback
from landscapes.scenes.starts import parse_start_set, start_set
from landscapes.values import parse_size
from surfaces import Point

SCENE_KEYS = (
    "name", "description", "surface", "surfaces", "xlim", "ylim", "optimizers", "starts", "steps", "frames",
    "animated_points", "fps", "size", "noise", "seed", "output", "view",
)  # fmt: skip
OPTIMIZER_KEYS = ("name", "label", "color")


def load_scene_file(path: Path) -> Scene:
    """The `Scene` a scene file describes, or a `UserError` that names the file and the bad entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"scene file {str(path)!r} not found") from None
    except UnicodeDecodeError as error:
        raise UserError(
            f"cannot read scene file {str(path)!r}: not UTF-8 text (byte {error.object[error.start]:#04x} "
            f"at position {error.start})"
        ) from None
    except OSError as error:
        raise UserError(f"cannot read scene file {str(path)!r}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}") from None
    with values.named_as(values.in_file(path)):
        return scene_from_data(data, path)


def scene_from_data(data: dict[str, Any], path: Path) -> Scene:
    """Build and validate a scene from a scene file's parsed TOML table (its values named as keys of
    the file when `load_scene_file` reads it)."""
    if "data" in data or "model" in data:
        raise UserError(
            f"{path} describes a network (it names 'data' or 'model'): use `landscapes network {path}`"
        )
    _check_keys(data, SCENE_KEYS, f"{path}")
    where = _Where(path)
    if "surfaces" in data:
        if "surface" in data:
            raise UserError(f"{path}: give 'surface' or 'surfaces', not both")
        names = data["surfaces"]
        if not isinstance(names, list) or not names or not all(isinstance(name, str) for name in names):
            raise where.fail("surfaces", "a non-empty list of surface names or expressions", names)
        rest = {key: value for key, value in data.items() if key != "surfaces"}
        singles = [scene_from_data({**rest, "surface": name}, path) for name in names]
        check_inside_every_window(singles, [tuple(item) for item in where.starts_given(data)])
        return panels_scene(singles, singles[0].name)
    for required in ("surface", "optimizers"):
        if required not in data:
            raise UserError(f"{path}: missing {required!r}")
    try:
        surface = find_surface(where.string(data, "surface"))
    except UserError as error:
        raise UserError(f"{path}: {error}") from None
    window = None
    if "xlim" in data or "ylim" in data:
        window = (
            where.window(data, "xlim", surface.xlim),
            where.window(data, "ylim", surface.ylim),
        )
    scene = Scene(
        name=where.string(data, "name", path.stem),
        surface=surface,
        optimizers=where.optimizers(data),
        starts=(surface.start,),
        steps=where.integer(data, "steps", 125),
        playback=ScenePlayback(
            fps=where.number(data, "fps", 0.0) if "fps" in data else None,
            frames=where.integer(data, "frames", None),
            animated_points=where.integer(data, "animated_points", None),
            size=where.size(data),
            output=where.string(data, "output", None),
        ),
        description=where.string(data, "description", ""),
        window=window,
        noise=where.number(data, "noise", 0.0),
        seed=where.integer(data, "seed", 0),
    )
    scene = replace(scene, starts=where.starts(data, scene) or (default_start(scene),))
    validate(scene)
    return scene


def view_table(path: Path, valid: tuple[str, ...]) -> dict[str, Any]:
    """The scene file's `[view]` table (empty if it has none), its keys checked against `valid`.
    A file that cannot be read gives an empty table: loading the scene says what is wrong with it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    view = data.get("view", {})
    if not isinstance(view, dict):
        raise UserError(f"{path}: 'view' must be a table, e.g. [view] then theme = \"dark\"")
    _check_keys(view, valid, f"{path}: [view]")
    for key, value in view.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and not all(isinstance(v, int | float | str) for v in value)
        ):
            raise UserError(f"{path}: [view] {key!r} must be a value, got {value!r}")
    return {key: tuple(value) if isinstance(value, list) else value for key, value in view.items()}


def _check_keys(table: dict[str, Any], valid: tuple[str, ...] | list[str], where: str) -> None:
    for key in table:
        if key not in valid:
            near = closest(key, valid)
            hint = f"; did you mean {', '.join(repr(c) for c in near)}?" if near else ""
            raise UserError(f"{where}: unknown key {key!r}{hint} (valid: {', '.join(valid)})")


class _Where:
    """Typed reads of a scene file's values, each failing with the file and key in its message."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, expected: str, value: Any) -> UserError:
        return UserError(f"{self.path}: {key!r} must be {expected}, got {value!r}")

    def string(self, data: dict, key: str, default: str | None = None) -> str | None:
        value = data.get(key, default)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "a string", value)
        return value

    def integer(self, data: dict, key: str, default: int | None) -> int | None:
        value = data.get(key, default)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.fail(key, "a whole number", value)
        return value

    def number(self, data: dict, key: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(key, "a finite number", value)
        return float(value)

    def pair(self, value: Any, key: str) -> tuple[float, float]:
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            raise self.fail(key, "a pair of numbers like [-2, 2]", value)
        return float(value[0]), float(value[1])

    def window(self, data: dict, key: str, default: Point) -> Point:
        if key not in data:
            return default
        return values.window(self.pair(data[key], key), key, shown=repr(data[key]))

    def size(self, data: dict) -> tuple[int, int] | None:
        value = data.get("size")
        if value is None:
            return None
        if isinstance(value, list):
            return values.pixel_size(value)
        if not isinstance(value, str):
            raise self.fail("size", "'WxH' or [W, H]", value)
        return parse_size(value)

    def starts(self, data: dict, scene: Scene) -> tuple[Point, ...]:
        value = data.get("starts", [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise self.fail("starts", "a list of [x, y] points and 'random:N' / 'grid:N' strings", value)
        points: list[Point] = []
        for item in items:
            if isinstance(item, str):
                kind, count = parse_start_set(item)
                points.extend(start_set(kind, count, scene.xlim, scene.ylim, scene.seed))
            else:
                points.append(self.pair(item, "starts"))
        return tuple(points)

    def starts_given(self, data: dict) -> list[Point]:
        """The start points written as points (not sets)."""
        value = data.get("starts", [])
        items = value if isinstance(value, list) else []
        return [self.pair(item, "starts") for item in items if not isinstance(item, str)]

    def optimizers(self, data: dict) -> tuple[OptimizerSpec, ...]:
        value = data["optimizers"]
        if not isinstance(value, list) or not value:
            raise self.fail("optimizers", "a non-empty list of SPEC strings or tables", value)
        return tuple(self.optimizer(item, index) for index, item in enumerate(value))

    def optimizer(self, item: Any, index: int) -> OptimizerSpec:
        where = f"{self.path}: optimizers[{index}]"
        if isinstance(item, str):
            return parse_spec(item)
        if not isinstance(item, dict):
            raise UserError(f"{where} must be a SPEC string or a table, got {item!r}")
        if not isinstance(item.get("name"), str):
            raise UserError(f"{where} needs a 'name' string, e.g. name = \"adam\"")
        entry = resolve(OptimizerSpec(item["name"]))
        _check_keys(item, [*OPTIMIZER_KEYS, *entry.hyperparameters], where)
        params = []
        for key, value in item.items():
            if key in OPTIMIZER_KEYS:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise UserError(f"{where}: {key!r} must be a finite number, got {value!r}")
            params.append((key, float(value)))
        label = self.string(item, "label")
        color = self.string(item, "color")
        if color is not None:
            _check_color(color, where)
        return OptimizerSpec(item["name"], tuple(params), label, color)


def _check_color(color: str, where: str) -> None:
    """Any colour matplotlib understands: a name, `#rrggbb`, `C0`, `tab:blue`, …"""
    from matplotlib.colors import is_color_like

    if not is_color_like(color):
        raise UserError(f"{where}: unknown color {color!r}; use a name like 'crimson' or '#1f77b4'")
