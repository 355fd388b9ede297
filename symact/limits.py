"""Hard time limits: run a computation in a forked worker process and kill
it when its time is up. ``signal.alarm`` cannot interrupt SymPy's C-level or
long pure-Python loops reliably; a killed process always stops. Forking keeps
start-up cheap: the worker inherits the already-imported SymPy.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait
from typing import Any, TypeVar

__all__ = ["TimeLimitExceeded", "WorkerFailed", "run_many_with_time_limit", "run_with_time_limit"]

T = TypeVar("T")


class TimeLimitExceeded(Exception):
    """The worker did not finish in time and was killed."""


class WorkerFailed(Exception):
    """The worker died or raised; ``detail`` says how."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _work(connection: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result = ("ok", function(*args))
    except BaseException as error:  # everything is reported to the parent
        result = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
    try:
        connection.send(result)
    finally:
        connection.close()


def run_with_time_limit(function: Callable[..., T], args: tuple[Any, ...], seconds: float) -> T:
    """``function(*args)`` in a forked process, killed after ``seconds``.

    Raises
    ======
    TimeLimitExceeded
        if the limit is reached (the worker is killed).
    WorkerFailed
        if the worker raised or died.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, function, args))
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise TimeLimitExceeded
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise WorkerFailed(f"the worker died (exit code {worker.exitcode})") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if status == "error":
        raise WorkerFailed(payload)
    result: T = payload
    return result


def run_many_with_time_limit(
    function: Callable[..., T], arguments: Sequence[tuple[Any, ...]], seconds: float, jobs: int
) -> list[T | TimeLimitExceeded | WorkerFailed]:
    """``function(*args)`` for each ``args``, each in its own forked worker
    killed after ``seconds``, at most ``jobs`` at a time; the results in order,
    a failed or killed worker's as the exception instance.

    Every worker is forked from the calling thread, which waits for them with
    ``multiprocessing.connection.wait``: no other thread runs while a worker
    is forked, so a worker never inherits a lock (an import lock, say) that
    another thread held and would never release.

    >>> run_many_with_time_limit(pow, [(2, 3), (2, 10)], 10.0, jobs=2)
    [8, 1024]
    """
    context = multiprocessing.get_context("fork")
    results: list[Any] = [None] * len(arguments)
    pending = list(enumerate(arguments))
    running: dict[Any, tuple[int, Any, float]] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                index, args = pending.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                worker = context.Process(target=_work, args=(sender, function, args))
                worker.start()
                sender.close()
                running[receiver] = (index, worker, time.monotonic() + seconds)
            soonest = min(deadline for _, _, deadline in running.values())
            ready = wait(list(running), timeout=max(0.0, soonest - time.monotonic()))
            now = time.monotonic()
            for receiver in list(running):
                index, worker, deadline = running[receiver]
                if receiver in ready:
                    try:
                        status, payload = receiver.recv()
                        outcome = payload if status == "ok" else WorkerFailed(payload)
                    except EOFError:
                        worker.join()
                        outcome = WorkerFailed(f"the worker died (exit code {worker.exitcode})")
                elif now >= deadline:
                    outcome = TimeLimitExceeded()
                else:
                    continue
                results[index] = outcome
                del running[receiver]
                if worker.is_alive():
                    worker.kill()
                worker.join()
                receiver.close()
    finally:
        for receiver, (_, worker, _) in running.items():
            worker.kill()
            worker.join()
            receiver.close()
    return results
