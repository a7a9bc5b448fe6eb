"""Network scene files: a `landscapes network` run written as TOML (read with `tomllib`; never run).

    name = "moons"                         # the title; default: DATA · MODEL
    data = "moons:500"                     # a generator with its sample count, or a .csv file
    model = "mlp:16,16"                    # mlp:H,H,…, logistic or linear
    activation = "tanh"                    # or "relu"
    optimizers = ["sgd(lr=0.5)", { name = "adam", lr = 0.02, label = "Adam" }]
    steps = 300
    batch = 32                             # minibatches; omit for full batches
    plane = "pca"                          # random, endpoints, endpoints:A,B or a .npz file
    distance = true                        # write each head's distance from the plane beside it

Also: `description`, `seed`, `label` (a CSV's label column), `resolution`, `fps`, `frames`, `size`,
`output`. Relative .csv and .npz paths are read relative to the scene file. Unknown keys are errors
naming the closest valid key; command-line options override the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from landscapes.errors import UserError
from landscapes.files import read_text
from landscapes.network.run import NetworkScene
from landscapes.scenes.file import _check_keys, _Where

NETWORK_KEYS = (
    "name", "description", "data", "model", "activation", "optimizers", "steps", "batch", "seed", "plane",
    "label", "resolution", "fps", "frames", "size", "output", "distance",
)  # fmt: skip


def load_network_scene(path: Path) -> NetworkScene:
    """The `NetworkScene` a scene file describes, or a `UserError` naming the file and the bad entry."""
    text = read_text(path, "scene file")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}") from None
    return network_scene_from_data(table, path)


def network_scene_from_data(table: dict[str, Any], path: Path) -> NetworkScene:
    """Build a network scene from a scene file's parsed TOML table."""
    _check_keys(table, NETWORK_KEYS, str(path))
    where = _Where(path)
    defaults = {field.name: field.default for field in fields(NetworkScene) if field.name != "optimizers"}
    scene = NetworkScene(
        data=_relative(where.string(table, "data", defaults["data"]), path, ".csv"),
        model=where.string(table, "model", defaults["model"]),
        activation=where.string(table, "activation", defaults["activation"]),
        steps=where.integer(table, "steps", defaults["steps"]),
        batch=where.integer(table, "batch", None),
        seed=where.integer(table, "seed", 0),
        plane=_relative(where.string(table, "plane", defaults["plane"]), path, ".npz"),
        label=where.string(table, "label", None),
        resolution=where.integer(table, "resolution", defaults["resolution"]),
        name=where.string(table, "name", None),
        description=where.string(table, "description", ""),
        fps=where.number(table, "fps", defaults["fps"]),
        frames=where.integer(table, "frames", None),
        size=where.size(table),
        output=where.string(table, "output", None),
        show_distance=_boolean(table, "distance", path),
    )
    if "optimizers" in table:
        scene = replace(scene, optimizers=where.optimizers(table))
    return scene


def _relative(value: str, path: Path, suffix: str) -> str:
    """A data or plane file named in a scene file is found next to the scene file."""
    if value.lower().endswith(suffix) and not Path(value).is_absolute():
        return str(path.parent / value)
    return value


def _boolean(table: dict[str, Any], key: str, path: Path) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise UserError(f"{path}: {key!r} must be true or false, got {value!r}")
    return value
