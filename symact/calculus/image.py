"""The exact image (range) of a piecewise-smooth expression in one variable.

On each open piece between breakpoints the expression is continuous, so its
image there is an interval from the piece's infimum to its supremum, closed
at an end exactly when that bound is attained. The image is the union of
those intervals and of the values at the breakpoints (and at closed ends of
the domain). A jump or an undefined point is therefore handled exactly:
``relu'`` has the image ``{0, 1}``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy
from sympy import Expr, Interval, S, Symbol

from symact.calculus.extrema import Bound, infimum, supremum
from symact.calculus.pieces import (
    Context,
    branch_at,
    breakpoints,
    expand_definitions,
    point_inside,
)

__all__ = ["Piece", "checked_points", "function_range", "pieces", "value_at"]


@dataclass(frozen=True)
class Piece:
    """An open interval on which the expression is the elementary ``expr``."""

    interval: Interval
    expr: Expr


def _as_interval(domain: sympy.Set) -> Interval:
    if domain is S.Reals:
        return Interval(S.NegativeInfinity, S.Infinity)
    if not isinstance(domain, Interval):
        raise ValueError(f"the domain must be an interval, not {domain}")
    return domain


def pieces(
    expr: Expr, x: Symbol, domain: sympy.Set = S.Reals, context: Context | None = None
) -> tuple[tuple[Piece, ...], tuple[Expr, ...]]:
    """The open pieces of ``domain`` between the breakpoints of ``expr``, with
    the elementary expression used on each, and the breakpoints themselves.
    ``context`` gives intervals for other variables that conditions may involve.

    >>> from symact import x
    >>> from symact.functions import relu6
    >>> found, points = pieces(relu6(x), x)
    >>> [(p.interval, p.expr) for p in found], points
    ([(Interval.open(-oo, 0), 0), (Interval.open(0, 6), x), (Interval.open(6, oo), 6)], (0, 6))
    """
    interval = _as_interval(domain)
    expanded = expand_definitions(expr)
    inner = tuple(
        p
        for p in breakpoints(expr, x)
        if interval.contains(p) is S.true and p not in (interval.start, interval.end)
    )
    edges = [interval.start, *inner, interval.end]
    found = tuple(
        Piece(Interval.open(a, b), branch_at(expanded, x, point_inside(a, b), context=context))
        for a, b in itertools.pairwise(edges)
        if a != b
    )
    return found, inner


def checked_points(inner: tuple[Expr, ...], domain: sympy.Set) -> tuple[Expr, ...]:
    """The points whose values a split must look at besides the open pieces:
    the inner breakpoints and the finite closed ends of ``domain``."""
    interval = _as_interval(domain)
    ends = [
        p for p in (interval.start, interval.end) if p.is_finite and interval.contains(p) is S.true
    ]
    return tuple(dict.fromkeys([*inner, *ends]))


def value_at(expr: Expr, x: Symbol, point: Expr, context: Context | None = None) -> Expr:
    """The value of ``expr`` (definitions expanded) at ``x = point``: ``nan``
    where it is undefined."""
    value = branch_at(expand_definitions(expr), x, point, context=context).subs(x, point)
    return S.NaN if value.has(S.NaN) else value


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
    interval = _as_interval(domain)
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
