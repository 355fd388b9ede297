"""Hard limits: run a computation in a forked worker process, kill it when
its time is up, and cap the memory it may take.

``signal.alarm`` cannot interrupt SymPy's C-level or long pure-Python loops
reliably; a killed process always stops. Forking keeps start-up cheap: the
worker inherits the already-imported SymPy. The worker's address space is
capped (``RLIMIT_AS``) at what it inherited plus :func:`memory_budget`
(``SYMACT_MEMORY_LIMIT`` MiB, default 4096), so an expression that would eat
the machine's memory ends in a ``MemoryError`` inside the worker, reported as
:class:`MemoryLimitExceeded`, and the parent goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait
from typing import Any, TypeVar

__all__ = [
    "DEFAULT_MEMORY_MIB",
    "MemoryLimitExceeded",
    "TimeLimitExceeded",
    "WorkerFailed",
    "limit_reason",
    "memory_budget",
    "run_many_with_time_limit",
    "run_with_time_limit",
]

T = TypeVar("T")

#: the address space a worker may add to what it inherits, in MiB, unless
#: ``SYMACT_MEMORY_LIMIT`` says otherwise
DEFAULT_MEMORY_MIB = 4096
#: the smallest budget accepted (below it a worker cannot even run SymPy)
MIN_MEMORY_MIB = 64


class TimeLimitExceeded(Exception):
    """The worker did not finish in time and was killed; ``seconds`` is how
    long it ran, where known."""

    seconds: float | None = None


class WorkerFailed(Exception):
    """The worker died or raised; ``detail`` says how, ``seconds`` how long
    it ran, where known."""

    seconds: float | None = None

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class MemoryLimitExceeded(WorkerFailed):
    """The worker ran out of its memory budget (a ``MemoryError`` inside it)."""


def memory_budget() -> int:
    """The worker's memory budget in bytes: ``SYMACT_MEMORY_LIMIT`` (MiB, an
    integer of at least 64) or :data:`DEFAULT_MEMORY_MIB`.

    >>> memory_budget() >= MIN_MEMORY_MIB * 2**20
    True
    """
    text = os.environ.get("SYMACT_MEMORY_LIMIT", "").strip()
    mib = int(text) if text.isdigit() and len(text) <= 9 else DEFAULT_MEMORY_MIB
    return max(mib, MIN_MEMORY_MIB) * 2**20


def limit_reason(failure: BaseException, seconds: float | None = None) -> str:
    """The words for a worker that did not deliver: ``time limit (S s)``,
    ``memory limit (N MiB)`` or ``internal error: ...`` (its first line).

    >>> limit_reason(TimeLimitExceeded(), 2.5)
    'time limit (2.5 s)'
    """
    if isinstance(failure, TimeLimitExceeded):
        return "time limit" if seconds is None else f"time limit ({seconds:g} s)"
    if isinstance(failure, MemoryLimitExceeded):
        return f"memory limit ({memory_budget() // 2**20} MiB)"
    detail = failure.detail if isinstance(failure, WorkerFailed) else str(failure)
    first = detail.splitlines()[0] if detail else "the worker failed"
    return f"internal error: {first}"


def _cap_memory(budget: int) -> int | None:
    """Cap this process's address space at its present size plus ``budget``
    and return the cap in bytes (Linux; elsewhere, and where the hard limit is
    lower already, as it is: ``None``)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + budget
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return limit
    except (ImportError, OSError, ValueError):
        return None


#: how close to its cap a worker's peak address space must have come for an
#: error to count as running out of memory
NEAR_CAP = 0.9


def _spent(cap: int | None) -> bool:
    """Whether this process's peak address space came near ``cap``: C code
    that meets the cap does not always raise ``MemoryError`` (SymPy's
    polynomial code has raised ``SystemError: error return without exception
    set``), so an error after a peak at the cap is the cap's doing."""
    if cap is None:
        return False
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= NEAR_CAP * cap
    except (OSError, ValueError, IndexError):
        pass
    return False


#: what a worker that ran out of memory sends: built before the work, as there
#: may be no memory left to build it after
_OUT_OF_MEMORY = ("memory", "MemoryError: the worker's memory budget is spent")


def _work(
    connection: Any,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    reraise: tuple[type[BaseException], ...] = (),
) -> None:
    cap = _cap_memory(memory_budget())
    try:
        result = ("ok", function(*args))
    except MemoryError:
        result = _OUT_OF_MEMORY
    except reraise as error:  # the parent raises it again
        result = ("raise", error)
    except BaseException as error:  # everything is reported to the parent
        if _spent(cap):
            result = _OUT_OF_MEMORY
        else:
            result = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
    try:
        connection.send(result)
    except MemoryError:  # a result too large to pickle within the budget
        connection.send(_OUT_OF_MEMORY)
    finally:
        connection.close()


def _death(worker: Any) -> WorkerFailed:
    """How a worker that sent nothing ended (joined first: the exit code is
    known only then); a signal by its name (``SIGSEGV``, ``SIGABRT``)."""
    worker.join()
    code = worker.exitcode
    if code is not None and code < 0:
        try:
            return WorkerFailed(f"the worker died ({signal.Signals(-code).name})")
        except ValueError:
            pass
    return WorkerFailed(f"the worker died (exit code {code})")


def _outcome(status: str, payload: Any) -> Any:
    """The parent's view of a worker's message: its result or the exception."""
    if status == "ok":
        return payload
    if status == "memory":
        return MemoryLimitExceeded(payload)
    if status == "raise":  # run_many has no caller to raise to
        return WorkerFailed(f"{type(payload).__name__}: {payload}")
    return WorkerFailed(payload)


def run_with_time_limit(
    function: Callable[..., T],
    args: tuple[Any, ...],
    seconds: float,
    reraise: tuple[type[BaseException], ...] = (),
) -> T:
    """``function(*args)`` in a forked process, killed after ``seconds``.
    An exception of a ``reraise`` type (picklable) raised in the worker is
    raised here again, as it was: a parse error found in the worker is the
    caller's parse error.

    Raises
    ======
    TimeLimitExceeded
        if the limit is reached (the worker is killed).
    MemoryLimitExceeded
        if the worker spent its memory budget (:func:`memory_budget`).
    WorkerFailed
        if the worker raised or died.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, function, args, reraise))
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise TimeLimitExceeded
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise _death(worker) from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if status == "raise":
        raise payload
    outcome = _outcome(status, payload)
    if isinstance(outcome, WorkerFailed):
        raise outcome
    result: T = outcome
    return result


def run_many_with_time_limit(
    function: Callable[..., T],
    arguments: Sequence[tuple[Any, ...]],
    seconds: float,
    jobs: int,
    done: Callable[[int, T | TimeLimitExceeded | WorkerFailed], None] | None = None,
) -> list[T | TimeLimitExceeded | WorkerFailed]:
    """``function(*args)`` for each ``args``, each in its own forked worker
    killed after ``seconds``, at most ``jobs`` at a time; the results in order,
    a failed or killed worker's as the exception instance. ``done(index,
    outcome)`` is called as each one ends (in the order they end).

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
                running[receiver] = (index, worker, time.monotonic())
            soonest = min(begun for _, _, begun in running.values()) + seconds
            ready = wait(list(running), timeout=max(0.0, soonest - time.monotonic()))
            now = time.monotonic()
            for receiver in list(running):
                index, worker, begun = running[receiver]
                if receiver in ready:
                    try:
                        outcome = _outcome(*receiver.recv())
                    except EOFError:
                        outcome = _death(worker)
                elif now >= begun + seconds:
                    outcome = TimeLimitExceeded()
                else:
                    continue
                if isinstance(outcome, TimeLimitExceeded | WorkerFailed):
                    outcome.seconds = now - begun
                results[index] = outcome
                del running[receiver]
                if worker.is_alive():
                    worker.kill()
                worker.join()
                receiver.close()
                if done is not None:
                    done(index, outcome)
    finally:
        for receiver, (_, worker, _) in running.items():
            worker.kill()
            worker.join()
            receiver.close()
    return results
