"""Registration checks at registration: names taken, float defaults, an Optimizer made, and a step
whose output does not match its input caught on its first trace, each a one-line `UserError` naming
the plugin file and function."""

import textwrap

import pytest

import landscapes
from landscapes.plugins import load_plugin

HEADER = """
import jax.numpy as jnp
from landscapes.optimizers import Optimizer, register_optimizer
from surfaces import surface
"""


def plugin(tmp_path, body: str):
    path = tmp_path / "my_plugin.py"
    path.write_text(HEADER + textwrap.dedent(body))
    return path


def failure(path) -> str:
    with pytest.raises(landscapes.UserError) as caught:
        load_plugin(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            """
            @register_optimizer("sgd", description="mine")
            def mine(lr: float = 0.1):
                return Optimizer(init=lambda p: (), step=lambda o, p, s: (p, s))
            """,
            "optimizer 'sgd' is already registered (classic); choose another name, or pass replace=True",
        ),
        (
            """
            @surface(name="wobbly", formula="x", xlim=(-1, 1), ylim=(-1, 1))
            def mine(x, y):
                return x**2 + y**2
            """,
            "surface 'wobbly' is already registered; choose another name, or pass replace=True",
        ),
        (
            """
            @register_optimizer("no-default", description="mine")
            def no_default(lr):
                return Optimizer(init=lambda p: (), step=lambda o, p, s: (p, s))
            """,
            "optimizer 'no-default' (my_plugin.py: no_default): hyperparameter 'lr' needs a float default, "
            "e.g. lr: float = 0.1",
        ),
        (
            """
            @register_optimizer("returns-none", description="mine")
            def returns_none(lr: float = 0.1):
                pass
            """,
            "optimizer 'returns-none' (my_plugin.py: returns_none) must return "
            "landscapes.Optimizer(init=..., step=...), got NoneType",
        ),
    ],
    ids=["optimizer-taken", "surface-taken", "no-default", "returns-none"],
)
def test_mistakes_at_registration_are_one_line_naming_file_and_function(tmp_path, body, message):
    text = failure(plugin(tmp_path, body))
    assert text.startswith(f"plugin {tmp_path / 'my_plugin.py'} failed to load: line ")
    assert message in text
    assert "\n" not in text


def test_replace_true_replaces_and_loading_the_same_plugin_twice_is_no_clash(tmp_path):
    path = plugin(
        tmp_path,
        """
        @register_optimizer("sgd", description="mine", replace=True)
        def mine(lr: float = 0.1):
            "θ ← θ"
            return Optimizer(init=lambda p: (), step=lambda o, p, s: (p, s))

        @register_optimizer("still", description="mine")
        def still(lr: float = 0.1):
            return Optimizer(init=lambda p: (), step=lambda o, p, s: (p, s))
        """,
    )
    load_plugin(path)
    load_plugin(path)
    assert landscapes.OPTIMIZERS["sgd"].description == "mine"
    assert landscapes.OPTIMIZERS["sgd"].hyperparameters == {"lr": 0.1}


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("lambda o, p, s: p", "step must return (params, state), got [2]"),
        ("lambda o, p, s: (p, ())", "step must return the state as init made it, ([2],), got ()"),
        ("lambda o, p, s: (p[0], s)", "step must return params shaped [2], got []"),
    ],
    ids=["no-state", "state-dropped", "params-shape"],
)
def test_a_step_of_the_wrong_shape_is_caught_on_its_first_trace(tmp_path, step, message):
    load_plugin(
        plugin(
            tmp_path,
            f"""
            @register_optimizer("wrong", description="mine")
            def wrong(lr: float = 0.1):
                return Optimizer(init=lambda p: (jnp.zeros(2),), step={step})
            """,
        )
    )
    with pytest.raises(landscapes.UserError) as caught:
        landscapes.run(landscapes.scene(optimizers="wrong", steps=2))
    assert str(caught.value) == f"optimizer 'wrong' (my_plugin.py: wrong): {message}"
