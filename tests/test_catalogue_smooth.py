"""The smooth family (functions/smooth.py): exact profiles, certified numeric
extrema against independent mpmath computations, framework notes, kernels at
their hard points, and regressions of the engine fixes the family needed."""

from __future__ import annotations

import json
import math
from functools import cache

import mpmath as mp
import numpy as np
import pytest
import sympy
from sympy import FiniteSet, Interval, Rational, S, erf, exp, oo, pi, sqrt

import symact
from symact.analysis import Properties, analyze
from symact.analysis.ranges import range_report
from symact.calculus.limits import limit
from symact.calculus.pieces import continuous_domain, is_zero
from symact.calculus.roots import certified_roots, isolate_roots
from symact.calculus.signs import sign_at
from symact.functions import gelu, silu, squareplus, swish
from symact.numeric import lambdify
from symact.numeric.primitives import PRIMITIVES
from symact.numeric.special import ndtr

x = symact.x
INF = float("inf")
NAMES = [
    *("gelu", "gelu_tanh", "mish", "swish", "softsign", "tanhshrink", "squareplus"),
    *("identity", "exponential", "arctan", "isru", "bent_identity", "gaussian", "tanhexp"),
]


@cache
def profile(name: str) -> Properties:
    return analyze(name)


# -- exact profiles --------------------------------------------------------------------

ERF1 = (1 + erf(1)) / 2 + exp(-1) / sqrt(pi)  # GELU' at sqrt(2), its maximum
GAUSS_SLOPE = sqrt(2) * exp(-S.Half)  # |gaussian'| at 1/sqrt(2)

#: name -> (range, derivative range, continuity, monotonic, convex, zero-centred,
#: odd, even, lipschitz); ``None`` for fields certified numerically (checked below)
KNOWN = {
    "gelu": (
        None,
        Interval(1 - ERF1, ERF1),
        "inf",
        "none",
        "neither",
        False,
        False,
        False,
        ERF1,
    ),
    "gelu_tanh": (None, None, "inf", "none", "neither", False, False, False, None),
    "mish": (None, None, "inf", "none", "neither", False, False, False, None),
    "swish": (
        Interval(-sympy.LambertW(exp(-1)), oo),
        None,
        "inf",
        "none",
        "neither",
        False,
        False,
        False,
        None,
    ),
    "softsign": (
        Interval.open(-1, 1),
        Interval.Lopen(0, 1),
        1,
        "increasing",
        "neither",
        True,
        True,
        False,
        1,
    ),
    "tanhshrink": (
        S.Reals,
        Interval.Ropen(0, 1),
        "inf",
        "increasing",
        "neither",
        True,
        True,
        False,
        1,
    ),
    "squareplus": (
        Interval.open(0, oo),
        Interval.open(0, 1),
        "inf",
        "increasing",
        "convex",
        False,
        False,
        False,
        1,
    ),
    "identity": (S.Reals, FiniteSet(1), "inf", "increasing", "affine", True, True, False, 1),
    "exponential": (
        Interval.open(0, oo),
        Interval.open(0, oo),
        "inf",
        "increasing",
        "convex",
        False,
        False,
        False,
        oo,
    ),
    "arctan": (
        Interval.open(-pi / 2, pi / 2),
        Interval.Lopen(0, 1),
        "inf",
        "increasing",
        "neither",
        True,
        True,
        False,
        1,
    ),
    "isru": (
        Interval.open(-1, 1),
        Interval.Lopen(0, 1),
        "inf",
        "increasing",
        "neither",
        True,
        True,
        False,
        1,
    ),
    "bent_identity": (
        S.Reals,
        Interval.open(S.Half, Rational(3, 2)),
        "inf",
        "increasing",
        "convex",
        False,
        False,
        False,
        Rational(3, 2),
    ),
    "gaussian": (
        Interval.Lopen(0, 1),
        Interval(-GAUSS_SLOPE, GAUSS_SLOPE),
        "inf",
        "none",
        "neither",
        False,
        False,
        True,
        GAUSS_SLOPE,
    ),
    "tanhexp": (None, None, "inf", "none", "neither", False, False, False, None),
}


@pytest.mark.parametrize("name", NAMES)
def test_known_profiles(name: str) -> None:
    rng, drange, continuity, monotonic, convex, centred, odd, even, lipschitz = KNOWN[name]
    p = profile(name)
    if rng is not None:
        assert p.range == rng
    if drange is not None:
        assert p.derivative_range == drange
    if lipschitz is not None:
        assert is_zero(p.lipschitz - lipschitz) if lipschitz is not oo else p.lipschitz is oo
    assert p.continuity == continuity
    assert p.monotonic == monotonic
    assert p.convex == convex
    assert p.zero_centered is centred
    assert (p.odd, p.even) == (odd, even)
    assert p.value_at_0 == (1 if name in ("squareplus", "exponential", "gaussian") else 0)
    if name != "tanhexp":  # its derivative range stays unknown (see below)
        assert not p.unknown, p.unknown


def test_bounds_at_origin_and_infinity() -> None:
    assert dict(profile("tanhshrink").asymptotes) == {"-oo": x + 1, "oo": x - 1}
    assert dict(profile("bent_identity").asymptotes) == {
        "-oo": x / 2 - S.Half,
        "oo": 3 * x / 2 - S.Half,
    }
    assert dict(profile("squareplus").asymptotes) == {"-oo": 0, "oo": x}
    assert profile("exponential").asymptotes["oo"] is None  # no line: faster than linear
    assert profile("softsign").identity_near_origin
    assert profile("arctan").identity_near_origin
    assert not profile("tanhshrink").identity_near_origin  # f'(0) = 0
    assert profile("tanhshrink").saturates == ()
    assert profile("gaussian").saturates == ("-oo", "oo")
    assert profile("gaussian").maximum.where == (0,)


# -- certified numeric extrema, against mpmath (independent of symact) ---------------


def _gelu(t):
    return t * mp.ncdf(t)


def _gelu_tanh(t):
    # x/2 (1 + tanh u) as x sigmoid(2u): the same, without 1 + tanh u cancelling far left
    return t / (1 + mp.exp(-2 * mp.sqrt(2 / mp.pi) * (t + mp.mpf(44715) / 10**6 * t**3)))


def _mish(t):
    return t * mp.tanh(mp.log1p(mp.exp(t)))


def _tanhexp(t):
    return t * mp.tanh(mp.exp(t))


#: name -> (formula, guess for the minimum, guesses for the extrema of f')
NUMERIC = {
    "gelu": (_gelu, -0.75, None),
    "gelu_tanh": (_gelu_tanh, -0.75, (-1.4, 1.4)),
    "mish": (_mish, -1.2, (-2.3, 1.5)),
    "tanhexp": (_tanhexp, -1.1, (-2.1, 0.7)),
}


def _agrees(certified: sympy.Expr, exact: mp.mpf) -> bool:
    return abs(mp.mpf(str(certified)) - exact) < mp.mpf(10) ** -30


@pytest.mark.parametrize("name", list(NUMERIC))
def test_numeric_extrema_match_mpmath(name: str) -> None:
    """The minimum (where f' = 0; for GELU the negative root of
    Phi(x) + x phi(x) = 0) and the range of f' (where f'' = 0), to 30 digits;
    a field may be unknown, never wrong."""
    f, guess, slope_guesses = NUMERIC[name]
    p = profile(name)
    with mp.workdps(60):
        where = mp.findroot(lambda t: mp.diff(f, t), guess)
        assert p.minimum is not None
        assert p.minimum.attained
        assert _agrees(p.minimum.value, f(where))
        assert _agrees(p.minimum.where[0], where)
        assert p.range == Interval(p.minimum.value, oo)
        assert "range" in p.numeric
        if slope_guesses is None:
            return
        if p.derivative_range is None:
            assert "derivative_range" in p.unknown  # said so, with the reason
            assert p.lipschitz is None
            return
        low, high = (mp.findroot(lambda t: mp.diff(f, t, 2), g) for g in slope_guesses)
        assert _agrees(p.derivative_range.inf, mp.diff(f, low))
        assert _agrees(p.derivative_range.sup, mp.diff(f, high))
        assert _agrees(p.lipschitz, mp.diff(f, high))


def test_gelu_minimum_is_the_negative_root_of_phi_plus_x_density() -> None:
    p = profile("gelu")
    root = p.minimum.where[0]
    at = sympy.Rational(str(root))
    assert abs(sympy.N(ndtr(at) + at * exp(-(at**2) / 2) / sqrt(2 * pi), 40)) < 1e-33
    assert p.numeric == ("range", "extrema")
    # GELU and its tanh approximation have the same symmetry f(x) - f(-x) = x,
    # so f'(x) + f'(-x) = 1: the derivative range is symmetric about 1/2
    q = profile("gelu_tanh").derivative_range
    assert abs(q.inf + q.sup - 1) < 1e-30


def test_tanhexp_derivative_range_is_unknown_with_a_reason() -> None:
    p = profile("tanhexp")
    if p.derivative_range is None:  # the factor with exp(2 exp(x)) defeats interval arithmetic
        assert "roots" in p.unknown["derivative_range"]


# -- the catalogue: names, parameters, framework notes --------------------------------


def test_swish_is_its_own_activation_with_beta() -> None:
    record = symact.get("swish")
    assert record.name == "swish"
    assert record.defaults == {"beta": 1}
    assert "swish" not in symact.get("silu").aliases
    assert swish(x) != silu(x)  # different functions symbolically ...
    assert symact.check("swish(x) == silu(x)").verdict == "proven"  # ... equal at beta = 1
    assert symact.check("swish(x, 2) == silu(x)").verdict == "refuted"
    assert swish(x, 0).rewrite("definition") == x / 2
    for framework in ("pytorch", "jax", "keras"):
        note = record.framework(framework)
        assert note is not None
        assert "beta = 1 only" in note.note


def test_aliases() -> None:
    assert symact.get("linear").name == "identity"
    assert symact.get("soft_sign").name == "softsign"
    assert symact.get("tanh_shrink").name == "tanhshrink"
    assert symact.get("GELU").name == "gelu"


def test_gelu_default_disagreement_is_recorded() -> None:
    """PyTorch and Keras default to the exact GELU, JAX to the tanh form."""
    jax = symact.get("gelu").framework("jax")
    assert jax is not None
    assert "approximate=True" in jax.note
    assert "gelu_tanh" in jax.note
    assert "approximate='none'" in symact.get("gelu").framework("pytorch").note  # type: ignore[union-attr]
    assert "approximate=False" in symact.get("gelu").framework("keras").note  # type: ignore[union-attr]
    assert "default" in symact.get("gelu_tanh").framework("jax").note  # type: ignore[union-attr]
    assert symact.get("squareplus").defaults == {"b": 4}
    assert symact.get("squareplus").framework("pytorch") is None  # PyTorch has none


def test_show_displays_the_default_disagreement(cli) -> None:
    result = cli.invoke("show", "gelu")
    assert result.exit_code == 0, result.stderr
    assert "approximate=True" in " ".join(result.stdout.split())


def test_parameters_are_validated() -> None:
    with pytest.raises(symact.ParameterError):
        squareplus(x, 0)
    with pytest.raises(symact.ParameterError):
        symact.get("squareplus").bind({"b": -1})
    with pytest.raises(symact.ParameterError):
        symact.get("isru").bind({"alpha": 0})
    with pytest.raises(symact.ParameterError):
        symact.get("swish").bind({"beta": -1})
    assert squareplus(0, 9) == Rational(3, 2)


def test_gelu_tanh_constant_is_exact() -> None:
    definition = symact.get("gelu_tanh").definition()
    assert definition.has(Rational(44715, 1000000))
    assert not definition.atoms(sympy.Float)


def test_softsign_is_c1_not_c2_at_zero() -> None:
    record = symact.get("softsign")
    assert record.derivative().subs(x, 0) == 1  # both one-sided derivatives are 1
    assert record.derivative(2).subs(x, 0) is S.NaN  # the second jumps from 2 to -2
    assert record.derivative(2).subs(x, Rational(1, 2)) == Rational(-16, 27)


# -- kernels at their hard points, against mpmath ---------------------------------------


def _mp_value(name: str, order: int, point: float) -> float:
    f = {
        "gelu": _gelu,
        "gelu_tanh": _gelu_tanh,
        "tanhexp": _tanhexp,
        "tanhshrink": lambda t: t - mp.tanh(t),
        "squareplus": lambda t: (t + mp.sqrt(t**2 + 4)) / 2,
        "isru": lambda t: t / mp.sqrt(1 + t**2),
        "bent_identity": lambda t: (mp.sqrt(t**2 + 1) - 1) / 2 + t,
        "arctan": mp.atan,
        "gaussian": lambda t: mp.exp(-(t**2)),
    }[name]
    with mp.workdps(600):  # enough for squareplus's (x + sqrt(x**2 + 4))/2 at -1e200
        return float(mp.diff(f, mp.mpf(point), order) if order else f(mp.mpf(point)))


@pytest.mark.parametrize(
    ("name", "order", "point"),
    [
        ("gelu", 0, -37.5),  # scipy's ndtr loses 2e-13 here
        ("gelu", 0, -20.1),
        ("gelu", 1, -30.0),
        ("gelu_tanh", 0, -20.16),  # sigmoid of a rounded cubic near -700
        ("gelu_tanh", 0, -21.3),  # its value normal, the sigmoid subnormal
        ("gelu_tanh", 1, -19.36),
        ("gelu_tanh", 2, -15.0),
        ("tanhshrink", 0, 1e-10),  # x**3/3, where x - tanh(x) cancels
        ("tanhshrink", 0, 0.3),
        ("tanhshrink", 0, -0.49),
        ("squareplus", 0, -1e200),  # b / (4 |x|), no cancellation
        ("squareplus", 0, -3.5),
        ("isru", 0, 3.7),
        ("bent_identity", 0, 1e-9),
        ("bent_identity", 0, -7.25),
        ("arctan", 2, 12.5),
        ("gaussian", 0, 26.5),  # exp of a rounded x**2 near 700
        ("gaussian", 1, -25.0),
        ("tanhexp", 1, 4.0),
    ],
)
def test_kernels_at_hard_points(name: str, order: int, point: float) -> None:
    got = float(symact.get(name).numpy(order)(np.float64(point)))
    expected = _mp_value(name, order, point)
    assert math.isclose(got, expected, rel_tol=1e-13, abs_tol=1e-300), (got, expected)


@pytest.mark.parametrize(
    ("name", "order", "point", "expected"),
    [
        ("squareplus", 0, 1e200, 1e200),
        ("isru", 0, 1e200, 1.0),  # x / sqrt(1 + x**2) would be 0: x**2 overflows
        ("isru", 0, -INF, -1.0),
        ("bent_identity", 0, 1e200, 1.5e200),
        ("bent_identity", 1, 1e200, 1.5),
        ("bent_identity", 1, -1e200, 0.5),
        ("arctan", 2, -1e100, 2e-300),  # (1 + x**2)**-2 underflows to 0
        ("tanhexp", 1, 1e100, 1.0),  # exp(x) * sech(exp(x))**2 is inf * 0
        ("tanhexp", 2, 1e100, 0.0),
        ("tanhshrink", 0, 1e-300, 0.0),
        ("identity", 1, 5.0, 1.0),
    ],
)
def test_kernels_far_out(name: str, order: int, point: float, expected: float) -> None:
    got = float(symact.get(name).numpy(order)(np.float64(point)))
    assert math.isclose(got, expected, rel_tol=1e-14, abs_tol=1e-320), got


#: (name, derivative) -> (limit at -inf, limit at +inf), worked out by hand
LIMITS = {
    ("gelu", 0): (0, INF),
    ("gelu", 1): (0, 1),
    ("gelu", 2): (0, 0),
    ("gelu_tanh", 0): (0, INF),
    ("gelu_tanh", 1): (0, 1),
    ("gelu_tanh", 2): (0, 0),
    ("mish", 0): (0, INF),
    ("mish", 1): (0, 1),
    ("mish", 2): (0, 0),
    ("swish", 0): (0, INF),
    ("swish", 1): (0, 1),
    ("swish", 2): (0, 0),
    ("swish", "beta"): (0, 0),  # x**2 sigmoid'(beta x)
    ("softsign", 0): (-1, 1),
    ("softsign", 1): (0, 0),
    ("softsign", 2): (0, 0),
    ("tanhshrink", 0): (-INF, INF),
    ("tanhshrink", 1): (1, 1),
    ("tanhshrink", 2): (0, 0),
    ("squareplus", 0): (0, INF),
    ("squareplus", 1): (0, 1),
    ("squareplus", 2): (0, 0),
    ("squareplus", "b"): (0, 0),  # 1/(4 sqrt(x**2 + b))
    ("identity", 0): (-INF, INF),
    ("identity", 1): (1, 1),
    ("identity", 2): (0, 0),
    ("exponential", 0): (0, INF),
    ("exponential", 1): (0, INF),
    ("exponential", 2): (0, INF),
    ("arctan", 0): (-math.pi / 2, math.pi / 2),
    ("arctan", 1): (0, 0),
    ("arctan", 2): (0, 0),
    ("isru", 0): (-1, 1),
    ("isru", 1): (0, 0),
    ("isru", 2): (0, 0),
    ("isru", "alpha"): (0.5, -0.5),  # -x**3 / (2 (1 + alpha x**2)**(3/2))
    ("bent_identity", 0): (-INF, INF),
    ("bent_identity", 1): (0.5, 1.5),
    ("bent_identity", 2): (0, 0),
    ("gaussian", 0): (0, 0),
    ("gaussian", 1): (0, 0),
    ("gaussian", 2): (0, 0),
    ("tanhexp", 0): (0, INF),
    ("tanhexp", 1): (0, 1),
    ("tanhexp", 2): (0, 0),
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
    got = kernel(np.array([-np.inf, np.inf, np.nan, 0.0, -0.0, 1e100, -1e100]))
    assert got[:2].tolist() == list(expected)
    assert np.isnan(got[2])
    assert not np.isnan(got[3:]).any()
    got32 = kernel(np.array([-np.inf, np.inf], dtype=np.float32))
    assert got32.dtype == np.float32
    assert got32.tolist() == [float(np.float32(v)) for v in expected]


# -- regressions of the engine fixes --------------------------------------------------


def test_far_numeric_check_of_a_limit_does_not_run_for_hours() -> None:
    """limits._plausible evaluated GELU' at x = -1000 by SymPy's adaptive
    evalf, which raised the precision to 200000+ digits; now mpmath at a
    fixed precision (and exp(2 exp(x)) far out is refused, not computed)."""
    slope = (1 + erf(x / sqrt(2))) / 2 + x * exp(-(x**2) / 2) / sqrt(2 * pi)
    assert limit(slope, x, -oo) == 0
    assert limit(x * (1 - sympy.tanh(exp(x)) ** 2) * exp(x) + sympy.tanh(exp(x)), x, oo) == 1


def test_continuous_domain_knows_erf() -> None:
    """SymPy's continuous_domain raises on erf; erf entering polynomially is
    continuous wherever its argument is."""
    assert continuous_domain(x / 2 * (1 + erf(x / sqrt(2))), x, S.Reals) == S.Reals
    with pytest.raises(NotImplementedError):
        continuous_domain(1 / erf(x), x, S.Reals)  # a pole at 0: not decided by the rule


def test_isolate_roots_trusts_an_empty_solveset() -> None:
    """solveset's EmptySet is not a FiniteSet: it fell through to the
    derivative recursion and failed (squareplus's range was unknown)."""
    assert isolate_roots(S.Half + x / (2 * sqrt(x**2 + 4)), x, S.Reals) == ()


def test_certified_roots_by_interval_arithmetic() -> None:
    (root,) = certified_roots(x * exp(x) - 1, x, Interval(-oo, oo))
    assert root.low < sympy.LambertW(1) < root.high
    # GELU's critical point: the tail (-oo, -16) is root-free once
    # exp(x**2/2) (1 + erf(x/sqrt 2)) is enclosed as erfcx(-x/sqrt 2)
    k = sqrt(2) * x + sqrt(pi) * exp(x**2 / 2) * (1 + erf(x / sqrt(2)))
    (root,) = certified_roots(sympy.expand(k), x, Interval(-oo, oo))
    expected = Rational("-0.75179152469356445745790494677952404")
    assert abs(root.point - expected) < Rational(1, 10**34)


def test_is_zero_checks_a_point_first_and_respects_assumptions() -> None:
    alpha = sympy.Symbol("alpha", positive=True)
    assert is_zero(sympy.Abs(alpha) - alpha) is True  # -5/7 is never tried for alpha
    assert is_zero(sympy.sin(x) ** 2 + sympy.cos(x) ** 2 - 1) is True
    assert is_zero(sympy.tanh(x**3 + x) - 1) is False  # decided at x = 1/3, no simplify
    assert sign_at(sympy.sin(x) ** 2 + sympy.cos(x) ** 2 - 1, {x: 1}) == 0


def test_zero_centred_quadrature_stays_in_reach() -> None:
    """mpmath's quadrature sampled tanh(exp(z)) at z near 1e30 (hours, or
    MemoryError); the tails beyond |z| = 64 are left out."""
    assert profile("tanhexp").zero_centered is False


def test_ndtr_kernel_keeps_its_digits_far_left() -> None:
    kernel = PRIMITIVES[ndtr].kernel
    points = np.array([-8.1, -20.1, -30.7, -35.1, -37.3])
    got = kernel(points)
    with mp.workdps(40):
        for value, point in zip(got, points, strict=True):
            exact = mp.ncdf(mp.mpf(point))
            assert abs(value - exact) <= 2e-15 * exact, point


def test_compiled_kernels_flag_sensitive_arguments_and_overflow() -> None:
    """exp of a rounded x**2 near 700 (condition number 700), a power of a
    finite base that overflows or underflows: the guard recomputes them."""
    gauss = lambdify(exp(-(x**2)), [x])
    with mp.workdps(40):
        assert math.isclose(gauss(26.5), float(mp.exp(-(mp.mpf(26.5) ** 2))), rel_tol=1e-14)
    assert lambdify(x / sqrt(x**2 + 1), [x])(1e200) == 1.0
    assert math.isclose(lambdify(2 * x / (1 + x**2) ** 2, [x])(1e100), 2e-300, rel_tol=1e-14)
    sig = lambdify(x * symact.functions.sigmoid(2 * x), [x])  # 2 x is exact: no flag
    assert sig(-300.0) == -300.0 * float(mp.exp(-600))  # scipy's expit of an exact argument


def test_gelu_and_gelu_tanh_differentiate_cleanly() -> None:
    """Their difference is what the sheet bounds; both derivatives are
    elementary (erf, exp, tanh) and evaluate."""
    difference = gelu(x).diff(x) - symact.get("gelu_tanh").expr().diff(x)
    assert not difference.atoms(sympy.Derivative)
    assert abs(sympy.N(difference.subs(x, 1), 30)) < 1e-3
    assert squareplus(x).diff(x, 2).subs(x, 0) == Rational(1, 4)


# -- GELU's tanh approximation, certified -----------------------------------------------


def _approximation_error_extrema() -> list[tuple[mp.mpf, mp.mpf]]:
    """Independently of symact: the critical points of gelu_tanh - gelu on
    (0, 10) from a 1/100 grid and mpmath's findroot on its numerical
    derivative, with the values there (the difference is even)."""

    def error(t: mp.mpf) -> mp.mpf:
        c = mp.sqrt(2 / mp.pi)
        return t / 2 * (1 + mp.tanh(c * (t + mp.mpf("0.044715") * t**3))) - t * mp.ncdf(t)

    with mp.workdps(50):
        grid = [mp.mpf(i) / 100 for i in range(1, 1000)]
        slopes = [mp.diff(error, t) for t in grid]
        found = []
        for t0, s0, s1 in zip(grid, slopes, slopes[1:], strict=False):
            if s0 * s1 < 0:
                point = mp.findroot(lambda t: mp.diff(error, t), t0)
                found.append((point, error(point)))
    return found


def test_gelu_tanh_error_is_certified() -> None:
    """The worst error of the tanh approximation over the reals: 4.7324e-4 at
    x = ±2.6989 (the quoted 'about 4.7e-4' holds), and -2.3367e-4 at
    ±1.3645 the other way, from certified critical points (interval
    arithmetic: mean-value cells, a Taylor rule at the triple root 0,
    complement forms on the tails)."""
    report = range_report(symact.parse("gelu_tanh(x) - gelu(x)"), x)
    (low_at, low), (high_at, high) = sorted(_approximation_error_extrema(), key=lambda p: p[1])
    assert report.maximum.attained
    assert report.minimum.attained
    with mp.workdps(50):
        tolerance = mp.mpf(10) ** -30
        assert abs(mp.mpf(str(report.maximum.value)) - high) < tolerance
        assert abs(mp.mpf(str(report.minimum.value)) - low) < tolerance
        assert all(abs(abs(mp.mpf(str(w))) - high_at) < tolerance for w in report.maximum.where)
        assert all(abs(abs(mp.mpf(str(w))) - low_at) < tolerance for w in report.minimum.where)
        assert len(report.minimum.where) == len(report.maximum.where) == 2
    assert 4.73e-4 < float(report.maximum.value) < 4.74e-4


def test_gelu_tanh_error_from_the_cli(cli) -> None:
    result = cli.invoke("range", "gelu_tanh(x) - gelu(x)", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert "-0.000233670632117657249474" in data["range"]
    assert "0.000473235520687284877113982" in data["range"]
    assert "2.6989413863772703004780" in json.dumps(data["extrema"]["maximum"])


def test_certified_roots_through_a_triple_root() -> None:
    """x - sin(x) vanishes to third order at 0: no cell next to 0 has a
    sign-definite enclosure of k or k'; Taylor's theorem with k''' = cos
    settles them (without the rule the halving never ends)."""
    (root,) = certified_roots(x - sympy.sin(x), x, Interval.open(-1, 1))
    assert root.exact == 0


def test_tail_enclosures_use_complements() -> None:
    """tanh(x) - erf(x) -> 0 from below: the plain enclosure of the tail is
    [1 - 1, 1 - 1] up to rounding; erfc(x) - 2 exp(-2x)/(1 + exp(-2x)),
    scaled by exp(2x), is certainly negative."""
    assert certified_roots(sympy.tanh(x) - erf(x), x, Interval.open(0, oo)) == []
    assert certified_roots(erf(x) - sympy.tanh(x), x, Interval.open(-oo, 0)) == []
