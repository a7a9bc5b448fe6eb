"""`run(argv) -> int`, the command line's one entry: exit statuses, the one error line, --debug, and the
signal handlers it leaves as it found them."""

import os
import signal

import pytest

from landscapes.cli import listing
from landscapes.cli.process import run
from landscapes.errors import Interrupted, UserError, WorkError


def failing_listing(monkeypatch, error: BaseException) -> None:
    def fail(what, include_all=False):
        raise error

    monkeypatch.setattr(listing, "listing", fail)


@pytest.mark.parametrize(
    ("error", "status", "line"),
    [
        (UserError("a mistake"), 2, "landscapes: error: a mistake"),
        (WorkError("the disk filled"), 1, "landscapes: error: the disk filled"),
        (FileNotFoundError(2, "No such file", "f.txt"), 1, "landscapes: error: No such file: f.txt"),
        (RuntimeError("oops"), 1, "landscapes: error: unexpected RuntimeError: oops (rerun with --debug"),
        (Interrupted(signal.SIGTERM), 143, "landscapes: error: interrupted by SIGTERM"),
        (Interrupted(signal.SIGINT), 130, "landscapes: error: interrupted by SIGINT"),
    ],
    ids=["user", "work", "os", "bug", "sigterm", "sigint"],
)
def test_each_failure_is_one_line_and_its_status(monkeypatch, capsys, error, status, line):
    failing_listing(monkeypatch, error)
    assert run(["list", "surfaces"]) == status
    captured = capsys.readouterr()
    assert captured.out == ""
    (written,) = captured.err.splitlines()
    assert written.startswith(line)


def test_debug_anywhere_lets_the_error_through(monkeypatch):
    failing_listing(monkeypatch, UserError("a mistake"))
    with pytest.raises(UserError, match="a mistake"):
        run(["list", "--debug", "surfaces"])


def test_success_is_zero_and_the_signal_handlers_are_restored(capsys):
    def mine(number, frame):
        """A handler the caller had."""

    before = signal.signal(signal.SIGTERM, mine)
    try:
        assert run(["list", "signals"]) == 0
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, before)
    assert capsys.readouterr().out.startswith("spikes")


def test_a_failure_after_a_signal_is_the_signal(monkeypatch, capsys):
    """A signal's exception raised inside C code comes out as that code's error; the run still ends as
    interrupted."""

    def fail(what, include_all=False):
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            signal.pthread_sigmask(signal.SIG_BLOCK, [])  # a call that gives the handler its turn
        except Interrupted:
            raise ValueError("Invalid affine transformation matrix") from None

    monkeypatch.setattr(listing, "listing", fail)
    assert run(["list", "surfaces"]) == 143
    assert capsys.readouterr().err.splitlines() == ["landscapes: error: interrupted by SIGTERM"]


def test_a_usage_mistake_is_status_2(capsys):
    assert run(["render", "--stpes", "10"]) == 2
    assert capsys.readouterr().err.startswith("landscapes: error: No such option: --stpes")
