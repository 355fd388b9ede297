"""The rewrite rules of :func:`symact.numeric.stable.stable_form`: each rule of
the module's table fires on a representative input, and what it produces is
the same function (checked at 50 digits at several rational points, from
the exact definitions, and symbolically where SymPy can decide it)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import sympy
from sympy import Add, Rational, S, Symbol, cos, cosh, erf, erfc, exp, log, sinh, sqrt, tanh
from sympy.codegen.cfunctions import expm1, log1p

import symact
from symact import x
from symact.calculus.pieces import expand_definitions
from symact.functions import logsigmoid, sigmoid, softmax, softplus
from symact.numeric.activations import kernel_expression
from symact.numeric.special import ndtr
from symact.numeric.stable import stable_form

k = Symbol("k", real=True)  # "k is any factor (a number or an expression)"
y = Symbol("y", real=True)
z1, z2, z3 = sympy.symbols("z1 z2 z3", real=True)
u = 2 * x + 1  # a non-trivial argument, so the rules are not tested on x alone

DIGITS = 50
#: exact points at which rewritten and original forms are compared
ASSIGNMENTS = [
    {x: Rational(-7, 3), k: Rational(3, 7), y: Rational(-9, 4), z1: Rational(1, 3), z2: -2, z3: 5},
    {x: Rational(-1, 2), k: -2, y: Rational(1, 5), z1: 0, z2: Rational(7, 2), z3: -1},
    {x: Rational(3, 10), k: Rational(11, 5), y: 3, z1: Rational(-5, 2), z2: 1, z3: 1},
    {x: Rational(5, 4), k: -1, y: Rational(-1, 3), z1: 4, z2: Rational(1, 9), z3: -3},
    {x: 4, k: Rational(1, 100), y: 6, z1: -1, z2: -1, z3: Rational(2, 3)},
    {x: Rational(-19, 2), k: 7, y: Rational(-12, 1), z1: 9, z2: -9, z3: 0},
]


def elementary(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with catalogue functions and the numeric-only helpers
    (ndtr, expm1, log1p, sech) replaced by their elementary definitions."""
    expr = expand_definitions(expr)
    return expr.replace(
        lambda node: isinstance(node, ndtr | expm1 | log1p | sympy.sech),
        lambda node: {
            ndtr: lambda a: erfc(-a / sqrt(2)) / 2,
            expm1: lambda a: exp(a) - 1,
            log1p: lambda a: log(1 + a),
            sympy.sech: lambda a: 1 / cosh(a),
        }[type(node)](*node.args),
    )


def assert_same_function(original: sympy.Expr, rewritten: sympy.Expr) -> None:
    a, b = elementary(original), elementary(rewritten)
    assert not b.has(ndtr, expm1, log1p, sympy.sech), b
    for values in ASSIGNMENTS:
        at = {s: v for s, v in values.items() if s in a.free_symbols | b.free_symbols}
        va = sympy.N(a.xreplace(at), DIGITS)
        vb = sympy.N(b.xreplace(at), DIGITS)
        assert va.is_real, (original, at, va)
        assert vb.is_real, (original, at, vb)
        assert abs(va - vb) <= sympy.Float(10) ** (5 - DIGITS) * max(1, abs(vb)), (
            original,
            rewritten,
            at,
            va,
            vb,
        )


def single_term(expr: sympy.Expr) -> bool:
    """Not a sum: the cancelling ``k g(u) + m`` is gone."""
    return len(Add.make_args(sympy.expand(expr))) == 1


def equals(expected: sympy.Expr) -> Callable[[sympy.Expr], bool]:
    return lambda result: result == expected


#: (id, input, check of the stable form). Where SymPy's automatic evaluation
#: makes the literal table entry ambiguous, the check is structural.
RULES = [
    ("reciprocal-1+exp", 1 / (1 + exp(-x)), equals(sigmoid(x))),
    ("reciprocal-1+exp-squared", 1 / (1 + exp(3 * x)) ** 2, equals(sigmoid(-3 * x) ** 2)),
    ("exp(-u)*sigmoid(u)", exp(-u) * sigmoid(u), equals(sigmoid(-u))),
    ("exp(-u)*sigmoid(u)**2", exp(-u) * sigmoid(u) ** 2, equals(sigmoid(-u) * sigmoid(u))),
    ("k*sigmoid(u)-k", k * sigmoid(u) - k, equals(-k * sigmoid(-u))),
    ("3*sigmoid(x)-3", 3 * sigmoid(x) - 3, equals(-3 * sigmoid(-x))),
    ("1-sigmoid(x)", 1 - sigmoid(x), equals(sigmoid(-x))),
    ("k*sigmoid(u)-k/2", k * sigmoid(u) - k / 2, equals(k * tanh(u / 2) / 2)),
    ("sigmoid(x)-1/2", sigmoid(x) - S.Half, equals(tanh(x / 2) / 2)),
    (
        "k*softmax-k",
        k * softmax(z1, z2, z3, index=2) - k,
        equals(-k * (softmax(z1, z2, z3, index=1) + softmax(z1, z2, z3, index=3))),
    ),
    ("k*tanh(u)**2-k", k * tanh(u) ** 2 - k, equals(-k * sympy.sech(u) ** 2)),
    ("1-tanh(x)**2", 1 - tanh(x) ** 2, equals(sympy.sech(x) ** 2)),
    ("k*tanh(u)+k", k * tanh(u) + k, equals(2 * k * sigmoid(2 * u))),
    ("k*tanh(u)-k", k * tanh(u) - k, equals(-2 * k * sigmoid(-2 * u))),
    ("k*exp(u)-k", k * exp(u) - k, equals(k * expm1(u))),
    ("exp(x)-1", exp(x) - 1, equals(expm1(x))),
    # SymPy evaluates erfc(-u) to 2 - erfc(u): whatever the form, the sum must go
    ("k*erf(u)+k", k * erf(u) + k, lambda r: single_term(r) and not r.has(erf, erfc)),
    ("erf(x)+1", erf(x) + 1, equals(2 * ndtr(sqrt(2) * x))),
    ("k*erf(u)-k", k * erf(u) - k, lambda r: single_term(r) and not r.has(erf, erfc)),
    ("k*erfc(u)-2k", k * erfc(u) - 2 * k, lambda r: single_term(r) and not r.has(erfc)),
    ("k*ndtr(u)-k", k * ndtr(u) - k, equals(-k * ndtr(-u))),
    ("1-ndtr(x)", 1 - ndtr(x), equals(ndtr(-x))),
    ("k*cos(u)-k", k * cos(u) - k, equals(-2 * k * sympy.sin(u / 2) ** 2)),
    ("log(1+exp(u))", log(1 + exp(u)), equals(softplus(u))),
    ("log(1+w)", log(1 + x**2), equals(log1p(x**2))),
    ("log(sigmoid(u))", log(sigmoid(u)), equals(logsigmoid(u))),
    ("log(1-sigmoid(x))", log(1 - sigmoid(x)), equals(logsigmoid(-x))),
    ("k*exp(u)-k*exp(-u)", k * exp(u) - k * exp(-u), equals(2 * k * sinh(u))),
    ("k*exp(u)+k*exp(-u)", k * exp(u) + k * exp(-u), equals(2 * k * cosh(u))),
    # the walk is bottom-up: cosh(u)**-1 is already sech(u) when the product is seen
    ("sinh(u)/cosh(u)", sinh(u) / cosh(u), equals(tanh(u))),
    ("(exp(x)-exp(-x))/(exp(x)+exp(-x))", (exp(x) - exp(-x)) / (exp(x) + exp(-x)), equals(tanh(x))),
    ("1/cosh(u)", 1 / cosh(u), equals(sympy.sech(u))),
    ("1/cosh(u)**3", 1 / cosh(u) ** 3, equals(sympy.sech(u) ** 3)),
    # erfc(-u/sqrt(2)) with u = -y: SymPy keeps erfc(y/sqrt(2)) as it is
    ("erfc(-u/sqrt(2))", erfc(y / sqrt(2)), equals(2 * ndtr(-y))),
    (
        "erfc(-u/sqrt(2))-unevaluated",
        erfc(-x / sqrt(2), evaluate=False),
        equals(2 * ndtr(x)),
    ),
    # as a user writes it: SymPy stores erfc(-x/sqrt(2)) as 2 - erfc(sqrt(2)*x/2)
    ("erfc(-x/sqrt(2))-as-sympy-stores-it", erfc(-x / sqrt(2)), equals(2 * ndtr(x))),
]


@pytest.mark.parametrize(("original", "check"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rule_fires(original: sympy.Expr, check: Callable[[sympy.Expr], bool]) -> None:
    result = stable_form(original)
    assert result != original
    assert check(result), f"stable_form({original}) = {result}"


@pytest.mark.parametrize("original", [r[1] for r in RULES], ids=[r[0] for r in RULES])
def test_rule_is_an_identity(original: sympy.Expr) -> None:
    assert_same_function(original, stable_form(original))


@pytest.mark.parametrize(
    "original",
    [
        1 - sigmoid(x),
        k * tanh(u) ** 2 - k,
        k * exp(u) - k,
        k * cos(u) - k,
        k * exp(u) - k * exp(-u),
        exp(-x) * sigmoid(x),
        1 / (1 + exp(3 * x)) ** 2,
    ],
    ids=str,
)
def test_rule_is_an_identity_symbolically(original: sympy.Expr) -> None:
    difference = elementary(original) - elementary(stable_form(original))
    assert sympy.simplify(sympy.expand(difference.rewrite(exp))) == 0


def test_gelu_written_with_erf_becomes_x_ndtr_x() -> None:
    # the module doctest's example: no cancelling 1 + erf(...) is left
    gelu = x / 2 * (1 + erf(x / sqrt(2)))
    result = stable_form(gelu)
    assert_same_function(gelu, result)
    assert result == x * ndtr(x)


def test_complement_split_is_an_identity() -> None:
    original = x * sigmoid(x) - softplus(x)
    result = stable_form(original)
    assert isinstance(result, sympy.Piecewise)
    assert_same_function(original, result)
    # on x > 0 the stable branch has no sum of large cancelling terms
    positive = result.args[0]
    assert positive[1] == (x > 0)
    assert not positive[0].has(softplus(x))


def _kernel_cases() -> list[tuple[str, int | str]]:
    cases: list[tuple[str, int | str]] = []
    for name in symact.names():
        record = symact.get(name)
        if record.vector:
            continue
        cases += [(name, d) for d in (0, 1, 2)]
        cases += [(name, p.name) for p in record.parameters if p.default is not None]
    return cases


@pytest.mark.parametrize(("name", "derivative"), _kernel_cases())
def test_stable_form_of_every_catalogue_kernel_is_the_same_function(
    name: str, derivative: int | str
) -> None:
    expr, _ = kernel_expression(symact.get(name), derivative)
    assert_same_function(expr, stable_form(expr))


@pytest.mark.parametrize(("name", "size"), [("softmax", 3), ("softmax", 2), ("maxout", 3)])
def test_stable_form_of_vector_jacobians_is_the_same_function(name: str, size: int) -> None:
    record = symact.get(name)
    params = {"n": size} if name == "softmax" else {"k": size}
    for d in (0, 1):
        expr, _ = kernel_expression(record, d, **params)
        for entry in expr if isinstance(expr, sympy.MatrixBase) else [expr]:
            assert_same_function(entry, stable_form(entry))


@pytest.mark.parametrize(
    ("original", "wrong"),
    [
        (k * tanh(u) + k, 2 * k * sigmoid(u)),
        (1 - sigmoid(x), sigmoid(x)),
        (k * sigmoid(u) - k / 2, k * tanh(u) / 2),
        (erf(x) + 1, 2 * ndtr(x)),
        (k * cos(u) - k, -2 * k * sympy.sin(u) ** 2),
    ],
    ids=str,
)
def test_identity_check_tells_near_misses_apart(original: sympy.Expr, wrong: sympy.Expr) -> None:
    """The comparison above can fail: plausible wrong rewrites are caught."""
    with pytest.raises(AssertionError):
        assert_same_function(original, wrong)


_B = Symbol("b", positive=True)


@pytest.mark.parametrize(
    ("name", "derivative", "exact", "point"),
    [
        ("sigmoid", 0, 1 / (1 + exp(-x)), -710.0),
        ("silu", 0, x / (1 + exp(-x)), -710.0),
        ("silu", 2, sympy.diff(x / (1 + exp(-x)), x, 2), 710.0),
        ("softplus", "beta", sympy.diff(log(1 + exp(_B * x)) / _B, _B).subs(_B, 1), 710.0),
    ],
)
def test_subnormal_sigmoid_is_not_flushed(
    name: str, derivative: int | str, exact: sympy.Expr, point: float
) -> None:
    """SciPy's expit(-710) is 0 where sigmoid(-710) = 4.5e-309 (subnormal);
    times x ~ 710 that is a normal number (silu(-710) = -3.2e-306), which
    came out as 0 (hypothesis found silu''(710) and softplus' d/dbeta)."""
    got = float(symact.get(name).numpy(derivative)(np.float64(point)))
    # maxn: softplus' d/dbeta cancels 300 digits at 710 (x sigma(x) - softplus(x))
    true = sympy.N(exact.subs(x, Rational(point)), 40, maxn=4000)
    assert true != 0
    assert got != 0.0
    assert abs(sympy.Float(got, 40) - true) <= Rational(1, 10**13) * abs(true)
