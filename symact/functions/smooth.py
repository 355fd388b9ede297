"""Smooth scalar activations from the frameworks and the literature.

GELU (exact and its tanh approximation), Mish, swish with its ``beta``,
softsign, tanhshrink, squareplus, the identity and the exponential, and the
literature's arctan, ISRU, bent identity, Gaussian and TanhExp.

Definitions are elementary (softsign's uses ``Abs``); derivatives are declared
in compact form, in terms of the function itself where that is natural
(``squareplus' = squareplus^2 / (squareplus^2 + b/4)``). Every one of them is
differentiable everywhere; softsign's second derivative is not, at 0.
"""

from __future__ import annotations

from typing import ClassVar

import sympy
from sympy import Abs, Expr, Rational, S, atan, erf, exp, log, pi, sqrt, tanh

from symact.functions.base import ActivationFunction
from symact.functions.logistic import sigmoid, softplus

__all__ = [
    "arctan",
    "bent_identity",
    "exponential",
    "gaussian",
    "gelu",
    "gelu_tanh",
    "identity",
    "isru",
    "mish",
    "softsign",
    "squareplus",
    "swish",
    "tanhexp",
    "tanhshrink",
]

#: GELU's tanh approximation: the cubic coefficient, exactly as published
GELU_TANH_KAPPA = Rational(44715, 1000000)


class gelu(ActivationFunction):
    r"""The Gaussian error linear unit, exact (PyTorch's ``approximate='none'``).

    .. math:: \operatorname{GELU}(x) = x\,\Phi(x)
              = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt2}\right),
              \qquad \operatorname{GELU}'(x) = \Phi(x) + x\,\varphi(x)

    with :math:`\Phi` and :math:`\varphi` the standard normal distribution
    function and density. JAX's ``jax.nn.gelu`` defaults to the tanh
    approximation, :class:`gelu_tanh`.

    >>> from symact import x
    >>> gelu(x).rewrite("definition")
    x*(erf(sqrt(2)*x/2) + 1)/2
    >>> sympy.simplify(gelu(x).diff(x) - (1 + sympy.erf(x / sympy.sqrt(2))) / 2)
    sqrt(2)*x*exp(-x**2/2)/(2*sqrt(pi))
    >>> gelu(0), gelu(sympy.oo), gelu(-sympy.oo)
    (0, oo, 0)
    """

    latex_name: ClassVar[str] = r"\operatorname{GELU}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg / 2 * (1 + erf(arg / sqrt(2)))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return (1 + erf(arg / sqrt(2))) / 2 + arg * exp(-(arg**2) / 2) / sqrt(2 * pi)


class gelu_tanh(ActivationFunction):
    r"""GELU's tanh approximation (PyTorch's ``approximate='tanh'``, JAX's default).

    .. math:: \operatorname{GELU}_{\tanh}(x) = \frac{x}{2}\bigl(1 + \tanh u(x)\bigr),
              \qquad u(x) = \sqrt{2/\pi}\,\bigl(x + \kappa x^3\bigr),
              \quad \kappa = 0.044715

    and :math:`\operatorname{GELU}_{\tanh}'(x) = \tfrac12\bigl(1 + \tanh u\bigr)
    + \tfrac{x}{2}\bigl(1 - \tanh^2 u\bigr)\,u'(x)`, with ``0.044715`` the exact
    rational 44715/1000000 = 8943/200000.

    >>> from symact import x
    >>> gelu_tanh(x).rewrite("definition")
    x*(tanh(sqrt(2)*(8943*x**3/200000 + x)/sqrt(pi)) + 1)/2
    >>> gelu_tanh(0), gelu_tanh(-sympy.oo)
    (0, 0)
    """

    latex_name: ClassVar[str] = r"\operatorname{GELU}_{\tanh}"

    @staticmethod
    def inner(arg: Expr) -> Expr:
        """The argument of tanh, ``sqrt(2/pi) (x + 0.044715 x**3)``."""
        return sqrt(2 / pi) * (arg + GELU_TANH_KAPPA * arg**3)

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg / 2 * (1 + tanh(cls.inner(arg)))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        t = tanh(self.inner(arg))
        slope = sqrt(2 / pi) * (1 + 3 * GELU_TANH_KAPPA * arg**2)
        return (1 + t) / 2 + arg / 2 * (1 - t**2) * slope


class mish(ActivationFunction):
    r"""Mish, the self-regularised non-monotonic activation.

    .. math:: \operatorname{Mish}(x) = x \tanh\bigl(\operatorname{softplus}(x)\bigr),
              \qquad \operatorname{Mish}'(x) = \tanh(\operatorname{sp}(x))
              + x\,\sigma(x)\,\bigl(1 - \tanh^2(\operatorname{sp}(x))\bigr)

    >>> from symact import x
    >>> mish(x).rewrite("definition")
    x*tanh(log(exp(x) + 1))
    >>> mish(x).diff(x)
    x*(1 - tanh(softplus(x, 1))**2)*sigmoid(x) + tanh(softplus(x, 1))
    >>> mish(0), mish(-sympy.oo)
    (0, 0)
    """

    latex_name: ClassVar[str] = r"\operatorname{Mish}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg * tanh(log(1 + exp(arg)))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        t = tanh(softplus(arg))
        return t + arg * sigmoid(arg) * (1 - t**2)


class swish(ActivationFunction):
    r"""Swish with its ``beta`` (Ramachandran et al.); ``beta = 1`` is SiLU.

    .. math:: \operatorname{swish}_\beta(x) = x\,\sigma(\beta x), \qquad
              \operatorname{swish}_\beta'(x) = \sigma(\beta x)\,
              \bigl(1 + \beta x\,(1 - \sigma(\beta x))\bigr)

    ``beta = 0`` gives ``x/2``; as ``beta -> oo`` it tends to ReLU.

    >>> from symact import x
    >>> swish(x)
    swish(x, 1)
    >>> swish(x, 2).diff(x)
    (2*x*(1 - sigmoid(2*x)) + 1)*sigmoid(2*x)
    >>> swish(x, 0).rewrite("definition")
    x/2
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("beta",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.One,)
    latex_name: ClassVar[str] = r"\operatorname{swish}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (beta,) = params
        return arg / (1 + exp(-beta * arg))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (beta,) = params
        s = sigmoid(beta * arg)
        return s * (1 + beta * arg * (1 - s))


class softsign(ActivationFunction):
    r"""Softsign, a sigmoidal function with polynomial tails.

    .. math:: \operatorname{softsign}(x) = \frac{x}{1 + |x|}, \qquad
              \operatorname{softsign}'(x) = \frac{1}{(1 + |x|)^2}

    Differentiable everywhere (both one-sided derivatives at 0 are 1); the
    second derivative jumps from 2 to -2 at 0, where it does not exist.

    >>> from symact import x
    >>> softsign(x).diff(x)
    (Abs(x) + 1)**(-2)
    >>> softsign(-3), softsign(sympy.oo)
    (-3/4, 1)
    """

    latex_name: ClassVar[str] = r"\operatorname{softsign}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg / (1 + Abs(arg))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return 1 / (1 + Abs(arg)) ** 2


class tanhshrink(ActivationFunction):
    r"""Tanhshrink, the identity minus tanh.

    .. math:: \operatorname{tanhshrink}(x) = x - \tanh x, \qquad
              \operatorname{tanhshrink}'(x) = \tanh^2 x

    >>> from symact import x
    >>> tanhshrink(x).diff(x)
    tanh(x)**2
    >>> tanhshrink(0)
    0
    """

    latex_name: ClassVar[str] = r"\operatorname{tanhshrink}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg - tanh(arg)

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return tanh(arg) ** 2


class squareplus(ActivationFunction):
    r"""Squareplus, a smooth ReLU from a square root (JAX's default ``b = 4``).

    .. math:: \operatorname{squareplus}_b(x) = \frac{x + \sqrt{x^2 + b}}{2},
              \qquad \operatorname{squareplus}_b'(x)
              = \frac{\operatorname{squareplus}_b(x)}{\sqrt{x^2 + b}}
              = \frac{\operatorname{squareplus}_b^2(x)}
                     {\operatorname{squareplus}_b^2(x) + b/4}

    ``b`` must be positive (``b = 0`` would be ReLU, with a kink).

    >>> from symact import x
    >>> squareplus(x).diff(x)
    squareplus(x, 4)**2/(squareplus(x, 4)**2 + 1)
    >>> squareplus(0), squareplus(0, 9), squareplus(-sympy.oo)
    (1, 3/2, 0)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("b",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (sympy.Integer(4),)
    latex_name: ClassVar[str] = r"\operatorname{squareplus}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        (b,) = params
        return b.is_positive

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (b,) = params
        return (arg + sqrt(arg**2 + b)) / 2

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (b,) = params
        f = squareplus(arg, b)
        return f**2 / (f**2 + b / 4)

    def _eval_is_positive(self) -> bool | None:
        arg, b = self.args
        return True if arg.is_real and b.is_positive else None


class identity(ActivationFunction):
    r"""The identity (Keras's ``linear``): no activation at all.

    .. math:: \operatorname{id}(x) = x, \qquad \operatorname{id}'(x) = 1

    >>> from symact import x
    >>> identity(x).diff(x), identity(-3)
    (1, -3)
    """

    latex_name: ClassVar[str] = r"\operatorname{id}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return S.One


class exponential(ActivationFunction):
    r"""The exponential (Keras's ``exponential``).

    .. math:: f(x) = e^x, \qquad f'(x) = e^x

    >>> from symact import x
    >>> exponential(x).diff(x)
    exponential(x)
    >>> exponential(0), exponential(-sympy.oo)
    (1, 0)
    """

    latex_name: ClassVar[str] = r"\operatorname{exponential}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return exp(arg)

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return exponential(arg)

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None


class arctan(ActivationFunction):
    r"""The arctangent, a sigmoidal function onto (-pi/2, pi/2).

    .. math:: f(x) = \arctan x, \qquad f'(x) = \frac{1}{1 + x^2}

    >>> from symact import x
    >>> arctan(x).diff(x)
    1/(x**2 + 1)
    >>> arctan(0), arctan(sympy.oo)
    (0, pi/2)
    """

    latex_name: ClassVar[str] = r"\arctan"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return atan(arg)

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return 1 / (1 + arg**2)


class isru(ActivationFunction):
    r"""The inverse square root unit (Carlile et al.), onto
    :math:`(-1/\sqrt\alpha, 1/\sqrt\alpha)`.

    .. math:: \operatorname{ISRU}_\alpha(x) = \frac{x}{\sqrt{1 + \alpha x^2}},
              \qquad \operatorname{ISRU}_\alpha'(x) = \bigl(1 + \alpha x^2\bigr)^{-3/2}

    >>> from symact import x
    >>> isru(x).diff(x)
    (x**2 + 1)**(-3/2)
    >>> isru(sympy.oo, 4), isru(0)
    (1/2, 0)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("alpha",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.One,)
    latex_name: ClassVar[str] = r"\operatorname{ISRU}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        (alpha,) = params
        return alpha.is_nonnegative

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        return arg / sqrt(1 + alpha * arg**2)

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        return (1 + alpha * arg**2) ** Rational(-3, 2)


class bent_identity(ActivationFunction):
    r"""The bent identity.

    .. math:: f(x) = \frac{\sqrt{x^2 + 1} - 1}{2} + x, \qquad
              f'(x) = \frac{x}{2\sqrt{x^2 + 1}} + 1

    >>> from symact import x
    >>> bent_identity(x).diff(x)
    x/(2*sqrt(x**2 + 1)) + 1
    >>> bent_identity(0)
    0
    """

    latex_name: ClassVar[str] = r"\operatorname{bent}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return (sqrt(arg**2 + 1) - 1) / 2 + arg

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return arg / (2 * sqrt(arg**2 + 1)) + 1


class gaussian(ActivationFunction):
    r"""The Gaussian bump.

    .. math:: f(x) = e^{-x^2}, \qquad f'(x) = -2x\,e^{-x^2}

    >>> from symact import x
    >>> gaussian(x).diff(x)
    -2*x*gaussian(x)
    >>> gaussian(0), gaussian(sympy.oo)
    (1, 0)
    """

    latex_name: ClassVar[str] = r"\operatorname{gaussian}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return exp(-(arg**2))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return -2 * arg * gaussian(arg)

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None


class tanhexp(ActivationFunction):
    r"""TanhExp (Liu and Di).

    .. math:: \operatorname{TanhExp}(x) = x \tanh\bigl(e^x\bigr), \qquad
              \operatorname{TanhExp}'(x) = \tanh\bigl(e^x\bigr)
              + x\,e^x\,\bigl(1 - \tanh^2(e^x)\bigr)

    >>> from symact import x
    >>> tanhexp(x).diff(x)
    x*(1 - tanh(exp(x))**2)*exp(x) + tanh(exp(x))
    >>> tanhexp(0)
    0
    """

    latex_name: ClassVar[str] = r"\operatorname{TanhExp}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg * tanh(exp(arg))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        t = tanh(exp(arg))
        return t + arg * exp(arg) * (1 - t**2)
