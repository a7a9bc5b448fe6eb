"""Sweeps: tuning, the leaderboard and a 2000×2000 basin map, against the usual approach where there is one.

Run `python benchmarks/sweeps.py [tune|compare|basins ...]` (all three by default); it prints a
Markdown table with the machine's load, to paste into benchmarks/README.md. Not part of the test run.

- tune: `--tune all` and `--tune` (the learning rate) for adam and momentum on Rosenbrock, 16 random
  starts, 500 steps, 4,096 configurations each, in-process; against the usual approach (hyperopt's TPE
  in a Python loop, one run per trial), estimated from timing one jitted run per (configuration, start)
  in a loop, which is what each TPE trial costs before TPE's own suggestion overhead.
- compare: `landscapes.compare()` with its defaults (every classic optimizer × every surface with
  known minima, 64 starts, 500 steps), in-process.
- basins: `landscapes basins bad-init --grid 2000` as a whole process: wall time and peak resident
  memory (the process's ru_maxrss).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def tune_rows() -> list[tuple[str, str, str]]:
    import jax.numpy as jnp

    from landscapes.engine.trajectories import paths, run, traced
    from landscapes.engine.tuning import tune
    from landscapes.optimizers.spec import settings
    from landscapes.scenes.compose import compose_scene

    scene = compose_scene(
        surface="rosenbrock", optimizers=["adam", "momentum"], start_sets=["random:16"], steps=500
    )
    rows = []
    for names in ("all", None):
        began = time.perf_counter()
        tuned, report = tune(scene, names, budget=4096)
        elapsed = time.perf_counter() - began
        gaps = np.median(run(tuned).losses[:, :, -1], axis=1)
        configurations = ", ".join(f"{r.label} {r.configurations:,}" for r in report)
        rows.append(
            (
                f"`--tune {names or ''}` adam + momentum, Rosenbrock, 16 starts × 500 steps",
                f"{elapsed:.1f} s",
                f"configurations: {configurations}; median final gap adam {gaps[0]:.3g}, "
                f"momentum {gaps[1]:.3g}; {load()}",
            )
        )
    entry, hyperparameters = settings(scene.optimizers[0])
    start = jnp.asarray(scene.starts[:1], dtype=jnp.float64)
    values = traced(hyperparameters)
    paths(entry.factory, scene.surface.fn, values, start, 500)[1].block_until_ready()
    loops = 50
    began = time.perf_counter()
    for index in range(loops):
        values = traced({**hyperparameters, "lr": 1e-3 * (1 + index / loops)})
        paths(entry.factory, scene.surface.fn, values, start, 500)[1].block_until_ready()
    per_run = (time.perf_counter() - began) / loops
    trials = (2 * 4096 + 1 + 2 * 4096 + 1 + 4096 + 1 + 4096 + 1) * 16  # the runs of both tunings above
    rows.append(
        (
            "the usual approach for the same runs: one jitted run per (configuration, start) in a loop",
            f"{per_run * trials:,.0f} s (estimated)",
            f"{per_run * 1e3:.2f} ms per run × {trials:,} runs, before TPE's own suggestion time; " + load(),
        )
    )
    return rows


def compare_rows() -> list[tuple[str, str, str]]:
    import landscapes

    began, cpu = time.perf_counter(), time.process_time()
    board = landscapes.compare()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    pairs = len(board.results)
    return [
        (
            f"`landscapes compare` defaults: {len(board.optimizers)} optimizers × "
            f"{len(board.surfaces)} surfaces, {board.starts} starts, {board.steps} steps",
            f"{elapsed:.1f} s",
            f"{pairs} pairs, {pairs * board.starts:,} runs; CPU time {cpu:.1f} s; {load()}",
        )
    ]


def basins_rows() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "basins.png"
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "landscapes", "basins", "bad-init", "--grid", "2000", "-o", str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - began
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20  # KiB → GiB
        ok = done.returncode == 0 and output.stat().st_size > 0
    return [
        (
            "`landscapes basins bad-init --grid 2000` (4 M starts × 5 optimizers × 125 steps), whole process",
            f"{elapsed:.0f} s",
            f"peak memory {peak:.2f} GiB (limit 2 GiB); "
            f"{'ok' if ok else 'FAILED: ' + done.stderr.strip()}; {load()}",
        )
    ]


PARTS = {"tune": tune_rows, "compare": compare_rows, "basins": basins_rows}


def main() -> None:
    chosen = sys.argv[1:] or list(PARTS)
    print(f"| measure | time | notes |\n|---|---:|---|  <!-- start: {load()}, {os.cpu_count()} cores -->")
    for part in chosen:
        for row in PARTS[part]():
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
