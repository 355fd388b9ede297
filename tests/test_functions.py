"""The catalogue's SymPy functions against their definitions and against
independent mpmath references: declared derivatives (away from and at the
kinks), second derivatives, parameter derivatives, evaluation, printing."""

from __future__ import annotations

from fractions import Fraction

import mpmath as mp
import pytest
import sympy
from sympy import Piecewise, S, Symbol

import symact
from symact.functions import (
    elu,
    leaky_relu,
    logsigmoid,
    maxout,
    prelu,
    relu,
    relu6,
    rrelu,
    sigmoid,
    silu,
    softmax,
    softplus,
)
from tests.reference import SCALAR
from tests.reference import maxout as ref_maxout
from tests.reference import softmax as ref_softmax

x = symact.x
DPS = 40
# 33 rational points in [-8, 8], none within 0.1 of a kink (0, 6)
POINTS = [Fraction(-797 + 49 * k, 100) for k in range(33)]
CASES = [(name, params) for name, ref in SCALAR.items() for params in ref.param_sets]
IDS = [f"{name}-{'-'.join(f'{k}={v}' for k, v in p.items()) or 'defaults'}" for name, p in CASES]


def value(expr: sympy.Expr, at: Fraction) -> mp.mpf:
    number = expr.subs(x, sympy.Rational(at.numerator, at.denominator))
    evaluated = sympy.N(number, DPS)
    assert evaluated.is_real, f"{expr} at {at} gave {evaluated}"
    return mp.mpf(str(evaluated))


def branch(expr: sympy.Expr, at: Fraction) -> sympy.Expr:
    """The elementary expression ``expr`` (definitions expanded) uses at ``at``."""
    folded = sympy.piecewise_fold(expr.rewrite("definition"))
    if not isinstance(folded, Piecewise):
        return folded
    for candidate, condition in folded.args:
        if condition.subs(x, sympy.Rational(at.numerator, at.denominator)) == S.true:
            return candidate
    raise AssertionError(f"no branch of {folded} at {at}")


def close(a: mp.mpf, b: mp.mpf, tol: float = 1e-25) -> bool:
    return abs(a - b) <= tol * max(1, abs(b))


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_definition_matches_reference(name: str, params: dict) -> None:
    record = symact.get(name)
    definition = record.definition(**params)
    applied = record.expr(**params)
    with mp.workdps(DPS):
        reference = SCALAR[name].function(**params)
        for at in POINTS:
            expected = reference(mp.mpf(at.numerator) / at.denominator)
            assert close(value(definition, at), expected), (name, at)
            assert close(value(applied, at), expected), (name, at)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_declared_derivative_equals_derivative_of_definition(name: str, params: dict) -> None:
    """Symbolically, interval by interval: the declared rule is a claim."""
    record = symact.get(name)
    declared = record.expr(**params).diff(x)
    definition = record.definition(**params)
    for at in POINTS[::4]:
        difference = branch(declared, at) - sympy.diff(branch(definition, at), x)
        assert sympy.simplify(difference) == 0, (name, at, difference)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_derivatives_match_reference_numerically(name: str, params: dict) -> None:
    record = symact.get(name)
    first = record.derivative(**params)
    second = record.derivative(2, **params)
    with mp.workdps(DPS):
        reference = SCALAR[name].function(**params)
        for at in POINTS:
            point = mp.mpf(at.numerator) / at.denominator
            assert close(value(first, at), mp.diff(reference, point), 1e-20), (name, at)
            assert close(value(second, at), mp.diff(reference, point, 2), 1e-15), (name, at)


def one_sided_derivatives(definition: sympy.Expr, at: int) -> tuple[sympy.Expr, sympy.Expr]:
    h = Symbol("h", positive=True)
    quotient_right = (definition.subs(x, at + h) - definition.subs(x, at)) / h
    quotient_left = (definition.subs(x, at - h) - definition.subs(x, at)) / (-h)
    return sympy.limit(quotient_left, h, 0), sympy.limit(quotient_right, h, 0)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_derivatives_at_kinks_are_undefined(name: str, params: dict) -> None:
    """Trust rule 7: undefined where the one-sided derivatives differ, the
    common value where they agree; never a silent convention."""
    record = symact.get(name)
    definition = record.definition(**params)
    kinks = SCALAR[name].kinks(**params)
    for point in {0, 6} | set(kinks):
        left, right = one_sided_derivatives(definition, point)
        declared = record.derivative(**params).subs(x, point)
        if point in kinks:
            assert left != right
            assert declared is S.NaN, (name, point, declared)
            assert record.derivative(2, **params).subs(x, point) is S.NaN
        else:
            assert abs(sympy.N(left - right, DPS)) < 1e-30, (name, point, left, right)
            assert abs(sympy.N(declared - left, DPS)) < 1e-30, (name, point, declared, left)


def test_elu_is_differentiable_at_zero_only_for_alpha_one() -> None:
    assert elu(x, 1).diff(x).subs(x, 0) == 1
    assert elu(x, 2).diff(x).subs(x, 0) is S.NaN
    alpha = Symbol("alpha", positive=True)
    at_zero = elu(x, alpha).diff(x).subs(x, 0)
    assert at_zero.subs(alpha, 1) == 1
    assert at_zero.subs(alpha, 3) is S.NaN
    # the second derivative jumps from alpha to 0, even for alpha = 1
    assert symact.get("elu").derivative(2).subs(x, 0) is S.NaN


def test_leaky_relu_with_slope_one_is_the_identity() -> None:
    assert leaky_relu(x, 1).diff(x) == 1
    assert symact.get("leaky_relu").definition(negative_slope=1).subs(x, -3) == -3


@pytest.mark.parametrize(
    ("name", "wrt", "params"),
    [
        ("prelu", "weight", {}),
        ("prelu", "weight", {"weight": Fraction(-1, 2)}),
        ("leaky_relu", "negative_slope", {}),
        ("softplus", "beta", {"beta": Fraction(3, 2)}),
        ("elu", "alpha", {"alpha": Fraction(2)}),
        ("rrelu", "lower", {}),
        ("rrelu", "slope", {"slope": Fraction(1, 5)}),
    ],
)
def test_parameter_derivatives_match_finite_differences(name: str, wrt: str, params: dict) -> None:
    record = symact.get(name)
    derivative = record.derivative(wrt=wrt, **params)
    bound = record.bind(params)

    def as_function_of_parameter(at: Fraction):
        def f(p):
            values = dict(bound, **{wrt: sympy.Float(str(p), DPS)})
            return mp.mpf(str(sympy.N(record.definition(**values).subs(x, at), DPS)))

        return f

    with mp.workdps(DPS):
        for at in POINTS[::3]:
            point = sympy.Rational(at.numerator, at.denominator)
            at_parameter = mp.mpf(str(sympy.N(bound[wrt], DPS)))
            expected = mp.diff(as_function_of_parameter(point), at_parameter, h=mp.mpf("1e-12"))
            assert close(value(derivative, at), expected, 1e-15), (name, wrt, at)


def test_rrelu_training_slope_has_no_lower_upper_dependence() -> None:
    lower = Symbol("lower", nonnegative=True)
    a = Symbol("slope", nonnegative=True)
    training = rrelu(x, lower, 1, a)
    assert training.diff(lower) == 0
    assert rrelu(x, lower, 1).diff(lower) == sympy.Min(x, 0) / 2


def test_exact_values_at_numbers_and_infinities() -> None:
    oo = sympy.oo
    assert sigmoid(0) == S.Half
    assert (sigmoid(oo), sigmoid(-oo)) == (1, 0)
    assert sigmoid(1).func is sigmoid  # stays exact, like tanh(1)
    assert relu(-3) == 0
    assert relu(sympy.Rational(5, 2)) == sympy.Rational(5, 2)
    assert relu6(7) == 6
    assert relu6(-1) == 0
    assert leaky_relu(-2) == sympy.Rational(-1, 50)
    assert softplus(0) == sympy.log(2)
    assert softplus(0, 2) == sympy.log(2) / 2
    assert (silu(-oo), silu(oo)) == (0, oo)
    assert (logsigmoid(-oo), logsigmoid(oo)) == (-oo, 0)
    assert elu(-oo) == -1
    assert elu(-oo, 3) == -3
    assert maxout(1, 3, 2) == 3


def test_floats_evaluate_numerically() -> None:
    assert abs(sigmoid(sympy.Float(2.0)) - 0.8807970779778823) < 1e-15
    assert abs(sympy.N(elu(-1), 30) - (sympy.exp(-1) - 1)) < 1e-29


def test_assumptions() -> None:
    assert sigmoid(x).is_real
    assert sigmoid(x).is_positive
    assert relu(x).is_nonnegative
    assert logsigmoid(x).is_negative
    assert softplus(x).is_positive
    z = Symbol("z")  # no assumptions: nothing may be claimed
    assert sigmoid(z).is_real is None
    beta = Symbol("beta")  # could be 0: softplus(x, 0) is undefined
    assert softplus(x, beta).is_real is None


def test_parameters_are_exact_and_validated() -> None:
    assert leaky_relu(x, 0.01).args[1] == sympy.Rational(1, 100)
    assert elu(x, alpha=0.5).args[1] == S.Half
    with pytest.raises(symact.ParameterError, match="no parameter 'beta'"):
        elu(x, beta=2)
    with pytest.raises(symact.ParameterError, match="got parameter 'alpha' twice"):
        elu(x, 2, alpha=3)
    with pytest.raises(symact.ParameterError, match="takes 1 parameter"):
        elu(x, 1, 2)
    with pytest.raises(symact.ParameterError, match="not defined for beta=0"):
        softplus(x, 0)
    with pytest.raises(symact.ParameterError, match="finite"):
        elu(x, float("nan"))
    with pytest.raises(symact.ParameterError, match="must be a number"):
        elu(x, "2")
    with pytest.raises(symact.ParameterError, match="not defined"):
        rrelu(x, 0.3, 0.1)
    with pytest.raises(symact.ParameterError, match="not defined"):
        rrelu(x, 0.1, 0.3, 0.5)


@pytest.mark.parametrize(
    ("expr", "text", "latex"),
    [
        (sigmoid(x), "sigmoid(x)", r"\sigma\left(x\right)"),
        (sigmoid(x) ** 2, "sigmoid(x)**2", r"\sigma^{2}\left(x\right)"),
        (relu(x), "relu(x)", r"\operatorname{ReLU}\left(x\right)"),
        (
            leaky_relu(x),
            "leaky_relu(x, 1/100)",
            r"\operatorname{LeakyReLU}_{\frac{1}{100}}\left(x\right)",
        ),
        (prelu(x, Symbol("a")), "prelu(x, a)", r"\operatorname{PReLU}_{a}\left(x\right)"),
        (
            rrelu(x),
            "rrelu(x, 1/8, 1/3)",
            r"\operatorname{RReLU}_{\frac{1}{8}, \frac{1}{3}}\left(x\right)",
        ),
        (relu6(x), "relu6(x)", r"\operatorname{ReLU6}\left(x\right)"),
        (elu(x, 2), "elu(x, 2)", r"\operatorname{ELU}_{2}\left(x\right)"),
        (softplus(x), "softplus(x, 1)", r"\operatorname{softplus}_{1}\left(x\right)"),
        (logsigmoid(x), "logsigmoid(x)", r"\log\sigma\left(x\right)"),
        (silu(x), "silu(x)", r"\operatorname{SiLU}\left(x\right)"),
        (sympy.tanh(x), "tanh(x)", r"\tanh{\left(x \right)}"),
        (
            softmax(*sympy.symbols("z1 z2", real=True), index=2),
            "softmax(z1, z2, index=2)",
            r"\operatorname{softmax}\left(z_{1}, z_{2}\right)_{2}",
        ),
        (
            maxout(*sympy.symbols("z1 z2", real=True)),
            "maxout(z1, z2)",
            r"\operatorname{maxout}\left(z_{1}, z_{2}\right)",
        ),
    ],
)
def test_printing(expr: sympy.Expr, text: str, latex: str) -> None:
    assert str(expr) == text
    assert sympy.latex(expr) == latex


def test_pretty_printing() -> None:
    assert sympy.pretty(sigmoid(x), use_unicode=True) == "σ(x)"
    assert sympy.pretty(sigmoid(x), use_unicode=False) == "sigmoid(x)"
    assert sympy.pretty(relu6(x), use_unicode=True) == "relu6(x)"  # no subscript 6
    assert "σ" in sympy.pretty(sigmoid(x) ** 2, use_unicode=True)


def test_rewrite_definition_is_recursive() -> None:
    expr = sympy.tanh(x) - 2 * sigmoid(2 * x) + 1
    assert sympy.simplify(expr.rewrite("definition").rewrite(sympy.exp)) == 0


def test_softmax_jacobian_against_definition_and_reference() -> None:
    record = symact.get("softmax")
    zs = record.inputs(n=4)
    jacobian = record.jacobian(zs)
    definition = record.definition(zs)
    assert jacobian.shape == (4, 4)
    for i in range(4):
        for j in range(4):
            exact = sympy.diff(definition[i], zs[j])
            assert sympy.simplify(jacobian[i, j].rewrite("definition") - exact) == 0
    point = {z: sympy.Rational(k * 7 - 9, 5) for k, z in enumerate(zs)}
    with mp.workdps(DPS):
        zvals = [mp.mpf(str(sympy.N(point[z], DPS))) for z in zs]
        for i in range(4):
            assert close(
                mp.mpf(str(sympy.N(record.expr(zs)[i].subs(point), DPS))), ref_softmax(zvals, i + 1)
            )
            for j in range(4):

                def component(t, i=i, j=j):
                    values = list(zvals)
                    values[j] = t
                    return ref_softmax(values, i + 1)

                numeric = mp.diff(component, zvals[j])
                assert close(mp.mpf(str(sympy.N(jacobian[i, j].subs(point), DPS))), numeric, 1e-20)


def test_softmax_components_validate_their_index() -> None:
    z1, z2 = sympy.symbols("z1 z2", real=True)
    with pytest.raises(symact.ParameterError, match=r"outside 1\.\.2"):
        softmax(z1, z2, index=3)
    with pytest.raises(symact.ParameterError, match="integer"):
        softmax(z1, z2, index=1.5)
    with pytest.raises(symact.ParameterError, match="index=i"):
        softmax(z1)
    s = softmax(z1, z2, index=2)
    assert s.func(*s.args) == s  # SymPy's rebuild round-trips
    assert s.subs(z1, 0) == softmax(0, z2, index=2)


def test_maxout_jacobian_is_one_hot_and_undefined_at_ties() -> None:
    record = symact.get("maxout")
    zs = record.inputs(k=3)
    jacobian = record.jacobian(zs)
    assert jacobian.shape == (1, 3)
    point = dict(zip(zs, (1, 5, 2), strict=True))
    assert list(jacobian.subs(point)) == [0, 1, 0]
    assert maxout(*zs).subs(point) == ref_maxout([1, 5, 2])
    tie = dict(zip(zs, (5, 5, 2), strict=True))
    values = list(jacobian.subs(tie))
    assert values[0] is S.NaN
    assert values[1] is S.NaN
    assert values[2] == 0
    with pytest.raises(symact.ParameterError, match="at least 2"):
        maxout(zs[0])


def test_maxout_of_affine_pieces_is_piecewise_linear_in_x() -> None:
    record = symact.get("maxout")
    pieces = [2 * x + 1, -x + 4]
    expr = record.expr(pieces)
    assert expr.subs(x, 3) == 7
    assert expr.subs(x, 0) == 4
    assert sympy.diff(expr, x).subs(x, 3) == 2
    assert sympy.diff(expr, x).subs(x, 1) is S.NaN  # the pieces tie at x = 1
