"""What ``symact show`` reports about one activation: definition, derivatives
(or Jacobian), parameters and kinks with the frameworks' conventions.

:func:`describe` is the engine; renderers (terminal, JSON) turn the returned
:class:`Description` into text and hold no mathematics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Expr, Matrix, Symbol

from symact.analysis import Properties, analyze
from symact.calculus import kinks
from symact.catalogue import Activation, FrameworkNote, get

__all__ = [
    "MATH_FIELDS",
    "Description",
    "Kink",
    "ParameterValue",
    "assemble",
    "describe",
    "mathematics",
]

#: the fields of a :class:`Description` computed from the mathematics (the
#: others are the record's metadata): what a worker process sends back
MATH_FIELDS = (
    "expr",
    "definition",
    "derivative",
    "second_derivative",
    "jacobian",
    "kinks",
    "properties",
)


@dataclass(frozen=True)
class ParameterValue:
    """A parameter as shown: its value in this description and its default."""

    name: str
    value: Expr | None
    default: Expr | None
    description: str
    learnable: bool


@dataclass(frozen=True)
class Kink:
    """A point where the derivative does not exist.

    ``location`` is the point (``0``) for a scalar activation and the tie
    (``Eq(z1, z2)``) for maxout. ``conventions`` lists what each framework's
    autograd returns there, as ``(framework, value)``.
    """

    location: Expr
    left_derivative: Expr | None
    right_derivative: Expr | None
    continuous: bool
    conventions: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True)
class Description:
    """Everything ``symact show`` prints, as SymPy objects."""

    name: str
    aliases: tuple[str, ...]
    family: str
    summary: str
    parameters: tuple[ParameterValue, ...]
    inputs: tuple[Symbol, ...]
    expr: Expr
    definition: Expr
    derivative: Expr | None
    second_derivative: Expr | None
    jacobian: Matrix | None
    kinks: tuple[Kink, ...]
    frameworks: tuple[FrameworkNote, ...]
    references: tuple[str, ...]
    formula: str
    properties: Properties | None = None

    @property
    def vector(self) -> bool:
        """True for a vector activation (it has a Jacobian, not f' and f'')."""
        return self.jacobian is not None


def _conventions(
    record: Activation, point: Expr, bound: dict[str, Expr]
) -> tuple[tuple[str, Expr], ...]:
    t = sympy.Dummy("t", real=True)
    return tuple(
        (note.framework, note.gradient(t, bound).subs(t, point))
        for note in record.frameworks
        if note.gradient is not None
    )


def _scalar_kinks(record: Activation, bound: dict[str, Expr]) -> tuple[Kink, ...]:
    (x,) = record.inputs()
    applied = record.expr(x, **bound)
    return tuple(
        Kink(
            location=k.point,
            left_derivative=k.left_derivative,
            right_derivative=k.right_derivative,
            continuous=k.continuous,
            conventions=_conventions(record, k.point, bound),
        )
        for k in kinks(applied, x)
    )


def _vector_kinks(record: Activation, inputs: tuple[Symbol, ...]) -> tuple[Kink, ...]:
    locations = record.function.kink_locations(*inputs)
    return tuple(Kink(where, None, None, True, ()) for where in locations)


def assemble(record: Activation, params: dict[str, Any], **mathematics: Any) -> Description:
    """A :class:`Description` of ``record`` at ``params`` from its
    mathematical fields (``expr``, ``definition``, ``derivative``, ...,
    computed by :func:`describe` or read back from a cache) and the record's
    metadata."""
    bound = record.bind(params)
    parameters = tuple(
        ParameterValue(p.name, bound.get(p.name), p.default, p.description, p.learnable)
        for p in record.parameters
    )
    return Description(
        name=record.name,
        aliases=record.aliases,
        family=record.family,
        summary=record.summary,
        parameters=parameters,
        inputs=record.inputs(**params),
        frameworks=record.frameworks,
        references=record.references,
        formula=record.formula,
        **mathematics,
    )


def mathematics(name: str, params: dict[str, Any], properties: bool = True) -> dict[str, Any]:
    """The :data:`MATH_FIELDS` of ``describe(name, **params)``: picklable
    (records hold lambdas), for :func:`assemble` in another process."""
    description = describe(name, properties=properties, **params)
    return {field: getattr(description, field) for field in MATH_FIELDS}


def describe(
    activation: str | Activation, *, properties: bool = True, **params: Any
) -> Description:
    """Describe ``activation`` at the given parameter values (defaults else).

    ``properties=False`` skips the analysis (the profile of :func:`analyze`).

    >>> d = describe("leaky_relu", negative_slope=0.2)
    >>> d.definition, d.derivative
    (Piecewise((x, x > 0), (x/5, True)), Piecewise((1/5, x < 0), (1, x > 0)))
    >>> [(k.location, k.left_derivative, k.right_derivative, dict(k.conventions)) for k in d.kinks]
    [(0, 1/5, 1, {'pytorch': 1/5, 'jax': 1})]
    """
    record = get(activation) if isinstance(activation, str) else activation
    bound = record.bind(params)
    inputs = record.inputs(**params)
    if record.vector:
        expr = record.expr(inputs, **params)
        definition = record.definition(inputs, **params)
        jacobian = record.jacobian(inputs, **params)
        return assemble(
            record,
            params,
            expr=expr,
            definition=definition,
            derivative=None,
            second_derivative=None,
            jacobian=jacobian,
            kinks=_vector_kinks(record, inputs),
        )
    (x,) = inputs
    expr = record.expr(x, **params)
    definition = record.definition(x, **params)
    first = record.derivative(1, None, x, **params)
    second = record.derivative(2, None, x, **params)
    return assemble(
        record,
        params,
        expr=expr,
        definition=definition,
        derivative=first,
        second_derivative=second,
        jacobian=None,
        kinks=_scalar_kinks(record, bound),
        properties=analyze(record, x, **params) if properties else None,
    )
