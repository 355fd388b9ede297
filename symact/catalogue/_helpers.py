"""Small builders shared by the catalogue entry modules."""

from __future__ import annotations

import sympy
from sympy import Expr, Piecewise, Symbol

from symact.catalogue.record import Parameter

__all__ = ["param", "size_param", "step_gradient"]


def param(
    name: str,
    default: object,
    latex: str,
    description: str,
    *,
    learnable: bool = False,
    **assumptions: bool,
) -> Parameter:
    """A value parameter whose symbol carries ``assumptions`` (default: real)."""
    assumptions = assumptions or {"real": True}
    value = None if default is None else sympy.Rational(str(default))
    return Parameter(
        name=name,
        default=value,
        symbol=Symbol(name, **assumptions),
        latex=latex,
        description=description,
        learnable=learnable,
    )


def size_param(name: str, default: int, minimum: int, description: str) -> Parameter:
    """The length of a vector activation's input (an integer >= ``minimum``)."""
    return Parameter(
        name=name,
        default=sympy.Integer(default),
        symbol=Symbol(name, integer=True, positive=True),
        latex=name,
        description=description,
        kind="size",
        minimum=minimum,
    )


def step_gradient(
    x: Expr, positive: Expr, negative: Expr, *, zero_is_positive: bool = False
) -> Expr:
    """An autograd rule ``x > 0 ? positive : negative`` (``x >= 0`` with
    ``zero_is_positive``): which branch owns the kink decides the convention."""
    condition = x >= 0 if zero_is_positive else x > 0
    return Piecewise((positive, condition), (negative, True))
