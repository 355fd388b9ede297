"""Measure a float kernel against exact reference values.

The tolerance (what ``symact numcheck`` enforces for symact's own float64
kernels): at every test point, the relative error is at most ``1e-13``
wherever the true value is a normal float; near a zero of the function —
a sign change or a zero within ``1e-6`` of the point — and where the true
value is below the normal range, an absolute error of at most ``1e-15`` is
enough. Where the true value overflows, the kernel must return the infinity of
the right sign; at ±inf inputs it must return the limit.

>>> import numpy as np
>>> from symact import get
>>> from symact.numeric.accuracy import measure
>>> record = get("sigmoid")
>>> kernel = record.numpy(1)
>>> stats = measure(kernel, kernel.expr, record.inputs(), np.array([[-50.0], [0.0], [3.0]]))
>>> stats.passed, stats.points
(True, 3)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
from sympy import Expr, Symbol

from symact.numeric.reference import limit_value, reference

__all__ = [
    "ABSOLUTE_TOLERANCE",
    "RELATIVE_TOLERANCE",
    "ErrorStats",
    "measure",
    "sample_points",
]

RELATIVE_TOLERANCE = 1e-13
ABSOLUTE_TOLERANCE = 1e-15
ZERO_DISTANCE = 1e-6
TINY = float(np.finfo(np.float64).tiny)

Array = Any


@dataclass(frozen=True)
class ErrorStats:
    """How far a kernel's values are from the exact ones over a set of points.

    ``worst_relative`` is over points whose true value is a normal float,
    ``worst_absolute`` over all points with a finite true value. ``failures``
    counts points outside the tolerance, ``worst_failure`` is the input of the
    worst of them (``None`` when all pass), ``failure_detail`` says what
    happened there.
    """

    label: str
    points: int
    worst_relative: float
    at_relative: tuple[float, ...] | None
    worst_absolute: float
    at_absolute: tuple[float, ...] | None
    failures: int
    worst_failure: tuple[float, ...] | None
    failure_detail: str = ""
    ulps: float | None = None

    @property
    def passed(self) -> bool:
        return self.failures == 0


def sample_points(count: int = 1000, kinks: Sequence[float] = (), *, size: int = 1) -> Array:
    """Deterministic test inputs, shape ``(m, size)``: magnitudes log-spaced
    from 1e-300 to 1e4 of both signs, a dense grid on [-40, 40], the float64
    extremes (smallest subnormal, smallest normal, largest finite), ±0, ±inf,
    and each kink with its float neighbours. ``size > 1`` gives vectors whose
    coordinates are these values, shuffled with a fixed seed.

    >>> points = sample_points(200)
    >>> finite = points[np.isfinite(points)]
    >>> points.shape[1], bool(np.isinf(points).any()), float(np.abs(finite).max())
    (1, True, 1.7976931348623157e+308)
    """
    count = max(int(count), 40)
    logs = np.logspace(-300, 4, count // 4)
    dense = np.linspace(-40.0, 40.0, count // 2 + 1)
    big = np.finfo(np.float64).max
    extremes = np.array([0.0, -0.0, 5e-324, TINY, 1e-200, 1e100, 1e200, 1e300, big, np.inf])
    near_kinks = [v for k in kinks for v in (np.nextafter(k, -np.inf), k, np.nextafter(k, np.inf))]
    scalars = np.unique(np.concatenate([logs, -logs, dense, extremes, -extremes, near_kinks]))
    if size == 1:
        return scalars.reshape(-1, 1)
    rng = np.random.default_rng(20261122)
    finite = scalars[np.isfinite(scalars) & (np.abs(scalars) <= 1e4)]
    rows = rng.choice(finite, size=(len(scalars), size))
    rows[0] = 0.0
    return rows


def _ulp_distance(a: float, b: float) -> float:
    if a == b:
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    return abs(a - b) / float(np.spacing(np.float32(abs(b)) if abs(b) > 0 else np.float32(0)))


def measure(
    kernel: Callable[..., Array] | None,
    expr: Expr,
    args: Sequence[Symbol],
    points: Array,
    *,
    label: str = "",
    values: Array | None = None,
    float32: bool = False,
) -> ErrorStats:
    """Compare ``kernel`` (or precomputed ``values``) at ``points`` (shape
    ``(m, len(args))``) with the exact value of ``expr``.

    With ``float32``, the error is also measured in float32 ulps of the true
    value (``ulps``), and tolerance means within 4 float32 ulps.
    """
    args = tuple(args)
    exact = reference(expr, args)
    points = np.asarray(points, dtype=np.float64)
    if values is None:
        if kernel is None:
            raise TypeError("measure needs a kernel or its values")
        values = kernel(*(points[:, j] for j in range(points.shape[1])))
    values = np.asarray(values, dtype=np.float64).reshape(len(points))
    worst_rel, at_rel = 0.0, None
    worst_abs, at_abs = 0.0, None
    worst_ulps = 0.0
    failures, worst_failure, worst_badness, detail = 0, None, -1.0, ""
    for point, got in zip(points, values, strict=True):
        key = tuple(float(v) for v in point)
        if any(math.isnan(v) for v in key):
            ok = math.isnan(got)
            why = f"NaN input gave {got}"
            rel = 0.0 if ok else math.inf
            badness = 0.0 if ok else math.inf
        else:
            if all(math.isfinite(v) for v in key):
                true_mp = exact(key)
                if true_mp is None:
                    continue  # no real value here (outside the domain)
                true = float(true_mp)
            else:
                true_mp = None
                true = limit_value(expr, args, key)
                if math.isnan(true):
                    continue
            ok, rel, err, why, badness = _judge(got, true, true_mp, exact, key, float32)
            if math.isfinite(err) and err > worst_abs:
                worst_abs, at_abs = err, key
            if float32 and math.isfinite(true):
                worst_ulps = max(worst_ulps, _ulp_distance(got, float(np.float32(true))))
        if rel > worst_rel:
            worst_rel, at_rel = rel, key
        if not ok:
            failures += 1
            if badness > worst_badness:
                worst_badness, worst_failure, detail = badness, key, why
    return ErrorStats(
        label=label,
        points=len(points),
        worst_relative=worst_rel,
        at_relative=at_rel,
        worst_absolute=worst_abs,
        at_absolute=at_abs,
        failures=failures,
        worst_failure=worst_failure,
        failure_detail=detail,
        ulps=worst_ulps if float32 else None,
    )


def _judge(
    got: float, true: float, true_mp: Any, exact: Any, point: tuple[float, ...], float32: bool
) -> tuple[bool, float, float, str, float]:
    """(passes, relative error, absolute error, explanation, badness)."""
    got = float(got)
    if math.isinf(true):
        ok = got == true
        return ok, 0.0 if ok else math.inf, 0.0, f"true value {true}, got {got}", math.inf
    if not math.isfinite(got):
        return False, math.inf, math.inf, f"got {got}, true value {true!r}", math.inf
    if true_mp is not None:
        with mpmath.workdps(40):
            err = float(abs(mpmath.mpf(got) - true_mp))
    else:
        err = abs(got - true)
    rel = err / abs(true) if abs(true) >= TINY else 0.0
    if float32:
        ulps = _ulp_distance(got, float(np.float32(true)))
        ok = ulps <= 4
        return ok, rel, err, f"{ulps:.1f} float32 ulps from {true!r}", ulps
    if abs(true) >= TINY and rel <= RELATIVE_TOLERANCE:
        return True, rel, err, "", 0.0
    if err <= ABSOLUTE_TOLERANCE and (abs(true) < TINY or _near_zero(exact, point)):
        return True, rel, err, "", 0.0
    return False, rel, err, f"got {got!r}, true value {true!r} (relative error {rel:.2e})", rel


def _near_zero(exact: Any, point: tuple[float, ...]) -> bool:
    """Whether the function has a zero within ``ZERO_DISTANCE`` of ``point``
    (a sign change or a zero at one of three points; scalar inputs only)."""
    if len(point) != 1:
        return False
    signs = set()
    for offset in (-ZERO_DISTANCE, 0.0, ZERO_DISTANCE):
        value = exact((point[0] + offset,))
        if value is None:
            continue
        if value == 0:
            return True
        signs.add(value > 0)
    return len(signs) > 1
