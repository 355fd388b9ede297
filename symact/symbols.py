"""The symbols symact builds with, and the conversion of Python numbers to
exact SymPy numbers (decimals are exact rationals: ``0.01`` is ``1/100``)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction
from numbers import Rational as _RationalABC
from typing import Any

import sympy
from sympy import Expr

from symact.errors import ParameterError

__all__ = ["as_argument", "exact", "parse_number", "safe_lambdify", "vector_symbols", "x"]

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


def as_argument(value: object, *, what: str = "argument") -> Expr:
    """A function argument as a SymPy expression: SymPy objects as they are,
    Python ints exactly, floats as SymPy floats (numeric evaluation). Text is
    refused — it is never parsed here.

    >>> as_argument(2), as_argument(0.5)
    (2, 0.500000000000000)
    >>> as_argument("x")
    Traceback (most recent call last):
    ...
    symact.errors.ParameterError: argument must be a number or a SymPy expression, not str
    """
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise ParameterError(
            f"{what} must be a number or a SymPy expression, not {type(value).__name__}"
        )
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(f"{what} must be finite, got {value}")
        return sympy.Float(value)
    return exact(value, what=what)


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
        fraction = Fraction(value)
        return sympy.Rational(fraction.numerator, fraction.denominator)
    raise ParameterError(f"{what} must be a number, not {type(value).__name__}")


_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_FRACTION = re.compile(r"^[+-]?[0-9]+/[0-9]+$")
MAX_NUMBER_LENGTH = 100
MAX_EXPONENT = 400


def parse_number(text: str, *, what: str = "value") -> Expr:
    """Read a number written as an integer, a decimal, ``1e-6`` or ``p/q``,
    exactly (``0.01`` is ``1/100``). Nothing else is accepted: the text is
    matched, never evaluated, and its size is bounded.

    >>> parse_number("0.01"), parse_number("-3/4"), parse_number("2.5e-3")
    (1/100, -3/4, 1/400)
    >>> parse_number("1e999999")
    Traceback (most recent call last):
    ...
    symact.errors.ParameterError: value: exponent 999999 is too large (at most 400)
    """
    stripped = text.strip()
    if len(stripped) > MAX_NUMBER_LENGTH:
        raise ParameterError(f"{what}: number longer than {MAX_NUMBER_LENGTH} characters")
    if _FRACTION.match(stripped):
        numerator, denominator = stripped.split("/")
        if int(denominator) == 0:
            raise ParameterError(f"{what}: division by zero in {stripped!r}")
        return sympy.Rational(int(numerator), int(denominator))
    if not _NUMBER.match(stripped):
        raise ParameterError(
            f"{what}: expected a number such as 2, 0.01, 1e-3 or 1/3, got {text!r}"
        )
    mantissa, _, exponent = stripped.lower().partition("e")
    if exponent and abs(int(exponent)) > MAX_EXPONENT:
        raise ParameterError(
            f"{what}: exponent {int(exponent)} is too large (at most {MAX_EXPONENT})"
        )
    fraction = Fraction(mantissa) * Fraction(10) ** int(exponent or 0)
    return sympy.Rational(fraction.numerator, fraction.denominator)


def safe_lambdify(args: sympy.Symbol | Sequence[sympy.Symbol], expr: Expr, modules: Any) -> Any:
    """``sympy.lambdify(args, expr, modules)`` with the variables renamed
    ``_arg0, _arg1, ...`` first (assumptions kept). SymPy prints names
    verbatim into the code it generates; a user's variable may be any
    identifier (``mpf``, ``iv``, ``exp_``), and one that matches a name of the
    modules would shadow it there. The parser's identifiers start with a
    letter, so these reserved names never collide with one.

    >>> import mpmath
    >>> mpf = sympy.Symbol("mpf", real=True)
    >>> safe_lambdify(mpf, sympy.exp(mpf) / 2, "mpmath")(mpmath.mpf(0))
    mpf('0.5')
    """
    variables = [args] if isinstance(args, sympy.Basic) else list(args)
    renamed = {v: sympy.Symbol(f"_arg{i}", **v.assumptions0) for i, v in enumerate(variables)}
    # any other symbol is no argument: a reserved name too, so that it stays a
    # symbol (lambdify defines the free symbols) and never meets a module's name
    others = sorted(expr.free_symbols - set(variables), key=str)
    renamed.update({s: sympy.Symbol(f"_free{i}") for i, s in enumerate(others)})
    names = [renamed[v] for v in variables]
    body = expr.xreplace(renamed)
    return sympy.lambdify(names[0] if isinstance(args, sympy.Basic) else names, body, modules)
