"""A safe codec between SymPy objects and JSON-compatible data.

Meant for an on-disk cache that may have been tampered with: :func:`decode`
never runs code taken from its input (no ``eval``, ``sympify`` or
``pickle``). It rebuilds only whitelisted SymPy and symact classes, looked up
by exact name, without evaluating them (a planted ``9**9**9`` stays an
unevaluated power), within bounds on size and depth, and raises
:class:`CacheFormatError` for anything else.

Every node is a JSON object of one of these shapes:

=========================================  ==========================================
``{"int": "-12"}``                         Integer (decimal; hex ``"0x..."`` if huge)
``{"rat": ["1", "4"]}``                    Rational ``p/q``
``{"float": [s, "m", e, bc], "prec": p}``  Float: its exact mpf, precision in bits
``{"sym": "x", "as": {"real": true}}``     Symbol and the assumptions it was given
``{"dummy": "t", "id": 7, "as": {}}``      Dummy (fresh; equal ids, same Dummy)
``{"s": "Infinity"}``                      a singleton: ``sympy.S.Infinity``
``{"f": "Add", "a": [...]}``               a whitelisted class and its args
=========================================  ==========================================

>>> from sympy import Interval, Rational, Symbol, exp
>>> x = Symbol("x", real=True)
>>> encode(exp(-x))
{'f': 'exp', 'a': [{'f': 'Mul', 'a': [{'int': '-1'}, {'sym': 'x', 'as': {'real': True}}]}]}
>>> decode(encode(Interval.Lopen(0, Rational(1, 4))))
Interval.Lopen(0, 1/4)
"""

from __future__ import annotations

import functools
import re
from typing import Any, TypeVar

import sympy
from sympy import Atom, Basic, Dummy, Float, ImmutableDenseMatrix, Integer, Rational, S, Symbol
from sympy.core.assumptions import _assume_defined
from sympy.core.parameters import evaluate
from sympy.functions.elementary.piecewise import ExprCondPair

__all__ = ["CacheFormatError", "decode", "encode"]

MAX_NODES = 200_000
MAX_DEPTH = 200
MAX_DIGITS = 10_000  # characters of an integer's text
MAX_NAME = 100
MAX_PREC = 40_000  # bits of a Float
MAX_EXP = 1_000_000  # binary exponent of a Float

_SINGLETONS = (
    *("Infinity", "NegativeInfinity", "ComplexInfinity", "NaN", "ImaginaryUnit"),
    *("Pi", "Exp1", "EulerGamma", "Catalan", "GoldenRatio", "TribonacciConstant"),
    *("true", "false", "EmptySet", "UniversalSet", "Reals", "Complexes", "Rationals"),
    *("Integers", "Naturals", "Naturals0", "Half", "One", "Zero", "NegativeOne"),
)
_BY_NAME: dict[str, Basic] = {name: getattr(S, name) for name in _SINGLETONS}
_NAME_OF: dict[int, str] = {id(obj): name for name, obj in _BY_NAME.items()}
# modules whose exported classes only store their args when built unevaluated;
# polys, geometry, series (Order), sums, integrals... compute and are left out
_MODULES = (
    *("sympy.core.", "sympy.functions.", "sympy.sets.", "sympy.logic."),
    *("sympy.calculus.accumulationbounds", "symact."),
)
# Lambda (and Symbol, an atom) are callable: a matrix would call them rows*cols
# times; AlgebraicNumber computes a minimal polynomial; Range computes its size
_REFUSED = {"Basic", "Expr", "Function", "Lambda", "AlgebraicNumber", "Range"}
# these sort their args by evalf-ed infima, which evaluate(False) breaks
_KEYWORD = {"Union", "Intersection"}
#: built with evaluation on: Interval compares its ends, which under a global
#: evaluate(False) can recurse without end (ends with LambertW(exp(2)), radicals)
_EVALUATED = {"Interval"}
_ARITHMETIC = (sympy.Add, sympy.Mul, sympy.Pow)
_T = TypeVar("_T", bound=Symbol)
_INT = re.compile(r"-?(?:0x[0-9a-f]+|0|[1-9][0-9]*)\Z")


class CacheFormatError(ValueError):
    """Data that :func:`decode` refuses: malformed, unknown or too large."""


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, type]:
    from symact import functions

    found = [v for v in vars(sympy).values() if isinstance(v, type) and issubclass(v, Basic)]
    found += [v for v in vars(functions).values() if isinstance(v, type) and issubclass(v, Basic)]
    table = {
        cls.__name__: cls
        for cls in found
        if not issubclass(cls, Atom) and cls.__module__.startswith(_MODULES)
    }
    for name in (*_REFUSED, "ActivationFunction"):
        table.pop(name, None)
    return table | {"ExprCondPair": ExprCondPair, "ImmutableDenseMatrix": ImmutableDenseMatrix}


def _lookup(name: str) -> type | None:
    if name == "ndtr":  # imported lazily: symact.numeric brings in NumPy
        from symact.numeric.special import ndtr

        return ndtr
    return _classes().get(name)


def _int_text(n: int) -> str:
    return str(n) if n.bit_length() < 10_000 else hex(n)  # str() refuses > 4300 digits


def encode(expr: Basic) -> Any:
    """``expr`` as nested dicts, lists, strings, ints and bools, for JSON.

    >>> from sympy import Float, Symbol, oo
    >>> encode(oo)
    {'s': 'Infinity'}
    >>> encode(Float("0.5", 30))
    {'float': [0, '1', -1, 1], 'prec': 103}

    Raises ``TypeError`` for what :func:`decode` refuses whatever its size:
    classes off its whitelist (undefined functions, ``Lambda``, ``Poly``,
    mutable matrices...), symbols with names that are not identifiers.
    """
    if not isinstance(expr, Basic):
        raise TypeError(f"cannot encode {type(expr).__name__}: not a SymPy object")
    if expr.is_Integer:
        return {"int": _int_text(int(expr))}
    if expr.is_Rational:
        return {"rat": [_int_text(int(expr.p)), _int_text(int(expr.q))]}
    if isinstance(expr, Float):
        sign, man, exp, bc = expr._mpf_
        return {"float": [int(sign), _int_text(int(man)), int(exp), int(bc)], "prec": expr._prec}
    if type(expr) in (Symbol, Dummy):
        (name, *index), assumptions = expr.__getnewargs_ex__()
        if not _valid_symbol(name, assumptions):
            raise TypeError(f"cannot encode symbol {name!r}: decode refuses its name")
        if index:
            return {"dummy": name, "id": index[0], "as": dict(assumptions)}
        return {"sym": name, "as": dict(assumptions)}
    if id(expr) in _NAME_OF:
        return {"s": _NAME_OF[id(expr)]}
    cls: type = type(expr)
    if isinstance(expr, Atom) or _lookup(cls.__name__) is not cls:
        raise TypeError(f"cannot encode {cls.__name__}: not a class decode accepts")
    return {"f": cls.__name__, "a": [encode(arg) for arg in expr.args]}


def decode(data: Any) -> Basic:
    """The SymPy object :func:`encode` turned into ``data``.

    >>> decode({"f": "Pow", "a": [{"int": "9"}, {"f": "Pow", "a": [{"int": "9"}] * 2}]})
    9**(9**9)
    >>> decode({"f": "eval", "a": [{"sym": "x", "as": {}}]})
    Traceback (most recent call last):
    ...
    symact.serial.CacheFormatError: unknown class 'eval'
    """
    try:
        return _Decoder().node(data, 0)
    except RecursionError:
        raise CacheFormatError("nested too deeply") from None


def _ints(*values: object) -> bool:
    return all(type(v) is int for v in values)


def _integer(text: str) -> int:
    if len(text) > MAX_DIGITS or not _INT.match(text):
        raise CacheFormatError("malformed or too long integer")
    try:
        return int(text, 0)
    except ValueError:  # a decimal beyond Python's int/str conversion limit
        raise CacheFormatError("integer too long") from None


class _Decoder:
    def __init__(self) -> None:
        self.count = 0
        self.dummies: dict[int, tuple[Dummy, str, dict[str, bool]]] = {}

    def node(self, data: Any, depth: int) -> Basic:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise CacheFormatError("too many nodes or nested too deeply")
        size = len(data) if isinstance(data, dict) else 0
        match data:
            case {"f": str(name), "a": list(args)} if size == 2:
                return self.compound(name, args, depth)
            case {"int": str(text)} if size == 1:
                return Integer(_integer(text))
            case {"rat": [str(p), str(q)]} if size == 1 and _integer(q) > 0:
                return Rational(_integer(p), _integer(q))
            case {"float": [sign, str(man), exp, bc], "prec": prec} if size == 2:
                return _float(sign, _integer(man), exp, bc, prec)
            case {"sym": str(name), "as": dict(assumptions)} if size == 2:
                return _symbol(Symbol, name, assumptions)
            case {"dummy": str(name), "id": index, "as": dict(assumptions)} if size == 3:
                return self.dummy(name, index, assumptions)
            case {"s": str(name)} if size == 1 and name in _BY_NAME:
                return _BY_NAME[name]
        raise CacheFormatError(f"malformed node of type {type(data).__name__}")

    def compound(self, name: str, args: list[Any], depth: int) -> Basic:
        cls = _lookup(name)
        if cls is None:
            raise CacheFormatError(f"unknown class {name[:MAX_NAME]!r}")
        values = [self.node(arg, depth + 1) for arg in args]
        if cls is ImmutableDenseMatrix:
            match values:
                case [Integer() as rows, Integer() as cols, sympy.Tuple() as flat] if (
                    rows >= 0 and cols >= 0 and rows * cols == len(flat)
                ):
                    pass
                case _:
                    raise CacheFormatError("malformed matrix")
        elif issubclass(cls, _ARITHMETIC) and not all(isinstance(v, sympy.Expr) for v in values):
            raise CacheFormatError(f"{name} of a non-expression")
        try:
            if name in _KEYWORD:
                result = cls(*values, evaluate=False)
            elif name in _EVALUATED:
                result = cls(*values)
            else:
                with evaluate(False):
                    result = cls(*values)
        except Exception as exc:  # SymPy's constructors raise all kinds
            raise CacheFormatError(f"cannot build {name}: {type(exc).__name__}") from exc
        if not isinstance(result, Basic):
            raise CacheFormatError(f"{name} did not build a SymPy object")
        return result

    def dummy(self, name: str, index: Any, assumptions: dict[str, Any]) -> Dummy:
        if not _ints(index):
            raise CacheFormatError("malformed Dummy index")
        if index not in self.dummies:
            self.dummies[index] = (_symbol(Dummy, name, assumptions), name, assumptions)
        dummy, known_name, known = self.dummies[index]
        if (name, assumptions) != (known_name, known):
            raise CacheFormatError(f"Dummy {index} appears with different names or assumptions")
        return dummy


def _valid_symbol(name: str, assumptions: dict[str, Any]) -> bool:
    known = all(k in _assume_defined and type(v) is bool for k, v in assumptions.items())
    return known and len(name) <= MAX_NAME and name.isidentifier()


def _symbol(cls: type[_T], name: str, assumptions: dict[str, Any]) -> _T:
    if not _valid_symbol(name, assumptions):
        raise CacheFormatError(f"bad name or assumptions for symbol {name[:MAX_NAME]!r}")
    try:
        return cls(name, **assumptions)
    except ValueError:  # inconsistent assumptions
        raise CacheFormatError(f"inconsistent assumptions for symbol {name!r}") from None


def _float(sign: Any, man: int, exp: Any, bc: Any, prec: Any) -> Float:
    if not (_ints(sign, exp, bc, prec) and sign in (0, 1) and 1 <= prec <= MAX_PREC):
        raise CacheFormatError("malformed Float")
    normal = man > 0 and man & 1 and bc == man.bit_length() <= prec and abs(exp) <= MAX_EXP
    if not (normal or (sign, man, exp, bc) == (0, 0, 0, 0)):
        raise CacheFormatError("Float not normalized or too large")
    return Float._new((sign, man, exp, bc), prec, zero=False)
