"""The oscillating activations (sinusoid, sinc, gcu, snake): exact profiles,
framework facts, kernels, and the engine pieces that had to learn about
infinitely many critical points (periods, progressions, tails, removable
singularities, limits that do not exist)."""

from __future__ import annotations

import json
import math
import warnings

import mpmath as mp
import numpy as np
import pytest
import sympy
from sympy import Interval, Piecewise, Rational, S, cos, oo, pi, sin, sqrt

import symact
from symact.analysis import analyze
from symact.analysis.shape import continuity_order, monotonicity
from symact.calculus.extrema import infimum, representative, supremum
from symact.calculus.limits import limit
from symact.calculus.oscillation import (
    PERIOD_INDEX,
    no_limit_witness,
    period,
    progression_limits,
    tail_enclosure,
)
from symact.calculus.roots import enclose
from symact.describe import describe
from symact.errors import AnalysisError, ParameterError
from symact.functions import gcu, sinc, sinusoid, snake
from symact.numeric.accuracy import measure, sample_points
from symact.numeric.activations import kernel_expression
from symact.numeric.reference import limit_value

x = symact.x
k = PERIOD_INDEX
NAMES = ("sinusoid", "sinc", "gcu", "snake")
DPS = 50


def _sinc_minimum() -> tuple[mp.mpf, mp.mpf]:
    """Independently: the first positive root of tan x = x and sinc there."""
    with mp.workdps(DPS):
        x0 = mp.findroot(lambda t: mp.tan(t) - t, mp.mpf("4.49"))
        return x0, mp.sin(x0) / x0


def _sinc_slope_extremum() -> tuple[mp.mpf, mp.mpf]:
    """Independently: the first positive zero of sinc'' and |sinc'| there."""
    with mp.workdps(DPS):

        def second(t: mp.mpf) -> mp.mpf:
            return -mp.sin(t) / t - 2 * mp.cos(t) / t**2 + 2 * mp.sin(t) / t**3

        x1 = mp.findroot(second, mp.mpf("2.08"))
        return x1, abs(mp.cos(x1) / x1 - mp.sin(x1) / x1**2)


def _close(value: sympy.Expr, expected: mp.mpf, digits: int = 30) -> bool:
    with mp.workdps(DPS):
        return bool(abs(mp.mpf(str(sympy.N(value, 45))) - expected) < mp.mpf(10) ** -digits)


# -- exact profiles ------------------------------------------------------------------

# name -> (range, derivative range, continuity, monotonic, f' monotonic, convex,
#          zero-centred, odd, even, lipschitz, limits, asymptotes, f(0), f'(0), saturates)
KNOWN = {
    "sinusoid": (
        Interval(-1, 1),
        Interval(-1, 1),
        "inf",
        "none",
        "none",
        "neither",
        True,
        True,
        False,
        1,
        {"-oo": S.NaN, "oo": S.NaN},
        {"-oo": None, "oo": None},
        0,
        1,
        (),
    ),
    "gcu": (
        S.Reals,
        S.Reals,
        "inf",
        "none",
        "none",
        "neither",
        True,
        True,
        False,
        oo,
        {"-oo": S.NaN, "oo": S.NaN},
        {"-oo": None, "oo": None},
        0,
        1,
        (),
    ),
    "snake": (
        S.Reals,
        Interval(0, 2),
        "inf",
        "increasing",  # snake' = 1 + sin 2x >= 0, zero only at isolated points
        "none",
        "neither",
        False,  # E[z + sin(z)^2] = (1 - exp(-2))/2
        False,
        False,
        2,
        {"-oo": -oo, "oo": oo},
        {"-oo": None, "oo": None},  # x + sin(x)^2 - x has no limit
        0,
        1,
        (),
    ),
}


@pytest.mark.parametrize("name", list(KNOWN))
def test_known_profiles(name: str) -> None:
    (
        rng,
        drange,
        continuity,
        monotonic,
        derivative_monotonic,
        convex,
        zero_centered,
        odd,
        even,
        lipschitz,
        limits,
        asymptotes,
        at_0,
        slope_at_0,
        saturates,
    ) = KNOWN[name]
    p = analyze(name)
    assert not p.unknown
    assert p.range == rng
    assert p.derivative_range == drange
    assert p.continuity == continuity
    assert p.monotonic == monotonic
    assert p.derivative_monotonic == derivative_monotonic
    assert p.convex == convex
    assert p.zero_centered is zero_centered
    assert (p.odd, p.even) == (odd, even)
    assert p.lipschitz == lipschitz
    assert dict(p.limits) == limits
    assert dict(p.asymptotes) == asymptotes
    assert (p.value_at_0, p.derivative_at_0) == (at_0, slope_at_0)
    assert p.saturates == saturates
    assert p.identity_near_origin is True
    assert p.numeric == ()


def test_sinusoid_extrema_repeat_with_the_period() -> None:
    """Infinitely many extremum points: one family p + 2 pi k, never one point."""
    p = analyze("sinusoid")
    assert p.minimum is not None
    assert p.maximum is not None
    assert (p.minimum.value, p.minimum.attained) == (-1, True)
    assert p.minimum.where == (2 * pi * k + 3 * pi / 2,)
    assert (p.maximum.value, p.maximum.attained) == (1, True)
    assert p.maximum.where == (2 * pi * k + pi / 2,)
    assert k.is_integer


def test_gcu_is_unbounded_both_ways_on_both_sides() -> None:
    p = analyze("gcu")
    assert p.minimum is not None
    assert p.maximum is not None
    assert (p.minimum.value, p.minimum.attained) == (-oo, False)
    assert set(p.minimum.where) == {-oo, oo}  # x cos x -> -oo along pi + 2 pi k and -2 pi k
    assert (p.maximum.value, p.maximum.attained) == (oo, False)
    assert set(p.maximum.where) == {-oo, oo}
    assert (p.bounded_below, p.bounded_above) == (False, False)


def test_snake_extrema_and_derivative() -> None:
    p = analyze("snake")
    assert p.minimum is not None
    assert p.maximum is not None
    assert (p.minimum.value, p.minimum.where) == (-oo, (-oo,))
    assert (p.maximum.value, p.maximum.where) == (oo, (oo,))
    assert p.derivative == 1 + sin(2 * x)


@pytest.mark.parametrize("a", [Rational(1, 2), Rational(3)])
def test_snake_with_other_frequencies(a: Rational) -> None:
    p = analyze("snake", a=a)
    assert p.range == S.Reals
    assert p.derivative_range == Interval(0, 2)
    assert p.monotonic == "increasing"
    assert p.lipschitz == 2
    assert not p.unknown


def test_sinc_profile_with_certified_numbers() -> None:
    """Range [m, 1] with m = sinc at the first root of tan x = x: proven by
    the tail bound |sinc| <= 1/x beyond a cut-off, never assumed."""
    x0, m = _sinc_minimum()
    x1, lipschitz = _sinc_slope_extremum()
    p = analyze("sinc")
    assert not p.unknown
    assert isinstance(p.range, Interval)
    assert p.range.sup == 1
    assert not p.range.left_open
    assert not p.range.right_open
    assert _close(p.range.inf, m)
    assert p.minimum is not None
    assert p.maximum is not None
    assert p.minimum.attained
    assert len(p.minimum.where) == 2  # +-x0: sinc is even
    assert all(_close(abs(w), x0, 25) for w in p.minimum.where)
    assert (p.maximum.value, p.maximum.attained, p.maximum.where) == (1, True, (0,))
    assert isinstance(p.derivative_range, Interval)
    assert _close(p.derivative_range.sup, lipschitz)
    assert _close(-p.derivative_range.inf, lipschitz)
    assert p.lipschitz is not None
    assert _close(p.lipschitz, lipschitz)
    assert set(p.numeric) == {"range", "derivative_range", "extrema", "lipschitz"}
    assert (p.value_at_0, p.derivative_at_0) == (1, 0)
    assert p.continuity == "inf"
    assert dict(p.limits) == {"-oo": 0, "oo": 0}
    assert dict(p.asymptotes) == {"-oo": 0, "oo": 0}
    assert p.saturates == ("-oo", "oo")
    assert (p.odd, p.even, p.zero_centered) == (False, True, False)  # E sinc(z) ~ 0.856
    assert (p.monotonic, p.convex, p.identity_near_origin) == ("none", "neither", False)
    assert float(x1) == pytest.approx(2.0815759778181, rel=1e-12)


# -- the functions -------------------------------------------------------------------


def test_sinc_is_exact_and_smooth_at_zero() -> None:
    assert sinc(0) == 1
    assert sinc(x).rewrite("definition") == Piecewise((sin(x) / x, sympy.Ne(x, 0)), (1, True))
    record = symact.get("sinc")
    assert record.derivative().subs(x, 0) == 0
    assert record.derivative(2).subs(x, 0) == Rational(-1, 3)
    assert describe("sinc", properties=False).kinks == ()


def test_no_kinks_anywhere() -> None:
    for name in NAMES:
        assert describe(name, properties=False).kinks == (), name


def test_snake_parameter() -> None:
    record = symact.get("snake")
    assert record.defaults == {"a": 1}
    assert record.parameter("a").symbol.is_positive
    assert snake(x) == snake(x, 1)
    assert record.definition(a=2) == x + sin(2 * x) ** 2 / 2
    assert record.derivative(a=2) == 1 + sin(4 * x)
    with pytest.raises(ParameterError, match="positive"):
        record.bind({"a": -1})
    with pytest.raises(ParameterError, match="not defined"):
        snake(x, 0)
    a = sympy.Symbol("a", positive=True)
    by_definition = sympy.diff(x + sin(a * x) ** 2 / a, a)
    assert sympy.simplify(record.derivative(wrt="a", symbolic=True) - by_definition) == 0


def test_framework_facts() -> None:
    """No framework ships these as activations (torch.nn has no Snake, GCU or
    sine module); sin and the *normalized* sinc exist as tensor functions."""
    assert symact.get("gcu").frameworks == ()
    assert symact.get("snake").frameworks == ()
    assert {n.framework for n in symact.get("sinusoid").frameworks} == {"pytorch", "jax", "keras"}
    torch_sinc = symact.get("sinc").framework("pytorch")
    assert torch_sinc is not None
    assert torch_sinc.api == "torch.sinc(x / pi)"
    assert "normalized" in torch_sinc.note
    for record in map(symact.get, NAMES):
        assert all(note.gradient is None for note in record.frameworks)  # smooth: no kink rule


def test_torch_sinc_facts_in_the_note() -> None:
    torch = pytest.importorskip("torch")
    t = torch.tensor([0.0, 1e-3], dtype=torch.float64, requires_grad=True)
    (first,) = torch.autograd.grad(torch.sinc(t / math.pi).sum(), t, create_graph=True)
    (second,) = torch.autograd.grad(first.sum(), t)
    first = first.detach()
    assert float(first[0]) == 0.0
    assert math.isnan(float(second[0]))  # the note: nan, not -1/3
    assert math.isnan(float(torch.sinc(torch.tensor(math.inf))))
    assert not hasattr(torch.nn, "Snake")
    assert not hasattr(torch.nn.functional, "snake")


# -- engine: limits that do not exist ------------------------------------------------


def test_accumulation_bounds_are_not_limits() -> None:
    """Regression: SymPy's AccumBounds(-1, 1) (and oo*sign(AccumBounds(-1, 1))
    for x cos x) came back as a 'limit', was counted finite, and made sin an
    asymptote of itself."""
    with pytest.raises(AnalysisError, match="no limit"):
        limit(sin(x), x, oo)
    with pytest.raises(AnalysisError, match="no limit"):
        limit(x * cos(x), x, -oo)
    assert limit(sin(x) / x, x, oo) == 0


def test_progressions_prove_there_is_no_limit() -> None:
    assert no_limit_witness(sin(x), x, oo) is not None
    assert no_limit_witness(sin(x) ** 2, x, -oo) is not None
    values = {value for _, value in progression_limits(x * cos(x), x, oo)}
    assert {oo, -oo} <= values
    assert no_limit_witness(sin(x) / x, x, oo) is None  # it has a limit
    assert progression_limits(sin(x**2), x, oo) == ()  # not periodic along x0 + kT
    assert progression_limits(sin(x) + sin(sqrt(2) * x), x, oo) == ()  # no common period


def test_periods_are_verified() -> None:
    assert period(sin(x), x) == 2 * pi
    assert period(1 + 2 * sin(x) * cos(x), x) == pi
    assert period(sin(x) + cos(x / 3), x) == 6 * pi
    assert period(x * cos(x), x) is None
    assert period(sin(x) + sin(sqrt(2) * x), x) is None


def test_tail_enclosures_are_rigorous() -> None:
    low, high = tail_enclosure(sin(x) / x, x, sympy.Integer(16), oo)
    assert low <= -Rational(1, 16)
    assert Rational(1, 16) <= high
    assert high - low < Rational(1, 7)
    low, high = tail_enclosure(x * cos(x), x, sympy.Integer(16), -oo)
    assert (low, high) == (-oo, oo)
    with pytest.raises(AnalysisError, match="interval arithmetic"):
        tail_enclosure(sympy.tan(x) / x, x, sympy.Integer(16), oo)  # never a point value


def test_enclose_handles_sine_and_cosine() -> None:
    """Regression: without interval sin/cos, enclosing a value of sin(x)/x failed."""
    low, high = enclose(sin(x) / x, x, Rational(4), Rational(5))
    with mp.workdps(30):
        for t in (4, 4.5, 5):
            assert low <= Rational(str(mp.sin(t) / t)) <= high


# -- engine: extrema with infinitely many critical points ----------------------------


def test_periodic_extrema() -> None:
    low = infimum(sin(x), x)
    assert (low.value, low.attained, low.where) == (-1, True, (2 * pi * k + 3 * pi / 2,))
    assert "period 2*pi" in low.reduction  # the certificate says why [0, 2 pi] suffices
    high = supremum(cos(x), x)
    assert (high.value, high.where) == (1, (2 * pi * k,))
    assert supremum(1 + sin(2 * x), x).where == (pi * k + pi / 4,)
    assert representative(2 * pi * k + pi / 2) == pi / 2


def test_unbounded_oscillation() -> None:
    assert (infimum(x * cos(x), x).value, supremum(x * cos(x), x).value) == (-oo, oo)
    # a small drift: no local extremum may be reported as global
    assert (infimum(sin(x) + x / 1000, x).value, supremum(sin(x) + x / 1000, x).value) == (-oo, oo)


def test_sinc_extrema_use_evenness_and_the_tail() -> None:
    _x0, m = _sinc_minimum()
    low = infimum(sinc(x), x)
    assert _close(low.value, m)
    assert low.enclosure is not None
    lower, upper = low.enclosure
    assert upper - lower < Rational(1, 10**40)
    assert _close((lower + upper) / 2, m, 40)
    assert len(low.where) == 2
    assert low.reduction.startswith("f(-x) = f(x)")
    assert supremum(sinc(x), x).value == 1


def test_undecidable_oscillation_stays_unknown() -> None:
    """sin x + sin(sqrt(2) x) has infimum -2, never attained and not periodic:
    the engine must not report the lowest critical value it happens to find."""
    for bound in (infimum, supremum):
        with pytest.raises(AnalysisError):
            bound(sin(x) + sin(sqrt(2) * x), x)


def test_monotonicity_of_snake_is_exact() -> None:
    assert monotonicity(snake(x), x) == "increasing"
    assert monotonicity(snake(x, 3), x) == "increasing"
    assert monotonicity(gcu(x), x) == "none"


# -- engine: removable singularities -------------------------------------------------


def test_removable_singularity_is_smooth() -> None:
    """Regression: continuity stopped at 'breakpoints remain after 8 derivatives'."""
    assert continuity_order(sinc(x), x) == "inf"
    assert continuity_order(sinc(x) * sinusoid(x), x) == "inf"
    jump = Piecewise((sin(x) / x, sympy.Ne(x, 0)), (2, True))
    assert continuity_order(jump, x) == -1
    kink = Piecewise((x, x > 0), (sin(x), True))  # different branches: C^2, not more
    assert continuity_order(kink, x) == 2


# -- kernels -------------------------------------------------------------------------

WITHOUT_LIMIT = {
    ("sinusoid", 0),
    ("sinusoid", 1),
    ("sinusoid", 2),
    ("gcu", 0),
    ("gcu", 1),
    ("gcu", 2),
    ("snake", 1),
    ("snake", 2),
    ("snake", "a"),
}
KERNEL_CASES = [(n, d) for n in NAMES for d in (0, 1, 2)] + [("snake", "a")]


def _quiet(kernel, values):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            return kernel(values)


@pytest.mark.parametrize(("name", "derivative"), KERNEL_CASES)
def test_kernels_are_accurate_and_honest_at_infinity(name: str, derivative: int | str) -> None:
    """Finite inputs: within 1e-13 relative (float32: 4 ulps). At +-inf the
    limit where there is one, NaN exactly where there is none (sin has no
    value at infinity; PyTorch and NumPy also give NaN)."""
    record = symact.get(name)
    kernel = record.numpy(derivative)
    expr, args = kernel_expression(record, derivative)
    points = sample_points(400)
    finite = points[np.isfinite(points[:, 0])]
    values = _quiet(kernel, finite[:, 0])
    assert not np.isnan(values).any()
    assert measure(kernel, expr, args, finite, values=values).passed
    with np.errstate(over="ignore"):
        narrow = np.unique(finite.astype(np.float32))
    values32 = _quiet(kernel, narrow)
    assert values32.dtype == np.float32
    stats = measure(
        kernel, expr, args, narrow.astype(np.float64).reshape(-1, 1), values=values32, float32=True
    )
    assert stats.passed
    ends = _quiet(kernel, np.array([-np.inf, np.inf, np.nan]))
    assert math.isnan(ends[2])
    for end, got in zip((-math.inf, math.inf), ends[:2], strict=True):
        expected = limit_value(expr, args, (end,))
        if (name, derivative) in WITHOUT_LIMIT:
            assert math.isnan(expected)
            assert math.isnan(got)
        else:
            assert got == expected


# -- the command line ----------------------------------------------------------------


def test_show_json(cli) -> None:
    data = json.loads(cli.invoke("show", "sinusoid", "--json").stdout)
    assert data["range"] == "[-1, 1]"
    assert data["extrema"]["maximum"] == {
        "value": "1",
        "attained": True,
        "at": ["2*pi*k + pi/2"],
    }
    assert data["limits"] == {"-oo": "undefined", "oo": "undefined"}
    assert data["asymptotes"] == {"-oo": None, "oo": None}
    assert data["lipschitz"] == "1"
    assert data["unknown"] == {}


# -- kernels at +-inf -------------------------------------------------------------------

NAN = math.nan
#: (name, derivative) -> (limit at -inf, limit at +inf), worked out by hand; NaN
#: where there is no limit (sin x, x cos x and sin(2 a x) keep oscillating)
LIMITS = {
    ("sinusoid", 0): (NAN, NAN),
    ("sinusoid", 1): (NAN, NAN),
    ("sinusoid", 2): (NAN, NAN),
    ("sinc", 0): (0, 0),  # |sin x / x| <= 1/|x|
    ("sinc", 1): (0, 0),  # cos x / x - sin x / x**2
    ("sinc", 2): (0, 0),
    ("gcu", 0): (NAN, NAN),
    ("gcu", 1): (NAN, NAN),
    ("gcu", 2): (NAN, NAN),
    ("snake", 0): (-math.inf, math.inf),  # x + sin(a x)**2 / a: x dominates
    ("snake", 1): (NAN, NAN),  # 1 + sin(2 a x)
    ("snake", 2): (NAN, NAN),
    ("snake", "a"): (NAN, NAN),  # x sin(2 a x)/a - sin(a x)**2/a**2
}


@pytest.mark.parametrize(("case", "expected"), list(LIMITS.items()), ids=str)
def test_limits_every_kernel(case: tuple, expected: tuple[float, float]) -> None:
    name, derivative = case
    kernel = symact.get(name).numpy(derivative)
    for dtype in (np.float64, np.float32):
        with np.errstate(invalid="ignore"):
            got = kernel(np.array([-np.inf, np.inf], dtype=dtype))
        assert got.dtype == dtype
        np.testing.assert_array_equal(got, np.array(expected, dtype=dtype))
