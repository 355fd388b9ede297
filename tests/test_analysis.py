"""The analysis engine: exact profiles, known answers, edge cases, and
agreement with the prover."""

from __future__ import annotations

import json

import pytest
import sympy
from sympy import FiniteSet, Interval, LambertW, Rational, S, exp, oo

import symact
from symact.analysis import analyze, function_range, range_report
from symact.analysis.shape import continuity_order, monotonicity
from symact.functions import elu, leaky_relu, relu, sigmoid, silu

x = symact.x
W = LambertW(exp(-1))

# name -> (range, derivative range, continuity, monotonic, convex, zero-centred, odd, lipschitz)
KNOWN = {
    "sigmoid": (
        Interval.open(0, 1),
        Interval.Lopen(0, Rational(1, 4)),
        "inf",
        "increasing",
        "neither",
        False,
        False,
        Rational(1, 4),
    ),
    "tanh": (
        Interval.open(-1, 1),
        Interval.Lopen(0, 1),
        "inf",
        "increasing",
        "neither",
        True,
        True,
        1,
    ),
    "logsigmoid": (
        Interval.open(-oo, 0),
        Interval.open(0, 1),
        "inf",
        "increasing",
        "concave",
        False,
        False,
        1,
    ),
    "softplus": (
        Interval.open(0, oo),
        Interval.open(0, 1),
        "inf",
        "increasing",
        "convex",
        False,
        False,
        1,
    ),
    "relu": (Interval(0, oo), FiniteSet(0, 1), 0, "nondecreasing", "convex", False, False, 1),
    "leaky_relu": (
        S.Reals,
        FiniteSet(Rational(1, 100), 1),
        0,
        "increasing",
        "convex",
        False,
        False,
        1,
    ),
    "prelu": (S.Reals, FiniteSet(Rational(1, 4), 1), 0, "increasing", "convex", False, False, 1),
    "rrelu": (S.Reals, FiniteSet(Rational(11, 48), 1), 0, "increasing", "convex", False, False, 1),
    "relu6": (Interval(0, 6), FiniteSet(0, 1), 0, "nondecreasing", "neither", False, False, 1),
    "elu": (
        Interval.open(-1, oo),
        Interval.Lopen(0, 1),
        1,
        "increasing",
        "convex",
        False,
        False,
        1,
    ),
}


@pytest.mark.parametrize("name", list(KNOWN))
def test_known_profiles(name: str) -> None:
    rng, drange, continuity, monotonic, convex, zero_centered, odd, lipschitz = KNOWN[name]
    p = analyze(name)
    assert p.range == rng
    assert p.derivative_range == drange
    assert p.continuity == continuity
    assert p.monotonic == monotonic
    assert p.convex == convex
    assert p.zero_centered is zero_centered
    assert p.odd is odd
    assert p.lipschitz == lipschitz
    assert not p.unknown


def test_silu_exact_minimum_where_sympy_fails() -> None:
    with pytest.raises(NotImplementedError, match="critical points"):  # SymPy's own gives up
        sympy.calculus.util.function_range(x / (1 + exp(-x)), x, S.Reals)
    p = analyze("silu")
    assert p.range == Interval(-W, oo)
    assert p.minimum is not None
    assert p.minimum.attained
    assert p.minimum.where == (-1 - W,)
    assert p.monotonic == "none"
    assert p.convex == "neither"


def test_silu_derivative_range_is_certified_numeric() -> None:
    """No closed form: a certified bracket, checked against an independent
    mpmath computation (findroot on SiLU'' at 60 digits) to 30 digits."""
    import mpmath

    p = analyze("silu")
    assert p.numeric == ("derivative_range", "lipschitz")
    assert not p.unknown
    with mpmath.workdps(60):

        def s(t):
            return 1 / (1 + mpmath.exp(-t))

        def d1(t):
            return s(t) * (1 + t * (1 - s(t)))

        peak = mpmath.findroot(lambda t: mpmath.diff(d1, t), 2.4)
        high, low = d1(peak), d1(-peak)
        assert p.derivative_range is not None
        for exact, certified in ((low, p.derivative_range.inf), (high, p.derivative_range.sup)):
            assert abs(mpmath.mpf(str(certified)) - exact) < mpmath.mpf(10) ** -30
    assert not p.derivative_range.left_open  # attained
    assert not p.derivative_range.right_open


def test_sigmoid_details() -> None:
    p = analyze("sigmoid")
    assert p.minimum == symact.analysis.Extremum(0, False, (-oo,))
    assert dict(p.limits) == {"-oo": 0, "oo": 1}
    assert (p.value_at_0, p.derivative_at_0) == (S.Half, Rational(1, 4))
    assert p.saturates == ("-oo", "oo")
    assert p.gradient_bound_depth(10) == Rational(1, 4) ** 10
    assert not p.identity_near_origin


def test_asymptotes() -> None:
    assert dict(analyze("softplus").asymptotes) == {"-oo": 0, "oo": x}
    assert dict(analyze("logsigmoid").asymptotes) == {"-oo": x, "oo": 0}
    assert dict(analyze("leaky_relu").asymptotes) == {"-oo": x / 100, "oo": x}
    assert dict(analyze("elu", alpha=3).asymptotes) == {"-oo": -3, "oo": x}


def test_kinks_make_derivative_at_zero_undefined() -> None:
    assert analyze("relu").derivative_at_0 is S.NaN
    assert analyze("elu").derivative_at_0 == 1
    assert analyze("elu", alpha=2).derivative_at_0 is S.NaN


@pytest.mark.parametrize(
    ("alpha", "continuity", "range_", "identity"),
    [
        (1, 1, Interval.open(-1, oo), True),
        (2, 0, Interval.open(-2, oo), False),
        (Rational(1, 2), 0, Interval.open(-S.Half, oo), False),
    ],
)
def test_elu_alpha_edge_cases(alpha, continuity, range_, identity) -> None:
    p = analyze("elu", alpha=alpha)
    assert p.continuity == continuity
    assert p.range == range_
    assert p.identity_near_origin is identity


def test_leaky_relu_slope_edge_cases() -> None:
    zero = analyze("leaky_relu", negative_slope=0)
    assert zero.range == Interval(0, oo)  # relu
    assert zero.monotonic == "nondecreasing"
    one = analyze("leaky_relu", negative_slope=1)
    assert one.continuity == "inf"  # the identity
    assert one.convex == "affine"
    assert one.odd is True
    assert one.derivative_range == FiniteSet(1)
    assert one.monotonic == "increasing"


def test_shape_helpers() -> None:
    assert monotonicity(-sigmoid(x), x) == "decreasing"
    assert monotonicity(sympy.Integer(3) + 0 * x, x) == "constant"
    assert monotonicity(x**2, x) == "none"
    assert monotonicity(sympy.Piecewise((0, x < 0), (1, True)), x) == "nondecreasing"  # a jump up
    assert monotonicity(sympy.Piecewise((1, x < 0), (0, True)), x) == "nonincreasing"
    assert continuity_order(sympy.Piecewise((0, x < 0), (1, True)), x) == -1
    assert continuity_order(relu(x) ** 2, x) == 1
    assert continuity_order(relu(x) - relu(-x), x) == "inf"
    assert continuity_order(silu(x), x) == "inf"


def test_function_range_open_and_closed_ends() -> None:
    assert function_range(sigmoid(x) * (1 - sigmoid(x)), x) == Interval.Lopen(0, Rational(1, 4))
    assert function_range(relu(x).diff(x), x) == FiniteSet(0, 1)
    assert function_range(leaky_relu(x, 0).diff(x), x) == FiniteSet(0, 1)
    assert function_range(x**2, x, Interval.Lopen(-1, 2)) == Interval(0, 4)
    assert function_range(x**2, x, Interval.open(-1, 2)) == Interval.Ropen(0, 4)
    assert function_range(elu(x, 2), x, Interval(-1, 1)) == Interval(2 * exp(-1) - 2, 1)


def test_range_report() -> None:
    report = range_report(sigmoid(x) * (1 - sigmoid(x)))
    assert report.maximum is not None
    assert report.maximum.where == (0,)
    constant = range_report(sympy.Integer(5))
    assert constant.range == FiniteSet(5)
    with pytest.raises(symact.AnalysisError, match="one variable"):
        range_report(x + sympy.Symbol("y"))


def test_vector_activations_are_refused() -> None:
    with pytest.raises(symact.AnalysisError, match="vector"):
        analyze("softmax")


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu6", "elu", "softplus", "logsigmoid"])
def test_computed_ranges_are_proven_by_the_prover(name: str) -> None:
    """A computed range is itself a claim, and it must come out proven."""
    p = analyze(name)
    assert isinstance(p.range, Interval)
    low, high = p.range.inf, p.range.sup
    f = str(p.expression)
    if low.is_finite:
        op = "<" if p.range.left_open else "<="
        assert symact.check(f"{low} {op} {f}").verdict == "proven"
        if not p.range.left_open:  # attained: the strict bound must fail
            assert symact.check(f"{low} < {f}").verdict == "refuted"
    if high.is_finite:
        op = "<" if p.range.right_open else "<="
        assert symact.check(f"{f} {op} {high}").verdict == "proven"
        if not p.range.right_open:
            assert symact.check(f"{f} < {high}").verdict == "refuted"


def test_show_json_has_the_analysis_keys(cli) -> None:
    data = json.loads(cli.invoke("show", "sigmoid", "--json").stdout)
    keys = {
        "range",
        "derivative_range",
        "extrema",
        "limits",
        "value_at_0",
        "derivative_at_0",
        "continuity",
        "monotonic",
        "derivative_monotonic",
        "convex",
        "bounded_below",
        "bounded_above",
        "saturates",
        "zero_centered",
        "odd",
        "even",
        "identity_near_origin",
        "lipschitz",
        "unknown",
    }
    assert keys <= set(data)
    assert data["range"] == "(0, 1)"
    assert data["derivative_range"] == "(0, 1/4]"
    assert data["limits"] == {"-oo": "0", "oo": "1"}
    assert data["continuity"] == "inf"
    assert data["extrema"]["maximum"] == {"value": "1", "attained": False, "at": ["oo"]}
    silu_data = json.loads(cli.invoke("show", "silu", "--json").stdout)
    assert silu_data["range"] == "[-LambertW(exp(-1)), oo)"
    assert silu_data["derivative_range"].startswith("[-0.0998393201288669169581849243205")
    assert silu_data["numeric"] == ["derivative_range", "lipschitz"]
    assert silu_data["unknown"] == {}
    relu_data = json.loads(cli.invoke("show", "relu", "--json").stdout)
    assert relu_data["derivative_at_0"] == "undefined"
    assert relu_data["continuity"] == 0
    assert relu_data["derivative_range"] == "{0, 1}"


def test_cli_range(cli) -> None:
    result = cli.invoke("range", "diff(sigmoid(x), x)", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["range"] == "(0, 1/4]"
    assert data["extrema"]["maximum"] == {"value": "1/4", "attained": True, "at": ["0"]}
    restricted = json.loads(
        cli.invoke("range", "relu(x) - x", "--assume", "x <= 2", "--json").stdout
    )
    assert restricted["domain"] == "(-oo, 2]"
    assert restricted["range"] == "[0, oo)"
    assert "RANGE" in cli.invoke("range", "tanh(x)").stdout
    bad = cli.invoke("range", "x + y")
    assert bad.exit_code == 2
    assert "one variable" in bad.stderr
    assert cli.invoke("range", "x.y").exit_code == 2


def test_cli_compare(cli) -> None:
    result = cli.invoke("compare", "sigmoid", "tanh", "relu", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["activations"] == ["sigmoid", "tanh", "relu"]
    assert data["properties"]["tanh"]["zero_centered"] is True
    assert data["properties"]["sigmoid"]["zero_centered"] is False
    table = cli.invoke("compare", "sigmoid", "relu").stdout
    assert "zero-centred" in table
    assert "sigmoid" in table
    assert cli.invoke("compare", "sigmoid", "nope").exit_code == 2
    assert cli.invoke("compare", "softmax").exit_code == 3  # a vector activation has no profile
