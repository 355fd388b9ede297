"""Terminal rendering with rich: colour and box tables on a terminal, the
same layout without escape codes when piped."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import sympy
from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from symact.analysis import Extremum, Properties, RangeReport
from symact.catalogue import Activation
from symact.derivations.model import Result
from symact.describe import Description
from symact.errors import printable
from symact.printing import set_text, value_text
from symact.prover.verdict import Verdict
from symact.statistics.report import GaussianStats

if TYPE_CHECKING:
    from symact.numeric.accuracy import ErrorStats
    from symact.numeric.numcheck import NumcheckReport

__all__ = [
    "make_console",
    "render_catalogue",
    "render_comparison",
    "render_description",
    "render_numcheck",
    "render_range",
    "render_stats",
    "render_verdict",
    "render_verification",
]

FRAMEWORK_LABELS = {"pytorch": "PyTorch", "jax": "JAX", "keras": "Keras"}


def make_console(file: object = None) -> Console:
    """A console that is rich on a terminal and plain (no colour, 100
    columns unless ``COLUMNS`` says otherwise) when piped."""
    console = Console(file=file, highlight=False)  # type: ignore[arg-type]
    if not console.is_terminal:
        console = Console(file=file, highlight=False, no_color=True, width=max(console.width, 100))  # type: ignore[arg-type]
    return console


def pretty(expr: sympy.Basic) -> str:
    """Unicode 2-D rendering of a SymPy expression, never line-wrapped."""
    return str(sympy.pretty(expr, use_unicode=True, wrap_line=False))


def _parameter_text(record: Activation) -> str:
    parts = []
    for p in record.parameters:
        default = "optional" if p.default is None else str(p.default)
        parts.append(f"{p.name}={default}")
    return ", ".join(parts) or "-"


def render_catalogue(records: Iterable[Activation], console: Console) -> None:
    """``symact list``: the catalogue as one table."""
    records = list(records)
    table = Table(title=f"symact catalogue ({len(records)} activations)", box=box.SIMPLE_HEAD)
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("aliases")
    table.add_column("family")
    table.add_column("parameters (PyTorch defaults)")
    for record in records:
        table.add_row(
            record.name, ", ".join(record.aliases) or "-", record.family, _parameter_text(record)
        )
    console.print(table)


def _formula_table(d: Description) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_header=False, padding=(0, 1, 1, 1))
    table.add_column("what", style="bold", no_wrap=True, min_width=10)
    table.add_column("formula", no_wrap=True, overflow="fold")
    if d.jacobian is None:
        (x,) = d.inputs
        table.add_row(f"f({x})", pretty(d.expr))
        table.add_row("definition", pretty(d.definition))
        table.add_row(f"f'({x})", pretty(d.derivative) if d.derivative is not None else "-")
        table.add_row(
            f"f''({x})", pretty(d.second_derivative) if d.second_derivative is not None else "-"
        )
        return table
    variables = ", ".join(str(v) for v in d.inputs)
    table.add_row(f"f({variables})", pretty(d.expr))
    table.add_row("definition", pretty(d.definition))
    rows, columns = d.jacobian.shape
    for i in range(rows):
        for j in range(columns):
            output = f"f{i + 1}" if rows > 1 else "f"
            table.add_row(f"∂{output}/∂{d.inputs[j]}", pretty(d.jacobian[i, j]))
    return table


def _parameter_table(d: Description) -> Table | None:
    if not d.parameters:
        return None
    table = Table(title="parameters", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("name", "value", "PyTorch default", "meaning"):
        table.add_column(column)
    for p in d.parameters:
        value = "-" if p.value is None else str(p.value)
        default = "-" if p.default is None else str(p.default)
        meaning = p.description + (" (learnable)" if p.learnable else "")
        table.add_row(p.name, value, default, meaning)
    return table


def _kink_table(d: Description) -> Table | Text:
    if not d.kinks:
        return Text("kinks: none (differentiable everywhere)", style="dim")
    frameworks = [
        f for f in FRAMEWORK_LABELS if any(f == c for k in d.kinks for c, _ in k.conventions)
    ]
    table = Table(
        title="kinks: the derivative does not exist here", box=box.SIMPLE_HEAD, title_justify="left"
    )
    table.add_column("at")
    table.add_column("f' from the left")
    table.add_column("f' from the right")
    for framework in frameworks:
        table.add_column(f"{FRAMEWORK_LABELS[framework]} uses")
    for k in d.kinks:
        conventions = dict(k.conventions)
        row = [
            str(k.location),
            "-" if k.left_derivative is None else str(k.left_derivative),
            "-" if k.right_derivative is None else str(k.right_derivative),
        ]
        row += [str(conventions.get(f, "-")) for f in frameworks]
        table.add_row(*row)
    return table


def _framework_table(d: Description) -> Table | None:
    if not d.frameworks:
        return None
    table = Table(title="in the frameworks", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("framework", no_wrap=True)
    table.add_column("API")
    table.add_column("differs / notes")
    for note in d.frameworks:
        differs = ", ".join(f"{name}={value}" for name, value in note.defaults)
        text = "; ".join(t for t in (f"defaults {differs}" if differs else "", note.note) if t)
        table.add_row(FRAMEWORK_LABELS[note.framework], note.api, text or "-")
    return table


def _where_text(e: Extremum) -> str:
    return ", ".join(set_text(w) if isinstance(w, sympy.Set) else str(w) for w in e.where)


def _extremum_text(e: Extremum | None) -> str:
    if e is None:
        return "unknown"
    where = _where_text(e)
    if e.attained:
        on = "on x in" if any(isinstance(w, sympy.Set) for w in e.where) else "at x ="
        return f"{e.value} {on} {where}"
    return f"{e.value}, not attained (x -> {where})"


def _flag(value: object) -> str:
    if value is None:
        return "unknown"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _limit_text(value: sympy.Basic | None) -> str:
    return "unknown" if value is None else value_text(value)


def property_rows(p: Properties) -> list[tuple[str, str]]:
    """The analysis as (property, text) rows, shared by show and compare."""
    unknown = "unknown"
    saturates = unknown if p.saturates is None else (", ".join(p.saturates) or "no")
    return [
        ("range", unknown if p.range is None else set_text(p.range)),
        (
            "derivative range",
            unknown if p.derivative_range is None else set_text(p.derivative_range),
        ),
        ("minimum", _extremum_text(p.minimum)),
        ("maximum", _extremum_text(p.maximum)),
        ("limit at -oo", _limit_text(p.limits.get("-oo"))),
        ("limit at oo", _limit_text(p.limits.get("oo"))),
        (
            "asymptote at -oo",
            "none" if p.asymptotes.get("-oo") is None else f"y = {p.asymptotes['-oo']}",
        ),
        (
            "asymptote at oo",
            "none" if p.asymptotes.get("oo") is None else f"y = {p.asymptotes['oo']}",
        ),
        ("f(0)", unknown if p.value_at_0 is None else value_text(p.value_at_0)),
        ("f'(0)", unknown if p.derivative_at_0 is None else value_text(p.derivative_at_0)),
        (
            "continuity",
            unknown
            if p.continuity is None
            else f"C^{p.continuity}"
            if p.continuity != -1
            else "discontinuous",
        ),
        ("monotonic", _flag(p.monotonic)),
        ("f' monotonic", _flag(p.derivative_monotonic)),
        ("convex", _flag(p.convex)),
        ("bounded below / above", f"{_flag(p.bounded_below)} / {_flag(p.bounded_above)}"),
        ("saturates (f' -> 0)", saturates),
        ("zero-centred (E f(z) = 0)", _flag(p.zero_centered)),
        ("odd / even", f"{_flag(p.odd)} / {_flag(p.even)}"),
        ("identity near 0", _flag(p.identity_near_origin)),
        ("Lipschitz (sup |f'|)", unknown if p.lipschitz is None else str(p.lipschitz)),
    ]


def _properties_table(p: Properties) -> Table:
    table = Table(title="properties", box=box.SIMPLE_HEAD, title_justify="left", show_header=False)
    table.add_column("property", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, value in property_rows(p):
        table.add_row(name, value)
    for name, reason in p.unknown.items():
        table.add_row(Text(f"unknown: {name}", style="yellow"), reason)
    if p.numeric:
        note = "certified numeric values (35 digits), no closed form found"
        table.add_row(Text(f"numeric: {', '.join(p.numeric)}", style="cyan"), note)
    return table


def render_description(d: Description, console: Console) -> None:
    """``symact show NAME``: formulas, parameters, kinks, properties, frameworks."""
    title = Text(d.name, style="bold cyan")
    if d.aliases:
        title.append(f"  (alias {', '.join(d.aliases)})", style="dim")
    title.append(f"  {d.family}", style="magenta")
    parts: list[object] = [Text(d.summary), _formula_table(d)]
    properties = _properties_table(d.properties) if d.properties is not None else None
    for part in (_parameter_table(d), _kink_table(d), properties, _framework_table(d)):
        if part is not None:
            parts.append(part)
    if d.references:
        parts.append(Text("references: " + "; ".join(d.references), style="dim"))
    console.print(Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED))  # type: ignore[arg-type]


VERDICT_STYLES = {"proven": "bold green", "refuted": "bold red", "unknown": "bold yellow"}


def render_verdict(v: Verdict, console: Console) -> None:
    """``symact check``: the verdict, how it was reached, and the evidence."""
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("claim", v.statement)
    if v.assumptions:
        table.add_row("assuming", "; ".join(v.assumptions))
    table.add_row("verdict", Text(v.verdict, style=VERDICT_STYLES[v.verdict]))
    table.add_row("method", v.method)
    if v.counterexample is not None:
        shown = ", ".join(f"{name} = {value}" for name, value in v.counterexample.items())
        table.add_row("counterexample", shown or "(the claim has no variables)")
    if v.reason:
        table.add_row("reason", v.reason)
    table.add_row("time", f"{v.seconds:.2f} s")
    parts: list[object] = [table]
    if v.certificate:
        title = "certificate" if v.verdict == "proven" else "evidence"
        steps = Text("\n".join(v.certificate))
        parts.append(Panel(steps, title=title, title_align="left", box=box.SIMPLE))
    heading = Text(v.verdict.upper(), style=VERDICT_STYLES[v.verdict])
    console.print(Panel(Group(*parts), title=heading, title_align="left", box=box.ROUNDED))  # type: ignore[arg-type]


def render_comparison(profiles: dict[str, Properties], console: Console) -> None:
    """``symact compare``: one column per activation."""
    table = Table(box=box.SIMPLE_HEAD, title="properties compared", title_justify="left")
    table.add_column("property", style="bold", no_wrap=True)
    for name in profiles:
        table.add_column(name, overflow="fold")
    rows = {name: dict(property_rows(p)) for name, p in profiles.items()}
    for key, _ in property_rows(next(iter(profiles.values()))):
        table.add_row(key, *(rows[name][key] for name in profiles))
    console.print(table)


def render_range(report: RangeReport, text: str, console: Console) -> None:
    """``symact range``: the exact range and the extrema."""
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("expression", text)
    if report.variable is not None:
        table.add_row("for", f"{report.variable} in {set_text(report.domain)}")
    table.add_row("range", Text(set_text(report.range), style="bold green"))
    table.add_row("minimum", _extremum_text(report.minimum))
    table.add_row("maximum", _extremum_text(report.maximum))
    console.print(Panel(table, title="RANGE", title_align="left", box=box.ROUNDED))


def render_verification(
    run: Callable[[Callable[[Result], None]], list[Result]], console: Console
) -> list[Result]:
    """``symact verify``: a progress bar while ``run`` works, then the table
    (file, entry, expected, verdict, time) and a summary line."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("entries", total=None)
        results = run(lambda result: progress.advance(task))
    if not results:
        return results
    table = Table(box=box.SIMPLE_HEAD, title="verification", title_justify="left")
    for column in ("file", "entry", "expected", "verdict", "time"):
        table.add_column(column, overflow="fold", no_wrap=column != "entry")
    for r in results:
        style = "green" if r.ok else "bold red"
        mark = "ok" if r.ok else "FAILED"
        # names and messages come from files: shown as plain, printable text
        # (an entry named "[/]" is not rich markup; "\x1b[2J" not a command)
        table.add_row(
            Text(printable(Path(r.file).name) + (f":{r.line}" if r.line else "")),
            Text(printable(r.name)),
            r.expected,
            Text(f"{r.verdict} ({mark})", style=style),
            f"{r.seconds:.2f} s",
        )
    console.print(table)
    for r in results:
        if not r.ok:
            detail = r.message
            if r.counterexample:
                detail += "; counterexample " + ", ".join(
                    f"{k} = {v}" for k, v in r.counterexample.items()
                )
            line = printable(f"{r.file}:{r.line or '-'}: {r.name}: {detail}")
            console.print(Text(line, style="red"))
    ok = sum(1 for r in results if r.ok)
    style = "bold green" if ok == len(results) else "bold red"
    console.print(Text(f"{len(results)} entries: {ok} ok, {len(results) - ok} failed", style=style))
    return results


def _error_text(value: float) -> str:
    return "0" if value == 0 else f"{value:.2e}"


def _at_text(point: tuple[float, ...] | None) -> str:
    if point is None:
        return "-"
    return ", ".join(f"{v:.6g}" for v in point)


def _result_text(stats: ErrorStats, enforced: bool) -> Text:
    if stats.passed:
        return Text("ok" if enforced else "exact", style="green")
    if enforced:
        return Text(f"FAIL ({stats.failures} points)", style="bold red")
    return Text(f"differs at {stats.failures}", style="yellow")


def render_numcheck(report: NumcheckReport, console: Console) -> None:
    """``symact numcheck``: worst errors per activation, quantity and
    implementation, then where each implementation leaves the tolerance."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"kernels against exact values ({report.against}), ~{report.points} points each",
        title_justify="left",
    )
    columns = ("activation", "", "implementation", "max rel. error", "at", "max abs. error")
    for column in columns:
        table.add_column(column, no_wrap=True)
    table.add_column("result", no_wrap=True)
    previous = None
    for row in report.rows:
        s = row.stats
        name = row.activation if row.activation != previous else ""
        previous = row.activation
        ulps = "" if s.ulps is None else f" ({s.ulps:.0f} ulp)" if s.ulps < 1e6 else " (>1e6 ulp)"
        table.add_row(
            name,
            row.quantity,
            row.implementation,
            _error_text(s.worst_relative) + ulps,
            _at_text(s.at_relative),
            _error_text(s.worst_absolute),
            _result_text(s, row.enforced),
        )
    console.print(table)
    for row in report.rows:
        s = row.stats
        if not s.passed:
            where = _at_text(s.worst_failure)
            style = "red" if row.enforced else "yellow"
            console.print(
                Text(
                    f"{row.implementation} {row.activation} {row.quantity} at ({where}): "
                    f"{s.failure_detail}",
                    style=style,
                )
            )
    enforced = [r for r in report.rows if r.enforced]
    ok = sum(1 for r in enforced if r.stats.passed)
    style = "bold green" if ok == len(enforced) else "bold red"
    console.print(Text(f"symact kernels: {ok} of {len(enforced)} within tolerance", style=style))


STAT_LABELS = {
    "mean": "E[f(z)]",
    "second_moment": "E[f(z)^2]",
    "variance": "Var f(z)",
    "derivative_mean": "E[f'(z)]",
    "derivative_second_moment": "E[f'(z)^2]",
    "gain": "gain 1/sqrt(E[f(z)^2])",
}


def _stat_value(value: sympy.Basic | None, numeric: bool) -> Text:
    if value is None:
        return Text("unknown", style="yellow")
    if numeric:
        return Text(f"{value} (numeric)", style="cyan")
    shown = str(value)
    decimal = sympy.N(value, 12)
    if decimal.is_Number and str(decimal) != shown:
        shown += f" = {decimal}"
    return Text(shown)


def render_stats(s: GaussianStats, console: Console) -> None:
    """``symact stats NAME``: Gaussian moments, the gain beside PyTorch's,
    derived constants."""
    table = Table(box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("quantity", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for key, label in STAT_LABELS.items():
        moment = getattr(s, key)
        table.add_row(Text(label), _stat_value(moment.value, moment.numeric))
    if s.pytorch_gain is not None and not s.standard_input:
        table.add_row(Text("PyTorch's gain"), Text("compared for z ~ N(0, 1) only", style="dim"))
    elif s.pytorch_gain is not None:
        verdict = {
            True: Text("reproduced exactly", style="green"),
            False: Text("differs from the derived gain", style="yellow"),
            None: Text("undecided", style="yellow"),
        }[s.gain_reproduced]
        shown = Text(f"{s.pytorch_gain} = {sympy.N(s.pytorch_gain, 12)}  ")
        shown.append_text(verdict)
        shown.append(f"  ({s.pytorch_gain_rationale})", style="dim")
        table.add_row(Text("PyTorch's gain"), shown)
    else:
        none = Text("none (calculate_gain has no entry)", style="dim")
        table.add_row(Text("PyTorch's gain"), none)
    parts: list[object] = [table]
    if s.derived_constants:
        constants = Table(title="derived constants", box=box.SIMPLE_HEAD, title_justify="left")
        constants.add_column("constant", style="bold")
        constants.add_column("closed form", overflow="fold")
        constants.add_column("value", overflow="fold")
        constants.add_column("framework's value", overflow="fold")
        for name, c in s.derived_constants.items():
            theirs = "-" if c.framework is None else f"{c.framework} ({c.agreement} digits agree)"
            constants.add_row(name, Text(str(c.value)), c.digits, Text(theirs))
        parts.append(constants)
    if s.numeric:
        parts.append(
            Text(
                "numeric: 35 significant digits (two quadrature runs agree to 40), "
                "no closed form found",
                style="cyan",
            )
        )
    parts.extend(Text(note, style="dim") for note in s.notes)
    distribution = "N(0, 1)" if s.standard_input else f"N({s.input_mean}, {s.input_std}**2)"
    title = Text(s.name, style="bold cyan")
    title.append(f"  z ~ {distribution}", style="magenta")
    if s.parameters:
        shown_params = ", ".join(f"{k}={v}" for k, v in s.parameters.items())
        title.append(f"  {shown_params}", style="dim")
    console.print(Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED))  # type: ignore[arg-type]
