"""landscapes: watch gradient-descent optimizers move across 2D loss surfaces.

The Python API, the same functions the `landscapes` command calls:

    import landscapes
    chosen = landscapes.scene("wobbly", optimizers=["adam(lr=0.1)", "momentum"], steps=80)
    paths = landscapes.run(chosen)               # Trajectories: positions, losses, legends
    landscapes.render(paths, "wobbly.gif")       # .mp4, .gif or .png
    landscapes.show(paths)                       # inline in a notebook; writes no file

Scenes: `scene`, `load_scene`, `builtin_scene`, `Scene` (what is computed; its `playback`, a
`ScenePlayback`, is how it plays by default). Surfaces: `custom_surface` (any JAX function
of x and y), the `surface` decorator and `register_surface`. Optimizers: the `register_optimizer`
decorator, `Optimizer`, `Objective`. Computing: `run`, `tune`; `network` trains a small model with
each optimizer and returns its paths on a plane of weight space (`NetworkTrajectories`). Pictures:
`render`, `show`, with `RenderOptions` for layout, view and theme. The 1D update-response study:
`responses`. Plugins: `load_plugin`. Mistakes raise `UserError`.

The names are loaded on first use (PEP 562), so `import landscapes` and the command line's start-up
stay free of JAX and matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    "Scene": "landscapes.scenes.model",
    "ScenePlayback": "landscapes.scenes.playback",
    "builtin_scene": "landscapes.scenes.model",
    "builtin_scenes": "landscapes.scenes.model",
    "scene": "landscapes.scenes.compose",
    "load_scene": "landscapes.scenes.compose",
    "custom_surface": "landscapes.scenes.custom",
    "Surface": "surfaces",
    "ContourLevels": "surfaces",
    "Minimum": "surfaces",
    "SURFACES": "surfaces",
    "surface": "surfaces",
    "register_surface": "surfaces",
    "Trajectories": "landscapes.engine.trajectories",
    "run": "landscapes.engine.trajectories",
    "load_trajectories": "landscapes.engine.trajectory_reader",
    "network": "landscapes.network",
    "NetworkScene": "landscapes.network",
    "NetworkTrajectories": "landscapes.network",
    "tune": "landscapes.engine.tuning",
    "compare": "landscapes.engine.compare",
    "Leaderboard": "landscapes.engine.compare",
    "OptimizerSpec": "landscapes.optimizers.spec",
    "parse_spec": "landscapes.optimizers.spec",
    "register_optimizer": "landscapes.optimizers",
    "Optimizer": "landscapes.optimizers",
    "Objective": "landscapes.optimizers",
    "OPTIMIZERS": "landscapes.optimizers",
    "responses": "landscapes.study.responses",
    "Sweep": "landscapes.study.responses",
    "load_plugin": "landscapes.plugins",
    "render": "animator",
    "show": "animator",
    "Rendering": "animator",
    "RenderOptions": "animator",
    "Playback": "animator",
    "UserError": "landscapes.errors",
    "WorkError": "landscapes.errors",
}

# Spelled out, not derived from _PUBLIC, so tools that read __all__ see the names.
__all__ = [
    "OPTIMIZERS",
    "SURFACES",
    "ContourLevels",
    "Leaderboard",
    "Minimum",
    "NetworkScene",
    "NetworkTrajectories",
    "Objective",
    "Optimizer",
    "OptimizerSpec",
    "Playback",
    "RenderOptions",
    "Rendering",
    "Scene",
    "ScenePlayback",
    "Surface",
    "Sweep",
    "Trajectories",
    "UserError",
    "WorkError",
    "__version__",
    "builtin_scene",
    "builtin_scenes",
    "compare",
    "custom_surface",
    "load_plugin",
    "load_scene",
    "load_trajectories",
    "network",
    "parse_spec",
    "register_optimizer",
    "register_surface",
    "render",
    "responses",
    "run",
    "scene",
    "show",
    "surface",
    "tune",
]

if TYPE_CHECKING:
    from animator import Playback, Rendering, RenderOptions, render, show
    from landscapes.engine.compare import Leaderboard, compare
    from landscapes.engine.trajectories import Trajectories, run
    from landscapes.engine.trajectory_reader import load_trajectories
    from landscapes.engine.tuning import tune
    from landscapes.errors import UserError, WorkError
    from landscapes.network import NetworkScene, NetworkTrajectories, network
    from landscapes.optimizers import OPTIMIZERS, Objective, Optimizer, register_optimizer
    from landscapes.optimizers.spec import OptimizerSpec, parse_spec
    from landscapes.plugins import load_plugin
    from landscapes.scenes.compose import load_scene, scene
    from landscapes.scenes.custom import custom_surface
    from landscapes.scenes.model import Scene, builtin_scene, builtin_scenes
    from landscapes.scenes.playback import ScenePlayback
    from landscapes.study.responses import Sweep, responses
    from surfaces import SURFACES, ContourLevels, Minimum, Surface, register_surface, surface


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'landscapes' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
