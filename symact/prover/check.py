"""``check``: the prover's entry point. Parses a claim and its assumptions,
decides each relation of the chain with the strategies, falls back to a
verified counterexample search, and never answers without evidence.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sympy import Derivative, Expr, Symbol

from symact.calculus.pieces import breakpoints
from symact.errors import AnalysisError, ParseError, SymactError
from symact.parser import Relation, Statement, parse_statement
from symact.prover.assumptions import Assumptions, parse_assumptions
from symact.prover.deadline import Deadline, TimeLimitReached
from symact.prover.equality import prove_equal
from symact.prover.inequality import decide_inequality, decide_not_equal
from symact.prover.search import find_counterexample
from symact.prover.verdict import PROVEN, REFUTED, UNKNOWN, Outcome, Verdict

__all__ = ["DEFAULT_TIMEOUT", "check"]

DEFAULT_TIMEOUT = 20.0


def _variables(relation: Relation) -> list[Symbol]:
    symbols = (relation.lhs - relation.rhs).free_symbols
    return sorted((s for s in symbols if isinstance(s, Symbol)), key=lambda s: s.name)


def _breakpoint_hints(difference: Expr, variables: list[Symbol]) -> list[dict[Symbol, Expr]]:
    """The breakpoints of a one-variable claim, tried first by the
    counterexample search: a claim that fails only at a jump or a kink
    (``binary_step(x) == heaviside(x, 0)``) fails exactly there, a point
    sampling would miss unless it happens to be a round number."""
    if len(variables) != 1:
        return []
    (x,) = variables
    try:
        return [{x: point} for point in breakpoints(difference, x)]
    except (AnalysisError, NotImplementedError):
        return []


def _decide(relation: Relation, assumptions: Assumptions, deadline: Deadline) -> Outcome:
    lhs, op, rhs = relation.lhs, relation.op, relation.rhs
    if lhs.has(Derivative) or rhs.has(Derivative):
        return Outcome(
            UNKNOWN,
            "none",
            reason="a derivative could not be taken exactly (kink at a symbolic position)",
        )
    variables = _variables(relation)
    reasons: list[str] = []
    outcome: Outcome | None = None
    try:
        if op == "==":
            outcome = prove_equal(lhs, rhs, variables, assumptions, deadline)
        elif op == "!=":
            outcome = decide_not_equal(lhs, rhs, variables, assumptions, deadline)
        else:
            outcome = decide_inequality(lhs, op, rhs, variables, assumptions, deadline)
    except AnalysisError as error:
        reasons.append(str(error))
    if outcome is not None and outcome.verdict != UNKNOWN:
        return outcome
    if outcome is not None and outcome.reason:
        reasons.append(outcome.reason)
    deadline.check()
    hints = _breakpoint_hints(lhs - rhs, variables)
    point = find_counterexample(lhs, op, rhs, variables, assumptions, hints)
    if point is not None:
        values = {s.name: str(v) for s, v in point.items()}
        where = ", ".join(f"{k} = {v}" for k, v in values.items()) or "(no variables)"
        steps = (
            f"at {where}: {lhs} = {lhs.subs(point)}, {rhs} = {rhs.subs(point)}",
            "the relation fails there, verified with mpmath at 50 and 100+ significant digits",
        )
        return Outcome(REFUTED, "counterexample search", steps, counterexample=values)
    reasons.append("no strategy proved it and no counterexample was found")
    certificate = outcome.certificate if outcome is not None else ()
    return Outcome(
        UNKNOWN, outcome.method if outcome else "none", certificate, reason="; ".join(reasons)
    )


def _combine(
    text: str,
    assumptions: tuple[str, ...],
    relations: Sequence[Relation],
    outcomes: Sequence[Outcome],
) -> Verdict:
    if len(outcomes) == 1:
        (o,) = outcomes
        return Verdict(
            text, assumptions, o.verdict, o.method, o.certificate, o.counterexample, o.reason
        )
    for relation, o in zip(relations, outcomes, strict=True):
        if o.verdict == REFUTED:
            evidence = (f"the link {relation} fails:", *o.certificate)
            return Verdict(
                text, assumptions, REFUTED, o.method, evidence, o.counterexample, o.reason
            )
    if all(o.verdict == PROVEN for o in outcomes):
        steps: list[str] = []
        for relation, o in zip(relations, outcomes, strict=True):
            steps += [f"{relation}: {o.method}", *(f"  {s}" for s in o.certificate)]
        methods = " + ".join(dict.fromkeys(o.method for o in outcomes))
        return Verdict(text, assumptions, PROVEN, methods, tuple(steps))
    reasons = [
        f"{r}: {o.reason}" for r, o in zip(relations, outcomes, strict=True) if o.verdict == UNKNOWN
    ]
    return Verdict(text, assumptions, UNKNOWN, "none", (), None, "; ".join(reasons))


def _parse_claim(text: str) -> Statement:
    statement = parse_statement(text)
    if not statement.is_relation:
        raise ParseError(
            "a claim needs a relation (== != < <= > >=), e.g. sigmoid(0) == 1/2", statement.text, 0
        )
    return statement


def _run(text: str, assume: tuple[str, ...], timeout: float | None) -> Verdict:
    statement = _parse_claim(text)
    assumptions = parse_assumptions(assume)
    deadline = Deadline(timeout)
    outcomes = []
    try:
        for relation in statement.relations:
            outcomes.append(_decide(relation, assumptions, deadline))
    except TimeLimitReached:
        return Verdict(statement.text, assume, UNKNOWN, "none", reason="time limit")
    return _combine(statement.text, assume, statement.relations, outcomes)


def check(
    statement: str, assume: Sequence[str] = (), timeout: float | None = DEFAULT_TIMEOUT
) -> Verdict:
    """Decide a claim: ``proven``, ``refuted`` or ``unknown``.

    ``assume`` holds assumptions in the same syntax (``"a > 0"``). The work
    runs in a worker process that is killed after ``timeout`` seconds
    (default :data:`DEFAULT_TIMEOUT`), giving ``unknown`` with reason ``"time
    limit"``, and whose memory is capped (:mod:`symact.limits`), giving
    ``"memory limit"``: a claim cannot hang or exhaust the caller.
    ``timeout=None`` works in this process, without limits (for callers that
    are workers already).

    >>> check("tanh(x) == 2*sigmoid(2*x) - 1").verdict
    'proven'
    >>> v = check("0 <= diff(sigmoid(x), x) < 1/4")
    >>> v.verdict, dict(v.counterexample)
    ('refuted', {'x': '0'})

    Raises
    ======
    ParseError
        if the statement or an assumption is not in symact's syntax.
    """
    from symact.limits import (
        MemoryLimitExceeded,
        TimeLimitExceeded,
        WorkerFailed,
        run_with_time_limit,
    )

    assume = tuple(assume)
    started = time.perf_counter()
    if timeout is None:
        verdict = _run(statement, assume, None)
    else:
        try:
            # parsed in the worker too: building a statement can be costly
            # (diff of a product of kinked activations), and its errors come
            # back as they are
            verdict = run_with_time_limit(
                _run, (statement, assume, timeout * 0.95), timeout, reraise=(SymactError,)
            )
        except TimeLimitExceeded:
            verdict = Verdict(statement.strip(), assume, UNKNOWN, "none", reason="time limit")
        except MemoryLimitExceeded:
            verdict = Verdict(statement.strip(), assume, UNKNOWN, "none", reason="memory limit")
        except WorkerFailed as failure:
            first = failure.detail.splitlines()[0] if failure.detail else "worker failed"
            verdict = Verdict(
                statement.strip(), assume, UNKNOWN, "none", reason=f"internal error: {first}"
            )
    return verdict.timed(time.perf_counter() - started)
