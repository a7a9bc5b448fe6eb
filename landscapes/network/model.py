"""Small models as functions of one flat weight vector, so every optimizer sees a plain array.

A model is a stack of dense layers (`mlp:16,16`: two hidden layers of 16 units; `logistic` and
`linear`: none) with tanh or relu between them and one output: a logit for two classes, trained
on the mean binary cross-entropy, or a prediction for regression, trained on the mean squared error.
The flat vector holds each layer's weights (inputs × outputs, row by row) and then its biases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from landscapes import limits
from landscapes.errors import UserError
from landscapes.network.data import Dataset

ACTIVATIONS = ("tanh", "relu")
MODEL_EXAMPLE = "expected 'mlp:16,16', 'logistic' or 'linear'"


@dataclass(frozen=True)
class Model:
    """Layer widths from the inputs to the one output, the hidden activation and the task.

    Frozen and hashable, so a jitted training loop can take it as a static argument.
    """

    name: str
    widths: tuple[int, ...]
    activation: str
    task: str

    @property
    def shapes(self) -> tuple[tuple[int, int], ...]:
        """(inputs, outputs) of each dense layer."""
        return tuple(zip(self.widths[:-1], self.widths[1:], strict=True))

    @property
    def size(self) -> int:
        """The number of weights and biases."""
        return sum(fan_in * fan_out + fan_out for fan_in, fan_out in self.shapes)

    def describe(self) -> str:
        """`mlp 2-16-16-1 (tanh, 337 weights)`, `logistic regression (3 weights)`."""
        if self.name == "mlp":
            shape = "-".join(str(width) for width in self.widths)
            return f"mlp {shape} ({self.activation}, {self.size} weights)"
        return f"{self.name} regression ({self.size} weights)"

    def layers(self, weights: jax.Array) -> list[tuple[jax.Array, jax.Array]]:
        """The flat vector as (matrix, bias) per layer."""
        layers, offset = [], 0
        for fan_in, fan_out in self.shapes:
            matrix = weights[offset : offset + fan_in * fan_out].reshape(fan_in, fan_out)
            offset += fan_in * fan_out
            layers.append((matrix, weights[offset : offset + fan_out]))
            offset += fan_out
        return layers

    def outputs(self, weights: jax.Array, features: jax.Array) -> jax.Array:
        """The output for each sample: a logit (classification) or a prediction (regression)."""
        hidden = jnp.tanh if self.activation == "tanh" else jax.nn.relu
        layers = self.layers(weights)
        activations = features
        for matrix, bias in layers[:-1]:
            activations = hidden(activations @ matrix + bias)
        matrix, bias = layers[-1]
        return (activations @ matrix + bias)[:, 0]

    def loss(self, weights: jax.Array, features: jax.Array, targets: jax.Array) -> jax.Array:
        """Mean binary cross-entropy of the logits (classification) or mean squared error (regression)."""
        outputs = self.outputs(weights, features)
        if self.task == "classification":
            return jnp.mean(jax.nn.softplus(outputs) - targets * outputs)
        return jnp.mean((outputs - targets) ** 2)

    def accuracy(self, weights: jax.Array, features: jax.Array, targets: jax.Array) -> jax.Array:
        """The share of samples whose logit has the sign of its class (classification only)."""
        outputs = self.outputs(weights, features)
        return jnp.mean(((outputs > 0) == (targets > 0.5)).astype(outputs.dtype))

    def initial_weights(self, seed: int) -> np.ndarray:
        """Seeded start: weights drawn from N(0, gain/fan-in) (gain 1 for tanh, 2 for relu), biases 0.

        Models without hidden layers start at zero, the usual start of logistic and linear regression.
        """
        if len(self.widths) == 2:
            return np.zeros(self.size)
        rng = np.random.default_rng(seed)
        gain = 2.0 if self.activation == "relu" else 1.0
        parts = []
        for fan_in, fan_out in self.shapes:
            parts.append(rng.normal(0, math.sqrt(gain / fan_in), fan_in * fan_out))
            parts.append(np.zeros(fan_out))
        return np.concatenate(parts)

    def filters(self) -> list[tuple[slice, tuple[int, int]] | tuple[slice, None]]:
        """Where each layer's matrix (with its shape) and bias lie in the flat vector."""
        parts: list = []
        offset = 0
        for fan_in, fan_out in self.shapes:
            parts.append((slice(offset, offset + fan_in * fan_out), (fan_in, fan_out)))
            offset += fan_in * fan_out
            parts.append((slice(offset, offset + fan_out), None))
            offset += fan_out
        return parts


def parse_model(text: str, data: Dataset, activation: str = "tanh") -> Model:
    """The model `text` names for `data`: `mlp:H,H,…`, `logistic` (two classes) or `linear` (regression)."""
    if activation not in ACTIVATIONS:
        raise UserError(f"unknown --activation {activation!r}; use one of {', '.join(ACTIVATIONS)}")
    name, _, hidden_text = text.strip().partition(":")
    inputs = data.features.shape[1]
    if name == "mlp":
        hidden = _widths(hidden_text, text)
        model = Model("mlp", (inputs, *hidden, 1), activation, data.task)
    elif name in ("logistic", "linear") and not hidden_text:
        wanted = "classification" if name == "logistic" else "regression"
        if data.task != wanted:
            other = "linear" if name == "logistic" else "logistic"
            raise UserError(
                f"--model {name} fits {wanted}, but {data.name!r} is a {data.task} set; "
                f"use --model {other} or --model mlp:16,16"
            )
        model = Model(name, (inputs, 1), activation, data.task)
    else:
        raise UserError(f"bad --model {text!r}; {MODEL_EXAMPLE}")
    limits.check_at_most(model.size, limits.MAX_WEIGHTS, f"the weight count of --model {text!r}")
    return model


def _widths(text: str, spec: str) -> tuple[int, ...]:
    try:
        widths = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise UserError(f"bad --model {spec!r}; {MODEL_EXAMPLE} (hidden widths as whole numbers)") from None
    if not widths or min(widths) < 1:
        raise UserError(f"bad --model {spec!r}; hidden layers need at least 1 unit each")
    return widths
