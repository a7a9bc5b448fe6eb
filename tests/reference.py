"""An independent plain-numpy statement of System A: the article's surfaces, their gradients worked
out by hand, the nine classic update rules and the trajectory loop.

Nothing here imports JAX or the product's packages, so the tests compare two separate derivations.
Everything is float64.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Array = np.ndarray


def _xy(point) -> tuple[np.ndarray, np.ndarray]:
    point = np.asarray(point, dtype=np.float64)
    return point[..., 0], point[..., 1]


# --- surfaces: value and hand-derived gradient -------------------------------------------------


def simple_quadratic(point):
    x, y = _xy(point)
    return x**2 + y**2


def simple_quadratic_grad(point):
    x, y = _xy(point)
    return np.stack([2 * x, 2 * y], axis=-1)


def wobbly(point):
    x, y = _xy(point)
    bump = 8 * np.exp(-2 * ((x + 1) ** 2 + (y + 2) ** 2))
    return (x**2 + y**2) / 3 + np.abs(x) * np.sqrt(np.abs(x) + 0.1) + 3 * np.sin(x + y) + 3 + bump


def wobbly_grad(point):
    # d/dx |x|·√(|x|+0.1) = sign(x)·(√(|x|+0.1) + |x|/(2√(|x|+0.1)));
    # d/dx 8·exp(−2((x+1)²+(y+2)²)) = bump·(−4(x+1)), likewise −4(y+2) for y.
    x, y = _xy(point)
    root = np.sqrt(np.abs(x) + 0.1)
    kink = np.sign(x) * (root + np.abs(x) / (2 * root))
    bump = 8 * np.exp(-2 * ((x + 1) ** 2 + (y + 2) ** 2))
    wave = 3 * np.cos(x + y)
    gx = 2 * x / 3 + kink + wave - 4 * (x + 1) * bump
    gy = 2 * y / 3 + wave - 4 * (y + 2) * bump
    return np.stack([gx, gy], axis=-1)


def basins_and_walls(point):
    x, y = _xy(point)
    return (x**2 + y**2) / 2 + np.sin(4 * x) ** 2


def basins_and_walls_grad(point):
    # d/dx sin²(4x) = 8·sin(4x)·cos(4x) = 4·sin(8x)
    x, y = _xy(point)
    return np.stack([x + 4 * np.sin(8 * x), y], axis=-1)


def ripple(point):
    x, y = _xy(point)
    return (x**2 + y**2) / 3 + (np.sin(20 * x) ** 2 + np.sin(20 * y) ** 2) / 15


def ripple_grad(point):
    # d/dx sin²(20x)/15 = 40·sin(20x)·cos(20x)/15 = (4/3)·sin(40x)
    x, y = _xy(point)
    return np.stack([2 * x / 3 + 4 * np.sin(40 * x) / 3, 2 * y / 3 + 4 * np.sin(40 * y) / 3], axis=-1)


def giant_plateau(point):
    x, y = _xy(point)
    return 4 * (1 - np.exp(-(x**2 + y**2)))


def giant_plateau_grad(point):
    x, y = _xy(point)
    well = np.exp(-(x**2 + y**2))
    return np.stack([8 * x * well, 8 * y * well], axis=-1)


def _hills(x, y):
    """The four Gaussian hills of hills-and-canyon, each with its amplitude."""
    return (
        3 * np.exp(-((x + 1) ** 2 + (y + 2) ** 2)),
        np.exp(-1.5 * (2 * (x + 2) ** 2 + (y - 0.5) ** 2)),
        3 * np.exp(-1.5 * ((x - 1) ** 2 + 2 * (y + 1.5) ** 2)),
        1.5 * np.exp(-((x + 1.5) ** 2 + 3 * (y + 0.5) ** 2)),
    )


def hills_and_canyon(point):
    x, y = _xy(point)
    h1, h2, h3, h4 = _hills(x, y)
    return (x**2 + y**2) / 3 + h1 + h2 + h3 + h4 + 4 * (1 - np.exp(-((x + y) ** 2)))


def hills_and_canyon_grad(point):
    # Each hill A·exp(−q) contributes −(∂q)·A·exp(−q); the canyon 4(1−exp(−(x+y)²)) gives
    # 8(x+y)·exp(−(x+y)²) along both axes.
    x, y = _xy(point)
    h1, h2, h3, h4 = _hills(x, y)
    canyon = 8 * (x + y) * np.exp(-((x + y) ** 2))
    gx = 2 * x / 3 - 2 * (x + 1) * h1 - 6 * (x + 2) * h2 - 3 * (x - 1) * h3 - 2 * (x + 1.5) * h4 + canyon
    gy = 2 * y / 3 - 2 * (y + 2) * h1 - 3 * (y - 0.5) * h2 - 6 * (y + 1.5) * h3 - 6 * (y + 0.5) * h4 + canyon
    return np.stack([gx, gy], axis=-1)


def two_minima(point):
    x, y = _xy(point)
    return 4 - 0.5 * np.exp(-((x + 2.5) ** 2 + (y + 2.5) ** 2)) - 3 * np.exp(-(x**2 + y**2))


def two_minima_grad(point):
    x, y = _xy(point)
    shallow = np.exp(-((x + 2.5) ** 2 + (y + 2.5) ** 2))
    deep = np.exp(-(x**2 + y**2))
    return np.stack([(x + 2.5) * shallow + 6 * x * deep, (y + 2.5) * shallow + 6 * y * deep], axis=-1)


SURFACES: dict[str, tuple[Callable, Callable]] = {
    "simple-quadratic": (simple_quadratic, simple_quadratic_grad),
    "wobbly": (wobbly, wobbly_grad),
    "basins-and-walls": (basins_and_walls, basins_and_walls_grad),
    "ripple": (ripple, ripple_grad),
    "giant-plateau": (giant_plateau, giant_plateau_grad),
    "hills-and-canyon": (hills_and_canyon, hills_and_canyon_grad),
    "two-minima": (two_minima, two_minima_grad),
}

ARTICLE_LEVELS = [k / 4 for k in range(-8, 24)] + [6.25, 6.5, 6.75, 7.0] + [float(v) for v in range(8, 20)]


# --- the classic update rules: (init(theta) -> state, step(theta, g, state, t) -> (theta, state)) --


def sgd(lr):
    def step(theta, g, state, t):
        return theta - lr * g, state

    return (lambda theta: (), step)


def momentum(lr, momentum=0.9):
    def step(theta, g, v, t):
        v = momentum * v - lr * g
        return theta + v, v

    return (np.zeros_like, step)


def nesterov(lr, momentum=0.9):
    def step(theta, g, v, t):
        v = momentum * v - lr * g
        return theta + momentum * v - lr * g, v

    return (np.zeros_like, step)


def adagrad(lr=1.0, eps=1e-6):
    def step(theta, g, a, t):
        a = a + g**2
        return theta - lr * g / np.sqrt(a + eps), a

    return (np.zeros_like, step)


def rmsprop(lr=1.0, rho=0.9, eps=1e-6):
    def step(theta, g, a, t):
        a = rho * a + (1 - rho) * g**2
        return theta - lr * g / np.sqrt(a + eps), a

    return (np.zeros_like, step)


def adadelta(lr=1.0, rho=0.95, eps=1e-6):
    def step(theta, g, state, t):
        a, d = state
        a = rho * a + (1 - rho) * g**2
        u = g * np.sqrt(d + eps) / np.sqrt(a + eps)
        d = rho * d + (1 - rho) * u**2
        return theta - lr * u, (a, d)

    return (lambda theta: (np.zeros_like(theta), np.zeros_like(theta)), step)


def adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    def step(theta, g, state, t):
        m, s = state
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        theta = theta - lr * np.sqrt(1 - beta2**t) / (1 - beta1**t) * m / (np.sqrt(s) + eps)
        return theta, (m, s)

    return (lambda theta: (np.zeros_like(theta), np.zeros_like(theta)), step)


def adamax(lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8):
    def step(theta, g, state, t):
        m, u = state
        m = beta1 * m + (1 - beta1) * g
        u = np.maximum(beta2 * u, np.abs(g))
        return theta - lr / (1 - beta1**t) * m / (u + eps), (m, u)

    return (lambda theta: (np.zeros_like(theta), np.zeros_like(theta)), step)


def amsgrad(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    def step(theta, g, state, t):
        m, s, s_max = state
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        s_max = np.maximum(s_max, s)
        theta = theta - lr * np.sqrt(1 - beta2**t) / (1 - beta1**t) * m / (np.sqrt(s_max) + eps)
        return theta, (m, s, s_max)

    return (lambda theta: (np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)), step)


RULES: dict[str, Callable] = {
    "sgd": sgd,
    "momentum": momentum,
    "nesterov": nesterov,
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adadelta": adadelta,
    "adam": adam,
    "adamax": adamax,
    "amsgrad": amsgrad,
}

# The spec's defaults; sgd, momentum and nesterov have no default learning rate in the spec.
SPEC_DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {},
    "momentum": {"momentum": 0.9},
    "nesterov": {"momentum": 0.9},
    "adagrad": {"lr": 1.0, "eps": 1e-6},
    "rmsprop": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    "adadelta": {"lr": 1.0, "rho": 0.95, "eps": 1e-6},
    "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "adamax": {"lr": 0.002, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "amsgrad": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}
SPEC_KEYS: dict[str, tuple[str, ...]] = {
    "sgd": ("lr",),
    "momentum": ("lr", "momentum"),
    "nesterov": ("lr", "momentum"),
    "adagrad": ("lr", "eps"),
    "rmsprop": ("lr", "rho", "eps"),
    "adadelta": ("lr", "rho", "eps"),
    "adam": ("lr", "beta1", "beta2", "eps"),
    "adamax": ("lr", "beta1", "beta2", "eps"),
    "amsgrad": ("lr", "beta1", "beta2", "eps"),
}


def trajectory(rule: str, hyperparameters: dict, grad: Callable, start, steps: int) -> Array:
    """The (steps+1, 2) positions of `rule` from `start`, the start included."""
    init, step = RULES[rule](**hyperparameters)
    theta = np.asarray(start, dtype=np.float64)
    state = init(theta)
    points = [theta]
    for t in range(1, steps + 1):
        theta, state = step(theta, grad(theta), state, t)
        points.append(theta)
    return np.array(points)


# --- the article's scenes -------------------------------------------------------------------------

START = (-2.8, -2.5)
STEPS = 125
CROSS_METHOD_SET = (
    ("nesterov", "nesterov", {"lr": 0.01, "momentum": 0.9}),
    ("rmsprop", "rmsprop", {"lr": 0.25}),
    ("adadelta", "adadelta", {"lr": 100.0}),
    ("adagrad", "adagrad", {"lr": 1.0}),
    ("adam", "adam", {"lr": 0.25}),
)
SCENES: dict[str, tuple[str, tuple]] = {
    "wobbly": ("wobbly", CROSS_METHOD_SET),
    "basins-and-walls": ("basins-and-walls", CROSS_METHOD_SET),
    "giant-plateau": ("giant-plateau", CROSS_METHOD_SET),
    "hills-and-canyon": ("hills-and-canyon", CROSS_METHOD_SET),
    "bad-init": ("two-minima", CROSS_METHOD_SET),
    "nesterov-momenta": (
        "wobbly",
        tuple(
            (f"nesterov momentum {mu:g}", "nesterov", {"lr": 0.01, "momentum": mu})
            for mu in (0.25, 0.9, 0.975)
        ),
    ),
}

# Adadelta at lr=100 bounces between the walls and hills of these two scenes and amplifies rounding
# differences exponentially (`stable_steps` measures it): two correct float64 implementations part by
# more than 1e-9 after a few dozen steps. Run from the start, such a path can be compared over its
# first points only (value: how many); each single step can still be checked with `shadow`.
ROUNDING_SENSITIVE = {("basins-and-walls", "adadelta"): 12, ("hills-and-canyon", "adadelta"): 60}


def scene_paths(scene: str) -> dict[str, Array]:
    """Each label of an article scene mapped to its (126, 2) path from the article's start."""
    surface, optimizers = SCENES[scene]
    _, grad = SURFACES[surface]
    return {label: trajectory(rule, params, grad, START, STEPS) for label, rule, params in optimizers}


def shadow(rule: str, hyperparameters: dict, grad: Callable, positions) -> Array:
    """Where `rule` goes from each of `positions[:-1]`, its state carried along the given path.

    Comparing this with `positions[1:]` checks every single step on its own, so rounding differences
    cannot compound along paths that amplify them.
    """
    init, step = RULES[rule](**hyperparameters)
    positions = np.asarray(positions, dtype=np.float64)
    state = init(positions[0])
    predicted = []
    for t, theta in enumerate(positions[:-1], start=1):
        moved, state = step(theta, grad(theta), state, t)
        predicted.append(moved)
    return np.array(predicted)


def stable_steps(rule: str, hyperparameters: dict, grad: Callable, start, steps: int, rtol: float) -> int:
    """How many leading points of the path stay within `rtol` when every gradient is off by an ulp or so.

    Two correct float64 implementations round differently; where the rule amplifies such differences
    their paths may part by more than `rtol` beyond this horizon.
    """
    base = trajectory(rule, hyperparameters, grad, start, steps)
    worst = np.zeros(steps + 1)
    for seed in range(4):
        noise = np.random.default_rng(seed)

        def rounded(theta, noise=noise):
            return grad(theta) * (1 + 4e-16 * noise.standard_normal(2))

        path = trajectory(rule, hyperparameters, rounded, start, steps)
        worst = np.maximum(worst, np.max(np.abs(path - base) / (np.abs(base) + 1e-12), axis=1))
    beyond = np.nonzero(worst > rtol)[0]
    return int(beyond[0]) if len(beyond) else steps + 1
