"""``symact range``: the exact range of an expression in one variable over
an interval, with where its extrema are attained."""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import Expr, S, Symbol

from symact.analysis.properties import Extremum
from symact.calculus.extrema import infimum, supremum
from symact.calculus.image import function_range
from symact.errors import AnalysisError

__all__ = ["RangeReport", "range_report"]


@dataclass(frozen=True)
class RangeReport:
    """The range of ``expression`` for ``variable`` in ``domain``."""

    expression: Expr
    variable: Symbol | None
    domain: sympy.Set
    range: sympy.Set
    minimum: Extremum | None
    maximum: Extremum | None


def range_report(expr: Expr, x: Symbol | None = None, domain: sympy.Set = S.Reals) -> RangeReport:
    """The exact range and extrema of ``expr`` over ``domain``.

    >>> from symact import x
    >>> from symact.functions import sigmoid
    >>> r = range_report(sigmoid(x)*(1 - sigmoid(x)))
    >>> r.range, r.maximum
    (Interval.Lopen(0, 1/4), Extremum(value=1/4, attained=True, where=(0,)))

    Raises
    ======
    AnalysisError
        for more than one variable, or when a bound cannot be found exactly.
    """
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if x is None and len(free) > 1:
        raise AnalysisError(
            f"expected an expression in one variable, got {', '.join(map(str, free))}"
        )
    x = x if x is not None else (free[0] if free else None)
    if x is None:  # a constant
        value = sympy.simplify(expr)
        point = Extremum(value, True, ())
        return RangeReport(expr, None, domain, sympy.FiniteSet(value), point, point)
    low, high = infimum(expr, x, domain), supremum(expr, x, domain)
    return RangeReport(
        expr,
        x,
        domain,
        function_range(expr, x, domain),
        Extremum(low.value, low.attained, low.where),
        Extremum(high.value, high.attained, high.where),
    )
