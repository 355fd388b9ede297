"""Guards shared by the property tests and the fuzzers (fuzz/): a time
limit on one example, so that a hang is a failure with its input."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimit(Exception):
    """An example ran longer than its time limit (a hang)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimit` after ``seconds`` (then every half second, in
    case something swallows it); no limit off the main thread or without SIGALRM."""
    main = threading.current_thread() is threading.main_thread()
    if seconds <= 0 or not hasattr(signal, "setitimer") or not main:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimit(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
