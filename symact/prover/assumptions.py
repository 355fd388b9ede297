"""Assumptions of a claim: parsed relations that restrict its variables.

A relation between one variable and a number (``a > 0``, ``0 <= a <= 1``)
narrows that variable's interval; any other relation (``lower <= upper``) is
kept as a constraint that sampled points must satisfy. Proof strategies use
the intervals; counterexamples must satisfy every assumption exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy import Expr, Interval, S, Symbol

from symact.errors import ParseError
from symact.parser import Relation, parse_statement

__all__ = ["Assumptions", "parse_assumptions"]


@dataclass(frozen=True)
class Assumptions:
    """Intervals per variable name, plus general constraints."""

    texts: tuple[str, ...]
    intervals: Mapping[str, Interval]
    constraints: tuple[Relation, ...]

    def interval(self, symbol: Symbol) -> Interval:
        """The interval ``symbol`` ranges over (the reals if unconstrained)."""
        return self.intervals.get(symbol.name, Interval(S.NegativeInfinity, S.Infinity))

    def holds_at(self, point: Mapping[Symbol, Expr]) -> bool:
        """Whether every assumption holds exactly at ``point`` (names matched)."""
        by_name = {s.name: v for s, v in point.items()}
        for name, interval in self.intervals.items():
            if name in by_name and interval.contains(by_name[name]) is not S.true:
                return False
        for relation in self.constraints:
            values = {
                s: by_name[s.name] for s in relation.as_sympy().free_symbols if s.name in by_name
            }
            decided = relation.as_sympy().subs(values)
            if decided is not S.true:
                return False
        return True


def _interval_of(relation: Relation) -> tuple[str, Interval] | None:
    lhs, op, rhs = relation.lhs, relation.op, relation.rhs
    if isinstance(lhs, Symbol) and rhs.is_number and rhs.is_real:
        variable, number, flipped = lhs, rhs, False
    elif isinstance(rhs, Symbol) and lhs.is_number and lhs.is_real:
        variable, number, flipped = rhs, lhs, True
    else:
        return None
    if op in ("==", "!="):
        return None if op == "!=" else (variable.name, Interval(number, number))
    if flipped:
        op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
    oo = S.Infinity
    intervals = {
        ">": Interval.open(number, oo),
        ">=": Interval(number, oo),
        "<": Interval.open(-oo, number),
        "<=": Interval(-oo, number),
    }
    return variable.name, intervals[op]


def parse_assumptions(texts: Sequence[str]) -> Assumptions:
    """Parse assumption statements (each in the check syntax).

    >>> parse_assumptions(["0 <= a <= 1", "b > 0"]).intervals
    {'a': Interval(0, 1), 'b': Interval.open(0, oo)}

    Raises
    ======
    ParseError
        if an assumption is not a relation or cannot be parsed.
    """
    intervals: dict[str, Interval] = {}
    constraints: list[Relation] = []
    for text in texts:
        statement = parse_statement(text)
        if not statement.is_relation:
            raise ParseError("an assumption must be a relation, e.g. a > 0", statement.text, 0)
        for relation in statement.relations:
            found = _interval_of(relation)
            if found is None:
                constraints.append(relation)
                continue
            name, interval = found
            intervals[name] = intervals.get(name, Interval(-S.Infinity, S.Infinity)).intersect(
                interval
            )
            if intervals[name] is S.EmptySet or not isinstance(
                intervals[name], Interval | sympy.FiniteSet
            ):
                raise ParseError(f"the assumptions on {name} are contradictory", text, 0)
    for name, interval in list(intervals.items()):
        if isinstance(interval, sympy.FiniteSet):  # a == 3
            (value,) = interval
            intervals[name] = Interval(value, value)
    return Assumptions(tuple(texts), intervals, tuple(constraints))
