"""Oscillating expressions: periods, limits along arithmetic progressions,
and rigorous bounds on tails.

``sin(x)``, ``x cos(x)`` or ``sin(x)/x`` have infinitely many critical
points, so the extrema method of :mod:`symact.calculus.extrema` cannot list
them. Three sound arguments replace the list:

* **periodicity** — a period ``T``, verified by simplifying
  ``f(x + T) - f(x)`` to 0, reduces the reals to ``[0, T]``;
* **progressions** — when every trigonometric part of ``f`` has an argument
  linear in ``x`` and they share a period ``T``, then along ``x = x0 + k T``
  (``k`` an integer) each of them is the constant it is at ``x0``, so
  ``f(x0 + k T)`` is a trig-free expression in ``k``; its limit as
  ``k -> ±oo`` (taken over the reals, which gives the limit over the
  integers when it exists) is exact. One progression tending to ``±oo``
  proves ``f`` unbounded; two with different limits prove that ``f`` has
  no limit;
* **tails** — interval arithmetic over ``[X, oo)`` (sine and cosine taking
  their values in [-1, 1]) bounds ``sin(x)/x`` by ``1/X`` there, so a
  candidate extremum found on ``(0, X)`` that beats the whole tail is global.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import sympy
from mpmath.libmp import finf, fnan, fninf, to_rational
from sympy import Expr, Piecewise, Rational, S, Symbol

from symact.calculus.limits import limit
from symact.calculus.pieces import hyperbolic_to_exp, is_zero
from symact.calculus.signs import sign_of
from symact.errors import AnalysisError
from symact.symbols import safe_lambdify

__all__ = [
    "PERIOD_INDEX",
    "no_limit_witness",
    "oscillating",
    "period",
    "progression_limits",
    "tail_enclosure",
]

TRIGONOMETRIC = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)
#: The integer ``k`` in locations that repeat with a period (``pi/2 + 2 pi k``).
PERIOD_INDEX = Symbol("k", integer=True)
#: Progressions start at ``j T / OFFSETS`` for ``j = 0 .. OFFSETS - 1``.
OFFSETS = 8


def oscillating(expr: Expr, x: Symbol) -> bool:
    """Whether ``expr`` has a trigonometric function of ``x`` in it.

    >>> from symact import x
    >>> oscillating(sympy.cos(x)/x, x), oscillating(sympy.tanh(x), x)
    (True, False)
    """
    return any(part.has(x) for part in expr.atoms(*TRIGONOMETRIC))


def _verified_period(expr: Expr, x: Symbol, candidate: Expr | None) -> Expr | None:
    """``candidate`` if it is a positive number with ``f(x + T) == f(x)``
    proven by simplification, else ``None``."""
    if candidate is None or not candidate.is_number or candidate.is_positive is not True:
        return None
    if is_zero(expr.subs(x, x + candidate) - expr) is not True:
        return None
    return candidate


def period(expr: Expr, x: Symbol) -> Expr | None:
    """A period of the elementary ``expr`` in ``x`` (SymPy's ``periodicity``,
    then verified), or ``None``.

    >>> from symact import x
    >>> period(sympy.sin(x), x), period(1 + 2*sympy.sin(x)*sympy.cos(x), x), period(x, x)
    (2*pi, pi, None)
    """
    if expr.has(Piecewise) or not expr.has(*TRIGONOMETRIC) or x not in expr.free_symbols:
        return None
    try:
        candidate = sympy.periodicity(expr, x)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    return _verified_period(expr, x, candidate)


def _trigonometric_parts(expr: Expr, x: Symbol) -> tuple[Expr, ...] | None:
    """The trigonometric parts of ``expr`` in ``x``; ``None`` unless each has
    an argument ``a x + b`` with numbers ``a, b``."""
    parts = tuple(p for p in expr.atoms(*TRIGONOMETRIC) if p.has(x))
    for part in parts:
        argument = sympy.expand(part.args[0])
        slope = argument.coeff(x)
        rest = sympy.expand(argument - slope * x)
        if not (slope.is_number and slope != 0) or rest.has(x) or not rest.is_number:
            return None
    return parts


def _progression_period(expr: Expr, x: Symbol) -> tuple[Expr, tuple[Expr, ...]] | None:
    """A common period of the trigonometric parts of ``expr`` (each verified)
    and the parts; ``None`` if there are none or no common period is found."""
    parts = _trigonometric_parts(expr, x)
    if not parts:
        return None
    try:
        candidate = sympy.periodicity(sympy.Add(*parts), x)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    if candidate is None:
        return None
    if any(_verified_period(p, x, candidate) is None for p in parts):
        return None
    return candidate, parts


def _along(expr: Expr, x: Symbol, parts: tuple[Expr, ...], start: Expr, step: Expr) -> Expr:
    """``expr`` at ``x = start + step`` where the trigonometric ``parts`` are
    periodic with period ``step``'s unit: each part takes its value at ``start``."""
    constants = {p: p.subs(x, start) for p in parts}
    return expr.xreplace(constants).subs(x, start + step)


def progression_limits(expr: Expr, x: Symbol, infinity: Expr) -> tuple[tuple[Expr, Expr], ...]:
    """``(x0, L)`` pairs: ``f(x0 + k T) -> L`` as the integer ``k -> ±oo``
    (the sign of ``infinity``), for ``x0 = j T / 8``; empty when the
    trigonometric parts share no period (or there are none).

    >>> from symact import x
    >>> [value for _, value in progression_limits(x*sympy.cos(x), x, sympy.oo)][:3]
    [oo, oo, 0]
    """
    if expr.has(Piecewise):
        return ()
    found = _progression_period(hyperbolic_to_exp(expr), x)
    if found is None:
        return ()
    step, parts = found
    k = sympy.Dummy("k", positive=True)  # real stand-in for the integer index
    direction = 1 if infinity is S.Infinity else -1
    results = []
    for j in range(OFFSETS):
        start = step * j / OFFSETS
        along = _along(hyperbolic_to_exp(expr), x, parts, start, direction * k * step)
        if along.has(S.NaN, S.ComplexInfinity) or (along.has(*TRIGONOMETRIC) and along.has(k)):
            continue
        try:
            value = limit(along, k, S.Infinity)
        except (AnalysisError, NotImplementedError, ValueError, TypeError):
            continue
        if value.is_extended_real and value.is_number and not value.has(sympy.AccumBounds):
            results.append((start, value))
    return tuple(results)


def _differ(a: Expr, b: Expr) -> bool:
    if a.is_infinite or b.is_infinite:
        return bool(a != b)
    return sign_of(a - b) not in (0, None)


def no_limit_witness(
    expr: Expr, x: Symbol, infinity: Expr
) -> tuple[tuple[Expr, Expr], tuple[Expr, Expr]] | None:
    """Two progressions ``x0 + k T`` along which ``expr`` tends to different
    limits as ``x -> infinity`` (proof that it has no limit), or ``None``.

    >>> from symact import x
    >>> no_limit_witness(sympy.sin(x), x, sympy.oo)
    ((0, 0), (pi/4, sqrt(2)/2))
    """
    found = progression_limits(expr, x, infinity)
    for first in found:
        for second in found:
            if _differ(first[1], second[1]):
                return first, second
    return None


#: the functions :func:`tail_enclosure` evaluates with interval arithmetic
_INTERVAL_SAFE = (sympy.exp, sympy.log, sympy.sin, sympy.cos)


def _interval_functions() -> dict[str, Callable[..., object]]:
    iv = mpmath.iv
    return {
        "exp": iv.exp,
        "log": iv.log,
        "sqrt": iv.sqrt,
        "sin": iv.sin,
        "cos": iv.cos,
        "mpf": iv.mpf,
        "pi": iv.pi,
        "e": iv.e,
    }


def _end(raw: tuple[int, int, int, int]) -> Expr:
    """A binary interval end (mpmath's raw form) as an exact rational, or ``±oo``."""
    if raw == finf:
        return S.Infinity
    if raw == fninf:
        return S.NegativeInfinity
    if raw == fnan:
        raise AnalysisError("interval arithmetic gave nan")
    numerator, denominator = to_rational(raw)
    return Rational(numerator, denominator)


def _enclose_form(form: Expr, x: Symbol, start: Expr, infinity: Expr) -> tuple[Expr, Expr]:
    """Interval arithmetic on one algebraic form over the tail."""
    from symact.calculus.roots import _integer_powers_as_products

    elementary = _integer_powers_as_products(hyperbolic_to_exp(form))
    unsupported = {type(f) for f in elementary.atoms(sympy.Function)} - set(_INTERVAL_SAFE)
    if unsupported:
        # mpmath's point functions must never see an interval
        names = ", ".join(sorted(getattr(f, "__name__", str(f)) for f in unsupported))
        raise AnalysisError(f"no interval arithmetic for {names}")
    function = safe_lambdify(x, elementary, modules=[_interval_functions(), "mpmath"])
    saved = mpmath.iv.dps
    mpmath.iv.dps = 30
    try:
        # the start widened outwards by its decimal rounding
        pad = Rational(1, 10**30) * (1 if infinity is S.Infinity else -1)
        edge = str(sympy.N(start - pad, 40))
        ends = [edge, "+inf"] if infinity is S.Infinity else ["-inf", edge]
        try:
            value = mpmath.iv.mpf(function(mpmath.iv.mpf(ends)))
        except (ValueError, TypeError, ZeroDivisionError, ArithmeticError) as error:
            raise AnalysisError(f"interval arithmetic failed on {form}: {error}") from None
        low, high = value._mpi_
    finally:
        mpmath.iv.dps = saved
    return _end(low), _end(high)


def tail_enclosure(expr: Expr, x: Symbol, start: Expr, infinity: Expr) -> tuple[Expr, Expr]:
    """A rigorous enclosure ``(low, high)`` of the values of ``expr`` for
    ``x`` in ``[start, oo)`` (``(-oo, start]`` when ``infinity`` is ``-oo``),
    by interval arithmetic; ends may be ``±oo``. Interval arithmetic depends
    on the form (``(x cos x - sin x)/x**2`` gives ``(-oo, oo)``, its expansion
    ``cos(x)/x - sin(x)/x**2`` a tight bound): the enclosures of the
    expression and its expansion are intersected.

    >>> from symact import x
    >>> low, high = tail_enclosure(sympy.sin(x)/x, x, sympy.Integer(16), sympy.oo)
    >>> float(low), float(high)   # +-1/16
    (-0.0625, 0.0625)
    >>> wide = (x*sympy.cos(x) - sympy.sin(x))/x**2
    >>> [float(e) for e in tail_enclosure(wide, x, sympy.Integer(16), sympy.oo)]  # +-17/256
    [-0.06640625, 0.06640625]

    Raises
    ======
    AnalysisError
        when interval arithmetic cannot evaluate ``expr`` there.
    """
    forms = list(dict.fromkeys([expr, sympy.expand(expr)]))
    enclosures = []
    failure: AnalysisError | None = None
    for form in forms:
        try:
            enclosures.append(_enclose_form(form, x, start, infinity))
        except AnalysisError as error:
            failure = failure or error
    if not enclosures:
        assert failure is not None
        raise failure
    low = max(e[0] for e in enclosures)
    high = min(e[1] for e in enclosures)
    return low, high
