"""Constants frameworks hard-code, derived from their defining conditions.

* SELU (Klambauer et al. 2017): ``selu(x) = scale * elu(x, alpha)`` with
  (scale, alpha) chosen so that z ~ N(0, 1) gives E[selu(z)] = 0 and
  E[selu(z)^2] = 1. Both conditions are integrated exactly from ELU's
  definition; the mean is linear in alpha and the second moment fixes the
  scale, which gives closed forms in terms of erfc(1/sqrt(2)) and erfc(sqrt(2)).
* RReLU's evaluation-mode slope: the expectation of a ~ U(lower, upper).

>>> c = selu_constants()
>>> c.alpha.digits[:20], c.scale.digits[:20]
('1.673263242354377284', '1.050700987355480493')
>>> c.alpha.agreement >= 30 and c.scale.agreement >= 30
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy
from sympy import Expr, Symbol

from symact.statistics.expectation import gaussian_expectation, uniform_expectation

__all__ = ["DerivedConstant", "SeluConstants", "rrelu_eval_slope", "selu_constants"]

#: PyTorch's SELU constants (aten/src/ATen/native/Activation.cpp, SELU_ALPHA
#: and SELU_SCALE), the decimals the paper printed
PYTORCH_SELU_ALPHA = "1.6732632423543772848170429916717"
PYTORCH_SELU_SCALE = "1.0507009873554804934193349852946"
#: significant digits a derived constant is shown with
SHOWN = 40


@dataclass(frozen=True)
class DerivedConstant:
    """A constant derived exactly (``value``), its decimal expansion
    (``digits``, :data:`SHOWN` significant digits), the value a framework
    hard-codes (``framework``, if any) and how many significant digits of it
    the derivation reproduces (``agreement``)."""

    name: str
    value: Expr
    digits: str
    framework: str | None = None
    agreement: int | None = None


def _agreement(derived: Expr, quoted: str) -> int:
    """Significant digits of ``quoted`` that ``derived`` reproduces: the
    number of leading digits of ``quoted`` (ignoring its last, which may be
    rounded) that the derived value, correctly rounded, matches."""
    quoted_digits = quoted.replace(".", "").lstrip("0")
    with mpmath.workdps(len(quoted_digits) + 20):
        exact = mpmath.mpf(str(sympy.N(derived, len(quoted_digits) + 20)))
        best = 0
        for n in range(1, len(quoted_digits) + 1):
            if mpmath.nstr(exact, n, strip_zeros=False).replace(".", "").lstrip("0") == (
                quoted_digits[:n] if n < len(quoted_digits) else quoted_digits
            ):
                best = n
        return best


def _constant(name: str, value: Expr, framework: str | None = None) -> DerivedConstant:
    digits = str(sympy.N(value, SHOWN))
    agreement = None if framework is None else _agreement(value, framework)
    return DerivedConstant(name, value, digits, framework, agreement)


def _erfc_form(expr: Expr) -> Expr:
    return sympy.expand(expr.replace(sympy.erf, lambda u: 1 - sympy.erfc(u)))


@dataclass(frozen=True)
class SeluConstants:
    """SELU's (alpha, scale), derived."""

    alpha: DerivedConstant
    scale: DerivedConstant


@lru_cache(maxsize=1)
def selu_constants() -> SeluConstants:
    """Solve E[scale * elu(z, alpha)] = 0 and E[(scale * elu(z, alpha))^2] = 1.

    Raises
    ======
    ArithmeticError
        if an integral has no closed form or the solution is not unique
        (neither happens with SymPy 1.14; the tests pin the result).
    """
    from symact.catalogue import get

    x = Symbol("x", real=True)
    alpha = Symbol("alpha", positive=True)
    elu = get("elu").definition(x, alpha=alpha)
    mean = gaussian_expectation(elu, x)
    second = gaussian_expectation(elu**2, x)
    if not (mean.exact and second.exact) or mean.value is None or second.value is None:
        raise ArithmeticError("no closed form for ELU's Gaussian moments")
    # erf(u) as 1 - erfc(u): the forms the paper writes, and shorter
    mean_value, second_value = (_erfc_form(m.value) for m in (mean, second))
    solutions = sympy.solve(mean_value, alpha)
    if len(solutions) != 1:
        raise ArithmeticError(f"E[elu(z, alpha)] = 0 has solutions {solutions}")
    (alpha_value,) = solutions
    alpha_value = sympy.simplify(alpha_value)
    scale_value = sympy.simplify(1 / sympy.sqrt(second_value.subs(alpha, alpha_value)))
    return SeluConstants(
        alpha=_constant("alpha", alpha_value, PYTORCH_SELU_ALPHA),
        scale=_constant("scale", scale_value, PYTORCH_SELU_SCALE),
    )


def rrelu_eval_slope(lower: Expr, upper: Expr) -> DerivedConstant:
    """RReLU's slope in evaluation mode: E[a] for a ~ U(lower, upper).

    >>> rrelu_eval_slope(sympy.Rational(1, 8), sympy.Rational(1, 3)).value
    11/48
    """
    a = Symbol("a", real=True)
    return _constant("eval_slope", uniform_expectation(a, a, lower, upper))
