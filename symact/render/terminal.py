"""Terminal rendering with rich: colour and box tables on a terminal, the
same layout without escape codes when piped."""

from __future__ import annotations

from collections.abc import Iterable

import sympy
from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from symact.catalogue import Activation
from symact.describe import Description
from symact.prover.verdict import Verdict

__all__ = ["make_console", "render_catalogue", "render_description", "render_verdict"]

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


def render_description(d: Description, console: Console) -> None:
    """``symact show NAME``: formulas, parameters, kinks, frameworks."""
    title = Text(d.name, style="bold cyan")
    if d.aliases:
        title.append(f"  (alias {', '.join(d.aliases)})", style="dim")
    title.append(f"  {d.family}", style="magenta")
    parts: list[object] = [Text(d.summary), _formula_table(d)]
    for part in (_parameter_table(d), _kink_table(d), _framework_table(d)):
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
