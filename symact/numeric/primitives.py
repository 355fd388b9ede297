"""NumPy kernels of the functions symact's compiled expressions call.

Each kernel takes float64 arrays (and parameter values, scalars or arrays that
broadcast), is evaluated under ``np.errstate(all="ignore")`` by the caller,
and returns float64. A kernel is *exact in the limit* when, at ±inf, it returns
the function's limit; and *finite-safe* when finite inputs never give a
spurious NaN or inf. A compiled expression whose every node is both needs no
after-the-fact guard (:mod:`symact.numeric.compile`).

The activations use the forms the frameworks use, for the same reasons:
σ via ``scipy.special.expit`` (exp of a non-positive number only), log σ via
``log_expit``, softplus via ``logaddexp`` (``max(x, 0) + log1p(exp(-|x|))``),
ELU via ``expm1`` on ``min(x, 0)``, and sech via ``exp(-|x|)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.special as sc
import sympy
from sympy.codegen.cfunctions import expm1, log1p

from symact import functions as act
from symact.numeric.special import ndtr

__all__ = ["PRIMITIVES", "Primitive"]

Array = Any


@dataclass(frozen=True)
class Primitive:
    """A NumPy kernel for one SymPy function class.

    ``sensitive`` marks where the kernel magnifies the rounding error of its
    first argument beyond the tolerance (its relative condition number
    ``|u f'(u) / f(u)|`` exceeds 32 there, and the value is not 0 or inf): a
    computed argument there makes the compiler recompute the point exactly.
    """

    kernel: Callable[..., Array]
    exact_in_limit: bool = True
    finite_safe: bool = True
    sensitive: Callable[[Array], Array] | None = None


def _large(u: Array) -> Array:
    """exp, sech, sinh, cosh: condition number |u|."""
    return (np.abs(u) > 32.0) & (u < 710.0) & (u > -746.0)


def _very_negative(u: Array) -> Array:
    """sigmoid and softplus, about exp(u) far left: condition number |u|."""
    return (u < -32.0) & (u > -746.0)


def _very_positive(u: Array) -> Array:
    """logsigmoid (about -exp(-u)) and expm1 far right: condition number u."""
    return (u > 32.0) & (u < 746.0)


def _normal_tail(u: Array) -> Array:
    """ndtr far left: condition number about u**2."""
    return (u < -5.7) & (u > -38.6)


def _erfc_tail(u: Array) -> Array:
    """erfc far right: condition number about 2 u**2."""
    return (u > 4.0) & (u < 27.3)


_SQRT_HALF = float(np.sqrt(0.5))


def _ndtr(u: Array) -> Array:
    """Phi(u): scipy's ndtr, except below -1 where it loses up to 2e-13
    (near -37; it rounds -u/sqrt(2), an error erfc's tail magnifies by u**2):
    there exp(-u**2/2) erfcx(-u/sqrt 2)/2, with u**2 split exactly (u = h + l,
    h with 24 bits, so h*h is exact)."""
    u = np.asarray(u, dtype=np.float64)
    v = np.clip(u, -40.0, -1.0)
    high = v.astype(np.float32).astype(np.float64)
    low = v - high
    tail = (
        0.5
        * sc.erfcx(-v * _SQRT_HALF)
        * np.exp(-0.5 * (high * high))
        * np.exp(-(high * low + 0.5 * (low * low)))
    )
    return np.where(u < -40.0, 0.0, np.where(u < -1.0, tail, sc.ndtr(u)))


def _sech(u: Array) -> Array:
    e = np.exp(-np.abs(u))
    return 2 * e / (1 + e * e)


def _softplus(u: Array, beta: Array = 1.0) -> Array:
    if np.isscalar(beta) and beta == 1:
        return np.logaddexp(0.0, u)
    return np.logaddexp(0.0, beta * u) / beta


#: below this, ``exp(u)`` is subnormal and SciPy's ``expit`` flushes it to 0
EXPIT_FLUSH = -708.0


def _expit(u: Array) -> Array:
    """The logistic sigmoid, keeping the subnormal values SciPy's ``expit``
    flushes to 0 (``expit(-710) == 0`` where sigmoid(-710) = 4.5e-309): there
    sigmoid(u) = exp(u) / (1 + exp(u)) is exp(u) to within exp(u) relatively,
    and a product with a large factor (silu(-710) = -3.2e-306) is a normal
    number that must not be 0.

    >>> float(_expit(np.float64(-710.0)))
    4.47628622567513e-309
    """
    with np.errstate(under="ignore"):
        return np.where(u < EXPIT_FLUSH, np.exp(np.minimum(u, 0.0)), sc.expit(u))


def _silu(u: Array) -> Array:
    return u * _expit(u)


def _leaky(u: Array, slope: Array) -> Array:
    negative = slope * u
    negative = np.where(np.isnan(negative) & ~np.isnan(u), 0.0, negative)  # 0 * -inf
    return np.where(u > 0, u, negative)


def _rrelu(u: Array, lower: Array, upper: Array, slope: Array | None = None) -> Array:
    return _leaky(u, (lower + upper) / 2 if slope is None else slope)


def _relu6(u: Array) -> Array:
    return np.minimum(np.maximum(u, 0.0), 6.0)


def _elu(u: Array, alpha: Array = 1.0) -> Array:
    return np.where(u > 0, u, alpha * np.expm1(np.minimum(u, 0.0)))


def _heaviside(u: Array, at_zero: Array = 0.5) -> Array:
    return np.heaviside(u, at_zero)


def _real_lambertw(u: Array) -> Array:
    w = sc.lambertw(u)
    return np.where(np.abs(w.imag) == 0, w.real, np.nan)


# -- smooth activations (functions/smooth.py) ------------------------------------


def _tanhshrink_series() -> tuple[float, ...]:
    """``c`` with ``x - tanh x = x**3 (c[0] + c[1] x**2 + c[2] x**4 + ...)``,
    from tanh's Taylor coefficients ``2**2n (2**2n - 1) B_2n / (2n)!``."""
    coefficients = []
    for n in range(2, 22):
        power = sympy.Integer(2) ** (2 * n)
        coefficient = power * (power - 1) * sympy.bernoulli(2 * n) / sympy.factorial(2 * n)
        coefficients.append(-coefficient)
    return tuple(float(c) for c in coefficients)


_TANHSHRINK_SERIES = _tanhshrink_series()


def _tanhshrink(u: Array) -> Array:
    """x - tanh x; below |x| = 1/2, where the difference cancels, its Taylor
    series (20 terms: the next is below 1e-19 of the first)."""
    u = np.asarray(u, dtype=np.float64)
    small = np.where(np.abs(u) < 0.5, u, 0.0)
    square = small * small
    series = np.zeros_like(small)
    for coefficient in reversed(_TANHSHRINK_SERIES):
        series = series * square + coefficient
    return np.where(np.abs(u) < 0.5, small * square * series, u - np.tanh(u))


def _squareplus(u: Array, b: Array = 4.0) -> Array:
    """(x + sqrt(x**2 + b))/2 as x/2 + r/2 for x >= 0 and (b/2)/(r - x) below,
    with r = hypot(x, sqrt b): no cancellation, no overflow of x**2."""
    root = np.hypot(u, np.sqrt(b))
    return np.where(u >= 0, 0.5 * u + 0.5 * root, (0.5 * b) / (root - u))


def _isru(u: Array, alpha: Array = 1.0) -> Array:
    """x / hypot(1, sqrt(alpha) x): no overflow of x**2; ±1/sqrt(alpha) at ±inf."""
    scale = np.sqrt(alpha)
    return np.where(np.isinf(u), np.sign(u) / scale, u / np.hypot(1.0, scale * u))


def _bent_identity(u: Array) -> Array:
    """x (1 + x / (2 (hypot(x, 1) + 1))), equal to (sqrt(x**2 + 1) - 1)/2 + x
    without its cancellation near 0 or an overflow of x**2."""
    return np.where(np.isinf(u), u, u * (1.0 + 0.5 * u / (np.hypot(u, 1.0) + 1.0)))


#: SymPy function class -> kernel. Vector activations (softmax, maxout) are
#: compiled from their inputs by :mod:`symact.numeric.compile`.
PRIMITIVES: dict[type, Primitive] = {
    # elementary and special functions
    sympy.exp: Primitive(np.exp, sensitive=_large),
    sympy.log: Primitive(np.log),
    log1p: Primitive(np.log1p),
    expm1: Primitive(np.expm1, sensitive=_very_positive),
    sympy.sin: Primitive(np.sin, exact_in_limit=False),
    sympy.cos: Primitive(np.cos, exact_in_limit=False),
    sympy.tan: Primitive(np.tan, exact_in_limit=False),
    sympy.atan: Primitive(np.arctan),
    sympy.asin: Primitive(np.arcsin),
    sympy.acos: Primitive(np.arccos),
    sympy.sinh: Primitive(np.sinh, sensitive=_large),
    sympy.cosh: Primitive(np.cosh, sensitive=_large),
    sympy.tanh: Primitive(np.tanh),
    sympy.sech: Primitive(_sech, sensitive=_large),
    sympy.asinh: Primitive(np.arcsinh),
    sympy.atanh: Primitive(np.arctanh),
    sympy.erf: Primitive(sc.erf),
    sympy.erfc: Primitive(sc.erfc, sensitive=_erfc_tail),
    ndtr: Primitive(_ndtr, sensitive=_normal_tail),
    sympy.Abs: Primitive(np.abs),
    sympy.sign: Primitive(np.sign),
    sympy.floor: Primitive(np.floor),
    sympy.ceiling: Primitive(np.ceil),
    sympy.Heaviside: Primitive(_heaviside),
    sympy.LambertW: Primitive(_real_lambertw),
    # catalogue activations
    act.sigmoid: Primitive(_expit, sensitive=_very_negative),
    act.logsigmoid: Primitive(sc.log_expit, sensitive=_very_positive),
    act.softplus: Primitive(_softplus, finite_safe=False, sensitive=_very_negative),
    act.silu: Primitive(_silu, exact_in_limit=False),
    act.relu: Primitive(lambda u: np.maximum(u, 0.0)),
    act.leaky_relu: Primitive(_leaky),
    act.prelu: Primitive(_leaky),
    act.rrelu: Primitive(_rrelu),
    act.relu6: Primitive(_relu6),
    act.elu: Primitive(_elu),
    # -- smooth (functions/smooth.py) --
    # the others compile from their definitions (GELU's Phi via ndtr above)
    act.tanhshrink: Primitive(_tanhshrink),
    act.squareplus: Primitive(_squareplus),
    act.isru: Primitive(_isru),
    act.bent_identity: Primitive(_bent_identity),
    # -- oscillating (functions/oscillating.py) --
    # -- rectifiers, issue 8 additions --
    # x/sqrt(1 + alpha x^2), as sign(x)/sqrt(1/x^2 + alpha) for |x| > 1 (no overflow)
    act.isrlu: Primitive(
        lambda u, alpha=1.0: np.where(
            u >= 0,
            u,
            np.where(
                np.abs(u) > 1,
                np.sign(u) / np.sqrt(1 / (u * u) + alpha),
                u / np.sqrt(1 + alpha * u * u),
            ),
        )
    ),
    # -- hard (functions/hard.py) --
    # PyTorch's forms where they are exact (clip(x + 3, 0, 6)/6); the branches
    # pick the exact limits at ±inf (PyTorch's hardswish is NaN at -inf). The
    # shrinkage and threshold functions compile from their definitions: a jump
    # at a decimal parameter stays exact there, and x - lambd is guarded.
    act.hardtanh: Primitive(lambda u, low=-1.0, high=1.0: np.minimum(np.maximum(u, low), high)),
    act.hardsigmoid: Primitive(lambda u: np.minimum(np.maximum(u + 3.0, 0.0), 6.0) / 6.0),
    act.hardswish: Primitive(
        lambda u: np.where(u <= -3.0, 0.0, np.where(u >= 3.0, u, u * (u + 3.0) / 6.0))
    ),
    act.binary_step: Primitive(lambda u: np.where(np.isnan(u), u, np.where(u >= 0.0, 1.0, 0.0))),
    act.sparse_plus: Primitive(
        lambda u: np.where(u <= -1.0, 0.0, np.where(u >= 1.0, u, np.square(u + 1.0) / 4.0))
    ),
    act.sparse_sigmoid: Primitive(lambda u: np.minimum(np.maximum(u + 1.0, 0.0), 2.0) / 2.0),
    act.sqnl: Primitive(
        lambda u: np.where(u > 2.0, 1.0, np.where(u < -2.0, -1.0, u - u * np.abs(u) / 4.0))
    ),
    # -- vector, issue 8 additions --
}
