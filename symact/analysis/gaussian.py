"""Expectations under a standard Gaussian input, z ~ N(0, 1).

The notes call an activation zero-centred when its mean output E[f(z)] is
0 — tanh is, sigmoid (mean 1/2), relu and elu are not — which is more than
f(0) = 0. Symmetry decides it exactly where it can (f odd; f - f(0) odd);
otherwise the integral is taken exactly piece by piece, and failing that
numerically with mpmath, where only a value far above the quadrature error
counts as nonzero.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import sympy
from sympy import Expr, Integral, S, Symbol, exp, pi, sqrt

from symact.calculus.pieces import pieces
from symact.calculus.signs import sign_of
from symact.symbols import safe_lambdify

__all__ = ["gaussian_mean", "is_zero_centered"]


def _density(x: Symbol) -> Expr:
    return exp(-(x**2) / 2) / sqrt(2 * pi)


def gaussian_mean(expr: Expr, x: Symbol) -> Expr | None:
    """E[f(z)] for z ~ N(0, 1), exactly, or ``None`` if SymPy finds no closed form.

    >>> from symact import x
    >>> from symact.functions import relu
    >>> gaussian_mean(relu(x), x)
    sqrt(2)/(2*sqrt(pi))
    """
    total = S.Zero
    found, _ = pieces(expr, x)
    for piece in found:
        a, b = piece.interval.start, piece.interval.end
        part = sympy.integrate(piece.expr * _density(x), (x, a, b))
        if part.has(Integral) or part.has(S.NaN):
            return None
        total += part
    return sympy.simplify(total)


def _endpoint(value: Expr) -> mpmath.mpf:
    if value.is_infinite:
        return mpmath.inf if value.is_extended_positive else -mpmath.inf
    return mpmath.mpf(str(sympy.N(value, 45)))


#: the quadrature ignores |z| > FAR, where the density is below 1e-889 (an
#: activation there can be out of mpmath's reach: tanh(exp(z)) at z = 1e30
#: runs for hours); only a function growing like exp(z**2/2) could notice
FAR = 64


def _truncated(f: Callable[[mpmath.mpf], mpmath.mpf]) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """``f`` on ``[-FAR, FAR]``, 0 outside."""

    def inside(z: mpmath.mpf) -> mpmath.mpf:
        return f(z) if abs(z) <= FAR else mpmath.mpf(0)

    return inside


def _numeric_mean(expr: Expr, x: Symbol) -> tuple[mpmath.mpf, mpmath.mpf]:
    """E[f(z)] by mpmath quadrature, piece by piece, with its error estimate.
    (Names in ``expr`` are parser-validated identifiers, safe for lambdify.)"""
    found, _ = pieces(expr, x)
    total, error = mpmath.mpf(0), mpmath.mpf(0)
    with mpmath.workdps(40):
        for piece in found:
            f = _truncated(safe_lambdify(x, piece.expr * _density(x), modules="mpmath"))
            a, b = _endpoint(piece.interval.start), _endpoint(piece.interval.end)
            value, err = mpmath.quad(f, [a, b], error=True)
            total += value
            error += err
    return total, error


def is_zero_centered(expr: Expr, x: Symbol) -> bool | None:
    """Whether E[f(z)] = 0 for z ~ N(0, 1); ``None`` if undecided.

    >>> from symact import x
    >>> from symact.functions import sigmoid, relu
    >>> is_zero_centered(sympy.tanh(x), x), is_zero_centered(sigmoid(x), x)
    (True, False)
    >>> is_zero_centered(relu(x), x)
    False
    """
    from symact.prover.assumptions import parse_assumptions
    from symact.prover.deadline import Deadline
    from symact.prover.equality import prove_equal

    reflected = expr.subs(x, -x)
    nothing, forever = parse_assumptions(()), Deadline(None)
    if prove_equal(reflected, -expr, [x], nothing, forever) is not None:
        return True  # odd: the mean of an odd function under a symmetric density is 0
    at_zero = expr.subs(x, 0)
    at_zero_sign = sign_of(sympy.simplify(at_zero)) if at_zero.is_finite else None
    if (
        at_zero_sign
        and prove_equal(reflected - at_zero, at_zero - expr, [x], nothing, forever) is not None
    ):
        return False  # f - f(0) is odd, so the mean is f(0) != 0
    value, error = _numeric_mean(expr, x)
    if abs(value) > 1000 * error + mpmath.mpf(10) ** -25:
        return False  # far above the quadrature error: certainly nonzero
    exact = gaussian_mean(expr, x)
    if exact is not None:
        sign = sign_of(exact)
        if sign is not None:
            return sign == 0
    return None
