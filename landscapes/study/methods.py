"""The study's nine 1D methods: each turns a gradient signal g_0 … g_{N−1} into the updates y_i.

These are the article's 1D variants, not the 2D optimizers of `landscapes.optimizers`: they read
a signal by index (the look-ahead methods at the fractional index i + γv), return the update
rather than a position, and some differ in detail (eps inside the root, adadelta's d₀). Each is a
plain sequential float loop: 300 scalar steps, where array libraries would only add overhead.
State starts at 0 and t = i + 1.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from landscapes.errors import lookup
from landscapes.study.signals import look_ahead

Rule = Callable[..., np.ndarray]
SWEEP = (0.25, 0.9, 0.975)
SYMBOLS = {"gamma": "γ", "beta1": "β1", "eps": "eps"}


@dataclass(frozen=True)
class Method:
    """A registered method: its rule `rule(gradient, **{parameter: value})` and the swept values."""

    name: str
    rule: Rule
    parameter: str
    values: tuple[float, ...]
    description: str

    @property
    def fixed(self) -> dict[str, float]:
        """The rule's other parameters with their fixed values, in the rule's order."""
        parameters = list(inspect.signature(self.rule).parameters.values())[1:]
        return {p.name: p.default for p in parameters if p.name != self.parameter}

    @property
    def update_rule(self) -> str:
        """The rule's docstring, which states the update rule."""
        return inspect.getdoc(self.rule) or ""

    @property
    def symbol(self) -> str:
        """How the swept parameter is written in pictures: 'γ' for gamma, 'β1' for beta1."""
        return SYMBOLS.get(self.parameter, self.parameter)

    def label(self, value: float) -> str:
        """The legend text of one swept value, e.g. 'γ = 0.9'."""
        return f"{self.symbol} = {value:g}"

    def respond(self, gradient: np.ndarray, value: float) -> np.ndarray:
        """The updates for the signal `gradient` with the swept parameter at `value`."""
        return self.rule(gradient, **{self.parameter: value})


METHODS: dict[str, Method] = {}


def register_method(
    name: str, *, parameter: str, values: tuple[float, ...] = SWEEP, description: str
) -> Callable[[Rule], Rule]:
    """Decorator: register `rule(gradient, parameter, **fixed) -> updates` under `name`.

    The fixed values are the rule's keyword defaults, so the listing and the rule cannot disagree.
    """

    def wrap(rule: Rule) -> Rule:
        METHODS[name] = Method(name, rule, parameter, values, description)
        return rule

    return wrap


def choose_methods(names: Sequence[str]) -> list[Method]:
    """The methods named (each once, in order), or all of them when none is named."""
    if not names:
        return list(METHODS.values())
    return [lookup(METHODS, name, "method") for name in dict.fromkeys(names)]


def _floats(gradient: Sequence[float] | np.ndarray) -> list[float]:
    return np.asarray(gradient, dtype=np.float64).tolist()


@register_method("simple_momentum", parameter="gamma", description="Momentum: a decaying sum of gradients.")
def simple_momentum(gradient: np.ndarray, gamma: float, lr: float = 0.25) -> np.ndarray:
    """v ← γv + lr·g_i ; y = v"""
    v = 0.0
    updates = []
    for g in _floats(gradient):
        v = gamma * v + lr * g
        updates.append(v)
    return np.array(updates)


@register_method("nesterov", parameter="gamma", description="Momentum reading the gradient ahead, at i + γv.")
def nesterov(gradient: np.ndarray, gamma: float, lr: float = 0.25) -> np.ndarray:
    """v ← γv + lr·G(i + γv) ; y = v   (G reads the signal at a fractional index)"""
    signal = _floats(gradient)
    v = 0.0
    updates = []
    for i in range(len(signal)):
        v = gamma * v + lr * look_ahead(signal, i + gamma * v)
        updates.append(v)
    return np.array(updates)


@register_method(
    "smoothed_nesterov",
    parameter="gamma",
    description="Nesterov averaging four look-ahead reads between i and i + γv.",
)
def smoothed_nesterov(gradient: np.ndarray, gamma: float, lr: float = 0.25) -> np.ndarray:
    """v ← γv + lr·mean(G(i + kγv/4), k = 1…4) ; y = v"""
    signal = _floats(gradient)
    v = 0.0
    updates = []
    for i in range(len(signal)):
        ahead = sum(look_ahead(signal, i + k * gamma * v / 4) for k in range(1, 5)) / 4
        v = gamma * v + lr * ahead
        updates.append(v)
    return np.array(updates)


@register_method(
    "adagrad", parameter="eps", values=(1e-7, 0.1, 10.0), description="Divides by the root of all past g²."
)
def adagrad(gradient: np.ndarray, eps: float, lr: float = 2.5) -> np.ndarray:
    """a ← a + g² ; y = lr·g/√(a + eps)"""
    a = 0.0
    updates = []
    for g in _floats(gradient):
        a = a + g * g
        updates.append(lr * g / math.sqrt(a + eps))
    return np.array(updates)


@register_method("rmsprop", parameter="gamma", description="Divides by the root of a decaying mean of g².")
def rmsprop(gradient: np.ndarray, gamma: float, lr: float = 0.25, eps: float = 1e-5) -> np.ndarray:
    """a ← γa + (1−γ)g² ; y = lr·g/√(a + eps)"""
    a = 0.0
    updates = []
    for g in _floats(gradient):
        a = gamma * a + (1 - gamma) * g * g
        updates.append(lr * g / math.sqrt(a + eps))
    return np.array(updates)


def _adadelta(gradient: np.ndarray, gamma: float, eps: float, d0: float) -> np.ndarray:
    a = 0.0
    d = d0
    updates = []
    for g in _floats(gradient):
        a = gamma * a + (1 - gamma) * g * g
        y = g * math.sqrt(d + eps) / math.sqrt(a + eps)
        d = gamma * d + (1 - gamma) * y * y
        updates.append(y)
    return np.array(updates)


@register_method(
    "adadelta_zero_start", parameter="gamma", description="Adadelta, its mean of past y² starting at 0."
)
def adadelta_zero_start(gradient: np.ndarray, gamma: float, eps: float = 1e-3, d0: float = 0.0) -> np.ndarray:
    """a ← γa + (1−γ)g² ; y = g·√(d + eps)/√(a + eps) ; d ← γd + (1−γ)y²   (d starts at d₀ = 0)"""
    return _adadelta(gradient, gamma, eps, d0)


@register_method(
    "adadelta_big_start", parameter="gamma", description="Adadelta, its mean of past y² starting at 50."
)
def adadelta_big_start(gradient: np.ndarray, gamma: float, eps: float = 1e-3, d0: float = 50.0) -> np.ndarray:
    """a ← γa + (1−γ)g² ; y = g·√(d + eps)/√(a + eps) ; d ← γd + (1−γ)y²   (d starts at d₀ = 50)"""
    return _adadelta(gradient, gamma, eps, d0)


@register_method("adam", parameter="beta1", description="Bias-corrected mean of g over the root of mean g².")
def adam(
    gradient: np.ndarray, beta1: float, beta2: float = 0.999, lr: float = 0.25, eps: float = 1e-7
) -> np.ndarray:
    """m ← β1m + (1−β1)g ; s ← β2s + (1−β2)g² ; y = lr·m̂/√(ŝ + eps), m̂ = m/(1−β1ᵗ), ŝ = s/(1−β2ᵗ)"""
    m = 0.0
    s = 0.0
    updates = []
    for t, g in enumerate(_floats(gradient), start=1):
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        s_hat = s / (1 - beta2**t)
        updates.append(lr * m_hat / math.sqrt(s_hat + eps))
    return np.array(updates)


@register_method("adamax", parameter="beta1", description="Adam with a decaying maximum of |g| as the scale.")
def adamax(gradient: np.ndarray, beta1: float, beta2: float = 0.999, lr: float = 0.25) -> np.ndarray:
    """m ← β1m + (1−β1)g ; u ← max(β2u, |g|) ; y = lr/(1−β1ᵗ)·m/u   (y = 0 while u = 0)"""
    m = 0.0
    u = 0.0
    updates = []
    for t, g in enumerate(_floats(gradient), start=1):
        m = beta1 * m + (1 - beta1) * g
        u = max(beta2 * u, abs(g))
        updates.append(lr / (1 - beta1**t) * m / u if u > 0 else 0.0)
    return np.array(updates)
