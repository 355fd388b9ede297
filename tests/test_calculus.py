"""The kink-aware calculus: breakpoints, one-sided behaviour, derivatives
that are undefined exactly where they do not exist."""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Heaviside, Max, Min, Piecewise, S, Symbol, exp

import symact
from symact.calculus import (
    breakpoints,
    classify_breakpoints,
    compact,
    derivative,
    expand_definitions,
    kinks,
    tidy_piecewise,
)
from symact.functions import elu, leaky_relu, relu, relu6, sigmoid, silu

x = symact.x


def test_sympy_differentiation_is_not_honest_at_kinks() -> None:
    """Why this module exists: SymPy's answers at kinks are conventions."""
    assert sympy.diff(Max(0, x), x).subs(x, 0) == S.Half
    assert sympy.diff(elu(x), x, 2).subs(x, 0) == 0  # the jump 1 -> 0 is hidden


@pytest.mark.parametrize(
    ("expr", "at", "expected"),
    [
        (Max(0, x), 0, S.NaN),
        (Abs(x), 0, S.NaN),
        (relu(x), 0, S.NaN),
        (relu(x) - relu(-x), 0, 1),  # a breakpoint that is no kink
        (leaky_relu(x, 1), 0, 1),
        (elu(x), 0, 1),
        (relu(x) ** 2, 0, 0),  # C^1: the square smooths the corner
        (Max(x, 2 - x), 1, S.NaN),
        (relu6(2 * x), 3, S.NaN),
        (relu6(2 * x), 1, 2),
        (Piecewise((0, x < 0), (1, True)), 0, S.NaN),  # a jump
    ],
)
def test_first_derivative_at_breakpoints(expr, at, expected) -> None:
    assert derivative(expr, x).subs(x, at) == expected


def test_second_derivatives() -> None:
    assert derivative(elu(x), x, 2) == Piecewise((0, x > 0), (exp(x), x < 0))
    assert derivative(relu(x) ** 2, x, 2).subs(x, 0) is S.NaN  # 2 relu' jumps
    assert derivative(relu(x) ** 3, x, 2).subs(x, 0) == 0
    assert derivative(x**3, x, 2) == 6 * x
    assert derivative(relu(x), x, 0) == relu(x)
    with pytest.raises(ValueError, match="order"):
        derivative(x, x, -1)


def test_derivative_is_compact_for_smooth_catalogue_functions() -> None:
    assert derivative(sigmoid(x), x) == sigmoid(x) * (1 - sigmoid(x))
    second = compact(derivative(sigmoid(x), x, 2))
    s = sigmoid(x)
    assert sympy.expand(second - s * (1 - s) * (1 - 2 * s)) == 0


def test_breakpoints() -> None:
    assert breakpoints(relu6(2 * x - 1), x) == (S.Half, sympy.Rational(7, 2))
    assert breakpoints(sigmoid(x) + silu(x), x) == ()
    assert breakpoints(Max(x, 2 - x) + Heaviside(x - 5), x) == (1, 5)


def test_breakpoints_with_symbolic_positions_are_refused() -> None:
    c = Symbol("c", real=True)
    with pytest.raises(symact.AnalysisError, match="not a real number"):
        breakpoints(Max(x, c), x)


def test_classify_breakpoints_reports_one_sided_values() -> None:
    (b,) = classify_breakpoints(elu(x, 2), x)
    assert (b.point, b.value, b.left_limit, b.right_limit) == (0, 0, 0, 0)
    assert (b.left_derivative, b.right_derivative) == (2, 1)
    assert b.continuous
    assert not b.differentiable
    assert b.is_kink
    (jump,) = classify_breakpoints(Piecewise((0, x < 0), (1, True)), x)
    assert not jump.continuous
    assert jump.left_limit == 0
    assert jump.right_limit == 1
    assert jump.derivative is S.NaN


def test_kinks_of_the_notes_activations() -> None:
    assert [k.point for k in kinks(relu(x), x)] == [0]
    assert [k.point for k in kinks(relu6(x), x)] == [0, 6]
    assert kinks(elu(x, 1), x) == ()
    assert kinks(sigmoid(x), x) == ()
    assert [(k.left_derivative, k.right_derivative) for k in kinks(leaky_relu(x), x)] == [
        (sympy.Rational(1, 100), 1)
    ]


def test_expand_definitions_reaches_nested_functions() -> None:
    expanded = expand_definitions(sigmoid(relu(x)))
    assert not expanded.has(sigmoid)
    assert not expanded.has(relu)
    assert expand_definitions(Min(x, 0)).has(Piecewise)


def test_tidy_piecewise() -> None:
    messy = Piecewise((1, x > 0), (exp(x), x < 0), (1, True))
    assert tidy_piecewise(messy, x).subs(x, 0) == 1
    assert tidy_piecewise(Piecewise((0, x < 0), (0, x > 0)), x) == Piecewise((0, sympy.Ne(x, 0)))
    # conditions on other symbols are left alone
    a = Symbol("a")
    kept = Piecewise((1, a > 0), (0, True))
    assert tidy_piecewise(kept, x) == kept


def test_limits_are_cross_checked_against_sympy_wrong_answers() -> None:
    """SymPy 1.14 returns 0 for this limit (SiLU's derivative at +oo); it is 1.
    symact takes the limit of two forms, breaks ties only with a numeric
    confirmation, and otherwise refuses (AnalysisError) rather than guess."""
    from symact.calculus.limits import limit

    silu_derivative = (x * (1 - 1 / (1 + exp(-x))) + 1) / (1 + exp(-x))
    assert limit(silu_derivative, x, sympy.oo) == 1
    assert limit(silu_derivative, x, -sympy.oo) == 0
    assert limit(sigmoid(x).rewrite("definition"), x, -sympy.oo) == 0
    assert limit(1 / x, x, sympy.Integer(0), "+") == sympy.oo


def test_silu_saturates_only_on_the_left() -> None:
    from symact.analysis import analyze

    assert analyze("silu").saturates == ("-oo",)


@pytest.mark.parametrize(
    "center",
    [sympy.Rational(-12, 5), sympy.Rational(-1, 3), sympy.Integer(0), sympy.Rational(7, 2)],
)
def test_interval_enclosures_contain_the_value(center) -> None:
    from symact.calculus.roots import enclose

    silu_derivative = (x * (1 - 1 / (1 + exp(-x))) + 1) / (1 + exp(-x))
    for expr in (silu_derivative, -silu_derivative, exp(x) - 3, x**3 - x):
        low, high = enclose(expr, x, center, center + sympy.Rational(1, 10**40))
        value = expr.subs(x, center)
        assert low <= sympy.N(value, 60) <= high
        assert high - low < sympy.Rational(1, 10**35)


def test_roots_are_isolated_and_certified() -> None:
    from symact.calculus.roots import isolate_roots

    second = sympy.diff((x * (1 - 1 / (1 + exp(-x))) + 1) / (1 + exp(-x)), x)  # SiLU''
    roots = isolate_roots(second, x, sympy.Interval(-sympy.oo, sympy.oo))
    assert len(roots) == 2
    for root in roots:
        assert root.numeric
        assert root.high - root.low < sympy.Rational(1, 10**44)
        assert sympy.sign(second.subs(x, root.low)) != sympy.sign(second.subs(x, root.high))
    assert (
        abs(sympy.N(roots[1].point, 30) - sympy.Float("2.39935728051546766783273969728", 30))
        < 1e-28
    )
