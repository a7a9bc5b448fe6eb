"""`landscapes.network(...)`: a network scene from Python values, trained and projected."""

from __future__ import annotations

from collections.abc import Sequence

from landscapes.network.run import NetworkScene, NetworkTrajectories, run_network
from landscapes.optimizers.spec import OptimizerSpec, parse_spec


def network_scene(
    data: str = "moons:500",
    model: str = "mlp:16,16",
    optimizers: Sequence[str | OptimizerSpec] | None = None,
    **settings,
) -> NetworkScene:
    """A `NetworkScene`; `optimizers` are SPEC strings (`"adam(lr=0.02)@fast"`) or `OptimizerSpec`s,
    and `settings` any other field of `NetworkScene` (steps, batch, seed, plane, activation, …)."""
    if optimizers is not None:
        settings["optimizers"] = tuple(
            spec if isinstance(spec, OptimizerSpec) else parse_spec(spec) for spec in optimizers
        )
    return NetworkScene(data=data, model=model, **settings)


def network(
    data: str = "moons:500",
    model: str = "mlp:16,16",
    optimizers: Sequence[str | OptimizerSpec] | None = None,
    **settings,
) -> NetworkTrajectories:
    """Train `model` on `data` with each optimizer from the same weights; the paths on the scene's plane.

    The result renders like any trajectories (`landscapes.render(paths, "net.gif", options=...)`);
    it also holds the weights, the true losses and accuracies, the plane and each step's distance
    from it. Settings as `NetworkScene`'s fields: `steps=300`, `batch=None`, `seed=0`, `plane="pca"`,
    `activation="tanh"`, `label=None` (a CSV's label column), `resolution=81`, `show_distance=False`.
    """
    return run_network(network_scene(data, model, optimizers, **settings))
