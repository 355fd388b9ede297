"""Inputs for the parser's property tests and fuzzer (fuzz/fuzz_parser.py):
hypothesis strategies for random characters, token soup, a grammar of
statements, catalogue calls with random arguments, and random Python ASTs
(allowed and refused node kinds alike, unparsed to text); and the property
itself, :func:`check_parse`."""

from __future__ import annotations

import ast
import string

import sympy
from hypothesis import strategies as st

from symact.catalogue import CATALOGUE
from symact.errors import ParseError
from symact.parser import CONSTANTS, ELEMENTARY, parse_expression, parse_statement

# -- inputs -----------------------------------------------------------------------

ACTIVATIONS = sorted({label for record in CATALOGUE for label in (record.name, *record.aliases)})
PARAMETERS = sorted({p for record in CATALOGUE for p in record.parameter_names} | {"index"})
FUNCTIONS = sorted({*ACTIVATIONS, *ELEMENTARY, "diff"})
DANGEROUS = ["__import__", "__builtins__", "eval", "exec", "open", "globals", "getattr", "Symbol"]
NAMES = sorted({*FUNCTIONS, *CONSTANTS, *DANGEROUS, "x", "y", "z", "a", "t", "x1", "_x", "S"})
DUNDERS = ["__class__", "__globals__", "__dict__", "__subclasses__", "__mro__", "__code__"]
ATTRIBUTES = [*DUNDERS, "real", "func", "args", "x"]
NUMBER_TEXTS = [
    "0",
    "1",
    "2",
    "10",
    "0.5",
    ".5",
    "5.",
    "1e-6",
    "1E3",
    "1e999",
    "1e-999",
    "1_000",
    "0x1f",
    "0o17",
    "0b101",
    "1j",
    "9" * 101,
    "1" + "0" * 100,
    "0.1e1000",
]
KEYWORDS = ["lambda", "if", "else", "not", "and", "or", "in", "is", "for", "yield", "await"]
KEYWORDS += ["None", "True", "False", "import", "del", "pass", "async", "def", "class"]
SYMBOLS = ["+", "-", "*", "/", "**", "^", "%", "//", "@", "<<", ">>", "&", "|", "~"]
SYMBOLS += ["==", "!=", "<", "<=", ">", ">=", "=", ":=", "(", ")", ",", "[", "]", "{", "}"]
SYMBOLS += [":", ";", ".", "...", "\\", "#", "'s'", 'b"x"', "f'{x}'", "\n", "\t", " "]

identifiers = st.one_of(
    st.sampled_from(NAMES),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
    st.text(alphabet=st.characters(categories=["L", "Nl"]), min_size=1, max_size=3),
)
tokens = st.one_of(
    identifiers,
    st.sampled_from(FUNCTIONS).map("{}(".format),
    st.sampled_from(ACTIVATIONS).map(lambda n: n.upper()),
    st.sampled_from(NUMBER_TEXTS),
    st.integers().map(str),
    st.sampled_from(SYMBOLS),
    st.sampled_from(DUNDERS).map(".{}".format),
    st.sampled_from(KEYWORDS),
    st.sampled_from(PARAMETERS).map("{}=".format),
)
token_texts = st.builds(
    lambda items, separator: separator.join(items),
    st.lists(tokens, max_size=16),
    st.sampled_from(["", " ", " ", " "]),
)
characters = st.one_of(
    st.text(alphabet=string.printable, max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=40),
    st.text(max_size=20),
)


def _grammar(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds("({} {} {})".format, inner, st.sampled_from(SYMBOLS[:6]), inner),
        st.builds("{}({})".format, st.sampled_from(FUNCTIONS), inner),
        st.builds("{}({}, {})".format, st.sampled_from(FUNCTIONS), inner, inner),
        st.builds(
            "{}({}, {}={})".format,
            st.sampled_from(ACTIVATIONS),
            inner,
            st.sampled_from(PARAMETERS),
            inner,
        ),
        st.builds("diff({}, {}, {})".format, inner, st.sampled_from(["x", "y", "pi"]), inner),
        st.builds("-{}".format, inner),
    )


expressions = st.recursive(
    st.sampled_from(["x", "y", "a", "oo", "pi", "E", "0", "1", "2", "1/2", "0.25", "1e-3"])
    | st.sampled_from(["log(0)", "oo - oo", "-oo", "10**99", "sqrt(-1)", "0**0"]),
    _grammar,
    max_leaves=8,
)
relations = st.builds(
    lambda first, rest: first + "".join(f" {op} {e}" for op, e in rest),
    expressions,
    st.lists(
        st.tuples(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), expressions), max_size=3
    ),
)
SPECIAL = ["0", "1", "-1", "2", "1/2", "-1/2", "oo", "-oo", "pi", "x", "y", "a", "10**99"]
SPECIAL += ["1e-99", "-10**99", "sqrt(2)", "log(0)", "oo - oo", "exp(oo)", "E**x", "abs(x)"]
special = st.one_of(st.sampled_from(SPECIAL), expressions)


@st.composite
def activation_calls(draw: st.DrawFn) -> str:
    """A catalogue activation at a special point, with special parameter values
    (positional or by keyword; the right number of them, or one too many)."""
    record = draw(st.sampled_from(list(CATALOGUE)))
    label = draw(st.sampled_from([record.name, *record.aliases]))
    count = len(record.parameter_names) + draw(st.sampled_from([0, 0, 0, -1, 1]))
    values = [draw(special) for _ in range(max(count, 0))]
    if record.vector:
        inputs = draw(st.lists(special, max_size=5))
        index = draw(st.sampled_from(["", ", index=0", ", index=1", ", index=-1", ", index=x"]))
        return f"{label}({', '.join(inputs)}{index})"
    by_keyword = draw(st.booleans())
    names = [*record.parameter_names, "extra"]
    arguments = [f"{n}={v}" if by_keyword else v for n, v in zip(names, values, strict=False)]
    call = f"{label}({', '.join([draw(special), *arguments])})"
    return draw(st.sampled_from([call, f"diff({call}, x)", f"diff({call}, x, 2)", f"-{call}"]))


deep_texts = st.builds(
    lambda depth, kind: {
        "paren": "(" * depth + "x" + ")" * depth,
        "call": "sigmoid(" * depth + "x" + ")" * depth,
        "minus": "-" * depth + "x",
        "power": "x" + "**x" * depth,
        "long": "x+" * depth + "x",
    }[kind],
    st.sampled_from([50, 99, 100, 101, 200, 400, 1000, 1500]),
    st.sampled_from(["paren", "call", "minus", "power", "long"]),
)

# -- random ast trees -------------------------------------------------------------

OPERATORS = [ast.Add, ast.Sub, ast.Mult, ast.MatMult, ast.Div, ast.Mod, ast.Pow, ast.LShift]
OPERATORS += [ast.RShift, ast.BitOr, ast.BitXor, ast.BitAnd, ast.FloorDiv]
UNARY = [ast.UAdd, ast.USub, ast.Not, ast.Invert]
COMPARISONS = [ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In]
COMPARISONS += [ast.NotIn]


def _name(identifier: str) -> ast.expr:
    return ast.Name(id=identifier, ctx=ast.Load())


constants = st.one_of(
    st.integers(-20, 20),
    st.integers(),
    st.sampled_from([10**99, 10**100, -(10**100), 2**1000]),
    st.floats(),
    st.complex_numbers(max_magnitude=1e6),
    st.text(max_size=5),
    st.binary(max_size=5),
    st.sampled_from([None, True, False, ...]),
).map(lambda value: ast.Constant(value=value))
leaves = st.one_of(identifiers.map(_name), constants)


def _comprehension(target: str, iterable: ast.expr) -> ast.comprehension:
    store = ast.Name(id=target, ctx=ast.Store())
    return ast.comprehension(target=store, iter=iterable, ifs=[], is_async=0)


def _lambda(names: list[str], body: ast.expr) -> ast.expr:
    arguments = ast.arguments(
        posonlyargs=[],
        args=[ast.arg(arg=n) for n in names],
        kwonlyargs=[],
        kw_defaults=[],
        defaults=[],
    )
    return ast.Lambda(args=arguments, body=body)


def _nodes(inner: st.SearchStrategy[ast.expr]) -> st.SearchStrategy[ast.expr]:
    """Every kind of expression node around ``inner`` subtrees."""
    ops = st.sampled_from(OPERATORS).map(lambda op: op())
    small = st.lists(inner, max_size=3)
    argument = st.one_of(inner, inner.map(lambda v: ast.Starred(value=v, ctx=ast.Load())))
    keyword = st.builds(
        lambda arg, value: ast.keyword(arg=arg, value=value),
        st.one_of(st.none(), st.sampled_from(PARAMETERS), identifiers),
        inner,
    )
    function = st.one_of(st.sampled_from(FUNCTIONS).map(_name), inner)
    name_id = st.sampled_from(["x", "y", "i"])
    return st.one_of(
        st.builds(lambda a, op, b: ast.BinOp(left=a, op=op, right=b), inner, ops, inner),
        st.builds(lambda op, v: ast.UnaryOp(op=op(), operand=v), st.sampled_from(UNARY), inner),
        st.builds(
            lambda left, rest: ast.Compare(
                left=left, ops=[op() for op, _ in rest], comparators=[c for _, c in rest]
            ),
            inner,
            st.lists(st.tuples(st.sampled_from(COMPARISONS), inner), min_size=1, max_size=3),
        ),
        st.builds(
            lambda op, values: ast.BoolOp(op=op(), values=values),
            st.sampled_from([ast.And, ast.Or]),
            st.lists(inner, min_size=2, max_size=3),
        ),
        st.builds(
            lambda f, args, kws: ast.Call(func=f, args=args, keywords=kws),
            function,
            st.lists(argument, max_size=4),
            st.lists(keyword, max_size=2),
        ),
        st.builds(
            lambda v, attr: ast.Attribute(value=v, attr=attr, ctx=ast.Load()),
            inner,
            st.sampled_from(ATTRIBUTES),
        ),
        st.builds(
            lambda v, s: ast.Subscript(value=v, slice=s, ctx=ast.Load()),
            inner,
            st.one_of(inner, st.builds(ast.Slice, inner, st.none() | inner, st.none())),
        ),
        st.builds(_lambda, st.lists(name_id, max_size=2, unique=True), inner),
        st.builds(lambda t, b, o: ast.IfExp(test=t, body=b, orelse=o), inner, inner, inner),
        small.map(lambda elts: ast.Tuple(elts=elts, ctx=ast.Load())),
        small.map(lambda elts: ast.List(elts=elts, ctx=ast.Load())),
        st.lists(inner, min_size=1, max_size=3).map(lambda elts: ast.Set(elts=elts)),
        st.lists(st.tuples(inner, inner), max_size=2).map(
            lambda kv: ast.Dict(keys=[k for k, _ in kv], values=[v for _, v in kv])
        ),
        st.builds(
            lambda elt, it: ast.ListComp(elt=elt, generators=[_comprehension("i", it)]),
            inner,
            inner,
        ),
        st.builds(
            lambda elt, it: ast.GeneratorExp(elt=elt, generators=[_comprehension("i", it)]),
            inner,
            inner,
        ),
        st.builds(
            lambda target, v: ast.NamedExpr(target=ast.Name(id=target, ctx=ast.Store()), value=v),
            name_id,
            inner,
        ),
        st.builds(
            lambda v: ast.JoinedStr(
                values=[
                    ast.Constant(value="s"),
                    ast.FormattedValue(value=v, conversion=-1, format_spec=None),
                ]
            ),
            inner,
        ),
        inner.map(lambda v: ast.Await(value=v)),
        inner.map(lambda v: ast.Yield(value=v)),
    )


trees = st.recursive(leaves, _nodes, max_leaves=10)


def unparse(tree: ast.expr) -> str:
    """``tree`` as source text (a marker text if ``ast.unparse`` refuses it)."""
    try:
        return ast.unparse(ast.fix_missing_locations(ast.Expression(body=tree)))
    except (ValueError, TypeError, AttributeError, RecursionError):
        return "unparse failed"


# -- the property -----------------------------------------------------------------


def check_parse(text: str) -> None:
    """``parse_statement`` and ``parse_expression`` give SymPy objects or raise
    ParseError."""
    try:
        statement = parse_statement(text)
    except ParseError:
        pass
    else:
        assert isinstance(statement.as_sympy(), sympy.Basic)
        assert statement.expr is None or isinstance(statement.expr, sympy.Basic)
        for relation in statement.relations:
            assert isinstance(relation.lhs, sympy.Basic)
            assert isinstance(relation.rhs, sympy.Basic)
    try:
        expr = parse_expression(text)
    except ParseError:
        return
    assert isinstance(expr, sympy.Basic)
