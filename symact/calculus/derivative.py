"""Derivatives that are honest at kinks.

SymPy differentiates ``Piecewise`` branch by branch and keeps each branch's
condition, so a boundary point silently gets the derivative of whichever
branch owns it (``diff(elu(x), x, 2)`` is 0 at x = 0, where the second
derivative does not exist), and ``diff(Max(0, x), x)`` is ``Heaviside(x)``
with ``Heaviside(0) = 1/2``. :func:`derivative` differentiates away from the
breakpoints with the catalogue's compact rules, then decides each breakpoint
exactly from the one-sided derivatives: the result has a branch there only
where the derivative exists.
"""

from __future__ import annotations

import sympy
from sympy import And, Eq, Expr, Ne, Piecewise, S, Symbol

from symact.calculus.breakpoints import classify_breakpoints
from symact.calculus.pieces import to_piecewise

__all__ = ["compact", "derivative", "tidy_piecewise"]


def tidy_piecewise(expr: Expr, var: Symbol) -> Expr:
    """Fold nested ``Piecewise`` and rewrite conditions in one variable as the
    disjoint intervals each branch is actually used on, dropping dead branches.

    >>> from symact import x
    >>> tidy_piecewise(Piecewise((Piecewise((1, x > 0), (0, True)), Ne(x, 0))), x)
    Piecewise((1, x > 0), (0, x < 0))
    """
    folded = sympy.piecewise_fold(expr)
    if not isinstance(folded, Piecewise):
        return folded
    conditions = [c for _, c in folded.args]
    if any(c.free_symbols - {var} for c in conditions):
        return folded
    covered: sympy.Set = S.EmptySet
    branches = []
    for branch, condition in folded.args:
        try:
            region = condition.as_set().intersect(S.Reals)
        except NotImplementedError:  # a condition SymPy cannot turn into a set
            return folded
        effective = sympy.Complement(region, covered)
        covered = sympy.Union(covered, region)
        if effective is S.EmptySet:
            continue
        branches.append((branch, effective))
    # the regions are disjoint, so branches with equal expressions may merge;
    # merge only into a connected region, which reads best (x >= 0, not x > 6 | x < 0)
    merged: list[tuple[Expr, sympy.Set]] = []
    for branch, region in branches:
        for i, (other, other_region) in enumerate(merged):
            union = sympy.Union(other_region, region)
            if other == branch and isinstance(union, sympy.Interval):
                merged[i] = (branch, union)
                break
        else:
            merged.append((branch, region))
    if not merged:
        return S.NaN
    if len(merged) == 1 and merged[0][1] == S.Reals:
        return merged[0][0]
    return Piecewise(*((b, _as_condition(r, var)) for b, r in merged))


def _as_condition(region: sympy.Set, var: Symbol) -> sympy.Basic:
    """``region`` as a condition on ``var``, excluded points written ``Ne``."""
    if region == S.Reals:
        return S.true
    holes = sympy.Complement(S.Reals, region)
    if isinstance(holes, sympy.FiniteSet):
        return And(*(Ne(var, p) for p in holes))
    return region.as_relational(var)


def compact(expr: Expr) -> Expr:
    """The shorter of ``expr`` and its factored form, branch by branch.

    >>> from symact import x
    >>> from symact.functions import sigmoid
    >>> compact(sigmoid(x)*(1 - sigmoid(x))**2 - sigmoid(x)**2*(1 - sigmoid(x)))
    (sigmoid(x) - 1)*(2*sigmoid(x) - 1)*sigmoid(x)
    """
    if isinstance(expr, Piecewise):
        return Piecewise(*((compact(b), c) for b, c in expr.args))
    candidates = [expr, sympy.factor(expr), sympy.factor_terms(expr)]
    return min(candidates, key=lambda e: (sympy.count_ops(e), len(str(e))))


def _differentiate_once(expr: Expr, var: Symbol) -> Expr:
    d = to_piecewise(expr).diff(var)
    points = classify_breakpoints(expr, var)
    if not points:
        return tidy_piecewise(d, var)
    at_points = [(b.derivative, Eq(var, b.point)) for b in points if b.differentiable]
    away = And(*(Ne(var, b.point) for b in points))
    return tidy_piecewise(Piecewise(*at_points, (d, away)), var)


def derivative(expr: Expr, var: Symbol, order: int = 1) -> Expr:
    """The ``order``-th derivative of ``expr`` in ``var``, undefined (no
    ``Piecewise`` branch, so ``nan``) exactly where it does not exist.

    >>> from symact import x
    >>> from symact.functions import elu, relu
    >>> derivative(elu(x), x, 2)
    Piecewise((0, x > 0), (exp(x), x < 0))
    >>> derivative(sympy.Max(0, x), x)
    Piecewise((0, x < 0), (1, x > 0))
    >>> derivative(relu(x) - relu(-x), x)
    1

    Raises
    ======
    AnalysisError
        if a breakpoint depends on a symbolic parameter (give numbers).
    ValueError
        if ``order`` is negative.
    """
    if order < 0:
        raise ValueError(f"derivative order must be >= 0, got {order}")
    result = expr
    for _ in range(order):
        result = _differentiate_once(result, var)
    return result
