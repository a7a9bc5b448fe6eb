"""Run by test_sharding in a subprocess (XLA_FLAGS chooses the device count before JAX loads): a small
tuning and a small basin map, saved with where their arrays were laid out."""

import sys

import jax
import numpy as np

from landscapes.engine import sharding
from landscapes.engine.basins import basins, chunks, final_points, start_grid
from landscapes.engine.trajectories import traced
from landscapes.engine.tuning import tune
from landscapes.optimizers.spec import settings
from landscapes.scenes.compose import compose_scene

BASINS_SCENE = compose_scene("bad-init", optimizers=["adam"], steps=30)


def sweeps() -> dict[str, np.ndarray]:
    """The numbers to compare across device counts."""
    scene = compose_scene(surface="rosenbrock", optimizers=["adam"], start_sets=["random:3"], steps=50)
    _, report = tune(scene, "all", budget=63)
    basin_map = basins(BASINS_SCENE, resolution=21)
    return {
        "scores": np.array([result.score for result in report]),
        "chosen": np.array([value for result in report for value in result.chosen.values()]),
        "finals": basin_map.finals,
        "nearest": basin_map.nearest,
    }


def layout() -> dict[str, int]:
    """How many devices hold a sharded input and the jitted sweep's output (the basin map's own call)."""
    entry, hyperparameters = settings(BASINS_SCENE.optimizers[0])
    _, _, chunk = next(chunks(start_grid(BASINS_SCENE.xlim, BASINS_SCENE.ylim, 21)[2]))
    ends, _ = final_points(entry.factory, BASINS_SCENE.surface.fn, traced(hyperparameters), chunk, 30)
    return {
        "devices": jax.device_count(),
        "input_devices": len(chunk.sharding.device_set),
        "output_devices": len(ends.sharding.device_set),
        "padded": sharding.padded_length(5),
    }


if __name__ == "__main__":
    np.savez(sys.argv[1], **sweeps(), **{key: np.array(value) for key, value in layout().items()})
