"""`import landscapes`, `landscapes --help` and `landscapes list signals|surfaces` stay light: none
loads JAX or matplotlib. And float64: switched on where landscapes computes, not by `import surfaces`."""

import subprocess
import sys

import pytest

HEAVY = ("jax", "matplotlib")
COMMAND = "import sys\nsys.argv = ['landscapes', *{}]\nfrom landscapes.cli.process import main\nmain()"


def loaded_after(code):
    """The heavy modules a fresh interpreter holds after running `code` (even if `code` exits)."""
    probe = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print(sorted(name for name in {HEAVY!r} if name in sys.modules)))\n{code}"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "code",
    [
        "import landscapes",
        COMMAND.format(["--help"]),
        COMMAND.format(["list", "signals"]),
        COMMAND.format(["list", "surfaces"]),
    ],
    ids=["import", "help", "list-signals", "list-surfaces"],
)
def test_start_up_loads_neither_jax_nor_matplotlib(code):
    assert loaded_after(code) == "[]"


def test_the_probe_would_see_jax_if_it_were_loaded():
    assert loaded_after("import jax") == "['jax']"


def test_optax_loads_only_when_an_optax_optimizer_is_made():
    code = (
        "import sys\n"
        "from landscapes.optimizers.registry import OPTIMIZERS\n"
        "from landscapes.scenes.compose import compose_scene\n"
        "optimizers = [s.name for s in compose_scene().optimizers]\n"
        "[OPTIMIZERS[name].factory() for name in optimizers]\n"
        "print('optax' in sys.modules, OPTIMIZERS['lion'].hyperparameters['lr'], 'optax' in sys.modules)\n"
        "OPTIMIZERS['lion'].factory(lr=0.1)\n"
        "print('optax' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "0.03", "True", "True"]


def test_float64_is_switched_on_where_computing_starts_not_by_importing_surfaces():
    code = (
        "import jax.numpy as jnp\n"
        "from surfaces import SURFACES\n"
        "print(SURFACES['wobbly'].fn(jnp.array([0.5, 0.25])).dtype)\n"
        "import landscapes\n"
        "paths = landscapes.run(landscapes.scene(optimizers='sgd', steps=2))\n"
        "print(paths.positions.dtype, SURFACES['wobbly'].fn(jnp.array([0.5, 0.25])).dtype)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["float32", "float64", "float64"]
