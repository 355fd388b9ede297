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
    """A NumPy kernel for one SymPy function class."""

    kernel: Callable[..., Array]
    exact_in_limit: bool = True
    finite_safe: bool = True


def _sech(u: Array) -> Array:
    e = np.exp(-np.abs(u))
    return 2 * e / (1 + e * e)


def _softplus(u: Array, beta: Array = 1.0) -> Array:
    if np.isscalar(beta) and beta == 1:
        return np.logaddexp(0.0, u)
    return np.logaddexp(0.0, beta * u) / beta


def _silu(u: Array) -> Array:
    return u * sc.expit(u)


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


#: SymPy function class -> kernel. Vector activations (softmax, maxout) are
#: compiled from their inputs by :mod:`symact.numeric.compile`.
PRIMITIVES: dict[type, Primitive] = {
    # elementary and special functions
    sympy.exp: Primitive(np.exp),
    sympy.log: Primitive(np.log),
    log1p: Primitive(np.log1p),
    expm1: Primitive(np.expm1),
    sympy.sin: Primitive(np.sin, exact_in_limit=False),
    sympy.cos: Primitive(np.cos, exact_in_limit=False),
    sympy.tan: Primitive(np.tan, exact_in_limit=False),
    sympy.atan: Primitive(np.arctan),
    sympy.asin: Primitive(np.arcsin),
    sympy.acos: Primitive(np.arccos),
    sympy.sinh: Primitive(np.sinh),
    sympy.cosh: Primitive(np.cosh),
    sympy.tanh: Primitive(np.tanh),
    sympy.sech: Primitive(_sech),
    sympy.asinh: Primitive(np.arcsinh),
    sympy.atanh: Primitive(np.arctanh),
    sympy.erf: Primitive(sc.erf),
    sympy.erfc: Primitive(sc.erfc),
    ndtr: Primitive(sc.ndtr),
    sympy.Abs: Primitive(np.abs),
    sympy.sign: Primitive(np.sign),
    sympy.floor: Primitive(np.floor),
    sympy.ceiling: Primitive(np.ceil),
    sympy.Heaviside: Primitive(_heaviside),
    sympy.LambertW: Primitive(_real_lambertw),
    # catalogue activations
    act.sigmoid: Primitive(sc.expit),
    act.logsigmoid: Primitive(sc.log_expit),
    act.softplus: Primitive(_softplus, finite_safe=False),
    act.silu: Primitive(_silu, exact_in_limit=False),
    act.relu: Primitive(lambda u: np.maximum(u, 0.0)),
    act.leaky_relu: Primitive(_leaky),
    act.prelu: Primitive(_leaky),
    act.rrelu: Primitive(_rrelu),
    act.relu6: Primitive(_relu6),
    act.elu: Primitive(_elu),
    # -- smooth (functions/smooth.py) --
    # -- oscillating (functions/oscillating.py) --
    # -- rectifiers, issue 8 additions --
    # -- hard (functions/hard.py) --
    # -- vector, issue 8 additions --
}
