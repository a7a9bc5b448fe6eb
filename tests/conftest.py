"""Test-wide set-up: float64 everywhere, a cache folder of the run's own (shared by its worker
processes: the suite runs on every core with pytest-xdist), the in-process command line,
the Hypothesis profiles (`quick` by default, `full` in .ci/run) and the test matrices (the layout
matrix, the example scene files, the signals a render is stopped by: a spread-out sample by default,
every case with `--whole-matrix` in .ci/run)."""

from __future__ import annotations

import contextlib
import gc
import io
import os
from dataclasses import dataclass
from pathlib import Path

import jax
import pytest
from hypothesis import settings

jax.config.update("jax_enable_x64", True)

# Examples per property test, in all: a quick look by default, the full 10,000 in .ci/run
# (`pytest --hypothesis-profile=full`).
settings.register_profile("quick", max_examples=200)
settings.register_profile("full", max_examples=10_000)
settings.load_profile("quick")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--whole-matrix",
        action="store_true",
        help="run every case of each test matrix (.ci/run does); by default a spread-out sample of each",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "whole_matrix: a matrix case run only with --whole-matrix")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Python's cycle collector stops walking what every test shares (the modules, JAX's and
    matplotlib's tables, all loaded by now) and runs less often: each test process spent about 7 s
    of CPU in it, now about 2.5 s. A render's own process spends under 0.1 s in it, so the product
    needs no such setting."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--whole-matrix"):
        return
    kept = [item for item in items if item.get_closest_marker("whole_matrix") is None]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory):
    """Every cache this run (and the commands it starts) writes goes into a fresh folder, never ~/.cache.

    The run's test processes (pytest-xdist's workers) share the folder, and every test computes with
    the product's compilation cache on, so a program one process compiled the others read back
    instead of compiling it again.
    """
    from landscapes.engine.trajectories import enable_compilation_cache

    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # the workers' folders sit side by side in the run's own
    cache = run_folder / "cache"
    cache.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache))
        patch.delenv("JAX_COMPILATION_CACHE_DIR", raising=False)
        enable_compilation_cache()
        yield


@contextlib.contextmanager
def registries_kept():
    """On the way out, the surface and optimizer tables hold what they held on the way in."""
    from landscapes.optimizers import OPTIMIZERS
    from surfaces import SURFACES

    kept = [(table, dict(table)) for table in (SURFACES, OPTIMIZERS)]
    try:
        yield
    finally:
        for table, entries in kept:
            table.clear()
            table.update(entries)


@pytest.fixture(autouse=True)
def own_registries():
    """What a test registers (a plugin, a custom surface) is gone for the next test."""
    with registries_kept():
        yield


@dataclass(frozen=True)
class Result:
    """What a run of the command line left: its exit status and what it wrote to the two streams."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def cli():
    """`cli(*args, cwd=None, env=None) -> Result`: the command line run in this process.

    Each call runs in `cwd` (default: the current folder) with `env` added to the environment, and
    leaves the surface and optimizer tables as it found them, so a plugin loaded by one call is gone
    for the next, as it would be in a process of its own.
    """
    from landscapes.cli.process import run

    def invoke(*args: object, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        stdout, stderr = io.StringIO(), io.StringIO()
        with (
            registries_kept(),
            pytest.MonkeyPatch.context() as patch,
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            if cwd is not None:
                patch.chdir(cwd)
            for key, value in (env or {}).items():
                patch.setenv(key, value)
            code = run([os.fspath(arg) if isinstance(arg, os.PathLike) else str(arg) for arg in args])
        return Result(code, stdout.getvalue(), stderr.getvalue())

    return invoke
