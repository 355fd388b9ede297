"""Interval notation for range claims: ``[0, 1/4]``, ``(0, oo)``, ``{0, 1}``
and unions of them with ``U``. Endpoints go through the statement parser."""

from __future__ import annotations

import sympy

from symact.errors import ParseError
from symact.parser import parse_expression

__all__ = ["parse_interval"]


def _one(text: str) -> sympy.Set:
    text = text.strip()
    if len(text) < 2:
        raise ParseError(
            f"expected an interval such as [0, 1/4] or {{0, 1}}, got {text!r}", text, 0
        )
    if text[0] == "{" and text[-1] == "}":
        inner = text[1:-1].strip()
        items = [] if not inner else [parse_expression(item) for item in inner.split(",")]
        return sympy.FiniteSet(*items)
    if text[0] not in "([" or text[-1] not in ")]":
        raise ParseError(f"expected an interval such as [0, 1/4] or (0, oo), got {text!r}", text, 0)
    inner = text[1:-1]
    if inner.count(",") != 1:
        raise ParseError(f"an interval has two endpoints separated by a comma: {text!r}", text, 0)
    low_text, high_text = inner.split(",")
    low, high = parse_expression(low_text), parse_expression(high_text)
    if (
        not (low.is_extended_real and high.is_extended_real)
        or not low.is_number
        or not high.is_number
    ):
        raise ParseError(f"interval endpoints must be real numbers: {text!r}", text, 0)
    return sympy.Interval(low, high, left_open=text[0] == "(", right_open=text[-1] == ")")


def parse_interval(text: str) -> sympy.Set:
    """Parse interval notation into a SymPy set.

    >>> parse_interval("(0, 1/4]"), parse_interval("[0, oo)"), parse_interval("{0, 1}")
    (Interval.Lopen(0, 1/4), Interval(0, oo), {0, 1})
    >>> parse_interval("(-oo, 0) U {2}")
    Union({2}, Interval.open(-oo, 0))
    """
    if not isinstance(text, str) or len(text) > 500:
        raise ParseError("an interval is a short text such as [0, 1/4]")
    pieces = list(text.split(" U "))
    return sympy.Union(*(_one(piece) for piece in pieces))
