"""Sweeps over several devices: tuning and basin maps give the same numbers on one CPU device (this
process) and on two (a subprocess, since the device count is fixed before JAX loads), with the
batch axis laid out on both."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from tests.landscapes.sharded_sweeps import sweeps


def test_two_devices_give_the_numbers_of_one_and_hold_half_the_batch_each(tmp_path):
    output = tmp_path / "two.npz"
    environment = {**os.environ, "XLA_FLAGS": "--xla_force_host_platform_device_count=2"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.landscapes.sharded_sweeps", str(output)],
        capture_output=True, text=True, env=environment, cwd=Path(__file__).parents[2], check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    two = np.load(output)
    assert int(two["devices"]) == 2
    assert int(two["input_devices"]) == 2 and int(two["output_devices"]) == 2
    assert int(two["padded"]) == 6  # 5 starts padded to a multiple of the device count
    one = sweeps()
    for key, value in one.items():
        np.testing.assert_array_equal(two[key], value, err_msg=key)
