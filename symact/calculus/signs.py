"""Verified evaluation: does a relation fail at a point?

Trust rule 3: a counterexample must still fail when re-evaluated with
mpmath at 50+ significant digits. The difference of the two sides is
evaluated at 50 digits, then at twice that, escalating (up to 800 digits) while
the margin is too small to be resolved; a failure counts only when two
consecutive precisions agree on a sign that is far above their noise, or when
the difference is exactly zero.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy import Expr, S, Symbol

from symact.calculus.pieces import is_zero

__all__ = ["PRECISIONS", "fails_at", "sign_at", "sign_of"]

PRECISIONS = (50, 100, 200, 400, 800)
#: a value with fewer bits (about 10 digits) is SymPy's "precision lost"
IMPRECISE_BITS = 33


def _value(expr: Expr, dps: int) -> sympy.Float | None:
    number = sympy.N(expr, dps)
    if number.has(S.NaN, S.ComplexInfinity) or not number.is_real or not number.is_finite:
        return None
    return number


def sign_at(expr: Expr, point: Mapping[Symbol, Expr]) -> int | None:
    """The sign (-1, 0, 1) of ``expr`` at ``point``, decided exactly or at
    escalating precision; ``None`` if undefined there or undecidable."""
    exact = expr.subs(point)
    if exact.has(S.NaN, S.ComplexInfinity) or exact.has(sympy.Derivative):
        return None
    if exact.is_Rational:
        return int(sympy.sign(exact))
    # numerically first: deciding an exact zero (SymPy's simplify, or its
    # assumptions' own evalf) can take minutes on a tiny nonzero value, and is
    # needed only where the value stays in the noise at two precisions
    noisy = 0
    previous: int | None = None
    for dps in PRECISIONS:
        value = _value(exact, dps)
        if value is None:
            return None
        noise = sympy.Float(10, dps) ** (15 - dps)
        # SymPy returns a float of a few bits when a sum cancelled beyond the
        # precision it tried (``0.e+274`` for exp(1000) - exp(1000) evaluated
        # through a function's evalf): its sign means nothing
        lost = isinstance(value, sympy.Float) and value._prec < IMPRECISE_BITS
        if lost or abs(value) <= noise:
            noisy += 1
            if noisy == 2 and exact.count_ops() < 400 and is_zero(exact) is True:
                return 0
            previous = None
            continue
        sign = 1 if value > 0 else -1
        if previous == sign:
            return sign
        previous = sign
    return None


def sign_of(value: Expr) -> int | None:
    """The sign of a constant (``oo`` and ``-oo`` included), or ``None``."""
    if value is S.Infinity:
        return 1
    if value is S.NegativeInfinity:
        return -1
    return sign_at(value, {})


def fails_at(lhs: Expr, op: str, rhs: Expr, point: Mapping[Symbol, Expr]) -> bool:
    """True only if ``lhs op rhs`` verifiably fails at ``point``.

    >>> from symact import x
    >>> from symact.functions import sigmoid
    >>> fails_at(sigmoid(x), "<=", 1 - sympy.Rational(1, 10**20), {x: 50})
    True
    >>> fails_at(sigmoid(x), "<=", 1 - sympy.Rational(1, 10**20), {x: 40})
    False
    """
    sign = sign_at(lhs - rhs, point)
    if sign is None:
        return False
    failing = {
        "==": sign != 0,
        "!=": sign == 0,
        "<": sign >= 0,
        "<=": sign > 0,
        ">": sign <= 0,
        ">=": sign < 0,
    }
    return failing[op]
