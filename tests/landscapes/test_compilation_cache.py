"""The on-disk JAX compilation cache: where it lives, that it is used, and that a bad one costs nothing."""

import os
import subprocess
import sys

import pytest

from landscapes.engine.trajectories import compilation_cache_folder

COMMAND = ["trajectories", "-o", "-", "--steps", "4"]


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


def test_a_run_fills_the_cache_and_a_second_run_gives_the_same_numbers(tmp_path, uncached):
    first = landscapes(COMMAND, tmp_path)
    entries = sorted(path.name for path in (tmp_path / "landscapes" / "jax").iterdir())
    second = landscapes(COMMAND, tmp_path)
    assert (first.returncode, first.stderr, second.returncode, second.stderr) == (0, "", 0, "")
    assert any(name.startswith("jit_paths") for name in entries)
    assert first.stdout == second.stdout == uncached


def test_corrupt_entries_are_compiled_again_silently(tmp_path, uncached):
    assert landscapes(COMMAND, tmp_path).returncode == 0
    entries = [path for path in (tmp_path / "landscapes" / "jax").iterdir() if path.is_file()]
    for entry in entries:
        entry.write_bytes(b"not a compiled program")
    result = landscapes(COMMAND, tmp_path)
    assert entries
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == uncached


def test_without_a_usable_cache_the_run_is_complete(uncached):
    rows = uncached.splitlines()
    assert rows[0] == "label,start,step,x,y,loss"
    assert len(rows) == 1 + 5 * 1 * (4 + 1)  # five optimizers, one start, five points each
