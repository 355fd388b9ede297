"""The exact image (range) of a piecewise-smooth expression in one variable.

On each open piece between breakpoints the expression is continuous, so its
image there is an interval from the piece's infimum to its supremum, closed
at an end exactly when that bound is attained. The image is the union of
those intervals and of the values at the breakpoints (and at closed ends of
the domain). A jump or an undefined point is therefore handled exactly:
``relu'`` has the image ``{0, 1}``.
"""

from __future__ import annotations

import sympy
from sympy import Expr, Interval, S, Symbol

from symact.calculus.extrema import Bound, infimum, supremum
from symact.calculus.pieces import as_interval, checked_points, pieces, value_at

__all__ = ["function_range"]


def _piece_image(low: Bound, high: Bound) -> sympy.Set:
    if low.value == high.value:
        return sympy.FiniteSet(low.value)
    return Interval(low.value, high.value, left_open=not low.attained, right_open=not high.attained)


def function_range(expr: Expr, x: Symbol, domain: sympy.Set = S.Reals) -> sympy.Set:
    """The exact set of values ``expr`` takes for ``x`` in ``domain``.

    >>> from symact import x
    >>> from symact.functions import sigmoid, relu, relu6, silu, elu
    >>> function_range(sigmoid(x), x), function_range(sigmoid(x)*(1 - sigmoid(x)), x)
    (Interval.open(0, 1), Interval.Lopen(0, 1/4))
    >>> function_range(relu6(x), x), function_range(elu(x, 2), x)
    (Interval(0, 6), Interval.open(-2, oo))
    >>> function_range(relu(x).diff(x), x)
    {0, 1}
    >>> function_range(silu(x), x)
    Interval(-LambertW(exp(-1)), oo)

    Raises
    ======
    AnalysisError
        when an infimum or supremum cannot be found exactly.
    """
    interval = as_interval(domain)
    found, inner = pieces(expr, x, interval)
    parts: list[sympy.Set] = []
    for piece in found:
        if piece.expr is S.NaN or piece.expr.has(S.NaN):
            continue
        parts.append(
            _piece_image(
                infimum(piece.expr, x, piece.interval), supremum(piece.expr, x, piece.interval)
            )
        )
    for point in checked_points(inner, interval):
        value = value_at(expr, x, point)
        if value is S.NaN or not value.is_finite:
            continue
        parts.append(sympy.FiniteSet(sympy.simplify(value)))
    return sympy.Union(*parts) if parts else S.EmptySet
