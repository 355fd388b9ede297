"""What happens at each breakpoint of a piecewise-smooth expression:
continuity, one-sided derivatives, differentiability.

A *kink* is a breakpoint where the derivative does not exist (a corner or a
jump); DESIGN.md's trust rule 7 asks that such derivatives be reported as
undefined, with the one-sided values, never as a silent ``Heaviside(0) = 1/2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import Expr, S, Symbol

from symact.calculus.limits import limit
from symact.calculus.pieces import branch_at, breakpoints, is_zero, one_sided
from symact.errors import AnalysisError

__all__ = ["Breakpoint", "classify_breakpoints", "kinks"]


@dataclass(frozen=True)
class Breakpoint:
    """A point where an expression changes branch, and how it behaves there.

    ``value`` is ``nan`` where the expression is undefined at the point;
    ``derivative`` is ``nan`` unless ``differentiable``.
    """

    point: Expr
    value: Expr
    left_limit: Expr
    right_limit: Expr
    left_derivative: Expr
    right_derivative: Expr
    continuous: bool
    differentiable: bool
    derivative: Expr

    @property
    def is_kink(self) -> bool:
        """True where the derivative does not exist."""
        return not self.differentiable


def _equal(a: Expr, b: Expr, what: str) -> bool:
    if S.NaN in (a, b):
        return False
    if a.is_infinite or b.is_infinite:
        return bool(a == b) and False  # an infinite limit is never a finite value
    decided = is_zero(a - b)
    if decided is None:
        raise AnalysisError(f"cannot decide whether {what}: {a} == {b}")
    return decided


def _classify(expr: Expr, var: Symbol, point: Expr) -> Breakpoint:
    value = branch_at(expr, var, point).subs(var, point)
    value = sympy.simplify(value) if value is not S.NaN else value
    left = one_sided(expr, var, point, "-")
    right = one_sided(expr, var, point, "+")
    continuous = (
        value is not S.NaN
        and _equal(left.limit, value, f"the left limit at {point} equals the value")
        and _equal(right.limit, value, f"the right limit at {point} equals the value")
    )
    left_d = limit(sympy.diff(left.expr, var), var, point, "-")
    right_d = limit(sympy.diff(right.expr, var), var, point, "+")
    if continuous:
        # f continuous at the point and f' with one-sided limits there: by the
        # mean value theorem those limits are the one-sided derivatives.
        differentiable = left_d.is_finite is True and _equal(
            left_d, right_d, f"the one-sided derivatives at {point} agree"
        )
    else:
        differentiable = False
        # A jump has no finite one-sided derivative on the side that jumps.
        if not _equal(left.limit, value, "left continuity") if value is not S.NaN else True:
            left_d = S.NaN
        if not _equal(right.limit, value, "right continuity") if value is not S.NaN else True:
            right_d = S.NaN
    return Breakpoint(
        point=point,
        value=value,
        left_limit=left.limit,
        right_limit=right.limit,
        left_derivative=left_d,
        right_derivative=right_d,
        continuous=continuous,
        differentiable=differentiable,
        derivative=left_d if differentiable else S.NaN,
    )


def classify_breakpoints(expr: Expr, var: Symbol) -> tuple[Breakpoint, ...]:
    """Every breakpoint of ``expr`` in ``var`` with its one-sided behaviour.

    >>> from symact import x
    >>> from symact.functions import elu
    >>> [(b.point, b.left_derivative, b.right_derivative, b.differentiable)
    ...  for b in classify_breakpoints(elu(x, 2), x)]
    [(0, 2, 1, False)]

    Raises
    ======
    AnalysisError
        if a breakpoint or a one-sided comparison depends on an undetermined
        symbolic parameter.
    """
    return tuple(_classify(expr, var, p) for p in breakpoints(expr, var))


def kinks(expr: Expr, var: Symbol) -> tuple[Breakpoint, ...]:
    """The breakpoints where ``expr`` is not differentiable (corners and jumps).

    >>> from symact import x
    >>> from symact.functions import relu, relu6, elu
    >>> [k.point for k in kinks(relu6(x), x)], kinks(elu(x, 1), x), kinks(relu(x) - relu(-x), x)
    ([0, 6], (), ())
    """
    return tuple(b for b in classify_breakpoints(expr, var) if b.is_kink)
