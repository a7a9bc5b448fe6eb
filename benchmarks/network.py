"""Speed of `landscapes network` on the issue's acceptance command, and its training against a loop.

Run `python benchmarks/network.py` (a few minutes on 2 cores). It prints:

- the whole command `landscapes network -O sgd -O momentum -O adam --data moons:500 --model mlp:16,16
  --steps 500 -o net.mp4` as a user runs it, with an empty JAX compilation cache and with a warm one
  (wall time, and the CPU time of the process and its ffmpeg);
- the training alone, in-process: our one jitted `lax.scan` per optimizer (recording the full loss and
  accuracy at every step) against the same training written as a per-step Python loop, the way
  training loops are usually written: one jitted call per step (minibatch objective, optimizer step,
  full loss and accuracy), the loss read back to the host each step, as a loop that logs it does.
  Both with and without their compilations.

Rounds alternate between the two sides, so load from other work falls on both; figures are medians.
"""

from __future__ import annotations

import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from landscapes.engine.trajectories import traced
from landscapes.network.data import make_data
from landscapes.network.model import parse_model
from landscapes.network.train import train, weight_path
from landscapes.optimizers import Objective
from landscapes.optimizers.spec import parse_spec, settings

COMMAND = shlex.split(
    "network -O sgd -O momentum -O adam --data moons:500 --model mlp:16,16 --steps 500 -o net.mp4"
)
STEPS = 500
ROUNDS = 3


def whole_command(cache: str, folder: str) -> tuple[float, float]:
    """Wall and CPU seconds (process and children) of the acceptance command with this cache folder."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "landscapes", *COMMAND],
        cwd=folder,
        check=True,
        capture_output=True,
        env={**os.environ, "JAX_COMPILATION_CACHE_DIR": cache},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def python_loop(model, spec, start, features, targets):
    """The same training as `weight_path`, one jitted call per step from a Python loop."""
    entry, hyperparameters = settings(spec)
    optimizer = entry.factory(**traced(hyperparameters))

    def value(weights):
        return model.loss(weights, features, targets)

    objective = Objective(value, jax.grad(value), jax.hessian(value))

    @jax.jit
    def step(params, state):
        loss, accuracy = value(params), model.accuracy(params, features, targets)
        params, state = optimizer.step(objective, params, state)
        return params, state, loss, accuracy

    params, state = start, optimizer.init(start)
    weights, losses = [params], []
    for _ in range(STEPS):
        params, state, loss, _ = step(params, state)
        losses.append(float(loss))
        weights.append(params)
    return np.stack(weights), np.array(losses)


def main() -> None:
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    data = make_data("moons:500")
    model = parse_model("mlp:16,16", data)
    specs = tuple(parse_spec(name) for name in ("sgd", "momentum", "adam"))
    start = model.initial_weights(0)
    x, y = jnp.asarray(data.features), jnp.asarray(data.targets)

    ours_first, ours_cpu = time.perf_counter(), time.process_time()
    ours = train(model, specs, ("sgd", "momentum", "adam"), data.features, data.targets, start, STEPS)
    ours_first, ours_cpu = time.perf_counter() - ours_first, time.process_time() - ours_cpu
    loop_first, loop_cpu = time.perf_counter(), time.process_time()
    loops = [python_loop(model, spec, jnp.asarray(start), x, y) for spec in specs]
    loop_first, loop_cpu = time.perf_counter() - loop_first, time.process_time() - loop_cpu
    for (weights, losses), ours_weights, ours_losses in zip(loops, ours.weights, ours.losses, strict=True):
        np.testing.assert_allclose(weights, ours_weights, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(losses, ours_losses[:-1], rtol=1e-9, atol=1e-12)

    ours_times, loop_times = [], []
    for _ in range(ROUNDS):
        begin = time.perf_counter()
        for spec in specs:
            entry, hyperparameters = settings(spec)
            jax.block_until_ready(
                weight_path(
                    entry.factory, model, traced(hyperparameters), jnp.asarray(start), x, y, None, STEPS
                )
            )
        ours_times.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        for spec in specs:
            python_loop(model, spec, jnp.asarray(start), x, y)
        loop_times.append(time.perf_counter() - begin)
    ours_time, loop_time = statistics.median(ours_times), statistics.median(loop_times)
    print(
        f"training, 3 optimizers × {STEPS} steps, first call (compilation included): "
        f"scan {ours_first:.2f} s ({ours_cpu:.2f} s CPU), "
        f"Python loop {loop_first:.2f} s ({loop_cpu:.2f} s CPU)"
    )
    print(
        f"training, compiled: scan {ours_time:.3f} s, Python loop {loop_time:.3f} s "
        f"({loop_time / ours_time:.0f}×)"
    )

    with tempfile.TemporaryDirectory() as folder:
        cold, warm = [], []
        for round_number in range(ROUNDS):
            cache = Path(folder) / f"cache{round_number}"
            cold.append(whole_command(str(cache), folder))
            warm.append(whole_command(str(cache), folder))
        size = (Path(folder) / "net.mp4").stat().st_size
    for name, runs in (("empty compilation cache", cold), ("warm compilation cache", warm)):
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(f"whole `landscapes {' '.join(COMMAND)}`, {name}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"net.mp4: {size / 1024:.0f} KiB; load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    jax.config.update("jax_enable_x64", True)
    main()
