"""Hard limits on workers (symact/limits.py): time, memory, deaths, and the
reserved names every generated function is built with (symbols.safe_lambdify)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import mpmath
import pytest
import sympy

import symact
from symact.limits import (
    DEFAULT_MEMORY_MIB,
    MemoryLimitExceeded,
    TimeLimitExceeded,
    WorkerFailed,
    limit_reason,
    memory_budget,
    run_many_with_time_limit,
    run_with_time_limit,
)
from symact.symbols import safe_lambdify

GIB = 2**30


def _allocate(gib: int) -> int:
    """Touch ``gib`` GiB (far beyond a test's memory budget)."""
    return len(bytearray(gib * GIB))


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYMACT_MEMORY_LIMIT", "256")


def test_memory_budget_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SYMACT_MEMORY_LIMIT", raising=False)
    assert memory_budget() == DEFAULT_MEMORY_MIB * 2**20
    monkeypatch.setenv("SYMACT_MEMORY_LIMIT", "300")
    assert memory_budget() == 300 * 2**20
    monkeypatch.setenv("SYMACT_MEMORY_LIMIT", "1")  # below the floor: the floor
    assert memory_budget() == 64 * 2**20
    for junk in ("lots", "-5", "1e9", "99999999999999999999", ""):
        monkeypatch.setenv("SYMACT_MEMORY_LIMIT", junk)
        assert memory_budget() == DEFAULT_MEMORY_MIB * 2**20


@pytest.mark.usefixtures("small_budget")
def test_a_worker_over_its_memory_budget_is_stopped_and_the_parent_goes_on() -> None:
    with pytest.raises(MemoryLimitExceeded) as info:
        run_with_time_limit(_allocate, (8,), 60.0)
    assert limit_reason(info.value) == "memory limit (256 MiB)"
    assert run_with_time_limit(_allocate, (0,), 60.0) == 0  # the next worker is fine


@pytest.mark.usefixtures("small_budget")
def test_many_workers_report_their_own_limits() -> None:
    started = time.monotonic()
    outcomes = run_many_with_time_limit(_sleep_or_allocate, [(0.0,), (30.0,), (-1.0,)], 1.0, jobs=3)
    assert outcomes[0] == 0.0
    assert isinstance(outcomes[1], TimeLimitExceeded)
    assert isinstance(outcomes[2], MemoryLimitExceeded)
    assert time.monotonic() - started < 20
    assert outcomes[1].seconds is not None
    assert outcomes[1].seconds >= 1.0


def _sleep_or_allocate(seconds: float) -> float:
    if seconds < 0:
        _allocate(8)
    return _sleep(seconds)


def test_done_is_called_as_each_worker_ends() -> None:
    seen: list[tuple[int, object]] = []
    outcomes = run_many_with_time_limit(
        pow, [(2, 3), (3, 2)], 10.0, jobs=1, done=lambda i, o: seen.append((i, o))
    )
    assert outcomes == [8, 9]
    assert sorted(seen) == [(0, 8), (1, 9)]


def test_a_dead_worker_is_named_by_its_signal() -> None:
    with pytest.raises(WorkerFailed, match="SIGABRT"):
        run_with_time_limit(os.abort, (), 30.0)
    with pytest.raises(WorkerFailed, match="exit code 3"):
        run_with_time_limit(os._exit, (3,), 30.0)


def test_limit_reasons() -> None:
    assert limit_reason(TimeLimitExceeded()) == "time limit"
    assert limit_reason(TimeLimitExceeded(), 2.0) == "time limit (2 s)"
    failure = WorkerFailed("ZeroDivisionError: division by zero\nTraceback ...")
    assert limit_reason(failure) == "internal error: ZeroDivisionError: division by zero"


def test_check_reports_a_memory_limit_as_unknown() -> None:
    """Three expanded thousandth powers: SymPy's polynomial arithmetic needs
    far more than 64 MiB; the verdict is unknown (memory limit), exit 3."""
    env = dict(os.environ, SYMACT_MEMORY_LIMIT="64")
    claim = "((x+1)**1000)*((x+2)**1000)*((x+3)**1000) >= -1"
    done = subprocess.run(
        [sys.executable, "-m", "symact", "check", claim, "--timeout", "120", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 3, done.stderr
    assert '"reason": "memory limit"' in done.stdout
    assert "Traceback" not in done.stderr


# -- reserved names in generated code ---------------------------------------------------

#: names of mpmath's and lambdify's namespaces a user's variable may take
SHADOWING = ["mpf", "iv", "mpmath", "math", "exp_", "range", "builtins", "lambdify", "mpc"]


@pytest.mark.parametrize("name", SHADOWING)
def test_safe_lambdify_is_not_confused_by_the_variable_name(name: str) -> None:
    v = sympy.Symbol(name, real=True)
    function = safe_lambdify(v, sympy.exp(v) / (1 + sympy.exp(-v)) + sympy.pi, "mpmath")
    with mpmath.workdps(30):
        got = function(mpmath.mpf(1))
        want = mpmath.e / (1 + mpmath.exp(-1)) + mpmath.pi
        assert abs(got - want) < mpmath.mpf(10) ** -25


def test_safe_lambdify_leaves_no_other_name_to_meet() -> None:
    """A symbol that is not an argument gets a reserved name too: it stays a
    SymPy symbol (lambdify's namespace holds the free symbols) and is never
    read as mpmath's mpf."""
    v, mpf = sympy.symbols("v mpf", real=True)
    got = safe_lambdify(v, v + mpf, "mpmath")(mpmath.mpf(1))
    assert isinstance(got, sympy.Expr)
    assert {str(s) for s in got.free_symbols} == {"_free0"}


def test_a_variable_named_like_mpmaths_mpf_has_the_same_range() -> None:
    """silu(mpf) + tanh(mpf)/3 once ran into its time limit: the critical
    points' generated code read the variable as mpmath's mpf."""
    mpf = sympy.Symbol("mpf", real=True)
    expr = symact.parse("silu(mpf) + tanh(mpf)/3")
    same = symact.function_range(expr.xreplace({mpf: symact.x}), symact.x)
    assert symact.function_range(expr, mpf) == same
