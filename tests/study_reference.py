"""The update-response study re-stated from the spec in plain Python floats, for the tests to compare with.

Written from seed-systems.md's tables alone: lists and `math`, no numpy, no code shared with
`landscapes.study`.
"""

import math

N = 300


def spikes(i):
    return 1.0 if i % 60 == 0 else 0.0


def rectangles(i):
    return 1.0 if i % 40 < 20 else -1.0


def uneven_sawtooth(i):
    return (i % 20) / (15 * (1 if i > 80 else 0) + 5)


def saturation(i):
    return 1.0 if i % 80 < 40 else 0.0


DETERMINISTIC = {
    "spikes": [spikes(i) for i in range(N)],
    "rectangles": [rectangles(i) for i in range(N)],
    "uneven-sawtooth": [uneven_sawtooth(i) for i in range(N)],
    "saturation": [saturation(i) for i in range(N)],
}


def G(g, j):
    """The look-ahead read of the spec, case by case."""
    n = len(g)
    if j >= n:
        return 0.0
    if j <= 0:
        return g[0]
    if n - 1 < j < n:
        return g[n - 1]
    lo, hi = math.floor(j), math.ceil(j)
    w = j - lo
    return (1 - w) * g[lo] + w * g[hi]


def simple_momentum(g, gamma):
    lr, v, ys = 0.25, 0.0, []
    for gi in g:
        v = gamma * v + lr * gi
        ys.append(v)
    return ys


def nesterov(g, gamma):
    lr, v, ys = 0.25, 0.0, []
    for i in range(len(g)):
        v = gamma * v + lr * G(g, i + gamma * v)
        ys.append(v)
    return ys


def smoothed_nesterov(g, gamma):
    lr, v, ys = 0.25, 0.0, []
    for i in range(len(g)):
        reads = [G(g, i + k * gamma * v / 4) for k in (1, 2, 3, 4)]
        v = gamma * v + lr * (reads[0] + reads[1] + reads[2] + reads[3]) / 4
        ys.append(v)
    return ys


def adagrad(g, eps):
    lr, a, ys = 2.5, 0.0, []
    for gi in g:
        a += gi**2
        ys.append(lr * gi / math.sqrt(a + eps))
    return ys


def rmsprop(g, gamma):
    lr, eps, a, ys = 0.25, 1e-5, 0.0, []
    for gi in g:
        a = gamma * a + (1 - gamma) * gi**2
        ys.append(lr * gi / math.sqrt(a + eps))
    return ys


def adadelta(g, gamma, d):
    eps, a, ys = 1e-3, 0.0, []
    for gi in g:
        a = gamma * a + (1 - gamma) * gi**2
        y = gi * math.sqrt(d + eps) / math.sqrt(a + eps)
        d = gamma * d + (1 - gamma) * y**2
        ys.append(y)
    return ys


def adam(g, beta1):
    beta2, lr, eps, m, s, ys = 0.999, 0.25, 1e-7, 0.0, 0.0, []
    for i, gi in enumerate(g):
        t = i + 1
        m = beta1 * m + (1 - beta1) * gi
        s = beta2 * s + (1 - beta2) * gi**2
        ys.append(lr * (m / (1 - beta1**t)) / math.sqrt(s / (1 - beta2**t) + eps))
    return ys


def adamax(g, beta1):
    beta2, lr, m, u, ys = 0.999, 0.25, 0.0, 0.0, []
    for i, gi in enumerate(g):
        t = i + 1
        m = beta1 * m + (1 - beta1) * gi
        u = max(beta2 * u, abs(gi))
        ys.append(0.0 if u == 0 else lr / (1 - beta1**t) * m / u)
    return ys


GAMMAS = (0.25, 0.9, 0.975)
METHODS = {
    "simple_momentum": (GAMMAS, simple_momentum),
    "nesterov": (GAMMAS, nesterov),
    "smoothed_nesterov": (GAMMAS, smoothed_nesterov),
    "adagrad": ((1e-7, 0.1, 10.0), adagrad),
    "rmsprop": (GAMMAS, rmsprop),
    "adadelta_zero_start": (GAMMAS, lambda g, gamma: adadelta(g, gamma, 0.0)),
    "adadelta_big_start": (GAMMAS, lambda g, gamma: adadelta(g, gamma, 50.0)),
    "adam": (GAMMAS, adam),
    "adamax": (GAMMAS, adamax),
}


def close(a, b, rel=1e-12):
    """Equal to a relative 1e-12 (an absolute 1e-300 floor so exact zeros compare)."""
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)
