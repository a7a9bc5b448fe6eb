"""The faster-compiling options: the article's scenes bit for bit as XLA's defaults give them, other
programs equal to rounding, and a jaxlib without the options still computes."""

import jax
import jax.numpy as jnp
import numpy as np

from landscapes import compiling
from landscapes.engine.trajectories import noise_of, paths, resolved, traced
from landscapes.scenes.compose import scene
from landscapes.scenes.model import builtin_scene

STATIC = ("factory", "fn", "steps", "record", "ends_only")


def both_ways(chosen, record=False):
    """Each optimizer's results from `paths` and from the same function jitted with XLA's defaults."""
    default = jax.jit(paths.__wrapped__, static_argnames=STATIC)
    starts = jnp.asarray(chosen.starts)
    for optimizer in resolved(chosen.optimizers):
        args = (optimizer.entry.factory, chosen.surface.fn, traced(optimizer.hyperparameters), starts)
        ours = jax.tree.leaves(paths(*args, chosen.steps, *noise_of(chosen), record=record))
        theirs = jax.tree.leaves(default(*args, chosen.steps, *noise_of(chosen), record=record))
        assert len(ours) == len(theirs) >= 2
        yield optimizer.label, [np.asarray(leaf) for leaf in ours], [np.asarray(leaf) for leaf in theirs]


def test_the_default_scene_is_bit_for_bit_what_xlas_default_options_give():
    assert compiling.compiler_options() == compiling.FAST_COMPILE
    for label, ours, theirs in both_ways(builtin_scene("wobbly")):
        for mine, reference in zip(ours, theirs, strict=True):
            assert np.array_equal(mine, reference), label


def test_line_searches_and_recorded_scans_agree_to_rounding():
    chosen = scene(surface="rosenbrock", optimizers=["bfgs", "newton"], steps=40, starts="random:3")
    for label, ours, theirs in both_ways(chosen, record=True):
        np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-9, atol=1e-12, err_msg=label)
        for mine, reference in zip(ours[1:], theirs[1:], strict=True):
            scale = np.nanmax(np.abs(reference), initial=1.0)
            np.testing.assert_allclose(mine, reference, rtol=1e-7, atol=1e-9 * scale, err_msg=label)


def test_a_jaxlib_that_does_not_know_an_option_compiles_with_its_defaults(monkeypatch):
    monkeypatch.setattr(compiling, "FAST_COMPILE", {"xla_no_such_option_anywhere": True})
    assert compiling.compiler_options.__wrapped__() is None
    squared = compiling.jit(static_argnames=("power",))(lambda x, power: x**power)
    monkeypatch.setattr(compiling, "compiler_options", compiling.compiler_options.__wrapped__)
    assert float(squared(jnp.float64(3.0), power=2)) == 9.0
