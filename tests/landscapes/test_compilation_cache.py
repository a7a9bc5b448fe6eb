"""The on-disk JAX compilation cache: where it lives, that it is used, and that a bad one costs nothing."""

import os
import subprocess
import sys

import pytest

from landscapes.engine.trajectories import compilation_cache_folder

# Two optimizers of different kinds, so two programs: each run starts an interpreter and compiles them.
COMMAND = ["trajectories", "-O", "adam", "-O", "momentum", "-o", "-", "--steps", "4"]


def landscapes(args, cache_home):
    environment = {key: value for key, value in os.environ.items() if key != "JAX_COMPILATION_CACHE_DIR"}
    environment["XDG_CACHE_HOME"] = str(cache_home)
    return subprocess.run(
        [sys.executable, "-m", "landscapes", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def test_folder_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compilation_cache_folder() == tmp_path / "landscapes" / "jax"


@pytest.mark.parametrize("value", ["", "relative/cache"])
def test_folder_falls_back_to_home_dot_cache_without_an_absolute_xdg_cache_home(monkeypatch, tmp_path, value):
    monkeypatch.setenv("XDG_CACHE_HOME", value)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert compilation_cache_folder() == tmp_path / ".cache" / "landscapes" / "jax"


@pytest.fixture(scope="module")
def uncached(tmp_path_factory):
    """The CSV with caching impossible: the cache home is a file, so no folder can be made in it."""
    blocker = tmp_path_factory.mktemp("blocked") / "a-file"
    blocker.write_text("")
    result = landscapes(COMMAND, blocker)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_a_run_fills_the_cache_a_second_run_reads_it_and_corrupt_entries_are_compiled_again(
    tmp_path, uncached
):
    first = landscapes(COMMAND, tmp_path)
    folder = tmp_path / "landscapes" / "jax"
    entries = sorted(path for path in folder.iterdir() if path.is_file())
    second = landscapes(COMMAND, tmp_path)
    assert (first.returncode, first.stderr, second.returncode, second.stderr) == (0, "", 0, "")
    assert any(path.name.startswith("jit_paths") for path in entries)
    assert sorted(path for path in folder.iterdir() if path.is_file()) == entries  # nothing new to keep
    assert first.stdout == second.stdout == uncached
    for entry in entries:
        entry.write_bytes(b"not a compiled program")
    third = landscapes(COMMAND, tmp_path)
    assert (third.returncode, third.stderr) == (0, "")
    assert third.stdout == uncached


def test_without_a_usable_cache_the_run_is_complete(uncached):
    rows = uncached.splitlines()
    assert rows[0] == "label,start,step,x,y,loss"
    assert len(rows) == 1 + 2 * 1 * (4 + 1)  # two optimizers, one start, five points each
