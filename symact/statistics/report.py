"""An activation's statistics under a Gaussian input: :func:`stats`.

For z ~ N(mu, sigma^2) (the standard normal unless told otherwise):
E[f(z)], E[f(z)^2], Var f(z), E[f'(z)], E[f'(z)^2], the variance-preserving
initialisation gain 1/sqrt(E[f(z)^2]) (z standard normal) beside PyTorch's
``calculate_gain`` value, and constants that frameworks hard-code, derived
(SELU's scale and alpha, RReLU's evaluation slope). Each value is exact where
SymPy integrates it, otherwise numeric with 35 significant digits and listed
in :attr:`GaussianStats.numeric`.

f' is the derivative where it exists: at a kink or a jump (a set of measure
zero) it plays no part in the expectations; for an activation with jumps the
distributional derivative would add Dirac terms, which these values leave
out (the record's ``notes`` say so).

>>> s = stats("relu")
>>> s.mean.value, s.second_moment.value, s.variance.value
(sqrt(2)/(2*sqrt(pi)), 1/2, (-1 + pi)/(2*pi))
>>> s.gain.value, s.pytorch_gain, s.gain_reproduced
(sqrt(2), sqrt(2), True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy import Expr, Symbol

from symact.errors import AnalysisError, ParameterError
from symact.statistics.constants import DerivedConstant, rrelu_eval_slope, selu_constants
from symact.statistics.expectation import DIGITS, Moment, gaussian_expectation, tidy
from symact.statistics.gains import PYTORCH_GAINS
from symact.symbols import as_argument

__all__ = ["MOMENTS", "GaussianStats", "stats"]

#: the moments, in the order they are shown (and their JSON keys)
MOMENTS = (
    "mean",
    "second_moment",
    "variance",
    "derivative_mean",
    "derivative_second_moment",
    "gain",
)


@dataclass(frozen=True)
class GaussianStats:
    """The statistics of ``name`` at ``parameters`` for z ~ N(input_mean, input_std^2).

    ``gain`` is 1/sqrt(E[f(z)^2]); ``pytorch_gain`` is PyTorch's value
    (``None`` where PyTorch has none) and ``gain_reproduced`` whether the
    derivation gives exactly PyTorch's value (``None`` when undecided or not
    applicable: no PyTorch gain, or a non-standard input).
    """

    name: str
    parameters: Mapping[str, Expr]
    input_mean: Expr
    input_std: Expr
    mean: Moment
    second_moment: Moment
    variance: Moment
    derivative_mean: Moment
    derivative_second_moment: Moment
    gain: Moment
    pytorch_gain: Expr | None
    pytorch_gain_rationale: str | None
    gain_reproduced: bool | None
    derived_constants: Mapping[str, DerivedConstant] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def numeric(self) -> tuple[str, ...]:
        """The moments whose value is numeric rather than exact."""
        return tuple(key for key in MOMENTS if getattr(self, key).numeric)

    @property
    def standard_input(self) -> bool:
        """Whether the input is the standard normal N(0, 1)."""
        return self.input_mean == 0 and self.input_std == 1


def _numeric(value: Expr) -> Expr:
    return sympy.Float(sympy.N(value, DIGITS + 10), DIGITS)


def _variance(
    f: Expr, x: Symbol, mean: Moment, second: Moment, mu: Expr, sigma: Expr, seconds: float
) -> Moment:
    if mean.exact and second.exact and mean.value is not None and second.value is not None:
        return Moment(tidy(second.value - mean.value**2), exact=True)
    if mean.value is None:
        return Moment(None, exact=False)
    # E[(f - m)^2] = Var + (m - E f)^2: an error in a numeric m enters squared
    return gaussian_expectation((f - mean.value) ** 2, x, mu, sigma, seconds=seconds)


def _gain(second: Moment) -> Moment:
    if second.value is None or second.value.is_zero:
        return Moment(None, exact=False)
    if second.exact:
        return Moment(tidy(1 / sympy.sqrt(second.value)), exact=True)
    return Moment(_numeric(1 / sympy.sqrt(second.value)), exact=False)


def _reproduced(gain: Moment, theirs: Expr | None) -> bool | None:
    if theirs is None or gain.value is None:
        return None
    if gain.exact:
        difference = sympy.simplify(gain.value - theirs)
        if difference.is_zero:
            return True
    # a numeric gain is accurate to DIGITS: a difference far above that is real
    difference = abs(sympy.N(gain.value - theirs, DIGITS))
    if difference > sympy.Float(10) ** (5 - DIGITS) * max(1, abs(sympy.N(theirs, 20))):
        return False
    return None


def _derived_constants(name: str, bound: Mapping[str, Expr]) -> dict[str, DerivedConstant]:
    if name == "selu":
        constants = selu_constants()
        return {"scale": constants.scale, "alpha": constants.alpha}
    if name == "rrelu" and "slope" not in bound:
        return {"eval_slope": rrelu_eval_slope(bound["lower"], bound["upper"])}
    return {}


def stats(
    name: str,
    *,
    mean: object = 0,
    std: object = 1,
    symbolic: bool = False,
    seconds: float = 20.0,
    **params: Any,
) -> GaussianStats:
    """The statistics of activation ``name`` under z ~ N(``mean``, ``std``^2).

    ``mean`` and ``std`` are numbers or SymPy symbols (``std`` positive);
    ``params`` set the activation's parameters (defaults otherwise;
    ``symbolic=True`` keeps the unset ones as symbols). ``seconds`` bounds
    SymPy's attempt at each exact integral.

    >>> a = sympy.Symbol("a", real=True)
    >>> stats("leaky_relu", negative_slope=a).second_moment.value
    a**2/2 + 1/2

    Raises
    ======
    ParameterError
        for a vector activation, an unknown parameter, or a non-positive ``std``.
    """
    from symact.catalogue import get

    record = get(name)
    if record.vector:
        raise ParameterError(f"{record.name} is a vector activation: stats are for scalar ones")
    mu = as_argument(mean, what="mean")
    sigma = as_argument(std, what="standard deviation")
    if sigma.is_positive is False or sigma.is_real is False:
        raise ParameterError(f"the standard deviation must be positive, got {sigma}")
    if mu.is_real is False:
        raise ParameterError(f"the mean must be real, got {mu}")
    bound = record.bind(params, symbolic=symbolic)
    x = Symbol("x", real=True)
    f = record.expr(x, symbolic=symbolic, **params)
    df = record.derivative(1, x=x, symbolic=symbolic, **params)

    def moment(expr: Expr) -> Moment:
        return gaussian_expectation(expr, x, mu, sigma, seconds=seconds)

    first, second = moment(f), moment(f**2)
    variance = _variance(f, x, first, second, mu, sigma, seconds)
    standard = mu == 0 and sigma == 1
    gain = _gain(second) if standard else Moment(None, exact=False)
    entry = PYTORCH_GAINS.get(record.name)
    theirs = entry.rule(bound) if entry is not None else None
    notes: list[str] = []
    from symact.analysis.shape import continuity_order

    try:
        if continuity_order(record.expr(x, **params), x) == -1:
            notes.append(
                f"{record.name} jumps: f' is its derivative where it exists; the Dirac "
                "terms of the distributional derivative are left out"
            )
    except (AnalysisError, ArithmeticError, ValueError, NotImplementedError):
        notes.append("whether f has jumps is undecided")
    if not standard:
        notes.append("the gain is defined for a standard normal input")
    return GaussianStats(
        name=record.name,
        parameters=bound,
        input_mean=mu,
        input_std=sigma,
        mean=first,
        second_moment=second,
        variance=variance,
        derivative_mean=moment(df),
        derivative_second_moment=moment(df**2),
        gain=gain,
        pytorch_gain=theirs,
        pytorch_gain_rationale=entry.rationale if entry is not None else None,
        gain_reproduced=_reproduced(gain, theirs) if standard else None,
        derived_constants=_derived_constants(record.name, bound),
        notes=tuple(notes),
    )
