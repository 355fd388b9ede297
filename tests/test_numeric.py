"""NumPy kernels: ``Activation.numpy`` for every catalogue activation and
``symact.numeric.lambdify`` for any expression.

What is checked, and against what:

* accuracy over the whole float64 range, with ``symact.numeric.accuracy.measure``
  (symact's own mpmath reference) for every activation and derivative, and
  with plain mpmath formulas written here (independent of symact) for a
  selection, at float64 and float32;
* limits at ±inf, NaN for NaN, no NumPy warning, dtype and shape;
* the PyTorch conventions at kinks, and equality with the honest derivative
  away from them (exactly, with SymPy);
* user expressions: the stable rewrites and the exact guard of the compiler;
* errors.

The tolerance rule (the one ``measure`` enforces): relative error <= 1e-13
where the true value is a normal float, absolute error <= 1e-15 where it is
subnormal or within 1e-6 of a zero; float32 within 4 float32 ulps.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from functools import cache
from typing import Any

import mpmath as mp
import numpy as np
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st

import symact
from symact import parse, x
from symact.calculus.pieces import expand_definitions
from symact.errors import ParameterError
from symact.functions import elu, relu, sigmoid, softplus
from symact.numeric import lambdify
from symact.numeric.accuracy import measure, sample_points
from symact.numeric.activations import kernel_expression
from symact.numeric.compile import CompileError
from symact.numeric.reference import limit_value, reference_value

REL, ABS = 1e-13, 1e-15
ZERO_DISTANCE = 1e-6
TINY = float(np.finfo(np.float64).tiny)
BIG = float(np.finfo(np.float64).max)
TINY32 = float(np.finfo(np.float32).tiny)
BIG32 = float(np.finfo(np.float32).max)
INF = math.inf
DPS = 60

HYPOTHESIS = settings(max_examples=200, derandomize=True, deadline=None)


# -- helpers -------------------------------------------------------------------------


def quiet(kernel: Callable[..., Any], *args: Any) -> Any:
    """``kernel(*args)``, failing on any warning and on any floating-point
    error that escapes the kernel (NumPy would otherwise warn)."""
    before = np.geterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="raise"):
            out = kernel(*args)
    assert not caught, [str(w.message) for w in caught]
    assert np.geterr() == before
    return out


@cache
def kernel_of(name: str, derivative: int | str = 0, params: tuple = ()) -> Any:
    return symact.get(name).numpy(derivative, **dict(params))


def neighbours(point: float, count: int = 3, dtype: Any = np.float64) -> list[float]:
    """``point`` and its ``count`` nearest floats of ``dtype`` on each side."""
    out = [dtype(point)]
    for direction in (-np.inf, np.inf):
        v = dtype(point)
        for _ in range(count):
            v = np.nextafter(v, dtype(direction))
            out.append(v)
    return [float(v) for v in out]


def judge(got: float, true: Any, near_zero: bool) -> str | None:
    """``None`` if ``got`` meets the tolerance rule for the true value
    ``true`` (an mpf), else an explanation."""
    t = float(true)
    if math.isinf(t):
        return None if got == t else f"true value overflows to {t}, got {got!r}"
    if not math.isfinite(got):
        return f"got {got!r}, true value {t!r}"
    with mp.workdps(DPS):
        err = abs(mp.mpf(got) - true)
        if abs(t) >= TINY and err <= REL * abs(true):
            return None
    if (abs(t) < TINY or near_zero) and err <= ABS:
        return None
    return f"got {got!r}, true value {t!r}, error {float(err):.3g}"


def ulps32(got: float, true: float) -> float:
    """Distance in float32 ulps (counting representable float32s between)."""
    a, b = np.float32(got), np.float32(true)
    if a == b:
        return 0.0
    if not (np.isfinite(a) and np.isfinite(b)):
        return INF

    def order(v: np.float32) -> int:
        i = int(np.array(v, dtype=np.float32).view(np.int32))
        return i if i >= 0 else -(i & 0x7FFFFFFF)

    return float(abs(order(a) - order(b)))


def to_float32(value: Any) -> float:
    with np.errstate(over="ignore"):
        return float(np.float32(float(value)))


# -- independent references: plain mpmath formulas -----------------------------------


def _sig(t: Any) -> Any:
    return 1 / (1 + mp.exp(-t))


def _silu2(t: Any) -> Any:
    # sigma(t) (1 - sigma(t)) (2 + t (1 - 2 sigma(t))) with 1 - 2 sigma(t) = -tanh(t/2)
    return _sig(t) * _sig(-t) * (2 - t * mp.tanh(t / 2))


def _softplus_dbeta(t: Any) -> Any:
    # d/dbeta log(1 + exp(beta t))/beta at beta = 1 is t sigma(t) - log(1 + e^t);
    # for t > 0 the same as -t sigma(-t) - log(1 + e^-t), which does not cancel
    if t > 0:
        return -t * _sig(-t) - mp.log1p(mp.exp(-t))
    return t * _sig(t) - mp.log1p(mp.exp(t))


def _root(f: Callable[[Any], Any], guess: float) -> float:
    with mp.workdps(DPS):
        return float(mp.findroot(f, guess))


SILU2_ZEROS = tuple(_root(lambda t: t * mp.tanh(t / 2) - 2, g) for g in (-2.4, 2.4))
SILU1_ZERO = _root(lambda t: 1 + t * _sig(-t), -1.28)


def _silu1(t: Any) -> Any:
    return _sig(t) * (1 + t * _sig(-t))


@pytest.mark.parametrize(
    ("zero", "formula"), [(z, _silu2) for z in SILU2_ZEROS] + [(SILU1_ZERO, _silu1)]
)
def test_independent_zeros_are_zeros(zero: float, formula: Callable[[Any], Any]) -> None:
    assert abs(zero) > 1
    with mp.workdps(DPS):
        assert abs(formula(mp.mpf(zero))) < 1e-15


#: id -> (name, derivative, params, formula, zeros, (limit at -inf, at +inf))
INDEPENDENT: dict[str, tuple[str, int | str, dict, Callable[[Any], Any], tuple, tuple]] = {
    "sigmoid": ("sigmoid", 0, {}, _sig, (), (0, 1)),
    "sigmoid'": ("sigmoid", 1, {}, lambda t: mp.exp(-t) / (1 + mp.exp(-t)) ** 2, (), (0, 0)),
    "sigmoid''": ("sigmoid", 2, {}, lambda t: -_sig(t) * _sig(-t) * mp.tanh(t / 2), (0,), (0, 0)),
    "tanh": ("tanh", 0, {}, mp.tanh, (0,), (-1, 1)),
    "tanh'": ("tanh", 1, {}, lambda t: mp.sech(t) ** 2, (), (0, 0)),
    "tanh''": ("tanh", 2, {}, lambda t: -2 * mp.tanh(t) * mp.sech(t) ** 2, (0,), (0, 0)),
    "softplus": ("softplus", 0, {}, lambda t: mp.log1p(mp.exp(t)), (), (0, INF)),
    "softplus(beta=2)": (
        "softplus",
        0,
        {"beta": 2},
        lambda t: mp.log1p(mp.exp(2 * t)) / 2,
        (),
        (0, INF),
    ),
    "softplus d/dbeta": ("softplus", "beta", {}, _softplus_dbeta, (), (0, 0)),
    "logsigmoid": ("logsigmoid", 0, {}, lambda t: -mp.log1p(mp.exp(-t)), (), (-INF, 0)),
    "logsigmoid''": ("logsigmoid", 2, {}, lambda t: -_sig(t) * _sig(-t), (), (0, 0)),
    "silu": ("silu", 0, {}, lambda t: t * _sig(t), (0,), (0, INF)),
    "silu'": ("silu", 1, {}, _silu1, (SILU1_ZERO,), (0, 1)),
    "silu''": ("silu", 2, {}, _silu2, SILU2_ZEROS, (0, 0)),
    "elu": ("elu", 0, {}, lambda t: t if t > 0 else mp.expm1(t), (0,), (-1, INF)),
    # at 0 the kernel follows PyTorch: elu'(0) = alpha
    "elu(alpha=2)'": (
        "elu",
        1,
        {"alpha": 2},
        lambda t: mp.mpf(1) if t > 0 else 2 * mp.exp(t),
        (),
        (0, 1),
    ),
    "elu d/dalpha": ("elu", "alpha", {}, lambda t: 0 if t > 0 else mp.expm1(t), (0,), (-1, 0)),
    "relu6": ("relu6", 0, {}, lambda t: min(max(t, 0), 6), (0,), (0, 6)),
    # PyTorch: relu6'(0) = relu6'(6) = 0
    "relu6'": ("relu6", 1, {}, lambda t: mp.mpf(1) if 0 < t < 6 else mp.mpf(0), (), (0, 0)),
    "leaky_relu(0.2)": (
        "leaky_relu",
        0,
        {"negative_slope": 0.2},
        lambda t: t if t > 0 else t / 5,
        (0,),
        (-INF, INF),
    ),
}


def wide_points() -> np.ndarray:
    """About 2500 float64 inputs: ±1e-300 ... ±1e4 log-spaced, a dense grid
    on [-40, 40], random bit patterns (the whole range, subnormals too), the
    extremes, and the kinks 0 and 6 and the zeros of silu', silu'' with
    their neighbours."""
    rng = np.random.default_rng(20240611)
    logs = np.logspace(-300, 4, 600)
    dense = np.linspace(-40.0, 40.0, 641)
    bits = rng.integers(0, 2**64, size=600, dtype=np.uint64).view(np.float64)
    bits = bits[np.isfinite(bits)]
    extremes = np.array(
        [
            *(5e-324, 1e-323, np.nextafter(TINY, 0), TINY, 1e-300, 1e-200, 1e100, 1e200),
            *(1e300, 1e308, np.nextafter(BIG, 0), BIG),
        ]
    )
    subnormals = np.ldexp(rng.uniform(0.0, 1.0, size=20), -1022)
    special = [v for p in (0.0, 6.0, SILU1_ZERO, *SILU2_ZEROS) for v in neighbours(p)]
    points = np.concatenate(
        [logs, -logs, dense, bits, subnormals, -subnormals, extremes, -extremes, special, [-0.0]]
    )
    return np.unique(points)


def wide_points32() -> np.ndarray:
    """float32 inputs over the whole float32 range, the same way."""
    rng = np.random.default_rng(20240612)
    with np.errstate(over="ignore", under="ignore"):
        logs = np.logspace(-45, 38.5, 300).astype(np.float32)
        dense = np.linspace(-40.0, 40.0, 321).astype(np.float32)
    bits = rng.integers(0, 2**32, size=400, dtype=np.uint64).astype(np.uint32).view(np.float32)
    bits = bits[np.isfinite(bits)]
    extremes = np.array([1e-45, TINY32, 1e-30, 1e30, BIG32], dtype=np.float32)
    special = np.array(
        [v for p in (0.0, 6.0) for v in neighbours(p, dtype=np.float32)], dtype=np.float32
    )
    return np.unique(np.concatenate([logs, -logs, dense, bits, extremes, -extremes, special]))


WIDE = wide_points()
WIDE32 = wide_points32()


def test_point_sets_cover_the_range() -> None:
    assert 2000 <= len(WIDE) <= 4000
    for v in (5e-324, 1e-300, 1e308, BIG, -BIG, 0.0, 6.0, np.nextafter(6.0, 7.0)):
        assert v in WIDE
    assert np.all(np.isfinite(WIDE))
    assert (np.abs(WIDE) < TINY).sum() > 10  # subnormals
    assert WIDE32.dtype == np.float32
    assert float(np.abs(WIDE32).max()) == BIG32


@pytest.mark.parametrize("case", list(INDEPENDENT))
def test_float64_against_independent_mpmath(case: str) -> None:
    name, derivative, params, formula, zeros, _ = INDEPENDENT[case]
    kernel = kernel_of(name, derivative, tuple(params.items()))
    values = quiet(kernel, WIDE)
    assert values.dtype == np.float64
    assert values.shape == WIDE.shape
    assert not np.isnan(values).any()
    failures = []
    with mp.workdps(DPS):
        for point, got in zip(WIDE, values, strict=True):
            near = any(abs(point - z) <= ZERO_DISTANCE for z in zeros)
            problem = judge(float(got), formula(mp.mpf(float(point))), near)
            if problem:
                failures.append((float(point), problem))
    assert not failures, f"{len(failures)} failures, first: {failures[:5]}"


@pytest.mark.parametrize("case", list(INDEPENDENT))
def test_float32_against_independent_mpmath(case: str) -> None:
    name, derivative, params, formula, _, _ = INDEPENDENT[case]
    kernel = kernel_of(name, derivative, tuple(params.items()))
    values = quiet(kernel, WIDE32)
    assert values.dtype == np.float32
    assert not np.isnan(values).any()
    failures = []
    with mp.workdps(DPS):
        for point, got in zip(WIDE32, values, strict=True):
            true = to_float32(formula(mp.mpf(float(point))))
            if ulps32(float(got), true) > 4:
                failures.append((float(point), float(got), true))
    assert not failures, f"{len(failures)} failures, first: {failures[:5]}"


@pytest.mark.parametrize("case", list(INDEPENDENT))
def test_limits_and_nan_against_independent_values(case: str) -> None:
    name, derivative, params, _, _, (low, high) = INDEPENDENT[case]
    kernel = kernel_of(name, derivative, tuple(params.items()))
    got = quiet(kernel, np.array([-np.inf, np.inf, np.nan, 1.0]))
    assert got[0] == low
    assert got[1] == high
    assert np.isnan(got[2])
    assert not np.isnan(got[3])


# -- every catalogue kernel, against symact's reference ------------------------------


def _scalar_cases() -> list[tuple[str, int | str, dict]]:
    cases: list[tuple[str, int | str, dict]] = []
    for name in symact.names():
        record = symact.get(name)
        if record.vector:
            continue
        cases += [(name, d, {}) for d in (0, 1, 2)]
        cases += [(name, p.name, {}) for p in record.parameters if p.default is not None]
    return cases


SCALAR_CASES = _scalar_cases()
SCALAR_IDS = [f"{n}-{d}" for n, d, _ in SCALAR_CASES]
PARAM_CASES = [
    (name, d, params)
    for name, params in [
        ("softplus", {"beta": 2}),
        ("softplus", {"beta": 0.5}),
        ("elu", {"alpha": 2}),
        ("elu", {"alpha": 0.5}),
        ("leaky_relu", {"negative_slope": 0.2}),
        ("leaky_relu", {"negative_slope": 0}),
        ("leaky_relu", {"negative_slope": 1}),
        ("prelu", {"weight": -0.5}),
        ("rrelu", {"lower": 0.1, "upper": 0.3}),
        ("rrelu", {"slope": 0.2}),
    ]
    for d in (0, 1, 2, *params)
]
PARAM_IDS = [f"{n}-{d}-{p}" for n, d, p in PARAM_CASES]
POINTS = sample_points(1000, kinks=(0.0, 6.0))
FEW_POINTS = sample_points(300, kinks=(0.0, 6.0))


def test_catalogue_cases_are_all_there() -> None:
    names = {n for n, _, _ in SCALAR_CASES}
    assert {"sigmoid", "tanh", "softplus", "silu", "relu", "relu6", "elu"} <= names
    assert ("softplus", "beta", {}) in SCALAR_CASES
    assert ("elu", "alpha", {}) in SCALAR_CASES


def _expected_nan(expr: Any, args: Any, points: Any) -> np.ndarray:
    """NaN where the input is NaN, or +-inf where the function has no limit
    (sin, x cos x and snake' oscillate: NumPy and PyTorch give NaN there too)."""
    return np.array(
        [
            math.isnan(v) or (math.isinf(v) and math.isnan(limit_value(expr, args, (v,))))
            for v in map(float, points)
        ]
    )


def _measure_case(name: str, derivative: int | str, params: dict, points: np.ndarray) -> None:
    record = symact.get(name)
    kernel = record.numpy(derivative, **params)
    expr, args = kernel_expression(record, derivative, **params)
    values = quiet(kernel, points[:, 0])
    assert values.dtype == np.float64
    assert (np.isnan(values) == _expected_nan(expr, args, points[:, 0])).all()
    stats = measure(kernel, expr, args, points, values=values)
    assert stats.passed, (stats.failures, stats.worst_failure, stats.failure_detail)


@pytest.mark.parametrize(("name", "derivative", "params"), SCALAR_CASES, ids=SCALAR_IDS)
def test_float64_accuracy_every_activation(name: str, derivative: int | str, params: dict) -> None:
    _measure_case(name, derivative, params, POINTS)


@pytest.mark.parametrize(("name", "derivative", "params"), PARAM_CASES, ids=PARAM_IDS)
def test_float64_accuracy_with_parameters(name: str, derivative: int | str, params: dict) -> None:
    _measure_case(name, derivative, params, FEW_POINTS)


@pytest.mark.parametrize(("name", "derivative", "params"), SCALAR_CASES, ids=SCALAR_IDS)
def test_float32_accuracy_every_activation(name: str, derivative: int | str, params: dict) -> None:
    record = symact.get(name)
    kernel = kernel_of(name, derivative)
    expr, args = kernel_expression(record, derivative, **params)
    with np.errstate(over="ignore"):
        points = np.unique(FEW_POINTS.astype(np.float32)).reshape(-1, 1)
    values = quiet(kernel, points[:, 0])
    assert values.dtype == np.float32
    assert (np.isnan(values) == _expected_nan(expr, args, points[:, 0])).all()
    stats = measure(kernel, expr, args, points.astype(np.float64), values=values, float32=True)
    assert stats.passed, (stats.failures, stats.worst_failure, stats.failure_detail)
    assert stats.ulps is not None
    assert stats.ulps <= 4


@pytest.mark.parametrize(("name", "derivative", "params"), SCALAR_CASES, ids=SCALAR_IDS)
def test_nan_in_nan_out_and_scalars(name: str, derivative: int | str, params: dict) -> None:
    kernel = kernel_of(name, derivative)
    expr, args = kernel_expression(symact.get(name), derivative)
    got = quiet(kernel, np.array([np.nan, 1.5, np.nan, -2.0]))
    assert np.isnan(got).tolist() == [True, False, True, False]
    for value in (np.nan, -np.inf, np.inf, 0.0, -0.0, 5e-324, BIG, -BIG):
        single = quiet(kernel, value)
        assert isinstance(single, np.float64)
        assert np.isnan(single) == _expected_nan(expr, args, [value])[0]
    for value in (np.nan, -np.inf, np.inf, 0.0, -0.0, 1e-45, BIG32, -BIG32):
        single32 = quiet(kernel, np.float32(value))
        assert isinstance(single32, np.float32)
        assert np.isnan(single32) == _expected_nan(expr, args, [value])[0]


#: (name, derivative, params) -> (limit at -inf, limit at +inf), worked out by hand
LIMITS: dict[tuple[str, int | str, tuple], tuple[float, float]] = {
    ("sigmoid", 0, ()): (0, 1),
    ("sigmoid", 1, ()): (0, 0),
    ("sigmoid", 2, ()): (0, 0),
    ("tanh", 0, ()): (-1, 1),
    ("tanh", 1, ()): (0, 0),
    ("tanh", 2, ()): (0, 0),
    ("logsigmoid", 0, ()): (-INF, 0),
    ("logsigmoid", 1, ()): (1, 0),
    ("logsigmoid", 2, ()): (0, 0),
    ("softplus", 0, ()): (0, INF),
    ("softplus", 1, ()): (0, 1),
    ("softplus", 2, ()): (0, 0),
    ("softplus", "beta", ()): (0, 0),
    ("softplus", 0, (("beta", 2),)): (0, INF),
    ("silu", 0, ()): (0, INF),
    ("silu", 1, ()): (0, 1),
    ("silu", 2, ()): (0, 0),
    ("relu", 0, ()): (0, INF),
    ("relu", 1, ()): (0, 1),
    ("relu", 2, ()): (0, 0),
    ("leaky_relu", 0, ()): (-INF, INF),
    ("leaky_relu", 1, ()): (0.01, 1),
    ("leaky_relu", 2, ()): (0, 0),
    ("leaky_relu", "negative_slope", ()): (-INF, 0),
    ("leaky_relu", 0, (("negative_slope", 0),)): (0, INF),
    ("leaky_relu", 1, (("negative_slope", 0),)): (0, 1),
    ("prelu", 0, ()): (-INF, INF),
    ("prelu", 1, ()): (0.25, 1),
    ("prelu", 2, ()): (0, 0),
    ("prelu", "weight", ()): (-INF, 0),
    ("prelu", 0, (("weight", 0),)): (0, INF),
    ("prelu", 0, (("weight", -0.5),)): (INF, INF),
    ("rrelu", 0, ()): (-INF, INF),
    ("rrelu", 1, ()): (11 / 48, 1),
    ("rrelu", 2, ()): (0, 0),
    ("rrelu", "lower", ()): (-INF, 0),
    ("rrelu", "upper", ()): (-INF, 0),
    ("relu6", 0, ()): (0, 6),
    ("relu6", 1, ()): (0, 0),
    ("relu6", 2, ()): (0, 0),
    ("elu", 0, ()): (-1, INF),
    ("elu", 1, ()): (0, 1),
    ("elu", 2, ()): (0, 0),
    ("elu", "alpha", ()): (-1, 0),
    ("elu", 0, (("alpha", 2),)): (-2, INF),
}


def _all_limits() -> dict[tuple[str, int | str, tuple], tuple[float, float]]:
    """This file's table and the family test files' tables (the newer activations)."""
    import importlib

    tables = dict(LIMITS)
    for family in ("smooth", "oscillating", "rectifiers", "hard"):
        try:
            module = importlib.import_module(f"tests.test_catalogue_{family}")
        except ModuleNotFoundError:
            continue
        for key, value in getattr(module, "LIMITS", {}).items():
            name, derivative, *params = key  # the family files write (name, derivative)
            tables[(name, derivative, tuple(params[0]) if params else ())] = value
    return tables


def test_limits_table_covers_the_catalogue() -> None:
    covered = {(n, d) for n, d, p in _all_limits() if not p}
    assert {(n, d) for n, d, _ in SCALAR_CASES} <= covered


# regressions: rrelu's d/dlower, d/dupper gave NaN at -inf (the guard wrote
# limit_value's NaN over a correct -inf), leaky_relu and prelu with a zero
# slope gave 0 * -inf = NaN
@pytest.mark.parametrize(("case", "expected"), list(LIMITS.items()), ids=str)
def test_limits_every_kernel(case: tuple, expected: tuple[float, float]) -> None:
    name, derivative, params = case
    kernel = kernel_of(name, derivative, params)
    got = quiet(kernel, np.array([-np.inf, np.inf]))
    assert got.tolist() == list(expected)
    got32 = quiet(kernel, np.array([-np.inf, np.inf], dtype=np.float32))
    assert got32.dtype == np.float32
    assert got32.tolist() == [to_float32(v) for v in expected]


# -- vector activations --------------------------------------------------------------

VECTOR_CASES = [
    ("softmax", {"n": 2}),
    ("softmax", {}),
    ("softmax", {"n": 4}),
    ("maxout", {}),
    ("maxout", {"k": 3}),
]


@pytest.mark.parametrize(("name", "params"), VECTOR_CASES, ids=str)
@pytest.mark.parametrize("derivative", [0, 1])
def test_vector_accuracy_against_reference(name: str, params: dict, derivative: int) -> None:
    record = symact.get(name)
    expr, args = kernel_expression(record, derivative, **params)
    kernel = record.numpy(derivative, **params)
    points = sample_points(200, size=len(args))
    values = quiet(kernel, points)
    entries = list(expr) if isinstance(expr, sympy.MatrixBase) else [expr]
    flat = values.reshape(len(points), -1)
    assert flat.shape[1] == len(entries)
    assert not np.isnan(flat).any()
    for j, entry in enumerate(entries):
        stats = measure(None, entry, args, points, values=flat[:, j])
        assert stats.passed, (j, entry, stats.worst_failure, stats.failure_detail)
    with np.errstate(over="ignore"):
        points32 = points.astype(np.float32)
    values32 = quiet(kernel, points32)
    assert values32.dtype == np.float32
    flat32 = values32.reshape(len(points), -1)
    for j, entry in enumerate(entries):
        stats = measure(
            None, entry, args, points32.astype(np.float64), values=flat32[:, j], float32=True
        )
        assert stats.passed, (j, entry, stats.worst_failure, stats.failure_detail)


def _softmax_mp(zs: list[Any]) -> tuple[list[Any], list[list[Any]]]:
    """Softmax and its Jacobian s_i (delta_ij - s_j), with 1 - s_i written as
    the sum of the other components (no cancellation)."""
    m = max(zs)
    e = [mp.exp(z - m) for z in zs]
    total = mp.fsum(e)
    s = [v / total for v in e]
    jac = [
        [
            s[i] * mp.fsum(s[k] for k in range(len(zs)) if k != i) if i == j else -s[i] * s[j]
            for j in range(len(zs))
        ]
        for i in range(len(zs))
    ]
    return s, jac


@pytest.mark.parametrize("n", [2, 3])
def test_softmax_against_independent_mpmath(n: int) -> None:
    rng = np.random.default_rng(7)
    moderate = WIDE[np.abs(WIDE) <= 1e4]
    rows = np.concatenate(
        [
            rng.choice(moderate, size=(300, n)),
            rng.choice(WIDE, size=(100, n)),
            rng.normal(0, 30, size=(100, n)),
        ]
    )
    values = quiet(kernel_of("softmax", 0, (("n", n),)), rows)
    jacobians = quiet(kernel_of("softmax", 1, (("n", n),)), rows)
    assert values.shape == (len(rows), n)
    assert jacobians.shape == (len(rows), n, n)
    failures = []
    with mp.workdps(DPS):
        for row, got, got_jac in zip(rows, values, jacobians, strict=True):
            s, jac = _softmax_mp([mp.mpf(float(v)) for v in row])
            for i in range(n):
                problem = judge(float(got[i]), s[i], False)
                for j in range(n):
                    problem = problem or judge(float(got_jac[i, j]), jac[i][j], False)
                if problem:
                    failures.append((row.tolist(), problem))
    assert not failures, f"{len(failures)} failures, first: {failures[:3]}"


def test_softmax_limits_and_nan() -> None:
    kernel = kernel_of("softmax", 0, (("n", 3),))
    jac = kernel_of("softmax", 1, (("n", 3),))
    z = np.array(
        [
            [np.inf, 0.0, 0.0],
            [-np.inf, 0.0, 0.0],
            [0.0, 1e308, -1e308],
            [BIG, BIG, BIG],
            [1000.0, -1000.0, 0.0],
        ]
    )
    got = quiet(kernel, z)
    expected = [[1, 0, 0], [0, 0.5, 0.5], [0, 1, 0], [1 / 3] * 3, [1, 0, 0]]
    np.testing.assert_allclose(got, expected, rtol=1e-15, atol=0)
    j = quiet(jac, z)
    np.testing.assert_allclose(j[0], np.zeros((3, 3)), atol=0)
    np.testing.assert_allclose(j[1], [[0, 0, 0], [0, 0.25, -0.25], [0, -0.25, 0.25]], atol=0)
    assert np.isnan(quiet(kernel, np.array([np.nan, 0.0, 1.0]))).all()
    assert np.isnan(quiet(jac, np.array([0.0, np.nan, 1.0]))).all()


def test_vector_shapes_and_dtypes() -> None:
    softmax = symact.get("softmax")
    s, sj = softmax.numpy(n=3), softmax.numpy(1, n=3)
    z = np.linspace(-3, 3, 30).reshape(2, 5, 3)
    assert quiet(s, z).shape == (2, 5, 3)
    assert quiet(sj, z).shape == (2, 5, 3, 3)
    assert quiet(s, z[0, 0]).shape == (3,)
    assert quiet(sj, z[0, 0]).shape == (3, 3)
    assert quiet(s, z.astype(np.float32)).dtype == np.float32
    assert quiet(sj, z.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(quiet(s, z).sum(axis=-1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(quiet(sj, z).sum(axis=-1), 0.0, atol=1e-16)
    maxout = symact.get("maxout")
    m, mg = maxout.numpy(k=2), maxout.numpy(1, k=2)
    w = np.arange(10.0).reshape(5, 2)[:, ::-1]  # non-contiguous
    assert quiet(m, w).shape == (5,)
    assert quiet(mg, w).shape == (5, 2)
    np.testing.assert_array_equal(quiet(m, w), w.max(axis=1))
    assert quiet(m, w.astype(np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="last axis"):
        s(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="last axis"):
        m(np.float64(1.0))


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        ([1.0, 1.0], [1, 0]),
        ([-0.0, 0.0], [1, 0]),
        ([0.0, -0.0], [1, 0]),
        ([np.inf, np.inf], [1, 0]),
        ([-5.0, 2.0], [0, 1]),
        ([2.0, -5.0], [1, 0]),
        ([3.0, 3.0, 3.0], [1, 0, 0]),
        ([0.0, 2.0, 2.0], [0, 1, 0]),
        ([2.0, 0.0, 2.0], [1, 0, 0]),
        ([-1.0, 5e-324, 5e-324], [0, 1, 0]),
        ([1.0, 1.0, np.nextafter(1.0, 2.0)], [0, 0, 1]),
    ],
)
def test_maxout_gradient_at_a_tie_goes_to_the_first(z: list[float], expected: list[int]) -> None:
    kernel = kernel_of("maxout", 1, (("k", len(z)),))
    got = quiet(kernel, np.array(z))
    np.testing.assert_array_equal(got, expected)
    if np.array_equal(np.array(z, dtype=np.float32), np.array(z)):
        got32 = quiet(kernel, np.array(z, dtype=np.float32))
        assert got32.dtype == np.float32
        np.testing.assert_array_equal(got32, expected)
    assert np.isnan(quiet(kernel, np.array([np.nan, *z[1:]]))).all()


# -- kinks: PyTorch's conventions; away from them, the honest derivative ----------


@pytest.mark.parametrize(
    ("name", "params", "derivative", "at", "expected"),
    [
        ("relu", {}, 1, 0.0, 0.0),
        ("relu", {}, 1, -0.0, 0.0),
        ("relu", {}, 1, 5e-324, 1.0),
        ("relu", {}, 1, -5e-324, 0.0),
        ("relu", {}, 2, 0.0, 0.0),
        ("leaky_relu", {}, 1, 0.0, 0.01),
        ("leaky_relu", {"negative_slope": 0.2}, 1, 0.0, 0.2),
        ("leaky_relu", {"negative_slope": 0.2}, 1, -0.0, 0.2),
        ("leaky_relu", {"negative_slope": 0.2}, 1, 5e-324, 1.0),
        ("leaky_relu", {"negative_slope": 1}, 1, 0.0, 1.0),
        ("prelu", {}, 1, 0.0, 0.25),
        ("prelu", {"weight": -0.5}, 1, 0.0, -0.5),
        ("rrelu", {}, 1, 0.0, 11 / 48),
        ("rrelu", {"slope": 0.2}, 1, 0.0, 0.2),
        ("elu", {}, 1, 0.0, 1.0),
        ("elu", {"alpha": 2}, 1, 0.0, 2.0),
        ("elu", {"alpha": 2}, 1, -0.0, 2.0),
        ("elu", {"alpha": 0.5}, 1, 0.0, 0.5),
        ("elu", {"alpha": 2}, 1, 5e-324, 1.0),
        ("elu", {"alpha": 2}, 2, 0.0, 2.0),  # branch by branch, as double backward
        ("elu", {"alpha": 2}, 2, 5e-324, 0.0),
        ("relu6", {}, 1, 0.0, 0.0),
        ("relu6", {}, 1, 6.0, 0.0),
        ("relu6", {}, 1, 5e-324, 1.0),
        ("relu6", {}, 1, float(np.nextafter(6.0, 0.0)), 1.0),
        ("relu6", {}, 1, float(np.nextafter(6.0, 7.0)), 0.0),
        ("relu6", {}, 2, 6.0, 0.0),
    ],
)
def test_kink_conventions(
    name: str, params: dict, derivative: int, at: float, expected: float
) -> None:
    kernel = kernel_of(name, derivative, tuple(params.items()))
    assert quiet(kernel, np.float64(at)) == expected
    assert quiet(kernel, np.array([at, at]))[1] == expected
    if float(np.float32(at)) == at:
        assert quiet(kernel, np.float32(at)) == np.float32(expected)


# 17 rational points in [-8, 8], none within 0.1 of a kink (0, 6)
RATIONALS = [sympy.Rational(-797 + 98 * k, 100) for k in range(17)]


@pytest.mark.parametrize(
    ("name", "params"),
    [(n, {}) for n in symact.names() if not symact.get(n).vector]
    + [
        ("elu", {"alpha": 2}),
        ("leaky_relu", {"negative_slope": 0.2}),
        ("softplus", {"beta": 3}),
        ("rrelu", {"slope": 0.2}),
    ],
    ids=str,
)
def test_kernel_expression_is_the_derivative_away_from_kinks(name: str, params: dict) -> None:
    record = symact.get(name)
    for order in (1, 2):
        kernel_expr, _ = kernel_expression(record, order, **params)
        honest = record.derivative(order, **params)
        difference = expand_definitions(kernel_expr - honest)
        for q in RATIONALS:
            at = difference.xreplace({x: q})
            assert sympy.simplify(at) == 0, (name, order, q, at)
    for parameter in record.parameters:
        if parameter.default is None and parameter.name not in params:
            continue
        kernel_expr, _ = kernel_expression(record, parameter.name, **params)
        honest = record.derivative(1, wrt=parameter.name, **params)
        for q in RATIONALS[::4]:
            at = expand_definitions(kernel_expr - honest).xreplace({x: q})
            assert sympy.simplify(at) == 0, (name, parameter.name, q)


def test_maxout_kernel_is_the_jacobian_away_from_ties() -> None:
    record = symact.get("maxout")
    kernel_expr, inputs = kernel_expression(record, 1, k=3)
    jacobian = record.jacobian(k=3)
    rng = np.random.default_rng(3)
    for _ in range(10):
        values = [sympy.Rational(int(v), 7) for v in rng.choice(100, size=3, replace=False)]
        at = dict(zip(inputs, values, strict=True))
        assert kernel_expr.xreplace(at) == jacobian.xreplace(at)


def test_relu_kernel_value_at_kink_differs_from_honest_derivative() -> None:
    """relu'(0) does not exist; the kernel's 0 is a convention, not a value
    of record.derivative (which leaves x = 0 undefined)."""
    honest = symact.get("relu").derivative(1)
    assert honest.xreplace({x: 0}) is sympy.nan or not honest.xreplace({x: 0}).is_number


# -- symact's reference --------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "point", "formula"),
    [
        (
            x * sigmoid(x) - softplus(x),
            -601.334977403197,
            lambda t: t * _sig(t) - mp.log1p(mp.exp(t)),
        ),
        (softplus(x) + sympy.exp(x), -700.0, lambda t: mp.log1p(mp.exp(t)) + mp.exp(t)),
        (x * sigmoid(x) - softplus(x), -300.0, lambda t: t * _sig(t) - mp.log1p(mp.exp(t))),
    ],
    ids=["softplus-beta-derivative", "softplus+exp", "softplus-beta-derivative-300"],
)
def test_reference_keeps_terms_below_its_working_precision(
    expr: sympy.Expr, point: float, formula: Callable[[Any], Any]
) -> None:
    # regression: the reference evaluated log(1 + exp(x)) at 40 and 60 digits
    # only; for x < -138, 1 + exp(x) rounded to 1 at both, both passes agreed,
    # and softplus was dropped from the sum (so `measure` failed the correct
    # softplus d/dbeta kernel at x = -601.33...)
    with mp.workdps(DPS):
        true = formula(mp.mpf(point))
        got = reference_value(expr, (x,), (point,))
        assert abs(got - true) <= 1e-14 * abs(true), (got, float(true))
    kernel = lambdify(expr, [x])
    assert judge(float(quiet(kernel, point)), true, False) is None


# -- user expressions: stable rewrites and the exact guard --------------------------


def _check_user(text_or_expr: str | sympy.Expr, formula: Callable[[Any], Any], points) -> Any:
    expr = parse(text_or_expr) if isinstance(text_or_expr, str) else text_or_expr
    kernel = lambdify(expr, "x")
    values = quiet(kernel, np.array(points, dtype=np.float64))
    with mp.workdps(DPS):
        for point, got in zip(points, values, strict=True):
            problem = judge(float(got), formula(mp.mpf(point)), False)
            assert problem is None, (text_or_expr, point, problem)
    return kernel


def test_user_softplus() -> None:
    kernel = _check_user(
        "log(1 + exp(x))",
        lambda t: mp.log1p(mp.exp(t)),
        [800.0, -800.0, 0.0, 1e-300, -745.0, -700.0, 40.0, 1e308, BIG, -BIG],
    )
    assert quiet(kernel, 800.0) == 800.0
    assert quiet(kernel, np.inf) == np.inf
    assert quiet(kernel, -np.inf) == 0.0


def test_user_sigmoid() -> None:
    kernel = _check_user(
        "1/(1 + exp(-x))", _sig, [-800.0, -700.0, -40.0, 0.0, 5e-324, 40.0, 800.0, -BIG, BIG]
    )
    assert quiet(kernel, -800.0) < 1e-300
    assert quiet(kernel, np.array([-np.inf, np.inf])).tolist() == [0.0, 1.0]


def test_user_expm1() -> None:
    kernel = _check_user(
        "exp(x) - 1",
        mp.expm1,
        [1e-20, -1e-20, 1e-300, -1e-300, 5e-324, 1e-8, -40.0, 3.0, 700.0],
    )
    assert quiet(kernel, 1e-20) == 1e-20
    assert quiet(kernel, -np.inf) == -1.0
    assert quiet(kernel, 800.0) == np.inf  # true value overflows


def test_user_gelu_with_erf() -> None:
    _check_user(
        "x/2*(1+erf(x/sqrt(2)))",
        lambda t: t * mp.ncdf(t),
        [-30.0, -37.5, -10.0, -5.0, -1e-300, 0.0, 1e-300, 0.5, 3.0, 30.0, 1e300],
    )


def test_user_tanh_written_with_exps() -> None:
    kernel = _check_user(
        "(exp(x)-exp(-x))/(exp(x)+exp(-x))",
        mp.tanh,
        [1000.0, -1000.0, 1e-300, -1e-300, 5e-324, 0.5, 20.0, BIG, -BIG],
    )
    assert quiet(kernel, 1000.0) == 1.0
    assert quiet(kernel, 1e-300) == 1e-300


def test_user_sigmoid_complement_and_log() -> None:
    _check_user(sigmoid(x) * (1 - sigmoid(x)), lambda t: _sig(t) * _sig(-t), [40.0, -800.0, 1e4])
    _check_user("log(1 - sigmoid(x))", lambda t: -mp.log1p(mp.exp(t)), [50.0, -50.0, 800.0])
    _check_user("1 - tanh(x)**2", lambda t: mp.sech(t) ** 2, [100.0, -30.0, 1e-300])


def test_guard_recomputes_overflow_of_finite_inputs() -> None:
    kernel = _check_user(
        "sqrt(x**2 + 1)",
        lambda t: mp.sqrt(t**2 + 1),
        [1e200, -1e200, 1e300, BIG, 1e154, 3.0, 0.0],
    )
    assert quiet(kernel, 1e200) == 1e200
    assert quiet(kernel, np.inf) == np.inf


def test_guard_recomputes_inf_times_zero() -> None:
    expr = sympy.exp(x) / sympy.exp(x - 1)
    assert expr.free_symbols, "SymPy simplified the test expression away"
    kernel = _check_user(expr, lambda t: mp.e, [1000.0, -1000.0, 710.0, 0.5])
    assert quiet(kernel, 1000.0) == math.e


def test_guard_recomputes_cancelling_sums() -> None:
    expr = x**2 - (x - 1) * (x + 1)
    assert expr.free_symbols, "SymPy simplified the test expression away"
    kernel = _check_user(expr, lambda t: mp.mpf(1), [1e10, 1e200, -1e200, 3.0, 1e-300])
    assert quiet(kernel, 1e10) == 1.0


@pytest.mark.parametrize("zero", SILU2_ZEROS)
def test_silu_second_derivative_near_its_zeros(zero: float) -> None:
    points = neighbours(zero, 8) + [zero + d for d in (1e-12, -1e-12, 1e-9, -1e-9, 1e-7, -1e-7)]
    values = quiet(kernel_of("silu", 2), np.array(points))
    with mp.workdps(DPS):
        for point, got in zip(points, values, strict=True):
            true = _silu2(mp.mpf(point))
            assert true != 0
            # relative, even this close to the zero
            assert abs(mp.mpf(float(got)) - true) <= REL * abs(true), (point, got, float(true))


def test_user_sum_near_its_zero() -> None:
    root = SILU2_ZEROS[1]
    points = neighbours(root, 5)
    kernel = lambdify(parse("x*tanh(x/2) - 2"), "x")
    values = quiet(kernel, np.array(points))
    with mp.workdps(DPS):
        for point, got in zip(points, values, strict=True):
            true = mp.mpf(point) * mp.tanh(mp.mpf(point) / 2) - 2
            assert abs(mp.mpf(float(got)) - true) <= REL * abs(true), (point, got, float(true))


def test_piecewise_branches_do_not_warn() -> None:
    # regression: the sum 1 + x makes the kernel unsafe, and at x = +inf the
    # guard replaced the correct float inf by limit_value's NaN (SymPy cannot
    # take limits of a Piecewise, see test_limits_through_kinks)
    expr = sympy.Piecewise((sympy.exp(x), x < 0), (1 + x, True))
    kernel = lambdify(expr, [x])
    got = quiet(kernel, np.array([800.0, -800.0, np.nan, np.inf, -np.inf, 0.0]))
    np.testing.assert_array_equal(got[[0, 1, 3, 4, 5]], [801.0, 0.0, np.inf, 0.0, 1.0])
    assert np.isnan(got[2])


# BUG (symact/numeric/reference.py, limit_value): the limit is taken of the
# expanded definition, where relu, Max, Abs are Piecewise, with
# symact.calculus.limits.limit, which calls sympy.limit; SymPy raises
# TypeError("Invalid comparison of non-real zoo") for any Piecewise at +-oo
# (Piecewise._eval_as_leading_term substitutes x = 0 into a condition),
# limit_value catches it and returns NaN, and Kernel._repair writes that NaN
# where the float evaluation gave 0 * inf. The kernels give NaN at +-inf
# where the limits are 0. Fails until limit_value handles Piecewise (e.g. by
# taking the limit of the branch that holds for large |x|).
@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (relu(x) * sympy.exp(-x), (0.0, 0.0)),
        (sympy.Max(x, 0) * sympy.exp(-x), (0.0, 0.0)),
        (x * sympy.exp(-sympy.Abs(x)), (0.0, 0.0)),
        (sympy.Piecewise((x * sympy.exp(-x), x > 0), (0, True)), (0.0, 0.0)),
        (sympy.Piecewise((x - sympy.sqrt(x**2 + 1), x > 0), (0, True)), (0.0, 0.0)),
        (sigmoid(x) * sympy.Piecewise((x, x > 0), (0, True)), (0.0, INF)),
    ],
    ids=str,
)
def test_limits_through_kinks(expr: sympy.Expr, expected: tuple[float, float]) -> None:
    kernel = lambdify(expr, [x])
    got = quiet(kernel, np.array([-np.inf, np.inf, 1e308, -1e308]))
    assert np.isfinite(got[2:]).all()
    assert got[:2].tolist() == list(expected)


def test_constant_expression() -> None:
    kernel = lambdify(sympy.Integer(3), [x])
    got = quiet(kernel, np.array([1.0, np.nan, np.inf]))
    assert got[0] == 3.0
    assert np.isnan(got[1])
    assert got[2] == 3.0


# -- dtype, shape, broadcasting ------------------------------------------------------


def test_scalar_in_scalar_out() -> None:
    kernel = lambdify(sigmoid(x), [x])
    for value, dtype in [
        (0.5, np.float64),
        (np.float64(0.5), np.float64),
        (np.float32(0.5), np.float32),
        (2, np.float64),
        (np.array(0.5), np.float64),
    ]:
        out = quiet(kernel, value)
        assert type(out) is dtype, (value, type(out))
        assert np.ndim(out) == 0


def test_broadcasting_two_arguments() -> None:
    a = sympy.Symbol("a", positive=True)
    kernel = lambdify(elu(x, a), [x, a])
    xs = np.array([-2.0, -0.5, 0.0, 3.0])
    alphas = np.array([[0.5], [1.0], [2.0]])
    got = quiet(kernel, xs, alphas)
    assert got.shape == (3, 4)
    with mp.workdps(DPS):
        for i, alpha in enumerate(alphas[:, 0]):
            for j, t in enumerate(xs):
                true = t if t > 0 else alpha * mp.expm1(mp.mpf(t))
                assert judge(float(got[i, j]), mp.mpf(true), t == 0) is None
    assert quiet(kernel, xs, 2.0).shape == (4,)
    assert np.isnan(quiet(kernel, -1.0, np.nan))
    assert quiet(kernel, -np.inf, 2.0) == -2.0
    with pytest.raises(ValueError, match="broadcast"):
        kernel(np.zeros(3), np.zeros(4))


def test_int_and_bool_arrays_give_float64() -> None:
    kernel = lambdify(sigmoid(x), [x])
    got = quiet(kernel, np.array([-3, 0, 5]))
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, quiet(kernel, np.array([-3.0, 0.0, 5.0])))
    assert quiet(kernel, np.array([2**62], dtype=np.int64)).dtype == np.float64
    assert quiet(kernel, np.array([True, False])).dtype == np.float64


def test_float32_in_float32_out() -> None:
    for name in symact.names():
        if symact.get(name).vector:
            continue
        got = quiet(kernel_of(name), np.array([-1.0, 2.0], dtype=np.float32))
        assert got.dtype == np.float32, name


def test_inputs_are_not_modified_and_empty_arrays_work() -> None:
    kernel = kernel_of("silu", 2)
    z = np.array([np.nan, 1e308, SILU2_ZEROS[0], -1.0])
    copy = z.copy()
    quiet(kernel, z)
    np.testing.assert_array_equal(z, copy)
    empty = quiet(kernel, np.zeros((0, 3)))
    assert empty.shape == (0, 3)
    assert quiet(kernel, np.zeros((2, 0, 3))).shape == (2, 0, 3)


# -- errors --------------------------------------------------------------------------


def test_missing_free_symbol() -> None:
    y = sympy.Symbol("y", real=True)
    with pytest.raises(CompileError, match="y"):
        lambdify(x + y, [x])
    assert issubclass(CompileError, ParameterError)


def test_unknown_function() -> None:
    with pytest.raises(CompileError):
        lambdify(sympy.gamma(x), [x])
    with pytest.raises(CompileError):
        lambdify(sympy.Function("f")(x), [x])


def test_bad_arguments_to_a_kernel() -> None:
    kernel = lambdify(sigmoid(x), [x])
    with pytest.raises(TypeError):
        kernel(np.array([1j]))
    with pytest.raises(TypeError):
        kernel(np.array([1.0 + 0j]))
    with pytest.raises(TypeError):
        kernel(np.array(["1.0"]))
    with pytest.raises(TypeError):
        kernel(1.0, 2.0)
    with pytest.raises(TypeError):
        kernel()


@pytest.mark.parametrize("derivative", [-1, "nonexistent", 1.5, True, None])
@pytest.mark.parametrize("name", ["relu", "elu", "softplus"])
def test_bad_derivative(name: str, derivative: Any) -> None:
    with pytest.raises(ParameterError):
        symact.get(name).numpy(derivative)


def test_bad_vector_derivatives() -> None:
    with pytest.raises(ParameterError):
        symact.get("softmax").numpy(2)
    with pytest.raises(ParameterError):
        symact.get("softmax").numpy("n")
    with pytest.raises(ParameterError):
        symact.get("maxout").numpy(-1)


# -- property tests over all floats --------------------------------------------------

HYPOTHESIS_CASES = [
    "sigmoid'",
    "softplus",
    "tanh''",
    "silu''",
    "elu(alpha=2)'",
    "logsigmoid",
    "softplus d/dbeta",
    "relu6'",
]


@pytest.mark.parametrize("case", HYPOTHESIS_CASES)
@HYPOTHESIS
@given(value=st.floats(allow_nan=True, allow_infinity=True))
@example(value=0.0)
@example(value=-0.0)
@example(value=float("inf"))
@example(value=float("-inf"))
@example(value=float("nan"))
@example(value=5e-324)
@example(value=-5e-324)
@example(value=1.7976931348623157e308)
@example(value=-1.7976931348623157e308)
@example(value=6.0)
def test_any_float64(case: str, value: float) -> None:
    name, derivative, params, formula, zeros, (low, high) = INDEPENDENT[case]
    kernel = kernel_of(name, derivative, tuple(params.items()))
    got = quiet(kernel, np.float64(value))
    assert isinstance(got, np.float64)
    assert math.isnan(got) == math.isnan(value)
    if math.isnan(value):
        return
    if math.isinf(value):
        assert got == (high if value > 0 else low)
        return
    near = any(abs(value - z) <= ZERO_DISTANCE for z in zeros)
    with mp.workdps(DPS):
        assert judge(float(got), formula(mp.mpf(value)), near) is None


@pytest.mark.parametrize(("name", "derivative"), [("silu", 1), ("tanh", 1), ("elu", 2)])
@HYPOTHESIS
@given(value=st.floats(allow_nan=True, allow_infinity=True))
@example(value=0.0)
@example(value=-0.0)
@example(value=float("inf"))
@example(value=float("-inf"))
@example(value=float("nan"))
@example(value=5e-324)
@example(value=1.7976931348623157e308)
def test_any_float64_with_measure(name: str, derivative: int, value: float) -> None:
    record = symact.get(name)
    kernel = kernel_of(name, derivative)
    expr, args = kernel_expression(record, derivative)
    got = quiet(kernel, np.float64(value))
    assert math.isnan(got) == math.isnan(value)
    stats = measure(kernel, expr, args, np.array([[value]]), values=np.array([got]))
    assert stats.passed, stats.failure_detail


@pytest.mark.parametrize("case", ["sigmoid''", "softplus", "silu'", "elu(alpha=2)'"])
@HYPOTHESIS
@given(value=st.floats(width=32, allow_nan=True, allow_infinity=True))
@example(value=0.0)
@example(value=float("inf"))
@example(value=float("-inf"))
@example(value=float("nan"))
@example(value=1e-45)
@example(value=BIG32)
@example(value=-BIG32)
def test_any_float32(case: str, value: float) -> None:
    name, derivative, params, formula, _, (low, high) = INDEPENDENT[case]
    kernel = kernel_of(name, derivative, tuple(params.items()))
    got = quiet(kernel, np.float32(value))
    assert isinstance(got, np.float32)
    assert math.isnan(got) == math.isnan(value)
    if math.isnan(value):
        return
    if math.isinf(value):
        assert got == np.float32(high if value > 0 else low)
        return
    with mp.workdps(DPS):
        true = to_float32(formula(mp.mpf(value)))
    assert ulps32(float(got), true) <= 4, (value, got, true)
