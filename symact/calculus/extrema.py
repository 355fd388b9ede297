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

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import sympy
from sympy import Expr, Interval, S, Symbol, exp

from symact.calculus.expsub import exp_substitution
from symact.calculus.limits import limit
from symact.calculus.oscillation import (
    PERIOD_INDEX,
    TRIGONOMETRIC,
    oscillating,
    period,
    progression_limits,
    tail_enclosure,
)
from symact.calculus.pieces import (
    Piece,
    as_interval,
    checked_points,
    continuous_domain,
    expand_definitions,
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
#: cut-offs X tried in turn on a piece with infinitely many critical points:
#: (a, X) is searched, the tail [X, oo) bounded by interval arithmetic
TAIL_CUTOFFS = (16, 64)


@dataclass(frozen=True)
class Candidate:
    """A value the bound is chosen from.

    A critical point with no closed form carries an ``enclosure``.
    ``kind`` is ``"critical point"``, ``"breakpoint"``, ``"endpoint"`` (a
    closed end of the interval), ``"cut-off point"`` (where a tail is cut
    off) — all attained at ``location`` — or ``"constant piece"`` (attained
    on the whole open interval ``location``), or ``"limit"`` (approached as
    ``x`` tends to ``location`` from ``side``), or ``"tail"``: every value on
    the unbounded interval ``location`` lies in ``enclosure``.
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
        return self.kind not in ("limit", "tail")

    def __str__(self) -> str:
        return self.text()

    def text(self, variable: str = "x") -> str:
        """The candidate in words, naming the variable ``variable``."""
        if self.kind == "tail":
            low, high = self.bounds
            return f"tail {variable} in {self.location}: values in [{low}, {high}]"
        if self.kind == "limit":
            arrow = {"+": "+", "-": "-"}.get(self.side, "")
            where = str(self.location) if self.location.is_infinite else f"{self.location}{arrow}"
            return f"limit as {variable} -> {where}: {self.value}"
        if self.kind == "constant piece":
            return f"constant on {variable} in {self.location}: {self.value}"
        return f"{self.kind} {variable} = {self.location}: {self.value}"


def representative(location: Expr | sympy.Set) -> Expr:
    """A point of ``location``: itself (with ``k = 0`` in a periodic family
    ``p + k T``), or one inside an interval.

    >>> representative(Interval.open(-sympy.oo, 0)), representative(Interval.open(0, 6))
    (-1, 3)
    """
    if not isinstance(location, sympy.Set):
        return location.subs(PERIOD_INDEX, 0)
    return point_inside(location.inf, location.sup)


@dataclass(frozen=True)
class Bound:
    """An exact infimum or supremum.

    ``attained`` tells whether some point of the interval reaches ``value``;
    ``where`` lists those points found (critical points, breakpoints,
    endpoints), or, when not attained, where the value is approached.
    ``candidates`` is the certificate: every value considered; ``reduction``
    says how the domain was reduced first, if it was (a period, evenness).
    A location with the integer ``k`` (:data:`~symact.calculus.oscillation.PERIOD_INDEX`)
    stands for every integer ``k``.
    """

    value: Expr
    attained: bool
    where: tuple[Expr, ...]
    candidates: tuple[Candidate, ...]
    enclosure: tuple[Expr, Expr] | None = None
    reduction: str = ""

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
    # -f has the critical points of f: the supremum's search reuses the infimum's
    return _zeros(min(slope, -slope, key=sympy.default_sort_key), x, interval)


@lru_cache(maxsize=256)
def _zeros(slope: Expr, x: Symbol, interval: Interval) -> tuple[Root, ...]:
    """The zeros of ``slope`` in the open ``interval`` (:func:`critical_points`)."""
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


def _critical_candidates(body: Expr, x: Symbol, interval: Interval) -> list[Candidate]:
    """The values of ``body`` at its critical points inside ``interval``."""
    candidates = []
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


def _end_candidates(body: Expr, x: Symbol, interval: Interval) -> tuple[list[Candidate], bool]:
    """The one-sided limits at the ends of ``interval``, and whether all were
    found. At an infinite end with no limit (``x cos x``), the infinite limits
    along progressions ``x0 + k T`` stand in: values approached, not attained."""
    candidates = []
    found = True
    for end, side in ((interval.start, "+"), (interval.end, "-")):
        try:
            candidates.append(Candidate("limit", end, limit(body, x, end, side), side))
        except AnalysisError:
            if end.is_finite:
                raise
            found = False
            candidates += [
                Candidate("limit", end, value, side)
                for _, value in progression_limits(body, x, end)
                if value.is_infinite
            ]
    return list(dict.fromkeys(candidates)), found


def _cut(interval: Interval, cutoff: int, direction: int) -> Expr:
    """Where the tail towards ``+oo`` (``direction`` 1) or ``-oo`` (-1) of
    ``interval`` begins: ``cutoff`` beyond its other end, or beyond 0."""
    if direction > 0:
        a = interval.start
        return (sympy.Max(a, 0) if a.is_finite else S.Zero) + cutoff
    b = interval.end
    return (sympy.Min(b, 0) if b.is_finite else S.Zero) - cutoff


def _tail_candidates(
    body: Expr, x: Symbol, interval: Interval, cutoff: int
) -> tuple[list[Candidate], str | None]:
    """An oscillating piece split at cut-offs ``X``: its critical points on
    the bounded part, its values at the cut-offs, and an interval-arithmetic
    enclosure of each infinite tail (``[X, oo)``); a reason if incomplete."""
    a, b = interval.start, interval.end
    left = a if a.is_finite else _cut(interval, cutoff, -1)
    right = b if b.is_finite else _cut(interval, cutoff, 1)
    cuts = [(c, s) for c, s, end in ((left, -1, a), (right, 1, b)) if end.is_infinite]
    candidates = [Candidate("cut-off point", c, _value(body.subs(x, c))) for c, _ in cuts]
    gap = None
    try:
        candidates += _critical_candidates(body, x, Interval.open(left, right))
    except AnalysisError as error:
        gap = str(error)
    for cut, direction in cuts:
        infinity = S.Infinity if direction > 0 else S.NegativeInfinity
        try:
            low, high = tail_enclosure(body, x, cut, infinity)
        except AnalysisError as error:
            gap = gap or str(error)
            continue
        tail = Interval(cut, infinity) if direction > 0 else Interval(infinity, cut)
        finite = [e for e in (low, high) if e.is_finite]
        middle = sum(finite, S.Zero) / len(finite) if finite else S.Zero
        candidates.append(
            Candidate("tail", tail, sympy.Float(middle, NUMERIC_DIGITS), enclosure=(low, high))
        )
    return candidates, gap


@lru_cache(maxsize=1024)
def _piece_candidates(
    piece: Piece, x: Symbol, cutoff: int
) -> tuple[tuple[Candidate, ...], str | None]:
    """The candidates of one piece, and the reason they are incomplete (a
    piece with infinitely many critical points and no bound on its tail),
    when they are: then only an infinite bound can be trusted. Cached: the
    pieces of ``[0, oo)`` and of the reals share ``(0, oo)``."""
    candidates, gap = _piece_search(piece, x, cutoff)
    return tuple(candidates), gap


def _piece_search(piece: Piece, x: Symbol, cutoff: int) -> tuple[list[Candidate], str | None]:
    interval, body = piece.interval, piece.expr
    a, b = interval.start, interval.end
    if body is S.NaN or body.has(S.NaN):
        raise AnalysisError(f"the expression is undefined on {interval}")
    continuous = continuous_domain(body, x, interval)
    if continuous != interval:
        raise AnalysisError(f"{body} is not continuous on {interval}")
    candidates, limits_found = _end_candidates(body, x, interval)
    values = {c.value for c in candidates}
    if S.Infinity in values and S.NegativeInfinity in values:
        return candidates, None  # unbounded both ways: nothing inside matters
    if is_zero(sympy.diff(body, x)) is True:
        # constant on the piece: attained everywhere on it
        value = _value(body.subs(x, point_inside(a, b)))
        candidates.append(Candidate("constant piece", interval, value))
        return candidates, None
    bounded = a.is_finite and b.is_finite
    slope = sympy.diff(body, x)
    if not bounded and oscillating(slope, x):
        # sin, cos of x in the slope: typically infinitely many critical
        # points, which no root search over the unbounded piece can list
        reason = f"{slope} oscillates on {interval}"
    else:
        try:
            critical = _critical_candidates(body, x, interval)
            if limits_found:
                return candidates + critical, None
            reason = f"{body} has no limit found at an end of {interval}"
        except AnalysisError as error:
            reason = str(error)
    if bounded:
        return candidates, reason
    tails, gap = _tail_candidates(body, x, interval, cutoff)
    return candidates + tails, gap


@dataclass(frozen=True)
class _Search:
    """Every candidate value over a domain; ``gaps`` say why some piece's
    are incomplete, ``tails`` whether a tail enclosure stands in for some."""

    candidates: tuple[Candidate, ...]
    gaps: tuple[str, ...]
    tails: bool


@lru_cache(maxsize=1024)
def _all_candidates(expr: Expr, x: Symbol, domain: Interval, cutoff: int) -> _Search:
    found, inner = pieces(expr, x, domain)
    candidates: list[Candidate] = []
    gaps: list[str] = []
    for piece in found:
        values, gap = _piece_candidates(piece, x, cutoff)
        candidates += values
        gaps += [gap] if gap is not None else []
    for point in checked_points(inner, domain):
        value = value_at(expr, x, point)
        if value is S.NaN or value.has(S.ComplexInfinity):
            raise AnalysisError(f"{expr} is undefined at x = {point}")
        kind = "breakpoint" if point in inner else "endpoint"
        candidates.append(Candidate(kind, point, _value(value)))
    tails = any(c.kind == "tail" for c in candidates)
    return _Search(tuple(candidates), tuple(gaps), tails)


def _below(a: Candidate, b: Candidate) -> bool | None:
    """Whether a's value is certainly <= b's (None: cannot tell). Against a
    tail's enclosure only a strict separation counts."""
    if a.value.is_infinite or b.value.is_infinite:
        return bool(a.value == b.value or a.value is S.NegativeInfinity or b.value is S.Infinity)
    if not (a.numeric or b.numeric):
        return None
    strict = "tail" in (a.kind, b.kind)
    if a.bounds[1] < b.bounds[0] or (not strict and a.bounds[1] == b.bounds[0]):
        return True
    if a.bounds[0] > b.bounds[1]:
        return False
    return None


class _TailNotSeparated(AnalysisError):
    """A tail enclosure overlaps the best candidate: a later cut-off may help."""

    def __init__(self, message: str, tail: Candidate) -> None:
        super().__init__(message)
        self.tail = tail


def _check_separated(best: Candidate, other: Candidate, lowest: bool) -> None:
    """Raise unless ``best`` certainly beats (or ties) the numeric ``other``."""
    beaten = _below(best, other) if lowest else _below(other, best)
    if beaten is True:
        return
    if other.kind == "tail":
        low, high = other.bounds
        raise _TailNotSeparated(
            f"cannot separate {best.value} from the tail x in {other.location} "
            f"(values in [{low}, {high}])",
            other,
        )
    raise AnalysisError(f"cannot separate {best.value} from the certified value {other.value}")


def _select(search: _Search, lowest: bool) -> Bound:
    """The least (or greatest) candidate value, and whether it is attained."""
    candidates = search.candidates
    sign = 1 if lowest else -1

    def key(candidate: Candidate) -> sympy.Float | float:
        return sign * _order_key(candidate.value)

    best = min(candidates, key=key)
    if search.gaps and best.value != sign * S.NegativeInfinity:
        raise AnalysisError(search.gaps[0])
    if best.kind == "tail":
        raise _TailNotSeparated(f"the bound may lie on the tail {best.location}", best)
    if best.numeric:
        for other in candidates:
            if other is not best:
                _check_separated(best, other, lowest)
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
            _check_separated(best, candidate, lowest)
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


def _whole_line(interval: Interval) -> bool:
    return interval.start is S.NegativeInfinity and interval.end is S.Infinity


def _is_even(expr: Expr, x: Symbol) -> bool:
    """Whether ``expr`` (definitions expanded) is proven even by simplification."""
    difference = sympy.piecewise_fold(expr.subs(x, -x) - expr)
    if isinstance(difference, sympy.Piecewise):
        return all(is_zero(branch) is True for branch, _ in difference.args)
    return is_zero(difference) is True


def _periodic_bound(expr: Expr, x: Symbol, lowest: bool) -> Bound | None:
    """The bound over the reals of a function with a (verified) period T:
    the bound over [0, T], attained at ``p + k T`` for every integer ``k``."""
    expanded = expand_definitions(expr)
    if not expanded.has(*TRIGONOMETRIC):
        return None
    step = period(expanded, x)
    if step is None:
        return None
    try:
        bound = _bound(expr, x, Interval(0, step), lowest)
    except AnalysisError:
        return None
    where = []
    for point in bound.where:
        if isinstance(point, sympy.Set) or not point.is_finite:
            return None
        start = S.Zero if is_zero(point - step) is True else point
        where.append(start + step * PERIOD_INDEX)
    return Bound(
        bound.value,
        bound.attained,
        tuple(dict.fromkeys(where)),
        bound.candidates,
        bound.enclosure,
        f"f(x + {step}) = f(x): the bound over [0, {step}], repeated with period {step}",
    )


def _even_bound(expr: Expr, x: Symbol, lowest: bool) -> Bound | None:
    """The bound over the reals of an even function: its bound over
    ``[0, oo)``, attained (or approached) at the mirror images too."""
    if not _is_even(expand_definitions(expr), x):
        return None
    try:
        bound = _bound(expr, x, Interval(0, S.Infinity), lowest)
    except AnalysisError:
        return None
    where: list[Expr | sympy.Set] = []
    for point in bound.where:
        if isinstance(point, sympy.Interval):
            mirror: Expr | sympy.Set = Interval(
                -point.end, -point.start, point.right_open, point.left_open
            )
        elif isinstance(point, sympy.Set):
            return None
        else:
            mirror = -point
        where += [mirror, point]
    return Bound(
        bound.value,
        bound.attained,
        tuple(dict.fromkeys(where)),
        bound.candidates,
        bound.enclosure,
        "f(-x) = f(x): the bound over [0, oo), mirrored",
    )


def _narrower_tail(expr: Expr, x: Symbol, interval: Interval, tail: Candidate, cutoff: int) -> bool:
    """Whether the tail a farther ``cutoff`` leaves is enclosed more tightly
    than ``tail`` (``sin(x)/x``: yes; ``sin(x) + sin(sqrt(2) x)``: no, and
    then searching a longer bounded part is wasted)."""
    assert isinstance(tail.location, Interval)
    towards_oo = tail.location.end is S.Infinity
    infinity = S.Infinity if towards_oo else S.NegativeInfinity
    found, _ = pieces(expr, x, interval)
    piece = found[-1] if towards_oo else found[0]
    start = _cut(piece.interval, cutoff, 1 if towards_oo else -1)
    try:
        low, high = tail_enclosure(piece.expr, x, start, infinity)
    except AnalysisError:
        return False
    old_low, old_high = tail.bounds
    return bool((high - low).is_finite and high - low < old_high - old_low)


def _bound(expr: Expr, x: Symbol, interval: Interval, lowest: bool) -> Bound:
    """The infimum (``lowest``) or supremum over ``interval``: the candidates
    of each piece, with a farther tail cut-off when a tail is too wide, and
    over the reals the reductions of periodic and even functions."""
    if _whole_line(interval):
        periodic = _periodic_bound(expr, x, lowest)  # tails never separate from one
        if periodic is not None:
            return periodic
    failure: AnalysisError | None = None
    for cutoff, farther in itertools.zip_longest(TAIL_CUTOFFS, TAIL_CUTOFFS[1:]):
        try:
            return _select(_all_candidates(expr, x, interval, cutoff), lowest)
        except _TailNotSeparated as error:
            failure = failure or error
            if farther is None or not _narrower_tail(expr, x, interval, error.tail, farther):
                break
        except AnalysisError as error:
            failure = failure or error
            break
    if _whole_line(interval):
        even = _even_bound(expr, x, lowest)
        if even is not None:
            return even
    assert failure is not None
    raise failure


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
    return _bound(expr, x, as_interval(domain), lowest=True)


def supremum(expr: Expr, x: Symbol, domain: sympy.Set = S.Reals) -> Bound:
    """The exact supremum of ``expr`` over ``domain``.

    >>> from symact import x
    >>> from symact.functions import sigmoid
    >>> b = supremum(sigmoid(x) * (1 - sigmoid(x)), x)
    >>> b.value, b.attained, b.where
    (1/4, True, (0,))
    """
    return _bound(expr, x, as_interval(domain), lowest=False)
