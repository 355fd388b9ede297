"""Every real root of a smooth function on an open interval: exact where a
closed form exists, otherwise a certified bracket.

The certificate is monotonicity. A factor ``k`` whose derivative has one
sign (by SymPy's assumptions) has at most one root; otherwise the interval is
split at the *exact* roots of ``k'`` (found recursively, at most three levels
deep), so ``k`` is monotone on each part. On a monotone part a root exists
exactly when the signs at the ends differ (verified at 50+ digits); bisection
at exact rational points then brackets it as tightly as asked. Sign-definite
factors are dropped first. Anything else raises
:class:`~symact.errors.AnalysisError`: a root is never missed silently.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import mpmath
import sympy
from mpmath.libmp import to_rational
from sympy import Expr, Interval, Rational, S, Symbol

from symact.calculus.limits import limit
from symact.calculus.pieces import hyperbolic_to_exp, is_zero, lambert_identity
from symact.calculus.signs import sign_at
from symact.errors import AnalysisError

__all__ = ["Root", "enclose", "isolate_roots"]

MAX_DEPTH = 3
BRACKET_WIDTH = Rational(1, 10**45)


@dataclass(frozen=True)
class Root:
    """A root: ``exact`` when known in closed form (then ``low == high``),
    otherwise the rational bracket ``[low, high]`` holding exactly one root."""

    exact: Expr | None
    low: Expr
    high: Expr

    @property
    def numeric(self) -> bool:
        return self.exact is None

    @property
    def point(self) -> Expr:
        """The root, or the bracket's midpoint."""
        return self.exact if self.exact is not None else (self.low + self.high) / 2


def _sign_at_end(k: Expr, x: Symbol, end: Expr, side: str) -> int | None:
    if end.is_infinite:
        value = limit(k, x, end, side)
        if value is S.Infinity:
            return 1
        if value is S.NegativeInfinity:
            return -1
        return sign_at(value, {}) if value.is_finite else None
    return sign_at(k, {x: end})


def _finite_probe(x: Symbol, k: Expr, end: Expr, towards: Expr, wanted: int) -> Expr:
    """A finite point beyond which (towards an infinite ``end``) ``k`` has
    the sign ``wanted`` of its limit there: doubling outwards."""
    step = sympy.Integer(1)
    anchor = towards if towards.is_finite else S.Zero
    direction = 1 if end is S.Infinity else -1
    for _ in range(400):
        point = anchor + direction * step
        if sign_at(k, {x: point}) == wanted:
            return point
        step *= 2
    raise AnalysisError(f"cannot bracket a root of {k} towards {end}")


def _bisect(k: Expr, x: Symbol, low: Expr, high: Expr, low_sign: int) -> Root:
    """Shrink [low, high] (k has opposite signs at the ends) around its root."""
    low, high = Rational(low), Rational(high)
    while high - low > BRACKET_WIDTH * (1 + abs(low)):
        middle = (low + high) / 2
        sign = sign_at(k, {x: middle})
        if sign is None:
            raise AnalysisError(f"cannot decide the sign of {k} at {middle}")
        if sign == 0:
            return Root(middle, middle, middle)
        if sign == low_sign:
            low = middle
        else:
            high = middle
    return Root(None, low, high)


def _polished(k: Expr, x: Symbol, low: Expr, high: Expr, low_sign: int) -> Root | None:
    """A fast bracket: mpmath's bracketing root finder locates the root at 60
    digits, then a 1e-46-wide rational bracket around it is *verified* by the
    signs at its ends (the function is monotone here, so the root is inside).
    ``None`` when anything does not check out; bisection then does the work."""
    try:
        function = sympy.lambdify(x, hyperbolic_to_exp(k), modules="mpmath")
        with mpmath.workdps(60):
            ends = (mpmath.mpf(str(sympy.N(low, 70))), mpmath.mpf(str(sympy.N(high, 70))))
            guess = mpmath.findroot(function, ends, solver="illinois", tol=mpmath.mpf(10) ** -55)
            point = Rational(mpmath.nstr(guess, 60))
    except (ValueError, ZeroDivisionError, TypeError, ArithmeticError):
        return None
    half = BRACKET_WIDTH / 2 * (1 + abs(point))
    a, b = max(Rational(low), point - half), min(Rational(high), point + half)
    if not a < b:
        return None
    if sign_at(k, {x: a}) == low_sign and sign_at(k, {x: b}) == -low_sign:
        return Root(None, a, b)
    return None


def _monotone_root(k: Expr, x: Symbol, a: Expr, b: Expr) -> list[Root]:
    """The root of ``k`` on (a, b), where ``k`` is strictly monotone."""
    interval = Interval.open(a, b)
    try:
        offered = sympy.solve(k, x)
    except NotImplementedError:  # no closed form: bracket it below
        offered = []
    for candidate in offered:
        inside = candidate.is_real is not False and interval.contains(candidate) is S.true
        if inside and is_zero(lambert_identity(k.subs(x, candidate))) is True:
            return [Root(candidate, candidate, candidate)]
    left, right = _sign_at_end(k, x, a, "+"), _sign_at_end(k, x, b, "-")
    if left is None or right is None:
        raise AnalysisError(f"cannot decide the sign of {k} at the ends of {interval}")
    if left * right >= 0:
        return []  # no sign change: no root of a monotone function inside
    low = a if a.is_finite else _finite_probe(x, k, a, b, left)
    high = b if b.is_finite else _finite_probe(x, k, b, a, right)
    if not (low.is_Rational and high.is_Rational):
        low, high = _rational_inside(low, high, a, b)
    return [_polished(k, x, low, high, left) or _bisect(k, x, low, high, left)]


def _rational_inside(low: Expr, high: Expr, a: Expr, b: Expr) -> tuple[Expr, Expr]:
    """Rational points just inside irrational ends (the signs there match)."""

    def inner(point: Expr, inward: int) -> Expr:
        if point.is_Rational:
            return point
        value = sympy.nsimplify(sympy.N(point, 60), rational=True)
        nudge = Rational(1, 10**50) * inward
        return value + nudge

    return inner(low, 1), inner(high, -1)


def _sign_definite(expr: Expr) -> bool:
    return bool(expr.is_positive or expr.is_negative)


def _factors(f: Expr, x: Symbol) -> list[Expr]:
    numerator, _ = sympy.fraction(sympy.together(hyperbolic_to_exp(f)))
    return [
        base
        for base, _ in sympy.factor_list(numerator)[1]
        if base.has(x) and not _sign_definite(base)
    ]


def isolate_roots(f: Expr, x: Symbol, interval: Interval, depth: int = 0) -> tuple[Root, ...]:
    """Every root of ``f`` in the open ``interval``, exact or bracketed.

    >>> from symact import x
    >>> [r.exact for r in isolate_roots(x**2 - 2, x, Interval(0, 5))]
    [sqrt(2)]
    >>> r, = isolate_roots(sympy.exp(x) + x, x, Interval(-5, 5))   # -W(1) exactly
    >>> r.exact
    -LambertW(1)

    Raises
    ======
    AnalysisError
        if the roots cannot be found or certified completely.
    """
    if is_zero(f) is True:
        raise AnalysisError(f"{f} vanishes identically on {interval}")
    found = sympy.solveset(f, x, interval)
    if isinstance(found, sympy.FiniteSet):
        return tuple(Root(r, r, r) for r in sorted(found, key=lambda r: sympy.N(r, 30)))
    roots: list[Root] = []
    for k in _factors(f, x):
        roots += _factor_roots(k, x, interval, depth)
    return tuple(sorted(roots, key=lambda r: sympy.N(r.point, 30)))


def _factor_roots(k: Expr, x: Symbol, interval: Interval, depth: int) -> list[Root]:
    a, b = interval.start, interval.end
    slope = sympy.diff(k, x)
    if _sign_definite(slope):
        return _monotone_root(k, x, a, b)
    if depth >= MAX_DEPTH:
        raise AnalysisError(f"cannot certify the roots of {k} on {interval}")
    turning = isolate_roots(slope, x, interval, depth + 1)
    if any(r.numeric for r in turning):
        raise AnalysisError(f"the turning points of {k} on {interval} have no closed form")
    edges = [a, *(r.exact for r in turning), b]
    roots = []
    for left, right in itertools.pairwise(edges):
        roots += _monotone_root(k, x, left, right)
    for r in turning:  # a turning point may itself be a root
        if is_zero(lambert_identity(k.subs(x, r.exact))) is True:
            roots.append(Root(r.exact, r.exact, r.exact))
    return roots


def _exact(raw: tuple[int, int, int, int]) -> Expr:
    """A binary mpmath number as the exact rational it is (signed: mpmath's
    ``man_exp`` would drop the sign)."""
    numerator, denominator = to_rational(raw)
    return Rational(numerator, denominator)


def _integer_powers_as_products(expr: Expr) -> Expr:
    """``b**n`` as ``b*b*...*b`` (and ``1/(...)`` for negative n): mpmath's
    interval power takes a logarithm and fails for negative bases."""

    def expand(power: sympy.Pow) -> Expr:
        base, n = power.args
        product = sympy.Mul(*([base] * abs(int(n))), evaluate=False)
        return product if n > 0 else sympy.Pow(product, -1, evaluate=False)

    return expr.replace(
        lambda e: isinstance(e, sympy.Pow) and e.exp.is_Integer and 1 < abs(int(e.exp)) <= 64,
        expand,
    )


def enclose(expr: Expr, x: Symbol, low: Expr, high: Expr, digits: int = 50) -> tuple[Expr, Expr]:
    """A rigorous enclosure of ``expr`` over ``[low, high]`` by interval
    arithmetic (mpmath.iv), as exact rationals ``(lower, upper)``.

    >>> from symact import x
    >>> lo, hi = enclose(sympy.exp(x), x, Rational(0), Rational(1, 10**40))
    >>> lo <= 1 <= hi, float(hi - lo) < 1e-39
    (True, True)
    """
    elementary = _integer_powers_as_products(hyperbolic_to_exp(expr))
    namespace = {
        "exp": mpmath.iv.exp,
        "log": mpmath.iv.log,
        "sqrt": mpmath.iv.sqrt,
        "mpf": mpmath.iv.mpf,  # constants become (point) intervals too
        "pi": mpmath.iv.pi,
        "e": mpmath.iv.e,
    }
    function = sympy.lambdify(x, elementary, modules=[namespace, "mpmath"])
    saved = mpmath.iv.dps
    mpmath.iv.dps = digits + 10
    try:
        # the ends, widened by their decimal rounding
        pad = Rational(1, 10 ** (digits + 15))
        ends = [str(sympy.N(low - pad, digits + 20)), str(sympy.N(high + pad, digits + 20))]
        try:
            value = mpmath.iv.mpf(function(mpmath.iv.mpf(ends)))
        except (ValueError, TypeError, ZeroDivisionError, ArithmeticError) as error:
            raise AnalysisError(f"interval arithmetic failed on {expr}: {error}") from None
        lower, upper = (_exact(end) for end in value._mpi_)
    finally:
        mpmath.iv.dps = saved
    if not (lower <= upper):
        raise AnalysisError(f"interval arithmetic failed on {expr}")
    return lower, upper
