"""Building a reference sheet: every activation's formulas, analysis, plot
and identities, and the audit of the notes, from the engines.

The expensive parts (the analysis, the plots, the verdicts) run in worker
processes with a time limit, several at once, and are cached
(:mod:`symact.sheet.cache`): a second run only reassembles and renders.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import sympy
from sympy import Expr

from symact.analysis import Extremum, Properties
from symact.catalogue import CATALOGUE, Activation, get
from symact.derivations.loader import collect_files, load_file
from symact.derivations.model import Claim, Derivation, Entry, Result, SourceFile
from symact.derivations.runner import DEFAULT_TIMEOUT, verify
from symact.describe import MATH_FIELDS, Kink, assemble, mathematics
from symact.errors import AnalysisError
from symact.limits import (
    MemoryLimitExceeded,
    TimeLimitExceeded,
    WorkerFailed,
    limit_reason,
    run_many_with_time_limit,
)
from symact.sheet.cache import Cache, record_fingerprint
from symact.sheet.model import (
    ActivationPage,
    AuditFile,
    AuditRow,
    Formulas,
    Identity,
    Plot,
    Sheet,
)
from symact.sheet.plots import plot_activation
from symact.statistics import MOMENTS, DerivedConstant, GaussianStats, Moment, stats

__all__ = ["DEFAULT_TITLE", "build_sheet"]

DEFAULT_TITLE = "Activation functions: a verified reference"
_CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")

Progress = Callable[[str], None]


def _facts(name: str, analyse: bool) -> dict[str, Any]:
    """What is expensive about one activation: its mathematics and its plot."""
    record = get(name)
    facts = mathematics(name, {}, analyse)
    facts["plot"] = plot_activation(record, assemble(record, {}, **facts))
    facts["formulas"] = _formulas(record)
    return facts


def _formulas(record: Activation) -> Formulas:
    inputs = record.inputs()
    if record.vector:
        return Formulas(
            record.expr(inputs, symbolic=True),
            record.definition(inputs, symbolic=True),
            None,
            None,
            record.jacobian(inputs, symbolic=True),
        )
    (x,) = inputs

    def general(order: int) -> Expr | None:
        try:
            found = record.derivative(order, None, x, symbolic=True)
        except AnalysisError:  # e.g. ELU'' at 0 exists only for alpha = 1
            return None
        conditions = (c for p in found.atoms(sympy.Piecewise) for _, c in p.args)
        if any(c.free_symbols - {x} for c in conditions):
            return None  # a branch that depends on the parameters' values
        return found

    return Formulas(
        record.expr(x, symbolic=True),
        record.definition(x, symbolic=True),
        general(1),
        general(2),
        None,
    )


def _valid_properties(p: object) -> bool:
    """Whether ``p`` is a :class:`Properties` whose fields have their types."""
    if not isinstance(p, Properties):
        return False
    expressions = (p.expression, p.variable, p.derivative, p.range, p.derivative_range)
    values = (p.value_at_0, p.derivative_at_0, p.lipschitz)
    extrema = [e for e in (p.minimum, p.maximum) if e is not None]
    return (
        all(v is None or isinstance(v, sympy.Basic) for v in (*expressions, *values))
        and all(
            isinstance(e, Extremum)
            and isinstance(e.value, sympy.Basic)
            and isinstance(e.where, tuple)
            and all(isinstance(w, sympy.Basic) for w in e.where)
            for e in extrema
        )
        and all(
            isinstance(m, dict) and all(v is None or isinstance(v, sympy.Basic) for v in m.values())
            for m in (p.limits, p.asymptotes)
        )
        and all(isinstance(v, str) for v in (*p.unknown.keys(), *p.unknown.values(), *p.numeric))
        and (p.saturates is None or all(isinstance(s, str) for s in p.saturates))
    )


def _valid_facts(value: object) -> bool:
    """Whether a cached value has the shape and types :func:`_facts` returns."""
    if not isinstance(value, dict) or set(value) != {*MATH_FIELDS, "plot", "formulas"}:
        return False
    optional = (value["derivative"], value["second_derivative"])
    return (
        isinstance(value["expr"], sympy.Basic)
        and isinstance(value["definition"], sympy.Basic)
        and all(v is None or isinstance(v, sympy.Basic) for v in optional)
        and (value["jacobian"] is None or isinstance(value["jacobian"], sympy.MatrixBase))
        and isinstance(value["kinks"], tuple)
        and all(isinstance(k, Kink) for k in value["kinks"])
        and (value["properties"] is None or _valid_properties(value["properties"]))
        and isinstance(value["plot"], Plot)
        and isinstance(value["formulas"], Formulas)
    )


def _cached_runs(
    kind: str,
    function: Callable[[str], Any],
    records: Sequence[Activation],
    check: Callable[[object], bool],
    cache: Cache,
    jobs: int,
    timeout: float | None,
) -> list[Any]:
    """``function(record.name)`` for each record: from the cache (entries of
    ``kind`` that pass ``check``), else in forked workers with a time limit,
    ``jobs`` at a time, and cached; a failed worker's result is its exception."""
    keys = [record_fingerprint(record) for record in records]
    found: list[Any] = [cache.get(kind, key, check=check) for key in keys]
    missing = [i for i, value in enumerate(found) if value is None]
    outcomes = run_many_with_time_limit(
        function, [(records[i].name,) for i in missing], timeout or 1e9, jobs
    )
    for index, outcome in zip(missing, outcomes, strict=True):
        if not isinstance(outcome, TimeLimitExceeded | WorkerFailed):
            cache.put(kind, keys[index], outcome)
        found[index] = outcome
    return found


def _analysed_facts(name: str) -> dict[str, Any]:
    return _facts(name, True)


def _statistics(name: str) -> GaussianStats | None:
    """The Gaussian statistics of a scalar activation (``None`` for a vector one)."""
    return None if get(name).vector else stats(name)


def _valid_statistics(value: object) -> bool:
    """Whether a cached value is a :class:`GaussianStats` whose fields have their types."""
    if value is None:
        return False
    if not isinstance(value, GaussianStats):
        return False
    moments = [getattr(value, key) for key in MOMENTS]
    return (
        all(
            isinstance(m, Moment) and (m.value is None or isinstance(m.value, sympy.Basic))
            for m in moments
        )
        and (value.pytorch_gain is None or isinstance(value.pytorch_gain, sympy.Basic))
        and all(isinstance(c, DerivedConstant) for c in value.derived_constants.values())
        and all(isinstance(n, str) for n in value.notes)
    )


def _all_statistics(
    records: Sequence[Activation], cache: Cache, jobs: int, timeout: float | None
) -> list[GaussianStats | None]:
    """Each scalar record's statistics (``None`` if they did not finish in time)."""
    scalar = [r for r in records if not r.vector]
    outcomes = _cached_runs(
        "statistics", _statistics, scalar, _valid_statistics, cache, jobs, timeout
    )
    found = {
        r.name: o for r, o in zip(scalar, outcomes, strict=True) if isinstance(o, GaussianStats)
    }
    return [found.get(r.name) for r in records]


def _all_facts(
    records: Sequence[Activation],
    cache: Cache,
    jobs: int,
    timeout: float | None,
    progress: Progress | None,
) -> list[tuple[dict[str, Any], str]]:
    """Each record's facts and, if the analysis failed, why: from the cache,
    else computed in forked workers with a time limit, ``jobs`` at a time."""
    outcomes = _cached_runs(
        "activation", _analysed_facts, records, _valid_facts, cache, jobs, timeout
    )
    results: list[tuple[dict[str, Any], str]] = []
    for record, outcome in zip(records, outcomes, strict=True):
        if isinstance(outcome, TimeLimitExceeded | WorkerFailed):
            reason = (
                f"the analysis did not finish within {timeout:g} s"
                if isinstance(outcome, TimeLimitExceeded)
                else f"the analysis reached its {limit_reason(outcome)}"
                if isinstance(outcome, MemoryLimitExceeded)
                else f"the analysis failed: {outcome.detail.splitlines()[0]}"
            )
            results.append((_facts(record.name, False), reason))
        else:
            results.append((outcome, ""))
    if progress:
        for record in records:
            progress(f"analysed {record.name}")
    return results


def _activations_in(texts: Iterable[str]) -> tuple[str, ...]:
    """Catalogue names of the functions called in statements (aliases resolved)."""
    found: list[str] = []
    for text in texts:
        for call in _CALL.findall(text):
            if call not in CATALOGUE:  # exp, diff, max, ...
                continue
            name = get(call).name
            if name not in found:
                found.append(name)
    return tuple(found)


def _entry_text(entry: Entry) -> tuple[str, ...]:
    if isinstance(entry, Claim):
        if entry.statement is not None:
            return (entry.statement,)
        return (entry.range or "", entry.equals or "")
    return entry.steps


def _identity(entry: Entry, result: Result | None) -> Identity:
    text = _entry_text(entry)
    return Identity(
        file=entry.file,
        name=entry.name,
        kind=entry.kind,
        text=text,
        assume=entry.assume,
        expected=entry.expect,
        verdict=result.verdict if result else "unknown",
        ok=result.ok if result else False,
        message=result.message if result else "not checked",
        note=entry.note,
        corrects=entry.corrects,
        activations=_activations_in((*text, *entry.assume)),
    )


def _valid_checked_file(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], SourceFile)
        and all(isinstance(e, Claim | Derivation) for e in value[0].entries)
        and isinstance(value[1], tuple)
        and all(isinstance(r, Result) for r in value[1])
    )


def _checked_files(
    paths: Sequence[Path], cache: Cache, jobs: int | None, timeout: float | None
) -> tuple[list[SourceFile], dict[tuple[str, str], Result]]:
    """Each derivation file with its entries' results: from the cache (keyed
    by the file's bytes), or loaded and checked now."""
    sources: dict[Path, SourceFile] = {}
    results: dict[tuple[str, str], Result] = {}
    keys = {path: f"{timeout}\0{path}\0{path.read_bytes()!r}" for path in paths}
    missed: list[SourceFile] = []
    for path in paths:
        cached = cache.get("derivations", keys[path], check=_valid_checked_file)
        if cached is not None:
            sources[path] = cached[0]
            results.update({(r.file, r.name): r for r in cached[1]})
        else:
            sources[path] = load_file(path)
            missed.append(sources[path])
    if missed:
        fresh = verify([s.path for s in missed], jobs=jobs, timeout=timeout)
        for source in missed:
            mine = tuple(r for r in fresh if r.file == source.path)
            results.update({(r.file, r.name): r for r in mine})
            if all(r.verdict != "unknown" and r.kind != "error" for r in mine):
                cache.put("derivations", keys[Path(source.path)], (source, mine))
    return [sources[path] for path in paths], results


def _audit(source: SourceFile, identities: dict[str, Identity]) -> AuditFile:
    corrections: dict[str, list[Identity]] = {}
    for identity in identities.values():
        for name in identity.corrects:
            corrections.setdefault(name, []).append(identity)
    rows = tuple(
        AuditRow(identities[entry.name], tuple(corrections.get(entry.name, ())))
        for entry in source.entries
        if not entry.corrects
    )
    return AuditFile(source.path, source.title, source.source, rows)


def build_sheet(
    names: Sequence[str] | None = None,
    *,
    derivations: str | os.PathLike[str] | None = "derivations",
    title: str | None = None,
    cache: Cache | None = None,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
) -> Sheet:
    """The reference sheet for ``names`` (default: the whole catalogue).

    ``derivations`` is a folder (or file) of derivation files: entries that
    call an activation are listed in its section with their verdicts, and
    files with a ``source`` (audited notes) make the audit section. ``None``
    leaves both out. ``timeout`` limits each activation's analysis and each
    derivation entry, in seconds.

    Raises
    ======
    UnknownActivationError
        for a name not in the catalogue.
    FileNotFoundError
        if ``derivations`` does not exist.
    """
    from symact import __version__

    records = [get(name) for name in names] if names else list(CATALOGUE)
    records = list({r.name: r for r in records}.values())
    cache = cache or Cache(None)
    paths = collect_files([os.fspath(derivations)]) if derivations else []
    workers = max(1, jobs or os.cpu_count() or 1)
    computed = _all_facts(records, cache, workers, timeout, progress)
    statistics = _all_statistics(records, cache, workers, timeout)
    if progress:
        progress("computed the Gaussian statistics")
    sources, results = _checked_files(paths, cache, jobs, timeout)
    if sources and progress:
        progress(f"checked {len(results)} entries")

    by_file: dict[str, dict[str, Identity]] = {
        source.path: {
            entry.name: _identity(entry, results.get((entry.file, entry.name)))
            for entry in source.entries
        }
        for source in sources
    }
    library = [
        identity
        for source in sources
        if not source.source
        for identity in by_file[source.path].values()
    ]
    pages = []
    for record, (data, problem), moments in zip(records, computed, statistics, strict=True):
        math = {field: data[field] for field in MATH_FIELDS}
        description = assemble(record, {}, **math)
        mine = tuple(i for i in library if record.name in i.activations)
        pages.append(
            ActivationPage(
                record, data["formulas"], description, data["plot"], mine, problem, moments
            )
        )
    audit = tuple(_audit(s, by_file[s.path]) for s in sources if s.source)
    return Sheet(title or DEFAULT_TITLE, __version__, tuple(pages), audit)
