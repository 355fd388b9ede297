"""``symact numcheck``: symact's kernels — and optionally PyTorch's — against
exact values.

For each activation and each of f, f', f'' (a vector activation: f and its
Jacobian), the worst relative and absolute error over deterministic test
points (:func:`~symact.numeric.accuracy.sample_points`, the activation's kinks
included) against the exact reference. symact's float64 kernels must meet the
tolerance of :mod:`symact.numeric.accuracy`; PyTorch's rows are reported,
not enforced: they show where the framework and the exact math part.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from symact.catalogue import Activation, get, names
from symact.errors import ParameterError
from symact.numeric.accuracy import ErrorStats, measure, sample_points
from symact.numeric.activations import kernel_expression

__all__ = ["NumcheckReport", "NumcheckRow", "numcheck"]

QUANTITIES = ("f", "f'", "f''")
AGAINST = ("mpmath", "torch")


@dataclass(frozen=True)
class NumcheckRow:
    """One activation's quantity (``f``, ``f'``, ``f''``, ``J``) by one
    implementation (``symact``, ``symact float32``, ``torch float64``, ...).
    ``enforced`` rows must pass; the others are informational."""

    activation: str
    quantity: str
    implementation: str
    stats: ErrorStats
    enforced: bool


@dataclass(frozen=True)
class NumcheckReport:
    rows: tuple[NumcheckRow, ...]
    against: str
    points: int

    @property
    def passed(self) -> bool:
        """Whether every enforced row meets its tolerance."""
        return all(r.stats.passed for r in self.rows if r.enforced)

    @property
    def worst(self) -> NumcheckRow | None:
        """The enforced row with the largest failing error, if any."""
        failing = [r for r in self.rows if r.enforced and not r.stats.passed]
        return max(failing, key=lambda r: r.stats.worst_relative, default=None)


def _kinks(record: Activation) -> list[float]:
    if record.vector:
        return [0.0]
    from symact.calculus.pieces import breakpoints

    (x,) = record.inputs()
    found = breakpoints(sympy.piecewise_fold(record.definition()), x)
    return [float(k) for k in found if k.is_number and k.is_finite]


def merge(stats: Sequence[ErrorStats], label: str) -> ErrorStats:
    """One summary of several (a Jacobian's entries)."""
    rel = max(stats, key=lambda s: s.worst_relative)
    absolute = max(stats, key=lambda s: s.worst_absolute)
    failing = [s for s in stats if not s.passed]
    first = max(failing, key=lambda s: s.worst_relative) if failing else None
    ulps = [s.ulps for s in stats if s.ulps is not None]
    return ErrorStats(
        label=label,
        points=stats[0].points,
        worst_relative=rel.worst_relative,
        at_relative=rel.at_relative,
        worst_absolute=absolute.worst_absolute,
        at_absolute=absolute.at_absolute,
        failures=sum(s.failures for s in stats),
        worst_failure=first.worst_failure if first else None,
        failure_detail=first.failure_detail if first else "",
        ulps=max(ulps) if ulps else None,
    )


def _compare(
    expr: Any, inputs: tuple[sympy.Symbol, ...], points: Any, values: Any, *, float32: bool
) -> ErrorStats:
    """Stats of ``values`` (``(m,)``, or ``(m, ...)`` for a matrix ``expr``)."""
    if isinstance(expr, sympy.MatrixBase):
        flat = np.asarray(values).reshape(len(points), -1)
        entries = list(expr)
        return merge(
            [
                measure(None, e, inputs, points, values=flat[:, j], float32=float32)
                for j, e in enumerate(entries)
            ],
            label="",
        )
    return measure(None, expr, inputs, points, values=values, float32=float32)


def _float32_points(points: Any) -> Any:
    with np.errstate(over="ignore"):
        return points.astype(np.float32).astype(np.float64)


def check_activation(
    record: Activation, *, against: str = "mpmath", points: int = 1000
) -> list[NumcheckRow]:
    """The rows of :func:`numcheck` for one activation (PyTorch defaults)."""
    inputs = record.inputs()
    sample = sample_points(points, _kinks(record), size=len(inputs))
    orders = 2 if record.vector else 3
    torch_values: dict[str, list[Any]] = {}
    if against == "torch":
        from symact.numeric.frameworks import TORCH_CALLS, torch_derivatives

        if record.name in TORCH_CALLS:
            params = {k: float(v) for k, v in record.bind({}).items()}
            for dtype in ("float64", "float32"):
                torch_values[dtype] = torch_derivatives(record.name, sample, params, dtype, orders)
    rows: list[NumcheckRow] = []
    for order in range(orders):
        quantity = "J" if record.vector and order == 1 else QUANTITIES[order]
        expr, _ = kernel_expression(record, order)
        kernel = record.numpy(order)
        values = kernel(sample) if record.vector else kernel(sample[:, 0])
        stats = _compare(expr, inputs, sample, values, float32=False)
        rows.append(NumcheckRow(record.name, quantity, "symact float64", stats, enforced=True))
        if against != "torch":
            continue
        single = _float32_points(sample)
        with np.errstate(over="ignore"):
            narrow = single.astype(np.float32)
        values32 = kernel(narrow) if record.vector else kernel(narrow[:, 0])
        stats32 = _compare(expr, inputs, single, values32, float32=True)
        rows.append(NumcheckRow(record.name, quantity, "symact float32", stats32, enforced=True))
        for dtype, computed in torch_values.items():
            at = sample if dtype == "float64" else single
            stats_t = _compare(expr, inputs, at, computed[order], float32=dtype == "float32")
            rows.append(NumcheckRow(record.name, quantity, f"torch {dtype}", stats_t, False))
    return rows


def numcheck(
    activations: Iterable[str] | None = None, *, against: str = "mpmath", points: int = 1000
) -> NumcheckReport:
    """Check the kernels of ``activations`` (default: the whole catalogue)
    at about ``points`` inputs each.

    >>> report = numcheck(["sigmoid"], points=100)
    >>> report.passed, [row.quantity for row in report.rows]
    (True, ['f', "f'", "f''"])
    """
    if against not in AGAINST:
        raise ParameterError(f"--against must be one of {', '.join(AGAINST)}, got {against!r}")
    if not 10 <= points <= 1_000_000:
        raise ParameterError(f"--points must be between 10 and 1000000, got {points}")
    if against == "torch":
        from symact.numeric.frameworks import torch_module

        torch_module()
    records = [get(n) for n in (names() if activations is None else activations)]
    rows = [
        row
        for record in records
        for row in check_activation(record, against=against, points=points)
    ]
    return NumcheckReport(rows=tuple(rows), against=against, points=points)
