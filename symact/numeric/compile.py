"""Compile SymPy expressions into accurate, warning-free NumPy kernels.

:func:`lambdify` is symact's answer to ``sympy.lambdify`` for numerical work:

1. the expression is rewritten by :func:`~symact.numeric.stable.stable_form`
   into forms that keep their digits (``1 - σ(x)`` becomes ``σ(-x)``);
2. it is compiled into a tree of NumPy calls — no generated source, no
   ``exec``: names in the expression never become code — where catalogue
   functions use the kernels of :mod:`symact.numeric.primitives` and a
   ``Piecewise`` evaluates each branch only where that branch is selected
   (SymPy's ``lambdify`` evaluates every branch everywhere, SymPy issue 15014,
   so an unselected ``exp`` overflows and warns);
3. a guard repairs what floating point cannot: where finite inputs give a
   NaN or inf, or where a sum cancels so far that its rounding errors could
   exceed 1e-13 of the result (``x tanh(x/2) - 2`` near its zero), the value
   is recomputed from the exact expression with mpmath
   (:mod:`symact.numeric.reference`); at infinite inputs the exact limit is
   used. Points with a NaN input give NaN.

float32 inputs are evaluated in float64 and rounded once, so a float32 result
is within one float32 ulp of the true value wherever the float64 result is
accurate.

>>> import numpy as np
>>> from symact import x
>>> from symact.functions import sigmoid
>>> f = lambdify(sigmoid(x) * (1 - sigmoid(x)), [x])
>>> f(np.array([0.0, 40.0, -800.0, np.inf]))
array([2.50000000e-01, 4.24835426e-18, 0.00000000e+00, 0.00000000e+00])
>>> f(np.float32(40.0)).dtype
dtype('float32')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Symbol
from sympy.logic.boolalg import Boolean

from symact.errors import ParameterError

__all__ = ["Kernel", "lambdify"]

Array = Any
#: the input arrays, then a boolean array a sum sets where it cancels
Env = tuple[Array, ...]
Node = Callable[[Env], Array]

#: inputs this large whose exact value mpmath cannot reach take the limit
FAR_OUT = 1e15
#: the smallest normal float64
TINY = float(np.finfo(np.float64).tiny)
#: a sum is recomputed exactly where the sum of its terms' magnitudes exceeds
#: this multiple of its value: with terms accurate to a few ulps, the sum is
#: then no longer certainly within 1e-13
CANCELLATION = 64.0


@dataclass(frozen=True)
class _Compiled:
    """A compiled sub-expression and what it guarantees."""

    fn: Node
    constant: float | None = None
    safe: bool = True  # exact at ±inf and never spuriously non-finite at finite inputs
    exact: bool = False  # no rounding: an input, or one scaled by a power of two


class CompileError(ParameterError):
    """The expression contains something symact has no kernel for."""


@dataclass(frozen=True)
class Kernel:
    """A vectorised NumPy function of ``args`` computing ``expr``.

    Call it with one array (or scalar) per argument; arguments broadcast.
    ``stable`` is the rewritten expression actually evaluated.
    """

    expr: Expr
    args: tuple[Symbol, ...]
    stable: Expr
    _node: _Compiled = field(repr=False)
    _limits: dict[tuple[Any, ...], float] = field(default_factory=dict, repr=False, compare=False)

    def __call__(self, *values: Array) -> Array:
        if len(values) != len(self.args):
            names = ", ".join(a.name for a in self.args)
            raise TypeError(
                f"kernel takes {len(self.args)} argument(s) ({names}), got {len(values)}"
            )
        arrays = [np.asarray(v) for v in values]
        for a in arrays:
            if a.dtype.kind not in "biuf":
                raise TypeError(f"kernel arguments must be real numbers, got dtype {a.dtype}")
        single = bool(arrays) and all(a.dtype == np.float32 for a in arrays)
        shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        env = tuple(
            np.ascontiguousarray(np.broadcast_to(a, shape), dtype=np.float64).reshape(-1)
            for a in arrays
        )
        size = int(np.prod(shape, dtype=np.int64))
        env = (*env, np.zeros(size, dtype=bool))
        with np.errstate(all="ignore"):
            out = self._evaluate(env, size)
            out = out.reshape(shape)
            if single:
                out = out.astype(np.float32)
        return out[()] if out.ndim == 0 else out

    def _evaluate(self, env: Env, size: int) -> Array:
        node = self._node
        if node.constant is not None:
            out = np.full(size, node.constant)
        else:
            out = np.asarray(node.fn(env), dtype=np.float64)
            if out.shape != (size,):
                out = np.broadcast_to(out, (size,)).copy()
        if node.safe and node.constant is None:
            return out
        if not out.flags.writeable:
            out = out.copy()
        *inputs, cancelled = env
        if node.constant is not None and inputs:
            missing = np.zeros(size, dtype=bool)
            for a in inputs:
                missing |= np.isnan(a)
            out[missing] = np.nan
        if node.safe:
            return out
        suspect = np.flatnonzero(~np.isfinite(out) | cancelled)
        if suspect.size:
            self._repair(out, suspect, tuple(inputs))
        return out

    def _repair(self, out: Array, suspect: Array, env: Env) -> None:
        """Recompute the results at ``suspect`` positions — non-finite, or
        from a cancelling sum — exactly (mpmath) or as a limit."""
        points = (
            np.stack([a[suspect] for a in env], axis=-1) if env else np.zeros((len(suspect), 0))
        )
        cache: dict[tuple[float, ...], float] = {}
        for position, point in zip(suspect, points, strict=True):
            key = tuple(float(v) for v in point)
            if any(np.isnan(v) for v in key):
                out[position] = np.nan
                continue
            if np.isinf(out[position]) and not all(np.isfinite(v) for v in key):
                continue  # an infinite input may well give an infinite value
            if key not in cache:
                cache[key] = self._exact_value(key)
            if np.isnan(cache[key]) and np.isfinite(out[position]):
                continue  # no exact value to be had (x = -1.8e308 in erfc): keep the float one
            out[position] = cache[key]

    def _exact_value(self, point: tuple[float, ...]) -> float:
        from symact.numeric.reference import limit_value, reference_value

        if all(np.isfinite(v) for v in point):
            value = reference_value(self.expr, self.args, point)
            if np.isnan(value) and len(point) == 1 and abs(point[0]) >= FAR_OUT:
                # beyond mpmath's reach (tanh(exp(x)) at x = 1e100): a
                # function with a limit there is within rounding of it
                return self._exact_value((np.copysign(np.inf, point[0]),))
            return value
        if point not in self._limits:
            self._limits[point] = limit_value(self.expr, self.args, point)
        return self._limits[point]


def lambdify(expr: Expr, args: Sequence[Symbol | str] | Symbol | str) -> Kernel:
    """An accurate, vectorised NumPy kernel of ``expr`` in ``args``.

    ``args`` are symbols (or their names) in call order; every free symbol of
    ``expr`` must be among them.

    >>> import numpy as np
    >>> from symact import parse, x
    >>> softplus = lambdify(parse("log(1 + exp(x))"), "x")
    >>> softplus(np.array([-800.0, 0.0, 800.0]))
    array([0.00000000e+00, 6.93147181e-01, 8.00000000e+02])
    """
    if isinstance(expr, sympy.MatrixBase):
        raise CompileError("lambdify takes a scalar expression; compile matrix entries one by one")
    if not isinstance(expr, sympy.Basic):
        raise CompileError(f"expected a SymPy expression, got {type(expr).__name__}")
    symbols = _resolve(expr, [args] if isinstance(args, Symbol | str) else args)
    from symact.numeric.stable import stable_form

    stable = stable_form(expr)
    node = _compile(stable, {s: i for i, s in enumerate(symbols)})
    return Kernel(expr=expr, args=symbols, stable=stable, _node=node)


def _resolve(expr: Expr, args: Iterable[Symbol | str]) -> tuple[Symbol, ...]:
    free = {s.name: s for s in expr.free_symbols if isinstance(s, Symbol)}
    resolved: list[Symbol] = []
    for arg in args:
        if isinstance(arg, Symbol):
            resolved.append(arg)
        elif isinstance(arg, str):
            resolved.append(free.get(arg, Symbol(arg)))
        else:
            raise CompileError(f"arguments are symbols or names, got {arg!r}")
    if len(set(resolved)) != len(resolved):
        raise CompileError("arguments must be distinct")
    missing = sorted(s.name for s in expr.free_symbols if s not in resolved)
    if missing:
        raise CompileError(f"free symbol(s) {', '.join(missing)} are not among the arguments")
    return tuple(resolved)


# -- the compiler -------------------------------------------------------------------


def _constant(value: float) -> _Compiled:
    return _Compiled(fn=lambda env: value, constant=value)


def _number(expr: Expr) -> float:
    value = expr.evalf(30)
    if value.is_real is False or not value.is_number:
        raise CompileError(f"{expr} is not a real number")
    if value in (sympy.zoo, sympy.nan):
        return float("nan")
    return float(value)


def _compile(expr: sympy.Basic, index: dict[Symbol, int]) -> _Compiled:
    if isinstance(expr, Symbol):
        i = index[expr]
        return _Compiled(fn=lambda env: env[i], exact=True)
    if not expr.free_symbols:
        return _constant(_number(expr))
    if isinstance(expr, sympy.Add):
        return _fold(expr, index, np.add)
    if isinstance(expr, sympy.Mul):
        return _fold(expr, index, np.multiply)
    if isinstance(expr, sympy.Pow):
        return _power(expr, index)
    if isinstance(expr, sympy.Piecewise):
        return _piecewise(expr, index)
    if isinstance(expr, sympy.Max | sympy.Min):
        ufunc = np.maximum if isinstance(expr, sympy.Max) else np.minimum
        return _fold(expr, index, ufunc)
    return _function(expr, index)


def _fold(expr: Expr, index: dict[Symbol, int], ufunc: Any) -> _Compiled:
    parts = [_compile(a, index) for a in expr.args]
    fns = [p.fn for p in parts]
    first, rest = fns[0], fns[1:]
    if (
        ufunc is np.add and sum(p.constant != 0 for p in parts) >= 2  # two terms that can cancel
    ):
        return _Compiled(fn=_checked_sum(fns), safe=False)

    def fold(env: Env) -> Array:
        result = first(env)
        for fn in rest:
            result = ufunc(result, fn(env))
        return result

    # a sum or product of finite numbers can still overflow, or meet 0 * inf
    safe = ufunc in (np.maximum, np.minimum) and all(p.safe for p in parts)
    return _Compiled(fn=fold, safe=safe, exact=ufunc is np.multiply and _scaled_exactly(parts))


def _scaled_exactly(parts: list[_Compiled]) -> bool:
    """A product of one exact value and constants ±2**k: exact itself."""
    variable = [p for p in parts if p.constant is None]
    scales = [abs(p.constant) for p in parts if p.constant is not None]
    powers_of_two = all(c > 0 and math.frexp(c)[0] == 0.5 for c in scales)
    return len(variable) == 1 and variable[0].exact and powers_of_two


def _overflow_flagged(base: Node, operation: Callable[[Array], Array], negative: bool) -> Node:
    """``operation(base)``, a power, flagging where a finite base overflows
    it (or, for a ``negative`` exponent, underflows it below the normal
    range): the guard recomputes those points exactly (``x / sqrt(x**2 + 1)``
    at x = 1e200 would otherwise be 0, not 1)."""

    def power(env: Env) -> Array:
        b = base(env)
        result = operation(b)
        lost = np.isinf(result)
        if negative:
            lost |= (np.abs(result) < TINY) & (b != 0)
        env[-1][...] |= lost & np.isfinite(b)
        return result

    return power


def _checked_sum(fns: list[Node]) -> Node:
    def checked_sum(env: Env) -> Array:
        terms = [fn(env) for fn in fns]
        total = terms[0]
        magnitude = np.abs(terms[0])
        for term in terms[1:]:
            total = total + term
            magnitude = magnitude + np.abs(term)
        env[-1][...] |= magnitude > CANCELLATION * np.abs(total)
        return total

    return checked_sum


def _power(expr: sympy.Pow, index: dict[Symbol, int]) -> _Compiled:
    base_expr, power = expr.args
    if base_expr == sympy.E:
        return _function(sympy.exp(power, evaluate=False), index)
    base = _compile(base_expr, index).fn
    if power.is_number:
        p = _number(power)
        if p == 2:
            return _Compiled(fn=_overflow_flagged(base, np.square, False), safe=False)
        if p == -1:
            return _Compiled(fn=lambda env: 1.0 / base(env), safe=False)
        if p == 0.5:
            return _Compiled(fn=lambda env: np.sqrt(base(env)), safe=False)
        power_of = _overflow_flagged(base, lambda b: np.power(b, p), p < 0)
        return _Compiled(fn=power_of, safe=False)
    exponent = _compile(power, index).fn
    return _Compiled(fn=lambda env: np.power(base(env), exponent(env)), safe=False)


def _function(expr: Expr, index: dict[Symbol, int]) -> _Compiled:
    from symact.functions import ActivationFunction, glu, maxout, softmax, softmin
    from symact.numeric.primitives import PRIMITIVES

    if isinstance(expr, softmax):
        return _softmax(expr, index)
    if isinstance(expr, softmin):
        return _softmax(expr, index, sign=-1.0)
    if isinstance(expr, maxout):
        return _fold(sympy.Max(*expr.args, evaluate=False), index, np.maximum)
    vector_kernel = _vector_kernels().get(type(expr))
    if vector_kernel is not None:
        return _vector(expr, index, vector_kernel)
    if isinstance(expr, glu):
        from symact.numeric.stable import stable_form

        return _compile(stable_form(expr.definition()), index)
    primitive = PRIMITIVES.get(type(expr))
    if primitive is None and isinstance(expr, ActivationFunction):
        # no kernel of its own: compile its exact definition, made stable
        from symact.numeric.stable import stable_form

        return _compile(stable_form(expr.definition()), index)
    if primitive is None:
        name = getattr(expr.func, "__name__", str(expr.func))
        raise CompileError(f"no numeric kernel for {name}")
    parts = [_compile(a, index) for a in expr.args]
    kernel = primitive.kernel
    fns = [p.fn for p in parts]
    safe = primitive.exact_in_limit and primitive.finite_safe and all(p.safe for p in parts)
    sensitive = primitive.sensitive
    first = parts[0]
    if sensitive is not None and not first.exact and first.constant is None:
        return _Compiled(fn=_sensitivity_flagged(kernel, sensitive, fns), safe=False)
    if len(fns) == 1:
        (only,) = fns
        return _Compiled(fn=lambda env: kernel(only(env)), safe=safe)
    return _Compiled(fn=lambda env: kernel(*(fn(env) for fn in fns)), safe=safe)


def _sensitivity_flagged(
    kernel: Callable[..., Array], sensitive: Callable[[Array], Array], fns: list[Node]
) -> Node:
    """``kernel`` of a rounded first argument, flagging where the kernel
    magnifies that rounding beyond the tolerance (``exp(-x**2)`` at
    x**2 = 700 turns the half-ulp rounding of x**2 into 4e-14 relative, and
    ``sigmoid(w)`` for w near -700 likewise): the guard recomputes those
    points exactly."""
    first, others = fns[0], fns[1:]

    def flagged(env: Env) -> Array:
        argument = first(env)
        env[-1][...] |= sensitive(argument)
        return kernel(argument, *(fn(env) for fn in others))

    return flagged


def _softmax(expr: Expr, index: dict[Symbol, int], sign: float = 1.0) -> _Compiled:
    """softmax (``sign`` 1) or softmin (``sign`` -1, the softmax of ``-z``)."""
    fns = [_compile(z, index).fn for z in expr.inputs]
    i = expr.index - 1

    def softmax(env: Env) -> Array:
        z = sign * np.stack(np.broadcast_arrays(*(fn(env) for fn in fns)), axis=0)
        shifted = z - np.max(z, axis=0)
        e = np.exp(shifted)
        return e[i] / np.sum(e, axis=0)

    return _Compiled(fn=softmax, safe=False)


# -- vector activations: kernels over the stacked inputs -------------------------
#
# Each kernel takes the inputs as an array ``z`` of shape ``(n, m)``, the
# component (0-based, ``None`` for a single output) and the array a kernel
# sets where its result may have lost digits (recomputed exactly by the guard).

ColumnKernel = Callable[[Array, "int | None", Array], Array]


def _vector(expr: Expr, index: dict[Symbol, int], kernel: ColumnKernel) -> _Compiled:
    component = getattr(expr, "index", None)
    inputs = getattr(expr, "inputs", expr.args)
    fns = [_compile(z, index).fn for z in inputs]
    i = None if component is None else component - 1

    def vector(env: Env) -> Array:
        z = np.stack(np.broadcast_arrays(*(np.asarray(fn(env), float) for fn in fns)), axis=0)
        return kernel(z, i, env[-1])

    return _Compiled(fn=vector, safe=False)


def _vector_kernels() -> dict[type, ColumnKernel]:
    from symact.functions import log_softmax, logsumexp, sparsemax

    return {log_softmax: _log_softmax, logsumexp: _logsumexp, sparsemax: _sparsemax}


def _shift(z: Array) -> tuple[Array, Array]:
    """The maximum of each column (NaN if any input is) and the sum of
    ``exp(z_j - max)`` over every input but the first largest, which would
    contribute exactly 1 (``log1p`` of it keeps the digits)."""
    top = np.max(z, axis=0)
    finite_top = np.where(np.isfinite(top), top, 0.0)
    first = np.argmax(np.where(np.isnan(z), -np.inf, z), axis=0)
    others = np.arange(len(z))[:, None] != first
    rest = np.sum(np.where(others, np.exp(z - finite_top), 0.0), axis=0)
    return top, rest


def _logsumexp(z: Array, i: int | None, cancelled: Array) -> Array:
    """``max + log1p(sum_{j != argmax} exp(z_j - max))``; +inf if an input
    is, -inf if all are."""
    top, rest = _shift(z)
    tail = np.log1p(rest)
    out = np.where(np.isfinite(top), top + tail, top)
    cancelled |= np.isfinite(top) & (np.abs(top) + tail > CANCELLATION * np.abs(out))
    return out


def _log_softmax(z: Array, i: int | None, cancelled: Array) -> Array:
    """``(z_i - max) - log1p(sum_{j != argmax} exp(z_j - max))``: two terms of
    one sign. With one input at +inf its component is 0 and the others -inf
    (NaN with several); NaN if every input is -inf."""
    assert i is not None
    top, rest = _shift(z)
    out = (z[i] - np.where(np.isfinite(top), top, 0.0)) - np.log1p(rest)
    plus = z == np.inf
    count = np.sum(plus, axis=0)
    at_plus = np.where(plus[i], np.where(count == 1, 0.0, np.nan), -np.inf)
    out = np.where(count > 0, at_plus, out)
    out = np.where(top == -np.inf, np.nan, out)
    return np.where(np.isnan(z).any(axis=0), np.nan, out)


def _two_sum(a: Array, b: Array) -> tuple[Array, Array]:
    """``a + b`` and its rounding error, exactly (Knuth's TwoSum)."""
    total = a + b
    virtual = total - a
    return total, (a - (total - virtual)) + (b - virtual)


def _compensated(terms: list[tuple[Array, Array]]) -> tuple[Array, Array]:
    """The sum of ``terms`` given as ``(a, b)`` pairs meaning ``a - b``, in
    about twice the working precision, and the sum of the magnitudes."""
    total = np.zeros_like(terms[0][0])
    error = np.zeros_like(total)
    magnitude = np.zeros_like(total)
    for a, b in terms:
        high, low = _two_sum(a, -b)
        total, rounding = _two_sum(total, high)
        error += rounding + low
        magnitude += np.abs(high)
    return total + error, magnitude


def _sparsemax(z: Array, i: int | None, cancelled: Array) -> Array:
    """Component ``i`` of the projection onto the simplex, by sorting: the
    support is the k largest inputs ``u_1 >= ... >= u_k`` for the largest k
    with ``sum_{j<k} (u_j - u_k) < 1``, and ``p_i = (1 + sum_{j<=k} (z_i -
    u_j))/k`` on it. The sums are compensated; where one lies within
    rounding of a boundary the result is recomputed exactly. One +inf input
    takes all the mass (NaN with several); -inf inputs get 0."""
    assert i is not None
    n = len(z)
    bad = np.isnan(z).any(axis=0)
    plus = z == np.inf
    count = np.sum(plus, axis=0)
    work = np.where(bad[None, :] | plus, 0.0, z)
    ordered = -np.sort(-work, axis=0)
    size = np.zeros(work.shape[1], dtype=np.int64)
    one = np.ones(work.shape[1])
    for k in range(n):
        gap, _ = _compensated([(ordered[j], ordered[k]) for j in range(k)] or [(0 * one, 0 * one)])
        inside = gap < 1.0
        size += inside
        cancelled |= np.abs(gap - 1.0) <= 1e-14
    size = np.maximum(size, 1)
    smallest = np.take_along_axis(ordered, (size - 1)[None, :], axis=0)[0]
    kept = [np.where(j < size, ordered[j], work[i]) for j in range(n)]
    total, magnitude = _compensated([(one, 0 * one)] + [(work[i], u) for u in kept])
    value = total / size
    in_support = work[i] >= smallest
    out = np.where(in_support, np.maximum(value, 0.0), 0.0)
    cancelled |= in_support & (magnitude > 1e15 * np.abs(total))
    out = np.where(count > 0, np.where(plus[i], np.where(count == 1, 1.0, np.nan), 0.0), out)
    out = np.where(np.all(z == -np.inf, axis=0), np.nan, out)
    return np.where(bad, np.nan, out)


# -- Piecewise: each branch only where it is selected ----------------------------

_RELATIONS: dict[type, Any] = {
    sympy.StrictGreaterThan: np.greater,
    sympy.StrictLessThan: np.less,
    sympy.GreaterThan: np.greater_equal,
    sympy.LessThan: np.less_equal,
    sympy.Equality: np.equal,
    sympy.Unequality: np.not_equal,
}


def _against_rational(cond: Boolean, lhs: Node, relation: Any) -> Node:
    """``lhs op c`` for an exact rational ``c``, decided exactly where ``lhs``
    equals ``c`` rounded to a float: the float 0.1 lies above 1/10, so
    ``x > 1/10`` holds there (a jump at a decimal breakpoint stays exact)."""
    rounded = float(cond.rhs)
    at_tie = bool(type(cond)(sympy.Rational(rounded), cond.rhs))

    def compare(env: Env) -> Array:
        left = lhs(env)
        return np.where(left == rounded, at_tie, relation(left, rounded))

    return compare


def _condition(cond: Boolean, index: dict[Symbol, int]) -> Node:
    if cond is sympy.true:
        return lambda env: True
    if cond is sympy.false:
        return lambda env: False
    relation = _RELATIONS.get(type(cond))
    if relation is not None:
        if cond.rhs.is_Rational and cond.lhs.free_symbols:
            return _against_rational(cond, _compile(cond.lhs, index).fn, relation)
        lhs = _compile(cond.lhs, index).fn
        rhs = _compile(cond.rhs, index).fn
        return lambda env: relation(lhs(env), rhs(env))
    parts = [_condition(c, index) for c in cond.args]
    if isinstance(cond, sympy.And):
        return lambda env: np.logical_and.reduce([p(env) for p in parts])
    if isinstance(cond, sympy.Or):
        return lambda env: np.logical_or.reduce([p(env) for p in parts])
    if isinstance(cond, sympy.Not):
        (inner,) = parts
        return lambda env: np.logical_not(inner(env))
    raise CompileError(f"no numeric kernel for the condition {cond}")


def _piecewise(expr: sympy.Piecewise, index: dict[Symbol, int]) -> _Compiled:
    branches = [(_compile(e, index), _condition(c, index)) for e, c in expr.args]
    inputs = sorted(index[s] for s in expr.free_symbols if s in index)
    constant = all(b.constant is not None for b, _ in branches)

    def piecewise(env: Env) -> Array:
        size = len(env[inputs[0]])
        undecided = np.ones(size, dtype=bool)
        for i in inputs:
            undecided &= ~np.isnan(env[i])
        out = np.full(size, np.nan)
        for branch, condition in branches:
            chosen = undecided & condition(env)
            if constant:
                out[chosen] = branch.constant
            elif chosen.any():
                sub = tuple(a[chosen] for a in env)
                out[chosen] = branch.fn(sub)
                env[-1][chosen] |= sub[-1]
            undecided &= ~chosen
            if not undecided.any():
                break
        return out

    safe = all(b.safe for b, _ in branches)
    return _Compiled(fn=piecewise, safe=safe)
