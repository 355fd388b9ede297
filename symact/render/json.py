"""JSON rendering: plain dicts of strings, every expression as SymPy ``str()``
(which is symact's statement syntax)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sympy import Basic, Matrix, Set

from symact.analysis import Extremum, Properties, RangeReport
from symact.catalogue import Activation
from symact.derivations.model import Result
from symact.describe import Description
from symact.printing import latex, set_text, value_text
from symact.prover.verdict import Verdict
from symact.statistics.report import MOMENTS, GaussianStats

if TYPE_CHECKING:
    from symact.numeric.numcheck import NumcheckReport

__all__ = [
    "catalogue_dict",
    "comparison_dict",
    "description_dict",
    "dumps",
    "numcheck_dict",
    "properties_dict",
    "range_dict",
    "stats_dict",
    "verdict_dict",
    "verification_dict",
]


def _s(expr: Basic | None) -> str | None:
    return None if expr is None else str(expr)


def catalogue_dict(records: Iterable[Activation]) -> list[dict[str, Any]]:
    """``symact list --json``: one object per activation."""
    return [
        {
            "name": r.name,
            "aliases": list(r.aliases),
            "family": r.family,
            "summary": r.summary,
            "vector": r.vector,
            "parameters": {p.name: _s(p.default) for p in r.parameters},
            "formula": r.formula,
        }
        for r in records
    ]


def description_dict(d: Description) -> dict[str, Any]:
    """``symact show --json``: one object describing one activation."""
    result: dict[str, Any] = {
        "name": d.name,
        "aliases": list(d.aliases),
        "family": d.family,
        "summary": d.summary,
        "parameters": {p.name: _s(p.default) for p in d.parameters},
        "parameter_values": {p.name: _s(p.value) for p in d.parameters if p.value is not None},
        "inputs": [str(v) for v in d.inputs],
        "expression": _components(d.expr),
        "definition": _components(d.definition),
    }
    if d.jacobian is not None:
        result["jacobian"] = [[str(entry) for entry in row] for row in d.jacobian.tolist()]
    else:
        result["derivative"] = _s(d.derivative)
        result["second_derivative"] = _s(d.second_derivative)
    result["latex"] = _latex(d)
    result["kinks"] = [str(k.location) for k in d.kinks]
    result["kink_details"] = [
        {
            "location": str(k.location),
            "continuous": k.continuous,
            "left_derivative": _s(k.left_derivative),
            "right_derivative": _s(k.right_derivative),
            "conventions": {framework: str(value) for framework, value in k.conventions},
        }
        for k in d.kinks
    ]
    result["frameworks"] = [
        {
            "framework": note.framework,
            "api": note.api,
            "defaults": {name: str(value) for name, value in note.defaults},
            "note": note.note,
        }
        for note in d.frameworks
    ]
    result["references"] = list(d.references)
    if d.properties is not None:
        result.update(properties_dict(d.properties))
    return result


def _extremum(e: Extremum | None) -> dict[str, Any] | None:
    if e is None:
        return None
    at = [set_text(w) if isinstance(w, Set) else str(w) for w in e.where]
    return {"value": str(e.value), "attained": e.attained, "at": at}


def _optional(value: Basic | None) -> str | None:
    return None if value is None else value_text(value)


def properties_dict(p: Properties) -> dict[str, Any]:
    """The analysis keys of ``show --json`` and ``compare --json``."""
    return {
        "range": None if p.range is None else set_text(p.range),
        "derivative_range": None if p.derivative_range is None else set_text(p.derivative_range),
        "extrema": {"minimum": _extremum(p.minimum), "maximum": _extremum(p.maximum)},
        "limits": {side: _optional(v) for side, v in p.limits.items()},
        "asymptotes": {side: _optional(v) for side, v in p.asymptotes.items()},
        "value_at_0": _optional(p.value_at_0),
        "derivative_at_0": _optional(p.derivative_at_0),
        "continuity": p.continuity,
        "monotonic": p.monotonic,
        "derivative_monotonic": p.derivative_monotonic,
        "convex": p.convex,
        "bounded_below": p.bounded_below,
        "bounded_above": p.bounded_above,
        "saturates": None if p.saturates is None else list(p.saturates),
        "zero_centered": p.zero_centered,
        "odd": p.odd,
        "even": p.even,
        "identity_near_origin": p.identity_near_origin,
        "lipschitz": _optional(p.lipschitz),
        "unknown": dict(p.unknown),
        "numeric": list(p.numeric),
    }


def comparison_dict(profiles: dict[str, Properties]) -> dict[str, Any]:
    """``symact compare --json``: each activation's properties."""
    return {
        "activations": list(profiles),
        "properties": {n: properties_dict(p) for n, p in profiles.items()},
    }


def range_dict(report: RangeReport, text: str, assumptions: tuple[str, ...]) -> dict[str, Any]:
    """``symact range --json``."""
    return {
        "expression": text,
        "variable": None if report.variable is None else str(report.variable),
        "assumptions": list(assumptions),
        "domain": set_text(report.domain),
        "range": set_text(report.range),
        "extrema": {"minimum": _extremum(report.minimum), "maximum": _extremum(report.maximum)},
    }


def _latex(d: Description) -> dict[str, str]:
    shown: dict[str, str] = {"formula": d.formula, "definition": latex(d.definition)}
    if d.jacobian is not None:
        shown["jacobian"] = latex(d.jacobian)
    else:
        shown["derivative"] = latex(d.derivative) if d.derivative is not None else ""
        shown["second_derivative"] = (
            latex(d.second_derivative) if d.second_derivative is not None else ""
        )
    return shown


def _components(expr: Basic) -> str | list[str]:
    if isinstance(expr, Matrix):
        return [str(entry) for entry in expr]
    return str(expr)


def verdict_dict(v: Verdict) -> dict[str, Any]:
    """``symact check --json``: the verdict and its evidence."""
    return {
        "statement": v.statement,
        "assumptions": list(v.assumptions),
        "verdict": v.verdict,
        "method": v.method,
        "certificate": list(v.certificate),
        "counterexample": None if v.counterexample is None else dict(v.counterexample),
        "reason": v.reason,
        "seconds": round(v.seconds, 4),
    }


def verification_dict(results: Sequence[Result]) -> dict[str, Any]:
    """``symact verify --json``."""
    rows = [
        {
            "file": r.file,
            "name": r.name,
            "kind": r.kind,
            "line": r.line,
            "expected": r.expected,
            "verdict": r.verdict,
            "ok": r.ok,
            "failed_step": r.failed_step,
            "counterexample": None if r.counterexample is None else dict(r.counterexample),
            "seconds": round(r.seconds, 4),
            "message": r.message,
        }
        for r in results
    ]
    ok = sum(1 for r in results if r.ok)
    return {
        "results": rows,
        "summary": {"total": len(results), "ok": ok, "failed": len(results) - ok},
    }


def dumps(data: object) -> str:
    """Serialise with stable formatting."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def _float(value: float) -> float | str:
    return value if math.isfinite(value) else str(value)


def _point(point: tuple[float, ...] | None) -> list[float | str] | None:
    return None if point is None else [_float(v) for v in point]


def numcheck_dict(report: NumcheckReport) -> dict[str, Any]:
    """``symact numcheck --json``: one object per row; non-finite numbers as
    strings (``"inf"``, ``"nan"``), as JSON has none."""
    rows = []
    for row in report.rows:
        s = row.stats
        rows.append(
            {
                "activation": row.activation,
                "quantity": row.quantity,
                "implementation": row.implementation,
                "enforced": row.enforced,
                "passed": s.passed,
                "points": s.points,
                "worst_relative_error": _float(s.worst_relative),
                "at_relative": _point(s.at_relative),
                "worst_absolute_error": _float(s.worst_absolute),
                "at_absolute": _point(s.at_absolute),
                "float32_ulps": None if s.ulps is None else _float(s.ulps),
                "failures": s.failures,
                "worst_failure": _point(s.worst_failure),
                "detail": s.failure_detail,
            }
        )
    return {"against": report.against, "passed": report.passed, "rows": rows}


def stats_dict(s: GaussianStats) -> dict[str, Any]:
    """``symact stats --json``: every value a SymPy ``str()`` string (or
    ``null`` when undecided); ``numeric`` lists the keys whose value is a
    35-digit numeric approximation rather than a closed form."""
    data: dict[str, Any] = {
        "name": s.name,
        "parameters": {k: str(v) for k, v in s.parameters.items()},
        "input": {"mean": str(s.input_mean), "std": str(s.input_std)},
    }
    for key in MOMENTS:
        data[key] = _s(getattr(s, key).value)
    data["pytorch_gain"] = _s(s.pytorch_gain)
    data["gain_reproduced"] = s.gain_reproduced
    data["pytorch_gain_rationale"] = s.pytorch_gain_rationale
    data["numeric"] = list(s.numeric)
    if s.derived_constants:
        data["derived_constants"] = {k: c.digits for k, c in s.derived_constants.items()}
        data["derived_closed_forms"] = {k: str(c.value) for k, c in s.derived_constants.items()}
        data["framework_constants"] = {
            k: {"value": c.framework, "digits_reproduced": c.agreement}
            for k, c in s.derived_constants.items()
            if c.framework is not None
        }
    data["notes"] = list(s.notes)
    return data
