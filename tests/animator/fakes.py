"""Made-up trajectories for drawing tests: real optimizer names and legends on simple paths."""

from dataclasses import replace

import numpy as np

from landscapes.engine.trajectories import Trajectories
from landscapes.optimizers.spec import parse_spec
from landscapes.scenes.model import builtin_scene

NAMES = [
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adadelta",
    "adam",
    "adamax",
    "amsgrad",
    "nag",
    "smoothed-nesterov",
    "newton",
    "lion",
    "nadam",
    "radam",
    "adabelief",
    "adamw",
]


def fake_trajectories(count: int, steps: int = 12) -> Trajectories:
    """`count` optimizers with real names and legend texts on the wobbly surface, on paths that
    spiral in from the start: layout and style depend on the texts, not on what was computed."""
    base = builtin_scene("wobbly")
    specs = [parse_spec(spec) for spec in [*NAMES, *(f"adam(lr={k / 10:g})" for k in range(1, 9))][:count]]
    scene = replace(
        base, optimizers=tuple(specs), steps=steps, playback=replace(base.playback, animated_points=None)
    )
    t = np.linspace(0, 1, scene.steps + 1)
    paths = []
    for index in range(count):
        angle = 2 * np.pi * index / count
        x = -2.8 + (2.6 + np.cos(angle)) * t * np.cos(3 * t + angle / 4)
        y = -2.5 + (2.4 + np.sin(angle)) * t
        paths.append(np.stack([x, y], axis=-1)[None])
    positions = np.stack(paths)
    losses = 10 * np.exp(-3 * t)[None, None, :] * (1 + np.arange(count))[:, None, None]
    labels = tuple(spec.label or str(spec) for spec in specs)
    return Trajectories(scene, labels, labels, positions, losses)


def fake_panels(surfaces: list[str], count: int, steps: int = 12) -> Trajectories:
    """`fake_trajectories(count)` on each of `surfaces`, a panel each, the paths moved into each window."""
    from landscapes.scenes.compose import scene as make_scene

    one = fake_trajectories(count, steps)
    several = make_scene(surfaces=surfaces, optimizers=list(one.scene.optimizers), steps=steps)
    parts = []
    for part in several.per_surface():
        (x0, x1), (y0, y1) = part.xlim, part.ylim
        unit = (one.positions + 3) / 6  # the wobbly window [-3, 3]² onto [0, 1]²
        moved = np.stack([x0 + (x1 - x0) * unit[..., 0], y0 + (y1 - y0) * unit[..., 1]], axis=-1)
        parts.append(replace(one, scene=part, positions=moved))
    return replace(parts[0], scene=several, panels=tuple(parts))
