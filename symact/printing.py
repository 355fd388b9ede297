"""symact's LaTeX printing: SymPy's, with catalogue parameters under their
conventional names (``negative_slope`` prints as ``a``, ``alpha`` as
``\\alpha``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy
from sympy import Basic, Symbol

__all__ = ["interval_text", "latex", "set_text", "value_text"]


@lru_cache(maxsize=1)
def _parameter_names() -> dict[Symbol, str]:
    from symact.catalogue import CATALOGUE

    return {p.symbol: p.latex for record in CATALOGUE for p in record.parameters}


def latex(expr: Basic, **settings: Any) -> str:
    r"""LaTeX for ``expr``, parameters written as in the papers.

    >>> import symact
    >>> elu = symact.get("elu")
    >>> print(latex(elu.expr(symbolic=True)))
    \operatorname{ELU}_{\alpha}\left(x\right)
    >>> print(latex(symact.get("leaky_relu").expr(symbolic=True)))
    \operatorname{LeakyReLU}_{a}\left(x\right)
    """
    names = dict(_parameter_names())
    names.update(settings.pop("symbol_names", {}))
    return str(sympy.latex(expr, symbol_names=names, **settings))


def interval_text(interval: sympy.Set) -> str:
    """An interval in the usual notation, endpoints as SymPy ``str()``.

    >>> from sympy import Interval, oo, Rational
    >>> interval_text(Interval.Lopen(0, Rational(1, 4))), interval_text(Interval(0, oo))
    ('(0, 1/4]', '[0, oo)')
    >>> interval_text(sympy.S.Reals)
    '(-oo, oo)'
    """
    if interval == sympy.S.Reals:
        return "(-oo, oo)"
    if isinstance(interval, sympy.Interval):
        left = "(" if interval.left_open or interval.start.is_infinite else "["
        right = ")" if interval.right_open or interval.end.is_infinite else "]"
        return f"{left}{interval.start}, {interval.end}{right}"
    return str(interval)


def set_text(value: sympy.Set) -> str:
    """A set of reals in the usual notation: intervals, ``{0, 1}``, unions with ``U``.

    >>> from sympy import Interval, FiniteSet, Union, oo
    >>> set_text(FiniteSet(0, 1)), set_text(Union(Interval.open(-oo, 0), FiniteSet(2)))
    ('{0, 1}', '(-oo, 0) U {2}')
    """
    if isinstance(value, sympy.FiniteSet):
        return "{" + ", ".join(str(v) for v in sorted(value, key=lambda v: float(sympy.N(v)))) + "}"
    if isinstance(value, sympy.Union):
        parts = sorted(value.args, key=lambda part: float(sympy.N(part.inf)))
        return " U ".join(set_text(part) for part in parts)
    if value is sympy.S.EmptySet:
        return "{}"
    return interval_text(value)


def value_text(value: sympy.Basic) -> str:
    """A value as SymPy ``str()``, with ``nan`` written ``undefined``."""
    return "undefined" if value is sympy.S.NaN else str(value)


def rounded(expr: Basic, digits: int = 6) -> Basic:
    """``expr`` with every Float shown to ``digits`` significant digits
    (certified 35-digit values are too long for a table cell).

    >>> rounded(sympy.Interval(sympy.Float("-0.09983932012886691695818", 30), 1))
    Interval(-0.0998393, 1)
    """
    floats = {f: sympy.Float(f, digits) for f in expr.atoms(sympy.Float)}
    return expr.xreplace(floats) if floats else expr
