"""Vector activations: functions of a whole input vector ``z = (z1, ..., zn)``.

SymPy functions are scalar, so an activation with a vector output is
represented by its components: ``softmax(z1, ..., zn, index=i)`` is the i-th
output (1-based, as in ``s_i``), and ``softmax.vector`` assembles the vector.
The component functions are :class:`softmax`, :class:`log_softmax`,
:class:`softmin`, :class:`sparsemax` (n outputs) and :class:`glu` (n/2
outputs); :class:`logsumexp` and :class:`maxout` have a single output. Each
exposes its exact definition and partial derivatives (the Jacobian).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any, ClassVar

import sympy
from sympy import (
    Add,
    And,
    Eq,
    Expr,
    Function,
    Integer,
    KroneckerDelta,
    Matrix,
    Or,
    Piecewise,
    Rational,
    exp,
    log,
)
from sympy.core.evalf import prec_to_dps
from sympy.core.function import ArgumentIndexError

from symact.errors import ParameterError
from symact.functions.logistic import sigmoid
from symact.symbols import as_argument

__all__ = ["glu", "log_softmax", "logsumexp", "maxout", "softmax", "softmin", "sparsemax"]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _inputs(values: Sequence[object], owner: str, minimum: int) -> tuple[Expr, ...]:
    inputs = tuple(as_argument(v, what=f"{owner} input") for v in values)
    if len(inputs) < minimum:
        raise ParameterError(f"{owner} needs at least {minimum} inputs, got {len(inputs)}")
    return inputs


def _is_integer(value: object) -> bool:
    return isinstance(value, int | Integer) and not isinstance(value, bool)


def _all_real(values: Sequence[Expr]) -> bool | None:
    return True if all(v.is_real for v in values) else None


class _Component(Function):
    """The ``index``-th output of a vector activation of ``(z1, ..., zn)``.

    The arguments are stored as ``(z1, ..., zn, index)``, so SymPy's rebuild
    ``func(*args)`` round-trips. Subclasses give ``definition_of`` and
    ``_partial`` (the derivative with respect to one input).
    """

    latex_name: ClassVar[str] = ""
    #: the fewest inputs the activation takes
    minimum: ClassVar[int] = 1

    def __new__(cls, *inputs: object, index: object = None, **options: Any) -> Any:
        name = cls.__name__
        if index is None:
            if len(inputs) < 2:
                raise ParameterError(
                    f"{name} needs inputs and index=i, e.g. {name}(z1, z2, index=1)"
                )
            *inputs, index = inputs  # type: ignore[assignment]
        values = _inputs(inputs, name, cls.minimum)
        cls.check_size(len(values))
        if not _is_integer(index):
            raise ParameterError(f"{name} index must be an integer, got {index!r}")
        count = cls.outputs(len(values))
        if not 1 <= int(index) <= count:  # type: ignore[call-overload]
            raise ParameterError(f"{name} index {index} is outside 1..{count}")
        return super().__new__(cls, *values, Integer(int(index)), **options)  # type: ignore[call-overload]

    @classmethod
    def eval(cls, *args: Expr) -> Expr | None:
        return None

    @classmethod
    def check_size(cls, n: int) -> None:
        """Raise if ``n`` inputs are not allowed (beyond the minimum)."""

    @classmethod
    def outputs(cls, n: int) -> int:
        """How many outputs ``n`` inputs give."""
        return n

    @classmethod
    def default_index(cls, n: int) -> int | None:
        """The index a call may leave out (there is a single output), else ``None``."""
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
        """The exact definition of component ``index``."""
        raise NotImplementedError

    def definition(self) -> Expr:
        """This component's exact definition."""
        return self.definition_of(*self.inputs, index=self.index)

    def _eval_rewrite_as_definition(self, *args: Expr, **hints: Any) -> Expr:
        return self.definition_of(*args[:-1], index=int(args[-1]))

    def fdiff(self, argindex: int = 1) -> Expr:
        if not 1 <= argindex <= len(self.inputs):
            raise ArgumentIndexError(self, argindex)
        return self._partial(argindex)

    def _partial(self, j: int) -> Expr:
        """The partial derivative with respect to ``z_j`` (1-based)."""
        raise NotImplementedError

    def _eval_evalf(self, prec: int) -> Expr | None:
        if not all(a.is_number for a in self.args):
            return None
        return self.definition().evalf(prec_to_dps(prec))

    @classmethod
    def kink_locations(cls, *inputs: Expr) -> tuple[sympy.Basic, ...]:
        """Where the Jacobian does not exist: nowhere (smooth)."""
        return ()

    @classmethod
    def vector(cls, inputs: Sequence[object]) -> Matrix:
        """The outputs for ``inputs``, as a column vector of components.

        >>> softmax.vector(sympy.symbols("a b", real=True)).T
        Matrix([[softmax(a, b, index=1), softmax(a, b, index=2)]])
        """
        values = _inputs(inputs, cls.__name__, cls.minimum)
        cls.check_size(len(values))
        count = cls.outputs(len(values))
        return Matrix([cls(*values, index=i) for i in range(1, count + 1)])

    def _sympystr(self, printer: Any) -> str:
        inputs = ", ".join(printer._print(z) for z in self.inputs)
        return f"{type(self).__name__}({inputs}, index={self.index})"

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        base = type(self).__name__
        if printer._use_unicode:
            name = prettyForm(base + str(self.index).translate(_SUBSCRIPTS))  # softmax₁
        else:
            name = prettyForm(f"{base}_{self.index}")
        args = prettyForm(*printer._print_seq(self.inputs, delimiter=", ").parens())
        result = prettyForm(*stringPict.next(name, args), binding=prettyForm.FUNC)
        result.prettyFunc = name
        result.prettyArgs = args
        return result

    def _latex(self, printer: Any, exp: Any = None) -> str:
        inputs = ", ".join(printer._print(z) for z in self.inputs)
        base = rf"{self.latex_name}\left({inputs}\right)_{{{self.index}}}"
        return base if exp is None else rf"{base}^{{{exp}}}"


class softmax(_Component):
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

    @classmethod
    def definition_of(cls, *inputs: Expr, index: int) -> Expr:
        """The exact elementary form of component ``index``."""
        return exp(inputs[index - 1]) / Add(*(exp(z) for z in inputs))

    def _partial(self, j: int) -> Expr:
        s_j = softmax(*self.inputs, index=j)
        return self * (KroneckerDelta(self.index, j) - s_j)

    def _eval_is_positive(self) -> bool | None:
        return _all_real(self.inputs)


class log_softmax(_Component):
    r"""The ``index``-th component of the log-softmax of ``(z1, ..., zn)``:
    the logarithm of :class:`softmax`, computed without forming it.

    .. math:: \log s_i(z) = z_i - \log \sum_j e^{z_j}, \qquad
              \frac{\partial \log s_i}{\partial z_j} = \delta_{ij} - s_j

    where ``s`` is the softmax. Every component is negative for n >= 2 (and
    0 for n = 1).

    >>> z1, z2 = sympy.symbols("z1 z2", real=True)
    >>> log_softmax(z1, z2, index=1).rewrite("definition")
    z1 - log(exp(z1) + exp(z2))
    >>> log_softmax(z1, z2, index=1).diff(z2)
    -softmax(z1, z2, index=2)
    >>> log_softmax(z1, z2, index=2).is_negative
    True
    """

    latex_name: ClassVar[str] = r"\log\operatorname{softmax}"

    @classmethod
    def definition_of(cls, *inputs: Expr, index: int) -> Expr:
        """The exact elementary form of component ``index``."""
        return inputs[index - 1] - log(Add(*(exp(z) for z in inputs)))

    def _partial(self, j: int) -> Expr:
        return KroneckerDelta(self.index, j) - softmax(*self.inputs, index=j)

    def _eval_is_nonpositive(self) -> bool | None:
        return _all_real(self.inputs)

    def _eval_is_negative(self) -> bool | None:
        if not _all_real(self.inputs):
            return None
        return len(self.inputs) >= 2


class softmin(_Component):
    r"""The ``index``-th component of the softmin of ``(z1, ..., zn)``, the
    softmax of ``-z``: the smallest input gets the largest weight.

    .. math:: m_i(z) = \frac{e^{-z_i}}{\sum_j e^{-z_j}}, \qquad
              \frac{\partial m_i}{\partial z_j} = -m_i\,(\delta_{ij} - m_j)

    The diagonal entries are written ``-m_i * (sum of the other components)``,
    which equals ``-m_i (1 - m_i)`` and evaluates without cancellation.

    >>> z1, z2 = sympy.symbols("z1 z2", real=True)
    >>> softmin(z1, z2, index=1).rewrite("definition")
    exp(-z1)/(exp(-z2) + exp(-z1))
    >>> softmin(z1, z2, index=1).diff(z1)
    -softmin(z1, z2, index=1)*softmin(z1, z2, index=2)
    >>> softmin(z1, z2, index=1).diff(z2)
    softmin(z1, z2, index=1)*softmin(z1, z2, index=2)
    """

    latex_name: ClassVar[str] = r"\operatorname{softmin}"

    @classmethod
    def definition_of(cls, *inputs: Expr, index: int) -> Expr:
        """The exact elementary form of component ``index``."""
        return exp(-inputs[index - 1]) / Add(*(exp(-z) for z in inputs))

    def _partial(self, j: int) -> Expr:
        if j != self.index:
            return self * softmin(*self.inputs, index=j)
        others = (softmin(*self.inputs, index=k) for k in range(1, len(self.inputs) + 1))
        return -self * Add(*(m for m in others if m != self))

    def _eval_is_positive(self) -> bool | None:
        return _all_real(self.inputs)


# -- sparsemax: the Euclidean projection onto the probability simplex ----------------

#: the exact definition enumerates the 2**n - 1 possible supports
SPARSEMAX_EXACT_LIMIT = 5


def _supports(n: int) -> list[tuple[int, ...]]:
    """Every non-empty subset of ``range(n)``, smallest first."""
    return [s for size in range(1, n + 1) for s in combinations(range(n), size)]


def _excess(inputs: Sequence[Expr], support: tuple[int, ...], m: int) -> Expr:
    """``|S| z_m - sum_{j in S} z_j``: it exceeds ``-1`` exactly when ``z_m``
    lies above the threshold ``tau_S = (sum_{j in S} z_j - 1)/|S|``."""
    return len(support) * inputs[m] - Add(*(inputs[j] for j in support))


def _region(
    inputs: Sequence[Expr], support: tuple[int, ...], inside: str, outside: str
) -> sympy.Basic:
    """The inputs in ``support`` on the ``inside`` side of ``tau_S`` and the
    others on the ``outside`` side (relations to ``-1`` of :func:`_excess`)."""
    relations = {">": sympy.Gt, ">=": sympy.Ge, "<": sympy.Lt, "<=": sympy.Le, "==": Eq}
    return And(
        *(
            relations[inside if m in support else outside](_excess(inputs, support, m), -1)
            for m in range(len(inputs))
        )
    )


def _check_exact_size(n: int) -> None:
    if n > SPARSEMAX_EXACT_LIMIT:
        raise ParameterError(
            f"sparsemax's exact form enumerates the 2**n - 1 possible supports; "
            f"it is available for n <= {SPARSEMAX_EXACT_LIMIT}, got n = {n}"
        )


class sparsemax(_Component):
    r"""The ``index``-th component of the sparsemax of ``(z1, ..., zn)``: the
    Euclidean projection of ``z`` onto the probability simplex (Martins and
    Astudillo, 2016).

    .. math:: p_i(z) = \max(z_i - \tau(z), 0), \qquad
              \sum_i p_i(z) = 1

    The threshold is ``tau(z) = tau_S = (sum_{j in S} z_j - 1)/|S|`` on the
    support ``S = {i : p_i > 0}``, and ``S`` is the only set with
    ``z_i > tau_S`` for ``i`` in ``S`` and ``z_j <= tau_S`` outside it. The
    exact definition is a ``Piecewise`` over the possible supports (written
    with ``|S| z_m - sum_S z > -1``, i.e. ``z_m > tau_S``). sparsemax is
    continuous and piecewise linear; on the support its Jacobian is
    ``delta_ij - 1/|S|`` and it is 0 elsewhere. It is not differentiable
    where the support changes (some ``z_j = tau``); there each partial
    derivative is undefined unless its two one-sided values agree (an output
    or input that stays strictly outside the support: 0).

    >>> z1, z2 = sympy.symbols("z1 z2", real=True)
    >>> sparsemax(z1, z2, index=1).rewrite("definition")
    Piecewise((1, z1 - z2 >= 1), (z1/2 - z2/2 + 1/2, z1 - z2 > -1), (0, True))
    >>> sparsemax(z1, z2, index=1).diff(z1)
    Piecewise((0, (z1 - z2 > 1) | (z1 - z2 < -1)), (1/2, (z1 - z2 > -1) & (z1 - z2 < 1)))
    >>> [sparsemax(1, 1/2, 0, index=i).evalf(5) for i in (1, 2, 3)]
    [0.75000, 0.25000, 0]
    >>> from fractions import Fraction
    >>> sparsemax.projection([Fraction(1), Fraction(1, 2), Fraction(0)])
    [Fraction(3, 4), Fraction(1, 4), Fraction(0, 1)]
    """

    latex_name: ClassVar[str] = r"\operatorname{sparsemax}"

    @classmethod
    def definition_of(cls, *inputs: Expr, index: int) -> Expr:
        """The exact ``Piecewise`` form of component ``index``: one branch per
        support containing it (``n <= SPARSEMAX_EXACT_LIMIT``)."""
        _check_exact_size(len(inputs))
        i = index - 1
        branches = [
            ((_excess(inputs, s, i) + 1) / len(s), _region(inputs, s, ">", "<="))
            for s in _supports(len(inputs))
            if i in s
        ]
        return Piecewise(*branches, (0, True))

    def _partial(self, j: int) -> Expr:
        """``d p_i / d z_k``: ``delta_ik - 1/|S|`` inside the region of a
        support ``S`` holding both, 0 where ``z_i`` or ``z_k`` lies strictly
        below the threshold, or both (``i != k``) lie on it; undefined
        otherwise (the one-sided derivatives differ)."""
        inputs = self.inputs
        _check_exact_size(len(inputs))
        i, k = self.index - 1, j - 1
        zero: list[sympy.Basic] = []
        values: dict[Expr, list[sympy.Basic]] = {}
        for support in _supports(len(inputs)):
            if i not in support or k not in support:
                # the closed-support region: z_m >= tau for m in S, < tau outside
                zero.append(_region(inputs, support, ">=", "<"))
                continue
            value = KroneckerDelta(i, k) - Rational(1, len(support))
            interior = _region(inputs, support, ">", "<")
            (zero if value == 0 else values.setdefault(value, [])).append(interior)
            if i != k and len(support) >= 3:
                # z_i = z_k = tau: moving z_k moves p_i on neither side
                ties = {i, k}
                zero.append(
                    And(
                        *(
                            (Eq if m in ties else sympy.Ge)(_excess(inputs, support, m), -1)
                            if m in support
                            else sympy.Lt(_excess(inputs, support, m), -1)
                            for m in range(len(inputs))
                        )
                    )
                )
        branches = [(sympy.S.Zero, Or(*zero))] + [(v, Or(*c)) for v, c in values.items()]
        return Piecewise(*branches)

    @classmethod
    def kink_locations(cls, *inputs: Expr) -> tuple[sympy.Basic, ...]:
        """Where the support may change: ``z_j = tau_S`` for a support ``S``
        without ``j`` (there, when ``S`` is the support).

        >>> sparsemax.kink_locations(*sympy.symbols("z1 z2"))
        (Eq(-z1 + z2, -1), Eq(z1 - z2, -1))
        """
        found: dict[sympy.Basic, None] = {}
        for support in _supports(len(inputs)):
            for m in range(len(inputs)):
                if m not in support:
                    found.setdefault(Eq(_excess(inputs, support, m), -1), None)
        return tuple(found)

    @staticmethod
    def projection(values: Sequence[Any]) -> list[Any]:
        """sparsemax of ``values`` by sorting (Martins and Astudillo's
        Algorithm 1), in the arithmetic of the values themselves: exact for
        fractions, to working precision for mpmath numbers."""
        ordered = sorted(values, reverse=True)
        zero = ordered[0] * 0
        running, size, kept = zero, 0, zero
        for k, u in enumerate(ordered, start=1):
            running = running + u
            if 1 + k * u > running:  # u is in the support
                size, kept = k, running
        tau = (kept - 1) / size
        return [max(v - tau, zero) for v in values]

    @classmethod
    def jacobian_convention(cls, inputs: Sequence[Expr]) -> Matrix:
        """The Jacobian a kernel computes: Martins and Astudillo's
        ``diag(s) - s s^T / |S|`` with ``s`` the indicator of the support
        ``S = {i : p_i > 0}``, region by region (``n <=
        SPARSEMAX_EXACT_LIMIT``). Where sparsemax is differentiable it is the
        Jacobian; where the support changes it is the one-sided Jacobian of
        the side on which the tied inputs are outside the support.

        >>> sparsemax.jacobian_convention(sympy.symbols("z1 z2", real=True))[0, 1]
        Piecewise((-1/2, (-z1 + z2 > -1) & (z1 - z2 > -1)), (0, True))
        """
        n = len(inputs)
        _check_exact_size(n)
        rows = []
        for i in range(n):
            row = []
            for k in range(n):
                branches = [
                    (KroneckerDelta(i, k) - Rational(1, len(s)), _region(inputs, s, ">", "<="))
                    for s in _supports(n)
                    if i in s and k in s
                ]
                kept = [b for b in branches if b[0] != 0]
                row.append(Piecewise(*kept, (0, True), evaluate=False))
            rows.append(row)
        return Matrix(rows)

    def _eval_is_nonnegative(self) -> bool | None:
        return _all_real(self.inputs)


class glu(_Component):
    r"""The ``index``-th output of the gated linear unit of ``(z1, ..., zn)``,
    n even: the input splits into halves ``a = (z1, ..., z_{n/2})`` and
    ``b = (z_{n/2+1}, ..., zn)`` and the i-th output is ``a_i sigma(b_i)``.

    .. math:: \operatorname{GLU}(z)_i = a_i\,\sigma(b_i), \qquad
              \frac{\partial}{\partial a_i} = \sigma(b_i), \quad
              \frac{\partial}{\partial b_i} = a_i\,\sigma(b_i)\,(1 - \sigma(b_i))

    With two inputs the index may be left out.

    >>> z1, z2, z3, z4 = sympy.symbols("z1 z2 z3 z4", real=True)
    >>> glu(z1, z2)
    glu(z1, z2, index=1)
    >>> glu(z1, z2, z3, z4, index=2).rewrite("definition")
    z2*sigmoid(z4)
    >>> glu(z1, z2, z3, z4, index=2).diff(z4)
    z2*(1 - sigmoid(z4))*sigmoid(z4)
    """

    latex_name: ClassVar[str] = r"\operatorname{GLU}"
    minimum: ClassVar[int] = 2

    def __new__(cls, *inputs: object, index: object = None, **options: Any) -> Any:
        if index is None and len(inputs) == 2 and not _is_integer(inputs[1]):
            index = 1  # a single output
        return super().__new__(cls, *inputs, index=index, **options)

    @classmethod
    def check_size(cls, n: int) -> None:
        if n % 2:
            raise ParameterError(f"glu needs an even number of inputs (halves a, b), got {n}")

    @classmethod
    def outputs(cls, n: int) -> int:
        return n // 2

    @classmethod
    def default_index(cls, n: int) -> int | None:
        return 1 if n == 2 else None

    @classmethod
    def definition_of(cls, *inputs: Expr, index: int) -> Expr:
        """``a_i * sigmoid(b_i)``."""
        half = len(inputs) // 2
        return inputs[index - 1] * sigmoid(inputs[half + index - 1])

    def _partial(self, j: int) -> Expr:
        half = len(self.inputs) // 2
        a, b = self.inputs[self.index - 1], self.inputs[half + self.index - 1]
        if j == self.index:
            return sigmoid(b)
        if j == half + self.index:
            return a * sigmoid(b).fdiff()
        return sympy.S.Zero

    def _eval_is_real(self) -> bool | None:
        return _all_real(self.inputs)


# -- single-output vector activations --------------------------------------------------


class logsumexp(Function):
    r"""Log-sum-exp of its inputs, a smooth maximum: ``max z <= logsumexp(z)
    <= max z + log n``, and its gradient is the softmax.

    .. math:: \operatorname{logsumexp}(z) = \log \sum_j e^{z_j}, \qquad
              \frac{\partial}{\partial z_j} = s_j(z)

    >>> z1, z2 = sympy.symbols("z1 z2", real=True)
    >>> logsumexp(z1, z2).rewrite("definition")
    log(exp(z1) + exp(z2))
    >>> logsumexp(z1, z2).diff(z1)
    softmax(z1, z2, index=1)
    >>> logsumexp(0, 0).evalf(5)
    0.69315
    """

    latex_name: ClassVar[str] = r"\operatorname{logsumexp}"

    def __new__(cls, *inputs: object, **options: Any) -> Any:
        return super().__new__(cls, *_inputs(inputs, "logsumexp", 1), **options)

    @classmethod
    def eval(cls, *args: Expr) -> Expr | None:
        return None

    @classmethod
    def definition_of(cls, *inputs: Expr) -> Expr:
        """The exact definition, ``log(exp(z1) + ... + exp(zn))``."""
        return log(Add(*(exp(z) for z in inputs)))

    def definition(self) -> Expr:
        """This application's exact definition."""
        return self.definition_of(*self.args)

    def _eval_rewrite_as_definition(self, *args: Expr, **hints: Any) -> Expr:
        return self.definition_of(*args)

    def fdiff(self, argindex: int = 1) -> Expr:
        if not 1 <= argindex <= len(self.args):
            raise ArgumentIndexError(self, argindex)
        return softmax(*self.args, index=argindex)

    @classmethod
    def kink_locations(cls, *inputs: Expr) -> tuple[sympy.Basic, ...]:
        """Where the gradient does not exist: nowhere (smooth)."""
        return ()

    def _eval_evalf(self, prec: int) -> Expr | None:
        if not all(a.is_number for a in self.args):
            return None
        return self.definition().evalf(prec_to_dps(prec))

    def _eval_is_real(self) -> bool | None:
        return _all_real(self.args)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        inputs = ", ".join(printer._print(z) for z in self.args)
        name = self.latex_name if exp is None else rf"{self.latex_name}^{{{exp}}}"
        return rf"{name}\left({inputs}\right)"


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
