"""Numeric-only SymPy functions: forms that evaluate accurately but are not
catalogue activations.

:func:`stable_form <symact.numeric.stable.stable_form>` rewrites expressions
into these, next to SymPy's own :class:`~sympy.codegen.cfunctions.log1p` and
:class:`~sympy.codegen.cfunctions.expm1`. Each is exact mathematics (its
``rewrite("definition")`` is elementary), so a rewritten expression still
means what the original meant.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Expr, Function, S, erfc, exp, pi, sqrt
from sympy.core.evalf import prec_to_dps
from sympy.core.function import ArgumentIndexError

__all__ = ["ndtr"]


class ndtr(Function):
    r"""The standard normal distribution function :math:`\Phi`.

    .. math:: \Phi(x) = \tfrac12 \operatorname{erfc}\!\left(-x/\sqrt2\right),
              \qquad \Phi'(x) = e^{-x^2/2}/\sqrt{2\pi}

    Written as ``ndtr(x)`` so that its argument is ``x`` itself: evaluating
    ``erfc(-x/sqrt(2))`` first rounds ``x/sqrt(2)``, an error the steep tail
    of erfc magnifies by about ``x**2``.

    >>> from symact import x
    >>> ndtr(x).rewrite("definition")    # SymPy writes erfc(-z) as 2 - erfc(z)
    1 - erfc(sqrt(2)*x/2)/2
    >>> ndtr(x).diff(x)
    sqrt(2)*exp(-x**2/2)/(2*sqrt(pi))
    >>> ndtr(0), ndtr(sympy.oo)
    (1/2, 1)
    """

    @classmethod
    def eval(cls, arg: Expr) -> Expr | None:
        if arg.is_zero:
            return S.Half
        if arg is sympy.oo:
            return S.One
        if arg is -sympy.oo:
            return S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> Expr:
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return exp(-(self.args[0] ** 2) / 2) / sqrt(2 * pi)

    def _eval_rewrite_as_definition(self, arg: Expr, **hints: Any) -> Expr:
        return erfc(-arg / sqrt(2)) / 2

    _eval_rewrite_as_erfc = _eval_rewrite_as_definition

    def _eval_evalf(self, prec: int) -> Expr | None:
        if not self.args[0].is_number:
            return None
        return self.rewrite("definition").evalf(prec_to_dps(prec))

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        name = r"\Phi" if exp is None else rf"\Phi^{{{exp}}}"
        return rf"{name}\left({printer._print(self.args[0])}\right)"
