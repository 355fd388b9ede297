"""Plot coordinates for the sheet: f and f' sampled with symact's own
accurate NumPy kernels (pgfplots has no erf and computes in single
precision, so it only draws what is computed here).

Curves are broken where they jump (a kink of f' with different one-sided
values, a discontinuity of f) and where they leave the frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import sympy

from symact.catalogue import Activation
from symact.describe import Description
from symact.sheet.model import Curve, Plot

__all__ = ["DEFAULT_POINTS", "plot_activation"]

DEFAULT_POINTS = 161
HALF_WIDTH = 4.0
MARGIN = 2.0
Y_CAP = 8.0
DIGITS = 6

Kernel = Callable[[np.ndarray], np.ndarray]


def _round(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


def _kink_points(description: Description) -> list[float]:
    points: list[float] = []
    inputs = description.inputs
    for kink in description.kinks:
        location = kink.location
        if isinstance(location, sympy.Rel):
            # a vector activation's tie, e.g. Eq(z1, z2): where it meets the slice z = (x, 0, ...)
            t = sympy.Dummy("t", real=True)
            on_slice = location.subs(
                {inputs[0]: t, **dict.fromkeys(inputs[1:], 0)}, simultaneous=True
            )
            if on_slice in (sympy.true, sympy.false):
                continue
            points += [float(s) for s in sympy.solve(sympy.Eq(on_slice.lhs, on_slice.rhs), t)]
        elif location.is_number:
            points.append(float(location))
    return sorted(set(points))


def _window(kinks: Sequence[float]) -> tuple[float, float]:
    low = min([-HALF_WIDTH, *(k - MARGIN for k in kinks)])
    high = max([HALF_WIDTH, *(k + MARGIN for k in kinks)])
    return low, high


def _kernels(record: Activation) -> tuple[Kernel, Kernel, str]:
    if not record.vector:
        return record.numpy(0), record.numpy(1), ""
    value, derivative = record.numpy(0), record.numpy(1)
    size = next(int(p.default or 2) for p in record.parameters if p.kind == "size")

    def lift(xs: np.ndarray) -> np.ndarray:
        stacked = np.zeros((xs.size, size))
        stacked[:, 0] = xs
        return stacked

    def f(xs: np.ndarray) -> np.ndarray:
        out = np.asarray(value(lift(xs)))
        return out[:, 0] if out.ndim == 2 else out

    def df(xs: np.ndarray) -> np.ndarray:
        out = np.asarray(derivative(lift(xs)))
        return out[:, 0, 0] if out.ndim == 3 else out[:, 0]

    zeros = ", ".join(["0"] * (size - 1))
    single = getattr(record.function, "vector", None) is None  # maxout, logsumexp
    output = "output" if single else "first output"
    return f, df, f"z = (x, {zeros}), {output}; f' is the partial derivative in z1"


def _curve(
    label: str, kernel: Kernel, xs: np.ndarray, kinks: Sequence[float], frame: tuple[float, float]
) -> Curve:
    """Sample ``kernel`` on ``xs``; at each kink take the one-sided values
    (the neighbouring doubles) and break the curve if they differ."""
    segments: list[list[tuple[float, float]]] = [[]]
    values = np.asarray(kernel(xs), dtype=float)
    kink_set = set(kinks)

    def add(x: float, y: float) -> None:
        if not math.isfinite(y) or not frame[0] <= y <= frame[1]:
            if segments[-1]:
                segments.append([])
            return
        segments[-1].append((_round(x), _round(y)))

    for x, y in zip(xs.tolist(), values.tolist(), strict=True):
        if x not in kink_set:
            add(x, y)
            continue
        sides = np.array([np.nextafter(x, -np.inf), np.nextafter(x, np.inf)])
        left, right = np.asarray(kernel(sides), dtype=float).tolist()
        if math.isclose(left, right, rel_tol=1e-6, abs_tol=1e-9):
            add(x, y)
            continue
        add(x, left)
        segments.append([])
        add(x, right)
    pieces = tuple(tuple(s) for s in segments if len(s) > 1)
    return Curve(label, pieces)


def plot_activation(
    record: Activation, description: Description, points: int = DEFAULT_POINTS
) -> Plot:
    """f and f' of ``record`` over a window showing its kinks and shape.

    The window is [-4, 4], widened to show 2 units beyond every kink (ReLU6:
    [-4, 8]); vector activations are plotted along ``z = (x, 0, ...)``.

    >>> from symact import get
    >>> from symact.describe import describe
    >>> plot = plot_activation(get("relu"), describe("relu", properties=False), points=9)
    >>> plot.x_min, plot.x_max, [len(c.segments) for c in plot.curves]
    (-4.0, 4.0, [1, 2])
    >>> plot.curves[1].segments[1][:2]
    ((0.0, 1.0), (1.0, 1.0))
    """
    f, df, slice_text = _kernels(record)
    kinks = _kink_points(description)
    low, high = _window(kinks)
    xs = np.union1d(np.linspace(low, high, points), np.array(kinks, dtype=float))
    with np.errstate(all="ignore"):
        sampled = np.concatenate([np.asarray(f(xs)), np.asarray(df(xs))])
    finite = sampled[np.isfinite(sampled)]
    y_low = max(float(finite.min()), -Y_CAP) if finite.size else -1.0
    y_high = min(float(finite.max()), Y_CAP) if finite.size else 1.0
    pad = max(0.08 * (y_high - y_low), 0.05)
    frame = (y_low - pad, y_high + pad)
    curves = (_curve("f", f, xs, kinks, frame), _curve("f'", df, xs, kinks, frame))
    return Plot(low, high, _round(frame[0]), _round(frame[1]), curves, slice_text)
