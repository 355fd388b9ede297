"""Vector activations: softmax and maxout.

SymPy functions are scalar, so softmax is represented by its components:
``softmax(z1, ..., zn, index=i)`` is the i-th output (1-based, as in
``s_i``), and :meth:`softmax.vector` assembles the vector. Maxout is the
maximum of its k >= 2 inputs, the affine pieces ``z_j = w_j x + b_j`` a layer
computes. Both expose their Jacobian.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import sympy
from sympy import And, Expr, Function, Integer, KroneckerDelta, Matrix, Or, Piecewise, exp
from sympy.core.evalf import prec_to_dps
from sympy.core.function import ArgumentIndexError

from symact.errors import ParameterError
from symact.symbols import as_argument

__all__ = ["maxout", "softmax"]


def _inputs(values: Sequence[object], owner: str, minimum: int) -> tuple[Expr, ...]:
    inputs = tuple(as_argument(v, what=f"{owner} input") for v in values)
    if len(inputs) < minimum:
        raise ParameterError(f"{owner} needs at least {minimum} inputs, got {len(inputs)}")
    return inputs


class softmax(Function):
    r"""The ``index``-th component of the softmax of ``(z1, ..., zn)``.

    .. math:: s_i(z) = \frac{e^{z_i}}{\sum_j e^{z_j}}, \qquad
              \frac{\partial s_i}{\partial z_j} = s_i\,(\delta_{ij} - s_j)

    >>> z1, z2, z3 = sympy.symbols("z1 z2 z3", real=True)
    >>> s1 = softmax(z1, z2, z3, index=1)
    >>> s1
    softmax(z1, z2, z3, index=1)
    >>> s1.diff(z2)
    -softmax(z1, z2, z3, index=1)*softmax(z1, z2, z3, index=2)
    >>> s1.rewrite("definition")
    exp(z1)/(exp(z1) + exp(z2) + exp(z3))
    >>> s1.subs(z3, 0)
    softmax(z1, z2, 0, index=1)
    """

    latex_name: ClassVar[str] = r"\operatorname{softmax}"

    def __new__(cls, *inputs: object, index: object = None, **options: Any) -> Any:
        if index is None:
            # SymPy rebuilds an expression as func(*args): the stored form has
            # the index as its last argument
            if len(inputs) < 2:
                raise ParameterError(
                    "softmax needs inputs and index=i, e.g. softmax(z1, z2, index=1)"
                )
            *inputs, index = inputs  # type: ignore[assignment]
        values = _inputs(inputs, "softmax", 1)
        if isinstance(index, bool) or not isinstance(index, int | Integer):
            raise ParameterError(f"softmax index must be an integer, got {index!r}")
        if not 1 <= int(index) <= len(values):
            raise ParameterError(f"softmax index {index} is outside 1..{len(values)}")
        return super().__new__(cls, *values, Integer(int(index)), **options)

    @classmethod
    def eval(cls, *args: Expr) -> Expr | None:
        return None

    @property
    def inputs(self) -> tuple[Expr, ...]:
        """The input vector ``(z1, ..., zn)``."""
        return tuple(self.args[:-1])

    @property
    def index(self) -> int:
        """Which component (1-based)."""
        return int(self.args[-1])

    @classmethod
    def definition_of(cls, *inputs: Expr, index: int) -> Expr:
        """The exact elementary form of component ``index``."""
        return exp(inputs[index - 1]) / sympy.Add(*(exp(z) for z in inputs))

    def definition(self) -> Expr:
        """This component's exact definition."""
        return self.definition_of(*self.inputs, index=self.index)

    def _eval_rewrite_as_definition(self, *args: Expr, **hints: Any) -> Expr:
        return self.definition_of(*args[:-1], index=int(args[-1]))

    def fdiff(self, argindex: int = 1) -> Expr:
        n = len(self.inputs)
        if not 1 <= argindex <= n:
            raise ArgumentIndexError(self, argindex)
        i, j = self.index, argindex
        s_j = softmax(*self.inputs, index=j)
        return self * (KroneckerDelta(i, j) - s_j)

    def _eval_evalf(self, prec: int) -> Expr | None:
        if not all(a.is_number for a in self.args):
            return None
        return self.definition().evalf(prec_to_dps(prec))

    def _eval_is_positive(self) -> bool | None:
        return True if all(z.is_real for z in self.inputs) else None

    @classmethod
    def kink_locations(cls, *inputs: Expr) -> tuple[sympy.Basic, ...]:
        """Where the Jacobian does not exist: nowhere, softmax is smooth."""
        return ()

    @classmethod
    def vector(cls, inputs: Sequence[object]) -> Matrix:
        """The softmax of ``inputs`` as a column vector of components.

        >>> softmax.vector(sympy.symbols("a b", real=True)).T
        Matrix([[softmax(a, b, index=1), softmax(a, b, index=2)]])
        """
        values = _inputs(inputs, "softmax", 1)
        return Matrix([cls(*values, index=i) for i in range(1, len(values) + 1)])

    def _sympystr(self, printer: Any) -> str:
        inputs = ", ".join(printer._print(z) for z in self.inputs)
        return f"softmax({inputs}, index={self.index})"

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        name = printer._print(sympy.Symbol(f"softmax_{self.index}"))  # softmax₁
        args = prettyForm(*printer._print_seq(self.inputs, delimiter=", ").parens())
        result = prettyForm(*stringPict.next(name, args), binding=prettyForm.FUNC)
        result.prettyFunc = name
        result.prettyArgs = args
        return result

    def _latex(self, printer: Any, exp: Any = None) -> str:
        inputs = ", ".join(printer._print(z) for z in self.inputs)
        base = rf"{self.latex_name}\left({inputs}\right)_{{{self.index}}}"
        return base if exp is None else rf"{base}^{{{exp}}}"


class maxout(Function):
    r"""Maxout: the largest of its k >= 2 inputs.

    In a maxout unit the inputs are k affine pieces ``z_j = w_j x + b_j``; the
    unit outputs their maximum, a convex piecewise-linear function of ``x``.

    .. math:: \operatorname{maxout}(z_1, \dots, z_k) = \max_j z_j, \qquad
              \frac{\partial}{\partial z_j} = \begin{cases} 1 & z_j > z_m \ \forall m \ne j \\
              0 & z_j < z_m \text{ for some } m \end{cases}

    The partial derivatives do not exist where the maximum is attained twice.

    >>> z1, z2 = sympy.symbols("z1 z2", real=True)
    >>> maxout(z1, z2).diff(z1)
    Piecewise((1, z1 > z2), (0, z1 < z2))
    >>> maxout(1, 3, 2)
    3
    """

    latex_name: ClassVar[str] = r"\operatorname{maxout}"

    def __new__(cls, *inputs: object, **options: Any) -> Any:
        return super().__new__(cls, *_inputs(inputs, "maxout", 2), **options)

    @classmethod
    def eval(cls, *args: Expr) -> Expr | None:
        if all(a.is_number and a.is_comparable for a in args):
            return sympy.Max(*args)
        return None

    @classmethod
    def definition_of(cls, *inputs: Expr) -> Expr:
        """The exact definition, ``Max(z1, ..., zk)``."""
        return sympy.Max(*inputs, evaluate=False) if len(set(inputs)) > 1 else inputs[0]

    def definition(self) -> Expr:
        """This application's exact definition."""
        return self.definition_of(*self.args)

    def _eval_rewrite_as_definition(self, *args: Expr, **hints: Any) -> Expr:
        return self.definition_of(*args)

    def fdiff(self, argindex: int = 1) -> Expr:
        if not 1 <= argindex <= len(self.args):
            raise ArgumentIndexError(self, argindex)
        zj = self.args[argindex - 1]
        others = [z for k, z in enumerate(self.args, start=1) if k != argindex]
        return Piecewise(
            (1, And(*(zj > z for z in others))),
            (0, Or(*(zj < z for z in others))),
        )

    @classmethod
    def kink_locations(cls, *inputs: Expr) -> tuple[sympy.Basic, ...]:
        """Where the Jacobian does not exist: the ties ``z_i = z_j`` (there,
        when the tie is for the maximum).

        >>> maxout.kink_locations(*sympy.symbols("z1 z2 z3"))
        (Eq(z1, z2), Eq(z1, z3), Eq(z2, z3))
        """
        return tuple(sympy.Eq(zi, zj) for i, zi in enumerate(inputs) for zj in inputs[i + 1 :])

    def _eval_evalf(self, prec: int) -> Expr | None:
        if not all(a.is_number for a in self.args):
            return None
        return sympy.Max(*self.args).evalf(prec_to_dps(prec))

    def _eval_is_real(self) -> bool | None:
        return True if all(a.is_real for a in self.args) else None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        inputs = ", ".join(printer._print(z) for z in self.args)
        name = self.latex_name if exp is None else rf"{self.latex_name}^{{{exp}}}"
        return rf"{name}\left({inputs}\right)"
