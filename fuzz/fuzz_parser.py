"""Fuzz symact's statement parser for as long as you like.

Property: any text given to ``parse_statement`` or ``parse_expression`` gives
SymPy objects or raises ``ParseError``; any other exception, a hang (an
example slower than ``--timeout``) or a call of SymPy's evaluating parser is
a failure. Inputs are random characters, a token grammar (identifiers,
catalogue names, numbers, operators, relations, dunder attributes,
keywords), an expression grammar, and random Python ``ast`` trees (allowed
and refused node kinds) turned into text with ``ast.unparse``. Nothing is
executed: the inputs only ever go to the parser.

Usage::

    python fuzz/fuzz_parser.py --seconds 3600      # or --examples N, FUZZ_EXAMPLES

Exits 0 when no failure was found, 1 on a failure (printed with the
reproducing input), 2 on a usage error. This module also holds the runner
``fuzz/fuzz_loader.py`` uses.
"""

from __future__ import annotations

import argparse
import ast
import os
import string
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.*

import sympy
import sympy.parsing.sympy_parser
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from symact.catalogue import CATALOGUE
from symact.errors import ParseError
from symact.parser import CONSTANTS, ELEMENTARY, parse_expression, parse_statement
from tests.guards import time_limit

DEFAULT_EXAMPLES = 10_000_000

# -- the runner (shared with fuzz_loader.py) --------------------------------------


def refuse_string_parsing() -> None:
    """Make SymPy's evaluating string parser fail loudly if anything calls it,
    except from module-level code being imported (``sympy.simplify`` imports
    ``sympy.physics.units`` lazily, which sympifies its own constant strings)."""
    original = sympy.parsing.sympy_parser.parse_expr

    def refuse(*args: Any, **kwargs: Any) -> Any:
        stack = traceback.extract_stack()
        if any(frame.filename.startswith("<frozen importlib") for frame in stack):
            return original(*args, **kwargs)
        raise AssertionError("sympy's parse_expr was called: input may have been evaluated")

    sympy.parsing.sympy_parser.parse_expr = refuse


@dataclass(frozen=True)
class Property:
    """A named property: ``check`` must pass for every value of ``strategy``."""

    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


@dataclass
class _State:
    counts: dict[str, int] = field(default_factory=dict)
    last_failure: Any = None
    #: signatures of the failures found so far (skipped with --keep-going)
    known: set[str] = field(default_factory=set)
    keep_going: bool = False


def signature(error: BaseException) -> str:
    """A failure's identity: its type and the innermost symact frame (else the
    innermost frame), so that one bug found twice is reported once."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f"{os.sep}symact{os.sep}" in f.filename] or frames[-1:]
    where = f"{ours[-1].filename}:{ours[-1].lineno}" if ours else "?"
    return f"{type(error).__name__} at {where}"


def _arguments(argv: Sequence[str] | None, description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--examples",
        type=int,
        default=int(os.environ.get("FUZZ_EXAMPLES", DEFAULT_EXAMPLES)),
        help="examples per property (default: $FUZZ_EXAMPLES or %(default)s)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("FUZZ_SECONDS", 0)),
        help="stop after this many seconds (default: $FUZZ_SECONDS; 0: no time limit)",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds one example may take (default 30)"
    )
    parser.add_argument(
        "--batch", type=int, default=200, help="examples per hypothesis run (default 200)"
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="after a failure, go on looking for failures of other kinds (exit 1 at the end)",
    )
    args = parser.parse_args(argv)
    if args.examples <= 0 or args.seconds < 0 or args.batch <= 0:
        parser.error("--examples and --batch must be positive, --seconds not negative")
    return args


def _batch(prop: Property, examples: int, timeout: float, state: _State) -> Callable[[], None]:
    """One hypothesis run of ``prop``: random (not derandomized), no database;
    warnings are errors, as in the test suite."""

    @settings(
        max_examples=examples,
        derandomize=False,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(prop.strategy)
    def run(value: Any) -> None:
        state.counts[prop.name] = state.counts.get(prop.name, 0) + 1
        try:
            with time_limit(timeout), warnings.catch_warnings():
                warnings.simplefilter("error")
                prop.check(value)
        except Exception as error:
            if state.keep_going and signature(error) in state.known:
                return
            state.last_failure = value  # the last failure replayed is the shrunk one
            raise

    run.__name__ = f"fuzz_{prop.name}"
    return run


def fuzz(properties: Sequence[Property], argv: Sequence[str] | None, description: str) -> int:
    """Run ``properties`` in turns of ``--batch`` examples until ``--examples``
    each or ``--seconds`` in all; print progress and failures (the first, or
    with ``--keep-going`` one of each kind). Returns the exit status."""
    args = _arguments(argv, description)
    refuse_string_parsing()
    warnings.filterwarnings("ignore", message="Generating overly large repr")
    state = _State(keep_going=args.keep_going)
    start = time.monotonic()
    last_report = start
    stop = False

    def out_of_time() -> bool:
        return bool(args.seconds) and time.monotonic() - start >= args.seconds

    print(f"fuzzing {', '.join(p.name for p in properties)}", flush=True)
    while not stop and not out_of_time():
        pending = [p for p in properties if state.counts.get(p.name, 0) < args.examples]
        if not pending:
            break
        for prop in pending:
            examples = min(args.batch, args.examples - state.counts.get(prop.name, 0))
            try:
                _batch(prop, examples, args.timeout, state)()
            except KeyboardInterrupt:
                print("interrupted", flush=True)
                stop = True
            except Exception as error:
                state.known.add(signature(error))
                print(f"\nFAILURE in property {prop.name!r}: {type(error).__name__}: {error}")
                print(f"reproducing input: {state.last_failure!r}")
                print(f"failure kind: {signature(error)}")
                traceback.print_exception(error)
                sys.stdout.flush()
                stop = not args.keep_going
            if stop or out_of_time():
                break
        if not stop and time.monotonic() - last_report >= 10:
            _progress(state, start)
            last_report = time.monotonic()
    _progress(state, start)
    if state.known:
        print(f"{len(state.known)} kind(s) of failure found:", *sorted(state.known), sep="\n  ")
        return 1
    print("no failure found", flush=True)
    return 130 if stop else 0


def _progress(state: _State, start: float) -> None:
    elapsed = max(time.monotonic() - start, 1e-9)
    total = sum(state.counts.values())
    per = ", ".join(f"{name} {count}" for name, count in state.counts.items())
    print(f"[{elapsed:7.0f} s] {total} examples ({total / elapsed:.0f}/s): {per}", flush=True)


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


PROPERTIES = [
    Property("characters", characters, check_parse),
    Property("tokens", token_texts, check_parse),
    Property("grammar", st.one_of(expressions, relations, deep_texts), check_parse),
    Property("activations", activation_calls(), check_parse),
    Property("ast", trees.map(unparse), check_parse),
]


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz the parser; the exit status says whether a failure was found."""
    return fuzz(PROPERTIES, argv, "Fuzz symact's statement parser (hypothesis).")


if __name__ == "__main__":
    sys.exit(main())
