"""The base class every scalar catalogue activation derives from.

An activation ``f(x; p1, ..., pk)`` is a SymPy :class:`~sympy.Function` whose
arguments are the input followed by the parameters in PyTorch's order. The
class carries

* its exact definition (:meth:`ActivationFunction.definition_of`, also reached
  with ``expr.rewrite("definition")``), elementary or ``Piecewise``;
* its declared first derivative (:meth:`~sympy.Function.fdiff`), compact and
  in terms of the function itself where that is natural. A declared rule is a
  *claim*: the test suite checks it against the definition, including at the
  kinks, where the declared derivative is undefined (``Piecewise`` without a
  branch there) unless both one-sided derivatives agree;
* its printing (``str`` in symact's statement syntax, ``pretty``, ``latex``).

Parameters are filled with PyTorch's defaults when omitted, and accept exact
numbers or SymPy expressions; Python floats are read as the decimal they print
as (``0.01`` is ``1/100``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import sympy
from sympy import Expr, Function, S
from sympy.core.evalf import prec_to_dps
from sympy.core.function import ArgumentIndexError

from symact.errors import ParameterError
from symact.symbols import as_argument, exact

__all__ = ["ActivationFunction", "bind_parameters"]


def bind_parameters(
    owner: str,
    names: Sequence[str],
    defaults: Sequence[Expr | None],
    positional: Sequence[object],
    keywords: dict[str, object],
) -> tuple[Expr, ...]:
    """Bind positional and keyword parameter values, filling in defaults.

    >>> bind_parameters("elu", ["alpha"], [sympy.Integer(1)], [], {"alpha": 0.5})
    (1/2,)
    >>> bind_parameters("elu", ["alpha"], [sympy.Integer(1)], [], {"beta": 2})
    Traceback (most recent call last):
    ...
    symact.errors.ParameterError: elu has no parameter 'beta' (parameters: alpha)
    """
    if len(positional) > len(names):
        raise ParameterError(
            f"{owner} takes {len(names)} parameter(s) after its input, got {len(positional)}"
        )
    values: dict[str, Expr] = {}
    for name, value in zip(names, positional, strict=False):
        values[name] = exact(value, what=f"{owner} parameter {name!r}")
    for name, value in keywords.items():
        if name not in names:
            known = ", ".join(names) if names else "none"
            raise ParameterError(f"{owner} has no parameter {name!r} (parameters: {known})")
        if name in values:
            raise ParameterError(f"{owner} got parameter {name!r} twice")
        values[name] = exact(value, what=f"{owner} parameter {name!r}")
    bound = [values.get(n, d) for n, d in zip(names, defaults, strict=True)]
    # A default of None marks an optional trailing parameter: omitted, not filled.
    while bound and bound[-1] is None:
        bound.pop()
    if any(v is None for v in bound):
        missing = [n for n, v in zip(names, bound, strict=False) if v is None]
        raise ParameterError(f"{owner} needs {', '.join(missing)} when later parameters are given")
    return tuple(bound)


class ActivationFunction(Function):
    """Base of the scalar catalogue activations ``f(x, *parameters)``.

    Subclasses set :attr:`parameter_names` and :attr:`parameter_defaults`
    (PyTorch's names, order and defaults), :attr:`latex_name`, implement
    :meth:`definition_of` and declare ``fdiff``.
    """

    #: Parameter names after the input, in PyTorch's order.
    parameter_names: ClassVar[tuple[str, ...]] = ()
    #: Exact defaults, PyTorch's, aligned with :attr:`parameter_names`;
    #: ``None`` marks an optional trailing parameter (omitted when not given).
    parameter_defaults: ClassVar[tuple[Expr | None, ...]] = ()
    #: LaTeX for the function's name, e.g. ``\sigma``.
    latex_name: ClassVar[str] = r"\operatorname{f}"
    #: Name used by the unicode pretty printer.
    pretty_name: ClassVar[str | None] = None

    def __new__(cls, arg: object, *params: object, **options: Any) -> Any:
        evaluate = options.pop("evaluate", None)
        values = bind_parameters(
            cls.__name__, cls.parameter_names, cls.parameter_defaults, params, options
        )
        cls._validate(values)
        argument = as_argument(arg)
        kwargs = {} if evaluate is None else {"evaluate": evaluate}
        return super().__new__(cls, argument, *values, **kwargs)

    # -- the exact definition ------------------------------------------------

    @classmethod
    def definition_of(cls, arg: Expr, *params: Expr) -> Expr:
        """The exact elementary or ``Piecewise`` definition at ``arg``."""
        raise NotImplementedError

    def definition(self) -> Expr:
        """This application's exact definition (elementary or ``Piecewise``)."""
        return type(self).definition_of(*self.args)

    def _eval_rewrite_as_definition(self, *args: Expr, **hints: Any) -> Expr:
        return type(self).definition_of(*args)

    @property
    def parameters(self) -> dict[str, Expr]:
        """The parameter values of this application, by name."""
        return dict(zip(self.parameter_names, self.args[1:], strict=False))

    # -- evaluation ----------------------------------------------------------

    @classmethod
    def eval(cls, arg: Expr, *params: Expr) -> Expr | None:
        """Evaluate at numbers when the value is rational or infinite (as
        ``tanh(0) = 0`` but ``tanh(1)`` stays), and at floats numerically."""
        if not all(p.is_number for p in params):
            return None
        if arg in (S.Infinity, S.NegativeInfinity):
            return cls._limit_at(arg, params)
        if not (arg.is_Number and arg.is_finite):
            return None
        value = cls.definition_of(arg, *params)
        if arg.is_Float:
            return value.evalf(prec_to_dps(arg._prec))
        if value.is_Rational:
            return value
        return None

    @classmethod
    def _limit_at(cls, infinity: Expr, params: tuple[Expr, ...]) -> Expr | None:
        """The limit at +oo or -oo: the branch a ``Piecewise`` definition
        uses out there (its conditions compare the input with numbers, so
        they are decided at infinity), then that branch's limit."""
        t = sympy.Dummy("t", real=True)
        body = cls.definition_of(t, *params)
        if isinstance(body, sympy.Piecewise):
            for branch, condition in body.args:
                decided = condition.subs(t, infinity)
                if decided is S.true:
                    body = branch
                    break
                if decided is not S.false:
                    return None
        return sympy.limit(body, t, infinity)

    def _eval_evalf(self, prec: int) -> Expr | None:
        if not all(a.is_number for a in self.args):
            return None
        return self.definition().evalf(prec_to_dps(prec))

    @classmethod
    def parameters_valid(cls, *params: Expr) -> bool | None:
        """Whether the parameter values lie in the function's domain: ``True``,
        ``False``, or ``None`` when assumptions cannot tell. Subclasses with
        restricted parameters (softplus needs beta != 0) override it."""
        return True

    @classmethod
    def _validate(cls, params: tuple[Expr, ...]) -> None:
        if cls.parameters_valid(*params) is False:
            names = cls.parameter_names
            shown = ", ".join(f"{n}={v}" for n, v in zip(names, params, strict=False))
            raise ParameterError(f"{cls.__name__} is not defined for {shown}")

    def _eval_is_real(self) -> bool | None:
        if all(a.is_real for a in self.args) and self.parameters_valid(*self.args[1:]):
            return True
        return None

    # -- derivatives -----------------------------------------------------------

    def fdiff(self, argindex: int = 1) -> Expr:
        """Derivative with respect to argument ``argindex`` (1 is the input).

        Parameter derivatives default to differentiating the definition, which
        is sound when no branch condition depends on the parameter.
        """
        if argindex == 1:
            return self._derivative(*self.args)
        if not 2 <= argindex <= len(self.args):
            raise ArgumentIndexError(self, argindex)
        param = self.args[argindex - 1]
        d = sympy.Dummy("p", real=True)
        args = list(self.args)
        args[argindex - 1] = d
        body = type(self).definition_of(*args)
        for piecewise in body.atoms(sympy.Piecewise):
            if any(c.has(d) for _, c in piecewise.args):
                raise ArgumentIndexError(self, argindex)
        return body.diff(d).subs(d, param)

    def _derivative(self, arg: Expr, *params: Expr) -> Expr:
        """Declared ``df/dx`` at ``arg`` (subclasses implement it)."""
        raise NotImplementedError

    # -- printing --------------------------------------------------------------

    def _latex(self, printer: Any, exp: Any = None) -> str:
        arg = printer._print(self.args[0])
        name = self.latex_name
        if len(self.args) > 1:
            subscript = ", ".join(printer._print(p) for p in self.args[1:])
            name = f"{name}_{{{subscript}}}"
        if exp is not None:
            name = f"{name}^{{{exp}}}"
        return rf"{name}\left({arg}\right)"

    def _pretty(self, printer: Any) -> Any:
        # SymPy's printer renders the name as a Symbol, which turns a trailing
        # digit into a subscript (relu₆); build the same form from plain text.
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        use_symbol = self.pretty_name and printer._use_unicode
        name = prettyForm(self.pretty_name if use_symbol else type(self).__name__)
        args = prettyForm(*printer._print_seq(self.args, delimiter=", ").parens())
        result = prettyForm(*stringPict.next(name, args), binding=prettyForm.FUNC)
        result.prettyFunc = name  # lets the printer raise it to a power
        result.prettyArgs = args
        return result
