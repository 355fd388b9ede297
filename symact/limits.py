"""Hard time limits: run a computation in a forked worker process and kill
it when its time is up. ``signal.alarm`` cannot interrupt SymPy's C-level or
long pure-Python loops reliably; a killed process always stops. Forking keeps
start-up cheap: the worker inherits the already-imported SymPy.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["TimeLimitExceeded", "WorkerFailed", "run_with_time_limit"]

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
    worker = context.Process(target=_work, args=(sender, function, args), daemon=True)
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
