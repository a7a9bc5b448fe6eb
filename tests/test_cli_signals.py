"""`landscapes signals` and `landscapes list signals|methods`, run in-process through `run(argv)`."""

import csv
from collections import defaultdict

import numpy as np
import pytest
from PIL import Image

from tests import study_reference as ref

SIGNAL_NAMES = ["spikes", "rectangles", "noisy-sin", "very-noisy-sin", "uneven-sawtooth", "saturation"]
GREY = (0x8C, 0x8C, 0x8C)
VALUE_COLOURS = [(0xE6, 0x19, 0x4B), (0x3C, 0xB4, 0x4B), (0x43, 0x63, 0xD8)]


def read_rows(path):
    with path.open(newline="") as stream:
        return list(csv.reader(stream))


def updates_by_curve(rows):
    """{(method, param, signal): ([gradient…], [update…])} in step order."""
    curves = defaultdict(lambda: ([], []))
    for method, param, signal, step, gradient, update in rows[1:]:
        gradients, updates = curves[method, float(param), signal]
        assert int(step) == len(updates)
        gradients.append(float(gradient))
        updates.append(float(update))
    return curves


def has_colour(pixels, colour, tolerance=6):
    return bool((np.abs(pixels[..., :3].astype(int) - colour).max(axis=-1) <= tolerance).any())


@pytest.fixture(scope="module")
def full_run(cli, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signals") / "out"
    result = cli("signals", "-o", folder)
    assert result.exit_code == 0, result.stderr
    return folder, result


def test_default_run_writes_every_picture_and_the_csv(full_run):
    folder, result = full_run
    assert result.stderr == ""
    names = {path.name for path in folder.iterdir()}
    methods = list(ref.METHODS)
    pictures = {f"{m}-{s}.png" for m in methods for s in SIGNAL_NAMES}
    overviews = {f"overview-{s}.png" for s in SIGNAL_NAMES}
    assert len(pictures) == 54
    assert names == pictures | overviews | {"responses.csv"}
    rows = read_rows(folder / "responses.csv")
    assert rows[0] == ["method", "param", "signal", "step", "gradient", "update"]
    assert len(rows) - 1 == 9 * 3 * 6 * 300


def test_csv_updates_follow_the_spec_for_the_deterministic_signals(full_run):
    curves = updates_by_curve(read_rows(full_run[0] / "responses.csv"))
    assert len(curves) == 9 * 3 * 6
    for method, (values, rule) in ref.METHODS.items():
        for value in values:
            for signal, gradient in ref.DETERMINISTIC.items():
                got_gradient, got = curves[method, value, signal]
                assert got_gradient == gradient
                expected = rule(gradient, value)
                assert all(ref.close(a, b) for a, b in zip(got, expected, strict=True)), (
                    method,
                    value,
                    signal,
                )


def test_pictures_show_the_grey_gradient_and_a_colour_per_value(full_run):
    folder = full_run[0]
    picture = np.asarray(Image.open(folder / "nesterov-rectangles.png").convert("RGB"))
    assert picture.shape == (720, 1280, 3)
    assert has_colour(picture, GREY)
    for colour in VALUE_COLOURS:
        assert has_colour(picture, colour)
    # The plot area is mostly white background, the curves are thin.
    assert (picture.reshape(-1, 3) == 255).all(axis=1).mean() > 0.6
    sheet = np.asarray(Image.open(folder / "overview-noisy-sin.png").convert("RGB"))
    assert sheet.shape == (1080, 1920, 3)
    assert has_colour(sheet, GREY) and all(has_colour(sheet, colour) for colour in VALUE_COLOURS)


def test_same_seed_same_numbers_other_seed_other_noise(cli, full_run, tmp_path):
    again = cli("signals", "-m", "adam", "-s", "noisy-sin", "-o", tmp_path / "again")
    assert again.exit_code == 0, again.stderr
    rows = read_rows(tmp_path / "again" / "responses.csv")
    full = read_rows(full_run[0] / "responses.csv")
    assert rows == [full[0], *(row for row in full[1:] if row[0] == "adam" and row[2] == "noisy-sin")]

    gradients = {}
    for seed in (1, 2):
        folder = tmp_path / f"seed{seed}"
        result = cli("signals", "-m", "adam", "-s", "noisy-sin", "-s", "spikes", "--seed", seed, "-o", folder)
        assert result.exit_code == 0, result.stderr
        curves = updates_by_curve(read_rows(folder / "responses.csv"))
        gradients[seed] = {signal: curves["adam", 0.9, signal][0] for signal in ("noisy-sin", "spikes")}
        assert sorted(p.name for p in folder.glob("*.png")) == [
            "adam-noisy-sin.png", "adam-spikes.png", "overview-noisy-sin.png", "overview-spikes.png"
        ]  # fmt: skip
    assert gradients[1]["spikes"] == gradients[2]["spikes"]
    differing = sum(a != b for a, b in zip(gradients[1]["noisy-sin"], gradients[2]["noisy-sin"], strict=True))
    assert differing == 300


def test_a_signal_file_is_studied_by_every_method(cli, tmp_path):
    values = [0.3, -1.7, 2.0, 2.0, 0.0, -0.4, 5.5, -3.25, 0.125, 1.0, -0.9, 4.0, 0.7, 1e-3, -2.0]
    signal_file = tmp_path / "my-gradient.txt"
    signal_file.write_text("gradient\n" + "\n".join(map(repr, values)) + "\n")
    result = cli("signals", "-s", "spikes", "--signal-file", signal_file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    curves = updates_by_curve(read_rows(tmp_path / "out" / "responses.csv"))
    assert {signal for _, _, signal in curves} == {"spikes", "my-gradient"}
    for method, (swept, rule) in ref.METHODS.items():
        for value in swept:
            gradient, got = curves[method, value, "my-gradient"]
            assert gradient == values
            expected = rule(values, value)
            assert all(ref.close(a, b) for a, b in zip(got, expected, strict=True)), (method, value)
    assert (tmp_path / "out" / "overview-my-gradient.png").is_file()
    assert (tmp_path / "out" / "adamax-my-gradient.png").is_file()


@pytest.mark.parametrize(
    ("args", "file_text", "expected"),
    [
        ([], "g\n1\n2\nnot-a-number\n3\n", ["bad.txt", "line 4", "not-a-number"]),
        ([], "", ["bad.txt", "line 1", "no numbers"]),
        (["-m", "adamm"], None, ["unknown method 'adamm'", "'adam'", "'adamax'"]),
        (["-s", "spike"], None, ["unknown signal 'spike'", "'spikes'"]),
    ],
)
def test_mistakes_exit_2_with_one_line(cli, tmp_path, args, file_text, expected):
    if file_text is not None:
        (tmp_path / "bad.txt").write_text(file_text)
        args = [*args, "--signal-file", tmp_path / "bad.txt"]
    result = cli("signals", *args, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    for part in expected:
        assert part in result.stderr
    assert not (tmp_path / "out").exists()


def test_lists_of_signals_and_methods(cli):
    signals = cli("list", "signals")
    assert signals.exit_code == 0
    assert [line.split()[0] for line in signals.stdout.splitlines()] == SIGNAL_NAMES
    methods = cli("list", "methods")
    assert methods.exit_code == 0
    lines = methods.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(ref.METHODS)
    adagrad = next(line for line in lines if line.startswith("adagrad"))
    assert "eps = 1e-07, 0.1, 10" in adagrad and "lr=2.5" in adagrad
