"""`jit`: `jax.jit` with XLA options that make compiling faster without changing what is computed.

Compiling, not computing, is most of a trajectory's cost: a scan of a few hundred steps runs in
microseconds and takes a tenth of a second or more to compile. On CPU, XLA's older loop emitters
compile these small programs about 30% faster than its fusion emitters. The article's scenes come
out bit for bit as with XLA's defaults; other programs (a line search, a recorded scan) may round a
few operations differently, as any XLA release may: a first difference of 1 to 128 ulp, grown along
the path as any rounding is (BFGS from random starts on wobbly: 3e-10 after 40 steps). See
`tests/landscapes/test_compiling.py`.
A jaxlib that does not know the option compiles with its own defaults.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from typing import Any

import jax

FAST_COMPILE: dict[str, Any] = {"xla_cpu_use_fusion_emitters": False}


@functools.cache
def compiler_options() -> dict[str, Any] | None:
    """`FAST_COMPILE` where this jaxlib knows every option in it, else None (XLA's defaults)."""
    try:
        jax.jit(lambda: 0.0, compiler_options=FAST_COMPILE).lower().compile()
    except jax.errors.JaxRuntimeError:
        return None
    return FAST_COMPILE


class Compiled:
    """`fn` jitted with `compiler_options()`, made on the first call so importing compiles nothing
    (once, though threads may make that call together: the network trains its optimizers in threads)."""

    def __init__(self, fn: Callable, static_argnames: Sequence[str]) -> None:
        functools.update_wrapper(self, fn)
        self._fn = fn
        self._static_argnames = tuple(static_argnames)
        self._jitted: Callable | None = None
        self._making = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._jitted is None:
            with self._making:
                if self._jitted is None:
                    self._jitted = jax.jit(
                        self._fn, static_argnames=self._static_argnames, compiler_options=compiler_options()
                    )
        return self._jitted(*args, **kwargs)

    def _cache_size(self) -> int:
        """How many programs are compiled so far (as `jax.jit`'s own `_cache_size`)."""
        return 0 if self._jitted is None else self._jitted._cache_size()


def jit(*, static_argnames: Sequence[str] = ()) -> Callable[[Callable], Compiled]:
    """A decorator: `@jit(static_argnames=(...))` as with `jax.jit`, compiled with `compiler_options()`."""
    return functools.partial(Compiled, static_argnames=static_argnames)
