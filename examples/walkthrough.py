# %% [markdown]
# # landscapes from Python: a custom surface, a home-made optimizer, a comparison
#
# Run it as a script (`python examples/walkthrough.py [FOLDER]`) or cell by cell in Jupyter or VS Code.
# The pictures go to FOLDER, else to `$WALKTHROUGH_OUT`, else to a new temporary folder.

# %%
import os
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import jax.numpy as jnp

import landscapes

given = sys.argv[1] if len(sys.argv) == 2 else os.environ.get("WALKTHROUGH_OUT")
out = Path(given) if given else Path(tempfile.mkdtemp(prefix="walkthrough-"))
out.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## 1. A surface of your own
# Any function of x and y written with `jax.numpy` will do: JAX differentiates it. Here, two wells
# tilted so that the left one is deeper, with ripples on top. `minima` marks points on the plot.


# %%
def tilted_wells(x, y):
    return (x**2 - 1) ** 2 + 0.5 * y**2 + 0.3 * x + 0.08 * jnp.sin(6 * x) * jnp.sin(6 * y)


wells = landscapes.custom_surface(
    tilted_wells,
    name="tilted wells",
    formula="(x² − 1)² + y²/2 + 0.3x + 0.08·sin 6x·sin 6y",
    xlim=(-2, 2),
    ylim=(-1.5, 1.5),
    start=(1.7, 1.2),
    minima=[(-1.005, -0.1)],
)

# %% [markdown]
# ## 2. A home-made optimizer
# A factory whose keyword arguments (each with a float default) are the hyperparameters, returning
# pure `init` and `step` functions. Registered, it is usable by name, like the built-ins, also
# from the command line through `--plugin`.


# %%
class StepCount(NamedTuple):
    t: jnp.ndarray


@landscapes.register_optimizer("normalized-gd", description="Fixed-length steps along −g, shrinking as 1/√t.")
def normalized_gd(lr: float = 0.3) -> landscapes.Optimizer:
    """θ ← θ − lr/√(t+1) · g/‖g‖ ;  t ← t + 1"""

    def init(params):
        return StepCount(jnp.zeros(()))

    def step(objective, params, state):
        g = objective.grad(params)
        length = lr / jnp.sqrt(state.t + 1)
        return params - length * g / (jnp.linalg.norm(g) + 1e-12), StepCount(state.t + 1)

    return landscapes.Optimizer(init, step)


# %% [markdown]
# ## 3. The comparison
# `scene` takes optimizer SPECs as the command line does; `run` computes every path in float64.

# %%
scene = landscapes.scene(
    surface=wells,
    optimizers=["normalized-gd(lr=0.3)@home-made", "sgd(lr=0.05)", "momentum(lr=0.02)", "adam(lr=0.1)"],
    steps=120,
    frames=40,
    fps=10,
)
paths = landscapes.run(scene)
for label, losses in zip(paths.labels, paths.losses[:, 0, :], strict=True):
    print(f"{label:>10}: loss {losses[0]:.3f} → {losses[-1]:.3f}")

# %% [markdown]
# Write a still and a small looping GIF; in a notebook, `landscapes.show(paths)` plays it inline
# without writing any file.

# %%
landscapes.render(paths, out / "comparison.png", size=(960, 540))
landscapes.render(paths, out / "comparison.gif", size=(480, 270))
landscapes.show(paths, "png", size=(480, 270))

# %% [markdown]
# ## 4. A fairer comparison
# `tune` picks each optimizer's learning rate by a Sobol search (one vmapped run per optimizer);
# `tune(scene, "all")` tunes every hyperparameter with a search range.

# %%
tuned, report = landscapes.tune(scene)
print(report.table())
landscapes.render(landscapes.run(tuned), out / "tuned.png", size=(960, 540))
print(f"pictures in {out}")
