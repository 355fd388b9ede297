"""Independent reference implementations in mpmath, written from the papers'
and frameworks' formulas, not from symact's code. The tests compare symact's
definitions, declared derivatives and CLI output against these.

Each entry: name -> (function(x, **params), kink points(**params), parameter
sets to test). Derivatives come from mpmath's numerical differentiation of the
reference, at high precision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath as mp


def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def _mp(value) -> mp.mpf:
    """An exact rational (Fraction or int) as an mpf at the working precision."""
    value = Fraction(value)
    return mp.mpf(value.numerator) / value.denominator


def _leaky(slope):
    return lambda x: x if x > 0 else slope * x


@dataclass(frozen=True)
class Reference:
    function: Callable[..., Callable[[object], object]]
    kinks: Callable[..., list[float]] = lambda **p: []
    param_sets: tuple[dict[str, Fraction], ...] = field(default_factory=lambda: ({},))


def _f(value: str) -> Fraction:
    return Fraction(value)


# PyTorch's defaults, as exact rationals
LEAKY_SLOPE = Fraction(1, 100)
PRELU_WEIGHT = Fraction(1, 4)
RRELU_LOWER, RRELU_UPPER = Fraction(1, 8), Fraction(1, 3)
ELU_ALPHA = Fraction(1)


SCALAR: dict[str, Reference] = {
    "sigmoid": Reference(lambda: _sigmoid),
    "tanh": Reference(lambda: mp.tanh),
    "logsigmoid": Reference(lambda: lambda x: -mp.log1p(mp.exp(-x))),
    "softplus": Reference(
        lambda beta=1: lambda x: mp.log1p(mp.exp(_mp(beta) * x)) / _mp(beta),
        param_sets=({}, {"beta": _f("2")}, {"beta": _f("0.5")}),
    ),
    "silu": Reference(lambda: lambda x: x * _sigmoid(x)),
    "relu": Reference(lambda: lambda x: max(mp.mpf(0), x), kinks=lambda **p: [0]),
    "leaky_relu": Reference(
        lambda negative_slope=LEAKY_SLOPE: _leaky(_mp(negative_slope)),
        kinks=lambda negative_slope=LEAKY_SLOPE: [] if negative_slope == 1 else [0],
        param_sets=(
            {},
            {"negative_slope": _f("0.2")},
            {"negative_slope": _f("0")},
            {"negative_slope": _f("1")},
        ),
    ),
    "prelu": Reference(
        lambda weight=PRELU_WEIGHT: _leaky(_mp(weight)),
        kinks=lambda **p: [0],
        param_sets=({}, {"weight": _f("-0.5")}),
    ),
    "rrelu": Reference(
        lambda lower=RRELU_LOWER, upper=RRELU_UPPER, slope=None: _leaky(
            _mp(lower + upper) / 2 if slope is None else _mp(slope)
        ),
        kinks=lambda **p: [0],
        param_sets=({}, {"lower": _f("0.1"), "upper": _f("0.3")}, {"slope": _f("0.2")}),
    ),
    "relu6": Reference(
        lambda: lambda x: min(max(mp.mpf(0), x), mp.mpf(6)), kinks=lambda **p: [0, 6]
    ),
    "elu": Reference(
        lambda alpha=ELU_ALPHA: lambda x: x if x > 0 else _mp(alpha) * mp.expm1(x),
        kinks=lambda alpha=ELU_ALPHA: [] if alpha == 1 else [0],
        param_sets=({}, {"alpha": _f("2")}, {"alpha": _f("0.5")}),
    ),
    # -- smooth (functions/smooth.py) --
    # Hendrycks & Gimpel 2016: x Phi(x), and the tanh form of their section 2
    "gelu": Reference(lambda: lambda x: x * mp.ncdf(x)),
    "gelu_tanh": Reference(
        lambda: (
            lambda x: x / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)))
        )
    ),
    # Misra 2019; Ramachandran et al. 2017; PyTorch's Softsign and Tanhshrink docs
    "mish": Reference(lambda: lambda x: x * mp.tanh(mp.log(1 + mp.exp(x)))),
    "swish": Reference(
        lambda beta=1: lambda x: x * _sigmoid(_mp(beta) * x),
        param_sets=({}, {"beta": _f("2")}, {"beta": _f("0.5")}, {"beta": _f("0")}),
    ),
    "softsign": Reference(lambda: lambda x: x / (1 + abs(x))),
    "tanhshrink": Reference(lambda: lambda x: x - mp.tanh(x)),
    # Barron 2021 (JAX's default b = 4)
    "squareplus": Reference(
        lambda b=4: lambda x: (x + mp.sqrt(x**2 + _mp(b))) / 2,
        param_sets=({}, {"b": _f("1")}, {"b": _f("0.25")}),
    ),
    "identity": Reference(lambda: lambda x: x),
    "exponential": Reference(lambda: mp.exp),
    "arctan": Reference(lambda: mp.atan),
    # Carlile et al. 2017
    "isru": Reference(
        lambda alpha=1: lambda x: x / mp.sqrt(1 + _mp(alpha) * x**2),
        param_sets=({}, {"alpha": _f("4")}, {"alpha": _f("0.5")}),
    ),
    "bent_identity": Reference(lambda: lambda x: (mp.sqrt(x**2 + 1) - 1) / 2 + x),
    "gaussian": Reference(lambda: lambda x: mp.exp(-(x**2))),
    # Liu & Di 2020
    "tanhexp": Reference(lambda: lambda x: x * mp.tanh(mp.exp(x))),
    # -- oscillating (functions/oscillating.py) --
    "sinusoid": Reference(lambda: mp.sin),
    # sin(x)/x, 1 at 0 (mpmath's sinc is the unnormalized one, 1 at 0)
    "sinc": Reference(lambda: lambda x: mp.sin(x) / x if x != 0 else mp.mpf(1)),
    "gcu": Reference(lambda: lambda x: x * mp.cos(x)),
    # Liu Ziyin et al. 2020: x + sin(a x)^2 / a
    "snake": Reference(
        lambda a=1: lambda x: x + mp.sin(_mp(a) * x) ** 2 / _mp(a),
        param_sets=({}, {"a": _f("2")}, {"a": _f("0.5")}),
    ),
    # -- rectifiers, issue 8 additions --
    "selu": Reference(
        lambda: (
            lambda x: (
                mp.mpf("1.0507009873554804934193349852946")
                * (x if x > 0 else mp.mpf("1.6732632423543772848170429916717") * mp.expm1(x))
            )
        ),
        kinks=lambda **p: [0],
    ),
    "celu": Reference(
        lambda alpha=1: (
            lambda x: max(mp.mpf(0), x) + min(mp.mpf(0), _mp(alpha) * mp.expm1(x / _mp(alpha)))
        ),
        param_sets=({}, {"alpha": _f("2")}, {"alpha": _f("0.5")}),
    ),
    # Keras's code: where(x > threshold, x, 0), clipped to [0, max_value] if
    # max_value is given, minus negative_slope * relu(threshold - x)
    "keras_relu": Reference(
        lambda negative_slope=0, threshold=0, max_value=None: (
            lambda x: (
                (
                    (x if x > _mp(threshold) else mp.mpf(0))
                    if max_value is None
                    else min(max(x if x > _mp(threshold) else mp.mpf(0), 0), _mp(max_value))
                )
                - _mp(negative_slope) * max(_mp(threshold) - x, mp.mpf(0))
            )
        ),
        # a jump at a nonzero threshold (unless clipped at 0 from below), a
        # change of slope at 0 and max_value
        kinks=lambda negative_slope=0, threshold=0, max_value=None: (
            ([] if threshold == 0 and negative_slope == 1 else [threshold])
            if max_value is None
            else sorted(
                ({threshold} if threshold > 0 or negative_slope != (threshold == 0) else set())
                | ({0} if threshold < 0 else set())
                | ({max_value} if max_value > threshold else set())
            )
        ),
        param_sets=(
            {},
            {"negative_slope": _f("0.1"), "max_value": _f("6")},
            {"threshold": _f("1")},
            {"negative_slope": _f("0.2"), "threshold": _f("-1"), "max_value": _f("3")},
            {"negative_slope": _f("0.2"), "threshold": _f("-1")},
            {"negative_slope": _f("1")},
        ),
    ),
    "squared_relu": Reference(lambda: lambda x: max(mp.mpf(0), x) ** 2),
    "srelu": Reference(
        lambda t_left=-1, a_left=Fraction(1, 10), t_right=2, a_right=Fraction(1, 2): (
            lambda x: (
                _mp(t_right) + _mp(a_right) * (x - _mp(t_right))
                if x >= _mp(t_right)
                else (x if x > _mp(t_left) else _mp(t_left) + _mp(a_left) * (x - _mp(t_left)))
            )
        ),
        kinks=lambda t_left=-1, a_left=Fraction(1, 10), t_right=2, a_right=Fraction(1, 2): (
            ([] if a_left == a_right else [t_left])
            if t_left == t_right
            else [t for t, a in ((t_left, a_left), (t_right, a_right)) if a != 1]
        ),
        param_sets=(
            {},
            {"a_left": _f("1")},
            {"t_left": _f("0"), "a_left": _f("0.5"), "t_right": _f("0"), "a_right": _f("0.5")},
            {"t_left": _f("-2"), "a_left": _f("0"), "t_right": _f("3"), "a_right": _f("2")},
        ),
    ),
    "apl": Reference(
        lambda a1=Fraction(1, 5), b1=1, a2=Fraction(-1, 10), b2=-1: (
            lambda x: (
                max(mp.mpf(0), x)
                + _mp(a1) * max(mp.mpf(0), -x + _mp(b1))
                + _mp(a2) * max(mp.mpf(0), -x + _mp(b2))
            )
        ),
        # a hinge is a kink unless the slope changes meeting there cancel
        kinks=lambda a1=Fraction(1, 5), b1=1, a2=Fraction(-1, 10), b2=-1: sorted(
            q for q in {0, b1, b2} if (q == 0) + a1 * (q == b1) + a2 * (q == b2) != 0
        ),
        param_sets=(
            {},
            {"a1": _f("-1"), "b1": _f("0"), "a2": _f("0")},
            {"a2": _f("-0.2"), "b2": _f("1")},
        ),
    ),
    "isrlu": Reference(
        lambda alpha=1: lambda x: x if x >= 0 else x / mp.sqrt(1 + _mp(alpha) * x**2),
        param_sets=({}, {"alpha": _f("3")}, {"alpha": _f("0.25")}),
    ),
    "elish": Reference(lambda: lambda x: (x if x >= 0 else mp.expm1(x)) * _sigmoid(x)),
    "hard_elish": Reference(
        lambda: lambda x: (x if x >= 0 else mp.expm1(x)) * max(0, min(1, (x + 1) / 2)),
        kinks=lambda **p: [-1, 1],
    ),
    "soft_exponential": Reference(
        lambda alpha=0: (
            (lambda x: x)
            if alpha == 0
            else (lambda x: mp.expm1(_mp(alpha) * x) / _mp(alpha) + _mp(alpha))
        ),
        param_sets=({}, {"alpha": _f("0.5")}, {"alpha": _f("1")}, {"alpha": _f("2")}),
    ),
    # -- hard (functions/hard.py) --
    # PyTorch's forward formulas (torch/nn/modules/activation.py docstrings and
    # Activation.cpp); JAX/Keras docstrings for sparse_*; Wuraola & Patel for SQNL
    "hardtanh": Reference(
        lambda min_val=-1, max_val=1: lambda x: min(max(x, _mp(min_val)), _mp(max_val)),
        kinks=lambda min_val=-1, max_val=1: [min_val, max_val],
        param_sets=({}, {"min_val": _f("0"), "max_val": _f("6")}, {"min_val": _f("-2.5")}),
    ),
    "hardsigmoid": Reference(
        lambda: lambda x: min(max(x + 3, mp.mpf(0)), mp.mpf(6)) / 6, kinks=lambda **p: [-3, 3]
    ),
    "hardswish": Reference(
        lambda: lambda x: x * min(max(x + 3, mp.mpf(0)), mp.mpf(6)) / 6, kinks=lambda **p: [-3, 3]
    ),
    "softshrink": Reference(
        lambda lambd=Fraction(1, 2): (
            lambda x: (
                x - _mp(lambd)
                if x > _mp(lambd)
                else x + _mp(lambd)
                if x < -_mp(lambd)
                else mp.mpf(0)
            )
        ),
        kinks=lambda lambd=Fraction(1, 2): [] if lambd == 0 else [-lambd, lambd],
        param_sets=({}, {"lambd": _f("1.5")}, {"lambd": _f("0")}),
    ),
    "hardshrink": Reference(
        lambda lambd=Fraction(1, 2): lambda x: x if abs(x) > _mp(lambd) else mp.mpf(0),
        kinks=lambda lambd=Fraction(1, 2): [] if lambd <= 0 else [-lambd, lambd],
        param_sets=({}, {"lambd": _f("1.5")}, {"lambd": _f("0")}),
    ),
    "threshold": Reference(
        lambda threshold=0, value=0: lambda x: x if x > _mp(threshold) else _mp(value),
        kinks=lambda threshold=0, value=0: [threshold],
        param_sets=(
            {},
            {"threshold": _f("1"), "value": _f("-2")},
            {"threshold": _f("-1.5"), "value": _f("-1.5")},
        ),
    ),
    "binary_step": Reference(
        lambda: lambda x: mp.mpf(1) if x >= 0 else mp.mpf(0), kinks=lambda **p: [0]
    ),
    "sparse_plus": Reference(
        lambda: lambda x: mp.mpf(0) if x <= -1 else x if x >= 1 else (x + 1) ** 2 / 4
    ),
    "sparse_sigmoid": Reference(
        lambda: lambda x: min(max((x + 1) / 2, mp.mpf(0)), mp.mpf(1)), kinks=lambda **p: [-1, 1]
    ),
    "sqnl": Reference(
        lambda: (
            lambda x: (
                mp.mpf(1)
                if x > 2
                else x - x**2 / 4
                if x >= 0
                else x + x**2 / 4
                if x >= -2
                else mp.mpf(-1)
            )
        )
    ),
}


def softmax(zs, i):
    """Component i (1-based) of softmax(zs)."""
    m = max(zs)
    exps = [mp.exp(z - m) for z in zs]
    return exps[i - 1] / mp.fsum(exps)


def maxout(zs):
    return max(zs)
