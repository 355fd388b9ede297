"""The statement parser: text in symact's syntax to SymPy objects, safely.

The text is parsed by Python's :mod:`ast` and the tree is walked against a
whitelist of node kinds; SymPy objects are built here, node by node. Nothing
is evaluated, ``eval``-ed or ``sympify``-ed: attributes, subscripts, lambdas,
comprehensions, strings and every other construct are refused with a
:class:`~symact.errors.ParseError` that points at the column.

Syntax
======
* numbers: integers, decimals and ``1e-6`` forms, all exact (``0.01`` is ``1/100``);
* ``+ - * / **``, ``^`` (also a power), unary minus, parentheses;
* catalogue activations and aliases, parameters positional in PyTorch order
  or by keyword (``leaky_relu(x)``, ``leaky_relu(x, a)``, ``elu(x, alpha=2)``),
  ``softmax(z1, ..., zn, index=i)`` (also ``log_softmax``, ``softmin``,
  ``sparsemax``; ``glu(z1, ..., zn, index=i)`` with n even, ``glu(a, b)``),
  ``maxout(z1, ..., zk)``, ``logsumexp(z1, ..., zn)``;
* ``exp log sqrt abs sign sin cos tan sinh cosh tanh asinh atan erf erfc
  max min heaviside LambertW``; ``heaviside(x)`` is undefined at 0
  (``heaviside(x, h0)`` gives it the value ``h0``);
* ``diff(expr, var)`` and ``diff(expr, var, n)``: exact derivatives, undefined
  where they do not exist;
* constants ``pi``, ``E``, ``oo``; every other identifier is a real variable;
* relations ``== != < <= > >=``, chained (``0 < diff(sigmoid(x), x) <= 1/4``).

Limits: at most 2000 characters, 400 syntax nodes, nesting depth 100, integer
literals below 10**100, numeric exponents at most 1000 in size, exact powers of
at most 10000 digits, derivative orders at most 10, derivatives of at most
20000 expression nodes in all (measured as each order is built).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Basic, Expr, Integer, S

from symact.errors import AnalysisError, ParameterError, ParseError, SymactError
from symact.symbols import parse_number

__all__ = ["Relation", "Statement", "parse", "parse_expression", "parse_statement"]

MAX_LENGTH = 2000
MAX_NODES = 400
MAX_DEPTH = 100
MAX_INTEGER = 10**100
MAX_EXPONENT = 1000
MAX_DIGITS = 10000  # of an exact power of numbers
MAX_DIFF_ORDER = 10
MAX_DERIVED = 20000  # nodes in all the derivatives a statement builds

RELATIONS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _heaviside(arg: Expr, value: Expr = S.NaN) -> Expr:
    return sympy.Heaviside(arg, value)


def _log(arg: Expr, base: Expr | None = None) -> Expr:
    return sympy.log(arg) if base is None else sympy.log(arg) / sympy.log(base)


#: Elementary functions: name -> (builder, minimum, maximum number of arguments)
ELEMENTARY: dict[str, tuple[Callable[..., Expr], int, int | None]] = {
    "exp": (sympy.exp, 1, 1),
    "log": (_log, 1, 2),
    "sqrt": (sympy.sqrt, 1, 1),
    "abs": (sympy.Abs, 1, 1),
    "sign": (sympy.sign, 1, 1),
    "sin": (sympy.sin, 1, 1),
    "cos": (sympy.cos, 1, 1),
    "tan": (sympy.tan, 1, 1),
    "sinh": (sympy.sinh, 1, 1),
    "cosh": (sympy.cosh, 1, 1),
    "tanh": (sympy.tanh, 1, 1),
    "asinh": (sympy.asinh, 1, 1),
    "atan": (sympy.atan, 1, 1),
    "erf": (sympy.erf, 1, 1),
    "erfc": (sympy.erfc, 1, 1),
    "max": (sympy.Max, 2, None),
    "min": (sympy.Min, 2, None),
    "heaviside": (_heaviside, 1, 2),
    # as SymPy prints it: exact values such as SiLU's minimum use it
    "LambertW": (sympy.LambertW, 1, 1),
}
CONSTANTS: dict[str, Expr] = {"pi": S.Pi, "E": S.Exp1, "oo": S.Infinity}


@dataclass(frozen=True)
class Relation:
    """One link ``lhs op rhs`` of a (possibly chained) relation."""

    lhs: Expr
    op: str
    rhs: Expr

    def as_sympy(self) -> Basic:
        """The SymPy relational, unevaluated."""
        builders = {
            "==": sympy.Eq,
            "!=": sympy.Ne,
            "<": sympy.Lt,
            "<=": sympy.Le,
            ">": sympy.Gt,
            ">=": sympy.Ge,
        }
        return builders[self.op](self.lhs, self.rhs, evaluate=False)

    def __str__(self) -> str:
        return f"{self.lhs} {self.op} {self.rhs}"


@dataclass(frozen=True)
class Statement:
    """A parsed statement: an expression, or a chain of relations."""

    text: str
    expr: Expr | None
    relations: tuple[Relation, ...]

    @property
    def is_relation(self) -> bool:
        """True for a claim (``a < b``), False for a bare expression."""
        return bool(self.relations)

    def as_sympy(self) -> Basic:
        """The statement as one SymPy object (an ``And`` for a chain)."""
        if not self.relations:
            assert self.expr is not None
            return self.expr
        if len(self.relations) == 1:
            return self.relations[0].as_sympy()
        return sympy.And(*(r.as_sympy() for r in self.relations), evaluate=False)


class _Builder:
    """Walks a whitelisted AST and builds SymPy objects."""

    def __init__(self, text: str, derivatives: bool = True) -> None:
        self.text = text
        self.derivatives = derivatives
        self.encoded = text.encode("utf-8")
        self.nodes = 0
        self.derived = 0  # nodes of the derivatives built so far
        self.symbols: dict[str, sympy.Symbol] = {}

    # -- errors ----------------------------------------------------------------

    def column(self, node: ast.AST) -> int:
        offset = getattr(node, "col_offset", 0)
        if isinstance(node, ast.Attribute | ast.Subscript):  # at the '.' or '[' itself
            offset = getattr(node.value, "end_col_offset", None) or offset
        return len(self.encoded[:offset].decode("utf-8", errors="replace"))

    def fail(self, node: ast.AST, problem: str) -> ParseError:
        return ParseError(problem, self.text, self.column(node))

    def source(self, node: ast.AST) -> str:
        segment = ast.get_source_segment(self.text, node)
        return segment if segment is not None else ""

    # -- the walk --------------------------------------------------------------

    def statement(self, tree: ast.Expression) -> Statement:
        body = tree.body
        if isinstance(body, ast.Compare):
            operands = [self.expr(body.left, 1)]
            operators = []
            for op, comparator in zip(body.ops, body.comparators, strict=True):
                if type(op) not in RELATIONS:
                    raise self.fail(body, f"'{type(op).__name__}' is not a relation symact knows")
                operators.append(RELATIONS[type(op)])
                operands.append(self.expr(comparator, 1))
            relations = tuple(
                Relation(operands[i], operators[i], operands[i + 1]) for i in range(len(operators))
            )
            return Statement(self.text, None, relations)
        return Statement(self.text, self.expr(body, 1), ())

    def expr(self, node: ast.AST, depth: int) -> Expr:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, f"statement too large (more than {MAX_NODES} syntax nodes)")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"statement nested too deeply (more than {MAX_DEPTH} levels)")
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise self.fail(node, _describe_refused(node))
        try:
            result: Expr = method(node, depth + 1)
        except SymactError:
            raise
        except (TypeError, ValueError, AttributeError, ArithmeticError) as error:
            # SymPy refused to build it (apl(oo) compares with a complex infinity)
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise self.fail(node, f"cannot build {self.source(node)!r}: {reason}") from None
        # a constant without a value (log(0), oo - oo); a NaN inside an
        # expression in variables is deliberate (heaviside(x) at 0, kinks)
        if not result.free_symbols and result.has(S.NaN, S.ComplexInfinity):
            problem = f"{self.source(node)!r} has no value (it is {_undefined(result)})"
            raise self.fail(node, problem)
        return result

    def _Constant(self, node: ast.Constant, depth: int) -> Expr:
        value = node.value
        if isinstance(value, bool) or value is None or isinstance(value, str | bytes):
            kind = "string" if isinstance(value, str | bytes) else repr(value)
            raise self.fail(node, f"{kind} is not allowed in a statement")
        if isinstance(value, complex):
            raise self.fail(node, "complex numbers are not allowed (claims are about real values)")
        if isinstance(value, int):
            if abs(value) >= MAX_INTEGER:
                raise self.fail(node, "integer literal too large (at most 100 digits)")
            return Integer(value)
        text = self.source(node)
        try:
            return parse_number(text, what="number")
        except ParameterError as error:
            raise self.fail(node, str(error)) from None

    def _Name(self, node: ast.Name, depth: int) -> Expr:
        name = node.id
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in ELEMENTARY or name == "diff" or _is_activation(name):
            raise self.fail(node, f"{name!r} is a function: call it, e.g. {name}(x)")
        if not _IDENTIFIER.match(name):
            raise self.fail(node, f"variable names are ASCII letters, digits and _; not {name!r}")
        if name not in self.symbols:
            self.symbols[name] = sympy.Symbol(name, real=True)
        return self.symbols[name]

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Expr:
        operand = self.expr(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise self.fail(node, f"operator {_operator_text(node.op)} is not allowed")

    def _BinOp(self, node: ast.BinOp, depth: int) -> Expr:
        left = self.expr(node.left, depth)
        right = self.expr(node.right, depth)
        op = node.op
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.Div):
            if right.is_zero:
                raise self.fail(node, "division by zero")
            return left / right
        if isinstance(op, ast.Pow | ast.BitXor):
            return self.power(node, left, right)
        raise self.fail(node, f"operator {_operator_text(op)} is not allowed")

    def power(self, node: ast.AST, base: Expr, exponent: Expr) -> Expr:
        if exponent.is_number:
            if not exponent.is_real or not exponent.is_finite:
                raise self.fail(node, "the exponent must be a finite real number")
            if abs(exponent) > MAX_EXPONENT:
                raise self.fail(node, f"exponent too large (at most {MAX_EXPONENT})")
            if base.is_zero and exponent.is_negative:
                raise self.fail(node, "division by zero (0 to a negative power)")
            if base.is_Rational and base != 0:
                size = max(abs(base.p), abs(base.q))
                if float(abs(exponent)) * math.log10(size) > MAX_DIGITS:
                    raise self.fail(node, f"number too large (more than {MAX_DIGITS} digits)")
        if base.is_number and not exponent.is_number:
            return sympy.Pow(base, exponent)
        return base**exponent

    def _Call(self, node: ast.Call, depth: int) -> Expr:
        if not isinstance(node.func, ast.Name):
            raise self.fail(
                node.func, "only named functions can be called (no attributes or calls of calls)"
            )
        name = node.func.id
        for keyword in node.keywords:
            if keyword.arg is None:
                raise self.fail(keyword.value, "'**' arguments are not allowed")
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                raise self.fail(argument, "'*' arguments are not allowed")
        if name == "diff":
            return self.diff(node, depth)
        if name in ELEMENTARY:
            return self.elementary(node, name, depth)
        if _is_activation(name):
            return self.activation(node, name, depth)
        raise self.fail(node.func, f"unknown function {name!r}{_suggestion(name)}")

    def elementary(self, node: ast.Call, name: str, depth: int) -> Expr:
        builder, minimum, maximum = ELEMENTARY[name]
        if node.keywords:
            raise self.fail(node.keywords[0].value, f"{name}() takes no keyword arguments")
        count = len(node.args)
        if count < minimum or (maximum is not None and count > maximum):
            expected = (
                f"{minimum}"
                if maximum == minimum
                else (f"{minimum} or more" if maximum is None else f"{minimum} to {maximum}")
            )
            raise self.fail(node, f"{name}() takes {expected} argument(s), got {count}")
        args = [self.expr(a, depth) for a in node.args]
        return builder(*args)

    def activation(self, node: ast.Call, name: str, depth: int) -> Expr:
        from symact.catalogue import get

        record = get(name)
        if record.vector:
            return self.vector_activation(node, record.name, depth)
        if not node.args:
            raise self.fail(node, f"{name}() needs its input, e.g. {name}(x)")
        names = record.parameter_names
        if len(node.args) - 1 > len(names):
            raise self.fail(
                node.args[len(names) + 1] if len(node.args) > len(names) + 1 else node,
                f"{name}() takes its input and {len(names)} parameter(s) "
                f"({', '.join(names) or 'none'}), got {len(node.args) - 1} parameter(s)",
            )
        arg = self.expr(node.args[0], depth)
        params: dict[str, Expr] = {}
        for parameter, value in zip(names, node.args[1:], strict=False):
            params[parameter] = self.expr(value, depth)
        for keyword in node.keywords:
            assert keyword.arg is not None
            if keyword.arg not in names:
                raise self.fail(
                    keyword.value,
                    f"{name}() has no parameter {keyword.arg!r} "
                    f"(parameters: {', '.join(names) or 'none'})",
                )
            if keyword.arg in params:
                raise self.fail(keyword.value, f"{name}() got parameter {keyword.arg!r} twice")
            params[keyword.arg] = self.expr(keyword.value, depth)
        try:
            return record.expr(arg, **params)
        except SymactError as error:
            raise self.fail(node, str(error)) from None

    def vector_activation(self, node: ast.Call, name: str, depth: int) -> Expr:
        from symact.catalogue import get

        function = get(name).function
        inputs = [self.expr(a, depth) for a in node.args]
        try:
            if not hasattr(function, "default_index"):  # one output: maxout, logsumexp
                if node.keywords:
                    raise self.fail(node.keywords[0].value, f"{name}() takes no keyword arguments")
                return function(*inputs)
            index: object = None
            for keyword in node.keywords:
                if keyword.arg != "index":
                    raise self.fail(
                        keyword.value, f"{name}() has no parameter {keyword.arg!r} (use index=i)"
                    )
                index_value = self.expr(keyword.value, depth)
                if not index_value.is_Integer:
                    raise self.fail(keyword.value, f"{name} index must be an integer")
                index = int(index_value)
            if index is None:
                function.check_size(len(inputs))
                index = function.default_index(len(inputs))
            if index is None:
                raise self.fail(node, f"{name} needs index=i: {name}(z1, ..., zn, index=i)")
            return function(*inputs, index=index)
        except ParameterError as error:
            raise self.fail(node, str(error)) from None

    def diff(self, node: ast.Call, depth: int) -> Expr:
        from symact.calculus import derivative

        if node.keywords:
            raise self.fail(node.keywords[0].value, "diff() takes no keyword arguments")
        if not 2 <= len(node.args) <= 3:
            raise self.fail(
                node, f"diff() takes 2 or 3 arguments (expr, var[, n]), got {len(node.args)}"
            )
        expr = self.expr(node.args[0], depth)
        variable_node = node.args[1]
        if not isinstance(variable_node, ast.Name) or variable_node.id in CONSTANTS:
            raise self.fail(variable_node, "diff() differentiates with respect to a variable name")
        variable = self.expr(variable_node, depth)
        order = 1
        if len(node.args) == 3:
            order_value = self.expr(node.args[2], depth)
            if not (order_value.is_Integer and 0 <= int(order_value) <= MAX_DIFF_ORDER):
                raise self.fail(
                    node.args[2],
                    f"the order of diff() must be an integer from 0 to {MAX_DIFF_ORDER}",
                )
            order = int(order_value)
        if not self.derivatives:  # checked, not computed
            return sympy.Derivative(expr, (variable, order))
        # one order at a time, each result measured: derivatives of products
        # and compositions grow ~3x an order (the 10th of mish*gelu*selu*elu*
        # softplus takes minutes), so their size is bounded like the text's
        result = expr
        for _ in range(order):
            try:
                result = derivative(result, variable)
            except AnalysisError:
                return _fallback_derivative(expr, variable, order)
            self.derived += _size(result, MAX_DERIVED - self.derived)
            if self.derived > MAX_DERIVED:
                raise self.fail(
                    node, f"derivatives too large to build (more than {MAX_DERIVED} terms in all)"
                )
        return result


def _size(expr: Expr, limit: int) -> int:
    """The number of nodes of ``expr``'s tree, counted up to ``limit + 1``."""
    count = 0
    for _ in sympy.preorder_traversal(expr):
        count += 1
        if count > limit:
            break
    return count


def _fallback_derivative(expr: Expr, variable: Any, order: int) -> Expr:
    """When kinks cannot be located (a kink whose position depends on a
    symbolic parameter), differentiate with the catalogue's declared rules
    only if nothing else in ``expr`` has a kink; otherwise keep the derivative
    unevaluated, which the prover treats as unknown."""
    from symact.calculus import to_piecewise

    plain = to_piecewise(expr)
    if order == 1 and not plain.has(sympy.Piecewise):
        return sympy.diff(plain, variable)
    return sympy.Derivative(expr, (variable, order))


def _is_activation(name: str) -> bool:
    from symact.catalogue import CATALOGUE

    return name in CATALOGUE


def _suggestion(name: str) -> str:
    import difflib

    from symact.catalogue import CATALOGUE

    known = [*ELEMENTARY, "diff", *(label for r in CATALOGUE for label in (r.name, *r.aliases))]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def _operator_text(op: ast.AST) -> str:
    symbols = {
        ast.Mod: "%",
        ast.FloorDiv: "//",
        ast.MatMult: "@",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.Invert: "~",
        ast.Not: "not",
    }
    return repr(symbols.get(type(op), type(op).__name__))


_REFUSED = {
    "Attribute": "attribute access (a.b) is not allowed",
    "Subscript": "subscripts (a[i]) are not allowed",
    "Lambda": "lambda is not allowed",
    "ListComp": "comprehensions are not allowed",
    "SetComp": "comprehensions are not allowed",
    "DictComp": "comprehensions are not allowed",
    "GeneratorExp": "comprehensions are not allowed",
    "List": "lists are not allowed",
    "Tuple": "tuples are not allowed (use one expression)",
    "Set": "sets are not allowed",
    "Dict": "dictionaries are not allowed",
    "JoinedStr": "strings are not allowed in a statement",
    "BoolOp": "'and'/'or' are not allowed; chain relations instead (0 < x < 1)",
    "IfExp": "conditional expressions are not allowed; use max, min or an activation",
    "NamedExpr": "assignment (:=) is not allowed",
    "Await": "await is not allowed",
    "Yield": "yield is not allowed",
    "YieldFrom": "yield is not allowed",
    "Starred": "'*' is not allowed",
    "Slice": "slices are not allowed",
    "Compare": "a relation can only stand at the top of a statement",
}


def _undefined(value: Expr) -> str:
    """How an expression with no real value reads: ``NaN`` (``oo - oo``) or
    the complex infinity ``zoo`` (``log(0)``)."""
    return "undefined, NaN" if value.has(S.NaN) else "the complex infinity zoo"


def _describe_refused(node: ast.AST) -> str:
    return _REFUSED.get(type(node).__name__, f"{type(node).__name__} is not allowed in a statement")


def _check_characters(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise ParseError(f"statement longer than {MAX_LENGTH} characters", "", None)
    for index, char in enumerate(text):
        if not char.isascii():
            raise ParseError(
                f"non-ASCII character {char!r} (U+{ord(char):04X}); statements are ASCII",
                text,
                index,
            )
        if not char.isprintable() and char not in " \t":
            raise ParseError(f"control character U+{ord(char):04X} is not allowed", text, index)
    if not text.strip():
        raise ParseError("empty statement", text, 0)


def _caret_to_power(text: str) -> tuple[str, list[int]]:
    """Replace the operator ``^`` by ``**`` token by token (Python would give
    ``^`` lower precedence than ``+``, misreading ``x^2 + 1`` as ``x^(2 + 1)``).
    Returns the new text and the original positions of the replaced carets."""
    import io
    import tokenize

    positions: list[int] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return text, positions  # ast.parse reports the syntax error
    for token in tokens:
        if token.type == tokenize.OP and token.string == "^":
            positions.append(token.start[1])
    if not positions:
        return text, positions
    pieces, last = [], 0
    for position in positions:
        pieces.append(text[last:position])
        pieces.append("**")
        last = position + 1
    pieces.append(text[last:])
    return "".join(pieces), positions


def _original_column(column: int, carets: list[int]) -> int:
    """Map a column of the rewritten text back to the user's text."""
    shift = 0
    for position in carets:
        if position + shift < column:
            shift += 1
    return column - shift


def parse_statement(text: str, *, derivatives: bool = True) -> Statement:
    """Parse ``text`` into a :class:`Statement` (an expression or a chain of
    relations). ``derivatives=False`` checks the text without computing the
    derivatives it asks for (each ``diff`` stays an unevaluated
    ``Derivative``): cheap, for validating files whose entries are built later
    in time-limited workers.

    >>> parse_statement("0 < diff(sigmoid(x), x) <= 1/4").relations[1]
    Relation(lhs=(1 - sigmoid(x))*sigmoid(x), op='<=', rhs=1/4)

    Raises
    ======
    ParseError
        for anything outside the syntax or its limits, pointing at the column.
    """
    if not isinstance(text, str):
        raise ParseError(f"a statement is text, not {type(text).__name__}")
    _check_characters(text)
    original = text.replace("\t", " ").strip()
    source, carets = _caret_to_power(original)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        column = _original_column(max(0, (error.offset or 1) - 1), carets)
        raise ParseError(f"syntax error: {error.msg}", original, column) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise ParseError(f"cannot parse: {error}", "", None) from None
    builder = _Builder(source, derivatives)
    try:
        statement = builder.statement(tree)
    except ParseError as error:
        if error.column is not None:
            error = ParseError(error.problem, original, _original_column(error.column, carets))
        raise error from None
    except RecursionError:
        raise ParseError(f"statement nested too deeply (more than {MAX_DEPTH} levels)") from None
    return Statement(original, statement.expr, statement.relations)


#: seconds :func:`parse` gives a statement to be built
PARSE_SECONDS = 20.0


def parse(text: str, timeout: float | None = PARSE_SECONDS) -> Basic:
    """Parse ``text`` into a SymPy object: an expression, a relational, or an
    ``And`` of relationals for a chain.

    Building a statement can be costly (``diff`` is computed here, and the
    derivative of a product of kinked activations branches at every kink),
    so it is built in a worker process killed after ``timeout`` seconds, with
    its memory capped (:mod:`symact.limits`); past either limit, the text is
    refused with a :class:`ParseError`. ``timeout=None`` builds in this
    process, without limits (as :func:`parse_statement` and
    :func:`parse_expression` do: symact calls them inside its workers).

    >>> parse("tanh(x) == 2*sigmoid(2*x) - 1")
    Eq(tanh(x), 2*sigmoid(2*x) - 1)
    >>> parse("leaky_relu(x, 0.2) + 2^3")
    leaky_relu(x, 1/5) + 8
    >>> parse("x.__class__")
    Traceback (most recent call last):
    ...
    symact.errors.ParseError: attribute access (a.b) is not allowed at column 2: x.__class__
    """
    if timeout is None:
        return _parse_now(text)
    from symact.limits import TimeLimitExceeded, WorkerFailed, limit_reason, run_with_time_limit

    try:
        return run_with_time_limit(_parse_now, (text,), timeout, reraise=(SymactError,))
    except (TimeLimitExceeded, WorkerFailed) as failure:
        problem = f"statement too costly to build ({limit_reason(failure, timeout)})"
        raise ParseError(problem, text if isinstance(text, str) else "") from None


def _parse_now(text: str) -> Basic:
    """:func:`parse`, in this process."""
    return parse_statement(text).as_sympy()


def parse_expression(text: str, *, derivatives: bool = True) -> Expr:
    """Parse ``text`` as an expression (no relation); ``derivatives`` as for
    :func:`parse_statement`.

    >>> parse_expression("elu(x, alpha=0.5)")
    elu(x, 1/2)
    """
    statement = parse_statement(text, derivatives=derivatives)
    if statement.expr is None:
        raise ParseError("expected an expression, not a relation", statement.text, 0)
    return statement.expr
