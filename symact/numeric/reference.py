"""Reference values: an expression evaluated exactly enough to judge a float.

A float input is an exact dyadic rational, so the true value of an expression
at it is a well-defined real number. :func:`reference` computes it with
mpmath from the expression's exact definition (catalogue functions expanded,
so the stable rewrites and the kernels play no part), at 40 and again at 60
significant digits: if both agree to 30 digits, and no sum cancelled and no
logarithm met an argument within rounding of 1 on the way (``log(1 +
exp(x))`` at x = -601 would lose its whole value), that is the answer.
Otherwise the precision doubles, up to 1300 digits, then the proven-equal
stable form is tried, and last SymPy evaluates the expression at the exact
input with its adaptive precision (``evalf`` raises the working precision
until the requested digits are certain, up to ``maxn``). A piecewise-rational
definition (ReLU's family, sparsemax, their derivatives) is evaluated exactly
in fractions instead.

The evaluator is compiled from the expression into mpmath calls, like
:mod:`symact.numeric.compile`, with no generated source.

>>> from symact import x
>>> from symact.functions import sigmoid
>>> value = reference(1 - sigmoid(x), (x,))
>>> float(value((40.0,)))
4.248354255291589e-18
>>> float(reference(1 - sympy.tanh(x) ** 2, (x,))((100.0,)))
5.53558610694695e-87
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

import mpmath
import sympy
from sympy import Expr, Symbol
from sympy.codegen.cfunctions import expm1, log1p

from symact import functions as act
from symact.numeric.special import ndtr

__all__ = ["limit_value", "reference", "reference_value"]

MPNode = Callable[[tuple[Any, ...]], Any]

#: digits of the mpmath passes (each checked against one 20 digits finer),
#: and what they must agree to
LADDER, AGREE_DPS = (40, 80, 160, 320, 640, 1280), 30
#: SymPy's adaptive evaluation may use up to this many digits
MAX_DIGITS = 20000


class Imprecise(ArithmeticError):
    """The working precision is not enough: a sum cancelled, or a logarithm's
    argument lies so close to 1 that its rounding dominates."""


#: digits a result must keep through a cancelling sum or a log near 1
KEPT_DIGITS = 25


def _sum(values: list[Any]) -> Any:
    total = mpmath.fsum(values)
    largest = max((abs(v) for v in values), default=0)
    if largest and abs(total) < largest * mpmath.mpf(10) ** (KEPT_DIGITS - mpmath.mp.dps):
        raise Imprecise("the sum cancelled")
    return total


def _log(value: Any) -> Any:
    if abs(value - 1) < mpmath.mpf(10) ** (KEPT_DIGITS - mpmath.mp.dps):
        raise Imprecise("log of a number too close to 1")
    return mpmath.log(value)


_FUNCTIONS: dict[type, Callable[..., Any]] = {
    sympy.exp: mpmath.exp,
    sympy.log: _log,
    log1p: mpmath.log1p,
    expm1: mpmath.expm1,
    sympy.sin: mpmath.sin,
    sympy.cos: mpmath.cos,
    sympy.tan: mpmath.tan,
    sympy.atan: mpmath.atan,
    sympy.asin: mpmath.asin,
    sympy.acos: mpmath.acos,
    sympy.sinh: mpmath.sinh,
    sympy.cosh: mpmath.cosh,
    sympy.tanh: mpmath.tanh,
    sympy.sech: mpmath.sech,
    sympy.asinh: mpmath.asinh,
    sympy.atanh: mpmath.atanh,
    sympy.erf: mpmath.erf,
    sympy.erfc: mpmath.erfc,
    ndtr: mpmath.ncdf,
    sympy.Abs: abs,
    sympy.sign: mpmath.sign,
    sympy.floor: mpmath.floor,
    sympy.ceiling: mpmath.ceil,
    sympy.LambertW: mpmath.lambertw,
}

_RELATIONS: dict[type, Callable[[Any, Any], bool]] = {
    sympy.StrictGreaterThan: lambda a, b: a > b,
    sympy.StrictLessThan: lambda a, b: a < b,
    sympy.GreaterThan: lambda a, b: a >= b,
    sympy.LessThan: lambda a, b: a <= b,
    sympy.Equality: lambda a, b: a == b,
    sympy.Unequality: lambda a, b: a != b,
}


class Undefined(ArithmeticError):
    """The expression has no real value at the point."""


def _leaky(u: Any, slope: Any) -> Any:
    return u if u > 0 else slope * u


def _rrelu(u: Any, lower: Any, upper: Any, slope: Any = None) -> Any:
    return _leaky(u, (lower + upper) / 2 if slope is None else slope)


def _gelu_cubic(u: Any) -> Any:
    """GELU-tanh's ``x + 0.044715 x**3``, the constant exact."""
    return u + mpmath.mpf(44715) / 10**6 * u**3


#: Catalogue functions evaluated directly, for the rewritten (stable) form
#: only: the primary evaluation always expands their definitions.
_ACTIVATIONS: dict[type, Callable[..., Any]] = {
    act.sigmoid: lambda u: 1 / (1 + mpmath.exp(-u)),
    act.logsigmoid: lambda u: -mpmath.log1p(mpmath.exp(-u)),
    act.softplus: lambda u, beta=1: mpmath.log1p(mpmath.exp(beta * u)) / beta,
    act.silu: lambda u: u / (1 + mpmath.exp(-u)),
    act.relu: lambda u: max(u, 0),
    act.leaky_relu: _leaky,
    act.prelu: _leaky,
    act.rrelu: _rrelu,
    act.relu6: lambda u: min(max(u, 0), 6),
    act.elu: lambda u, alpha=1: u if u > 0 else alpha * mpmath.expm1(u),
    act.maxout: lambda *z: max(z),
    # -- smooth (functions/smooth.py) --
    act.gelu: lambda u: u * mpmath.ncdf(u),
    act.gelu_tanh: lambda u: u / (1 + mpmath.exp(-2 * mpmath.sqrt(2 / mpmath.pi) * _gelu_cubic(u))),
    act.mish: lambda u: u * mpmath.tanh(mpmath.log1p(mpmath.exp(u))),
    act.swish: lambda u, beta=1: u / (1 + mpmath.exp(-beta * u)),
    act.softsign: lambda u: u / (1 + abs(u)),
    act.tanhshrink: lambda u: u - mpmath.tanh(u),
    act.squareplus: lambda u, b=4: (u + mpmath.sqrt(u**2 + b)) / 2,
    act.identity: lambda u: u,
    act.exponential: mpmath.exp,
    act.arctan: mpmath.atan,
    act.isru: lambda u, alpha=1: u / mpmath.sqrt(1 + alpha * u**2),
    act.bent_identity: lambda u: (mpmath.sqrt(u**2 + 1) - 1) / 2 + u,
    act.gaussian: lambda u: mpmath.exp(-(u**2)),
    act.tanhexp: lambda u: u * mpmath.tanh(mpmath.exp(u)),
    # -- oscillating (functions/oscillating.py) --
    act.sinusoid: mpmath.sin,
    act.sinc: lambda u: mpmath.sin(u) / u if u != 0 else mpmath.mpf(1),
    act.gcu: lambda u: u * mpmath.cos(u),
    act.snake: lambda u, a=1: u + mpmath.sin(a * u) ** 2 / a,
    # -- rectifiers, issue 8 additions --
    act.selu: lambda u: (
        mpmath.mpf(act.SELU_SCALE.p)
        / act.SELU_SCALE.q
        * (u if u > 0 else mpmath.mpf(act.SELU_ALPHA.p) / act.SELU_ALPHA.q * mpmath.expm1(u))
    ),
    act.celu: lambda u, alpha=1: u if u > 0 else alpha * mpmath.expm1(u / alpha),
    act.keras_relu: lambda u, slope=0, cut=0, top=None: (
        slope * (u - cut) if u <= cut else u if top is None else min(max(u, 0), top)
    ),
    act.squared_relu: lambda u: max(u, 0) ** 2,
    act.srelu: lambda u, tl, al, tr, ar: (
        tl + al * (u - tl) if u <= tl else u if u < tr else tr + ar * (u - tr)
    ),
    act.apl: lambda u, a1, b1, a2, b2: max(u, 0) + a1 * max(b1 - u, 0) + a2 * max(b2 - u, 0),
    act.isrlu: lambda u, alpha=1: u if u >= 0 else u / mpmath.sqrt(1 + alpha * u * u),
    act.elish: lambda u: (u if u >= 0 else mpmath.expm1(u)) / (1 + mpmath.exp(-u)),
    act.hard_elish: lambda u: (u if u >= 0 else mpmath.expm1(u)) * min(max((u + 1) / 2, 0), 1),
    act.soft_exponential: lambda u, alpha=0: (
        u
        if alpha == 0
        else mpmath.expm1(alpha * u) / alpha + alpha
        if alpha > 0
        else -mpmath.log(1 - alpha * (u + alpha)) / alpha
    ),
    # -- hard (functions/hard.py) --
    act.hardtanh: lambda u, low=-1, high=1: mpmath.mpf(min(max(u, low), high)),
    act.hardsigmoid: lambda u: min(max(u + 3, 0), 6) / mpmath.mpf(6),
    act.hardswish: lambda u: u * min(max(u + 3, 0), 6) / mpmath.mpf(6),
    act.softshrink: lambda u, lambd=0.5: mpmath.mpf(
        u - lambd if u > lambd else u + lambd if u < -lambd else 0
    ),
    act.hardshrink: lambda u, lambd=0.5: mpmath.mpf(u if u > lambd or u < -lambd else 0),
    act.threshold: lambda u, cut=0, value=0: mpmath.mpf(u if u > cut else value),
    act.binary_step: lambda u: mpmath.mpf(1 if u >= 0 else 0),
    act.sparse_plus: lambda u: mpmath.mpf(0 if u <= -1 else u if u >= 1 else (u + 1) ** 2 / 4),
    act.sparse_sigmoid: lambda u: mpmath.mpf(min(max((u + 1) / 2, 0), 1)),
    act.sqnl: lambda u: u - u * abs(u) / 4 if abs(u) <= 2 else mpmath.sign(u),
    # -- vector, issue 8 additions --
    act.log_softmax: lambda *a: (
        a[int(a[-1]) - 1]
        - max(a[:-1])
        - mpmath.log1p(mpmath.fsum(mpmath.exp(v - max(a[:-1])) for v in sorted(a[:-1])[:-1]))
    ),
    act.softmin: lambda *a: 1 / mpmath.fsum(mpmath.exp(a[int(a[-1]) - 1] - v) for v in a[:-1]),
    act.logsumexp: lambda *z: (
        max(z) + mpmath.log1p(mpmath.fsum(mpmath.exp(v - max(z)) for v in sorted(z)[:-1]))
    ),
    act.sparsemax: lambda *a: act.sparsemax.projection(a[:-1])[int(a[-1]) - 1],
    act.glu: lambda *a: (
        a[int(a[-1]) - 1] / (1 + mpmath.exp(-a[(len(a) - 1) // 2 + int(a[-1]) - 1]))
    ),
}


def _heaviside(u: Any, at_zero: Any = None) -> Any:
    if u == 0:
        return mpmath.mpf(0.5) if at_zero is None else at_zero
    return mpmath.mpf(1) if u > 0 else mpmath.mpf(0)


def _max(*values: Any) -> Any:
    return max(values)


def _min(*values: Any) -> Any:
    return min(values)


def _mp_compile(
    expr: sympy.Basic, index: dict[Symbol, int], functions: dict[type, Callable[..., Any]]
) -> MPNode:
    if isinstance(expr, Symbol):
        i = index[expr]
        return lambda p: p[i]
    if not expr.free_symbols:
        return _mp_constant(expr)
    if isinstance(expr, act.softmax):
        return _mp_compile(expr.definition(), index, functions)
    if isinstance(expr, sympy.Piecewise):
        branches = [
            (_mp_compile(e, index, functions), _mp_condition(c, index, functions))
            for e, c in expr.args
        ]

        def piecewise(p: tuple[Any, ...]) -> Any:
            for value, condition in branches:
                if condition(p):
                    return value(p)
            raise Undefined("no branch of the Piecewise applies")

        return piecewise
    args = [_mp_compile(a, index, functions) for a in expr.args]
    if isinstance(expr, sympy.Add):
        return lambda p: _sum([a(p) for a in args])
    if isinstance(expr, sympy.Mul):
        return lambda p: mpmath.fprod(a(p) for a in args)
    if isinstance(expr, sympy.Pow):
        base, power = args
        if expr.exp.is_Integer:
            n = int(expr.exp)
            return lambda p: base(p) ** n
        return lambda p: mpmath.power(base(p), power(p))
    if isinstance(expr, sympy.Max | sympy.Min):
        pick = _max if isinstance(expr, sympy.Max) else _min
        return lambda p: pick(*(a(p) for a in args))
    if isinstance(expr, sympy.Heaviside):
        return lambda p: _heaviside(*(a(p) for a in args))
    function = functions.get(type(expr))
    if function is None:
        raise Undefined(f"no mpmath function for {expr.func}")
    if len(args) == 1:
        (only,) = args
        return lambda p: function(only(p))
    return lambda p: function(*(a(p) for a in args))


def _mp_constant(expr: sympy.Basic) -> MPNode:
    if expr.is_Rational:
        numerator, denominator = int(expr.p), int(expr.q)
        return lambda p: mpmath.mpf(numerator) / denominator
    cache: dict[int, Any] = {}

    def constant(p: tuple[Any, ...]) -> Any:
        dps = mpmath.mp.dps
        if dps not in cache:
            value = sympy.N(expr, dps + 10)
            if not value.is_real:
                raise Undefined(f"{expr} is not real")
            cache[dps] = mpmath.mpf(sympy.Float(value, dps + 10)._mpf_)
        return cache[dps]

    return constant


def _mp_condition(
    cond: sympy.Basic, index: dict[Symbol, int], functions: dict[type, Callable[..., Any]]
) -> Callable[[tuple[Any, ...]], bool]:
    if cond is sympy.true:
        return lambda p: True
    if cond is sympy.false:
        return lambda p: False
    relation = _RELATIONS.get(type(cond))
    if relation is not None:
        lhs = _mp_compile(cond.lhs, index, functions)
        rhs = _mp_compile(cond.rhs, index, functions)
        return lambda p: relation(lhs(p), rhs(p))
    parts = [_mp_condition(c, index, functions) for c in cond.args]
    if isinstance(cond, sympy.And):
        return lambda p: all(c(p) for c in parts)
    if isinstance(cond, sympy.Or):
        return lambda p: any(c(p) for c in parts)
    if isinstance(cond, sympy.Not):
        return lambda p: not parts[0](p)
    if isinstance(cond, sympy.ITE):  # a relation of a Piecewise, e.g. sparsemax(...) > 0
        test, then, otherwise = parts
        return lambda p: then(p) if test(p) else otherwise(p)
    raise Undefined(f"no mpmath evaluation of the condition {cond}")


class _NotRational(Exception):
    """The expression leaves the rational functions (a transcendental
    function, a float, a fractional power): no exact shortcut."""


RationalNode = Callable[[tuple[Fraction, ...]], Any]


def _rational_compile(expr: sympy.Basic, index: dict[Symbol, int]) -> RationalNode:
    """``expr`` — rational operations, ``Piecewise`` and relations only — as
    a function of exact fractions (a float input is a dyadic rational, so
    piecewise-rational activations such as sparsemax get their exact value)."""
    if isinstance(expr, Symbol):
        i = index[expr]
        return lambda p: p[i]
    if expr.is_Rational:
        value = Fraction(int(expr.p), int(expr.q))
        return lambda p: value
    if isinstance(expr, sympy.Piecewise):
        branches = [
            (_rational_compile(e, index), _rational_condition(c, index)) for e, c in expr.args
        ]

        def piecewise(p: tuple[Fraction, ...]) -> Any:
            for value, condition in branches:
                if condition(p):
                    return value(p)
            raise Undefined("no branch of the Piecewise applies")

        return piecewise
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer:
        base, n = _rational_compile(expr.base, index), int(expr.exp)
        return lambda p: base(p) ** n
    if isinstance(expr, sympy.Add | sympy.Mul):
        args = [_rational_compile(a, index) for a in expr.args]
        if isinstance(expr, sympy.Add):
            return lambda p: sum((a(p) for a in args), Fraction(0))
        return lambda p: math.prod((a(p) for a in args), start=Fraction(1))
    raise _NotRational(str(expr.func))


def _rational_condition(cond: sympy.Basic, index: dict[Symbol, int]) -> Callable[..., bool]:
    if cond is sympy.true or cond is sympy.false:
        truth = bool(cond)
        return lambda p: truth
    relation = _RELATIONS.get(type(cond))
    if relation is not None:
        lhs, rhs = _rational_compile(cond.lhs, index), _rational_compile(cond.rhs, index)
        return lambda p: relation(lhs(p), rhs(p))
    parts = [_rational_condition(c, index) for c in cond.args]
    if isinstance(cond, sympy.And):
        return lambda p: all(c(p) for c in parts)
    if isinstance(cond, sympy.Or):
        return lambda p: any(c(p) for c in parts)
    if isinstance(cond, sympy.Not):
        return lambda p: not parts[0](p)
    if isinstance(cond, sympy.ITE):
        test, then, otherwise = parts
        return lambda p: then(p) if test(p) else otherwise(p)
    raise _NotRational(str(cond.func))


class Reference:
    """The exact value of ``expr`` at float points, as an mpmath number
    (``None`` where the expression has no real value)."""

    def __init__(self, expr: Expr, args: Sequence[Symbol]) -> None:
        from symact.calculus.pieces import expand_definitions

        self.args = tuple(args)
        self.expr = expr
        self.exact = expand_definitions(expr)
        self._index = {s: i for i, s in enumerate(self.args)}
        self._fn = _mp_compile(self.exact, self._index, _FUNCTIONS)
        self._stable_fn: MPNode | None = None
        try:
            self._rational: RationalNode | None = _rational_compile(self.exact, self._index)
        except _NotRational:
            self._rational = None

    def _exact_rational(self, point: tuple[float, ...]) -> Any:
        """The value of a piecewise-rational expression, in exact arithmetic."""
        assert self._rational is not None
        try:
            value = self._rational(tuple(Fraction(v) for v in point))
        except (Undefined, ZeroDivisionError):
            return None
        with mpmath.workdps(LADDER[0] + 20):
            return mpmath.mpf(value.numerator) / value.denominator

    def _stable(self) -> MPNode:
        if self._stable_fn is None:
            from symact.numeric.stable import stable_form

            self._stable_fn = _mp_compile(
                stable_form(self.expr), self._index, _FUNCTIONS | _ACTIVATIONS
            )
        return self._stable_fn

    @staticmethod
    def _at(fn: MPNode, point: tuple[Any, ...], dps: int) -> Any:
        with mpmath.workdps(dps):
            try:
                value = fn(tuple(mpmath.mpf(v) for v in point))
            except (Undefined, Imprecise, ZeroDivisionError, ValueError, OverflowError):
                return None
            if isinstance(value, mpmath.mpc):
                if value.imag != 0:
                    return None
                value = value.real
            return +value

    def _agreed(self, fn: MPNode, point: tuple[float, ...], rungs: int) -> Any:
        for dps in LADDER[:rungs]:
            first = self._at(fn, point, dps)
            if first is None:
                continue
            second = self._at(fn, point, dps + 20)
            if second is not None and second != 0:
                with mpmath.workdps(dps + 20):
                    if abs(first - second) <= abs(second) * mpmath.mpf(10) ** -AGREE_DPS:
                        return second
        return None

    def __call__(self, point: Sequence[float]) -> Any:
        """The value at ``point``: exactly, in fractions, if the definition is
        piecewise rational; else from the definition at 40 digits and one
        20 digits finer, with more digits (up to 1300) while a sum cancels,
        a log meets an argument too close to 1, or the two disagree; failing
        that, from the stable form (an identity the test suite checks) the
        same way; else by SymPy's adaptive evalf."""
        point = tuple(float(v) for v in point)
        if self._rational is not None and all(math.isfinite(v) for v in point):
            return self._exact_rational(point)
        value = self._agreed(self._fn, point, len(LADDER))
        if value is None:
            value = self._agreed(self._stable(), point, 3)
        return self._adaptive(point) if value is None else value

    def _adaptive(self, point: tuple[float, ...]) -> Any:
        exact_point = {s: sympy.Rational(v) for s, v in zip(self.args, point, strict=True)}
        value = self.exact.xreplace(exact_point)
        if value.has(sympy.Piecewise):
            value = sympy.piecewise_fold(value)
            value = value.doit() if isinstance(value, sympy.Piecewise) else value
        if isinstance(value, sympy.Piecewise) or value.has(sympy.nan, sympy.zoo):
            return None
        try:
            if value.is_zero:
                return mpmath.mpf(0)
            number = value.evalf(AGREE_DPS, maxn=MAX_DIGITS, strict=False)
        except (OverflowError, ValueError):  # mpmath's sqrt at x = -1.8e308, say
            return None
        if number.is_zero:
            return mpmath.mpf(0)
        if number.is_real is False or not number.is_Number:
            return None
        return mpmath.mpf(number._mpf_)


@lru_cache(maxsize=256)
def reference(expr: Expr, args: tuple[Symbol, ...]) -> Reference:
    """The (cached) :class:`Reference` evaluator of ``expr`` in ``args``."""
    return Reference(expr, args)


def reference_value(expr: Expr, args: tuple[Symbol, ...], point: tuple[float, ...]) -> float:
    """The true value of ``expr`` at ``point`` rounded to float64 (NaN where
    it has no real value; ±inf where it overflows)."""
    value = reference(expr, args)(point)
    return float("nan") if value is None else float(value)


def limit_value(expr: Expr, args: tuple[Symbol, ...], point: tuple[float, ...]) -> float:
    """The limit of ``expr`` where exactly one input is ±inf and the others
    are finite (NaN otherwise, or where there is no limit)."""
    from symact.calculus.limits import limit
    from symact.calculus.pieces import branch_at
    from symact.errors import SymactError

    infinite = [i for i, v in enumerate(point) if not mpmath.isfinite(v)]
    if len(infinite) != 1:
        return float("nan")
    (i,) = infinite
    variable = args[i]
    others = {
        s: sympy.Rational(v) for j, (s, v) in enumerate(zip(args, point, strict=True)) if j != i
    }
    body = reference(expr, args).exact.xreplace(others)
    target = sympy.oo if point[i] > 0 else -sympy.oo
    try:
        # SymPy's limit refuses a Piecewise at infinity: take the branches
        # that hold out there (nested ones included)
        body = branch_at(body, variable, target)
        value = limit(body, variable, target)
    except (SymactError, NotImplementedError, ValueError, TypeError):
        return float("nan")
    if not value.is_extended_real:
        return float("nan")
    return float(value)
