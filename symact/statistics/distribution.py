"""The distributions an expectation claim is taken over, read from text.

``"z ~ N(mu, sigma)"`` is a normal with mean mu and standard deviation sigma
(the notation's second argument is the standard deviation, not the
variance); ``"a ~ U(lower, upper)"`` a uniform. The variable is an
identifier, the arguments go through symact's safe parser: nothing is
evaluated.

>>> parse_distribution("z ~ N(0, 1)")
Distribution(variable=z, kind='normal', first=0, second=1)
>>> parse_distribution("a ~ U(1/8, 1/3)").second
1/3
>>> parse_distribution("z ~ Poisson(3)")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
symact.errors.ParameterError: distribution 'z ~ Poisson(3)': write 'NAME ~ N(mean, std)' or ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import sympy
from sympy import Expr, Symbol

from symact.errors import ParameterError

__all__ = ["Distribution", "parse_distribution"]

_FORM = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]{0,30})\s*~\s*([NU])\s*\((.*)\)\s*$")
_KINDS: dict[str, Literal["normal", "uniform"]] = {"N": "normal", "U": "uniform"}
MAX_LENGTH = 400


@dataclass(frozen=True)
class Distribution:
    """``variable`` ~ N(first, second) (mean, standard deviation) or U(first, second)."""

    variable: Symbol
    kind: Literal["normal", "uniform"]
    first: Expr
    second: Expr


def _split_arguments(text: str) -> list[str]:
    """Split at the commas outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_distribution(text: str) -> Distribution:
    """Read ``NAME ~ N(mean, std)`` or ``NAME ~ U(lower, upper)``.

    Raises
    ======
    ParameterError
        for anything else, a non-positive standard deviation or an empty
        uniform interval (when decidable).
    """
    from symact.parser import parse_expression

    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        raise ParameterError("a distribution is a short text such as 'z ~ N(0, 1)'")
    match = _FORM.match(text)
    arguments = _split_arguments(match.group(3)) if match else []
    if match is None or len(arguments) != 2:
        raise ParameterError(
            f"distribution {text!r}: write 'NAME ~ N(mean, std)' or 'NAME ~ U(lower, upper)'"
        )
    name, letter = match.group(1), match.group(2)
    first, second = (parse_expression(a.strip()) for a in arguments)
    kind = _KINDS[letter]
    if kind == "normal" and (second.is_positive is False or second.is_real is False):
        raise ParameterError(f"distribution {text!r}: the standard deviation must be positive")
    if kind == "uniform" and sympy.simplify(second - first).is_positive is False:
        raise ParameterError(f"distribution {text!r}: U(lower, upper) needs lower < upper")
    return Distribution(Symbol(name, real=True), kind, first, second)
