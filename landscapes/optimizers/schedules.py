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
        return _written(self, _format)

    def rate(self) -> Callable[[Array], Array]:
        """optax's schedule: step count (from 0) → learning rate."""
        return SCHEDULES[self.name].build(*self.args)

    def compact(self) -> str:
        """As a legend writes it: values to three significant digits, as for plain numbers."""
        return _written(self, lambda value: f"{value:.3g}")

    def _values(self) -> list[float]:
        """The arguments that are rates (not step counts, decay factors or fractions)."""
        if self.name == "piecewise":
            return [self.args[0], *(value for _, value in self.args[1:])]
        return [self.args[index] for index in SCHEDULES[self.name].values if index < len(self.args)]

    @property
    def peak(self) -> float:
        """Its largest rate as written (cosine's INIT, warmup_cosine's PEAK, linear's larger end, …):
        what tuning a scheduled learning rate tunes."""
        return max(self._values())

    def with_peak(self, peak: float) -> Schedule:
        """The same shape with every rate scaled by peak/self.peak (the largest becomes `peak` exactly)."""
        factor = peak / self.peak

        def scaled(value: float) -> float:
            return peak if value == self.peak else value * factor

        if self.name == "piecewise":
            first, *changes = self.args
            return Schedule(self.name, (scaled(first), *((step, scaled(value)) for step, value in changes)))
        positions = SCHEDULES[self.name].values
        args = tuple(scaled(arg) if index in positions else arg for index, arg in enumerate(self.args))
        return Schedule(self.name, args)


def _format(arg: float) -> str:
    """A number as typed where `g` writes it exactly, else every digit (a tuned rate), so the text
    reads back as the same schedule."""
    short = f"{arg:g}"
    return short if float(short) == arg else repr(float(arg))


def _written(schedule: Schedule, number: Callable[[float], str]) -> str:
    parts = [f"{arg[0]}:{number(arg[1])}" if isinstance(arg, tuple) else number(arg) for arg in schedule.args]
    return f"{schedule.name}({', '.join(parts)})"


class Kind(NamedTuple):
    """A schedule the SPEC accepts: its optax builder, the whole-number (step) arguments' positions,
    how many arguments it needs and takes, the usage shown in errors, and the positions of the
    arguments that are rates (scaled together when the schedule is tuned)."""

    build: Callable[..., Callable[[Array], Array]]
    steps: tuple[int, ...]
    least: int
    most: int
    usage: str
    values: tuple[int, ...] = (0,)


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
        (0, 1, 4),
    ),
    "exp": Kind(_exponential, (), 2, 2, "exp(INIT, RATE_PER_STEP)"),
    "linear": Kind(_from_optax("linear_schedule"), (2,), 3, 3, "linear(INIT, END, STEPS)", (0, 1)),
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
    """`factory` with the keys of `schedules` following their schedule.

    In its signature each such key stands for its schedule's peak (default: the peak as written):
    `made(lr=0.05)` follows the schedule scaled to peak 0.05, which is how `--tune` tunes it. A
    schedule whose peak is not positive cannot be scaled, and its key is left out. Cached, so the
    same spec gives the same function, which `jit` compiles once.
    """
    rates = {key: schedule.rate() for key, schedule in schedules}
    peaks = {key: schedule.peak for key, schedule in schedules if schedule.peak > 0}

    def made(**hyperparameters: Any) -> Optimizer:
        given = [key for key in peaks if key in hyperparameters]
        factors = {key: hyperparameters.pop(key) / peaks[key] for key in given}

        def at(count: Array) -> Optimizer:
            # optax evaluates a schedule at an int32 count in float32; a float64 count keeps float64.
            step = count.astype(jnp.float64)
            scheduled = {key: rate(step) * factors.get(key, 1.0) for key, rate in rates.items()}
            return factory(**hyperparameters, **scheduled)

        def init(params):
            return ScheduledState(jnp.zeros((), jnp.int32), at(jnp.zeros((), jnp.int32)).init(params))

        def step(objective, params, state):
            params, inner = at(state.count).step(objective, params, state.inner)
            return params, ScheduledState(state.count + 1, inner)

        def internals(state):
            # The state after step t holds count t + 1; that step used rate(t).
            used = jnp.maximum(state.count - 1, 0)
            read = at(used).internals
            key, rate = next(iter(rates.items()))
            rate = rate(used.astype(jnp.float64)) * factors.get(key, 1.0)
            return {**(read(state.inner) if read else {}), "rate": rate}

        return Optimizer(init, step, internals)

    kept = [
        param.replace(default=peaks[name]) if name in peaks else param
        for name, param in inspect.signature(factory).parameters.items()
        if name not in rates or name in peaks
    ]
    made.__signature__ = inspect.Signature(kept)
    made.__doc__ = factory.__doc__
    return made
