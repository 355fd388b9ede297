"""The rectifiers added in issue 8 — SELU, CELU, Keras's ReLU, squared ReLU,
SReLU, APL, ISRLU, ELiSH, hard ELiSH, soft exponential: exact profiles, the
frameworks' kink conventions, parameters, kernels, and regressions for the
engine fixes they needed (the serializer's Interval, a sign lost to
cancellation)."""

from __future__ import annotations

import json
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
import sympy
from sympy import (
    FiniteSet,
    Interval,
    LambertW,
    Piecewise,
    Rational,
    S,
    Symbol,
    Union,
    exp,
    oo,
    sqrt,
)

import symact
from symact.analysis import analyze
from symact.analysis.gaussian import gaussian_mean
from symact.calculus.signs import fails_at, sign_at
from symact.functions import (
    SELU_ALPHA,
    SELU_SCALE,
    apl,
    celu,
    elu,
    keras_relu,
    selu,
    soft_exponential,
    srelu,
)
from symact.serial import decode, encode

x = symact.x
LA = SELU_SCALE * SELU_ALPHA
W = LambertW(exp(2))


def profile(rng, drange, continuity, monotonic, convex, zero_centered=False, odd=False, lip=1):
    """(range, derivative range, continuity, monotonic, convex, zero-centred,
    odd, Lipschitz)."""
    return (rng, drange, continuity, monotonic, convex, zero_centered, odd, lip)


# (name, params) -> profile, each worked out by hand
KNOWN = {
    # E selu(z) = -1.2e-32 with the rounded constants: not zero-centred
    ("selu", ()): profile(
        Interval.open(-LA, oo), Interval.open(0, LA), 0, "increasing", "neither", lip=LA
    ),
    ("celu", ()): profile(Interval.open(-1, oo), Interval.Lopen(0, 1), 1, "increasing", "convex"),
    ("celu", (("alpha", 2),)): profile(
        Interval.open(-2, oo), Interval.Lopen(0, 1), 1, "increasing", "convex"
    ),
    ("keras_relu", ()): profile(Interval(0, oo), FiniteSet(0, 1), 0, "nondecreasing", "convex"),
    # jumps from 0 to 1 at x = 1
    ("keras_relu", (("threshold", 1),)): profile(
        Union(FiniteSet(0), Interval.open(1, oo)),
        FiniteSet(0, 1),
        -1,
        "nondecreasing",
        "neither",
        lip=oo,
    ),
    # threshold < 0, no max_value: a jump down from 0 to -1
    ("keras_relu", (("negative_slope", Rational(1, 5)), ("threshold", -1))): profile(
        S.Reals, FiniteSet(Rational(1, 5), 1), -1, "none", "neither", lip=oo
    ),
    ("keras_relu", (("negative_slope", Rational(1, 5)), ("threshold", -1), ("max_value", 3))): (
        profile(Interval(-oo, 3), FiniteSet(0, Rational(1, 5), 1), 0, "nondecreasing", "neither")
    ),
    ("squared_relu", ()): profile(
        Interval(0, oo), Interval(0, oo), 1, "nondecreasing", "convex", lip=oo
    ),
    ("srelu", ()): profile(
        S.Reals, FiniteSet(Rational(1, 10), S.Half, 1), 0, "increasing", "neither"
    ),
    ("apl", ()): profile(
        Interval(Rational(1, 5), oo),
        FiniteSet(Rational(-1, 5), Rational(-1, 10), Rational(4, 5), 1),
        0,
        "none",
        "neither",
    ),
    ("isrlu", ()): profile(Interval.open(-1, oo), Interval.Lopen(0, 1), 2, "increasing", "convex"),
    # minimum at x = W(e^2) - 2; f' approaches its bounds at the kinks -1 and 1
    ("hard_elish", ()): profile(
        Interval(-((1 - W) ** 2) / (2 * W), oo),
        Interval.open((exp(-1) - 1) / 2, Rational(3, 2)),
        0,
        "none",
        "neither",
        lip=Rational(3, 2),
    ),
    ("soft_exponential", ()): profile(
        S.Reals, FiniteSet(1), "inf", "increasing", "affine", zero_centered=True, odd=True
    ),
    ("soft_exponential", (("alpha", S.Half),)): profile(
        Interval.open(Rational(-3, 2), oo),
        Interval.open(0, oo),
        "inf",
        "increasing",
        "convex",
        lip=oo,
    ),
}


@pytest.mark.parametrize(("name", "params"), list(KNOWN), ids=[f"{n}{dict(p)}" for n, p in KNOWN])
def test_known_profiles(name: str, params: tuple) -> None:
    rng, drange, continuity, monotonic, convex, zero_centered, odd, lipschitz = KNOWN[name, params]
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


def test_elish_profile_exact_minimum_and_certified_derivative_range() -> None:
    p = analyze("elish")
    assert p.range == Interval(2 * sqrt(2) - 3, oo)
    assert p.minimum is not None
    assert p.minimum.where == (sympy.log(sqrt(2) - 1),)
    assert (p.continuity, p.monotonic, p.convex, p.zero_centered) == (1, "none", "neither", False)
    assert p.derivative_at_0 == S.Half
    assert p.derivative_range is not None
    assert not p.derivative_range.left_open
    assert not p.derivative_range.right_open
    with mp.workdps(50):

        def s(t):
            return 1 / (1 + mp.exp(-t))

        def d1(t):  # ELiSH' from the paper's formula, independently
            return (
                s(t) * (1 + t * (1 - s(t))) if t >= 0 else mp.diff(lambda u: mp.expm1(u) * s(u), t)
            )

        low = d1(mp.findroot(lambda t: mp.diff(d1, t), -1.7))
        high = d1(mp.findroot(lambda t: mp.diff(d1, t), 2.4))
        for exact, bound in ((low, p.derivative_range.inf), (high, p.derivative_range.sup)):
            assert abs(mp.mpf(str(sympy.N(bound, 40))) - exact) < mp.mpf(10) ** -30
    assert p.lipschitz == p.derivative_range.sup


# -- SELU's constants ------------------------------------------------------------------


def test_selu_constants_are_the_decimals_as_exact_rationals() -> None:
    decimals = ("1.6732632423543772848170429916717", "1.0507009873554804934193349852946")
    assert tuple(Rational(d) for d in decimals) == (SELU_ALPHA, SELU_SCALE)
    assert (selu.alpha, selu.scale) == (SELU_ALPHA, SELU_SCALE)
    assert selu(x).rewrite(elu) == SELU_SCALE * elu(x, SELU_ALPHA)
    assert selu(-oo) == -LA


def test_selu_constants_are_roundings_of_the_papers_closed_forms() -> None:
    """Klambauer et al. (2017): alpha01 and lambda01 solve E = 0, Var = 1; the
    decimals differ from them near the 32nd digit, so the Gaussian mean of
    symact's exact selu is about -1.2e-32, and not zero-centred."""
    with mp.workdps(60):
        c = mp.erfc(1 / mp.sqrt(2))
        e = mp.e
        alpha01 = -mp.sqrt(2 / mp.pi) / (c * mp.sqrt(e) - 1)
        lambda01 = (
            (1 - c * mp.sqrt(e))
            * mp.sqrt(2 * mp.pi)
            / mp.sqrt(
                2 * mp.erfc(mp.sqrt(2)) * e**2
                + mp.pi * c**2 * e
                - 2 * (2 + mp.pi) * c * mp.sqrt(e)
                + mp.pi
                + 2
            )
        )
        for exact, rounded in ((alpha01, SELU_ALPHA), (lambda01, SELU_SCALE)):
            gap = abs(exact - mp.mpf(rounded.p) / rounded.q)
            assert 0 < gap < mp.mpf(10) ** -31
    mean = gaussian_mean(selu(x), x)
    assert mean is not None
    assert -1.3e-32 < float(sympy.N(mean, 50)) < -1.1e-32
    assert analyze("selu").zero_centered is False


# -- frameworks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "framework", "params", "point", "value"),
    [
        ("selu", "pytorch", {}, 0, LA),
        ("selu", "jax", {}, 0, LA),
        ("celu", "pytorch", {}, 0, 1),
        ("celu", "jax", {"alpha": 2}, 0, 1),
        ("keras_relu", "keras", {}, 0, 0),  # jax.nn.relu
        ("keras_relu", "keras", {"negative_slope": 0.1}, 0, 1),  # jax.nn.leaky_relu
        ("keras_relu", "keras", {"max_value": 6}, 6, 0),  # jax.nn.relu6
        ("keras_relu", "keras", {"max_value": 5}, 5, S.Half),  # jnp.clip: lax.min tie
        ("keras_relu", "keras", {"negative_slope": 0.1, "max_value": 5}, 0, 0),
        ("keras_relu", "keras", {"threshold": 1}, 1, 0),  # where(x > threshold, ...)
        ("keras_relu", "keras", {"threshold": -1, "max_value": 3}, 0, S.Half),  # lax.max tie
        ("keras_relu", "keras", {"threshold": -1}, -1, 0),
        ("keras_relu", "keras", {"threshold": -1, "negative_slope": 0.2}, -1, 0),
    ],
)
def test_framework_kink_conventions(name, framework, params, point, value) -> None:
    """As read in the frameworks' sources (see symact/catalogue/rectifiers.py)."""
    record = symact.get(name)
    note = record.framework(framework)
    assert note is not None
    assert note.gradient is not None
    assert note.gradient(x, record.bind(params)).subs(x, point) == value
    assert record.numpy(1, **params)(float(point)) == float(value)


@pytest.mark.parametrize(
    "params",
    [{"threshold": 1}, {"threshold": -1, "negative_slope": 0.2, "max_value": 3}, {"max_value": 5}],
)
def test_keras_gradient_rule_is_the_derivative_away_from_the_kinks(params) -> None:
    record = symact.get("keras_relu")
    rule = record.framework("keras").gradient(x, record.bind(params))  # type: ignore[union-attr]
    exact = record.derivative(**params)
    for at in (-3, Rational(-1, 2), Rational(1, 2), 2, 4, 7):
        assert rule.subs(x, at) == exact.subs(x, at), at


def test_framework_notes_and_defaults() -> None:
    keras = symact.get("keras_relu").framework("keras")
    assert keras is not None
    assert keras.defaults == ()  # Keras's own defaults are the record's
    assert "by name" in keras.note
    assert "0 at x = threshold" in keras.note
    assert symact.get("keras_relu").framework("pytorch") is None
    assert "32-digit" in symact.get("selu").framework("pytorch").note  # type: ignore[union-attr]
    assert "float32" in symact.get("celu").framework("pytorch").note  # type: ignore[union-attr]
    for name in ("squared_relu", "srelu", "apl", "isrlu", "elish", "hard_elish"):
        assert symact.get(name).frameworks == ()
    assert symact.get("srelu").defaults == {
        "t_left": -1,
        "a_left": Rational(1, 10),
        "t_right": 2,
        "a_right": S.Half,
    }
    assert symact.get("keras_relu").defaults == {
        "negative_slope": 0,
        "threshold": 0,
        "max_value": None,
    }


def _torch():
    return pytest.importorskip("torch")


@pytest.mark.parametrize("name", ["selu", "celu"])
def test_kernels_agree_with_torch_autograd(name: str) -> None:
    """PyTorch's forward and backward agree with symact's kernels; at the kink
    selu'(0) is scale * alpha in both, PyTorch's product of the rounded
    constants 1 ulp from symact's rounded exact product."""
    torch = _torch()
    fn = {"selu": torch.nn.functional.selu, "celu": torch.nn.functional.celu}[name]
    record = symact.get(name)
    points = np.concatenate([np.linspace(-15, 15, 301), [0.0, -0.0, 1e-300, -1e-300]])
    t = torch.tensor(points, dtype=torch.float64, requires_grad=True)
    y = fn(t)
    (grad,) = torch.autograd.grad(y.sum(), t)
    np.testing.assert_allclose(record.numpy(0)(points), y.detach().numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(record.numpy(1)(points), grad.numpy(), rtol=1e-13, atol=1e-15)
    kinks = np.array([0.0, -0.0])
    t = torch.tensor(kinks, dtype=torch.float64, requires_grad=True)
    (at_kinks,) = torch.autograd.grad(fn(t).sum(), t)
    np.testing.assert_array_max_ulp(record.numpy(1)(kinks), at_kinks.numpy(), maxulp=1)


# -- parameters --------------------------------------------------------------------------

POINTS = [Fraction(-797 + 49 * k, 100) for k in range(0, 33, 3)]  # none at a kink


@pytest.mark.parametrize(
    ("cls", "wrt", "params"),
    [
        (celu, 1, (Rational(2),)),
        (srelu, 1, (-1, Rational(1, 10), 2, S.Half)),
        (srelu, 3, (-1, Rational(1, 10), 2, S.Half)),
        (srelu, 4, (-1, Rational(1, 10), 2, S.Half)),
        (apl, 2, (Rational(1, 5), 1, Rational(-1, 10), -1)),
        (apl, 4, (Rational(1, 5), 1, Rational(-1, 10), -1)),
        (keras_relu, 1, (Rational(1, 5), Rational(1, 2))),
        (keras_relu, 2, (Rational(1, 5), Rational(1, 2))),
        (keras_relu, 3, (0, 0, 3)),
        (soft_exponential, 1, (S.Half,)),
        (soft_exponential, 1, (Rational(-1, 20),)),
    ],
)
def test_parameter_derivatives_match_finite_differences(cls, wrt: int, params: tuple) -> None:
    """The declared d/dparameter (from ``fdiff``) against a central difference
    of the definition, where the branch conditions depend on the parameter."""
    symbol = Symbol("p", real=True)
    args = list(params)
    args[wrt - 1] = symbol
    declared = cls(x, *args).diff(symbol).subs(symbol, params[wrt - 1])
    with mp.workdps(40):
        for at in POINTS:
            point = sympy.Rational(at.numerator, at.denominator)

            def f(p, point=point):
                values = list(params)
                values[wrt - 1] = sympy.Float(str(p), 40)
                return mp.mpf(str(sympy.N(cls.definition_of(point, *values), 40)))

            expected = mp.diff(f, mp.mpf(str(sympy.N(params[wrt - 1], 40))), h=mp.mpf("1e-12"))
            got = mp.mpf(str(sympy.N(declared.subs(x, point), 40)))
            assert abs(got - expected) <= 1e-15 * max(1, abs(expected)), (cls, wrt, at)


def test_parameters_are_validated() -> None:
    with pytest.raises(symact.ParameterError, match="not defined"):
        keras_relu(x, 0, 0, -1)  # max_value must be positive
    with pytest.raises(symact.ParameterError, match="not defined"):
        keras_relu(x, 0, 0, 0)
    with pytest.raises(symact.ParameterError, match="not defined"):
        srelu(x, 1, 0, -1, 1)  # t_left > t_right
    with pytest.raises(symact.ParameterError, match="not defined"):
        celu(x, 0)
    with pytest.raises(symact.ParameterError, match="not defined"):
        symact.functions.isrlu(x, -1)
    with pytest.raises(symact.ParameterError, match="nonnegative"):
        symact.get("soft_exponential").bind({"alpha": -1})
    assert keras_relu(x, threshold=1) == keras_relu(x, 0, 1)  # by name, max_value omitted


def test_keras_relu_jump_and_threshold_convention() -> None:
    """For threshold > 0 Keras keeps x only where x > threshold: 0 at it."""
    f = keras_relu(x, 0, 2)
    assert f.subs(x, 2) == 0
    assert f.subs(x, Rational(201, 100)) == Rational(201, 100)
    assert f.diff(x).subs(x, 2) is S.NaN
    assert symact.get("keras_relu").derivative(2, threshold=2).subs(x, 2) is S.NaN
    # threshold < 0: a jump down to x unless max_value clips the values at 0
    assert keras_relu(x, 0, -1).subs(x, Rational(-1, 2)) == Rational(-1, 2)
    assert keras_relu(x, 0, -1).diff(x).subs(x, -1) is S.NaN
    assert keras_relu(x, 0, -1, 3).subs(x, Rational(-1, 2)) == 0
    assert keras_relu(x, 0, -1, 3).diff(x).subs(x, -1) == 0  # flat on both sides
    assert keras_relu(x, Rational(1, 5), -1).diff(x).subs(x, -1) is S.NaN
    # negative_slope 1, threshold 0: the identity up to max_value
    assert keras_relu(x, 1, 0, 5).diff(x).subs(x, 0) == 1


def test_apl_symbolic_derivative_is_exact_where_hinges_cancel() -> None:
    a1, b1, a2, b2 = sympy.symbols("a1 b1 a2 b2", real=True)
    d = apl(x, a1, b1, a2, b2).diff(x)
    assert d.subs({a1: -1, b1: 0, a2: 0, b2: 5}).subs(x, 0) == 1  # relu(x) - relu(-x) = x
    assert d.subs({a1: 1, b1: 0, a2: 0, b2: 5}).subs(x, 0) is S.NaN  # |x|
    assert d.subs({a1: 1, b1: 2, a2: -1, b2: 2}).subs(x, 2) == 1  # cancelling hinges
    assert apl(x, 1, 2, -1, 2).diff(x) == Piecewise((0, x < 0), (1, x > 0))


def test_srelu_with_equal_thresholds() -> None:
    assert srelu(x, 0, S.Half, 0, S.Half).diff(x) == S.Half
    assert srelu(x, 0, S.Half, 0, 2).diff(x).subs(x, 0) is S.NaN
    assert srelu(x, -1, 1, 2, 1).diff(x) == 1


def test_celu_is_c1_for_every_nonzero_alpha() -> None:
    for alpha in (Rational(1, 3), 2, -1):
        d = celu(x, alpha).diff(x)
        assert d.subs(x, 0) == 1
        assert symact.calculus.derivative(celu(x, alpha), x, 2).subs(x, 0) is S.NaN
    assert celu(x, 2).rewrite(elu) == 2 * elu(x / 2, 1)
    assert celu(x, -1).rewrite(elu) == celu(x, -1)  # alpha * elu(x/alpha) needs alpha > 0


def test_soft_exponential_branches_and_domain() -> None:
    alpha = Symbol("alpha", real=True)
    general = soft_exponential(x, alpha).rewrite("definition")
    assert isinstance(general, Piecewise)  # the sign of alpha picks the branch
    assert general.subs(alpha, 0) == x
    assert general.subs(alpha, 1) == exp(x)
    # alpha < 0: defined only for x > 1/alpha - alpha (x > -3/2 at alpha = -1/2)
    half = Rational(-1, 2)
    assert soft_exponential(x, half).rewrite("definition").subs(x, -2) is S.NaN
    value = soft_exponential(x, half).rewrite("definition").subs(x, 1)
    assert sympy.simplify(value - 2 * sympy.log(Rational(5, 4))) == 0
    # continuous and differentiable in alpha at 0 from both sides, with
    # df/dalpha = 1 + x^2/2 there (the declared parameter derivative)
    t = Symbol("t", positive=True)
    declared = soft_exponential(x, alpha).diff(alpha).subs(alpha, 0)
    assert declared == 1 + x**2 / 2
    for sign in (1, -1):
        branch = soft_exponential.definition_of(x, sign * t)
        body = branch.args[0][0] if isinstance(branch, Piecewise) else branch
        assert sympy.limit(body, t, 0) == x
        assert sympy.simplify(sympy.limit((body - x) / (sign * t), t, 0) - declared) == 0


def test_isrlu_lies_above_the_identity() -> None:
    """isrlu(x) >= x (not <=): x/sqrt(1 + x^2) is nearer 0 than x for x < 0."""
    record = symact.get("isrlu")
    assert record.definition().subs(x, -3) == -3 / sqrt(10)
    assert -3 / sqrt(10) > -3


# -- kernels -------------------------------------------------------------------------

INF = float("inf")
#: (name, derivative) -> (limit at -inf, limit at +inf), worked out by hand
LIMITS = {
    ("selu", 0): (-float(LA), INF),
    ("selu", 1): (0, float(SELU_SCALE)),
    ("selu", 2): (0, 0),
    ("celu", 0): (-1, INF),
    ("celu", 1): (0, 1),
    ("celu", 2): (0, 0),
    ("celu", "alpha"): (-1, 0),
    ("keras_relu", 0): (0, INF),
    ("keras_relu", 1): (0, 1),
    ("keras_relu", 2): (0, 0),
    ("keras_relu", "negative_slope"): (-INF, 0),
    ("keras_relu", "threshold"): (0, 0),
    ("squared_relu", 0): (0, INF),
    ("squared_relu", 1): (0, INF),
    ("squared_relu", 2): (0, 2),
    ("srelu", 0): (-INF, INF),
    ("srelu", 1): (0.1, 0.5),
    ("srelu", 2): (0, 0),
    ("srelu", "t_left"): (0.9, 0),
    ("srelu", "a_left"): (-INF, 0),
    ("srelu", "t_right"): (0, 0.5),
    ("srelu", "a_right"): (0, INF),
    ("apl", 0): (INF, INF),
    ("apl", 1): (-0.1, 1),
    ("apl", 2): (0, 0),
    ("apl", "a1"): (INF, 0),
    ("apl", "b1"): (0.2, 0),
    ("apl", "a2"): (INF, 0),
    ("apl", "b2"): (-0.1, 0),
    ("isrlu", 0): (-1, INF),
    ("isrlu", 1): (0, 1),
    ("isrlu", 2): (0, 0),
    ("isrlu", "alpha"): (0.5, 0),
    ("elish", 0): (0, INF),
    ("elish", 1): (0, 1),
    ("elish", 2): (0, 0),
    ("hard_elish", 0): (0, INF),
    ("hard_elish", 1): (0, 1),
    ("hard_elish", 2): (0, 0),
    ("soft_exponential", 0): (-INF, INF),
    ("soft_exponential", 1): (1, 1),
    ("soft_exponential", 2): (0, 0),
    ("soft_exponential", "alpha"): (INF, INF),
}


def test_limits_table_covers_these_activations() -> None:
    names = {n for n, _ in LIMITS}
    for name in names:
        record = symact.get(name)
        expected = {0, 1, 2} | {p.name for p in record.parameters if p.default is not None}
        assert {d for n, d in LIMITS if n == name} == expected, name


@pytest.mark.parametrize(("case", "expected"), list(LIMITS.items()), ids=str)
def test_kernel_limits_and_nan(case, expected) -> None:
    name, derivative = case
    kernel = symact.get(name).numpy(derivative)
    with np.errstate(all="raise"):
        got = kernel(np.array([-np.inf, np.inf, np.nan, 1.5]))
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    assert np.isnan(got[2])


def test_isrlu_kernel_does_not_overflow() -> None:
    kernel = symact.get("isrlu").numpy(0)
    big = np.finfo(np.float64).max
    assert kernel(np.array([-big]))[0] == -1.0
    big32 = np.finfo(np.float32).max
    assert kernel(np.array([-big32], dtype=np.float32))[0] == np.float32(-1.0)
    assert symact.get("isrlu").numpy(0, alpha=4)(np.array([-big]))[0] == -0.5


def test_kink_values_of_kernels_without_a_framework() -> None:
    """No framework ships these: at a kink the kernels take the derivative of
    the definition's branch that owns the point."""
    assert symact.get("squared_relu").numpy(2)(0.0) == 0.0
    assert symact.get("apl").numpy(1)(0.0) == -0.2
    assert symact.get("hard_elish").numpy(1)(1.0) == 1.0  # the branch x >= 1 owns 1
    assert symact.get("hard_elish").numpy(1)(-1.0) == 0.0  # the branch x <= -1 owns -1
    assert np.isfinite(symact.get("elish").numpy(2)(0.0))


# -- regressions for engine fixes -------------------------------------------------------


def test_serializer_builds_intervals_whose_ends_defeat_unevaluated_sympy() -> None:
    """Decoding Interval(-(1 - W(e^2))^2/(2 W(e^2)), oo) under a global
    evaluate(False) recursed without end in SymPy: symact.serial builds
    Interval with evaluation on."""
    for value in (KNOWN["hard_elish", ()][0], analyze("elish").derivative_range):
        decoded = decode(json.loads(json.dumps(encode(value))))
        assert decoded == value
        assert sympy.srepr(decoded) == sympy.srepr(value)


def test_sign_lost_to_cancellation_is_not_a_counterexample() -> None:
    """N(soft_exponential(1000, 1) - exp(1000), 50) is SymPy's 1-bit float
    0.e+274 (positive); it refuted a true identity until sign_at ignored
    values that lost their precision."""
    alpha = Symbol("a", positive=True)
    assert (
        sign_at(
            soft_exponential(x, alpha) - (exp(alpha * x) - 1) / alpha - alpha, {x: 1000, alpha: 1}
        )
        is None
    )
    assert not fails_at(soft_exponential(x, 1), "==", exp(x), {x: 1000})
    verdict = symact.check("soft_exponential(x, 1) == exp(x)")
    assert verdict.verdict == "proven"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("selu", {}),
        ("celu", {"alpha": 2}),
        ("keras_relu", {}),
        ("keras_relu", {"negative_slope": 0.2, "threshold": -1}),
        ("keras_relu", {"negative_slope": 0.2, "threshold": -1, "max_value": 3}),
        ("keras_relu", {"threshold": 1, "max_value": 5}),
        ("squared_relu", {}),
        ("srelu", {}),
        ("apl", {}),
        ("isrlu", {"alpha": 4}),
        ("elish", {}),
        ("hard_elish", {}),
        ("soft_exponential", {"alpha": 0.5}),
    ],
)
def test_mpmath_evaluations_of_the_stable_forms_match_the_definitions(name, params) -> None:
    """symact.numeric.reference evaluates a catalogue node directly when it
    falls back to the stable form: those evaluations are the definitions."""
    from symact.numeric.reference import _ACTIVATIONS

    record = symact.get(name)
    applied = record.expr(**params)
    evaluate = _ACTIVATIONS[type(applied)]
    with mp.workdps(30):
        for text in ("-13/4", "-1", "-1/2", "0", "1/3", "1", "9/2"):
            at = Rational(text)
            args = [mp.mpf(a.p) / a.q for a in applied.args[1:]]
            got = evaluate(mp.mpf(at.p) / at.q, *args)
            exact = sympy.N(record.definition(**params).subs(x, at), 30)
            assert abs(got - mp.mpf(str(exact))) < mp.mpf(10) ** -25, (name, at)


def test_printing() -> None:
    assert str(keras_relu(x)) == "keras_relu(x, 0, 0)"
    assert str(keras_relu(x, max_value=6)) == "keras_relu(x, 0, 0, 6)"
    assert str(selu(x)) == "selu(x)"
    # names with a superscript are braced, so a power stays valid LaTeX
    squared = symact.functions.squared_relu(x) ** 2
    assert sympy.latex(squared) == r"{\operatorname{ReLU}^{2}}^{2}\left(x\right)"
    assert sympy.latex(keras_relu(x) ** 2).startswith(
        r"{\operatorname{ReLU}^{\mathrm{K}}}_{0, 0}^{2}"
    )
    assert symact.get("soft_exponential").formula.startswith(r"\operatorname{SoftExp}_{\alpha}")
