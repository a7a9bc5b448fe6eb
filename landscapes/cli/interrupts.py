"""Ctrl-C and SIGTERM turned into `Interrupted`, which unwinds through every clean-up on its way out.

(typer would turn a KeyboardInterrupt into a silent exit 130.) The first signal is the one that
counts: later ones are ignored while the encoder is stopped and temporary files are removed. A
signal the caller ignores (`nohup`, a background job) stays ignored. Whatever fails after a signal
came is put down to the signal: a handler's exception raised inside C code (Agg drawing a marker)
comes out of it as that code's own error ("Invalid affine transformation matrix").
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator

from landscapes.errors import Interrupted

STOPPING = (signal.SIGINT, signal.SIGTERM)

# Signals that arrived. The handler raises at once, but Python swallows an exception raised inside a
# garbage-collector callback (JAX has one), so the frame loop and the process check here as well.
_received: list[int] = []


def raise_if_interrupted() -> None:
    """Raise `Interrupted` if a stopping signal came since `stopping_on_signals` began."""
    if _received:
        raise Interrupted(_received[0])


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM raise `Interrupted`; on the way out the handlers, the
    unraisable-exception hook and the record of signals are as they were before.

    Outside the main thread (where Python cannot set handlers) it changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in STOPPING}
    previous_hook = sys.unraisablehook
    _received.clear()

    def stop(signal_number: int, frame: object) -> None:
        for number in STOPPING:
            signal.signal(number, signal.SIG_IGN)
        _received.append(signal_number)
        raise Interrupted(signal_number)

    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(number, stop)
    sys.unraisablehook = _quiet_about_interruptions(previous_hook)
    try:
        yield
    except Exception as error:
        if _received:
            raise Interrupted(_received[0]) from error
        raise
    finally:
        for number, handler in previous.items():
            if handler is not None:  # None: a handler set outside Python, which Python cannot restore
                signal.signal(number, handler)
        sys.unraisablehook = previous_hook
        _received.clear()


def _quiet_about_interruptions(default_hook):
    """An unraisable-exception hook that stays silent about a swallowed `Interrupted` (it is re-raised)."""

    def hook(unraisable) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            default_hook(unraisable)

    return hook
