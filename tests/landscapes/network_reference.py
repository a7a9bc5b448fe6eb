"""The network models re-stated in plain numpy, from the layout the docs give, for the tests to compare."""

import itertools

import numpy as np


def layers(weights, widths):
    """The flat vector as (matrix, bias) per layer: each layer's matrix row by row, then its biases."""
    out, offset = [], 0
    for fan_in, fan_out in itertools.pairwise(widths):
        matrix = weights[offset : offset + fan_in * fan_out].reshape(fan_in, fan_out)
        offset += fan_in * fan_out
        out.append((matrix, weights[offset : offset + fan_out]))
        offset += fan_out
    assert offset == len(weights)
    return out


def outputs(weights, widths, activation, features):
    hidden = np.tanh if activation == "tanh" else (lambda v: np.maximum(v, 0.0))
    values = features
    parts = layers(weights, widths)
    for matrix, bias in parts[:-1]:
        values = hidden(values @ matrix + bias)
    matrix, bias = parts[-1]
    return (values @ matrix + bias)[:, 0]


def loss(weights, widths, activation, task, features, targets):
    """Mean binary cross-entropy −[y·log σ(z) + (1−y)·log(1−σ(z))], or the mean squared error."""
    z = outputs(weights, widths, activation, features)
    if task == "classification":
        return float(np.mean(np.logaddexp(0.0, z) - targets * z))
    return float(np.mean((z - targets) ** 2))


def accuracy(weights, widths, activation, features, targets):
    return float(np.mean((outputs(weights, widths, activation, features) > 0) == (targets == 1)))
