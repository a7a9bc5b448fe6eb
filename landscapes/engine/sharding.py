"""The batch axis of a sweep laid out over every JAX device: a one-axis mesh, padded to fit.

Tuning, basin maps and leaderboards run many independent paths; their inputs are placed with a
`NamedSharding` over a mesh of `jax.devices()` along the batch axis, so jit runs each device's share
there (several GPUs, a TPU slice, or CPU devices from `--xla_force_host_platform_device_count`).
After `jax.distributed.initialize()` the devices are every host's: each process builds the same
inputs and hands over its own shards, and results are gathered from all processes.
"""

from __future__ import annotations

import jax
import numpy as np
from jax.experimental import multihost_utils
from jax.sharding import Mesh, NamedSharding, PartitionSpec

AXIS = "batch"


def device_count() -> int:
    return jax.device_count()


def batch_sharding() -> NamedSharding:
    """Axis 0 split across every device, the other axes whole."""
    return NamedSharding(Mesh(np.array(jax.devices()), (AXIS,)), PartitionSpec(AXIS))


def padded_length(length: int) -> int:
    """`length` rounded up to a multiple of the device count, so every device gets an equal share."""
    devices = device_count()
    return -(-length // devices) * devices


def pad(array: np.ndarray, length: int) -> np.ndarray:
    """`array` with its first row repeated until axis 0 has `length` rows (padding to be discarded)."""
    missing = length - len(array)
    if missing <= 0:
        return array
    return np.concatenate([array, np.repeat(array[:1], missing, axis=0)])


def shard(array: np.ndarray) -> jax.Array:
    """A float64 or integer numpy array placed across the devices along axis 0 (its length divides)."""
    sharding = batch_sharding()
    if jax.process_count() == 1:
        return jax.device_put(array, sharding)
    return jax.make_array_from_callback(array.shape, sharding, lambda index: array[index])


def gather(array: jax.Array) -> np.ndarray:
    """A sharded result back as one numpy array on this host."""
    if jax.process_count() == 1:
        return np.asarray(array)
    return np.asarray(multihost_utils.process_allgather(array, tiled=True))
