"""Exact infimum and supremum of a piecewise-smooth expression in one
variable over an interval.

The method is the textbook one, made exact and honest about its limits:
split the interval at the breakpoints; on each open piece the expression is
elementary and continuous, so its infimum is the least of its one-sided limits
at the piece's ends and its values at the critical points inside; add the
values at the breakpoints and at closed ends. The critical points must be
found *completely* (``solveset`` over the piece, or a rational equation after
substituting ``t = exp(x/q)``); when they cannot be, the method raises
:class:`~symact.errors.AnalysisError` rather than risk a wrong bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import sympy
from sympy import Expr, Interval, S, Symbol, exp

from symact.calculus.expsub import exp_substitution
from symact.calculus.limits import limit
from symact.calculus.pieces import (
    Piece,
    as_interval,
    checked_points,
    is_zero,
    lambert_identity,
    pieces,
    point_inside,
    value_at,
)
from symact.calculus.roots import Root, enclose, isolate_roots
from symact.calculus.signs import sign_of
from symact.errors import AnalysisError

__all__ = ["Bound", "Candidate", "bound_sign", "infimum", "representative", "supremum"]

PRECISION = 60  # digits used to order candidate values before exact comparison
NUMERIC_DIGITS = 35  # digits shown of a certified numeric value


@dataclass(frozen=True)
class Candidate:
    """A value the bound is chosen from.

    A critical point with no closed form carries an ``enclosure``.
    ``kind`` is ``"critical point"``, ``"breakpoint"``, ``"endpoint"`` (a
    closed end of the interval) — all attained at ``location`` — or
    ``"constant piece"`` (attained on the whole open interval ``location``),
    or ``"limit"`` (approached as ``x`` tends to ``location`` from ``side``).
    """

    kind: str
    location: Expr | sympy.Set
    value: Expr
    side: str = ""
    enclosure: tuple[Expr, Expr] | None = None

    @property
    def numeric(self) -> bool:
        """True for a critical point with no closed form: ``location`` is the
        midpoint of a certified bracket and ``value`` lies in ``enclosure``."""
        return self.enclosure is not None

    @property
    def bounds(self) -> tuple[Expr, Expr]:
        """Exact lower and upper bounds of ``value``."""
        return self.enclosure if self.enclosure is not None else (self.value, self.value)

    @property
    def attained(self) -> bool:
        return self.kind != "limit"

    def __str__(self) -> str:
        if self.kind == "limit":
            arrow = {"+": "+", "-": "-"}.get(self.side, "")
            where = str(self.location) if self.location.is_infinite else f"{self.location}{arrow}"
            return f"limit as x -> {where}: {self.value}"
        if self.kind == "constant piece":
            return f"constant on x in {self.location}: {self.value}"
        return f"{self.kind} x = {self.location}: {self.value}"


def representative(location: Expr | sympy.Set) -> Expr:
    """A point of ``location``: itself, or one inside an interval.

    >>> representative(Interval.open(-sympy.oo, 0)), representative(Interval.open(0, 6))
    (-1, 3)
    """
    if not isinstance(location, sympy.Set):
        return location
    return point_inside(location.inf, location.sup)


@dataclass(frozen=True)
class Bound:
    """An exact infimum or supremum.

    ``attained`` tells whether some point of the interval reaches ``value``;
    ``where`` lists those points found (critical points, breakpoints,
    endpoints), or, when not attained, where the value is approached.
    ``candidates`` is the certificate: every value considered.
    """

    value: Expr
    attained: bool
    where: tuple[Expr, ...]
    candidates: tuple[Candidate, ...]
    enclosure: tuple[Expr, Expr] | None = None

    @property
    def numeric(self) -> bool:
        """True when ``value`` is a certified numeric value (35 digits) lying in
        the exact rational ``enclosure``, not a closed form."""
        return self.enclosure is not None


def bound_sign(bound: Bound) -> int | None:
    """The sign of a bound's value: from its enclosure when numeric (``None``
    if the enclosure straddles 0), else decided exactly or at 50+ digits."""
    if bound.enclosure is not None:
        low, high = bound.enclosure
        return 1 if low > 0 else -1 if high < 0 else None
    return sign_of(bound.value)


def _numeric(value: Expr) -> float:
    if value is S.Infinity:
        return math.inf
    if value is S.NegativeInfinity:
        return -math.inf
    number = sympy.N(value, PRECISION)
    if not number.is_real:
        raise AnalysisError(f"candidate value {value} is not real")
    return float(number)


def _order_key(value: Expr) -> sympy.Float | float:
    if value.is_infinite:
        return _numeric(value)
    return sympy.N(value, PRECISION)


def critical_points(expr: Expr, x: Symbol, interval: Interval) -> tuple[Root, ...]:
    """Every zero of ``d expr/dx`` in the open ``interval``: exact where a
    closed form exists, a certified bracket otherwise.

    A derivative rational in ``exp(x/q)`` is solved as a polynomial in that
    exponential; everything else goes to :func:`~symact.calculus.roots.isolate_roots`.

    Raises
    ======
    AnalysisError
        if the zeros cannot be found or certified completely.
    """
    slope = sympy.diff(expr, x)
    form = exp_substitution(slope, [x])
    if form is not None:
        t, q = form.variables[x]
        numerator, _ = sympy.fraction(sympy.together(form.expr))
        low = S.Zero if interval.start is S.NegativeInfinity else exp(interval.start / q)
        high = S.Infinity if interval.end is S.Infinity else exp(interval.end / q)
        roots = sympy.solveset(numerator, t, Interval.open(low, high))
        if isinstance(roots, sympy.FiniteSet):
            exact = (sympy.simplify(q * sympy.log(r)) for r in roots)
            return tuple(Root(r, r, r) for r in exact)
    return isolate_roots(slope, x, interval)


def _value(expr: Expr) -> Expr:
    """An exact candidate value in its simplest form found."""
    if expr.has(sympy.LambertW):
        expr = lambert_identity(expr)
    return sympy.simplify(expr)


def _piece_candidates(piece: Piece, x: Symbol) -> list[Candidate]:
    interval, body = piece.interval, piece.expr
    a, b = interval.start, interval.end
    if body is S.NaN or body.has(S.NaN):
        raise AnalysisError(f"the expression is undefined on {interval}")
    continuous = sympy.calculus.util.continuous_domain(body, x, interval)
    if continuous != interval:
        raise AnalysisError(f"{body} is not continuous on {interval}")
    candidates = [
        Candidate("limit", a, limit(body, x, a, "+"), "+"),
        Candidate("limit", b, limit(body, x, b, "-"), "-"),
    ]
    if is_zero(sympy.diff(body, x)) is True:
        # constant on the piece: attained everywhere on it
        value = _value(body.subs(x, point_inside(a, b)))
        candidates.append(Candidate("constant piece", interval, value))
        return candidates
    for root in critical_points(body, x, interval):
        if root.exact is not None:
            value = _value(body.subs(x, root.exact))
            candidates.append(Candidate("critical point", root.exact, value))
            continue
        low, high = enclose(body, x, root.low, root.high)
        middle = sympy.Float((low + high) / 2, NUMERIC_DIGITS)
        location = sympy.Float(root.point, NUMERIC_DIGITS)
        candidates.append(Candidate("critical point", location, middle, enclosure=(low, high)))
    return candidates


@lru_cache(maxsize=1024)
def _all_candidates(expr: Expr, x: Symbol, domain: Interval) -> tuple[Candidate, ...]:
    found, inner = pieces(expr, x, domain)
    candidates: list[Candidate] = []
    for piece in found:
        candidates += _piece_candidates(piece, x)
    for point in checked_points(inner, domain):
        value = value_at(expr, x, point)
        if value is S.NaN or value.has(S.ComplexInfinity):
            raise AnalysisError(f"{expr} is undefined at x = {point}")
        kind = "breakpoint" if point in inner else "endpoint"
        candidates.append(Candidate(kind, point, _value(value)))
    return tuple(candidates)


def _below(a: Candidate, b: Candidate) -> bool | None:
    """Whether a's value is certainly <= b's (None: cannot tell)."""
    if a.value.is_infinite or b.value.is_infinite:
        return bool(a.value == b.value or a.value is S.NegativeInfinity or b.value is S.Infinity)
    if not (a.numeric or b.numeric):
        return None
    if a.bounds[1] <= b.bounds[0]:
        return True
    if a.bounds[0] > b.bounds[1]:
        return False
    return None


def _select(candidates: tuple[Candidate, ...], lowest: bool) -> Bound:
    """The least (or greatest) candidate value, and whether it is attained."""
    sign = 1 if lowest else -1

    def key(candidate: Candidate) -> sympy.Float | float:
        return sign * _order_key(candidate.value)

    best = min(candidates, key=key)
    if best.numeric:
        for other in candidates:
            if other is best:
                continue
            beaten = _below(best, other) if lowest else _below(other, best)
            if beaten is not True:
                raise AnalysisError(
                    f"cannot separate the certified value {best.value} from {other.value}"
                )
        return Bound(best.value, True, (best.location,), candidates, best.enclosure)
    best_key = _order_key(best.value)
    tolerance = (
        sympy.Float(10) ** (10 - PRECISION) * (1 + abs(best_key))
        if not best.value.is_infinite
        else 0
    )
    ties = []
    for candidate in candidates:
        if candidate.numeric:
            separated = _below(best, candidate) if lowest else _below(candidate, best)
            if separated is not True:
                raise AnalysisError(
                    f"cannot separate {best.value} from the certified value {candidate.value}"
                )
            continue
        if candidate.value.is_infinite or best.value.is_infinite:
            if candidate.value == best.value:
                ties.append(candidate)
            continue
        if abs(_order_key(candidate.value) - best_key) > tolerance:
            continue
        decided = is_zero(candidate.value - best.value)
        if decided is None:
            raise AnalysisError(f"cannot decide whether {candidate.value} == {best.value}")
        if decided:
            ties.append(candidate)
    attained = [c for c in ties if c.attained]
    chosen = attained or ties
    where = tuple(dict.fromkeys(c.location for c in chosen))
    return Bound(best.value, bool(attained), where, candidates)


def infimum(expr: Expr, x: Symbol, domain: sympy.Set = S.Reals) -> Bound:
    """The exact infimum of ``expr`` over ``domain`` (an interval).

    >>> from symact import x
    >>> from symact.functions import sigmoid, relu6
    >>> b = infimum(sigmoid(x), x)
    >>> b.value, b.attained, b.where
    (0, False, (-oo,))
    >>> infimum(relu6(x) - x, x).value
    -oo
    >>> infimum(x**2 - 2*x, x).where
    (1,)

    Raises
    ======
    AnalysisError
        if a breakpoint or critical point cannot be found exactly, or the
        expression is undefined or discontinuous inside a piece.
    """
    return _select(_all_candidates(expr, x, as_interval(domain)), lowest=True)


def supremum(expr: Expr, x: Symbol, domain: sympy.Set = S.Reals) -> Bound:
    """The exact supremum of ``expr`` over ``domain``.

    >>> from symact import x
    >>> from symact.functions import sigmoid
    >>> b = supremum(sigmoid(x) * (1 - sigmoid(x)), x)
    >>> b.value, b.attained, b.where
    (1/4, True, (0,))
    """
    return _select(_all_candidates(expr, x, as_interval(domain)), lowest=False)
