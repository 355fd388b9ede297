"""Kernels for catalogue activations: which expression each derivative's
kernel computes, and the callables ``Activation.numpy`` returns.

A kernel must return a number at every finite input, but a derivative does
not exist at a kink. There the first-derivative kernels return what the
frameworks' autograd returns — the value of the record's gradient rule
(PyTorch's first, else JAX's): relu'(0) = 0, elu'(0) = alpha,
relu6'(6) = 0. Higher orders differentiate that rule branch by branch, so
the branch that owns a kink keeps it (elu''(0) = alpha; PyTorch's double
backward happens to give 0 there, as ``symact numcheck --against torch``
shows). An activation no framework ships with a rule gets, where its exact
derivative is undefined, the derivative of its definition's branch that owns
the point (sqnl''(0) = -1/2), as autograd through the definition would;
so do derivatives with respect to a parameter that moves a kink or a jump
(d softshrink/d lambd at x = lambd).
Away from the kinks every kernel computes the exact derivative (the
test suite checks it). Maxout's gradient at a tie goes to the first largest
input, as ``argmax`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy
from sympy import Expr, Matrix, Piecewise, Symbol

from symact.errors import ParameterError
from symact.numeric.compile import Kernel, lambdify

if TYPE_CHECKING:
    from symact.catalogue.record import Activation

__all__ = ["VectorKernel", "activation_kernel", "kernel_expression"]

Array = Any


def _branchwise(rule: Expr, x: Symbol, order: int) -> Expr:
    """``rule`` differentiated ``order`` times inside each branch."""
    if order == 0:
        return rule
    if isinstance(rule, Piecewise):
        return Piecewise(*((e.diff(x, order), c) for e, c in rule.args))
    return rule.diff(x, order)


def _as_piecewise(expr: Expr) -> Expr:
    """``expr`` as one ``Piecewise`` (kinked builtins rewritten, folded)."""
    from symact.calculus.pieces import to_piecewise

    return sympy.piecewise_fold(to_piecewise(expr))


def _defined_everywhere(expr: Expr) -> bool:
    """Whether the branches of ``expr`` cover every real ``x`` (a derivative
    is left undefined, with no branch, exactly at its kinks)."""
    folded = sympy.piecewise_fold(expr)
    if not isinstance(folded, Piecewise):
        return not folded.has(sympy.nan)
    try:
        covered = sympy.Union(*(c.as_set() for _, c in folded.args))
    except NotImplementedError:  # a condition SymPy cannot solve: keep the derivative
        return True
    return bool(covered == sympy.S.Reals)


def _parameter_branchwise(record: Activation, wrt: str, params: dict[str, Any]) -> Expr:
    """The derivative of the definition with respect to the parameter ``wrt``,
    branch by branch (the convention where the exact one is undefined)."""
    symbol = record.parameter(wrt).symbol
    bound: dict[str, Any] = {**record.bind(params), wrt: symbol}
    rule = _as_piecewise(record.definition(**bound))
    if isinstance(rule, Piecewise):
        rule = Piecewise(*((e.diff(symbol), c) for e, c in rule.args))
    else:
        rule = rule.diff(symbol)
    return rule.subs(symbol, record.bind(params)[wrt])


def _first_argmax(inputs: tuple[Symbol, ...]) -> Matrix:
    """d max / d z_i with the tie going to the first largest input."""
    row = []
    for i, zi in enumerate(inputs):
        wins = [zi > zj for zj in inputs[:i]] + [zi >= zj for zj in inputs[i + 1 :]]
        row.append(Piecewise((1, sympy.And(*wins)), (0, True)))
    return Matrix([row])


def kernel_expression(
    record: Activation, derivative: int | str = 0, **params: Any
) -> tuple[Expr | Matrix, tuple[Symbol, ...]]:
    """The expression the kernel of ``record``'s ``derivative`` computes
    (0: the function, n: the n-th derivative, a parameter name: the
    derivative with respect to it), and its input symbols.

    >>> from symact import get
    >>> kernel_expression(get("relu"), 1)
    (Piecewise((1, x > 0), (0, True)), (x,))
    >>> kernel_expression(get("elu"), 2, alpha=2)
    (Piecewise((0, x > 0), (2*exp(x), True)), (x,))
    """
    inputs = record.inputs(**params)
    if isinstance(derivative, str):
        if record.vector:
            raise ParameterError(f"{record.name} has no parameter derivatives")
        honest = record.derivative(1, wrt=derivative, **params)
        if _defined_everywhere(honest):
            return honest, inputs
        return _parameter_branchwise(record, derivative, params), inputs
    if isinstance(derivative, bool) or not isinstance(derivative, int) or derivative < 0:
        raise ParameterError(
            f"derivative must be an order 0, 1, 2, ... or a parameter name, got {derivative!r}"
        )
    if record.vector:
        if derivative == 0:
            return record.expr(**params), inputs
        if derivative > 1:
            raise ParameterError(
                f"{record.name} is a vector activation: only its Jacobian is available"
            )
        if record.name == "maxout":
            return _first_argmax(inputs), inputs
        convention = getattr(record.function, "jacobian_convention", None)
        if convention is not None:  # sparsemax: a value where the support changes
            return convention(inputs), inputs
        return record.jacobian(**params), inputs
    (x,) = inputs
    if derivative == 0:
        return record.expr(**params), inputs
    bound = record.bind(params)
    for note in sorted(record.frameworks, key=lambda n: n.framework != "pytorch"):
        if note.gradient is not None:
            return _branchwise(note.gradient(x, bound), x, derivative - 1), inputs
    honest = record.derivative(derivative, **params)
    if _defined_everywhere(honest):
        return honest, inputs
    # no framework's rule: at a kink, the derivative of the definition's branch
    # that owns the point, as autograd through the definition would give
    return _branchwise(_as_piecewise(record.definition(**params)), x, derivative), inputs


@dataclass(frozen=True)
class VectorKernel:
    """A kernel of a vector activation: call it with an array whose last axis
    holds ``z1 ... zn``. Softmax gives ``(..., n)``, maxout ``(...)``, and
    Jacobians ``(..., rows, n)`` (maxout's gradient ``(..., k)``)."""

    entries: tuple[Kernel, ...]
    shape: tuple[int, ...]
    size: int

    def __call__(self, z: Array) -> Array:
        z = np.asarray(z)
        if z.ndim == 0 or z.shape[-1] != self.size:
            raise ValueError(f"expected an array whose last axis has length {self.size}")
        columns = [z[..., j] for j in range(self.size)]
        values = [kernel(*columns) for kernel in self.entries]
        stacked = np.stack(values, axis=-1)
        return stacked.reshape((*stacked.shape[:-1], *self.shape))


def activation_kernel(
    record: Activation, derivative: int | str = 0, **params: Any
) -> Callable[..., Array]:
    """The NumPy kernel behind :meth:`Activation.numpy`."""
    expr, inputs = kernel_expression(record, derivative, **params)
    if isinstance(expr, sympy.MatrixBase):
        entries = tuple(lambdify(e, inputs) for e in expr)
        if 1 in expr.shape:
            shape: tuple[int, ...] = (max(expr.shape),)
        else:
            shape = (expr.rows, expr.cols)
        return VectorKernel(entries=entries, shape=shape, size=len(inputs))
    kernel = lambdify(expr, inputs)
    if record.vector:
        return VectorKernel(entries=(kernel,), shape=(), size=len(inputs))
    return kernel
