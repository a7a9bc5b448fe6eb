"""Learning-rate schedules in a SPEC, on optax's schedules: `adam(lr=cosine(0.1, 500))`.

A scheduled optimizer is the plain one rebuilt at every step with the rate of that step, the way
optax's `inject_hyperparameters` does it: its state counts the steps taken, and step t (from 0)
uses rate(t), as every optax optimizer given a schedule does (in float64, where optax's own
count makes it float32).
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import jax.numpy as jnp

from landscapes.errors import UserError, did_you_mean
from landscapes.optimizers.base import Array, Optimizer
from landscapes.values import parse_finite

LEARNING_RATE_KEYS = ("lr", "learning_rate")
_CALL = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\s*\((?P<args>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Schedule:
    """A named schedule and its arguments as typed; `piecewise` keeps (step, value) pairs."""

    name: str
    args: tuple[Any, ...]

    def __str__(self) -> str:
        return f"{self.name}({', '.join(_format(arg) for arg in self.args)})"

    def rate(self) -> Callable[[Array], Array]:
        """optax's schedule: step count (from 0) → learning rate."""
        return SCHEDULES[self.name].build(*self.args)


def _format(arg: Any) -> str:
    if isinstance(arg, tuple):
        return f"{arg[0]}:{arg[1]:g}"
    return f"{arg:g}"


class Kind(NamedTuple):
    """A schedule the SPEC accepts: its optax builder, the whole-number (step) arguments' positions,
    how many arguments it needs and takes, and the usage shown in errors."""

    build: Callable[..., Callable[[Array], Array]]
    steps: tuple[int, ...]
    least: int
    most: int
    usage: str


def _from_optax(name: str) -> Callable[..., Callable[[Array], Array]]:
    """optax's schedule builder `name`, looked up when used: optax loads only when a schedule is used."""

    def build(*args: Any) -> Callable[[Array], Array]:
        import optax

        return getattr(optax, name)(*args)

    return build


def _piecewise(first: float, *changes: tuple[int, float]) -> Callable[[Array], Array]:
    import optax

    values = [first, *(value for _, value in changes)]
    return optax.join_schedules([optax.constant_schedule(v) for v in values], [step for step, _ in changes])


def _exponential(init: float, rate: float) -> Callable[[Array], Array]:
    import optax

    return optax.exponential_decay(init, transition_steps=1, decay_rate=rate)


SCHEDULES = {
    "constant": Kind(_from_optax("constant_schedule"), (), 1, 1, "constant(VALUE)"),
    "cosine": Kind(_from_optax("cosine_decay_schedule"), (1,), 2, 3, "cosine(INIT, STEPS[, ALPHA])"),
    "warmup_cosine": Kind(
        _from_optax("warmup_cosine_decay_schedule"),
        (2, 3),
        4,
        5,
        "warmup_cosine(INIT, PEAK, WARMUP, STEPS[, END])",
    ),
    "exp": Kind(_exponential, (), 2, 2, "exp(INIT, RATE_PER_STEP)"),
    "linear": Kind(_from_optax("linear_schedule"), (2,), 3, 3, "linear(INIT, END, STEPS)"),
    "piecewise": Kind(_piecewise, (), 1, 100, "piecewise(INIT, STEP:VALUE, …)"),
}


def is_schedule(text: str) -> bool:
    """Whether a SPEC value looks like a call, `name(…)`."""
    return "(" in text


def parse_schedule(text: str, spec: str) -> Schedule:
    """`cosine(0.1, 500)` → Schedule; a `UserError` naming the schedules, or the usage, otherwise."""
    match = _CALL.match(text)
    if not match:
        raise UserError(
            f"malformed schedule {text!r} in optimizer spec {spec!r}; expected e.g. 'cosine(0.1, 500)'"
        )
    name = match["name"]
    if name not in SCHEDULES:
        raise UserError(
            f"unknown schedule {name!r} in {spec!r}{did_you_mean(name, SCHEDULES)} "
            f"(schedules: {', '.join(SCHEDULES)})"
        )
    kind = SCHEDULES[name]
    parts = [part.strip() for part in match["args"].split(",")] if match["args"].strip() else []
    if not kind.least <= len(parts) <= kind.most:
        raise UserError(f"bad schedule {text!r} in {spec!r}; expected {kind.usage}")
    args = [
        _step_value(part, text, spec) if name == "piecewise" and index > 0 else _number(part, text, spec)
        for index, part in enumerate(parts)
    ]
    for index in kind.steps:
        if index < len(args) and not (args[index] == int(args[index]) and args[index] >= 1):
            raise UserError(f"bad schedule {text!r} in {spec!r}: step counts are whole numbers ≥ 1")
        if index < len(args):
            args[index] = int(args[index])
    steps = [step for step, _ in args[1:]] if name == "piecewise" else []
    if steps != sorted(set(steps)):
        raise UserError(f"bad schedule {text!r} in {spec!r}: the steps must increase")
    return Schedule(name, tuple(args))


def _number(text: str, schedule: str, spec: str) -> float:
    return parse_finite(
        text,
        f"bad number {text!r} in schedule {schedule!r} of {spec!r}",
        f"schedule values must be finite, got {text!r} in {spec!r}",
    )


def _step_value(text: str, schedule: str, spec: str) -> tuple[int, float]:
    step, sep, value = text.partition(":")
    number = _number(step, schedule, spec) if sep else -1.0
    if not sep or number != int(number) or number < 1:
        raise UserError(
            f"bad change {text!r} in {schedule!r} of {spec!r}; expected STEP:VALUE like '100:0.01'"
        )
    return int(number), _number(value, schedule, spec)


class ScheduledState(NamedTuple):
    count: Array
    inner: Any


@functools.cache
def scheduled(
    factory: Callable[..., Optimizer], schedules: tuple[tuple[str, Schedule], ...]
) -> Callable[..., Optimizer]:
    """`factory` with the keys of `schedules` following their schedule; its signature lacks those keys.

    Cached, so the same spec gives the same function, which `jit` compiles once.
    """
    rates = {key: schedule.rate() for key, schedule in schedules}

    def made(**hyperparameters: Any) -> Optimizer:
        def at(count: Array) -> Optimizer:
            # optax evaluates a schedule at an int32 count in float32; a float64 count keeps float64.
            step = count.astype(jnp.float64)
            return factory(**hyperparameters, **{key: rate(step) for key, rate in rates.items()})

        def init(params):
            return ScheduledState(jnp.zeros((), jnp.int32), at(jnp.zeros((), jnp.int32)).init(params))

        def step(objective, params, state):
            params, inner = at(state.count).step(objective, params, state.inner)
            return params, ScheduledState(state.count + 1, inner)

        def internals(state):
            # The state after step t holds count t + 1; that step used rate(t).
            used = jnp.maximum(state.count - 1, 0)
            read = at(used).internals
            rate = next(iter(rates.values()))(used.astype(jnp.float64))
            return {**(read(state.inner) if read else {}), "rate": rate}

        return Optimizer(init, step, internals)

    kept = [param for name, param in inspect.signature(factory).parameters.items() if name not in rates]
    made.__signature__ = inspect.Signature(kept)
    made.__doc__ = factory.__doc__
    return made
