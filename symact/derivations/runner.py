"""Checking derivation entries: each in its own worker process with a time
limit (so one slow entry cannot stall the rest), several at once."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence

import sympy

from symact.derivations.intervals import parse_interval
from symact.derivations.loader import LOAD_SECONDS, collect_files, load_file, split_step
from symact.derivations.model import Claim, Derivation, Entry, FileError, Result
from symact.errors import SymactError
from symact.limits import (
    TimeLimitExceeded,
    WorkerFailed,
    limit_reason,
    run_many_with_time_limit,
    run_with_time_limit,
)

__all__ = ["DEFAULT_TIMEOUT", "check_entry", "run_entry", "verify"]

DEFAULT_TIMEOUT = 60.0
INCREASING = {"==": 0, "<=": 1, "<": 2}
DECREASING = {"==": 0, ">=": 1, ">": 2}


def _result(entry: Entry, verdict: str, **fields: object) -> Result:
    return Result(
        file=entry.file,
        name=entry.name,
        kind=entry.kind,
        line=entry.line,
        expected=entry.expect,
        verdict=verdict,
        ok=verdict == entry.expect,
        note=entry.note,
        **fields,  # type: ignore[arg-type]
    )


def _conclusion(relations: Sequence[str]) -> str | None:
    """The relation between the first and last step a chain proves."""
    if all(r in INCREASING for r in relations):
        return max(relations, key=INCREASING.__getitem__)
    if all(r in DECREASING for r in relations):
        return max(relations, key=DECREASING.__getitem__)
    return None


def _check_derivation(entry: Derivation) -> Result:
    from symact.prover import check

    steps = [split_step(step) for step in entry.steps]
    previous = steps[0][1]
    verdicts = []
    for index, (relation, text) in enumerate(steps[1:], start=2):
        verdict = check(f"({previous}) {relation} ({text})", entry.assume, timeout=None)
        verdicts.append(verdict.verdict)
        if verdict.verdict != "proven":
            message = f"step {index}: ({previous}) {relation} ({text}) is {verdict.verdict}"
            if verdict.reason:
                message += f" ({verdict.reason})"
            return _result(
                entry,
                verdict.verdict,
                failed_step=index,
                counterexample=verdict.counterexample,
                message=message,
            )
        previous = text
    conclusion = _conclusion([r for r, _ in steps[1:]])
    if conclusion is None:
        return _result(
            entry, "unknown", message="the steps mix increasing and decreasing relations"
        )
    first, last = steps[0][1], steps[-1][1]
    return _result(entry, "proven", message=f"conclusion: {first} {conclusion} {last}")


def _difference_witness(claimed: sympy.Set, actual: sympy.Set) -> sympy.Expr | None:
    """A value in exactly one of the two sets, to show they differ."""
    for region in (sympy.Complement(claimed, actual), sympy.Complement(actual, claimed)):
        if region is sympy.S.EmptySet:
            continue
        if isinstance(region, sympy.FiniteSet):
            return next(iter(region))
        if isinstance(region, sympy.Interval):
            low, high = region.inf, region.sup
            if low.is_finite and high.is_finite:
                return (low + high) / 2
            return low + 1 if low.is_finite else (high - 1 if high.is_finite else sympy.S.Zero)
        if isinstance(region, sympy.Union):
            for part in region.args:
                witness = _difference_witness(part, sympy.S.EmptySet)
                if witness is not None:
                    return witness
    return None


def _check_range(entry: Claim) -> Result:
    from symact.analysis import function_range
    from symact.parser import parse_expression
    from symact.printing import set_text
    from symact.prover.assumptions import parse_assumptions

    assert entry.range is not None
    assert entry.equals is not None
    expr = parse_expression(entry.range)
    claimed = parse_interval(entry.equals)
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(free) != 1:
        return _result(
            entry, "unknown", message="a range claim needs an expression in one variable"
        )
    (x,) = free
    domain = parse_assumptions(entry.assume).interval(x)
    actual = function_range(expr, x, domain)
    shown = set_text(actual)
    if actual.has(sympy.Float):
        return _result(
            entry, "unknown", message=f"the range {shown} is numeric: compare it by inequalities"
        )
    if (
        sympy.simplify(sympy.Complement(claimed, actual)) is sympy.S.EmptySet
        and sympy.simplify(sympy.Complement(actual, claimed)) is sympy.S.EmptySet
    ):
        return _result(entry, "proven", message=f"the range is exactly {shown}")
    witness = _difference_witness(claimed, actual)
    where = {"value": str(witness)} if witness is not None else None
    inside = witness is not None and claimed.contains(witness) is sympy.S.true
    detail = (
        f"{witness} is claimed but never attained"
        if inside
        else f"{witness} is attained but not claimed"
    )
    return _result(
        entry, "refuted", counterexample=where, message=f"the range is {shown}: {detail}"
    )


def _check_expectation(entry: Claim) -> Result:
    from symact.parser import parse_expression
    from symact.statistics.distribution import parse_distribution
    from symact.statistics.expectation import gaussian_expectation, uniform_expectation

    assert entry.expectation is not None
    assert entry.over is not None
    assert entry.equals is not None
    expr = parse_expression(entry.expectation)
    claimed = parse_expression(entry.equals)
    law = parse_distribution(entry.over)
    z = law.variable
    if law.kind == "normal":
        moment = gaussian_expectation(expr, z, law.first, law.second)
        value, exact = moment.value, moment.exact
    else:
        value, exact = uniform_expectation(expr, z, law.first, law.second), True
        if value.has(sympy.Integral):
            value = None
    if value is None:
        return _result(entry, "unknown", message="no closed form, and no numeric value")
    if exact:
        from symact.prover.assumptions import parse_assumptions
        from symact.prover.deadline import Deadline
        from symact.prover.equality import prove_equal

        free = sorted((value - claimed).free_symbols, key=lambda s: s.name)
        proof = prove_equal(value, claimed, free, parse_assumptions(entry.assume), Deadline(30.0))
        if proof is not None:
            return _result(entry, "proven", message=f"the expectation is exactly {value}")
    if (value - claimed).free_symbols:
        return _result(entry, "unknown", message=f"the expectation is {value}; not shown equal")
    difference = abs(sympy.N(value - claimed, 60))
    scale = max(sympy.Integer(1), abs(sympy.N(claimed, 20)))
    # an exact value evaluates to 60 digits (SymPy's evalf tracks its error);
    # a numeric one is accurate to 35 (two quadrature runs agree to 40)
    tolerance = sympy.Float(10) ** (-50 if exact else -30)
    if difference > scale * tolerance:
        how = "exactly" if exact else "numerically, 35 digits"
        return _result(
            entry,
            "refuted",
            counterexample={"expectation": str(value)},
            message=f"the expectation is {value} ({how}), not {claimed}",
        )
    return _result(
        entry,
        "unknown",
        message=f"the expectation {value} agrees to 30 digits; no closed form proves it",
    )


def check_entry(entry: Entry) -> Result:
    """Check one entry in this process (no time limit)."""
    started = time.perf_counter()
    try:
        if isinstance(entry, Derivation):
            result = _check_derivation(entry)
        elif entry.statement is not None:
            from symact.prover import check

            verdict = check(entry.statement, entry.assume, timeout=None)  # a worker already
            result = _result(
                entry,
                verdict.verdict,
                counterexample=verdict.counterexample,
                message=verdict.reason or verdict.method,
            )
        elif entry.expectation is not None:
            result = _check_expectation(entry)
        else:
            result = _check_range(entry)
    except SymactError as error:
        result = _result(entry, "unknown", message=str(error))
    return _timed(result, time.perf_counter() - started)


def _timed(result: Result, seconds: float) -> Result:
    from dataclasses import replace

    return replace(result, seconds=seconds)


def run_entry(entry: Entry, timeout: float | None) -> Result:
    """Check one entry in a worker process killed after ``timeout`` seconds."""
    if timeout is None:
        return check_entry(entry)
    started = time.perf_counter()
    try:
        return run_with_time_limit(check_entry, (entry,), timeout)
    except (TimeLimitExceeded, WorkerFailed) as failure:
        return _unfinished(entry, failure, timeout, time.perf_counter() - started)


def _unfinished(
    entry: Entry, failure: TimeLimitExceeded | WorkerFailed, timeout: float, seconds: float
) -> Result:
    """The ``unknown`` result of an entry whose worker reached a limit or failed."""
    return _timed(_result(entry, "unknown", message=limit_reason(failure, timeout)), seconds)


def _error_result(error: FileError) -> Result:
    return Result(
        file=error.file,
        name=error.name,
        kind="error",
        line=error.line,
        expected="usable",
        verdict="error",
        ok=False,
        message=error.message,
    )


def verify(
    paths: Iterable[str],
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Check every entry of the derivation files under ``paths``.

    Raises
    ======
    FileNotFoundError
        if a path does not exist.
    """
    # loading parses every statement of a file: bounded in a worker too, given
    # at least LOAD_SECONDS (a file holds many entries); None: in this process
    load_limit = None if timeout is None else max(timeout, LOAD_SECONDS)
    files = [load_file(path, load_limit) for path in collect_files(paths)]
    results: list[Result] = []
    for source in files:
        for error in source.errors:
            result = _error_result(error)
            results.append(result)
            if progress:
                progress(result)
    entries = [entry for source in files for entry in source.entries]
    if timeout is None:
        checked = [check_entry(entry) for entry in entries]
        for result in checked:
            if progress:
                progress(result)
        return results + checked
    # every worker forked from this thread (no inherited locks), one per core
    workers = max(1, jobs or os.cpu_count() or 1)

    def finished(index: int, outcome: Result | TimeLimitExceeded | WorkerFailed) -> None:
        if progress:
            progress(_settled(index, outcome))

    def _settled(index: int, outcome: Result | TimeLimitExceeded | WorkerFailed) -> Result:
        if isinstance(outcome, Result):
            return outcome
        return _unfinished(entries[index], outcome, timeout, outcome.seconds or 0.0)

    outcomes = run_many_with_time_limit(
        check_entry, [(entry,) for entry in entries], timeout, workers, done=finished
    )
    return results + [_settled(i, outcome) for i, outcome in enumerate(outcomes)]
