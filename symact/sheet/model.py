"""The records a reference sheet is made of.

:func:`symact.sheet.build_sheet` fills them; :mod:`symact.render.latex`
turns them into a LaTeX document. Formulas are SymPy objects, verdicts come
from the prover, plot coordinates from symact's own NumPy kernels: nothing
here is typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, Matrix

from symact.catalogue import Activation
from symact.describe import Description
from symact.statistics.report import GaussianStats

__all__ = [
    "ActivationPage",
    "AuditFile",
    "AuditRow",
    "Curve",
    "Formulas",
    "Identity",
    "Plot",
    "Sheet",
]


@dataclass(frozen=True)
class Formulas:
    """An activation's formulas with its parameters as symbols (``alpha``,
    not 1): the function, its definition, f' and f'' (a scalar activation)
    or the Jacobian (a vector one). A derivative is ``None`` where its form
    depends on the parameters' values (ELU' at 0 exists only for alpha = 1);
    the description at the defaults then has it."""

    expr: Expr
    definition: Expr
    derivative: Expr | None
    second_derivative: Expr | None
    jacobian: Matrix | None


@dataclass(frozen=True)
class Curve:
    """One plotted function: ``label`` (``"f"`` or ``"f'"``) and its pieces.

    ``segments`` are runs of ``(x, y)`` points to be joined by lines; the
    curve is broken between segments (at a jump, or where it leaves the plot).
    """

    label: str
    segments: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class Plot:
    """Coordinates of f and f' over ``[x_min, x_max]``, computed with the
    activation's accurate kernels; ``y_min``/``y_max`` frame them.

    ``slice`` describes what is plotted for a vector activation (``"z = (x, 0),
    first output"``); it is empty for a scalar one.
    """

    x_min: float
    x_max: float
    y_min: float
    y_max: float
    curves: tuple[Curve, ...]
    slice: str = ""


@dataclass(frozen=True)
class Identity:
    """An entry of a derivations folder with the verdict symact reached.

    ``text`` holds the statement (one item), the range expression and the
    interval it is claimed to equal (two items), or a derivation's steps.
    ``corrects`` names the entries this one corrects, if any.
    """

    file: str
    name: str
    kind: str
    text: tuple[str, ...]
    assume: tuple[str, ...]
    expected: str
    verdict: str
    ok: bool
    message: str = ""
    note: str = ""
    corrects: tuple[str, ...] = ()
    activations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivationPage:
    """One activation's section: its record, its general formulas, its
    description at the default parameters (kinks, properties), its plot
    and the identities that concern it; ``statistics`` its Gaussian moments
    and gain (``None`` for a vector activation or when they ran out of time).
    ``problem`` says why a part is missing (the analysis ran out of time)."""

    record: Activation
    formulas: Formulas
    description: Description
    plot: Plot | None
    identities: tuple[Identity, ...]
    problem: str = ""
    statistics: GaussianStats | None = None


@dataclass(frozen=True)
class AuditRow:
    """A claim from a set of notes and the entries that correct it."""

    claim: Identity
    corrections: tuple[Identity, ...]


@dataclass(frozen=True)
class AuditFile:
    """One audited set of notes: its title, where it came from, its claims."""

    path: str
    title: str
    source: str
    rows: tuple[AuditRow, ...]


@dataclass(frozen=True)
class Sheet:
    """A whole reference sheet."""

    title: str
    version: str
    pages: tuple[ActivationPage, ...]
    audit: tuple[AuditFile, ...]
