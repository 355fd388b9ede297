"""Rewrite expressions into forms that evaluate accurately in floating point.

The textbook form of a formula is often the worst one to compute: ``1 - σ(x)``
is exactly 0 in float64 for x > 37 where the true value is about e^{-x};
``exp(x) - 1`` and ``log(1 + u)`` lose every digit as the argument goes to 0;
``1 + erf(u)`` is 0 for u < -6 where the true value is about 1e-17. The rules
here replace each such pattern with an equal expression built from functions
that have accurate kernels (σ, log σ, softplus, expm1, log1p, erfc, Φ, sech):

=============================  ===========================
pattern                        stable form
=============================  ===========================
``1/(1 + exp(v))**n``          ``σ(-v)**n``
``exp(-u) * σ(u)``             ``σ(-u)``
``k σ(u) - k``                 ``-k σ(-u)``
``k σ(u) - k/2``               ``(k/2) tanh(u/2)``
``k softmax_i(z) - k``         ``-k Σ_{j≠i} softmax_j(z)``
``k tanh(u)**2 - k``           ``-k sech(u)**2``
``k tanh(u) ± k``              ``±2k σ(±2u)``
``k exp(u) - k``               ``k expm1(u)``
``k erf(u) ± k``               ``±2k Φ(±√2 u)``
``k erfc(u) - 2k``             ``-2k Φ(√2 u)``
``k Φ(u) - k``                 ``-k Φ(-u)``
``k cos(u) - k``               ``-2k sin(u/2)**2``
``log(1 + exp(u))``            ``softplus(u)``
``log(1 + w)``                 ``log1p(w)``
``log(σ(u))``                  ``logσ(u)``
``k exp(u) ∓ k exp(-u)``        ``2k sinh(u)``, ``2k cosh(u)``
``sinh(u)/cosh(u)``            ``tanh(u)``
``1/cosh(u)**n``               ``sech(u)**n``
``erfc(-u/sqrt(2))``           ``2 Φ(u)``
=============================  ===========================

``k`` is any factor (a number or an expression), so the rules apply inside
user expressions, not only to the catalogue's own forms. Every rule is an
identity over the reals; the test suite checks each one symbolically.

>>> from symact import x
>>> from symact.functions import sigmoid
>>> stable_form(sigmoid(x) * (1 - sigmoid(x)))
sigmoid(-x)*sigmoid(x)
>>> stable_form(1 / (1 + sympy.exp(-x)))
sigmoid(x)
>>> stable_form(x / 2 * (1 + sympy.erf(x / sympy.sqrt(2))))
x*ndtr(x)
>>> stable_form(2 * sigmoid(2 * x) - 1)
tanh(x)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import sympy
from sympy import Add, Basic, Expr, Mul, Pow, S, cos, erf, erfc, exp, log, sech, sin, sqrt, tanh
from sympy.codegen.cfunctions import expm1, log1p

from symact.functions import logsigmoid, sigmoid, softmax, softplus
from symact.numeric.special import ndtr

__all__ = ["stable_form"]


@lru_cache(maxsize=1024)
def stable_form(expr: Expr) -> Expr:
    """``expr`` rewritten, bottom-up and to a fixed point, into a form whose
    floating-point evaluation is accurate (see the module's table).

    Branch conditions of ``Piecewise`` are left as they are.
    """
    result = expr
    for _ in range(10):
        rewritten = _walk(result)
        if rewritten == result:
            break
        result = rewritten
    return _split_walk(result)


def _walk(node: Basic) -> Basic:
    if node.is_Atom or isinstance(node, sympy.logic.boolalg.Boolean):
        return node
    args = tuple(_walk(a) for a in node.args)
    if args != node.args:
        node = node.func(*args)
    for _ in range(10):
        rewritten = _rule(node)
        if rewritten is None or rewritten == node:
            break
        node = rewritten
        if node.is_Atom:
            break
    return node


def _rule(node: Basic) -> Basic | None:
    if isinstance(node, Add):
        return _add_rule(node)
    if isinstance(node, Mul):
        return _mul_rule(node)
    if isinstance(node, Pow):
        return _pow_rule(node)
    if isinstance(node, log):
        return _log_rule(node.args[0])
    if isinstance(node, log1p):
        return _log1p_rule(node.args[0])
    if isinstance(node, erfc):
        return _erfc_rule(node.args[0])
    return None


# -- sums that cancel for large arguments: split at 0 --------------------------------


def _split_walk(node: Basic) -> Basic:
    """Apply :func:`_complement_split` bottom-up, once."""
    if node.is_Atom or isinstance(node, sympy.logic.boolalg.Boolean):
        return node
    args = tuple(_split_walk(a) for a in node.args)
    if args != node.args:
        node = node.func(*args)
    if isinstance(node, Add):
        return _complement_split(node) or node
    return node


def _term_count(expr: Expr) -> int:
    return len(Add.make_args(expr))


def _complement_split(node: Add) -> Expr | None:
    """For ``w = beta*u > 0`` write ``softplus(u, beta) = u + softplus(-u, beta)``
    and ``σ(w) = 1 - σ(-w)``; if that makes terms of the sum cancel exactly
    (as in ``x σ(x) - softplus(x)``, whose terms are each about x), evaluate
    the cancelled form there.

    >>> from symact import x
    >>> from symact.functions import sigmoid, softplus
    >>> stable_form(x * sigmoid(x) - softplus(x))
    Piecewise((-x*sigmoid(-x) - softplus(-x, 1), x > 0), (x*sigmoid(x) - softplus(x, 1), True))
    """
    for sp in sorted(node.atoms(softplus), key=sympy.default_sort_key):
        u, beta = sp.args
        w = sympy.expand(beta * u)
        swapped = node.xreplace({sp: u + softplus(-u, beta), sigmoid(w): 1 - sigmoid(-w)})
        parts = sum(_term_count(sympy.expand(t)) for t in Add.make_args(swapped))
        cancelled = sympy.expand(swapped)
        if _term_count(cancelled) < parts:
            return sympy.Piecewise((cancelled, w > 0), (node, True))
    return None


# -- reciprocals, products and logarithms ----------------------------------------


def _one_plus_exp(base: Expr) -> Expr | None:
    """``v`` if ``base`` is ``1 + exp(v)``."""
    if isinstance(base, Add) and len(base.args) == 2 and S.One in base.args:
        (other,) = (a for a in base.args if a != S.One)
        if isinstance(other, exp):
            return other.args[0]
    return None


def _pow_rule(node: Pow) -> Expr | None:
    base, power = node.args
    v = _one_plus_exp(base)
    if v is not None and power.is_Integer and power < 0:
        return sigmoid(-v) ** (-power)
    if isinstance(base, sympy.cosh) and power.is_Integer and power < 0:
        return sech(base.args[0]) ** (-power)
    return None


def _mul_rule(node: Mul) -> Expr | None:
    factors = list(node.args)
    # sinh(u) / cosh(u) == tanh(u)
    for i, factor in enumerate(factors):
        if isinstance(factor, sympy.sinh):
            for j, other in enumerate(factors):
                if other in (sympy.cosh(factor.args[0]) ** -1, sech(factor.args[0])):
                    rest = [f for k, f in enumerate(factors) if k not in (i, j)]
                    return Mul(*rest, tanh(factor.args[0]))
    # exp(-u) * sigma(u)**p == sigma(-u) * sigma(u)**(p - 1)
    for i, factor in enumerate(factors):
        if not isinstance(factor, exp):
            continue
        u = -factor.args[0]
        for j, other in enumerate(factors):
            base, power = other.as_base_exp()
            if isinstance(base, sigmoid) and base.args[0] == u and power.is_Integer and power > 0:
                rest = [f for k, f in enumerate(factors) if k not in (i, j)]
                return Mul(*rest, sigmoid(-u), sigmoid(u) ** (power - 1))
    return None


def _log_rule(arg: Expr) -> Expr | None:
    if isinstance(arg, sigmoid):
        return logsigmoid(arg.args[0])
    if isinstance(arg, Add):
        constant, rest = arg.as_coeff_Add()
        if constant == 1 and not rest.is_number:
            return log1p(rest)
    return None


def _log1p_rule(arg: Expr) -> Expr | None:
    if isinstance(arg, exp):
        return softplus(arg.args[0])
    coefficient, rest = arg.as_coeff_Mul()
    if coefficient == -1 and isinstance(rest, sigmoid):
        return logsigmoid(-rest.args[0])
    return None


def _erfc_rule(arg: Expr) -> Expr | None:
    # erfc(z) == 2 Phi(-sqrt(2) z): worth it when that removes the sqrt(2)
    scaled = sympy.expand(-sqrt(2) * arg)
    if arg.has(sqrt(2)) and not scaled.has(sqrt(2)):
        return 2 * ndtr(scaled)
    return None


# -- sums: k*g(u) + m with m a fixed multiple of k -------------------------------

Replacement = Callable[[Expr], Expr]


def _argument_of(kind: Any) -> Callable[[Expr], Expr | None]:
    def match(g: Expr) -> Expr | None:
        return g.args[0] if isinstance(g, kind) and len(g.args) == 1 else None

    return match


def _tanh_squared(g: Expr) -> Expr | None:
    base, power = g.as_base_exp()
    return base.args[0] if isinstance(base, tanh) and power == 2 else None


#: For a kernel function ``g``: the ratios ``m/k`` that make ``k g(u) + m``
#: lose digits, each with the stable replacement of ``g(u) + m/k``.
_RULES: tuple[tuple[Callable[[Expr], Expr | None], tuple[tuple[Expr, Replacement], ...]], ...] = (
    (
        _argument_of(sigmoid),
        (
            (S.NegativeOne, lambda u: -sigmoid(-u)),
            (-S.Half, lambda u: tanh(u / 2) / 2),
        ),
    ),
    (_tanh_squared, ((S.NegativeOne, lambda u: -(sech(u) ** 2)),)),
    (
        _argument_of(tanh),
        (
            (S.One, lambda u: 2 * sigmoid(2 * u)),
            (S.NegativeOne, lambda u: -2 * sigmoid(-2 * u)),
        ),
    ),
    (_argument_of(exp), ((S.NegativeOne, expm1),)),
    # erfc(-u) would be evaluated back to 2 - erfc(u) by SymPy: go to Phi
    (
        _argument_of(erf),
        (
            (S.One, lambda u: 2 * ndtr(sympy.expand(sqrt(2) * u))),
            (S.NegativeOne, lambda u: -2 * ndtr(sympy.expand(-sqrt(2) * u))),
        ),
    ),
    (_argument_of(erfc), ((-2 * S.One, lambda u: -2 * ndtr(sympy.expand(sqrt(2) * u))),)),
    (_argument_of(ndtr), ((S.NegativeOne, lambda u: -ndtr(-u)),)),
    (_argument_of(cos), ((S.NegativeOne, lambda u: -2 * sin(u / 2) ** 2),)),
)


def _split(term: Expr, match: Callable[[Expr], Expr | None]) -> tuple[Expr, Expr, Expr] | None:
    """``(k, g, u)`` if ``term == k * g`` with ``match(g) == u``."""
    factors = Mul.make_args(term)
    for i, factor in enumerate(factors):
        u = match(factor)
        if u is not None:
            k = Mul(*(f for j, f in enumerate(factors) if j != i))
            if not k.has(factor):
                return k, factor, u
    return None


def _same(a: Expr, b: Expr) -> bool:
    return a == b or sympy.expand(a - b) == 0


def _softmax_complement(node: Add, terms: list[Expr]) -> Expr | None:
    """``k softmax_i(z) - k == -k * (sum of the other components)``."""
    for i, term in enumerate(terms):
        found = _split(term, lambda g: g if isinstance(g, softmax) else None)
        if found is None:
            continue
        k, component, _ = found
        for j, other in enumerate(terms):
            if j != i and _same(other, -k):
                rest = [t for n, t in enumerate(terms) if n not in (i, j)]
                others = [
                    softmax(*component.inputs, index=m)
                    for m in range(1, len(component.inputs) + 1)
                    if m != component.index
                ]
                return Add(*rest, -k * Add(*others))
    return None


def _add_rule(node: Add) -> Expr | None:
    terms = list(node.args)
    complement = _softmax_complement(node, terms)
    if complement is not None:
        return complement
    for i, term in enumerate(terms):
        # k exp(u) -/+ k exp(-u) == 2k sinh(u) / 2k cosh(u)
        pair = _split(term, _argument_of(exp))
        if pair is not None:
            k, _, u = pair
            for j, other in enumerate(terms):
                for sign, hyperbolic in ((-1, sympy.sinh), (1, sympy.cosh)):
                    if j != i and _same(other, sign * k * exp(-u)):
                        rest = [t for n, t in enumerate(terms) if n not in (i, j)]
                        return Add(*rest, 2 * k * hyperbolic(u))
        for match, ratios in _RULES:
            found = _split(term, match)
            if found is None:
                continue
            k, _, u = found
            for ratio, replacement in ratios:
                target = ratio * k
                for j, other in enumerate(terms):
                    if j != i and _same(other, target):
                        rest = [t for n, t in enumerate(terms) if n not in (i, j)]
                        return Add(*rest, k * replacement(u))
    return None
