"""The rectifier family: ReLU and its leaky, parametric, randomised,
bounded and exponential variants, and the rectifiers of the literature
(squared, S-shaped, adaptive piecewise linear, inverse square root, ELiSH,
soft exponential) and Keras's generalised ReLU.

Definitions are ``Piecewise``. Declared derivatives leave the kinks out
(``Piecewise`` with no branch there, so they evaluate to ``nan``: undefined)
unless both one-sided derivatives agree, e.g. ``leaky_relu`` with slope 1 or
``elu`` with ``alpha = 1``. What PyTorch and JAX return at a kink is recorded
in the catalogue, not baked into the mathematics.
"""

from __future__ import annotations

from typing import ClassVar

import sympy
from sympy import And, Eq, Expr, Piecewise, Rational, S, exp, log, sqrt
from sympy.core.logic import fuzzy_and, fuzzy_not
from sympy.logic.boolalg import Boolean

from symact.functions.base import ActivationFunction
from symact.functions.logistic import sigmoid

__all__ = [
    "SELU_ALPHA",
    "SELU_SCALE",
    "apl",
    "celu",
    "elish",
    "elu",
    "hard_elish",
    "isrlu",
    "keras_relu",
    "leaky_relu",
    "prelu",
    "relu",
    "relu6",
    "rrelu",
    "selu",
    "soft_exponential",
    "squared_relu",
    "srelu",
]


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


# -- issue 8: more rectifiers --------------------------------------------------------


def _numbers(*values: Expr) -> bool:
    """Whether every value is an explicit number (not a symbol)."""
    return all(v.is_number for v in values)


def _region(condition: Boolean, arg: Expr) -> sympy.Set | None:
    """The real ``arg`` satisfying ``condition``, if it is a condition on the
    symbol ``arg`` alone that SymPy can solve."""
    if condition is S.true:
        return S.Reals
    if not (isinstance(arg, sympy.Symbol) and condition.free_symbols == {arg}):
        return None
    try:
        return condition.as_set().intersect(S.Reals)
    except NotImplementedError:
        return None


def _piecewise(branches: list[tuple[Expr, Boolean]], arg: Expr) -> Expr:
    """``Piecewise(*branches)`` tidied when every condition is on the symbol
    ``arg`` alone: branches no ``arg`` reaches dropped, branches with one value
    merged, conditions written as the intervals they select, a single value
    where that covers the reals. Otherwise (parameters in the conditions)
    only the branches that are false outright are dropped."""
    live = [(v, sympy.sympify(c)) for v, c in branches if c is not S.false]
    regions = [_region(c, arg) for _, c in live]
    if not live or any(r is None for r in regions):
        return Piecewise(*live)
    merged: dict[Expr, sympy.Set] = {}
    covered: sympy.Set = S.EmptySet
    for (value, _), region in zip(live, regions, strict=True):
        effective = sympy.Complement(region, covered)
        covered = sympy.Union(covered, region)
        if effective is not S.EmptySet:
            merged[value] = sympy.Union(merged.get(value, S.EmptySet), effective)
    if covered == S.Reals and len(merged) == 1:
        return next(iter(merged))
    return Piecewise(*((v, r.as_relational(arg)) for v, r in merged.items()))


#: PyTorch's and JAX's SELU constants, exactly the rationals their
#: 32-significant-digit decimals denote. They are roundings: the paper's
#: fixed-point constants (Klambauer et al. 2017) are closed forms in e, pi and
#: erfc(1/sqrt(2)), not rationals, so E[selu(z)] for z ~ N(0, 1) is about
#: -1.2e-32 here, not 0.
SELU_ALPHA: Rational = Rational("1.6732632423543772848170429916717")
SELU_SCALE: Rational = Rational("1.0507009873554804934193349852946")


class selu(ActivationFunction):
    r"""The scaled exponential linear unit with PyTorch's fixed constants.

    .. math:: \operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\
              \alpha\,(e^x - 1) & x \le 0 \end{cases}
              = \lambda \operatorname{ELU}_\alpha(x)

    with :data:`SELU_ALPHA` and :data:`SELU_SCALE` (``selu.alpha``,
    ``selu.scale``), exact rationals. The derivative jumps at 0 from
    ``scale * alpha`` to ``scale`` (PyTorch and JAX return ``scale * alpha``).

    >>> from symact import x
    >>> selu(x).rewrite(elu) == selu.scale * elu(x, selu.alpha)
    True
    >>> selu(x).diff(x).subs(x, 0)
    nan
    >>> selu(-sympy.oo) == -selu.scale * selu.alpha, selu(0)
    (True, 0)
    """

    alpha: ClassVar[Rational] = SELU_ALPHA
    scale: ClassVar[Rational] = SELU_SCALE
    latex_name: ClassVar[str] = r"\operatorname{SELU}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((cls.scale * arg, arg > 0), (cls.scale * cls.alpha * (exp(arg) - 1), True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((self.scale, arg > 0), (self.scale * self.alpha * exp(arg), arg < 0))

    def _eval_rewrite_as_elu(self, arg: Expr, **hints: object) -> Expr:
        return self.scale * elu(arg, self.alpha)


class celu(ActivationFunction):
    r"""The continuously differentiable ELU (PyTorch's default ``alpha = 1``).

    .. math:: \operatorname{CELU}_\alpha(x) = \begin{cases} x & x > 0 \\
              \alpha\,(e^{x/\alpha} - 1) & x \le 0 \end{cases}

    Both one-sided derivatives at 0 are 1 for every ``alpha != 0``, so it is
    C^1 (not C^2: the second derivative jumps from ``1/alpha`` to 0). For
    ``alpha > 0`` it is ``alpha * elu(x/alpha)``; with ``alpha = 1`` it is ELU.

    >>> from symact import x
    >>> celu(x, 2).diff(x)
    Piecewise((1, x >= 0), (exp(x/2), True))
    >>> celu(x, 2).rewrite(elu)
    2*elu(x/2, 1)
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("alpha",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.One,)
    latex_name: ClassVar[str] = r"\operatorname{CELU}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        (alpha,) = params
        return fuzzy_not(alpha.is_zero) if alpha.is_real else None

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        return Piecewise((arg, arg > 0), (alpha * (exp(arg / alpha) - 1), True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        return Piecewise((1, arg >= 0), (exp(arg / alpha), True))

    def _eval_rewrite_as_elu(self, arg: Expr, alpha: Expr, **hints: object) -> Expr | None:
        return alpha * elu(arg / alpha, 1) if alpha.is_positive else None


class squared_relu(ActivationFunction):
    r"""The squared ReLU of the Primer transformer (So et al. 2021).

    .. math:: \operatorname{ReLU}^2(x) = \max(0, x)^2, \qquad
              (\operatorname{ReLU}^2)'(x) = 2 \max(0, x)

    C^1: the second derivative jumps from 0 to 2 at 0.

    >>> from symact import x
    >>> squared_relu(x).diff(x)
    2*relu(x)
    >>> squared_relu(-3), squared_relu(3)
    (0, 9)
    """

    latex_name: ClassVar[str] = r"{\operatorname{ReLU}^{2}}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise((arg**2, arg > 0), (0, True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return 2 * relu(arg)

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None


class keras_relu(ActivationFunction):
    r"""Keras's generalised ReLU, ``keras.activations.relu(x, negative_slope,
    max_value, threshold)``, as Keras computes it: ``where(x > threshold, x,
    0)``, clipped to ``[0, max_value]`` when ``max_value`` is given, minus
    ``negative_slope * relu(threshold - x)``.

    .. math:: \operatorname{ReLU}^{\mathrm{K}}_{a, t}(x) = \begin{cases}
              a\,(x - t) & x \le t \\ x & x > t \end{cases}, \qquad
              \operatorname{ReLU}^{\mathrm{K}}_{a, t, m}(x) = \begin{cases}
              a\,(x - t) & x \le t \\ \min(\max(x, 0), m) & x > t \end{cases}

    Defaults ``negative_slope = 0``, ``threshold = 0``, ``max_value = None``
    (unbounded; an optional trailing parameter here, so symact's positional
    order is ``(negative_slope, threshold, max_value)``, not Keras's — pass
    them by name). ``max_value`` must be positive.

    At ``x = threshold`` the value is 0 (Keras keeps ``x`` only where ``x >
    threshold``), so a nonzero threshold is a jump to ``threshold`` — unless
    ``max_value`` is given and ``threshold < 0``, where the clip at 0 makes the
    function 0 on ``(threshold, 0]`` and continuous.

    >>> from symact import x
    >>> keras_relu(x).rewrite("definition")
    Piecewise((0, x <= 0), (x, True))
    >>> keras_relu(x, 0, -1).rewrite("definition")
    Piecewise((0, x <= -1), (x, True))
    >>> keras_relu(x, 0, -1, 6).rewrite("definition")
    Piecewise((0, x <= 0), (x, x <= 6), (6, True))
    >>> keras_relu(x, 0.5, max_value=6).diff(x)
    Piecewise((1/2, x < 0), (1, (x > 0) & (x < 6)), (0, x > 6))
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("negative_slope", "threshold", "max_value")
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.Zero, S.Zero, None)
    latex_name: ClassVar[str] = r"{\operatorname{ReLU}^{\mathrm{K}}}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        return params[2].is_positive if len(params) == 3 else True

    @staticmethod
    def _unpack(params: tuple[Expr, ...]) -> tuple[Expr, Expr, Expr | None]:
        slope, threshold = params[:2]
        return slope, threshold, params[2] if len(params) == 3 else None

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        slope, threshold, top = cls._unpack(params)
        branches: list[tuple[Expr, Boolean]] = [(slope * (arg - threshold), arg <= threshold)]
        if top is None:
            branches.append((arg, S.true))
        else:
            branches += [(S.Zero, arg <= 0), (arg, arg <= top), (top, S.true)]
        return _piecewise(branches, arg)

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        slope, threshold, top = self._unpack(params)
        above = arg > threshold
        if top is None:
            # continuous at the threshold only for threshold = 0, smooth if slope = 1
            smooth = Eq(threshold, 0) & Eq(slope, 1)
            branches: list[tuple[Expr, Boolean]] = [(slope, arg < threshold), (S.One, above)]
        else:
            # continuous at the threshold for threshold <= 0, where the slope on
            # the right is 0 (threshold < 0) or 1 (threshold = 0)
            smooth = ((threshold < 0) & Eq(slope, 0)) | (Eq(threshold, 0) & Eq(slope, 1))
            branches = [
                (slope, arg < threshold),
                (S.Zero, above & (arg < 0)),
                (S.One, above & (arg > 0) & (arg < top)),
                (S.Zero, above & (arg > top)),
            ]
        branches.append((slope, Eq(arg, threshold) & smooth))
        return _piecewise(branches, arg)

    def fdiff(self, argindex: int = 1) -> Expr:
        arg = self.args[0]
        slope, threshold, top = self._unpack(self.args[1:])
        if argindex == 3:
            # the jump at x = threshold moves with it: defined there only where
            # the function is continuous in the threshold with equal slopes
            flat = Eq(threshold, 0) if top is None else threshold <= 0
            at = Eq(arg, threshold) & Eq(slope, 0) & flat
            return Piecewise((-slope, arg < threshold), (0, arg > threshold), (0, at))
        if argindex == 4 and top is not None:
            return Piecewise((0, arg <= threshold), (0, arg < top), (1, arg > top))
        return super().fdiff(argindex)


class srelu(ActivationFunction):
    r"""The S-shaped ReLU (Jin et al. 2016): the identity between two
    thresholds, lines of slopes ``a_left`` and ``a_right`` outside.

    .. math:: \operatorname{SReLU}(x) = \begin{cases}
              t_l + a_l\,(x - t_l) & x \le t_l \\ x & t_l < x < t_r \\
              t_r + a_r\,(x - t_r) & x \ge t_r \end{cases}

    All four parameters are learned; the defaults ``t_left = -1``,
    ``a_left = 1/10``, ``t_right = 2``, ``a_right = 1/2`` are illustrative
    exact values (implementations initialise them randomly or adaptively).
    Requires ``t_left <= t_right``.

    >>> from symact import x
    >>> srelu(x).diff(x)
    Piecewise((1/10, x < -1), (1, (x > -1) & (x < 2)), (1/2, x > 2))
    >>> srelu(x, 0, 1, 0, 1)
    srelu(x, 0, 1, 0, 1)
    >>> srelu(x, 0, 1, 0, 1).diff(x)
    1
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("t_left", "a_left", "t_right", "a_right")
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (
        -S.One,
        Rational(1, 10),
        Rational(2),
        Rational(1, 2),
    )
    latex_name: ClassVar[str] = r"\operatorname{SReLU}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        t_left, _, t_right, _ = params
        return (t_right - t_left).is_nonnegative

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        t_left, a_left, t_right, a_right = params
        return Piecewise(
            (t_left + a_left * (arg - t_left), arg <= t_left),
            (arg, arg < t_right),
            (t_right + a_right * (arg - t_right), True),
        )

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        t_left, a_left, t_right, a_right = params
        apart = t_left < t_right
        branches: list[tuple[Expr, Boolean]] = [
            (a_left, arg < t_left),
            (S.One, (arg > t_left) & (arg < t_right)),
            (a_right, arg > t_right),
            # at a threshold the slopes on both sides must agree
            (S.One, Eq(arg, t_left) & Eq(a_left, 1) & apart),
            (S.One, Eq(arg, t_right) & Eq(a_right, 1) & apart),
            (a_left, Eq(arg, t_left) & Eq(t_left, t_right) & Eq(a_left, a_right)),
        ]
        return _piecewise(branches, arg)

    def fdiff(self, argindex: int = 1) -> Expr:
        arg = self.args[0]
        t_left, a_left, t_right, a_right = self.args[1:]
        if argindex == 2:
            return Piecewise((1 - a_left, arg < t_left), (0, arg > t_left), (0, Eq(a_left, 1)))
        if argindex == 4:
            return Piecewise((1 - a_right, arg > t_right), (0, arg < t_right), (0, Eq(a_right, 1)))
        return super().fdiff(argindex)


def _hinge(arg: Expr, at: Expr) -> Expr:
    """``max(0, at - arg)`` as a ``Piecewise``."""
    return Piecewise((at - arg, arg < at), (0, True))


def _symbolic_step(arg: Expr, index: int, hinges: list[tuple[Expr, Expr]]) -> Expr:
    """The slope increase of hinge ``index`` as a step in ``arg``, undefined at
    its point unless the increases of all hinges meeting there cancel (then
    the step takes its left value, so the sum is the derivative there)."""
    point, increase = hinges[index]
    meeting = increase + sum(
        (Piecewise((a, Eq(p, point)), (0, True)) for j, (p, a) in enumerate(hinges) if j != index),
        S.Zero,
    )
    return Piecewise((0, arg < point), (increase, arg > point), (0, Eq(meeting, 0)))


class apl(ActivationFunction):
    r"""The adaptive piecewise linear unit (Agostinelli et al. 2014) with two
    hinges, ``S = 2``.

    .. math:: \operatorname{APL}(x) = \max(0, x) + \sum_{s=1}^{2} a_s \max(0, b_s - x)

    The ``a_s`` and ``b_s`` are learned; the defaults ``a1 = 1/5``,
    ``b1 = 1``, ``a2 = -1/10``, ``b2 = -1`` are illustrative exact values.
    The derivative is undefined at 0, ``b1`` and ``b2`` unless the slope
    changes there cancel (``relu(x) - relu(-x) = x``).

    >>> from symact import x
    >>> apl(x).diff(x)
    Piecewise((-1/10, x < -1), (-1/5, (x > -1) & (x < 0)), (4/5, (x > 0) & (x < 1)), (1, x > 1))
    >>> apl(x, -1, 0, 0, 0).diff(x)
    1
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("a1", "b1", "a2", "b2")
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (
        Rational(1, 5),
        S.One,
        Rational(-1, 10),
        -S.One,
    )
    latex_name: ClassVar[str] = r"\operatorname{APL}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        a1, b1, a2, b2 = params
        return Piecewise((arg, arg > 0), (0, True)) + a1 * _hinge(arg, b1) + a2 * _hinge(arg, b2)

    @staticmethod
    def _slope_jumps(*params: Expr) -> list[tuple[Expr, Expr]]:
        """The hinges as ``(point, increase of the slope there)``."""
        a1, b1, a2, b2 = params
        return [(S.Zero, S.One), (b1, a1), (b2, a2)]

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        hinges = self._slope_jumps(*params)
        start = -sum((a for _, a in hinges[1:]), S.Zero)  # the slope for x -> -oo
        if not _numbers(*params):
            return start + sum((_symbolic_step(arg, i, hinges) for i in range(3)), S.Zero)
        increases: dict[Expr, Expr] = {}
        for point, increase in hinges:
            increases[point] = increases.get(point, S.Zero) + increase
        kinks = sorted(p for p, a in increases.items() if a != 0)
        if not kinks:
            return start
        branches: list[tuple[Expr, Boolean]] = [(start, arg < kinks[0])]
        slope = start
        for index, point in enumerate(kinks):
            slope += increases[point]
            upper = arg < kinks[index + 1] if index + 1 < len(kinks) else S.true
            branches.append((slope, And(arg > point, upper)))
        return Piecewise(*branches)

    def fdiff(self, argindex: int = 1) -> Expr:
        arg = self.args[0]
        a1, b1, a2, b2 = self.args[1:]
        if argindex in (3, 5):
            a, b = (a1, b1) if argindex == 3 else (a2, b2)
            return a * Piecewise((1, arg < b), (0, arg > b))
        return super().fdiff(argindex)


class isrlu(ActivationFunction):
    r"""The inverse square root linear unit (Carlile et al. 2017).

    .. math:: \operatorname{ISRLU}_\alpha(x) = \begin{cases} x & x \ge 0 \\
              \dfrac{x}{\sqrt{1 + \alpha x^2}} & x < 0 \end{cases}

    ``alpha >= 0`` (default 1; 0 is the identity). C^2 at 0: the third
    derivative jumps from ``-3 alpha`` to 0.

    >>> from symact import x
    >>> isrlu(x).diff(x)
    Piecewise((1, x >= 0), ((x**2 + 1)**(-3/2), True))
    >>> isrlu(-sympy.oo, 4)
    -1/2
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("alpha",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.One,)
    latex_name: ClassVar[str] = r"\operatorname{ISRLU}"

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        (alpha,) = params
        return alpha.is_nonnegative

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        return Piecewise((arg, arg >= 0), (arg / sqrt(1 + alpha * arg**2), True))

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        return Piecewise((1, arg >= 0), ((1 + alpha * arg**2) ** Rational(-3, 2), True))


class elish(ActivationFunction):
    r"""The exponential linear sigmoid squashing unit (Basirat, Roth 2018):
    SiLU for x >= 0, ELU times the sigmoid below.

    .. math:: \operatorname{ELiSH}(x) = \begin{cases} x\,\sigma(x) & x \ge 0 \\
              (e^x - 1)\,\sigma(x) & x < 0 \end{cases}
              = \operatorname{ELU}(x)\,\sigma(x)

    C^1 (both one-sided derivatives are 1/2 at 0; the second jumps from 1 to
    1/2). For x < 0 the derivative is ``sigma(x) sigma(-x) (e^{2x} + 2e^x - 1)``.

    >>> from symact import x
    >>> elish(x).diff(x).subs(x, 0)
    1/2
    >>> elish(0), elish(-sympy.oo), elish(sympy.oo)
    (0, 0, oo)
    """

    latex_name: ClassVar[str] = r"\operatorname{ELiSH}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise(
            (arg / (1 + exp(-arg)), arg >= 0), ((exp(arg) - 1) / (1 + exp(-arg)), True)
        )

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise(
            (sigmoid(arg) * (1 + arg * (1 - sigmoid(arg))), arg >= 0),
            (sigmoid(arg) * sigmoid(-arg) * (exp(2 * arg) + 2 * exp(arg) - 1), True),
        )


class hard_elish(ActivationFunction):
    r"""The hard ELiSH (Basirat, Roth 2018): ELiSH with the hard sigmoid
    ``max(0, min(1, (x + 1)/2))`` in place of the sigmoid.

    .. math:: \operatorname{HardELiSH}(x) = \begin{cases}
              x \max\left(0, \min\left(1, \tfrac{x + 1}{2}\right)\right) & x \ge 0 \\
              (e^x - 1) \max\left(0, \min\left(1, \tfrac{x + 1}{2}\right)\right) & x < 0
              \end{cases}

    Continuous; kinks at -1 and 1; C^1 at 0 (both one-sided derivatives are
    1/2), where the second derivative jumps from 3/2 to 1.

    >>> from symact import x
    >>> hard_elish(x).rewrite("definition")
    Piecewise((0, x <= -1), ((x + 1)*(exp(x) - 1)/2, x < 0), (x*(x + 1)/2, x < 1), (x, True))
    >>> hard_elish(x).diff(x).subs(x, 1)
    nan
    """

    latex_name: ClassVar[str] = r"\operatorname{HardELiSH}"

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        return Piecewise(
            (0, arg <= -1),
            ((exp(arg) - 1) * (arg + 1) / 2, arg < 0),
            (arg * (arg + 1) / 2, arg < 1),
            (arg, True),
        )

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        return Piecewise(
            (0, arg < -1),
            ((exp(arg) * (arg + 2) - 1) / 2, (arg > -1) & (arg < 0)),
            (arg + S.Half, (arg >= 0) & (arg < 1)),
            (1, arg > 1),
        )


class soft_exponential(ActivationFunction):
    r"""The soft exponential (Godfrey, Gashler 2015): a continuum from the
    logarithm (``alpha < 0``) through the identity (``alpha = 0``) to the
    exponential (``alpha > 0``).

    .. math:: f_\alpha(x) = \begin{cases}
              -\dfrac{\log(1 - \alpha (x + \alpha))}{\alpha} & \alpha < 0 \\
              x & \alpha = 0 \\
              \dfrac{e^{\alpha x} - 1}{\alpha} + \alpha & \alpha > 0 \end{cases}

    The branch is chosen by the parameter: for a symbolic ``alpha`` of
    unknown sign the definition is a ``Piecewise`` in ``alpha``. For
    ``alpha < 0`` the function is defined only where ``1 - alpha (x + alpha)
    > 0``, that is ``x > 1/alpha - alpha`` (undefined below: ``Piecewise``
    without a branch). It is continuous and differentiable in ``alpha`` at 0,
    with ``df/dalpha = 1 + x^2/2`` there. Default ``alpha = 0``.

    >>> from symact import x
    >>> soft_exponential(x, 1).rewrite("definition")
    exp(x)
    >>> soft_exponential(x, -1).rewrite("definition")
    Piecewise((log(x), x > 0))
    >>> soft_exponential(x).diff(x), soft_exponential(x, 2).diff(x)
    (1, exp(2*x))
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("alpha",)
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = (S.Zero,)
    latex_name: ClassVar[str] = r"\operatorname{SoftExp}"

    @staticmethod
    def _by_sign(alpha: Expr, zero: Expr, positive: Expr, negative: Expr) -> Expr:
        """The branch ``alpha``'s sign selects, or a ``Piecewise`` in ``alpha``."""
        if alpha.is_zero:
            return zero
        if alpha.is_positive:
            return positive
        if alpha.is_negative:
            return negative
        return Piecewise((zero, Eq(alpha, 0)), (positive, alpha > 0), (negative, alpha < 0))

    @staticmethod
    def _inside(arg: Expr, alpha: Expr) -> Boolean:
        """Where the logarithmic branch is defined: ``1 - alpha (x + alpha) > 0``."""
        if alpha.is_negative:
            return arg > 1 / alpha - alpha
        return 1 - alpha * (arg + alpha) > 0

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        inside = cls._inside(arg, alpha)
        return cls._by_sign(
            alpha,
            arg,
            (exp(alpha * arg) - 1) / alpha + alpha,
            Piecewise((-log(1 - alpha * (arg + alpha)) / alpha, inside)),
        )

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        (alpha,) = params
        inside = self._inside(arg, alpha)
        return self._by_sign(
            alpha,
            S.One,
            exp(alpha * arg),
            Piecewise((1 / (1 - alpha * (arg + alpha)), inside)),
        )

    def fdiff(self, argindex: int = 1) -> Expr:
        if argindex != 2:
            return super().fdiff(argindex)
        arg, alpha = self.args
        inner = 1 - alpha * (arg + alpha)
        return self._by_sign(
            alpha,
            1 + arg**2 / 2,
            arg * exp(alpha * arg) / alpha - (exp(alpha * arg) - 1) / alpha**2 + 1,
            Piecewise(
                (
                    log(inner) / alpha**2 + (arg + 2 * alpha) / (alpha * inner),
                    self._inside(arg, alpha),
                )
            ),
        )
