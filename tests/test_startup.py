"""`import landscapes` and `landscapes --help` stay light: neither loads JAX or matplotlib."""

import subprocess
import sys

import pytest

HEAVY = ("jax", "matplotlib")


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
        "import sys\nsys.argv = ['landscapes', '--help']\nfrom landscapes.cli.process import main\nmain()",
    ],
    ids=["import", "help"],
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
