"""The symbols symact builds with, and the conversion of Python numbers to
exact SymPy numbers (decimals are exact rationals: ``0.01`` is ``1/100``)."""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Rational as _RationalABC

import sympy
from sympy import Expr

from symact.errors import ParameterError

__all__ = ["exact", "vector_symbols", "x"]

#: The real variable activations are applied to by default.
x: sympy.Symbol = sympy.Symbol("x", real=True)


def vector_symbols(n: int, name: str = "z") -> tuple[sympy.Symbol, ...]:
    """``n`` real symbols ``z1 ... zn`` (1-based, as in the formulas).

    >>> vector_symbols(3)
    (z1, z2, z3)
    """
    if n < 1:
        raise ParameterError(f"a vector needs at least one component, got {n}")
    return tuple(sympy.Symbol(f"{name}{i}", real=True) for i in range(1, n + 1))


def exact(value: object, *, what: str = "value") -> Expr:
    """Convert a Python or SymPy number to an exact SymPy expression.

    Floats become the rational of their shortest decimal representation, so a
    user who writes ``0.01`` gets exactly ``1/100``. ``nan``, infinities,
    booleans, strings and other objects are refused (text is never sympified).

    >>> exact(0.01), exact(2), exact(Fraction(1, 8))
    (1/100, 2, 1/8)
    >>> exact("1/3")
    Traceback (most recent call last):
    ...
    symact.errors.ParameterError: value must be a number, not str
    """
    if isinstance(value, bool) or value is None:
        raise ParameterError(f"{what} must be a number, not {type(value).__name__}")
    if isinstance(value, Expr):
        if value.has(sympy.nan, sympy.zoo):
            raise ParameterError(f"{what} must be a finite number, got {value}")
        return value
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(f"{what} must be a finite number, got {value}")
        return sympy.Rational(repr(value))
    if isinstance(value, Fraction | _RationalABC):
        fraction = Fraction(value)  # type: ignore[arg-type]
        return sympy.Rational(fraction.numerator, fraction.denominator)
    raise ParameterError(f"{what} must be a number, not {type(value).__name__}")
