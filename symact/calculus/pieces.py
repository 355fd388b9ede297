"""Piecewise-smooth structure of an expression in one variable.

An activation built from catalogue functions, ``Piecewise``, ``Max``,
``Min``, ``Abs``, ``sign`` and ``Heaviside`` is smooth except at finitely many
*breakpoints*. This module finds them and reads the expression off on each
side of one, exactly:

* :func:`expand_definitions` rewrites catalogue functions into their exact
  definitions and the kinked builtins into ``Piecewise``;
* :func:`breakpoints` lists the points where a branch condition changes;
* :func:`branch_at` and :func:`one_sided` give the smooth expression active
  just left or right of a point, and its one-sided limits there.

Everything is exact; where a question cannot be decided (a breakpoint whose
position depends on a symbolic parameter, a condition SymPy cannot evaluate)
an :class:`~symact.errors.AnalysisError` is raised instead of a guess.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import sympy
from sympy import Abs, Basic, Expr, Heaviside, Max, Min, Piecewise, S, Symbol, sign
from sympy.core.relational import Relational
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from symact.errors import AnalysisError

__all__ = [
    "Piece",
    "Side",
    "as_interval",
    "branch_at",
    "breakpoints",
    "checked_points",
    "continuous_domain",
    "expand_definitions",
    "hyperbolic_to_exp",
    "is_zero",
    "lambert_identity",
    "one_sided",
    "pieces",
    "point_inside",
    "to_piecewise",
    "value_at",
]

_KINKED_BUILTINS = (Max, Min, Abs, sign, Heaviside)


def _has_definition(node: Basic) -> bool:
    return hasattr(node, "definition_of") and isinstance(node, sympy.Function)


def to_piecewise(expr: Expr) -> Expr:
    """Rewrite ``Max``, ``Min``, ``Abs``, ``sign`` and ``Heaviside`` as
    ``Piecewise`` (``Heaviside`` keeps its stated value at 0).

    >>> from symact import x
    >>> to_piecewise(sympy.Max(0, x))
    Piecewise((0, x <= 0), (x, True))
    """
    return expr.replace(
        lambda node: isinstance(node, _KINKED_BUILTINS),
        lambda node: node.rewrite(Piecewise),
    )


def expand_definitions(expr: Expr) -> Expr:
    """Replace every catalogue function by its exact definition, repeatedly,
    and rewrite the kinked builtins as ``Piecewise``.

    >>> from symact import x
    >>> from symact.functions import relu, sigmoid
    >>> expand_definitions(sigmoid(relu(x)))
    1/(1 + exp(-Piecewise((x, x > 0), (0, True))))
    """
    previous = None
    current = expr
    while previous != current:
        previous = current
        current = current.replace(_has_definition, lambda node: node.definition())
    return to_piecewise(current)


def point_inside(a: Expr, b: Expr) -> Expr:
    """A point strictly inside the interval from ``a`` to ``b`` (ends may be ±oo).

    >>> point_inside(S.Zero, sympy.Integer(6)), point_inside(S.NegativeInfinity, S.Zero)
    (3, -1)
    """
    if a.is_finite and b.is_finite:
        return (a + b) / 2
    if a.is_finite:
        return a + 1
    if b.is_finite:
        return b - 1
    return S.Zero


def hyperbolic_to_exp(expr: Expr) -> Expr:
    """Rewrite tanh, sinh and cosh in terms of ``exp`` — and nothing else
    (SymPy's ``rewrite(exp)`` would also turn ``x**3`` into ``exp(3*log(x))``).

    >>> from symact import x
    >>> hyperbolic_to_exp(sympy.tanh(x) + x**3)
    x**3 + (exp(x) - exp(-x))/(exp(x) + exp(-x))
    """
    for function in (sympy.tanh, sympy.sinh, sympy.cosh):
        if expr.has(function):
            expr = expr.rewrite(function, sympy.exp)
    return expr


def lambert_identity(expr: Expr) -> Expr:
    """Rewrite ``exp(r + c*W(z))`` as ``exp(r) * (z/W(z))**c`` (integer c,
    z != 0), from the defining identity ``W(z) exp(W(z)) = z``."""

    def rewrite(power: Expr) -> Expr:
        terms = sympy.Add.make_args(sympy.expand(power.args[0]))
        rest, factor = [], S.One
        for term in terms:
            coefficient, lambert = term.as_independent(sympy.LambertW, as_Add=False)
            if (
                isinstance(lambert, sympy.LambertW)
                and coefficient.is_Integer
                and len(lambert.args) == 1
            ):
                z = lambert.args[0]
                if z.is_zero is False:
                    factor *= (z / lambert) ** coefficient
                    continue
            rest.append(term)
        return sympy.exp(sympy.Add(*rest)) * factor

    return expr.replace(lambda e: isinstance(e, sympy.exp) and e.has(sympy.LambertW), rewrite)


def _nonzero_somewhere(value: Expr) -> bool:
    """Whether an expression in variables is verifiably nonzero at one of a
    few rational points: then it is not identically zero, and SymPy's
    simplify (minutes on GELU-tanh's derivatives) need not be asked."""
    from symact.calculus.signs import sign_at

    variables = sorted(value.free_symbols, key=lambda s: s.name)
    if not variables or value.has(Piecewise):
        return False
    candidates = [sympy.Rational(n, d) for n, d in ((1, 3), (7, 3), (-5, 7), (2, 1), (-3, 1))]
    for point in candidates:
        if not all(_allowed(v, point) for v in variables):
            continue  # a positive alpha is never -5/7
        if sign_at(value, dict.fromkeys(variables, point)) in (1, -1):
            return True
    return False


def _allowed(symbol: Basic, point: Expr) -> bool:
    """Whether ``point`` satisfies every assumption of ``symbol``."""
    for name, holds in symbol.assumptions0.items():
        fact = getattr(point, f"is_{name}", None)
        if fact is not None and fact != holds:
            return False
    return True


def is_zero(value: Expr) -> bool | None:
    """Exactly decide ``value == 0``: ``True``, ``False`` or ``None`` (unknown).

    >>> from sympy import LambertW, exp
    >>> is_zero(exp(-1 - LambertW(exp(-1))) - LambertW(exp(-1)))
    True
    """
    if value.is_zero is not None:
        return bool(value.is_zero)
    if _nonzero_somewhere(value):
        return False
    simplified = sympy.simplify(value)
    if simplified.is_zero is None and simplified.has(sympy.LambertW):
        simplified = sympy.simplify(lambert_identity(simplified))
    if simplified.is_zero is not None:
        return bool(simplified.is_zero)
    if simplified.is_number and simplified.is_comparable:
        return bool(simplified == 0)
    return None


def _solve_boundary(relation: Relational, var: Symbol) -> list[Expr]:
    difference = sympy.expand(relation.lhs - relation.rhs)
    poly = sympy.Poly(difference, var) if difference.is_polynomial(var) else None
    if poly is not None and poly.degree() == 1:
        a, b = poly.all_coeffs()
        return [sympy.simplify(-b / a)]
    solutions = sympy.solveset(difference, var, domain=S.Reals)
    if isinstance(solutions, sympy.FiniteSet):
        return list(solutions)
    raise AnalysisError(f"cannot locate where {relation} changes truth value")


@lru_cache(maxsize=512)
def _breakpoints_cached(expr: Expr, var: Symbol) -> tuple[Expr, ...]:
    expanded = expand_definitions(expr)
    points: set[Expr] = set()
    for relation in expanded.atoms(Relational):
        if not relation.has(var):
            continue
        points.update(_solve_boundary(relation, var))
    for point in points:
        if not (point.is_real and point.is_number):
            raise AnalysisError(
                f"breakpoint {point} is not a real number (symbolic parameter?); "
                "give numeric parameter values"
            )
    return tuple(sorted(points, key=lambda p: sympy.N(p, 30)))


def breakpoints(expr: Expr, var: Symbol) -> tuple[Expr, ...]:
    """The sorted real points where some branch condition of ``expr``
    (after :func:`expand_definitions`) changes truth value.

    Smooth elementary expressions have none; a breakpoint need not be a kink
    (``relu(x) - relu(-x)`` has the breakpoint 0 but equals ``x``).

    >>> from symact import x
    >>> from symact.functions import relu6, relu
    >>> breakpoints(relu6(2*x - 1), x)
    (1/2, 7/2)
    >>> breakpoints(sympy.exp(x), x)
    ()

    Raises
    ======
    AnalysisError
        if a breakpoint depends on a symbolic parameter or cannot be located.
    """
    return _breakpoints_cached(expr, var)


#: Intervals other variables are known to lie in, for deciding conditions.
Context = Mapping[Symbol, sympy.Interval]


def _decide(condition: Boolean, var: Symbol, at: Expr, context: Context | None = None) -> bool:
    value = condition.subs(var, at)
    if isinstance(value, BooleanTrue):
        return True
    if isinstance(value, BooleanFalse):
        return False
    value = sympy.simplify(value)
    if isinstance(value, BooleanTrue | BooleanFalse):
        return bool(value)
    # a condition on one other variable: decided if it holds on all, or on
    # none, of that variable's interval
    free = value.free_symbols
    if context and len(free) == 1:
        (other,) = free
        if other in context:
            try:
                region = value.as_set()
            except NotImplementedError:
                region = None
            if region is not None:
                interval = context[other]
                if interval.is_subset(region):
                    return True
                if interval.intersect(region) is S.EmptySet:
                    return False
    raise AnalysisError(f"cannot decide {condition} at {var} = {at}")


def _select(expr: Expr, var: Symbol, at: Expr, context: Context | None = None) -> Expr:
    """Replace each ``Piecewise`` in ``expr`` by its branch active at ``var = at``
    (innermost first); ``nan`` where no branch applies."""

    def choose(piecewise: Piecewise) -> Expr:
        for branch, condition in piecewise.args:
            if _decide(condition, var, at, context):
                return branch
        return S.NaN

    return expr.replace(lambda node: isinstance(node, Piecewise), choose)


@dataclass(frozen=True)
class Side:
    """The expression of one side of a point, and its limit at the point."""

    expr: Expr
    limit: Expr


def _test_point(point: Expr, others: tuple[Expr, ...], direction: str) -> Expr:
    """A point strictly between ``point`` and its neighbour on one side."""
    key = sympy.N(point, 30)
    if direction == "-":
        lower = [p for p in others if sympy.N(p, 30) < key]
        neighbour = lower[-1] if lower else point - 2
    else:
        higher = [p for p in others if sympy.N(p, 30) > key]
        neighbour = higher[0] if higher else point + 2
    return (point + neighbour) / 2


def branch_at(
    expr: Expr,
    var: Symbol,
    point: Expr,
    direction: str | None = None,
    context: Context | None = None,
) -> Expr:
    """The expression of ``expanded expr`` active at ``point`` (``direction``
    ``None``), or on the open interval just left (``"-"``) or right (``"+"``)
    of it, with every ``Piecewise`` resolved. ``nan`` where undefined.
    ``context`` gives intervals for other variables that conditions may involve.

    >>> from symact import x
    >>> from symact.functions import elu
    >>> branch_at(elu(x), x, sympy.Integer(0), "-"), branch_at(elu(x), x, sympy.Integer(0), "+")
    (exp(x) - 1, x)
    """
    expanded = expand_definitions(expr)
    if direction is None:
        return _select(expanded, var, point, context)
    others = breakpoints(expr, var)
    at = _test_point(point, others, direction)
    return _select(expanded, var, at, context)


def one_sided(expr: Expr, var: Symbol, point: Expr, direction: str) -> Side:
    """The smooth expression on one side of ``point`` and its one-sided limit.

    >>> from symact import x
    >>> from symact.functions import relu
    >>> one_sided(relu(x).diff(x), x, sympy.Integer(0), "-").limit
    0
    """
    from symact.calculus.limits import limit

    branch = branch_at(expr, var, point, direction)
    if branch is S.NaN:
        return Side(branch, S.NaN)
    return Side(branch, limit(branch, var, point, direction))


@dataclass(frozen=True)
class Piece:
    """An open interval on which the expression is the elementary ``expr``."""

    interval: sympy.Interval
    expr: Expr


def as_interval(domain: sympy.Set) -> sympy.Interval:
    """``domain`` as an ``Interval`` (the reals as ``(-oo, oo)``).

    Raises
    ======
    AnalysisError
        if ``domain`` is not an interval.
    """
    if domain is S.Reals:
        return sympy.Interval(S.NegativeInfinity, S.Infinity)
    if not isinstance(domain, sympy.Interval):
        raise AnalysisError(f"the domain must be an interval, not {domain}")
    return domain


def pieces(
    expr: Expr, x: Symbol, domain: sympy.Set = S.Reals, context: Context | None = None
) -> tuple[tuple[Piece, ...], tuple[Expr, ...]]:
    """The open pieces of ``domain`` between the breakpoints of ``expr``, with
    the elementary expression used on each, and the breakpoints themselves.
    ``context`` gives intervals for other variables that conditions may involve.

    >>> from symact import x
    >>> from symact.functions import relu6
    >>> found, points = pieces(relu6(x), x)
    >>> [(p.interval, p.expr) for p in found], points
    ([(Interval.open(-oo, 0), 0), (Interval.open(0, 6), x), (Interval.open(6, oo), 6)], (0, 6))
    """
    interval = as_interval(domain)
    expanded = expand_definitions(expr)
    inner = tuple(
        p
        for p in breakpoints(expr, x)
        if interval.contains(p) is S.true and p not in (interval.start, interval.end)
    )
    edges = [interval.start, *inner, interval.end]
    found = tuple(
        Piece(
            sympy.Interval.open(a, b), branch_at(expanded, x, point_inside(a, b), context=context)
        )
        for a, b in itertools.pairwise(edges)
        if a != b
    )
    return found, inner


def checked_points(inner: tuple[Expr, ...], domain: sympy.Set) -> tuple[Expr, ...]:
    """The points whose values a split must look at besides the open pieces:
    the inner breakpoints and the finite closed ends of ``domain``."""
    interval = as_interval(domain)
    ends = [
        p for p in (interval.start, interval.end) if p.is_finite and interval.contains(p) is S.true
    ]
    return tuple(dict.fromkeys([*inner, *ends]))


def value_at(expr: Expr, x: Symbol, point: Expr, context: Context | None = None) -> Expr:
    """The value of ``expr`` (definitions expanded) at ``x = point``: ``nan``
    where it is undefined."""
    value = branch_at(expand_definitions(expr), x, point, context=context).subs(x, point)
    return S.NaN if value.has(S.NaN) else value


#: entire functions SymPy's ``continuous_domain`` does not know (it raises)
_ENTIRE = (sympy.erf, sympy.erfc)


def _polynomial_in(expr: Expr, node: Basic) -> bool:
    """Whether ``node`` enters ``expr`` only through sums, products and
    non-negative integer powers (never a denominator, logarithm or root)."""
    if expr == node or not expr.has(node):
        return True
    if isinstance(expr, sympy.Add | sympy.Mul):
        return all(_polynomial_in(a, node) for a in expr.args)
    if isinstance(expr, sympy.Pow):
        base, power = expr.args
        integral = power.is_Integer and power >= 0
        return bool(integral) and not power.has(node) and _polynomial_in(base, node)
    return False


def continuous_domain(expr: Expr, x: Symbol, interval: sympy.Set) -> sympy.Set:
    """Where on ``interval`` the elementary ``expr`` is continuous: SymPy's
    ``continuous_domain``, with each erf or erfc that enters only
    polynomially replaced by its argument first (an entire function of a
    continuous argument is continuous, and a polynomial in it introduces no
    singularity). Other unknown functions raise ``NotImplementedError``.

    >>> from symact import x
    >>> continuous_domain(x/2 * (1 + sympy.erf(x/sympy.sqrt(2))), x, S.Reals)
    Reals
    """
    entire = [e for e in expr.atoms(*_ENTIRE) if _polynomial_in(expr, e)]
    plain = expr.xreplace({e: e.args[0] for e in entire}) if entire else expr
    return sympy.calculus.util.continuous_domain(plain, x, interval)
