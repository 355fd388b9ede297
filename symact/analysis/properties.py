"""An activation's full profile: range, extrema, limits, continuity,
monotonicity, convexity, saturation, symmetry, Lipschitz constant.

:func:`analyze` computes every field exactly or leaves it ``None`` with the
reason in :attr:`Properties.unknown` — never a wrong value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import sympy
from sympy import Expr, S, Symbol

from symact.analysis.gaussian import is_zero_centered
from symact.analysis.shape import Monotonicity, continuity_order, monotonicity
from symact.calculus import derivative
from symact.calculus.extrema import infimum, supremum
from symact.calculus.image import function_range
from symact.calculus.limits import limit
from symact.calculus.oscillation import no_limit_witness
from symact.calculus.pieces import branch_at, expand_definitions, pieces
from symact.catalogue import Activation, get
from symact.errors import AnalysisError, ParameterError
from symact.prover.assumptions import parse_assumptions
from symact.prover.deadline import Deadline
from symact.prover.equality import prove_equal
from symact.prover.search import find_counterexample

__all__ = ["Extremum", "Properties", "analyze"]

T = TypeVar("T")
Convexity = Literal["convex", "concave", "affine", "neither"]


@dataclass(frozen=True)
class Extremum:
    """A global minimum or maximum: ``value``, whether it is ``attained``,
    and ``where`` (the points attaining it, or where it is approached)."""

    value: Expr
    attained: bool
    where: tuple[Expr, ...]


@dataclass(frozen=True)
class Properties:
    """The profile of ``expression`` as a function of ``variable`` on the reals.

    A field is ``None`` exactly when it could not be decided; the reason is in
    ``unknown``. A limit is ``nan`` where it provably does not exist (``sin``
    at ``oo``: two progressions ``x0 + k T`` tend to different values).
    Fields listed in ``numeric`` hold certified numeric values (35 digits,
    from a bracketed critical point with no closed form) rather than closed
    forms. ``derivative_at_0`` and ``value_at_0`` are ``nan`` where the
    function or its derivative does not exist at 0.
    """

    expression: Expr
    variable: Symbol
    derivative: Expr | None
    range: sympy.Set | None
    derivative_range: sympy.Set | None
    minimum: Extremum | None
    maximum: Extremum | None
    limits: Mapping[str, Expr | None]
    asymptotes: Mapping[str, Expr | None]
    value_at_0: Expr | None
    derivative_at_0: Expr | None
    continuity: int | Literal["inf"] | None
    monotonic: Monotonicity | None
    derivative_monotonic: Monotonicity | None
    convex: Convexity | None
    bounded_below: bool | None
    bounded_above: bool | None
    saturates: tuple[str, ...] | None
    zero_centered: bool | None
    odd: bool | None
    even: bool | None
    identity_near_origin: bool | None
    lipschitz: Expr | None
    unknown: Mapping[str, str] = field(default_factory=dict)
    numeric: tuple[str, ...] = ()

    def gradient_bound_depth(self, depth: int) -> Expr | None:
        """(sup |f'|) ** depth: the largest factor a chain of ``depth`` such
        activations can contribute to a gradient (0.25**10 for sigmoid).

        >>> p = analyze("sigmoid")
        >>> p.gradient_bound_depth(10), float(p.gradient_bound_depth(10))
        (1/1048576, 9.5367431640625e-07)
        """
        if self.lipschitz is None:
            return None
        return self.lipschitz**depth


class _Collector:
    """Runs each computation; an undecidable one leaves ``None`` and a reason."""

    def __init__(self) -> None:
        self.unknown: dict[str, str] = {}

    def attempt(self, name: str, compute: Callable[[], T]) -> T | None:
        try:
            return compute()
        except (AnalysisError, NotImplementedError, ValueError, TypeError) as error:
            self.unknown[name] = (
                f"{type(error).__name__}: {error}"
                if not isinstance(error, AnalysisError)
                else str(error)
            )
            return None


def _extremum(expr: Expr, x: Symbol, lowest: bool) -> Extremum:
    bound = infimum(expr, x) if lowest else supremum(expr, x)
    return Extremum(bound.value, bound.attained, bound.where)


def _value_at(expr: Expr, x: Symbol, point: Expr) -> Expr:
    value = branch_at(expand_definitions(expr), x, point).subs(x, point)
    return S.NaN if value.has(S.NaN) else sympy.simplify(value)


def _limit_or_none(expr: Expr, x: Symbol, infinity: Expr) -> Expr:
    """The limit at ``infinity``, or ``nan`` where two progressions
    ``x0 + k T`` tend to different values, proving there is none (``sin``)."""
    try:
        return limit(expr, x, infinity)
    except AnalysisError:
        if no_limit_witness(expr, x, infinity) is None:
            raise
        return S.NaN


def _limits(expr: Expr, x: Symbol) -> dict[str, Expr]:
    found, _ = pieces(expr, x)
    return {
        "-oo": _limit_or_none(found[0].expr, x, S.NegativeInfinity),
        "oo": _limit_or_none(found[-1].expr, x, S.Infinity),
    }


def _finite(value: Expr) -> bool:
    return value is not S.NaN and bool(value.is_finite)


def _asymptotes(expr: Expr, x: Symbol) -> dict[str, Expr | None]:
    found, _ = pieces(expr, x)
    result: dict[str, Expr | None] = {}
    for side, piece, infinity in (
        ("-oo", found[0], S.NegativeInfinity),
        ("oo", found[-1], S.Infinity),
    ):
        value = _limit_or_none(piece.expr, x, infinity)
        if _finite(value):
            result[side] = value
            continue
        # no horizontal asymptote; a line m x + c needs f/x -> m != 0 (with
        # m = 0 it would be horizontal, and f has no finite limit)
        slope = _limit_or_none(piece.expr / x, x, infinity)
        if not _finite(slope) or slope == 0:
            result[side] = None  # no line: faster or slower than linear
            continue
        intercept = _limit_or_none(piece.expr - slope * x, x, infinity)
        result[side] = slope * x + intercept if _finite(intercept) else None
    return result


def _symmetry(expr: Expr, x: Symbol, sign: int) -> bool | None:
    """Whether f(-x) == sign * f(x) for every x: proven, refuted, or None."""
    reflected = expr.subs(x, -x)
    target = sign * expr
    nothing = parse_assumptions(())
    if prove_equal(reflected, target, [x], nothing, Deadline(None)) is not None:
        return True
    if find_counterexample(reflected, "==", target, [x], nothing) is not None:
        return False
    return None


def _convexity(monotonic_derivative: Monotonicity | None, continuity: object) -> Convexity | None:
    if continuity == -1:
        return "neither"  # a convex function on the reals is continuous
    if monotonic_derivative is None:
        return None
    table: dict[str, Convexity] = {
        "increasing": "convex",
        "nondecreasing": "convex",
        "decreasing": "concave",
        "nonincreasing": "concave",
        "constant": "affine",
        "none": "neither",
    }
    return table[monotonic_derivative]


def _lipschitz(derivative_range: sympy.Set | None, continuity: object) -> Expr | None:
    if derivative_range is None:
        return None
    if continuity == -1:
        return S.Infinity
    return sympy.Max(abs(derivative_range.inf), abs(derivative_range.sup))


def _resolve(
    target: str | Activation | Expr, x: Symbol | None, params: Mapping[str, Any]
) -> tuple[Expr, Symbol]:
    if isinstance(target, str | Activation):
        record = get(target) if isinstance(target, str) else target
        if record.vector:
            raise AnalysisError(
                f"{record.name} is a vector activation; analysis is for scalar ones"
            )
        variable = x if x is not None else record.inputs()[0]
        return record.expr(variable, **params), variable
    if params:
        raise ParameterError(
            "parameters apply to catalogue names; substitute them into the expression"
        )
    free = sorted(target.free_symbols, key=lambda s: s.name)
    if x is None:
        if len(free) != 1:
            raise AnalysisError(
                f"expected an expression in one variable, got {free or 'a constant'}"
            )
        x = free[0]
    elif set(free) - {x}:
        raise AnalysisError(f"the expression also depends on {sorted(set(free) - {x}, key=str)}")
    return target, x


def analyze(target: str | Activation | Expr, x: Symbol | None = None, **params: Any) -> Properties:
    """The full profile of a catalogue activation (by name, at the given
    parameters or PyTorch's defaults) or of an expression in one variable.

    >>> p = analyze("sigmoid")
    >>> p.range, p.derivative_range, p.continuity, p.monotonic, p.zero_centered
    (Interval.open(0, 1), Interval.Lopen(0, 1/4), 'inf', 'increasing', False)
    >>> q = analyze("elu", alpha=2)
    >>> q.range, q.continuity, q.convex, q.saturates
    (Interval.open(-2, oo), 0, 'neither', ('-oo',))

    Raises
    ======
    UnknownActivationError, ParameterError
        for a bad name or parameter value.
    AnalysisError
        for a vector activation or an expression in more than one variable.
    """
    expr, x = _resolve(target, x, params)
    c = _Collector()
    first = c.attempt("derivative", lambda: derivative(expr, x))
    value_range = c.attempt("range", lambda: function_range(expr, x))
    minimum = c.attempt("extrema", lambda: _extremum(expr, x, lowest=True))
    maximum = c.attempt("extrema", lambda: _extremum(expr, x, lowest=False))
    limits = c.attempt("limits", lambda: _limits(expr, x))
    continuity = c.attempt("continuity", lambda: continuity_order(expr, x))
    derivative_range = derivative_monotonic = saturates = derivative_at_0 = None
    if first is not None:
        derivative_range = c.attempt("derivative_range", lambda: function_range(first, x))
        derivative_monotonic = c.attempt("derivative_monotonic", lambda: monotonicity(first, x))
        derivative_limits = c.attempt("saturates", lambda: _limits(first, x))
        if derivative_limits is not None:
            saturates = tuple(side for side, value in derivative_limits.items() if value == 0)
        derivative_at_0 = c.attempt("derivative_at_0", lambda: _value_at(first, x, S.Zero))
    else:
        for name in ("derivative_range", "derivative_monotonic", "saturates", "derivative_at_0"):
            c.unknown[name] = "the derivative could not be taken exactly"
    value_at_0 = c.attempt("value_at_0", lambda: _value_at(expr, x, S.Zero))
    identity = None
    if value_at_0 is not None and derivative_at_0 is not None:
        identity = bool(value_at_0 == 0 and derivative_at_0 == 1)
    convex = _convexity(derivative_monotonic, continuity)
    if convex is None:
        c.unknown["convex"] = "the derivative's monotonicity is unknown"
    lipschitz = _lipschitz(derivative_range, continuity)
    if lipschitz is None:
        c.unknown["lipschitz"] = "the derivative's range is unknown"
    numeric = tuple(
        name
        for name, value in (
            ("range", value_range),
            ("derivative_range", derivative_range),
            ("extrema", None if minimum is None else minimum.value),
            ("extrema", None if maximum is None else maximum.value),
            ("lipschitz", lipschitz),
        )
        if value is not None and value.has(sympy.Float)
    )
    return Properties(
        numeric=tuple(dict.fromkeys(numeric)),
        expression=expr,
        variable=x,
        derivative=first,
        range=value_range,
        derivative_range=derivative_range,
        minimum=minimum,
        maximum=maximum,
        limits=limits if limits is not None else {"-oo": None, "oo": None},
        asymptotes=c.attempt("asymptotes", lambda: _asymptotes(expr, x))
        or {"-oo": None, "oo": None},
        value_at_0=value_at_0,
        derivative_at_0=derivative_at_0,
        continuity=continuity,
        monotonic=c.attempt("monotonic", lambda: monotonicity(expr, x)),
        derivative_monotonic=derivative_monotonic,
        convex=convex,
        bounded_below=None if minimum is None else bool(minimum.value.is_finite),
        bounded_above=None if maximum is None else bool(maximum.value.is_finite),
        saturates=saturates,
        zero_centered=c.attempt("zero_centered", lambda: is_zero_centered(expr, x)),
        odd=c.attempt("odd", lambda: _symmetry(expr, x, -1)),
        even=c.attempt("even", lambda: _symmetry(expr, x, 1)),
        identity_near_origin=identity,
        lipschitz=lipschitz,
        unknown=dict(c.unknown),
    )
