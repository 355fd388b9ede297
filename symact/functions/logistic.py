"""The logistic family: sigmoid and the functions built on it.

Every derivative is declared in terms of :class:`sigmoid`, the compact form
(and the one numerically stable kernels are built from).
"""

from __future__ import annotations

from typing import ClassVar

import sympy
from sympy import Expr, S, exp, log
from sympy.core.logic import fuzzy_not

from symact.functions.base import ActivationFunction

__all__ = ["logsigmoid", "sigmoid", "silu", "softplus"]


class sigmoid(ActivationFunction):
    r"""The logistic sigmoid.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\,(1 - \sigma(x))

    >>> from symact import x
    >>> sigmoid(x).diff(x)
    (1 - sigmoid(x))*sigmoid(x)
    >>> sigmoid(0), sigmoid(sympy.oo)
    (1/2, 1)
    >>> sigmoid(x).rewrite("definition")
    1/(1 + exp(-x))
    """

    latex_name: ClassVar[str] = r"\sigma"
    pretty_name: ClassVar[str | None] = "σ"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return 1 / (1 + exp(-arg))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return sigmoid(arg) * (1 - sigmoid(arg))

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _eval_rewrite_as_tanh(self, arg: Expr, **hints: object) -> Expr:
        return (1 + sympy.tanh(arg / 2)) / 2


class logsigmoid(ActivationFunction):
    r"""The logarithm of the sigmoid (PyTorch's ``logsigmoid``).

    .. math:: \log\sigma(x) = -\log\left(1 + e^{-x}\right), \qquad
              (\log\sigma)'(x) = \sigma(-x) = 1 - \sigma(x)

    >>> from symact import x
    >>> logsigmoid(x).diff(x)
    sigmoid(-x)
    >>> logsigmoid(x).rewrite("definition")
    -log(1 + exp(-x))
    """

    latex_name: ClassVar[str] = r"\log\sigma"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return -log(1 + exp(-arg))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return sigmoid(-arg)

    def _eval_is_negative(self) -> bool | None:
        return True if self.args[0].is_real else None


class softplus(ActivationFunction):
    r"""Softplus with sharpness ``beta`` (PyTorch's default ``beta = 1``).

    .. math:: \operatorname{softplus}_\beta(x) = \frac{1}{\beta}\log\left(1 + e^{\beta x}\right),
              \qquad \operatorname{softplus}_\beta'(x) = \sigma(\beta x)

    PyTorch also takes ``threshold`` (default 20) above which ``beta*x`` it
    returns ``x``: a numerical shortcut, not part of the function, so it is
    not a parameter here (the catalogue notes it).

    >>> from symact import x
    >>> softplus(x).diff(x)
    sigmoid(x)
    >>> softplus(x, 2).rewrite("definition")
    log(exp(2*x) + 1)/2
    >>> softplus(0)
    log(2)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("beta",)
    parameter_defaults: ClassVar[tuple[Expr, ...]] = (S.One,)
    latex_name: ClassVar[str] = r"\operatorname{softplus}"

    @classmethod
    def eval(cls, arg: Expr, *params: Expr) -> Expr | None:
        if arg.is_zero and params[0].is_number:
            return log(2) / params[0]
        return super().eval(arg, *params)

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        (beta,) = params
        return fuzzy_not(beta.is_zero) if beta.is_real else None

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (beta,) = params
        return log(1 + exp(beta * arg)) / beta

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (beta,) = params
        return sigmoid(beta * arg)

    def fdiff(self, argindex: int = 1) -> Expr:
        if argindex == 2:
            arg, beta = self.args
            return (arg * sigmoid(beta * arg) - softplus(arg, beta)) / beta
        return super().fdiff(argindex)

    def _eval_is_positive(self) -> bool | None:
        arg, beta = self.args
        return True if arg.is_real and beta.is_positive else None


class silu(ActivationFunction):
    r"""The sigmoid-weighted linear unit (SiLU; ``swish`` with beta = 1).

    .. math:: \operatorname{SiLU}(x) = x\,\sigma(x), \qquad
              \operatorname{SiLU}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)

    >>> from symact import x
    >>> silu(x).diff(x)
    (x*(1 - sigmoid(x)) + 1)*sigmoid(x)
    >>> silu(x).rewrite("definition")
    x/(1 + exp(-x))
    """

    latex_name: ClassVar[str] = r"\operatorname{SiLU}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg / (1 + exp(-arg))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return sigmoid(arg) * (1 + arg * (1 - sigmoid(arg)))
