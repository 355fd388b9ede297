"""Proving ``lhs == rhs``: a ladder of rewriting strategies, cheapest first,
then a case split over the breakpoints of ``Piecewise``/``Max``/``Min``/``abs``.

Every step only *proves*: a strategy that cannot reduce the difference to 0
says nothing, and the caller goes on to the next one or to a counterexample
search. Claims are checked where both sides are defined.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy
from sympy import Expr, Piecewise, S, Symbol

from symact.calculus.expsub import exp_substitution
from symact.calculus.pieces import (
    checked_points,
    expand_definitions,
    hyperbolic_to_exp,
    pieces,
    value_at,
)
from symact.errors import AnalysisError
from symact.prover.assumptions import Assumptions
from symact.prover.deadline import Deadline
from symact.prover.verdict import PROVEN, Outcome

__all__ = ["prove_equal", "reduce_to_zero"]


def reduce_to_zero(expr: Expr, variables: Sequence[Symbol], deadline: Deadline) -> list[str] | None:
    """Steps showing that the elementary ``expr`` is identically 0, or
    ``None`` if no strategy does."""
    attempts: list[tuple[str, Callable[[], Expr | None]]] = [
        ("expand", lambda: sympy.expand(expr)),
        ("cancel", lambda: sympy.cancel(sympy.together(expr))),
        ("simplify", lambda: sympy.simplify(expr)),
        ("rewrite to exp, simplify", lambda: sympy.simplify(hyperbolic_to_exp(expr))),
    ]
    for name, attempt in attempts[:2]:
        deadline.check()
        if attempt() == 0:
            return [f"{name}: {expr} = 0"]
    deadline.check()
    found = exp_substitution(expr, variables)
    if found is not None and sympy.cancel(sympy.together(found.expr)) == 0:
        return [
            f"substitute {', '.join(found.describe())}: lhs - rhs = {found.expr}",
            "a rational function that cancels to 0",
        ]
    for name, attempt in attempts[2:]:
        deadline.check()
        if attempt() == 0:
            return [f"{name}: {expr} = 0"]
    return None


def prove_equal(
    lhs: Expr, rhs: Expr, variables: Sequence[Symbol], assumptions: Assumptions, deadline: Deadline
) -> Outcome | None:
    """A proof that ``lhs == rhs`` for every admissible value, or ``None``."""
    difference = lhs - rhs
    if difference == 0:
        return Outcome(PROVEN, "syntactic", (f"{lhs} and {rhs} are the same expression",))
    deadline.check()
    expanded = expand_definitions(difference)
    head = f"with the definitions: lhs - rhs = {expanded}"
    if not expanded.has(Piecewise):
        steps = reduce_to_zero(expanded, variables, deadline)
        if steps is not None:
            return Outcome(PROVEN, "definitions and rewriting", (head, *steps))
        return None
    if len(variables) == 1:
        return _case_split(expanded, variables[0], assumptions, [variables[0]], deadline)
    # several variables: split on one whose breakpoints are numbers, deciding
    # conditions on the others from their assumed intervals
    for x in variables:
        try:
            outcome = _case_split(expanded, x, assumptions, variables, deadline)
        except AnalysisError:
            continue
        if outcome is not None:
            return outcome
    return None


def _case_split(
    expanded: Expr,
    x: Symbol,
    assumptions: Assumptions,
    variables: Sequence[Symbol],
    deadline: Deadline,
) -> Outcome | None:
    domain = assumptions.interval(x)
    context = {v: assumptions.interval(v) for v in variables if v != x}
    found, inner = pieces(expanded, x, domain, context)
    steps = [f"case split on {x} at {', '.join(map(str, inner)) or 'no breakpoint'}"]
    for piece in found:
        deadline.check()
        reduced = (
            reduce_to_zero(piece.expr, list(variables), deadline) if piece.expr != 0 else ["0"]
        )
        if reduced is None:
            return None
        a, b = piece.interval.start, piece.interval.end
        steps.append(f"on ({a}, {b}): lhs - rhs = {piece.expr} = 0")
    for point in checked_points(inner, domain):
        value = value_at(expanded, x, point, context)
        if value is S.NaN:
            steps.append(f"at {x} = {point}: a side is undefined (excluded)")
            continue
        if sympy.simplify(value) != 0:
            return None
        steps.append(f"at {x} = {point}: lhs - rhs = 0")
    return Outcome(PROVEN, "case split", tuple(steps))
