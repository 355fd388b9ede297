"""Proving or refuting inequalities (``< <= > >=``) and ``!=``.

In one variable the claim ``g > 0`` (or ``g >= 0``) is decided from the exact
infimum of ``g`` over the variable's interval: positive proves both, negative
refutes both, and an infimum of exactly 0 proves ``>= 0`` and decides ``> 0``
by whether it is attained — ``0 <= sigmoid'(x) < 1/4`` is false because 1/4
is attained at x = 0. With more variables, SymPy's assumption system may
settle the sign; otherwise the caller searches for a counterexample.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy import Expr, S, Symbol

from symact.calculus.extrema import Bound, bound_sign, infimum, representative, supremum
from symact.calculus.pieces import checked_points, pieces, value_at
from symact.calculus.signs import sign_of
from symact.errors import AnalysisError
from symact.printing import interval_text, set_text
from symact.prover.assumptions import Assumptions
from symact.prover.deadline import Deadline
from symact.prover.search import approaching, find_counterexample
from symact.prover.verdict import PROVEN, REFUTED, UNKNOWN, Outcome

__all__ = ["decide_inequality", "decide_not_equal"]


def _describe(bound: Bound, what: str, x: Symbol) -> list[str]:
    reduced = [bound.reduction] if bound.reduction else []  # a period, evenness
    candidates = [f"  candidate: {c.text(x.name)}" for c in bound.candidates]
    if bound.enclosure is not None:
        low, high = (sympy.N(e, 40) for e in bound.enclosure)
        where = ", ".join(map(str, bound.where))
        head = f"{what} lies in [{low}, {high}] (certified numeric), attained near {x} = {where}"
        return [*reduced, head, *candidates]
    if bound.attained:
        where = ", ".join(set_text(w) if isinstance(w, sympy.Set) else str(w) for w in bound.where)
        head = f"{what} = {bound.value}, attained at {x} = {where}"
    else:
        where = ", ".join(map(str, bound.where))
        head = f"{what} = {bound.value}, not attained (approached as {x} -> {where})"
    return [*reduced, head, *candidates]


def decide_inequality(
    lhs: Expr,
    op: str,
    rhs: Expr,
    variables: Sequence[Symbol],
    assumptions: Assumptions,
    deadline: Deadline,
) -> Outcome | None:
    """Decide ``lhs op rhs`` for ``op`` in ``< <= > >=``, or ``None``."""
    strict = op in ("<", ">")
    gap = lhs - rhs if op in (">", ">=") else rhs - lhs
    relation = ">" if strict else ">="
    if not variables:
        sign = sign_of(gap)
        if sign is None:
            return None
        holds = sign > 0 or (sign == 0 and not strict)
        steps = (f"g = {gap} has sign {sign}",)
        if holds:
            return Outcome(PROVEN, "constant", steps)
        return Outcome(REFUTED, "constant", steps, counterexample={})
    if len(variables) == 1:
        return _univariate(lhs, op, rhs, gap, strict, relation, variables[0], assumptions, deadline)
    return _by_assumptions(gap, strict, relation, variables, assumptions)


def _univariate(
    lhs: Expr,
    op: str,
    rhs: Expr,
    gap: Expr,
    strict: bool,
    relation: str,
    x: Symbol,
    assumptions: Assumptions,
    deadline: Deadline,
) -> Outcome | None:
    domain = assumptions.interval(x)
    deadline.check()
    try:
        bound = infimum(gap, x, domain)
    except AnalysisError as error:
        return Outcome(UNKNOWN, "infimum", reason=f"no exact infimum: {error}")
    where = interval_text(domain)
    steps = [
        f"the claim is g {relation} 0 with g = {gap} for {x} in {where}",
        *_describe(bound, "inf g", x),
    ]
    sign = bound_sign(bound)
    if sign is None:
        return Outcome(
            UNKNOWN, "infimum", tuple(steps), reason=f"cannot decide the sign of {bound.value}"
        )
    if sign > 0 or (sign == 0 and (not strict or not bound.attained)):
        reason = (
            "inf g > 0"
            if sign > 0
            else ("inf g = 0" if not strict else "inf g = 0 is not attained")
        )
        return Outcome(PROVEN, "infimum", (*steps, f"{reason}, so g {relation} 0 everywhere"))
    hints: list[dict[Symbol, Expr]] = []
    if bound.attained:
        hints += [{x: representative(p)} for p in bound.where]
    for candidate in bound.candidates:
        if candidate.kind == "limit" and (candidate.value - bound.value).is_zero is not False:
            hints += [{x: p} for p in approaching(candidate.location, candidate.side)]
    point = find_counterexample(lhs, op, rhs, [x], assumptions, hints)
    if point is None:
        return Outcome(
            UNKNOWN, "infimum", tuple(steps), reason="inf g <= 0 but no verified counterexample"
        )
    return Outcome(
        REFUTED, "infimum", tuple(steps), counterexample={s.name: str(v) for s, v in point.items()}
    )


def _assumed_symbols(variables: Sequence[Symbol], assumptions: Assumptions) -> dict[Symbol, Expr]:
    """Variables rewritten with SymPy assumptions that encode one-sided
    intervals: ``a > 0`` becomes a positive symbol, ``a >= 1`` is ``1 + p``."""
    substitution: dict[Symbol, Expr] = {}
    for v in variables:
        interval = assumptions.interval(v)
        low, high = interval.start, interval.end
        if low.is_finite and high.is_infinite:
            p = Symbol(
                f"{v.name}_p",
                **({"positive": True} if interval.left_open else {"nonnegative": True}),
            )
            substitution[v] = low + p
        elif high.is_finite and low.is_infinite:
            p = Symbol(
                f"{v.name}_p",
                **({"positive": True} if interval.right_open else {"nonnegative": True}),
            )
            substitution[v] = high - p
    return substitution


def _sign_holds(expr: Expr, strict: bool) -> Expr | None:
    """``expr`` (or its simplified form) if SymPy's assumptions show it is
    positive (``strict``) or nonnegative, else ``None``."""
    for candidate in (expr, sympy.simplify(expr)):
        if candidate.is_positive if strict else candidate.is_nonnegative:
            return candidate
    return None


def _by_assumptions(
    gap: Expr, strict: bool, relation: str, variables: Sequence[Symbol], assumptions: Assumptions
) -> Outcome | None:
    substitution = _assumed_symbols(variables, assumptions)
    decided = _sign_holds(gap.subs(substitution), strict)
    sign = "positive" if strict else "nonnegative"
    if decided is not None:
        steps = [
            f"g = {gap}",
            *(f"{v} = {e}" for v, e in substitution.items()),
            f"g = {decided} is {sign} by SymPy's assumptions",
        ]
        return Outcome(PROVEN, "assumptions", tuple(steps))
    for x in variables:
        try:
            split = _split_by_assumptions(gap, strict, x, variables, assumptions)
        except AnalysisError:
            continue
        if split is not None:
            return Outcome(PROVEN, "case split and assumptions", tuple(split))
    return None


def _piece_symbol(x: Symbol, a: Expr, b: Expr) -> Expr:
    """``x`` on the open interval (a, b) written with a positive symbol ``q``:
    ``a + q``, ``b - q``, or ``(a + b q)/(1 + q)``; ``x`` itself on the reals."""
    q = Symbol(f"{x.name}_q", positive=True)
    if a.is_finite and b.is_finite:
        return (a + b * q) / (1 + q)
    if a.is_finite:
        return a + q
    if b.is_finite:
        return b - q
    return x


def _split_by_assumptions(
    gap: Expr, strict: bool, x: Symbol, variables: Sequence[Symbol], assumptions: Assumptions
) -> list[str] | None:
    """Split on ``x`` at the breakpoints; on each piece and at each breakpoint
    the sign must follow from SymPy's assumptions (the other variables written
    with their one-sided intervals). ``None`` when some piece is undecided."""
    others = [v for v in variables if v != x]
    context = {v: assumptions.interval(v) for v in others}
    substitution = _assumed_symbols(others, assumptions)
    domain = assumptions.interval(x)
    found, inner = pieces(gap, x, domain, context)
    sign = "positive" if strict else "nonnegative"
    steps = [f"g = {gap}; case split on {x} at {', '.join(map(str, inner)) or 'no breakpoint'}"]
    for piece in found:
        a, b = piece.interval.start, piece.interval.end
        shifted = piece.expr.subs(substitution).subs(x, _piece_symbol(x, a, b))
        if piece.expr.has(S.NaN) or _sign_holds(shifted, strict) is None:
            return None
        steps.append(f"on ({a}, {b}): g = {piece.expr} is {sign}")
    for point in checked_points(inner, domain):
        value = value_at(gap, x, point, context)
        if value is S.NaN:
            steps.append(f"at {x} = {point}: a side is undefined (excluded)")
            continue
        if _sign_holds(value.subs(substitution), strict) is None:
            return None
        steps.append(f"at {x} = {point}: g = {value} is {sign}")
    if substitution:
        steps.append("with " + ", ".join(f"{v} = {e}" for v, e in substitution.items()))
    return steps


def decide_not_equal(
    lhs: Expr, rhs: Expr, variables: Sequence[Symbol], assumptions: Assumptions, deadline: Deadline
) -> Outcome | None:
    """Decide ``lhs != rhs`` in one variable: proven if the difference keeps
    one strict sign, refuted by an exact zero."""
    difference = lhs - rhs
    if not variables:
        sign = sign_of(difference)
        if sign is None:
            return None
        verdict = PROVEN if sign != 0 else REFUTED
        return Outcome(
            verdict, "constant", (f"lhs - rhs = {difference}",), counterexample=None if sign else {}
        )
    if len(variables) != 1:
        return None
    x = variables[0]
    domain = assumptions.interval(x)
    deadline.check()
    try:
        low = infimum(difference, x, domain)
        if bound_sign(low) == 1 or (bound_sign(low) == 0 and not low.attained):
            return Outcome(PROVEN, "infimum", tuple(_describe(low, "inf (lhs - rhs)", x)))
        high = supremum(difference, x, domain)
        if bound_sign(high) == -1 or (bound_sign(high) == 0 and not high.attained):
            return Outcome(PROVEN, "supremum", tuple(_describe(high, "sup (lhs - rhs)", x)))
    except AnalysisError as error:
        return Outcome(UNKNOWN, "infimum", reason=f"no exact bound: {error}")
    roots = sympy.solveset(difference, x, domain)
    if isinstance(roots, sympy.FiniteSet) and roots:
        hints = [{x: r} for r in roots]
        point = find_counterexample(lhs, "!=", rhs, [x], assumptions, hints)
        if point is not None:
            steps = (f"lhs - rhs = {difference} vanishes at {x} = {point[x]}",)
            return Outcome(REFUTED, "roots", steps, counterexample={x.name: str(point[x])})
    return None
