"""Piecewise "hard" approximations, shrinkage and step functions.

Definitions are ``Piecewise`` and follow PyTorch's forward conventions at the
breakpoints (``hardshrink(lambd) = 0``, ``threshold(t; t, v) = v``). Declared
derivatives leave out exactly the points where the derivative does not exist
-- corners and, for the discontinuous ``hardshrink``, ``threshold`` and
``binary_step``, the jumps -- and keep the points where both one-sided
derivatives agree (``sparse_plus`` and ``sqnl`` are C^1). What the frameworks'
autograd returns at those points is recorded in the catalogue.

Parameters that appear in branch conditions (``min_val``, ``lambd``,
``threshold``) have explicit parameter derivatives, undefined where the
function jumps or bends as the parameter moves past the input.
"""

from __future__ import annotations

from typing import ClassVar

from sympy import Eq, Expr, Ne, Piecewise, Rational, S

from symact.functions.base import ActivationFunction

__all__ = [
    "binary_step",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "softshrink",
    "sparse_plus",
    "sparse_sigmoid",
    "sqnl",
    "threshold",
]

THREE = S(3)


def _nonnegative_real(value: Expr) -> bool | None:
    """True, False, or None (undecided) for ``value >= 0`` on the reals."""
    if value.is_real is False:
        return False
    return value.is_nonnegative


class hardtanh(ActivationFunction):
    r"""The hard tanh: the input clipped to ``[min_val, max_val]`` (PyTorch's
    defaults -1 and 1).

    .. math:: \operatorname{HardTanh}_{a,b}(x) = \begin{cases} a & x < a \\
              x & a \le x \le b \\ b & x > b \end{cases}

    The derivative is 1 inside, 0 outside, and does not exist at ``a`` and
    ``b`` (PyTorch returns 0 there, JAX's ``hard_tanh`` 1).

    >>> from symact import x
    >>> hardtanh(x).diff(x)
    Piecewise((0, x < -1), (1, (x > -1) & (x < 1)), (0, x > 1))
    >>> hardtanh(x).diff(x).subs(x, 1)
    nan
    >>> hardtanh(-2), hardtanh(Rational(1, 3)), hardtanh(7, 0, 6)
    (-1, 1/3, 6)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("min_val", "max_val")
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.NegativeOne, S.One)
    latex_name: ClassVar[str] = r"\operatorname{HardTanh}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        low, high = params
        return _nonnegative_real(high - low)

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        low, high = params
        return Piecewise((low, arg <= low), (arg, arg <= high), (high, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        low, high = params
        return Piecewise((0, arg < low), (1, (arg > low) & (arg < high)), (0, arg > high))

    def fdiff(self, argindex: int = 1) -> Expr:
        arg, low, high = self.args
        if argindex == 2:  # d/d min_val: 1 where clipped below, undefined at x = min_val
            return Piecewise((1, arg < low), (0, arg > low))
        if argindex == 3:
            return Piecewise((1, arg > high), (0, arg < high))
        return super().fdiff(argindex)


class hardsigmoid(ActivationFunction):
    r"""The hard sigmoid of PyTorch, JAX and Keras 3: ``relu6(x + 3)/6``.

    .. math:: \operatorname{HardSigmoid}(x) = \begin{cases} 0 & x \le -3 \\
              \tfrac{x}{6} + \tfrac{1}{2} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}

    Keras 2 (``tf.keras``) used ``clip(0.2 x + 0.5, 0, 1)`` instead: another
    function (the catalogue records it). The derivative does not exist at
    ±3 (PyTorch and JAX return 0 there).

    >>> from symact import x
    >>> hardsigmoid(x).diff(x)
    Piecewise((0, x < -3), (1/6, (x > -3) & (x < 3)), (0, x > 3))
    >>> hardsigmoid(0), hardsigmoid(-3), hardsigmoid(4)
    (1/2, 0, 1)
    """

    latex_name: ClassVar[str] = r"\operatorname{HardSigmoid}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, arg <= -THREE), (arg / 6 + S.Half, arg < THREE), (1, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise(
            (0, arg < -THREE), (Rational(1, 6), (arg > -THREE) & (arg < THREE)), (0, arg > THREE)
        )

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None


class hardswish(ActivationFunction):
    r"""The hard swish (hard SiLU) of MobileNetV3: ``x relu6(x + 3)/6``.

    .. math:: \operatorname{HardSwish}(x) = x \operatorname{HardSigmoid}(x)
              = \begin{cases} 0 & x \le -3 \\ \tfrac{x (x + 3)}{6} & -3 < x < 3 \\
              x & x \ge 3 \end{cases}

    It has corners at -3 (slopes 0 and -1/2) and at 3 (slopes 3/2 and 1):
    the derivative does not exist there (PyTorch and JAX return 0 and 1).

    >>> from symact import x
    >>> hardswish(x).diff(x)
    Piecewise((0, x < -3), (x/3 + 1/2, (x > -3) & (x < 3)), (1, x > 3))
    >>> hardswish(-Rational(3, 2)), hardswish(3)
    (-3/8, 3)
    """

    latex_name: ClassVar[str] = r"\operatorname{HardSwish}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, arg <= -THREE), (arg * (arg + 3) / 6, arg < THREE), (arg, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise(
            (0, arg < -THREE), (arg / 3 + S.Half, (arg > -THREE) & (arg < THREE)), (1, arg > THREE)
        )


class softshrink(ActivationFunction):
    r"""Soft shrinkage (soft thresholding) by ``lambd >= 0`` (PyTorch's default 0.5).

    .. math:: \operatorname{SoftShrink}_\lambda(x) = \begin{cases} x - \lambda & x > \lambda \\
              x + \lambda & x < -\lambda \\ 0 & |x| \le \lambda \end{cases}

    Continuous, with corners at ±lambd (PyTorch's derivative there is 0);
    with ``lambd = 0`` it is the identity.

    >>> from symact import x
    >>> softshrink(x).rewrite("definition")
    Piecewise((x - 1/2, x > 1/2), (x + 1/2, x < -1/2), (0, True))
    >>> softshrink(x, 0).diff(x)
    1
    >>> softshrink(2), softshrink(-Rational(1, 4))
    (3/2, 0)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("lambd",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.Half,)
    latex_name: ClassVar[str] = r"\operatorname{SoftShrink}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        return _nonnegative_real(params[0])

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (lambd,) = params
        return Piecewise((arg - lambd, arg > lambd), (arg + lambd, arg < -lambd), (0, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (lambd,) = params
        # at ±lambd the one-sided derivatives are 0 and 1, equal only for lambd = 0
        return Piecewise(
            (1, arg > lambd),
            (1, arg < -lambd),
            (0, (arg > -lambd) & (arg < lambd)),
            (1, Eq(lambd, 0)),
        )

    def fdiff(self, argindex: int = 1) -> Expr:
        if argindex == 2:
            arg, lambd = self.args
            return Piecewise(
                (-1, arg > lambd), (1, arg < -lambd), (0, (arg > -lambd) & (arg < lambd))
            )
        return super().fdiff(argindex)


class hardshrink(ActivationFunction):
    r"""Hard shrinkage by ``lambd`` (PyTorch's default 0.5): inputs with
    ``|x| <= lambd`` are set to 0, the others kept.

    .. math:: \operatorname{HardShrink}_\lambda(x) = \begin{cases} x & |x| > \lambda \\
              0 & |x| \le \lambda \end{cases}

    For ``lambd > 0`` it is **discontinuous**: it jumps by ``lambd`` at
    ``±lambd``, where it takes the value 0 (PyTorch's convention) and has no
    derivative (PyTorch's autograd returns 0). For ``lambd <= 0`` it is the
    identity (PyTorch does not check the sign).

    >>> from symact import x
    >>> hardshrink(x).diff(x)
    Piecewise((1, (x > 1/2) | (x < -1/2)), (0, (x > -1/2) & (x < 1/2)))
    >>> hardshrink(Rational(1, 2)), hardshrink(Rational(3, 5))
    (0, 3/5)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("lambd",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.Half,)
    latex_name: ClassVar[str] = r"\operatorname{HardShrink}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (lambd,) = params
        return Piecewise((arg, arg > lambd), (arg, arg < -lambd), (0, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (lambd,) = params
        # a jump at ±lambd for lambd > 0; for lambd = 0 the identity
        return Piecewise(
            (1, arg > lambd),
            (1, arg < -lambd),
            (0, (arg > -lambd) & (arg < lambd)),
            (1, Eq(lambd, 0)),
        )

    def fdiff(self, argindex: int = 1) -> Expr:
        if argindex == 2:
            arg, lambd = self.args
            # constant in lambd except where |x| = lambd, where it jumps (x != 0)
            return Piecewise((0, Ne(arg, lambd) & Ne(arg, -lambd)), (0, Eq(arg, 0)))
        return super().fdiff(argindex)


class threshold(ActivationFunction):
    r"""PyTorch's ``threshold``: ``x`` above ``threshold``, ``value`` otherwise.

    .. math:: \operatorname{Threshold}_{t,v}(x) = \begin{cases} x & x > t \\
              v & x \le t \end{cases}

    PyTorch has no defaults (both parameters are required); symact's defaults
    ``threshold = 0, value = 0`` make it ReLU. It jumps at ``x = t`` unless
    ``v = t``, and its derivative never exists there (PyTorch returns 0).

    >>> from symact import x
    >>> threshold(x, 1, -2).rewrite("definition")
    Piecewise((x, x > 1), (-2, True))
    >>> threshold(x, 1, -2).diff(x)
    Piecewise((0, x < 1), (1, x > 1))
    >>> threshold(1, 1, -2), threshold(3, 1, -2)
    (-2, 3)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("threshold", "value")
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.Zero, S.Zero)
    latex_name: ClassVar[str] = r"\operatorname{Threshold}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        cut, value = params
        return Piecewise((arg, arg > cut), (value, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        cut, _ = params
        return Piecewise((0, arg < cut), (1, arg > cut))

    def fdiff(self, argindex: int = 1) -> Expr:
        arg, cut, value = self.args
        if argindex == 2:
            # moving the threshold past x jumps from x to value, unless they are equal
            return Piecewise((0, Ne(arg, cut)), (0, Eq(value, cut)))
        if argindex == 3:
            return Piecewise((0, arg > cut), (1, True))
        return super().fdiff(argindex)


class binary_step(ActivationFunction):
    r"""The binary (Heaviside) step with value 1 at 0, as in the classic
    activation tables (``f(x) = 1`` for ``x >= 0``).

    .. math:: \operatorname{step}(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}

    Discontinuous at 0, where its derivative does not exist (not 0, not a
    Dirac delta); 0 everywhere else.

    >>> from symact import x
    >>> binary_step(x).diff(x)
    Piecewise((0, Ne(x, 0)))
    >>> binary_step(x).diff(x).subs(x, 0)
    nan
    >>> binary_step(0), binary_step(-Rational(1, 10**9))
    (1, 0)
    """

    latex_name: ClassVar[str] = r"\operatorname{step}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((1, arg >= 0), (0, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, Ne(arg, 0)))

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None


class sparse_sigmoid(ActivationFunction):
    r"""The sparse sigmoid of JAX and Keras (Blondel, Martins, Niculae 2019):
    the derivative of :class:`sparse_plus`.

    .. math:: \operatorname{SparseSigmoid}(x) = \begin{cases} 0 & x \le -1 \\
              \tfrac{x + 1}{2} & -1 < x < 1 \\ 1 & x \ge 1 \end{cases}

    Its derivative does not exist at ±1 (JAX returns 1/4 there: its clip
    splits the gradient at a tie).

    >>> from symact import x
    >>> sparse_sigmoid(x).diff(x)
    Piecewise((0, x < -1), (1/2, (x > -1) & (x < 1)), (0, x > 1))
    >>> sparse_sigmoid(0), sparse_sigmoid(5)
    (1/2, 1)
    """

    latex_name: ClassVar[str] = r"\operatorname{SparseSigmoid}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, arg <= -1), ((arg + 1) / 2, arg < 1), (1, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, arg < -1), (S.Half, (arg > -1) & (arg < 1)), (0, arg > 1))

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None


class sparse_plus(ActivationFunction):
    r"""The sparse plus of JAX and Keras: a C^1 softplus twin that is exactly
    0 for ``x <= -1`` and ``x`` for ``x >= 1``.

    .. math:: \operatorname{SparsePlus}(x) = \begin{cases} 0 & x \le -1 \\
              \tfrac{(x + 1)^2}{4} & -1 < x < 1 \\ x & x \ge 1 \end{cases},
              \qquad \operatorname{SparsePlus}'(x) = \operatorname{SparseSigmoid}(x)

    >>> from symact import x
    >>> sparse_plus(x).diff(x)
    sparse_sigmoid(x)
    >>> sparse_plus(0), sparse_plus(-2), sparse_plus(3)
    (1/4, 0, 3)
    """

    latex_name: ClassVar[str] = r"\operatorname{SparsePlus}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((0, arg <= -1), ((arg + 1) ** 2 / 4, arg < 1), (arg, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return sparse_sigmoid(arg)

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None


class sqnl(ActivationFunction):
    r"""The square nonlinearity SQNL (Wuraola, Patel 2018): a quadratic,
    C^1 stand-in for tanh that saturates exactly at ±2.

    .. math:: \operatorname{SQNL}(x) = \begin{cases} -1 & x < -2 \\
              x + \tfrac{x^2}{4} & -2 \le x < 0 \\ x - \tfrac{x^2}{4} & 0 \le x \le 2 \\
              1 & x > 2 \end{cases}

    Its derivative ``1 - |x|/2`` on ``[-2, 2]`` (0 outside) exists everywhere;
    the second derivative jumps at -2, 0 and 2.

    >>> from symact import x
    >>> sqnl(x).diff(x).subs(x, 0), sqnl(x).diff(x).subs(x, 2)
    (1, 0)
    >>> sqnl(1), sqnl(-1), sqnl(3)
    (3/4, -3/4, 1)
    """

    latex_name: ClassVar[str] = r"\operatorname{SQNL}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise(
            (-1, arg < -2), (arg + arg**2 / 4, arg < 0), (arg - arg**2 / 4, arg <= 2), (1, True)
        )

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise(
            (0, arg <= -2), (1 + arg / 2, arg <= 0), (1 - arg / 2, arg <= 2), (0, True)
        )
