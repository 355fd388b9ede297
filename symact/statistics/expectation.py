"""Expectations of functions of a Gaussian or uniform random variable.

:func:`gaussian_expectation` computes E[g(z)] for z ~ N(mu, sigma^2): exactly
where SymPy integrates every piece of ``g`` (between its breakpoints) against
the density in closed form, and otherwise numerically, with
mpmath's tanh-sinh quadrature at 50 digits, piece by piece, accepted only when
a second run on other subdivision points at 60 digits agrees to 40 digits; the value kept has
:data:`DIGITS` significant digits and is marked numeric. Exact integration
runs in a forked worker under a time limit, so an integral SymPy cannot do
costs at most that limit.

>>> from symact import x
>>> from symact.functions import relu, sigmoid
>>> gaussian_expectation(relu(x) ** 2, x)
Moment(value=1/2, exact=True)
>>> m = gaussian_expectation(sigmoid(x) ** 2, x)
>>> m.exact, str(m.value)[:12]
(False, '0.2933790358')
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy
from sympy import Expr, Integral, S, Symbol, exp, pi, sqrt

from symact.calculus.pieces import expand_definitions, pieces
from symact.limits import TimeLimitExceeded, WorkerFailed, run_with_time_limit
from symact.symbols import as_argument, safe_lambdify

__all__ = [
    "DIGITS",
    "Moment",
    "gaussian_density",
    "gaussian_expectation",
    "tidy",
    "uniform_expectation",
]

#: significant digits of a numeric moment
DIGITS = 35
#: working precision of the quadratures
WORKING_DPS = 50
#: the two quadrature runs must agree to this many digits
AGREEMENT = 40
#: seconds SymPy gets to integrate one expectation exactly
EXACT_SECONDS = 20.0

#: seconds the prover gets to show that g - g(0) is odd
SYMMETRY_SECONDS = 10.0

#: functions whose products with polynomials and Gaussians SymPy integrates
#: in closed form (anything else goes straight to quadrature)
_INTEGRABLE = (sympy.exp, sympy.erf, sympy.erfc, sympy.sin, sympy.cos)


#: functions the integration splits into branches
_SPLIT = (sympy.Piecewise, sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside)


class NumericFailure(ArithmeticError):
    """The quadrature rules did not agree (or the integral diverges)."""


@dataclass(frozen=True)
class Moment:
    """An expectation: an exact closed form (``exact``), a numeric value
    with :data:`DIGITS` significant digits (a SymPy Float), or ``None`` when
    neither could be found."""

    value: Expr | None
    exact: bool

    @property
    def numeric(self) -> bool:
        """Whether the value is a numeric approximation, not a closed form."""
        return self.value is not None and not self.exact


def gaussian_density(x: Symbol, mean: Expr = S.Zero, std: Expr = S.One) -> Expr:
    """The density of N(mean, std^2) at ``x``.

    >>> from symact import x
    >>> gaussian_density(x)
    sqrt(2)*exp(-x**2/2)/(2*sqrt(pi))
    """
    return exp(-((x - mean) ** 2) / (2 * std**2)) / (std * sqrt(2 * pi))


def _closed_form_candidate(expr: Expr, x: Symbol) -> bool:
    """Whether ``expr`` is built from polynomials in ``x`` and the functions
    SymPy integrates against a Gaussian (no rational functions of ``x``)."""
    for node in sympy.preorder_traversal(expr):
        if not isinstance(node, Expr) or not node.has(x):
            continue
        if isinstance(node, sympy.Pow):
            exponent = node.exp
            if node.base.has(x) and not (exponent.is_Integer and exponent >= 0):
                if node.base.func in _INTEGRABLE:
                    continue
                return False
        elif isinstance(node, sympy.Function) and not isinstance(node, _INTEGRABLE + _SPLIT):
            return False
    return True


def _symmetric_value(expr: Expr, x: Symbol, mean: Expr) -> Expr | None:
    """E[g(z)] when g - g(mean) is odd about ``mean``: the density is
    symmetric there, so the expectation is g(mean) (proven by the prover's
    equality engine, e.g. sigmoid - 1/2 and tanh are odd)."""
    from symact.errors import SymactError
    from symact.prover.assumptions import parse_assumptions
    from symact.prover.deadline import Deadline, TimeLimitReached
    from symact.prover.equality import prove_equal

    try:
        centre = expand_definitions(expr).subs(x, mean)
        if centre.has(S.NaN, sympy.zoo) or not centre.is_finite:
            return None
        reflected = expr.subs(x, 2 * mean - x)
        nothing = parse_assumptions(())
        proof = prove_equal(reflected + expr, 2 * centre, [x], nothing, Deadline(5.0))
    except (TimeLimitReached, SymactError, ArithmeticError, ValueError, TypeError):
        return None
    if proof is None:
        return None
    return tidy(centre)


def tidy(value: Expr) -> Expr:
    """The shortest of a few equivalent forms of an exact value (erf written
    as 1 - erfc where that is shorter, as the papers do).

    >>> tidy(1 - sympy.erf(sympy.sqrt(2)))
    erfc(sqrt(2))
    """
    candidates = [value, sympy.simplify(value)]
    if value.has(sympy.erf):
        in_erfc = sympy.expand(value.replace(sympy.erf, lambda u: 1 - sympy.erfc(u)))
        candidates += [in_erfc, sympy.simplify(in_erfc), sympy.factor(in_erfc)]
    return min(candidates, key=lambda c: (sympy.count_ops(c), len(str(c))))


def _exact(expr: Expr, x: Symbol, mean: Expr, std: Expr) -> Expr | None:
    found, _ = pieces(expr, x)
    total = S.Zero
    for piece in found:
        integrand = expand_definitions(piece.expr) * gaussian_density(x, mean, std)
        part = sympy.integrate(integrand, (x, piece.interval.start, piece.interval.end))
        if part.has(Integral) or part.has(S.NaN) or part.has(sympy.zoo):
            return None
        total += part
    simplified = tidy(total)
    if simplified.has(S.NaN) or simplified.has(sympy.zoo) or simplified.is_infinite:
        return None
    return simplified


def _endpoint(value: Expr) -> mpmath.mpf:
    if value.is_infinite:
        return mpmath.inf if value.is_extended_positive else -mpmath.inf
    return mpmath.mpf(str(sympy.N(value, WORKING_DPS + 5)))


def _quadrature(expr: Expr, x: Symbol, mean: Expr, std: Expr) -> Expr:
    """E[expr] by quadrature; raises :class:`NumericFailure` unless two rules agree.
    (Names in ``expr`` are catalogue or parser-validated identifiers, safe for lambdify.)"""
    found, _ = pieces(expr, x)
    centre = mpmath.mpf(str(sympy.N(mean, WORKING_DPS)))
    spread = mpmath.mpf(str(sympy.N(std, WORKING_DPS)))
    integrands = [
        (
            safe_lambdify(
                x, expand_definitions(p.expr) * gaussian_density(x, mean, std), modules="mpmath"
            ),
            _endpoint(p.interval.start),
            _endpoint(p.interval.end),
        )
        for p in found
    ]
    totals = []
    # the same tanh-sinh rule on two different subdivisions (at the mean, and
    # at mean +- 3 std) and precisions: different nodes, so agreement to 40
    # digits means both converged
    for dps, splits in ((WORKING_DPS, (0,)), (WORKING_DPS + 10, (-3, 3))):
        with mpmath.workdps(dps):
            total = mpmath.mpf(0)
            for f, a, b in integrands:
                inner = [centre + k * spread for k in splits]
                points = [a, *(p for p in inner if a < p < b), b]
                total += mpmath.quad(f, points)
            totals.append(total)
    with mpmath.workdps(WORKING_DPS):
        first, second = totals
        if not (mpmath.isfinite(first) and mpmath.isfinite(second)):
            raise NumericFailure("the quadrature did not converge")
        scale = max(abs(first), mpmath.mpf(10) ** -(WORKING_DPS - AGREEMENT - 5))
        if abs(first - second) > scale * mpmath.mpf(10) ** -AGREEMENT:
            raise NumericFailure("the quadrature rules disagree")
        if abs(first) < mpmath.mpf(10) ** -(AGREEMENT - 5):
            # zero to working precision: the value is 0 to within the
            # quadrature's accuracy, which is not a proof that it is 0
            return sympy.Float(0, DIGITS)
        return sympy.Float(mpmath.nstr(first, DIGITS + 5), DIGITS)


def gaussian_expectation(
    expr: Expr,
    x: Symbol,
    mean: Expr = S.Zero,
    std: Expr = S.One,
    *,
    seconds: float = EXACT_SECONDS,
) -> Moment:
    """E[expr] with ``x`` ~ N(``mean``, ``std``^2): exact if SymPy finds the
    integral within ``seconds``, else numeric (when ``mean``, ``std`` and
    ``expr``'s other symbols are numbers), else ``None``.

    >>> from symact import x
    >>> from symact.functions import relu
    >>> mu, s = sympy.symbols("mu sigma", positive=True)
    >>> gaussian_expectation(sympy.erf(x / sympy.sqrt(2)) * x / 2 + x / 2, x).value
    1/(2*sqrt(pi))
    >>> gaussian_expectation(x**2, x, mu, s).value
    mu**2 + sigma**2
    """
    mean = as_argument(mean, what="mean")
    std = as_argument(std, what="standard deviation")
    if mean == 0:
        try:
            symmetric = run_with_time_limit(_symmetric_value, (expr, x, mean), SYMMETRY_SECONDS)
        except (TimeLimitExceeded, WorkerFailed):
            symmetric = None
        if symmetric is not None:
            return Moment(symmetric, exact=True)
    if _closed_form_candidate(expand_definitions(expr), x):
        try:
            exact = run_with_time_limit(_exact, (expr, x, mean, std), seconds)
        except (TimeLimitExceeded, WorkerFailed):
            exact = None
        if exact is not None:
            return Moment(exact, exact=True)
    if (expr.free_symbols - {x}) or mean.free_symbols or std.free_symbols:
        return Moment(None, exact=False)
    try:
        return Moment(_quadrature(expr, x, mean, std), exact=False)
    except (NumericFailure, ArithmeticError, ValueError, TypeError):
        return Moment(None, exact=False)


def uniform_expectation(expr: Expr, a: Symbol, lower: Expr, upper: Expr) -> Expr:
    """E[expr] for ``a`` ~ U(``lower``, ``upper``), exactly.

    >>> a = sympy.Symbol("a", real=True)
    >>> uniform_expectation(a, a, sympy.Rational(1, 8), sympy.Rational(1, 3))
    11/48
    """
    return sympy.simplify(sympy.integrate(expr / (upper - lower), (a, lower, upper)))
