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
    # -- oscillating (functions/oscillating.py) --
    # -- rectifiers, issue 8 additions --
    # -- hard (functions/hard.py) --
}


def softmax(zs, i):
    """Component i (1-based) of softmax(zs)."""
    m = max(zs)
    exps = [mp.exp(z - m) for z in zs]
    return exps[i - 1] / mp.fsum(exps)


def maxout(zs):
    return max(zs)
