"""Counterexample search: candidate points, filtered by the assumptions,
each verified by :func:`~symact.calculus.signs.fails_at`."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence

import sympy
from sympy import Expr, Interval, Rational, S, Symbol

from symact.calculus.signs import fails_at
from symact.prover.assumptions import Assumptions

__all__ = ["approaching", "find_counterexample"]

_BASE = [
    Rational(v) for v in ("0", "1", "-1", "1/2", "-1/2", "2", "-2", "3", "-3", "1/10", "-1/10")
]
_WIDE = [Rational(v) for v in ("5", "-5", "10", "-10", "20", "-20", "50", "-50", "100", "-100")]
_FAR = [Rational(v) for v in ("1000", "-1000", "10000", "-10000")]
MAX_POINTS = 400


def approaching(location: Expr, side: str = "") -> list[Expr]:
    """Points tending to ``location`` (±oo, or a number from ``side``)."""
    if location is S.Infinity:
        return [sympy.Integer(2) ** k for k in range(1, 14)]
    if location is S.NegativeInfinity:
        return [-(sympy.Integer(2) ** k) for k in range(1, 14)]
    steps = [Rational(1, 2**k) for k in range(1, 40, 3)]
    if side == "-":
        return [location - s for s in steps]
    if side == "+":
        return [location + s for s in steps]
    return [location, *(location + s for s in steps), *(location - s for s in steps)]


def _values_in(interval: Interval) -> list[Expr]:
    values = [v for v in (*_BASE, *_WIDE, *_FAR) if interval.contains(v) is S.true]
    for end, inward in ((interval.start, 1), (interval.end, -1)):
        if end.is_finite:
            for offset in ("0", "1/1000", "1/10", "1", "10"):
                v = end + inward * Rational(offset)
                if interval.contains(v) is S.true:
                    values.append(v)
    return list(dict.fromkeys(values))


def _grid(variables: Sequence[Symbol], assumptions: Assumptions) -> Iterator[dict[Symbol, Expr]]:
    axes = [_values_in(assumptions.interval(v)) for v in variables]
    product = list(itertools.product(*axes))
    if len(product) > MAX_POINTS:
        rng = random.Random(20261122)  # deterministic
        product = rng.sample(product, MAX_POINTS)
    for values in product:
        yield dict(zip(variables, values, strict=True))


def find_counterexample(
    lhs: Expr,
    op: str,
    rhs: Expr,
    variables: Sequence[Symbol],
    assumptions: Assumptions,
    hints: Iterable[Mapping[Symbol, Expr]] = (),
) -> dict[Symbol, Expr] | None:
    """A point satisfying the assumptions where ``lhs op rhs`` verifiably
    fails, trying ``hints`` first; ``None`` if none is found."""
    seen: set[tuple[Expr, ...]] = set()
    candidates = itertools.chain(hints, _grid(variables, assumptions))
    for point in candidates:
        if set(point) != set(variables):
            continue
        key = tuple(point[v] for v in variables)
        if key in seen:
            continue
        seen.add(key)
        if not assumptions.holds_at(point):
            continue
        if fails_at(lhs, op, rhs, point):
            return dict(point)
    return None
