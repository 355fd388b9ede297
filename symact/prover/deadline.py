"""A cooperative deadline the strategies check between expensive steps (the
hard limit, a killed worker process, is in :mod:`symact.limits`)."""

from __future__ import annotations

import time

__all__ = ["Deadline", "TimeLimitReached"]


class TimeLimitReached(Exception):
    """Raised inside the prover when its time is up."""


class Deadline:
    """``Deadline(None)`` never expires."""

    def __init__(self, seconds: float | None) -> None:
        self.end = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.end is not None and time.monotonic() > self.end:
            raise TimeLimitReached

    @property
    def remaining(self) -> float | None:
        return None if self.end is None else max(0.0, self.end - time.monotonic())
