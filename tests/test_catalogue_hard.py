"""The hard approximations, shrinkage and step functions (symact/functions/hard.py):
exact profiles, conventions at the kinks and jumps (the mathematics', PyTorch's,
JAX's), kernels at the jump points, and the engine fixes they needed."""

from __future__ import annotations

import os

import numpy as np
import pytest
import sympy
from sympy import FiniteSet, Interval, Rational, S, Symbol, Union, oo

import symact
from symact.analysis import analyze
from symact.calculus import derivative
from symact.calculus.breakpoints import classify_breakpoints
from symact.functions import (
    binary_step,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    softshrink,
    sparse_plus,
    sparse_sigmoid,
    sqnl,
    threshold,
)
from symact.numeric.activations import kernel_expression

try:
    import torch
except ImportError:  # pragma: no cover - exercised on machines without torch
    torch = None

needs_torch = pytest.mark.skipif(
    torch is None and not os.environ.get("SYMACT_REQUIRE_TORCH"),
    reason="PyTorch is not installed (pip install 'symact[torch]')",
)

x = symact.x
HALF = Rational(1, 2)
NAMES = [
    "hardtanh",
    "hardsigmoid",
    "hardswish",
    "softshrink",
    "hardshrink",
    "threshold",
    "binary_step",
    "sparse_plus",
    "sparse_sigmoid",
    "sqnl",
]

# (name, params) -> (range, derivative range, continuity, monotonic, convex,
#                    zero-centred, odd, Lipschitz), all worked out by hand
KNOWN = {
    ("hardtanh", ()): (
        Interval(-1, 1),
        FiniteSet(0, 1),
        0,
        "nondecreasing",
        "neither",
        True,
        True,
        1,
    ),
    ("hardtanh", (("min_val", 0), ("max_val", 6))): (
        Interval(0, 6),
        FiniteSet(0, 1),
        0,
        "nondecreasing",
        "neither",
        False,
        False,
        1,
    ),
    ("hardsigmoid", ()): (
        Interval(0, 1),
        FiniteSet(0, Rational(1, 6)),
        0,
        "nondecreasing",
        "neither",
        False,
        False,
        Rational(1, 6),
    ),
    ("hardswish", ()): (
        Interval(Rational(-3, 8), oo),
        Interval.open(-HALF, Rational(3, 2)),
        0,
        "none",
        "neither",
        False,
        False,
        Rational(3, 2),
    ),
    ("softshrink", ()): (S.Reals, FiniteSet(0, 1), 0, "nondecreasing", "neither", True, True, 1),
    ("softshrink", (("lambd", 0),)): (
        S.Reals,
        FiniteSet(1),
        "inf",
        "increasing",
        "affine",
        True,
        True,
        1,
    ),
    # hardshrink jumps *up* at both ±lambd: not continuous, yet nondecreasing
    ("hardshrink", ()): (
        Union(Interval.open(-oo, -HALF), FiniteSet(0), Interval.open(HALF, oo)),
        FiniteSet(0, 1),
        -1,
        "nondecreasing",
        "neither",
        True,
        True,
        oo,
    ),
    ("hardshrink", (("lambd", 0),)): (
        S.Reals,
        FiniteSet(1),
        "inf",
        "increasing",
        "affine",
        True,
        True,
        1,
    ),
    ("threshold", ()): (
        Interval(0, oo),
        FiniteSet(0, 1),
        0,
        "nondecreasing",
        "convex",
        False,
        False,
        1,
    ),
    ("threshold", (("threshold", 1), ("value", -2))): (
        Union(FiniteSet(-2), Interval.open(1, oo)),
        FiniteSet(0, 1),
        -1,
        "nondecreasing",
        "neither",
        False,
        False,
        oo,
    ),
    # value above the threshold: it drops at the jump, so it is not monotonic
    ("threshold", (("threshold", 1), ("value", 3))): (
        Interval.open(1, oo),
        FiniteSet(0, 1),
        -1,
        "none",
        "neither",
        False,
        False,
        oo,
    ),
    ("threshold", (("threshold", 1), ("value", 1))): (
        Interval(1, oo),
        FiniteSet(0, 1),
        0,
        "nondecreasing",
        "convex",
        False,
        False,
        1,
    ),
    ("binary_step", ()): (
        FiniteSet(0, 1),
        FiniteSet(0),
        -1,
        "nondecreasing",
        "neither",
        False,
        False,
        oo,
    ),
    ("sparse_plus", ()): (
        Interval(0, oo),
        Interval(0, 1),
        1,
        "nondecreasing",
        "convex",
        False,
        False,
        1,
    ),
    ("sparse_sigmoid", ()): (
        Interval(0, 1),
        FiniteSet(0, HALF),
        0,
        "nondecreasing",
        "neither",
        False,
        False,
        HALF,
    ),
    ("sqnl", ()): (Interval(-1, 1), Interval(0, 1), 1, "nondecreasing", "neither", True, True, 1),
}


@pytest.mark.parametrize("case", list(KNOWN), ids=lambda c: f"{c[0]}{dict(c[1]) or ''}")
def test_known_profiles(case: tuple) -> None:
    name, params = case
    rng, drange, continuity, monotonic, convex, zero_centered, odd, lipschitz = KNOWN[case]
    p = analyze(name, **dict(params))
    assert p.range == rng
    assert p.derivative_range == drange
    assert p.continuity == continuity
    assert p.monotonic == monotonic
    assert p.convex == convex
    assert p.zero_centered is zero_centered
    assert p.odd is odd
    assert p.lipschitz == lipschitz
    assert not p.unknown


def test_extrema_and_values_at_zero() -> None:
    p = analyze("hardswish")
    assert p.minimum is not None
    assert (p.minimum.value, p.minimum.attained, p.minimum.where) == (
        Rational(-3, 8),
        True,
        (Rational(-3, 2),),
    )
    # f'(0) does not exist where 0 is a jump or a kink
    assert analyze("binary_step").derivative_at_0 is S.NaN
    assert analyze("binary_step").value_at_0 == 1
    assert analyze("threshold").derivative_at_0 is S.NaN
    t = analyze("threshold", threshold=1, value=3)
    assert t.minimum is not None
    assert (t.minimum.value, t.minimum.attained) == (1, False)  # approached as x -> 1+
    assert analyze("sqnl").identity_near_origin is True


def test_jumps_are_classified_as_discontinuities() -> None:
    points = {b.point: b for b in classify_breakpoints(hardshrink(x), x)}
    right = points[HALF]
    assert (right.value, right.left_limit, right.right_limit) == (0, 0, HALF)
    assert not right.continuous
    assert right.right_derivative is S.NaN  # the side that jumps has no derivative
    assert right.left_derivative == 0
    (step,) = classify_breakpoints(binary_step(x), x)
    assert (step.value, step.left_limit, step.right_limit, step.continuous) == (1, 0, 1, False)
    (cut,) = classify_breakpoints(threshold(x, 1, 1), x)
    assert cut.continuous  # value == threshold: a corner, not a jump
    assert not cut.differentiable


@pytest.mark.parametrize(
    ("expr", "point"),
    [
        (hardshrink(x), HALF),
        (hardshrink(x), -HALF),
        (binary_step(x), S.Zero),
        (threshold(x, 1, -2), S.One),
        (threshold(x, 1, 1), S.One),  # continuous, still no derivative
        (hardtanh(x), S.One),
        (hardswish(x), S(-3)),
        (softshrink(x), HALF),
        (sparse_sigmoid(x), S.One),
    ],
    ids=str,
)
def test_derivative_is_undefined_at_jumps_and_kinks(expr: sympy.Expr, point: sympy.Expr) -> None:
    """Not 0, not a Dirac delta: no value at all."""
    assert expr.diff(x).subs(x, point) is S.NaN
    assert derivative(expr, x).subs(x, point) is S.NaN


def test_derivative_exists_where_the_one_sided_ones_agree() -> None:
    assert sparse_plus(x).diff(x).subs(x, 1) == 1
    assert derivative(sparse_plus(x), x).subs(x, -1) == 0
    assert sqnl(x).diff(x).subs(x, 0) == 1
    assert sqnl(x).diff(x).subs(x, 2) == 0
    assert symact.get("sqnl").derivative(2).subs(x, 0) is S.NaN  # f'' jumps from 1/2 to -1/2
    assert softshrink(x, 0).diff(x) == 1
    assert hardshrink(x, 0).diff(x) == 1
    assert hardshrink(x, -1).diff(x).subs(x, 1) == 1  # lambd < 0: the identity


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        (hardshrink(HALF), 0),
        (hardshrink(-HALF), 0),
        (hardshrink(Rational(3, 5)), Rational(3, 5)),
        (softshrink(HALF), 0),
        (threshold(1, 1, -2), -2),
        (threshold(Rational(3, 2), 1, -2), Rational(3, 2)),
        (binary_step(0), 1),
        (binary_step(Rational(-1, 10**9)), 0),
        (hardtanh(1), 1),
        (hardsigmoid(-3), 0),
        (hardswish(3), 3),
        (sparse_plus(1), 1),
        (sparse_sigmoid(-1), 0),
        (sqnl(2), 1),
        (sqnl(-2), -1),
    ],
    ids=str,
)
def test_values_at_the_breakpoints(expr: sympy.Expr, value: sympy.Expr) -> None:
    assert expr == value


# -- frameworks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "framework", "point", "value"),
    [
        ("hardtanh", "pytorch", -1, 0),
        ("hardtanh", "pytorch", 1, 0),
        ("hardtanh", "jax", -1, 1),
        ("hardtanh", "jax", 1, 1),
        ("hardsigmoid", "pytorch", -3, 0),
        ("hardsigmoid", "pytorch", 3, 0),
        ("hardsigmoid", "jax", 3, 0),
        ("hardswish", "pytorch", -3, 0),
        ("hardswish", "pytorch", 3, 1),
        ("hardswish", "jax", -3, 0),
        ("hardswish", "jax", 3, 1),
        ("softshrink", "pytorch", -HALF, 0),
        ("softshrink", "pytorch", HALF, 0),
        ("softshrink", "keras", HALF, 0),
        ("hardshrink", "pytorch", -HALF, 0),
        ("hardshrink", "pytorch", HALF, 0),
        ("hardshrink", "keras", HALF, 0),
        ("threshold", "pytorch", 0, 0),
        ("threshold", "keras", 0, 0),
        ("binary_step", "jax", 0, 0),
        ("sparse_sigmoid", "jax", -1, Rational(1, 4)),
        ("sparse_sigmoid", "jax", 1, Rational(1, 4)),
        ("sparse_plus", "jax", -1, 0),
        ("sparse_plus", "jax", 1, 1),
    ],
)
def test_framework_kink_conventions(name: str, framework: str, point, value) -> None:
    """As read in the frameworks' sources (see symact/catalogue/hard.py)."""
    record = symact.get(name)
    note = record.framework(framework)
    assert note is not None
    assert note.gradient is not None
    assert sympy.sympify(note.gradient(x, record.bind({}))).subs(x, point) == value


def test_framework_facts_and_default_disagreements() -> None:
    keras = symact.get("hardsigmoid").framework("keras")
    assert keras is not None
    assert "0.2 x + 0.5" in keras.note  # Keras 2's slope
    threshold_note = symact.get("threshold").framework("pytorch")
    assert threshold_note is not None
    assert "no defaults" in threshold_note.note
    assert "threshold" in symact.get("softshrink").framework("keras").note  # type: ignore[union-attr]
    assert symact.get("binary_step").framework("pytorch").gradient is None  # type: ignore[union-attr]
    assert symact.get("sqnl").frameworks == ()
    assert symact.get("hard_silu").name == "hardswish"
    assert symact.get("hard-swish").name == "hardswish"
    assert symact.get("HardTanh").name == "hardtanh"


def test_threshold_defaults_are_symacts_choice_and_make_it_relu() -> None:
    record = symact.get("threshold")
    assert record.defaults == {"threshold": 0, "value": 0}
    assert (
        sympy.simplify(
            record.definition().rewrite(sympy.Piecewise) - sympy.Piecewise((x, x > 0), (0, True))
        )
        == 0
    )
    assert symact.check("threshold(x, 0, 0) == relu(x)").verdict == "proven"


def test_parameters_are_validated() -> None:
    with pytest.raises(symact.ParameterError, match="not defined"):
        softshrink(x, -1)
    with pytest.raises(symact.ParameterError, match="not defined"):
        hardtanh(x, 1, -1)
    with pytest.raises(symact.ParameterError, match="nonnegative"):
        symact.get("softshrink").bind({"lambd": -0.5})
    assert hardshrink(x, -1).rewrite("definition").subs(x, 0) == 0  # allowed, as in PyTorch
    t = Symbol("t", real=True)
    assert threshold(x, t, 2).diff(t).subs({x: 5, t: 1}) == 0
    assert threshold(x, t, 2).diff(t).subs({x: 5, t: 5}) is S.NaN  # the jump moves past x
    assert threshold(x, t, 2).diff(t).subs({x: 2, t: 2}) == 0  # no jump when value == t


@pytest.mark.parametrize(
    ("name", "wrt", "params"),
    [
        ("hardtanh", "min_val", {}),
        ("hardtanh", "max_val", {"min_val": 0, "max_val": 6}),
        ("softshrink", "lambd", {}),
        ("hardshrink", "lambd", {"lambd": Rational(3, 2)}),
        ("threshold", "threshold", {"threshold": 1, "value": -2}),
        ("threshold", "value", {"threshold": 1, "value": -2}),
    ],
)
def test_parameter_derivatives_against_the_definition(name: str, wrt: str, params: dict) -> None:
    """Branch by branch, away from the points where they are undefined."""
    record = symact.get(name)
    declared = record.derivative(wrt=wrt, **params)
    symbol = record.parameter(wrt).symbol
    bound = {**record.bind(params), wrt: symbol}
    definition = record.definition(**bound)
    value = record.bind(params)[wrt]
    for at in (
        Rational(-37, 10),
        Rational(-13, 10),
        Rational(-1, 5),
        Rational(7, 10),
        Rational(23, 10),
        7,
    ):
        folded = sympy.piecewise_fold(definition.subs(x, at))
        branch = folded
        if isinstance(folded, sympy.Piecewise):
            branch = next(e for e, c in folded.args if c.subs(symbol, value) == S.true)
        assert declared.subs(x, at) == sympy.diff(branch, symbol).subs(symbol, value), at


# -- numeric kernels ----------------------------------------------------------------------

JUMPS = {
    "hardtanh": [-1.0, 1.0],
    "hardsigmoid": [-3.0, 3.0],
    "hardswish": [-3.0, 3.0],
    "softshrink": [-0.5, 0.5],
    "hardshrink": [-0.5, 0.5],
    "threshold": [0.0],
    "binary_step": [0.0],
    "sparse_plus": [-1.0, 1.0],
    "sparse_sigmoid": [-1.0, 1.0],
    "sqnl": [-2.0, 0.0, 2.0],
}


@pytest.mark.parametrize("name", NAMES)
def test_kernels_at_the_breakpoints_equal_the_definition(name: str) -> None:
    record = symact.get(name)
    points = [
        v for k in JUMPS[name] for v in (np.nextafter(k, -np.inf), k, np.nextafter(k, np.inf))
    ]
    values = record.numpy(0)(np.array(points))
    for point, got in zip(points, values, strict=True):
        exact = float(record.definition().subs(x, sympy.Rational(point)))
        assert got == exact or abs(got - exact) <= 2 * np.spacing(exact), (name, point)
    assert np.isnan(record.numpy(0)(np.nan))


def test_kernels_at_jumps_with_parameters() -> None:
    kernel = symact.get("threshold").numpy(0, threshold=1, value=-2)
    assert kernel(np.array([1.0, np.nextafter(1.0, 2.0)])).tolist() == [
        -2.0,
        np.nextafter(1.0, 2.0),
    ]
    kernel = symact.get("hardshrink").numpy(0, lambd=1.5)
    assert kernel(np.array([-1.5, 1.5, 1.5000000000000002])).tolist() == [
        0.0,
        0.0,
        1.5000000000000002,
    ]


@pytest.mark.parametrize(
    ("name", "derivative", "at", "expected"),
    [
        ("hardtanh", 1, 1.0, 0.0),  # PyTorch's rule
        ("hardswish", 1, -3.0, 0.0),
        ("hardswish", 1, 3.0, 1.0),
        ("hardswish", 2, -3.0, 0.0),
        ("hardshrink", 1, 0.5, 0.0),
        ("binary_step", 1, 0.0, 0.0),  # JAX's rule: PyTorch's heaviside has no backward
        ("sparse_sigmoid", 1, 1.0, 0.25),  # JAX's rule
        # no framework: the definition's branch that owns the point
        ("sqnl", 2, 0.0, -0.5),
        ("sqnl", 2, -2.0, 0.5),
        ("sqnl", 2, 2.0, -0.5),
        ("softshrink", "lambd", 0.5, 0.0),
        ("hardtanh", "min_val", -1.0, 1.0),
    ],
)
def test_kernel_conventions_at_kinks(
    name: str, derivative: int | str, at: float, expected: float
) -> None:
    kernel = symact.get(name).numpy(derivative)
    assert kernel(np.float64(at)) == expected
    assert kernel(np.float32(at)) == np.float32(expected)


def test_kernels_without_a_framework_rule_are_exact_away_from_kinks() -> None:
    """Regression: a derivative undefined at a kink gave NaN kernels (sqnl'')."""
    expr, _ = kernel_expression(symact.get("sqnl"), 2)
    honest = symact.get("sqnl").derivative(2)
    for at in (Rational(-5, 2), Rational(-1, 3), Rational(1, 3), Rational(5, 2)):
        assert expr.subs(x, at) == honest.subs(x, at)
    assert not np.isnan(symact.get("sqnl").numpy(2)(np.array([-2.0, 0.0, 2.0]))).any()
    # kernels of smooth activations are untouched: still the compact derivative
    assert kernel_expression(symact.get("sigmoid"), 2)[0] == symact.get("sigmoid").derivative(2)


# -- the prover at the jumps --------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "verdict", "counterexample"),
    [
        ("binary_step(x) <= 1", "proven", None),
        ("0 <= binary_step(x) <= 1", "proven", None),
        ("hardshrink(x) == x", "refuted", None),
        ("binary_step(x) == heaviside(x, 1)", "proven", None),
        ("binary_step(x) == heaviside(x, 0)", "refuted", {"x": "0"}),
        ("binary_step(x) == (1 + sign(x))/2", "refuted", {"x": "0"}),
        ("hardshrink(x) == softshrink(x) + sign(softshrink(x))/2", "proven", None),
        # true everywhere except exactly at a jump point that is no round number
        ("hardshrink(x, 3/10) == x*heaviside(abs(x) - 3/10, 1)", "refuted", {"x": "-3/10"}),
        (
            "threshold(x, 7/10, 1) == max(x, 7/10) + (3/10)*heaviside(7/10 - x, 0)",
            "refuted",
            {"x": "7/10"},
        ),
        ("threshold(x, 7/10, 1) == max(x, 7/10) + (3/10)*heaviside(7/10 - x, 1)", "proven", None),
        ("binary_step(x - 7/10) <= heaviside(x - 7/10, 0)", "refuted", {"x": "7/10"}),
    ],
)
def test_prover_covers_the_jump_points(
    claim: str, verdict: str, counterexample: dict | None
) -> None:
    result = symact.check(claim)
    assert result.verdict == verdict, result
    if counterexample is not None:
        assert dict(result.counterexample) == counterexample


def test_counterexample_search_tries_breakpoints_first() -> None:
    """Regression: a claim failing only at a jump at 3/10 was 'unknown' (no
    sampled point lands on 3/10); the search now tries the breakpoints."""
    from symact.prover.check import _breakpoint_hints

    a = Symbol("a", real=True)
    assert _breakpoint_hints(hardshrink(x, Rational(3, 10)) - x, [x]) == [
        {x: Rational(-3, 10)},
        {x: Rational(3, 10)},
    ]
    assert _breakpoint_hints(hardshrink(x, a), [x]) == []  # symbolic: no hints, no error
    assert _breakpoint_hints(x * a, [x, a]) == []


# -- PyTorch ------------------------------------------------------------------------------


def _torch_grad(fn, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    y = fn(t)
    (grad,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), grad.numpy()


TORCH = {
    "hardtanh": lambda t: torch.nn.functional.hardtanh(t),
    "hardsigmoid": lambda t: torch.nn.functional.hardsigmoid(t),
    "hardswish": lambda t: torch.nn.functional.hardswish(t),
    "softshrink": lambda t: torch.nn.functional.softshrink(t),
    "hardshrink": lambda t: torch.nn.functional.hardshrink(t),
    "threshold": lambda t: torch.nn.functional.threshold(t, 0.0, 0.0),
}


@needs_torch
@pytest.mark.parametrize("name", sorted(TORCH))
def test_torch_agrees_at_the_kinks_and_jumps(name: str) -> None:
    """PyTorch's forward at the breakpoints equals the definition, and its
    backward there equals the catalogue's PyTorch rule (symact's kernel)."""
    record = symact.get(name)
    points = np.array(
        [v for k in JUMPS[name] for v in (np.nextafter(k, -np.inf), k, np.nextafter(k, np.inf))]
    )
    points = np.concatenate([points, np.linspace(-6, 6, 49)])
    forward, backward = _torch_grad(TORCH[name], points)
    np.testing.assert_allclose(record.numpy(0)(points), forward, rtol=1e-15, atol=1e-300)
    ours = record.numpy(1)(points)
    if name == "hardsigmoid":  # PyTorch's 1/6 is the float32 constant 1.0f/6.0f
        np.testing.assert_allclose(ours, backward, rtol=3e-8)
        assert float(backward.max()) == float(np.float32(1 / 6))
    else:
        np.testing.assert_allclose(ours, backward, rtol=1e-14, atol=1e-15)
    # exactly PyTorch's convention at the breakpoints themselves
    at = np.array(JUMPS[name])
    _, exactly = _torch_grad(TORCH[name], at)
    np.testing.assert_array_equal(record.numpy(1)(at), exactly)
    np.testing.assert_array_equal(record.numpy(0)(at), TORCH[name](torch.tensor(at)).numpy())


@needs_torch
def test_torch_threshold_jump_and_hardswish_at_minus_infinity() -> None:
    forward, backward = _torch_grad(
        lambda t: torch.nn.functional.threshold(t, 1.0, -2.0), np.array([1.0, 1.5])
    )
    kernel = symact.get("threshold").numpy(0, threshold=1, value=-2)
    np.testing.assert_array_equal(kernel(np.array([1.0, 1.5])), forward)
    assert backward.tolist() == [0.0, 1.0]
    # PyTorch's hardswish is x * min(max(x + 3, 0), 6)/6: NaN at -inf, where the limit is 0
    assert np.isnan(torch.nn.functional.hardswish(torch.tensor([-np.inf])).item())
    assert symact.get("hardswish").numpy(0)(-np.inf) == 0.0


@needs_torch
def test_torch_rows_survive_a_missing_double_backward() -> None:
    """Regression: PyTorch has no double backward for hardsigmoid; its f''
    row is now NaN (not enforced) instead of an exception."""
    from symact.numeric.frameworks import torch_derivatives

    f, _, d2 = torch_derivatives("hardsigmoid", np.array([[0.0], [1.0]]), {}, "float64", 3)
    assert f.tolist() == [0.5, 0.5 + 1 / 6]
    assert np.isnan(d2).all()
    from symact.numeric.numcheck import numcheck

    report = numcheck(["hardsigmoid"], against="torch", points=60)
    assert report.passed


def test_jump_at_a_decimal_parameter_is_exact() -> None:
    """Regression: the float 0.1 lies above 1/10, so threshold(0.1; 1/10, v)
    is 0.1; comparing with float(1/10) gave v, an error of the jump's size."""
    from symact.numeric.compile import lambdify

    kernel = symact.get("threshold").numpy(0, threshold=0.1, value=-1)
    assert kernel(0.1) == 0.1
    assert kernel(np.nextafter(0.1, 0.0)) == -1.0
    kernel = symact.get("hardshrink").numpy(0, lambd=0.1)
    assert kernel(np.array([0.1, -0.1])).tolist() == [0.1, -0.1]
    kernel = symact.get("hardshrink").numpy(0, lambd=0.3)  # the float 0.3 lies below 3/10
    assert kernel(np.array([0.3, -0.3])).tolist() == [0.0, 0.0]
    step = lambdify(sympy.Piecewise((1, x >= Rational(3, 10)), (0, True)), [x])
    assert step(np.array([0.3, np.nextafter(0.3, 1.0)])).tolist() == [0.0, 1.0]
    assert np.isnan(step(np.nan))


INF = float("inf")
#: (name, derivative) -> (limit at -inf, limit at +inf), by hand; the entries
#: tests/test_numeric.py::LIMITS needs for these activations
LIMITS = {
    ("hardtanh", 0): (-1, 1),
    ("hardtanh", 1): (0, 0),
    ("hardtanh", 2): (0, 0),
    ("hardtanh", "min_val"): (1, 0),
    ("hardtanh", "max_val"): (0, 1),
    ("hardsigmoid", 0): (0, 1),
    ("hardsigmoid", 1): (0, 0),
    ("hardsigmoid", 2): (0, 0),
    ("hardswish", 0): (0, INF),
    ("hardswish", 1): (0, 1),
    ("hardswish", 2): (0, 0),
    ("softshrink", 0): (-INF, INF),
    ("softshrink", 1): (1, 1),
    ("softshrink", 2): (0, 0),
    ("softshrink", "lambd"): (1, -1),
    ("hardshrink", 0): (-INF, INF),
    ("hardshrink", 1): (1, 1),
    ("hardshrink", 2): (0, 0),
    ("hardshrink", "lambd"): (0, 0),
    ("threshold", 0): (0, INF),
    ("threshold", 1): (0, 1),
    ("threshold", 2): (0, 0),
    ("threshold", "threshold"): (0, 0),
    ("threshold", "value"): (1, 0),
    ("binary_step", 0): (0, 1),
    ("binary_step", 1): (0, 0),
    ("binary_step", 2): (0, 0),
    ("sparse_plus", 0): (0, INF),
    ("sparse_plus", 1): (0, 1),
    ("sparse_plus", 2): (0, 0),
    ("sparse_sigmoid", 0): (0, 1),
    ("sparse_sigmoid", 1): (0, 0),
    ("sparse_sigmoid", 2): (0, 0),
    ("sqnl", 0): (-1, 1),
    ("sqnl", 1): (0, 0),
    ("sqnl", 2): (0, 0),
}


def test_limits_table_covers_these_activations() -> None:
    for name in NAMES:
        record = symact.get(name)
        wanted = {0, 1, 2, *(p.name for p in record.parameters if p.default is not None)}
        assert {d for n, d in LIMITS if n == name} == wanted, name


@pytest.mark.parametrize(("case", "expected"), list(LIMITS.items()), ids=str)
def test_limits_and_nan_every_kernel(case: tuple, expected: tuple[float, float]) -> None:
    name, derivative = case
    kernel = symact.get(name).numpy(derivative)
    with np.errstate(all="raise"):
        got = kernel(np.array([-np.inf, np.inf, np.nan, 0.0, -0.0]))
        got32 = kernel(np.array([-np.inf, np.inf], dtype=np.float32))
    assert got[:2].tolist() == list(expected)
    assert np.isnan(got[2])
    assert not np.isnan(got[3:]).any()  # a number at every finite input, kinks included
    assert got32.dtype == np.float32
    assert got32.tolist() == [float(np.float32(v)) for v in expected]


@pytest.mark.parametrize(
    ("name", "pieces"), [("hardshrink", 3), ("binary_step", 2), ("threshold", 1), ("hardtanh", 1)]
)
def test_sheet_plots_break_f_exactly_at_its_jumps(name: str, pieces: int) -> None:
    """tests/test_latex.py's one-piece check is for continuous activations
    only: hardshrink and binary_step jump, and their curves break there."""
    from symact.describe import describe
    from symact.sheet.plots import plot_activation

    plot = plot_activation(symact.get(name), describe(name, properties=False))
    assert len(plot.curves[0].segments) == pieces
