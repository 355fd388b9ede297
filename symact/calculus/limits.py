"""One-sided and infinite limits: cached, fast where it can be, and
cross-checked because SymPy's ``limit`` is not always right.

When ``expr`` is a rational function of ``t = exp(x/q)`` — sigmoid, tanh,
their derivatives — the limit as ``x -> +oo`` is that of a rational function
as ``t -> oo`` (``t -> 0+`` for ``-oo``): fast and exact. Everything else goes
to ``sympy.limit`` twice, on two algebraically different forms of ``expr``,
and at ±oo against the value at a far point at 50 digits; any disagreement is
an :class:`~symact.errors.AnalysisError`. (SymPy 1.14 gives 0 for the limit at
+oo of ``(x*(1 - 1/(1 + exp(-x))) + 1)/(1 + exp(-x))``, SiLU's derivative,
whose limit is 1; its ``together`` form gives 1.)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import mpmath
import sympy
from sympy import Expr, S, Symbol

from symact.calculus.expsub import exp_substitution
from symact.errors import AnalysisError
from symact.symbols import safe_lambdify

__all__ = ["limit"]


@lru_cache(maxsize=4096)
def limit(expr: Expr, x: Symbol, point: Expr, direction: str = "+") -> Expr:
    """``lim expr`` as ``x -> point`` from ``direction`` ("+" or "-"; ignored at ±oo).

    >>> from symact import x
    >>> from symact.functions import sigmoid
    >>> limit(sigmoid(x).rewrite("definition"), x, sympy.oo), limit(1/x, x, sympy.Integer(0), "-")
    (1, -oo)
    """
    if point in (S.Infinity, S.NegativeInfinity):
        form = exp_substitution(expr, [x])
        if form is not None and form.expr.is_rational_function(form.variables[x][0]):
            t = form.variables[x][0]
            target = S.Infinity if point is S.Infinity else S.Zero
            return sympy.limit(sympy.cancel(form.expr), t, target, "+" if target == 0 else "-")
    first = sympy.limit(expr, x, point, direction)
    second = sympy.limit(sympy.together(expr), x, point, direction)
    if first.has(sympy.AccumBounds) or second.has(sympy.AccumBounds):
        # SymPy's way of saying it oscillates (sin x -> AccumBounds(-1, 1)),
        # or worse (x cos x -> oo*sign(AccumBounds(-1, 1))): not a limit
        raise AnalysisError(f"no limit of {expr} as {x} -> {point} (SymPy gives {first})")
    infinite = point in (S.Infinity, S.NegativeInfinity)
    if _same(first, second):
        if infinite and not _plausible(expr, x, point, first):
            raise AnalysisError(
                f"the limit {first} of {expr} as {x} -> {point} fails a numeric check"
            )
        return first
    # SymPy disagrees with itself: accept one answer only if it is numerically
    # confirmed far out and every other answer is clearly contradicted there
    third = sympy.limit(sympy.cancel(sympy.together(expr)), x, point, direction)
    candidates = list(dict.fromkeys((first, second, third)))
    if infinite:
        confirmed = [c for c in candidates if _close(expr, x, point, c)]
        if len(confirmed) == 1:
            others = [c for c in candidates if c != confirmed[0]]
            if all(_contradicted(expr, x, point, c) for c in others):
                return confirmed[0]
    raise AnalysisError(
        f"SymPy's limits of {expr} as {x} -> {point} disagree ({first} vs {second})"
    )


def _same(a: Expr, b: Expr) -> bool:
    if a == b:
        return True
    if a.is_infinite or b.is_infinite or a.has(sympy.AccumBounds) or b.has(sympy.AccumBounds):
        return False
    return sympy.simplify(a - b) == 0


def _bounded_exp(value: Any) -> Any:
    """mpmath's exp, refusing arguments beyond 10**8: ``exp(2*exp(x))`` at
    x = 10**6 would build an integer of half a million digits, for hours."""
    if abs(value) > 10**8:
        raise OverflowError("exponent out of reach")
    return mpmath.exp(value)


def _far_value(expr: Expr, x: Symbol, at: int) -> Expr:
    """``expr`` at ``x = at`` to 50 digits, by mpmath at a fixed working
    precision (SymPy's adaptive ``evalf`` raises the precision until a
    cancellation resolves, which can take hours far out: GELU's derivative at
    x = -1000 needs over 200000 digits); ``nan`` (cannot judge) where the
    value is out of reach; SymPy's ``evalf`` only where mpmath cannot evaluate
    the expression (a catalogue function in it)."""
    try:
        function = safe_lambdify(x, expr, modules=[{"exp": _bounded_exp}, "mpmath"])
        with mpmath.workdps(60):
            value = function(mpmath.mpf(at))
        return sympy.Float(mpmath.mpf(value), 50) if mpmath.isfinite(value) else S.NaN
    except OverflowError:
        return S.NaN
    except (ArithmeticError, NameError, TypeError, ValueError):
        return sympy.N(expr.subs(x, at), 50)


def _close(expr: Expr, x: Symbol, infinity: Expr, value: Expr) -> bool:
    """A finite ``value`` the expression is within 1e-6 of at x = ±10**6 and
    ±10**7, at 50 digits: a numeric confirmation used only to break a tie
    between disagreeing symbolic limits."""
    if not value.is_finite or not value.is_real:
        return False
    sign = 1 if infinity is S.Infinity else -1
    target = sympy.N(value, 50)
    for far in (10**6, 10**7):
        number = _far_value(expr, x, sign * far)
        if not number.is_real or abs(number - target) > sympy.Float("1e-6") * (1 + abs(target)):
            return False
    return True


def _contradicted(expr: Expr, x: Symbol, infinity: Expr, value: Expr) -> bool:
    """``value`` is clearly not the limit: at x = ±10**6 and ±10**7 the
    expression stays 1e-3 (relative) away from it, or, for an infinite
    ``value``, has already settled to a finite number."""
    sign = 1 if infinity is S.Infinity else -1
    samples = [_far_value(expr, x, sign * far) for far in (10**6, 10**7)]
    if not all(n.is_real and n.is_finite for n in samples):
        return False
    if value.is_infinite:
        return bool(abs(samples[0] - samples[1]) < sympy.Float("1e-6") * (1 + abs(samples[1])))
    if not value.is_real:
        return False
    target = sympy.N(value, 50)
    return all(abs(n - target) > sympy.Float("1e-3") * (1 + abs(target)) for n in samples)


def _plausible(expr: Expr, x: Symbol, infinity: Expr, value: Expr) -> bool:
    """A loose numeric check at x = ±10**3 and ±10**6: the expression must
    approach a finite limit (or grow with the right sign for an infinite one).
    Only gross errors are caught; slow convergence is never flagged."""
    sign = 1 if infinity is S.Infinity else -1
    samples = []
    for far in (10**3, 10**6):
        number = _far_value(expr, x, sign * far)
        if not number.is_real or not number.is_finite:
            return True  # cannot judge numerically: the symbolic agreement stands
        samples.append(number)
    near, farther = samples
    if value.is_infinite:
        expected = 1 if value is S.Infinity else -1
        return bool(sympy.sign(farther) in (expected, 0) or abs(farther) < abs(near))
    if value.has(sympy.AccumBounds) or not value.is_real:
        return True
    target = sympy.N(value, 50)
    scale = 1 + abs(target)
    return bool(
        abs(farther - target) <= abs(near - target) + sympy.Float("1e-30")
        or abs(farther - target) < scale / 2
    )
