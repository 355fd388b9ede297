"""The rectifier family: ReLU and its leaky, parametric, randomised,
bounded and exponential variants.

Definitions are ``Piecewise``. Declared derivatives leave the kinks out
(``Piecewise`` with no branch there, so they evaluate to ``nan``: undefined)
unless both one-sided derivatives agree, e.g. ``leaky_relu`` with slope 1 or
``elu`` with ``alpha = 1``. What PyTorch and JAX return at a kink is recorded
in the catalogue, not baked into the mathematics.
"""

from __future__ import annotations

from typing import ClassVar

import sympy
from sympy import Eq, Expr, Piecewise, Rational, S, exp
from sympy.core.logic import fuzzy_and

from symact.functions.base import ActivationFunction

__all__ = ["elu", "leaky_relu", "prelu", "relu", "relu6", "rrelu"]


class relu(ActivationFunction):
    r"""The rectified linear unit.

    .. math:: \operatorname{ReLU}(x) = \max(0, x)

    The derivative is 0 for x < 0 and 1 for x > 0 and does not exist at 0
    (PyTorch and JAX return 0 there).

    >>> from symact import x
    >>> relu(x).diff(x)
    Piecewise((0, x < 0), (1, x > 0))
    >>> relu(x).diff(x).subs(x, 0)
    nan
    >>> relu(-3), relu(sympy.Rational(5, 2))
    (0, 5/2)
    """

    latex_name: ClassVar[str] = r"\operatorname{ReLU}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((arg, arg > 0), (0, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, arg < 0), (1, arg > 0))

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None


class _LeakyFamily(ActivationFunction):
    """Shared math of the leaky rectifiers: ``x`` for x > 0, ``slope * x``
    otherwise, with the slope given by :meth:`slope_of` the parameters."""

    @staticmethod
    def slope_of(*params: Expr) -> Expr:
        """The slope for x < 0 (the single parameter, unless overridden)."""
        return params[0]

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((arg, arg > 0), (cls.slope_of(*params) * arg, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        slope = self.slope_of(*params)
        # At 0 the one-sided derivatives are `slope` and 1: defined only if equal.
        return Piecewise((slope, arg < 0), (1, arg > 0), (1, Eq(slope, 1)))

    def fdiff(self, argindex: int = 1) -> Expr:
        if argindex == 2 and len(self.args) == 2:
            return sympy.Min(self.args[0], 0)
        return super().fdiff(argindex)


class leaky_relu(_LeakyFamily):
    r"""Leaky ReLU with slope ``negative_slope`` (PyTorch's default 0.01) for x < 0.

    .. math:: \operatorname{LeakyReLU}_a(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}

    >>> from symact import x
    >>> leaky_relu(x)
    leaky_relu(x, 1/100)
    >>> leaky_relu(x, 0.2).diff(x)
    Piecewise((1/5, x < 0), (1, x > 0))
    >>> leaky_relu(x, 1).diff(x)
    1
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("negative_slope",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (Rational(1, 100),)
    latex_name: ClassVar[str] = r"\operatorname{LeakyReLU}"


class prelu(_LeakyFamily):
    r"""Parametric ReLU: leaky ReLU whose slope ``weight`` is learned
    (PyTorch initialises it to 0.25).

    .. math:: \operatorname{PReLU}_a(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},
              \qquad \frac{\partial}{\partial a}\operatorname{PReLU}_a(x) = \min(0, x)

    >>> from symact import x
    >>> a = sympy.Symbol("a", real=True)
    >>> prelu(x, a).diff(a)
    Min(0, x)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("weight",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (Rational(1, 4),)
    latex_name: ClassVar[str] = r"\operatorname{PReLU}"


class rrelu(_LeakyFamily):
    r"""Randomised leaky ReLU.

    In training the slope for x < 0 is sampled, ``a ~ U(lower, upper)``; in
    evaluation it is fixed at the mean ``(lower + upper)/2`` (11/48 at
    PyTorch's defaults 1/8 and 1/3). ``rrelu(x, lower, upper)`` is the
    evaluation-mode function; ``rrelu(x, lower, upper, slope)`` is the
    training-mode function for one sampled ``slope`` in ``[lower, upper]``.

    .. math:: \operatorname{RReLU}_{l,u}(x) = \begin{cases} x & x > 0 \\
              \tfrac{l + u}{2}\,x & x \le 0 \end{cases}

    >>> from symact import x
    >>> rrelu(x).rewrite("definition")
    Piecewise((x, x > 0), (11*x/48, True))
    >>> rrelu(x, 0.1, 0.3, 0.2).rewrite("definition")
    Piecewise((x, x > 0), (x/5, True))
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("lower", "upper", "slope")
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (Rational(1, 8), Rational(1, 3), None)
    latex_name: ClassVar[str] = r"\operatorname{RReLU}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        lower, upper = params[:2]
        conditions = [(upper - lower).is_nonnegative]
        if len(params) == 3:
            slope = params[2]
            conditions += [(slope - lower).is_nonnegative, (upper - slope).is_nonnegative]
        return fuzzy_and(conditions)

    @staticmethod
    def slope_of(*params: Expr) -> Expr:
        """The slope for x < 0: the sampled one, or the mean in evaluation mode."""
        if len(params) == 3:
            return params[2]
        lower, upper = params
        return (lower + upper) / 2

    def fdiff(self, argindex: int = 1) -> Expr:
        arg = self.args[0]
        if argindex == 4:
            return sympy.Min(arg, 0)
        if argindex in (2, 3):
            training = len(self.args) == 4
            return S.Zero if training else sympy.Min(arg, 0) / 2
        return super().fdiff(argindex)


class relu6(ActivationFunction):
    r"""ReLU clipped at 6.

    .. math:: \operatorname{ReLU6}(x) = \min(\max(0, x), 6)

    >>> from symact import x
    >>> relu6(x).diff(x)
    Piecewise((0, x < 0), (1, (x > 0) & (x < 6)), (0, x > 6))
    >>> relu6(7), relu6(-1), relu6(3)
    (6, 0, 3)
    """

    latex_name: ClassVar[str] = r"\operatorname{ReLU6}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, arg <= 0), (arg, arg <= 6), (6, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, arg < 0), (1, (arg > 0) & (arg < 6)), (0, arg > 6))

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None


class elu(ActivationFunction):
    r"""The exponential linear unit (PyTorch's default ``alpha = 1``).

    .. math:: \operatorname{ELU}_\alpha(x) = \begin{cases} x & x > 0 \\
              \alpha\,(e^x - 1) & x \le 0 \end{cases}

    It is differentiable at 0 exactly when ``alpha = 1``.

    >>> from symact import x
    >>> elu(x).diff(x)
    Piecewise((1, x > 0), (exp(x), x < 0), (1, True))
    >>> elu(x, 2).diff(x)
    Piecewise((1, x > 0), (2*exp(x), x < 0))
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("alpha",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.One,)
    latex_name: ClassVar[str] = r"\operatorname{ELU}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        return Piecewise((arg, arg > 0), (alpha * (exp(arg) - 1), True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        # One-sided derivatives at 0 are alpha (left) and 1 (right).
        return Piecewise((1, arg > 0), (alpha * exp(arg), arg < 0), (1, Eq(alpha, 1)))
