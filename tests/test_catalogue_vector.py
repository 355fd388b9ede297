"""The vector activations added in issue 8: log_softmax, softmin, sparsemax,
glu and logsumexp.

Each is checked against references written here from the papers and the
frameworks' formulas (mpmath, and exact fractions for the piecewise-linear
sparsemax), not from symact's code: definitions, Jacobians (sparsemax's
exactly, including where its support changes), the NumPy kernels over the
float64 range and at ±inf/NaN, PyTorch's forward and autograd, the command
line, LaTeX and plots.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import warnings
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath as mp
import numpy as np
import pytest
import sympy
from sympy import Rational, S

import symact
from symact import parse
from symact.calculus.pieces import expand_definitions
from symact.describe import describe
from symact.errors import AnalysisError, ParameterError, ParseError
from symact.functions import (
    glu,
    log_softmax,
    logsumexp,
    sigmoid,
    softmax,
    softmin,
    sparsemax,
)
from symact.numeric.accuracy import measure, sample_points
from symact.numeric.activations import kernel_expression
from symact.numeric.numcheck import numcheck
from symact.printing import latex
from symact.sheet.plots import plot_activation

try:
    import torch
except ImportError:  # pragma: no cover - exercised on machines without torch
    torch = None

needs_torch = pytest.mark.skipif(
    torch is None and not os.environ.get("SYMACT_REQUIRE_TORCH"),
    reason="PyTorch is not installed (pip install 'symact[torch]')",
)

NAMES = ["log_softmax", "softmin", "sparsemax", "glu", "logsumexp"]
DPS = 50
Z = sympy.symbols("z1:7", real=True)


def quiet(kernel: Callable[..., Any], *args: Any) -> Any:
    """``kernel(*args)``, failing on any NumPy warning or escaping FP error."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="raise"):
            out = kernel(*args)
    assert not caught, [str(w.message) for w in caught]
    return out


# -- independent references -----------------------------------------------------------


def ref_log_softmax(z: Sequence[Any], i: int) -> Any:
    """log(exp(z_i) / sum_j exp(z_j)) = -log(1 + sum_{j != i} exp(z_j - z_i)),
    with log1p: the component of the largest input is about -exp(-gap)."""
    others = [v for j, v in enumerate(z, start=1) if j != i]
    return -mp.log1p(mp.fsum(mp.exp(v - z[i - 1]) for v in others))


def ref_softmin(z: Sequence[Any], i: int) -> Any:
    """softmax(-z)_i (PyTorch's definition of softmin)."""
    return mp.exp(-z[i - 1]) / mp.fsum(mp.exp(-v) for v in z)


def ref_logsumexp(z: Sequence[Any]) -> Any:
    """log(sum_j exp(z_j)) = m + log(1 + sum_{j != k} exp(z_j - m)), m = z_k = max z."""
    k = max(range(len(z)), key=lambda j: z[j])
    return z[k] + mp.log1p(mp.fsum(mp.exp(v - z[k]) for j, v in enumerate(z) if j != k))


def ref_glu(z: Sequence[Any], i: int) -> Any:
    """a_i * sigmoid(b_i) with (a, b) the halves of z (torch.nn.functional.glu)."""
    half = len(z) // 2
    return z[i - 1] / (1 + mp.exp(-z[half + i - 1]))


def ref_sparsemax(z: Sequence[Fraction]) -> list[Fraction]:
    """Martins and Astudillo (2016), eq. (2)-(4): sort z decreasingly, the
    support size is k(z) = max{k : 1 + k z_(k) > sum_{j<=k} z_(j)}, and
    tau = (sum_{j<=k(z)} z_(j) - 1)/k(z); p_i = max(z_i - tau, 0)."""
    ordered = sorted(z, reverse=True)
    k = max(k for k in range(1, len(z) + 1) if 1 + k * ordered[k - 1] > sum(ordered[:k]))
    tau = (sum(ordered[:k]) - 1) / Fraction(k)
    return [max(v - tau, Fraction(0)) for v in z]


def is_simplex_projection(z: Sequence[Fraction], p: Sequence[Fraction]) -> bool:
    """The optimality (KKT) conditions of argmin ||p - z|| on the simplex:
    p >= 0, sum p = 1, and a tau with p_i = z_i - tau where p_i > 0 and
    z_i <= tau where p_i = 0."""
    if any(v < 0 for v in p) or sum(p) != 1:
        return False
    taus = {zi - pi for zi, pi in zip(z, p, strict=True) if pi > 0}
    if len(taus) != 1:
        return False
    (tau,) = taus
    return all(zi <= tau for zi, pi in zip(z, p, strict=True) if pi == 0)


def exact(expr: sympy.Basic, point: dict[sympy.Symbol, Fraction]) -> Any:
    """``expr`` at a rational point, exactly (``nan`` where undefined)."""
    values = {s: Rational(v.numerator, v.denominator) for s, v in point.items()}
    return expr.xreplace(values)


def mp_value(expr: sympy.Basic, point: dict[sympy.Symbol, Any]) -> Any:
    return mp.mpf(str(sympy.N(expr.rewrite("definition").subs(point), DPS)))


def rational_points(n: int, count: int, seed: int) -> list[list[Fraction]]:
    rng = np.random.default_rng(seed)
    return [[Fraction(int(v), 7) for v in rng.integers(-40, 40, size=n)] for _ in range(count)]


# -- the functions: definitions, derivatives, printing ---------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_smooth_definitions_and_jacobians_against_references(n: int) -> None:
    zs = Z[:n]
    points = rational_points(n, 4, seed=n)
    cases: list[tuple[sympy.Expr, Callable[[list[Any]], Any]]] = []
    for i in range(1, n + 1):
        cases.append((log_softmax(*zs, index=i), lambda v, i=i: ref_log_softmax(v, i)))
        cases.append((softmin(*zs, index=i), lambda v, i=i: ref_softmin(v, i)))
    cases.append((logsumexp(*zs), ref_logsumexp))
    if n % 2 == 0:
        for i in range(1, n // 2 + 1):
            cases.append((glu(*zs, index=i), lambda v, i=i: ref_glu(v, i)))
    with mp.workdps(DPS):
        for point in points:
            at = dict(zip(zs, (Rational(p.numerator, p.denominator) for p in point), strict=True))
            values = [mp.mpf(p.numerator) / p.denominator for p in point]
            for expr, ref in cases:
                assert abs(mp_value(expr, at) - ref(values)) < mp.mpf(10) ** -40, (expr, point)
                for j, zj in enumerate(zs):

                    def along(
                        t: Any, j: int = j, ref: Any = ref, values: list[Any] = values
                    ) -> Any:
                        moved = list(values)
                        moved[j] = t
                        return ref(moved)

                    numeric = mp.diff(along, values[j])
                    assert abs(mp_value(expr.diff(zj), at) - numeric) < mp.mpf(10) ** -30, (
                        expr,
                        zj,
                    )


def test_declared_jacobians_equal_the_derivatives_of_the_definitions() -> None:
    zs = Z[:4]
    for expr in (
        log_softmax(*zs[:3], index=2),
        softmin(*zs[:3], index=1),
        softmin(*zs[:3], index=3),
        logsumexp(*zs[:3]),
        glu(*zs, index=2),
    ):
        definition = expand_definitions(expr)
        for z in zs:
            declared = expand_definitions(expr.diff(z))
            assert sympy.simplify(declared - definition.diff(z)) == 0, (expr, z)


def test_sparsemax_definition_is_the_projection_onto_the_simplex() -> None:
    grid = [Fraction(k, 2) for k in range(-3, 4)]
    for n in (1, 2, 3):
        zs = Z[:n]
        components = [sparsemax(*zs, index=i).definition() for i in range(1, n + 1)]
        for point in itertools.product(grid, repeat=n):
            expected = ref_sparsemax(point)
            assert is_simplex_projection(point, expected)
            assert sparsemax.projection(list(point)) == expected
            at = dict(zip(zs, point, strict=True))
            got = [exact(c, at) for c in components]
            assert got == [Rational(v.numerator, v.denominator) for v in expected], point
    for point in rational_points(4, 30, seed=4) + rational_points(5, 10, seed=5):
        expected = ref_sparsemax(point)
        assert is_simplex_projection(point, expected)
        assert sparsemax.projection(point) == expected
        zs = Z[: len(point)]
        at = dict(zip(zs, point, strict=True))
        for i, v in enumerate(expected, start=1):
            assert exact(sparsemax(*zs, index=i).definition(), at) == Rational(
                v.numerator, v.denominator
            )


def _one_sided(point: Sequence[Fraction], i: int, k: int) -> tuple[Fraction, Fraction]:
    """The left and right derivatives of p_i in z_k: sparsemax is piecewise
    linear, and no other breakpoint lies within h of these grid points."""
    h = Fraction(1, 1000)
    base = ref_sparsemax(point)[i]
    moved = [list(point), list(point)]
    moved[0][k] -= h
    moved[1][k] += h
    left = (base - ref_sparsemax(moved[0])[i]) / h
    right = (ref_sparsemax(moved[1])[i] - base) / h
    return left, right


@pytest.mark.parametrize("n", [2, 3])
def test_sparsemax_partial_derivatives_are_exact_also_where_the_support_changes(n: int) -> None:
    """Each declared partial derivative equals the one-sided ones where they
    agree and is undefined exactly where they differ; the kernel's
    convention is Martins and Astudillo's diag(s) - s s^T/|S| with
    S = {p > 0}."""
    zs = Z[:n]
    jacobian = symact.get("sparsemax").jacobian(zs)
    convention = sparsemax.jacobian_convention(zs)
    grid = [Fraction(k, 2) for k in range(-3, 4)]
    undefined = 0
    for point in itertools.product(grid, repeat=n):
        at = dict(zip(zs, point, strict=True))
        p = ref_sparsemax(point)
        support = [v > 0 for v in p]
        size = sum(support)
        for i, k in itertools.product(range(n), repeat=2):
            left, right = _one_sided(point, i, k)
            got = exact(jacobian[i, k], at)
            if left == right:
                assert got == Rational(left.numerator, left.denominator), (point, i, k)
            else:
                assert got is S.NaN, (point, i, k, left, right, got)
                undefined += 1
            ma = Fraction(int(support[i]) * (int(i == k) - Fraction(int(support[k]), size)))
            assert exact(convention[i, k], at) == Rational(ma.numerator, ma.denominator)
            assert ma in (left, right)  # one of the one-sided Jacobians
    assert undefined > 0


def test_sparsemax_kinks_are_where_the_support_can_change() -> None:
    z1, z2, z3 = Z[:3]
    kinks = sparsemax.kink_locations(z1, z2, z3)
    assert len(kinks) == 9
    assert sympy.Eq(z1 - z2, -1) in kinks
    assert sympy.Eq(-z1 - z2 + 2 * z3, -1) in kinks
    assert describe("sparsemax", properties=False).kinks[0].location == kinks[0]
    for name in ("log_softmax", "softmin", "glu", "logsumexp"):
        assert describe(name, properties=False).kinks == ()


def test_sparsemax_exact_form_is_limited_to_small_n() -> None:
    with pytest.raises(ParameterError, match="n <= 5"):
        sparsemax(*Z[:6], index=1).definition()
    kernel = symact.get("sparsemax").numpy(n=6)  # the value kernel needs no enumeration
    got = kernel(np.array([3.0, 2.5, 0.0, -1.0, 2.9, 7.0]))
    assert got.tolist() == [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]


def test_component_validation_and_rebuild() -> None:
    z1, z2, z3, z4 = Z[:4]
    with pytest.raises(ParameterError, match="even number"):
        glu(z1, z2, z3, index=1)
    with pytest.raises(ParameterError, match=r"outside 1\.\.2"):
        glu(z1, z2, z3, z4, index=3)
    with pytest.raises(ParameterError, match="index=i"):
        log_softmax(z1)
    with pytest.raises(ParameterError, match="integer"):
        sparsemax(z1, z2, index=1.5)
    with pytest.raises(ParameterError, match="at least 1"):
        logsumexp()
    for expr in (
        glu(z1, z2),
        glu(z1, z2, z3, z4, index=2),
        log_softmax(z1, z2, index=2),
        softmin(z1, z2, z3, index=3),
        sparsemax(z1, z2, index=1),
        logsumexp(z1, z2, z3),
    ):
        assert expr.func(*expr.args) == expr  # SymPy's rebuild round-trips
    assert glu(z1, z2) == glu(z1, z2, index=1)
    assert sparsemax(z1, z2, index=2).subs(z1, 0) == sparsemax(0, z2, index=2)
    assert logsumexp(z1, z2).subs(z2, 1) == logsumexp(z1, 1)


def test_assumptions() -> None:
    z1, z2 = Z[:2]
    assert log_softmax(z1, z2, index=1).is_negative
    assert log_softmax(z1, index=1).is_negative is False
    assert log_softmax(z1, index=1).is_nonpositive
    assert softmin(z1, z2, index=2).is_positive
    assert sparsemax(z1, z2, index=1).is_nonnegative
    assert sparsemax(z1, z2, index=1).is_positive is None  # it is often 0
    assert logsumexp(z1, z2).is_real
    assert glu(z1, z2).is_real
    w = sympy.Symbol("w")  # no assumptions: nothing may be claimed
    assert log_softmax(w, z2, index=1).is_negative is None
    assert sparsemax(w, z2, index=1).is_nonnegative is None


@pytest.mark.parametrize(
    ("expr", "text", "tex", "pretty"),
    [
        (
            log_softmax(*Z[:2], index=2),
            "log_softmax(z1, z2, index=2)",
            r"\log\operatorname{softmax}\left(z_{1}, z_{2}\right)_{2}",
            "log_softmax₂(z₁, z₂)",
        ),
        (
            softmin(*Z[:2], index=1),
            "softmin(z1, z2, index=1)",
            r"\operatorname{softmin}\left(z_{1}, z_{2}\right)_{1}",
            "softmin₁(z₁, z₂)",
        ),
        (
            sparsemax(*Z[:3], index=3),
            "sparsemax(z1, z2, z3, index=3)",
            r"\operatorname{sparsemax}\left(z_{1}, z_{2}, z_{3}\right)_{3}",
            "sparsemax₃(z₁, z₂, z₃)",
        ),
        (
            glu(*Z[:2]),
            "glu(z1, z2, index=1)",
            r"\operatorname{GLU}\left(z_{1}, z_{2}\right)_{1}",
            "glu₁(z₁, z₂)",
        ),
        (
            logsumexp(*Z[:2]),
            "logsumexp(z1, z2)",
            r"\operatorname{logsumexp}\left(z_{1}, z_{2}\right)",
            "logsumexp(z₁, z₂)",
        ),
    ],
)
def test_printing(expr: sympy.Expr, text: str, tex: str, pretty: str) -> None:
    assert str(expr) == text
    assert sympy.latex(expr) == tex
    assert sympy.pretty(expr, use_unicode=True) == pretty
    assert parse(text) == expr  # str() is the statement syntax


def test_softmax_printing_is_unchanged() -> None:
    s = softmax(*Z[:3], index=1)
    assert sympy.pretty(s, use_unicode=True) == "softmax₁(z₁, z₂, z₃)"
    assert sympy.pretty(s, use_unicode=False) == "softmax_1(z1, z2, z3)"
    assert sympy.latex(s**2) == r"\operatorname{softmax}\left(z_{1}, z_{2}, z_{3}\right)_{1}^{2}"


# -- parser -------------------------------------------------------------------------------


def test_parser_builds_vector_activations() -> None:
    a, b = sympy.symbols("a b", real=True)
    assert parse("glu(a, b)") == glu(a, b, index=1)
    assert parse("logsumexp(a, b, 0)") == logsumexp(a, b, 0)
    assert parse("sparsemax(a, b, index=2)") == sparsemax(a, b, index=2)
    assert parse("lse(a, b)") == logsumexp(a, b)  # the alias


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("glu(a, b, c)", "even number of inputs"),
        ("glu(a, b, c, d)", "glu needs index=i"),
        ("glu(a, b, c, d, index=3)", r"outside 1\.\.2"),
        ("log_softmax(a, b)", "log_softmax needs index=i"),
        ("softmin(a, b, dim=1)", r"softmin\(\) has no parameter 'dim'"),
        ("sparsemax(a, b, index=x)", "sparsemax index must be an integer"),
        ("logsumexp(a, b, index=1)", r"logsumexp\(\) takes no keyword arguments"),
        ("logsumexp()", "at least 1"),
    ],
)
def test_parser_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(text)


# -- catalogue records ---------------------------------------------------------------------


def test_records_and_framework_notes() -> None:
    for name in NAMES:
        record = symact.get(name)
        assert record.vector
        assert record.family == "vector"
        assert record.references
    assert symact.get("gated_linear_unit").name == "glu"
    assert symact.get("LogSoftmax").name == "log_softmax"
    assert symact.get("lse").name == "logsumexp"
    assert dict(symact.get("glu").defaults) == {"n": 4}
    with pytest.raises(ParameterError, match="integer >= 2"):
        symact.get("glu").bind({"n": 0})
    # what PyTorch / JAX / Keras call them, and what differs
    assert symact.get("softmin").framework("jax") is None
    assert symact.get("softmin").framework("keras") is None
    assert symact.get("sparsemax").framework("pytorch") is None
    assert symact.get("sparsemax").framework("jax") is None
    keras = symact.get("sparsemax").framework("keras")
    assert keras is not None
    assert "23425" in keras.note
    assert "[0, 0, 0.25]" in keras.note
    jax_lse = symact.get("logsumexp").framework("jax")
    assert jax_lse is not None
    assert "axis=None" in jax_lse.note
    torch_lse = symact.get("logsumexp").framework("pytorch")
    assert torch_lse is not None
    assert torch_lse.api == "torch.logsumexp"
    assert "dim=-1" in symact.get("glu").framework("pytorch").note  # type: ignore[union-attr]
    assert "deprecated" in symact.get("log_softmax").framework("pytorch").note  # type: ignore[union-attr]


def test_jacobian_shapes_and_forms() -> None:
    glu_record = symact.get("glu")
    jacobian = glu_record.jacobian()
    z1, _z2, z3, _z4 = glu_record.inputs()
    assert jacobian.shape == (2, 4)
    assert jacobian[0, :] == sympy.Matrix(
        [[sigmoid(z3), 0, z1 * (1 - sigmoid(z3)) * sigmoid(z3), 0]]
    )
    lse = symact.get("logsumexp").jacobian()
    assert lse == sympy.Matrix([[softmax(*Z[:2], index=1), softmax(*Z[:2], index=2)]])
    log_jac = symact.get("log_softmax").jacobian(n=2)
    assert log_jac[0, 0] == 1 - softmax(*Z[:2], index=1)
    assert log_jac[0, 1] == -softmax(*Z[:2], index=2)
    with pytest.raises(ParameterError, match="Jacobian"):
        symact.get("sparsemax").derivative(2)


def test_formulas_render_from_the_definitions() -> None:
    assert symact.get("log_softmax").formula == (
        r"\log\operatorname{softmax}\left(z_{1}, z_{2}, z_{3}\right)_{1} = "
        r"z_{1} - \log{\left(e^{z_{1}} + e^{z_{2}} + e^{z_{3}} \right)}"
    )
    assert symact.get("logsumexp").formula == (
        r"\operatorname{logsumexp}\left(z_{1}, z_{2}\right) = "
        r"\log{\left(e^{z_{1}} + e^{z_{2}} \right)}"
    )
    assert symact.get("glu").formula.endswith(r"= z_{1} \sigma\left(z_{3}\right)")
    sparse = symact.get("sparsemax").formula
    assert sparse.startswith(r"\operatorname{sparsemax}\left(z_{1}, z_{2}, z_{3}\right)_{1} = ")
    assert r"\begin{cases}" in sparse
    assert r"\operatorname{softmin}" in latex(symact.get("softmin").jacobian())


def test_vector_activations_have_no_scalar_analysis() -> None:
    for name in NAMES:
        assert describe(name).properties is None
        with pytest.raises(AnalysisError, match="vector activation"):
            symact.analyze(symact.get(name))


# -- numeric kernels ---------------------------------------------------------------------------

VECTOR_CASES = [
    ("log_softmax", {"n": 2}),
    ("log_softmax", {}),
    ("softmin", {}),
    ("softmin", {"n": 4}),
    ("sparsemax", {"n": 2}),
    ("sparsemax", {}),
    ("glu", {"n": 2}),
    ("glu", {}),
    ("logsumexp", {}),
    ("logsumexp", {"n": 3}),
]


@pytest.mark.parametrize(("name", "params"), VECTOR_CASES, ids=str)
@pytest.mark.parametrize("derivative", [0, 1])
def test_vector_accuracy_against_reference(name: str, params: dict, derivative: int) -> None:
    record = symact.get(name)
    expr, args = kernel_expression(record, derivative, **params)
    kernel = record.numpy(derivative, **params)
    points = sample_points(120, size=len(args))
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


def _wide_rows(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    magnitudes = np.concatenate([np.logspace(-300, 4, 60), np.linspace(0, 40, 41)])
    signed = np.concatenate([magnitudes, -magnitudes])
    return np.concatenate([rng.choice(signed, size=(150, n)), rng.normal(0, 30, size=(100, n))])


def _check_rows(
    rows: np.ndarray, got: np.ndarray, reference: Callable[[list[Any]], list[Any]]
) -> None:
    failures = []
    with mp.workdps(DPS):
        for row, values in zip(rows, got.reshape(len(rows), -1), strict=True):
            expected = reference([mp.mpf(float(v)) for v in row])
            for g, e in zip(values, expected, strict=True):
                t = float(e)
                err = abs(mp.mpf(float(g)) - e)
                if not (err <= 1e-13 * abs(e) or (abs(t) < 2.3e-308 and err <= 1e-15)):
                    failures.append((row.tolist(), float(g), t))
    assert not failures, f"{len(failures)} failures, first: {failures[:3]}"


@pytest.mark.parametrize("n", [2, 3])
def test_log_softmax_and_logsumexp_against_independent_mpmath(n: int) -> None:
    rows = _wide_rows(n, seed=n)
    log_values = quiet(symact.get("log_softmax").numpy(n=n), rows)
    _check_rows(rows, log_values, lambda v: [ref_log_softmax(v, i) for i in range(1, n + 1)])
    log_jac = quiet(symact.get("log_softmax").numpy(1, n=n), rows)

    def log_softmax_jacobian(v: list[Any]) -> list[Any]:
        s = [mp.exp(ref_log_softmax(v, j)) for j in range(1, n + 1)]
        rest = [mp.fsum(s[m] for m in range(n) if m != i) for i in range(n)]
        return [rest[i] if i == j else -s[j] for i in range(n) for j in range(n)]

    _check_rows(rows, log_jac, log_softmax_jacobian)
    lse = quiet(symact.get("logsumexp").numpy(n=n), rows)
    _check_rows(rows, lse, lambda v: [ref_logsumexp(v)])
    gradient = quiet(symact.get("logsumexp").numpy(1, n=n), rows)
    _check_rows(rows, gradient, lambda v: [mp.exp(v[j] - ref_logsumexp(v)) for j in range(n)])


@pytest.mark.parametrize("n", [2, 4])
def test_softmin_and_glu_against_independent_mpmath(n: int) -> None:
    rows = _wide_rows(n, seed=10 + n)
    got = quiet(symact.get("softmin").numpy(n=n), rows)
    _check_rows(rows, got, lambda v: [ref_softmin(v, i) for i in range(1, n + 1)])
    got = quiet(symact.get("glu").numpy(n=n), rows)
    _check_rows(rows, got, lambda v: [ref_glu(v, i) for i in range(1, n // 2 + 1)])


def test_sparsemax_kernel_is_exact_on_a_grid_and_accurate_near_boundaries() -> None:
    n = 3
    value, jac = symact.get("sparsemax").numpy(n=n), symact.get("sparsemax").numpy(1, n=n)
    grid = [k / 2 for k in range(-3, 4)]
    rows = np.array(list(itertools.product(grid, repeat=n)))
    got, got_jac = quiet(value, rows), quiet(jac, rows)
    for row, p, j in zip(rows, got, got_jac, strict=True):
        expected = ref_sparsemax([Fraction(v) for v in row])
        assert p.tolist() == [float(v) for v in expected], row
        support = [v > 0 for v in expected]
        size = sum(support)
        for i, k in itertools.product(range(n), repeat=2):
            ma = support[i] * ((i == k) - Fraction(support[k], size))
            assert j[i, k] == float(ma), (row, i, k)
    # a support boundary crossed by a tiny amount, large offsets, tiny values
    rows = np.array(
        [
            [1.0, 0.0, -5.0],
            [1.0, np.nextafter(0.0, 1.0), -5.0],
            [np.nextafter(1.0, 2.0), 0.0, -5.0],
            [0.3, 1.3 - 2**-52, -9.0],
            [1e4 + 0.5, 1e4, -1e4],
            [1e-200, 1.0, -3.0],
            [-1e300, 1e300, 0.0],
            [5e-324, 0.0, 0.0],
        ]
    )
    got = quiet(value, rows)
    _check_rows(
        rows,
        got,
        lambda v: [
            mp.mpf(p.numerator) / p.denominator
            for p in ref_sparsemax([Fraction(float(x)) for x in v])
        ],
    )
    assert got[5, 0] > 0  # p1 = 5e-201, not lost to rounding


@pytest.mark.parametrize(
    ("name", "z", "expected"),
    [
        ("log_softmax", [np.inf, 0.0, 1.0], [0.0, -np.inf, -np.inf]),
        ("log_softmax", [-np.inf, 0.0, 0.0], [-np.inf, -math.log(2), -math.log(2)]),
        ("log_softmax", [np.inf, np.inf, 0.0], [np.nan, np.nan, -np.inf]),
        ("log_softmax", [-np.inf, -np.inf, -np.inf], [np.nan] * 3),
        ("log_softmax", [0.0, 1000.0, -1000.0], [-1000.0, 0.0, -2000.0]),
        ("log_softmax", [1e308, -1e308, 0.0], [0.0, -2e308, -1e308]),
        ("softmin", [-np.inf, 0.0, 1.0], [1.0, 0.0, 0.0]),
        ("softmin", [np.inf, 0.0, 0.0], [0.0, 0.5, 0.5]),
        ("sparsemax", [np.inf, 0.0, 5.0], [1.0, 0.0, 0.0]),
        ("sparsemax", [-np.inf, 0.0, 0.5], [0.0, 0.25, 0.75]),
        ("sparsemax", [np.inf, np.inf, 0.0], [np.nan, np.nan, 0.0]),
        ("sparsemax", [-np.inf, -np.inf, -np.inf], [np.nan] * 3),
        ("sparsemax", [1e308, -1e308, 1e308], [0.5, 0.0, 0.5]),
        ("logsumexp", [np.inf, 0.0, 1.0], [np.inf]),
        ("logsumexp", [-np.inf, -np.inf, -np.inf], [-np.inf]),
        ("logsumexp", [-np.inf, 0.0, 0.0], [math.log(2)]),
        ("logsumexp", [1e308, 1e308, 1e308], [1e308]),
        ("logsumexp", [-math.log(2), -math.log(2), -1000.0], [None]),  # about 1e-17
        ("glu", [np.inf, 1.0, 0.0, 2.0], [np.inf, 1.0 / (1 + math.exp(-2.0))]),
        ("glu", [np.inf, 1.0, -np.inf, 0.0], [np.nan, 0.5]),
    ],
)
def test_limits_and_extremes(name: str, z: list[float], expected: list[float | None]) -> None:
    size = {"n": len(z)}
    got = np.atleast_1d(quiet(symact.get(name).numpy(**size), np.array(z)))
    if expected == [None]:
        with mp.workdps(DPS):
            true = ref_logsumexp([mp.mpf(v) for v in z])
        assert abs(got[0] - float(true)) <= 1e-13 * abs(float(true))
        return
    np.testing.assert_allclose(got, np.array(expected, dtype=float), rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_nan_gives_nan_and_shapes(name: str) -> None:
    record = symact.get(name)
    n = len(record.inputs())
    value, jac = record.numpy(), record.numpy(1)
    z = np.linspace(-3, 3, 6 * n).reshape(2, 3, n)
    out, out_jac = quiet(value, z), quiet(jac, z)
    outputs = n // 2 if name == "glu" else n
    assert out.shape == ((2, 3) if name == "logsumexp" else (2, 3, outputs))
    assert out_jac.shape == ((2, 3, n) if name == "logsumexp" else (2, 3, outputs, n))
    assert quiet(value, z.astype(np.float32)).dtype == np.float32
    bad = np.array([np.nan] + [0.0] * (n - 1))
    assert np.isnan(quiet(value, bad)).all() or name == "glu"
    if name == "glu":  # only the output that reads the NaN input
        assert np.isnan(quiet(value, bad)[0])
    with pytest.raises(ValueError, match="last axis"):
        value(np.zeros(n + 1))


# -- numcheck and PyTorch ----------------------------------------------------------------------


def test_numcheck_passes() -> None:
    report = numcheck(NAMES, points=60)
    assert report.passed, report.worst
    assert {r.activation for r in report.rows} == set(NAMES)
    assert {r.quantity for r in report.rows} == {"f", "J"}


TORCH_VECTOR = {
    "log_softmax": lambda t: torch.nn.functional.log_softmax(t, dim=-1),
    "softmin": lambda t: torch.nn.functional.softmin(t, dim=-1),
    "glu": lambda t: torch.nn.functional.glu(t, dim=-1),
    "logsumexp": lambda t: torch.logsumexp(t, dim=-1),
}


@needs_torch
@pytest.mark.parametrize("name", sorted(TORCH_VECTOR))
def test_kernels_agree_with_torch_autograd(name: str) -> None:
    record = symact.get(name)
    n = len(record.inputs())
    rng = np.random.default_rng(3)
    z = np.concatenate([rng.normal(0, 4, size=(200, n)), np.zeros((1, n))])
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    y = TORCH_VECTOR[name](t)
    outputs = y if y.ndim == 2 else y[:, None]
    rows = [
        torch.autograd.grad(outputs[:, i].sum(), t, retain_graph=True)[0]
        for i in range(outputs.shape[1])
    ]
    torch_jacobian = np.stack([r.numpy() for r in rows], axis=1)
    np.testing.assert_allclose(record.numpy()(z), y.detach().numpy(), rtol=1e-13, atol=1e-15)
    ours = np.asarray(record.numpy(1)(z)).reshape(torch_jacobian.shape)
    np.testing.assert_allclose(ours, torch_jacobian, rtol=1e-13, atol=1e-15)


@needs_torch
def test_numcheck_against_torch() -> None:
    report = numcheck(["log_softmax", "softmin", "glu", "logsumexp"], against="torch", points=60)
    assert report.passed, report.worst
    implementations = {(r.activation, r.implementation) for r in report.rows}
    for name in ("log_softmax", "softmin", "glu", "logsumexp"):
        assert (name, "torch float64") in implementations
        assert (name, "torch float32") in implementations


# -- command line, sheet ------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_show_json(cli, name: str) -> None:
    result = cli.invoke("show", name, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    record = symact.get(name)
    assert data["name"] == name
    assert data["latex"]["formula"] == record.formula
    assert "derivative" not in data
    assert data["jacobian"] == [[str(e) for e in row] for row in record.jacobian().tolist()]
    result = cli.invoke("show", name)
    assert result.exit_code == 0, result.stderr
    assert "∂f" in result.stdout


def test_show_reports_sparsemax_kinks_and_refuses_bad_sizes(cli) -> None:
    data = json.loads(cli.invoke("show", "sparsemax", "--json", "--param", "n=2").stdout)
    assert data["kinks"] == ["Eq(-z1 + z2, -1)", "Eq(z1 - z2, -1)"]
    for args, message in (
        (("show", "glu", "--param", "n=3"), "even number"),
        (("show", "sparsemax", "--param", "n=6"), "n <= 5"),
        (("show", "glu", "--param", "n=0"), "integer >= 2"),
    ):
        result = cli.invoke(*args)
        assert result.exit_code == 2
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_numcheck_cli(cli) -> None:
    result = cli.invoke("numcheck", "glu", "logsumexp", "--points", "40")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_plots_along_the_first_input(name: str) -> None:
    record = symact.get(name)
    plot = plot_activation(record, describe(record, properties=False), points=41)
    f, df = plot.curves
    assert f.segments
    assert df.segments
    assert ("first output;" in plot.slice) == (name != "logsumexp")
    assert "output; f' is the partial derivative in z1" in plot.slice
    if name == "sparsemax":  # the slope jumps where the support changes: x = -1/2 and 1
        assert len(df.segments) == 3
        assert plot.x_min == -4.0
        assert plot.x_max == 4.0


# -- engine changes made for the vector activations ------------------------------------------


def test_reference_evaluates_piecewise_rational_expressions_exactly() -> None:
    """The exact-fraction path of the reference (sparsemax is piecewise
    linear): right at the boundaries, undefined where no branch applies,
    and the mpmath ladder still used for everything else."""
    from symact.numeric.reference import Reference

    z1, z2, z3 = Z[:3]
    p1 = Reference(sparsemax(z1, z2, z3, index=1), (z1, z2, z3))
    assert p1._rational is not None
    assert p1((1e-200, 1.0, -3.0)) == mp.mpf(1e-200) / 2  # 5e-201: 1 + 1e-200 - 1 kept
    assert p1((0.5, 0.0, -0.5)) == mp.mpf(3) / 4
    assert p1((0.0, 1.0, 0.0)) == 0
    entry = Reference(symact.get("sparsemax").jacobian((z1, z2))[0, 0], (z1, z2))
    assert entry((1.0, 0.0)) is None  # a kink: the partial derivative does not exist
    assert entry((0.5, 0.0)) == mp.mpf(1) / 2
    smooth = Reference(log_softmax(z1, z2, index=1), (z1, z2))
    assert smooth._rational is None
    with mp.workdps(DPS):
        assert abs(smooth((3.0, -1.0)) - ref_log_softmax([mp.mpf(3), mp.mpf(-1)], 1)) < 1e-30
    relation = Reference(
        sympy.Piecewise((z1**-2, sympy.ITE(z1 > 0, z2 > 0, z2 < 0)), (0, True)), (z1, z2)
    )
    assert relation((2.0, 1.0)) == mp.mpf(1) / 4
    assert relation((-2.0, 1.0)) == 0
    assert relation((0.0, -1.0)) is None  # 0**-2


def test_torch_derivatives_of_single_output_vector_activations() -> None:
    """torch_derivatives gives logsumexp's gradient as a (m, 1, n) Jacobian."""
    if torch is None:
        pytest.skip("PyTorch is not installed")
    from symact.numeric.frameworks import torch_derivatives

    z = np.array([[0.0, 0.0], [1.0, -1.0]])
    values, jacobian = torch_derivatives("logsumexp", z, {"n": 2.0}, "float64", 2)
    assert values.shape == (2,)
    assert jacobian.shape == (2, 1, 2)
    np.testing.assert_allclose(jacobian[0, 0], [0.5, 0.5])
    values, jacobian = torch_derivatives("glu", np.ones((3, 4)), {"n": 4.0}, "float64", 2)
    assert values.shape == (3, 2)
    assert jacobian.shape == (3, 2, 4)


@pytest.mark.parametrize("name", NAMES)
def test_stable_forms_of_the_kernels_are_the_same_functions(name: str) -> None:
    """The compiler evaluates stable_form(expr): it must equal expr."""
    from symact.numeric.stable import stable_form

    record = symact.get(name)
    points = rational_points(len(record.inputs()), 5, seed=21)
    for derivative in (0, 1):
        expr, args = kernel_expression(record, derivative)
        for entry in list(expr) if isinstance(expr, sympy.MatrixBase) else [expr]:
            difference = expand_definitions(entry - stable_form(entry))
            for point in points:
                at = exact(difference, dict(zip(args, point, strict=True)))
                assert abs(sympy.N(at, 40)) < 1e-35, (entry, point)
