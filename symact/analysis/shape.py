"""Shape of a piecewise-smooth function of one variable: monotonicity
(possibly across jumps) and the order of continuity C^k.

A function is strictly increasing on an open piece when its derivative
there is >= 0 and not identically 0 (an analytic derivative then vanishes
only at isolated points); across a breakpoint it must not step down. A sign
change of the derivative, verified at two points, settles "none" without an
exact bound.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal

import sympy
from sympy import Expr, S, Symbol

from symact.calculus import derivative
from symact.calculus.breakpoints import Breakpoint, classify_breakpoints
from symact.calculus.extrema import bound_sign, infimum, supremum
from symact.calculus.limits import limit
from symact.calculus.pieces import (
    Piece,
    branch_at,
    continuous_domain,
    expand_definitions,
    is_zero,
    pieces,
)
from symact.calculus.signs import sign_at
from symact.errors import AnalysisError

__all__ = ["Monotonicity", "continuity_order", "monotonicity"]

Monotonicity = Literal[
    "increasing", "nondecreasing", "decreasing", "nonincreasing", "constant", "none"
]
MAX_CONTINUITY_ORDER = 8


def _sample_points(piece: Piece) -> list[Expr]:
    a, b = piece.interval.start, piece.interval.end
    if a.is_finite and b.is_finite:
        return [a + (b - a) * sympy.Rational(k, 10) for k in range(1, 10)]
    if a.is_finite:
        return [a + sympy.Rational(v) for v in ("1/100", "1/10", "1/2", "1", "2", "5", "10", "30")]
    if b.is_finite:
        return [b - sympy.Rational(v) for v in ("1/100", "1/10", "1/2", "1", "2", "5", "10", "30")]
    return [
        sympy.Rational(v)
        for v in ("-30", "-10", "-5", "-2", "-1", "-1/2", "0", "1/2", "1", "2", "5", "10", "30")
    ]


def _piece_direction(piece: Piece, x: Symbol) -> str:
    slope = sympy.diff(piece.expr, x)
    if is_zero(slope) is True:
        return "constant"
    signs = {sign_at(slope, {x: p}) for p in _sample_points(piece)}
    if 1 in signs and -1 in signs:
        return "none"
    low = bound_sign(infimum(slope, x, piece.interval))
    if low is not None and low >= 0:
        return "up"
    high = bound_sign(supremum(slope, x, piece.interval))
    if high is not None and high <= 0:
        return "down"
    if low is None or high is None:
        raise AnalysisError(f"cannot decide the sign of {slope} on {piece.interval}")
    return "none"  # inf < 0 < sup: the slope takes both signs


def _step_direction(left: Expr, value: Expr, right: Expr) -> str:
    def le(a: Expr, b: Expr) -> bool:
        sign = (
            sign_at(b - a, {}) if not (a.is_infinite or b.is_infinite) else (1 if a == b else None)
        )
        if sign is None:
            raise AnalysisError(f"cannot compare {a} and {b}")
        return sign >= 0

    chain = [left, right] if value is S.NaN else [left, value, right]
    steps = list(itertools.pairwise(chain))
    if all(le(p, q) and le(q, p) for p, q in steps):
        return "flat"
    if all(le(p, q) for p, q in steps):
        return "up"
    if all(le(q, p) for p, q in steps):
        return "down"
    return "none"


def monotonicity(expr: Expr, x: Symbol) -> Monotonicity:
    """How ``expr`` varies with ``x`` over the reals (where it is defined).

    >>> from symact import x
    >>> from symact.functions import sigmoid, relu, silu
    >>> monotonicity(sigmoid(x), x), monotonicity(relu(x), x), monotonicity(silu(x), x)
    ('increasing', 'nondecreasing', 'none')
    >>> monotonicity(relu(x).diff(x), x)   # a step up, undefined at 0
    'nondecreasing'

    Raises
    ======
    AnalysisError
        when a sign cannot be decided exactly.
    """
    found, inner = pieces(expr, x)
    directions = [_piece_direction(p, x) for p in found if p.expr is not S.NaN]
    if "none" in directions:
        return "none"
    expanded = expand_definitions(expr)
    for index, point in enumerate(inner):
        left = limit(found[index].expr, x, point, "-")
        right = limit(found[index + 1].expr, x, point, "+")
        value = branch_at(expanded, x, point).subs(x, point)
        directions.append(_step_direction(left, S.NaN if value.has(S.NaN) else value, right))
    if "none" in directions:
        return "none"
    ups = "up" in directions
    downs = "down" in directions
    if ups and downs:
        return "none"
    if ups:
        return "nondecreasing" if "constant" in directions else "increasing"
    if downs:
        return "nonincreasing" if "constant" in directions else "decreasing"
    return "constant"


def _entire(expr: Expr, x: Symbol) -> bool:
    """Built from ``x`` and numbers by ``+``, ``*``, powers with non-negative
    integer exponents, ``exp``, ``sin``, ``cos``, ``sinh`` and ``cosh``: an
    entire function (analytic on the whole complex plane)."""
    if not expr.has(x):
        return bool(expr.is_number and expr.is_finite)
    if expr == x:
        return True
    if isinstance(expr, sympy.Add | sympy.Mul):
        return all(_entire(a, x) for a in expr.args)
    if isinstance(expr, sympy.Pow):
        power = expr.exp
        return bool(power.is_Integer and power >= 0) and _entire(expr.base, x)
    if isinstance(expr, sympy.exp | sympy.sin | sympy.cos | sympy.sinh | sympy.cosh):
        return _entire(expr.args[0], x)
    return False


def _analytic_everywhere(expr: Expr, x: Symbol, points: Sequence[Breakpoint]) -> bool:
    """Whether ``expr`` is real-analytic on the reals although it has
    breakpoints: each piece is continuous, and at each (continuous) breakpoint
    both sides use the same quotient of entire functions ``P/Q``. Such a
    quotient is meromorphic; its finite limit at the point, which is the
    value there, makes the singularity removable, so ``expr`` is the analytic
    extension (``sinc`` at 0)."""
    found, _ = pieces(expr, x)
    for piece in found:
        try:
            domain = continuous_domain(piece.expr, x, piece.interval)
        except NotImplementedError:
            return False
        if domain != piece.interval:
            return False
    for point in points:
        left = branch_at(expr, x, point.point, "-")
        if not point.continuous or branch_at(expr, x, point.point, "+") != left:
            return False
        numerator, denominator = sympy.fraction(sympy.together(left))
        if not (_entire(numerator, x) and _entire(denominator, x)):
            return False
    return True


def continuity_order(expr: Expr, x: Symbol) -> int | Literal["inf"]:
    """The largest k with ``expr`` in C^k on the reals: -1 if discontinuous,
    ``"inf"`` if smooth.

    >>> from symact import x
    >>> from symact.functions import elu, relu, sigmoid
    >>> continuity_order(relu(x), x), continuity_order(elu(x, 1), x), continuity_order(elu(x, 2), x)
    (0, 1, 0)
    >>> continuity_order(sigmoid(x), x), continuity_order(relu(x)**3, x)
    ('inf', 2)
    >>> from symact.functions import sinc
    >>> continuity_order(sinc(x), x)   # a removable singularity at 0
    'inf'

    Raises
    ======
    AnalysisError
        beyond C^8 with breakpoints left, or when a breakpoint is undecidable.
    """
    current = expr
    for order in range(MAX_CONTINUITY_ORDER + 1):
        points = classify_breakpoints(current, x)
        if not points:
            domain = continuous_domain(expand_definitions(current), x, S.Reals)
            return "inf" if domain == S.Reals else order - 1
        if not all(p.continuous for p in points):
            return order - 1
        if not all(p.differentiable for p in points):
            return order
        if _analytic_everywhere(current, x, points):
            return "inf"
        current = derivative(current, x)
    raise AnalysisError(f"breakpoints remain after {MAX_CONTINUITY_ORDER} derivatives")
