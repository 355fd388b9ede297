"""JSON rendering: plain dicts of strings, every expression as SymPy ``str()``
(which is symact's statement syntax)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sympy import Basic, Matrix

from symact.catalogue import Activation
from symact.describe import Description
from symact.printing import latex
from symact.prover.verdict import Verdict

__all__ = ["catalogue_dict", "description_dict", "dumps", "verdict_dict"]


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
    return result


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


def dumps(data: object) -> str:
    """Serialise with stable formatting."""
    return json.dumps(data, indent=2, ensure_ascii=False)
