"""Rational functions of exponentials.

The logistic family — sigmoid, tanh, softplus' — and their derivatives are
rational functions of ``t = exp(x/q)``. Substituting ``t`` turns questions
about them (is this identically zero? where does it vanish? what is its
limit?) into questions about rational functions, which SymPy answers fast,
exactly and completely. One substitution serves the prover, the extrema and
the limits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import sympy
from sympy import Expr, Symbol, exp

from symact.calculus.pieces import hyperbolic_to_exp

__all__ = ["ExpSubstitution", "exp_substitution"]


@dataclass(frozen=True)
class ExpSubstitution:
    """``expr`` rewritten with ``t_v = exp(v/q_v)`` for each variable ``v``."""

    expr: Expr
    variables: dict[Symbol, tuple[Symbol, int]]

    def describe(self) -> list[str]:
        """The substitutions made, as text: ``t_x = exp(x)``."""
        return [f"{t} = exp({v / q})" for v, (t, q) in self.variables.items()]


def exp_substitution(expr: Expr, variables: Sequence[Symbol]) -> ExpSubstitution | None:
    """``expr`` with every ``exp(c*v + d)`` (rational c) replaced by a power of
    ``t_v = exp(v/q)``; ``None`` unless that removes every variable.

    >>> from symact import x
    >>> from symact.functions import sigmoid
    >>> s = exp_substitution(sigmoid(2*x).rewrite("definition"), [x])
    >>> s.expr, s.describe()
    (1/(1 + t_x**(-2)), ['t_x = exp(x)'])
    >>> exp_substitution(x*sympy.exp(x), [x]) is None
    True
    """
    replaced = hyperbolic_to_exp(expr)
    made: dict[Symbol, tuple[Symbol, int]] = {}
    for v in variables:
        powers = [e for e in replaced.atoms(exp) if e.has(v)]
        if not powers:
            continue
        coefficients = []
        for power in powers:
            argument = sympy.expand(power.args[0])
            c = argument.coeff(v)
            if not c.is_Rational or sympy.expand(argument - c * v).has(v):
                return None
            coefficients.append(c)
        q = math.lcm(*(int(c.q) for c in coefficients))
        t = Symbol(f"t_{v.name}", positive=True)
        made[v] = (t, q)

        def substitute(power: Expr, v: Symbol = v, q: int = q, t: Symbol = t) -> Expr:
            argument = sympy.expand(power.args[0])
            c = argument.coeff(v)
            return t ** int(c * q) * exp(argument - c * v)

        replaced = replaced.replace(lambda e, v=v: isinstance(e, exp) and e.has(v), substitute)
    if not made or any(replaced.has(v) for v in variables):
        return None
    return ExpSubstitution(replaced, made)
