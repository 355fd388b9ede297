"""Periodic and oscillating activations: the sinusoid, sinc, the growing
cosine unit and snake.

They are smooth (C^oo) but have infinitely many critical points, which is
what makes them hard for the analysis engine: extrema of ``sin`` repeat with
period ``2 pi``, ``x cos x`` is unbounded both ways, ``sinc`` has decaying
ripples. ``sinc`` is defined with its removable singularity filled in
(value 1 at 0), so it and all its derivatives are defined everywhere.

None of them ships as an activation in PyTorch, JAX or Keras; the frameworks
have ``sin`` as a tensor function, and their ``sinc`` is the *normalized*
``sin(pi x)/(pi x)`` (see the catalogue records).
"""

from __future__ import annotations

from typing import ClassVar

from sympy import Expr, Ne, Piecewise, S, cos, sin
from sympy.core.logic import fuzzy_not

from symact.functions.base import ActivationFunction

__all__ = ["gcu", "sinc", "sinusoid", "snake"]


class sinusoid(ActivationFunction):
    r"""The sine used as an activation.

    .. math:: \operatorname{sinusoid}(x) = \sin x, \qquad \operatorname{sinusoid}'(x) = \cos x

    >>> from symact import x
    >>> sinusoid(x).diff(x)
    cos(x)
    >>> sinusoid(x).rewrite("definition")
    sin(x)
    >>> sinusoid(0)
    0
    """

    latex_name: ClassVar[str] = r"\operatorname{sinusoid}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return sin(arg)

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return cos(arg)


class sinc(ActivationFunction):
    r"""The (unnormalized) sinc function, its removable singularity filled in.

    .. math:: \operatorname{sinc}(x) = \begin{cases} \dfrac{\sin x}{x} & x \ne 0 \\
              1 & x = 0 \end{cases}, \qquad
              \operatorname{sinc}'(x) = \begin{cases} \dfrac{x \cos x - \sin x}{x^2} & x \ne 0 \\
              0 & x = 0 \end{cases}

    It is analytic everywhere (``sin(x)/x`` extends to an entire function);
    the value and derivative at 0 are the limits, so nothing is undefined.
    PyTorch, JAX and Keras's ``sinc`` is the normalized ``sin(pi x)/(pi x)``:
    this function is their ``sinc(x / pi)``.

    >>> from symact import x
    >>> sinc(x).rewrite("definition")
    Piecewise((sin(x)/x, Ne(x, 0)), (1, True))
    >>> sinc(x).diff(x)
    Piecewise(((x*cos(x) - sin(x))/x**2, Ne(x, 0)), (0, True))
    >>> sinc(0), sinc(x).diff(x).subs(x, 0)
    (1, 0)
    """

    latex_name: ClassVar[str] = r"\operatorname{sinc}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((sin(arg) / arg, Ne(arg, 0)), (S.One, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        # at 0 both one-sided derivatives are 0 (sinc is even and smooth)
        return Piecewise(((arg * cos(arg) - sin(arg)) / arg**2, Ne(arg, 0)), (S.Zero, True))


class gcu(ActivationFunction):
    r"""The growing cosine unit, GCU (Noel, Arunkumar L, Trivedi, Dutta, 2021).

    .. math:: \operatorname{GCU}(x) = x \cos x, \qquad
              \operatorname{GCU}'(x) = \cos x - x \sin x

    >>> from symact import x
    >>> gcu(x).diff(x)
    -x*sin(x) + cos(x)
    >>> gcu(x).rewrite("definition")
    x*cos(x)
    """

    latex_name: ClassVar[str] = r"\operatorname{GCU}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return arg * cos(arg)

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return cos(arg) - arg * sin(arg)


class snake(ActivationFunction):
    r"""Snake with frequency ``a`` (Liu Ziyin, Hartwig, Ueda, NeurIPS 2020;
    the paper's ``a > 0``, default 1 here).

    .. math:: \operatorname{snake}_a(x) = x + \frac{\sin^2(a x)}{a}, \qquad
              \operatorname{snake}_a'(x) = 1 + \sin(2 a x)

    The derivative lies in [0, 2] and vanishes only at isolated points, so
    snake is strictly increasing.

    >>> from symact import x
    >>> snake(x)
    snake(x, 1)
    >>> snake(x, 2).rewrite("definition")
    x + sin(2*x)**2/2
    >>> snake(x, 2).diff(x)
    sin(4*x) + 1
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("a",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.One,)
    latex_name: ClassVar[str] = r"\operatorname{snake}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        (a,) = params
        return fuzzy_not(a.is_zero) if a.is_real else None

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (a,) = params
        return arg + sin(a * arg) ** 2 / a

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (a,) = params
        return 1 + sin(2 * a * arg)
