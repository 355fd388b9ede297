"""The frozen records the catalogue is made of.

One :class:`Activation` per activation holds its metadata — name, aliases,
family, parameters with defaults, what the frameworks do, references — and
the SymPy function class that holds its mathematics. Records validate
themselves on construction, so a malformed catalogue entry fails at import,
not in a user's hands.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sympy import Expr, Matrix, Symbol

from symact.errors import ParameterError
from symact.symbols import exact, vector_symbols
from symact.symbols import x as default_x

__all__ = ["Activation", "FrameworkNote", "Parameter"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
FRAMEWORKS = ("pytorch", "jax", "keras")

#: A rule ``(x, params) -> Expr`` building an expression from the input and
#: the bound parameter values.
Rule = Callable[[Expr, Mapping[str, Expr]], Expr]


def _check_name(name: str, what: str) -> None:
    if not _NAME.match(name) or keyword.iskeyword(name):
        raise ValueError(f"{what} {name!r} must be a lower-case identifier")


@dataclass(frozen=True)
class Parameter:
    """A parameter of an activation.

    ``kind`` is ``"value"`` for a number in the formula (``alpha``) and
    ``"size"`` for the length of a vector input (softmax's ``n``). ``symbol``
    carries the assumptions symbolic reasoning may use (``alpha`` positive);
    values that contradict them are refused. A ``default`` of ``None`` marks
    an optional parameter (RReLU's sampled training slope).
    """

    name: str
    default: Expr | None
    symbol: Symbol
    latex: str
    description: str
    learnable: bool = False
    kind: Literal["value", "size"] = "value"
    minimum: int = 1

    def __post_init__(self) -> None:
        _check_name(self.name, "parameter name")
        if self.symbol.name != self.name:
            raise ValueError(f"parameter {self.name!r} has symbol {self.symbol.name!r}")
        if self.default is not None:
            self.validate(self.default)

    def validate(self, value: Expr) -> Expr:
        """Return ``value`` if it is allowed for this parameter, else raise."""
        if self.kind == "size":
            if not (value.is_Integer and int(value) >= self.minimum):
                raise ParameterError(
                    f"{self.name} must be an integer >= {self.minimum}, got {value}"
                )
            return value
        if not value.is_number:
            return value
        if value.is_real is False or not value.is_finite:
            raise ParameterError(f"{self.name} must be a finite real number, got {value}")
        for assumption in ("positive", "nonnegative", "negative", "nonpositive"):
            if (
                self.symbol.assumptions0.get(assumption)
                and getattr(value, f"is_{assumption}") is False
            ):
                raise ParameterError(f"{self.name} must be {assumption}, got {value}")
        return value


@dataclass(frozen=True)
class FrameworkNote:
    """What one framework calls an activation, its defaults, and the
    derivative its autograd computes.

    ``gradient`` mirrors the framework's backward formula as a ``Piecewise``
    whose branch conditions say which branch owns each kink; evaluated at a
    kink it gives the framework's convention (PyTorch's relu'(0) = 0).
    ``defaults`` lists only the parameters whose default differs from
    PyTorch's (which the record's parameters hold).
    """

    framework: str
    api: str
    defaults: tuple[tuple[str, Expr], ...] = ()
    note: str = ""
    gradient: Rule | None = field(default=None, compare=False, repr=False)
    source: str = ""

    def __post_init__(self) -> None:
        if self.framework not in FRAMEWORKS:
            raise ValueError(f"unknown framework {self.framework!r}; expected one of {FRAMEWORKS}")


@dataclass(frozen=True)
class Activation:
    """One catalogue entry: metadata plus the SymPy function holding the math.

    ``function`` is the SymPy ``Function`` class applied by :meth:`expr`; its
    exact definition comes from the class (``definition_of``) unless the
    record gives ``definition_rule`` (SymPy's own ``tanh``). Vector
    activations (``vector=True``) take their inputs as ``z1 ... zn`` with the
    size given by their ``"size"`` parameter.
    """

    name: str
    function: Any
    family: str
    summary: str
    aliases: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    frameworks: tuple[FrameworkNote, ...] = ()
    references: tuple[str, ...] = ()
    vector: bool = False
    definition_rule: Callable[..., Expr] | None = field(default=None, compare=False)
    doc: str = ""

    def __post_init__(self) -> None:
        _check_name(self.name, "activation name")
        for alias in self.aliases:
            _check_name(alias, "alias")
        if self.name in self.aliases or len(set(self.aliases)) != len(self.aliases):
            raise ValueError(f"{self.name}: aliases must be distinct from each other and the name")
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate parameter names {names}")
        sizes = [p for p in self.parameters if p.kind == "size"]
        if self.vector != bool(sizes) or len(sizes) > 1:
            raise ValueError(f"{self.name}: a vector activation has exactly one size parameter")
        if not self.vector:
            declared = tuple(getattr(self.function, "parameter_names", ()))
            if declared != tuple(names):
                raise ValueError(
                    f"{self.name}: record parameters {names} differ from the function's {declared}"
                )

    # -- parameters ------------------------------------------------------------

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """Parameter names in PyTorch's order."""
        return tuple(p.name for p in self.parameters)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``."""
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(self.parameter_names) or "none"
        raise ParameterError(f"{self.name} has no parameter {name!r} (parameters: {known})")

    @property
    def defaults(self) -> dict[str, Expr | None]:
        """PyTorch's defaults, by parameter name (``None``: optional)."""
        return {p.name: p.default for p in self.parameters}

    def bind(self, params: Mapping[str, object], *, symbolic: bool = False) -> dict[str, Expr]:
        """Exact values for every parameter: those given, else the default
        (or the parameter's symbol with ``symbolic=True``). Optional
        parameters not given are left out.

        >>> from symact import get
        >>> get("elu").bind({"alpha": 0.5})
        {'alpha': 1/2}
        >>> get("elu").bind({}, symbolic=True)
        {'alpha': alpha}
        """
        bound: dict[str, Expr] = {}
        for name in params:
            self.parameter(name)
        for p in self.parameters:
            if p.name in params:
                value = exact(params[p.name], what=f"{self.name} parameter {p.name!r}")
                bound[p.name] = p.validate(value)
            elif symbolic and p.kind == "value" and p.default is not None:
                bound[p.name] = p.symbol
            elif p.default is not None:
                bound[p.name] = p.default
        return bound

    def _value_args(self, bound: Mapping[str, Expr]) -> list[Expr]:
        return [bound[p.name] for p in self.parameters if p.kind == "value" and p.name in bound]

    def _size(self, bound: Mapping[str, Expr]) -> int:
        (size,) = (p for p in self.parameters if p.kind == "size")
        return int(bound[size.name])

    def inputs(self, **params: Any) -> tuple[Symbol, ...]:
        """Default input symbols: ``(x,)``, or ``(z1, ..., zn)`` for a vector activation."""
        if not self.vector:
            return (default_x,)
        return vector_symbols(self._size(self.bind(params)))

    # -- expressions ---------------------------------------------------------------

    def _vector_inputs(self, x: object, bound: Mapping[str, Expr]) -> tuple[Expr, ...]:
        if x is None:
            return vector_symbols(self._size(bound))
        if isinstance(x, Expr) or not isinstance(x, Sequence):
            raise ParameterError(f"{self.name} takes a sequence of inputs, got {x!r}")
        return tuple(v if isinstance(v, Expr) else exact(v, what=f"{self.name} input") for v in x)

    def expr(self, x: object = None, *, symbolic: bool = False, **params: Any) -> Expr:
        """The activation applied to ``x`` (default :data:`symact.x`), as the
        opaque catalogue function (``sigmoid(x)``, ``leaky_relu(x, 1/100)``).

        For softmax this is the column vector of components; for maxout, the
        maximum of the given inputs (the affine pieces).

        >>> from symact import get, x
        >>> get("leaky_relu").expr(x, negative_slope=0.2)
        leaky_relu(x, 1/5)
        """
        bound = self.bind(params, symbolic=symbolic)
        if self.vector:
            inputs = self._vector_inputs(x, bound)
            vector_form = getattr(self.function, "vector", None)
            return vector_form(inputs) if vector_form else self.function(*inputs)
        arg = default_x if x is None else x
        return self.function(arg, *self._value_args(bound))

    def definition(self, x: object = None, *, symbolic: bool = False, **params: Any) -> Expr:
        """The exact elementary or ``Piecewise`` definition at ``x``.

        >>> from symact import get
        >>> get("sigmoid").definition()
        1/(1 + exp(-x))
        >>> get("elu").definition(symbolic=True)
        Piecewise((x, x > 0), (alpha*(exp(x) - 1), True))
        """
        bound = self.bind(params, symbolic=symbolic)
        if self.vector:
            inputs = self._vector_inputs(x, bound)
            applied = self.expr(inputs, **params)
            if isinstance(applied, Matrix):
                return applied.applyfunc(lambda e: e.rewrite("definition"))
            return applied.rewrite("definition")
        arg = default_x if x is None else x
        if self.definition_rule is not None:
            return self.definition_rule(arg, **bound)
        return self.function.definition_of(arg, *self._value_args(bound))

    def derivative(
        self,
        order: int = 1,
        wrt: object = None,
        x: object = None,
        *,
        symbolic: bool = False,
        **params: Any,
    ) -> Expr:
        """The ``order``-th derivative, compact, undefined exactly at the
        points where it does not exist.

        ``wrt`` is the input (default) or a parameter, by name or symbol
        (PReLU's derivative with respect to its weight). For a vector
        activation the first derivative is the Jacobian.

        >>> from symact import get
        >>> get("sigmoid").derivative()
        (1 - sigmoid(x))*sigmoid(x)
        >>> get("prelu").derivative(wrt="weight")
        Min(0, x)
        >>> get("elu").derivative(2, alpha=2)
        Piecewise((0, x > 0), (2*exp(x), x < 0))
        """
        from symact.calculus import compact, derivative, tidy_piecewise

        if self.vector:
            if order != 1 or wrt is not None:
                raise ParameterError(
                    f"{self.name} is a vector activation: only its Jacobian is available"
                )
            return self.jacobian(x, symbolic=symbolic, **params)
        if isinstance(order, bool) or not isinstance(order, int) or order < 0:
            raise ParameterError(f"derivative order must be a non-negative integer, got {order!r}")
        bound = self.bind(params, symbolic=symbolic)
        arg = default_x if x is None else x
        if not isinstance(arg, Symbol):
            raise ParameterError(f"differentiate with respect to a symbol, not {arg!r}")
        if wrt is not None and wrt not in ("x", arg, getattr(arg, "name", None)):
            return self._parameter_derivative(order, wrt, arg, bound)
        applied = self.function(arg, *self._value_args(bound))
        if order == 1:
            # the declared rule, verified against the definition (kinks
            # included) by the test suite
            return tidy_piecewise(applied.diff(arg), arg)
        return compact(derivative(applied, arg, order))

    def _parameter_derivative(
        self, order: int, wrt: object, arg: Symbol, bound: dict[str, Expr]
    ) -> Expr:
        from symact.calculus import compact

        name = wrt if isinstance(wrt, str) else getattr(wrt, "name", None)
        parameter = self.parameter(str(name))
        if parameter.kind != "value" or parameter.name not in bound:
            raise ParameterError(f"cannot differentiate {self.name} with respect to {name!r}")
        value = bound[parameter.name]
        symbolic = dict(bound, **{parameter.name: parameter.symbol})
        applied = self.function(arg, *self._value_args(symbolic))
        # parameters never appear in branch conditions, so differentiating the
        # declared rules is exact
        result = compact(applied.diff(parameter.symbol, order)) if order else applied
        return result.subs(parameter.symbol, value)

    def jacobian(self, x: object = None, *, symbolic: bool = False, **params: Any) -> Matrix:
        """The Jacobian of a vector activation, in terms of the activation
        (softmax: ``s_i (delta_ij - s_j)``).

        >>> from symact import get
        >>> get("maxout").jacobian()
        Matrix([[Piecewise((1, z1 > z2), (0, z1 < z2)), Piecewise((1, z1 < z2), (0, z1 > z2))]])
        """
        if not self.vector:
            raise ParameterError(f"{self.name} is a scalar activation; use derivative()")
        bound = self.bind(params, symbolic=symbolic)
        inputs = self._vector_inputs(x, bound)
        applied = self.expr(inputs, **params)
        outputs = list(applied) if isinstance(applied, Matrix) else [applied]
        return Matrix([[out.diff(z) for z in inputs] for out in outputs])

    @property
    def formula(self) -> str:
        r"""The defining formula in LaTeX, with symbolic parameters, rendered
        from the SymPy objects (never typed by hand).

        >>> from symact import get
        >>> get("sigmoid").formula
        '\\sigma\\left(x\\right) = \\frac{1}{1 + e^{- x}}'
        >>> print(get("silu").formula)
        \operatorname{SiLU}\left(x\right) = \frac{x}{1 + e^{- x}}
        """
        from symact.printing import latex

        applied = self.expr(symbolic=True)
        if self.vector:
            applied = applied[0] if isinstance(applied, Matrix) else applied
            definition = applied.rewrite("definition")
            return f"{latex(applied)} = {latex(definition)}"
        return f"{latex(applied)} = {latex(self.definition(symbolic=True))}"

    def numpy(self, derivative: int | str = 0, **params: Any) -> Callable[..., Any]:
        """A vectorised, accurate NumPy kernel of the activation (``0``), its
        ``n``-th derivative (``n``), or its derivative with respect to a
        parameter (the parameter's name), at the given parameter values.

        Float64 and float32 arrays in, the same dtype out; no NumPy warnings;
        the limit at ±inf; NaN for NaN. At a kink, a derivative kernel returns
        the value PyTorch's autograd returns (:mod:`symact.numeric.activations`).
        A vector activation's kernel takes the inputs along the last axis.

        >>> import numpy as np
        >>> from symact import get
        >>> get("sigmoid").numpy(1)(np.array([0.0, 50.0]))
        array([2.50000000e-01, 1.92874985e-22])
        >>> get("relu").numpy(1)(np.array([-1.0, 0.0, 2.0]))
        array([0., 0., 1.])
        >>> get("softmax").numpy(n=2)(np.array([0.0, 1000.0]))
        array([0., 1.])
        """
        from symact.numeric.activations import activation_kernel

        return activation_kernel(self, derivative, **params)

    def framework(self, name: str) -> FrameworkNote | None:
        """The note for ``name`` (``"pytorch"``, ``"jax"``, ``"keras"``), if any."""
        for note in self.frameworks:
            if note.framework == name:
                return note
        return None
