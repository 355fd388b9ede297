"""Property tests for the derivation loader: any file (random bytes, random
text, random TOML documents) gives a :class:`SourceFile` whose problems are
:class:`FileError` records. ``load_file`` documents no exception, so it must
raise none; it must not hang, evaluate the text, or drop an entry silently.

The strategies and :func:`check_load` are reused by ``fuzz/fuzz_loader.py``.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from traceback import extract_stack
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from symact.catalogue import CATALOGUE
from symact.derivations.intervals import parse_interval
from symact.derivations.loader import (
    CLAIM_KEYS,
    DERIVATION_KEYS,
    MAX_FILE_BYTES,
    RELATION_PREFIX,
    TOP_KEYS,
    load_file,
    split_step,
)
from symact.derivations.model import Claim, Derivation, FileError, SourceFile
from symact.parser import parse_expression, parse_statement
from symact.prover.assumptions import parse_assumptions
from symact.statistics.distribution import parse_distribution
from tests.guards import time_limit

#: The exceptions ``load_file`` documents: none (problems become FileError records).
DOCUMENTED_ERRORS: tuple[type[Exception], ...] = ()
#: Seconds one example may take before it counts as a hang.
TIME_LIMIT = 20.0
BOM = b"\xef\xbb\xbf"

# -- a grammar of statements ------------------------------------------------------

VARIABLES = ["x", "y", "z", "a", "t"]
NUMBERS = ["0", "1", "2", "-1", "1/2", "0.5", "1e-3", "3.25", "10**99", "oo", "-oo", "pi", "E"]
NUMBERS += ["log(0)", "oo - oo"]  # undefined values: zoo, nan
ACTIVATIONS = sorted({label for record in CATALOGUE for label in (record.name, *record.aliases)})
ELEMENTARY = ["exp", "log", "sqrt", "abs", "sign", "tanh", "erf", "sin", "atan", "LambertW"]
BINARY = ["max", "min", "log", "heaviside", "diff", "maxout", "logsumexp", "glu", "softmax"]
OPERATORS = ["+", "-", "*", "/", "**", "^"]
RELATIONS = ["==", "!=", "<", "<=", ">", ">="]
TOKENS = [
    *VARIABLES,
    *NUMBERS,
    *OPERATORS,
    *RELATIONS,
    "(",
    ")",
    ",",
    "index=",
    "alpha=",
    "beta=",
    ".",
    "[",
    "]",
    "__class__",
    "lambda",
    "'s'",
    "if",
    "not",
    "%",
    "~",
]

atoms = st.sampled_from(VARIABLES + NUMBERS)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds("({} {} {})".format, inner, st.sampled_from(OPERATORS), inner),
        st.builds("{}({})".format, st.sampled_from(ELEMENTARY + ACTIVATIONS), inner),
        st.builds("{}({}, {})".format, st.sampled_from(BINARY + ACTIVATIONS), inner, inner),
        st.builds("diff({}, {})".format, inner, st.sampled_from(VARIABLES)),
        st.builds("-{}".format, inner),
    )


#: Expressions that often parse: a small grammar over the catalogue.
expressions = st.recursive(atoms, _extend, max_leaves=5)
#: Relations, possibly chained.
relations = st.builds(
    lambda first, rest: first + "".join(f" {op} {e}" for op, e in rest),
    expressions,
    st.lists(st.tuples(st.sampled_from(RELATIONS), expressions), min_size=1, max_size=2),
)
#: Token soup: mostly nonsense, sometimes a statement.
token_soup = st.lists(st.sampled_from(TOKENS + ACTIVATIONS), max_size=10).map(" ".join)
statements = st.one_of(relations, expressions, token_soup, st.text(max_size=20))
steps = st.builds(
    "{}{}".format, st.sampled_from(["", "== ", "<= ", "< ", ">= ", "> ", "!= "]), expressions
)
endpoints = st.one_of(st.sampled_from(NUMBERS), expressions)
intervals = st.one_of(
    st.builds(
        "{}{}, {}{}".format,
        st.sampled_from("[("),
        endpoints,
        endpoints,
        st.sampled_from("])"),
    ),
    st.lists(endpoints, max_size=3).map(lambda items: "{" + ", ".join(items) + "}"),
    st.text(alphabet="[](){}, U01o/-", max_size=12),
).flatmap(lambda first: st.sampled_from([first, f"{first} U {first}", f"{first} U [2, 3]"]))
distributions = st.builds(
    "{} ~ {}({}, {})".format,
    st.sampled_from(["z", "a", "x1", "1z", ""]),
    st.sampled_from(["N", "U", "Poisson", ""]),
    endpoints,
    endpoints,
)

# -- random TOML ------------------------------------------------------------------


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON escapes are TOML escapes)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def deep(depth: int, table: bool) -> str:
    """An array (or inline table) nested ``depth`` levels deep."""
    return "{a = " * depth + "1" + "}" * depth if table else "[" * depth + "]" * depth


huge_integers = st.sampled_from([2**63, -(2**63) - 1, 10**400, 10**4000]).map(str)
scalars = st.one_of(
    st.integers().map(str),
    huge_integers,
    st.floats().map(repr),
    st.sampled_from(["nan", "+inf", "-inf", "-nan", "0x_ff", "0o17", "0b101", "1_000", "1e400"]),
    st.sampled_from(["true", "false", "1979-05-27T07:32:00Z", "07:32:00", "1979-05-27"]),
    st.text(max_size=10).map(toml_string),
    st.text(max_size=10).map(lambda t: f"'{t}'"),
    st.text(max_size=10).map(lambda t: f'"""{t}"""'),
    statements.map(toml_string),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.sampled_from(["a", "b", "name"]), inner), max_size=2).map(
            lambda pairs: "{" + ", ".join(f"{k} = {v}" for k, v in pairs) + "}"
        ),
    ),
    max_leaves=6,
)
deep_values = st.builds(deep, st.sampled_from([2, 50, 300, 1000]), st.booleans())


def _string_list(items: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(items.map(toml_string), max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")


#: For each key, values of the right shape (a wrong-typed value is drawn sometimes).
KEY_VALUES: dict[str, st.SearchStrategy[str]] = {
    "name": st.one_of(
        st.integers(0, 30).map("e{}".format), st.sampled_from(["a", "b", "<file>", ""])
    ).map(toml_string),
    "statement": st.one_of(relations, relations, statements).map(toml_string),
    "range": expressions.map(toml_string),
    "equals": st.one_of(intervals, expressions).map(toml_string),
    "expectation": expressions.map(toml_string),
    "over": distributions.map(toml_string),
    "assume": st.one_of(_string_list(relations), relations.map(toml_string)),
    "expect": st.sampled_from(["proven", "refuted", "Proven", "unknown"]).map(toml_string),
    "note": st.text(max_size=10).map(toml_string),
    "corrects": st.one_of(
        _string_list(st.sampled_from(["a", "b", "c"])), st.sampled_from(['"a"', '"b"'])
    ),
    "steps": st.one_of(
        st.builds(lambda first, rest: [first, *rest], expressions, st.lists(steps, max_size=3)).map(
            lambda xs: "[" + ", ".join(map(toml_string, xs)) + "]"
        ),
        _string_list(steps),
    ),
    "title": st.text(max_size=10).map(toml_string),
    "source": st.text(max_size=10).map(toml_string),
}
ALL_KEYS = sorted(TOP_KEYS | CLAIM_KEYS | DERIVATION_KEYS)
keys = st.one_of(
    st.sampled_from(ALL_KEYS),
    st.from_regex(r"[A-Za-z0-9_-]{1,6}", fullmatch=True),
    st.text(max_size=6).map(toml_string),
    st.sampled_from(["claim.name", "a.b", '"name"', "title.x"]),
)


@st.composite
def assignments(draw: st.DrawFn) -> tuple[str, str]:
    """One ``key = value`` pair, the value usually of the key's kind."""
    key = draw(keys)
    right_kind = key in KEY_VALUES and draw(st.integers(0, 4)) > 0
    return key, draw(KEY_VALUES[key] if right_kind else values)


@st.composite
def tables(draw: st.DrawFn) -> list[str]:
    """A table: usually a well-formed [[claim]] or [[derivation]], sometimes
    with stray keys, wrong types, or under another header."""
    header = draw(st.sampled_from(HEADERS))
    if "derivation" in header:
        fields = {"name": draw(KEY_VALUES["name"]), "steps": draw(KEY_VALUES["steps"])}
    else:
        form = draw(st.sampled_from(["statement", "range", "expectation"]))
        fields = {"name": draw(KEY_VALUES["name"]), form: draw(KEY_VALUES[form])}
        if form == "range":
            fields["equals"] = draw(intervals.map(toml_string))
        elif form == "expectation":
            fields["over"] = draw(KEY_VALUES["over"])
            fields["equals"] = draw(expressions.map(toml_string))
    for key in ("assume", "expect", "note", "corrects"):
        if draw(st.integers(0, 3)) == 0:
            fields[key] = draw(KEY_VALUES[key])
    if draw(st.integers(0, 3)) == 0:
        fields.update(draw(st.lists(assignments(), max_size=3)))
    return [header, *(f"{key} = {value}" for key, value in fields.items())]


HEADERS = ["[[claim]]"] * 10 + ["[[derivation]]"] * 8 + ["[claim]", "[title]", "[[claim.x]]", "[x]"]
MUTATIONS = ["none"] * 12 + ["bom", "nul", "dup", "cut", "byte", "crlf", "deep", "header"]


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A TOML document: top-level keys, then [[claim]] / [[derivation]] tables
    (and a few others), sometimes mutated: BOM, NUL, a duplicate key, a cut,
    stray bytes, CRLF line ends, a deeply nested value, a bare table header."""
    top = {"title": draw(KEY_VALUES["title"])}
    if draw(st.booleans()):
        top["source"] = draw(KEY_VALUES["source"])
    if draw(st.integers(0, 3)) == 0:
        top.update(draw(st.lists(assignments(), max_size=2)))
    lines = [f"{key} = {value}" for key, value in top.items()]
    for table in draw(st.lists(tables(), max_size=4)):
        lines += table
    mutation = draw(st.sampled_from(MUTATIONS))
    at = draw(st.integers(0, len(lines)))
    if mutation == "dup" and lines:
        lines.insert(at, draw(st.sampled_from(lines)))
    elif mutation == "deep":
        lines.insert(at, f"{draw(st.sampled_from(ALL_KEYS))} = {draw(deep_values)}")
    elif mutation == "header":
        lines.insert(at, draw(st.sampled_from(HEADERS)))
    data = "\n".join(lines).encode()
    at = draw(st.integers(0, len(data)))
    if mutation == "bom":
        data = BOM + data
    elif mutation == "nul":
        data = data[:at] + b"\x00" + data[at:]
    elif mutation == "cut":
        data = data[:at]
    elif mutation == "byte":
        data = data[:at] + draw(st.binary(min_size=1, max_size=2)) + data[at:]
    elif mutation == "crlf":
        data = data.replace(b"\n", b"\r\n")
    return data


# -- the property -----------------------------------------------------------------


def _file_level_errors(data: dict[str, Any]) -> int:
    """How many file-level errors the loader reports for parsed TOML ``data``."""
    count = 1 if set(data) - TOP_KEYS else 0
    if not isinstance(data.get("title", ""), str) or not isinstance(data.get("source", ""), str):
        count += 1
    return count + sum(1 for t in ("claim", "derivation") if not isinstance(data.get(t, []), list))


def _expected_toml(raw: bytes) -> dict[str, Any] | None:
    """The TOML the loader should see in ``raw``, or None if it must refuse the file."""
    if len(raw) > MAX_FILE_BYTES or raw.startswith(BOM):
        return None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None


def _check_entry(entry: Claim | Derivation) -> None:
    """Every text field is a str and every statement parses."""
    assert isinstance(entry.name, str)
    assert entry.line is None or (isinstance(entry.line, int) and entry.line >= 1)
    assert entry.expect in ("proven", "refuted")
    assert isinstance(entry.note, str)
    for text in (*entry.assume, *entry.corrects):
        assert isinstance(text, str)
    if entry.assume:
        parse_assumptions(entry.assume)
    if isinstance(entry, Derivation):
        assert len(entry.steps) >= 2
        assert not RELATION_PREFIX.match(entry.steps[0])
        for step in entry.steps:
            assert isinstance(step, str)
            parse_expression(split_step(step)[1])
        return
    fields = (entry.statement, entry.range, entry.equals, entry.expectation, entry.over)
    assert all(f is None or isinstance(f, str) for f in fields)
    assert [entry.statement, entry.range, entry.expectation].count(None) == 2
    if entry.statement is not None:
        assert parse_statement(entry.statement).is_relation
    elif entry.range is not None:
        assert entry.equals is not None
        parse_expression(entry.range)
        parse_interval(entry.equals)
    else:
        assert entry.equals is not None
        assert entry.over is not None
        assert entry.expectation is not None
        parse_expression(entry.expectation)
        parse_expression(entry.equals)
        parse_distribution(entry.over)


def check_load(path: Path, raw: bytes) -> SourceFile | None:
    """Write ``raw`` to ``path``, load it, and check the result; None when
    the loader raised one of its documented errors."""
    path.write_bytes(raw)
    try:
        result = load_file(path, timeout=None)  # the loader's logic, in this process
    except DOCUMENTED_ERRORS:
        return None
    assert isinstance(result, SourceFile)
    assert result.path == str(path)
    assert isinstance(result.title, str)
    assert isinstance(result.source, str)
    assert isinstance(result.entries, tuple)
    assert isinstance(result.errors, tuple)
    for error in result.errors:
        assert isinstance(error, FileError)
        assert error.file == str(path)
        assert error.line is None or (isinstance(error.line, int) and error.line >= 1)
        assert isinstance(error.name, str)
        assert isinstance(error.message, str)
        assert error.message
    for entry in result.entries:
        assert isinstance(entry, Claim | Derivation)
        assert entry.file == str(path)
        _check_entry(entry)
    names = [entry.name for entry in result.entries]
    assert len(names) == len(set(names)), "entry names must be unique"
    data = _expected_toml(raw)
    if data is None:  # unreadable: one file-level error, nothing else
        assert result.entries == ()
        assert len(result.errors) == 1
        assert result.errors[0].name == "<file>"
        return result
    # every table is either an entry or reported: nothing is dropped silently
    tables = sum(len(data[t]) for t in ("claim", "derivation") if isinstance(data.get(t), list))
    dropped = tables - len(result.entries)
    assert len(result.errors) == _file_level_errors(data) + dropped
    if isinstance(data.get("title", ""), str) and isinstance(data.get("source", ""), str):
        assert (result.title, result.source) == (data.get("title", ""), data.get("source", ""))
    return result


def _importing() -> bool:
    """Whether module-level code is running (``sympy.simplify`` imports
    ``sympy.physics.units`` lazily, which sympifies its own constant strings)."""
    return any(frame.filename.startswith("<frozen importlib") for frame in extract_stack())


@pytest.fixture(autouse=True)
def no_string_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if anything hands text to SymPy's own (evaluating) parser."""
    original = sympy.parsing.sympy_parser.parse_expr

    def refuse(*args: Any, **kwargs: Any) -> Any:
        if _importing():
            return original(*args, **kwargs)
        raise AssertionError("sympy's parse_expr was called")

    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse)


def _load(tmp_path: Path, raw: bytes) -> None:
    with time_limit(TIME_LIMIT):
        check_load(tmp_path / "fuzz.toml", raw)


SETTINGS = settings(
    derandomize=True,
    deadline=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),  # no explain: slow on SymPy
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NESTED_1000 = "x = " + "[" * 1000 + "]" * 1000


@settings(SETTINGS, max_examples=300)
@given(st.binary(max_size=200))
@example(b"")
@example(b"\x00")
@example(b"\xff\xfe")
@example(BOM)
@example(BOM + b'title = "a"')
@example(b'title = "\xff"')
@example(b"# " + b"x" * MAX_FILE_BYTES)
def test_random_bytes(tmp_path: Path, raw: bytes) -> None:
    _load(tmp_path, raw)


@settings(SETTINGS, max_examples=300)
@given(st.text(max_size=200))
@example("[[claim]]\nname=1")
@example("[[claim]]\nname = 'a'\nname = 'b'")
@example(NESTED_1000)
@example("title = " + "[" * 500 + "]" * 500)
@example("[[claim]]\nname = 'a'\nstatement = 'x == x'\nexpect = " + "[" * 300 + "]" * 300)
@example("a = " + "{b = " * 1000 + "1" + "}" * 1000)
@example("claim = 1\nderivation = 'x'\ntitle = 1e400\nsource = nan")
@example('[[claim]]\nname = "a"\nstatement = "x == x"\n[[claim]]\nname = "a"\nrange = "x"')
def test_random_text(tmp_path: Path, text: str) -> None:
    _load(tmp_path, text.encode("utf-8", errors="surrogatepass"))


@settings(SETTINGS, max_examples=1500)
@given(documents())
@example(b'[[claim]]\nname = "a"\nstatement = "x__class__ == 1"\n')
@example(b'[[derivation]]\nname = "d"\nsteps = ["x", "<= x", "== x.y"]\n')
@example(b'[[claim]]\nname = "e"\nexpectation = "relu(z)"\nover = "z ~ N(0, 1)"\nequals = "1/2"')
@example(b'[[claim]]\nname = "r"\nrange = "sigmoid(x)"\nequals = "(0, 1) U {oo}"\n')
@example(b'[[claim]]\nname = "n"\nstatement = "x == x"\nassume = ["x > 1", "x < 0"]\n')
@example(b'[[claim]]\nname = "c"\nstatement = "x == x"\ncorrects = "c"\nexpect = "refuted"')
def test_random_documents(tmp_path: Path, raw: bytes) -> None:
    _load(tmp_path, raw)


#: Inputs the fuzzers found (fuzz/): each made load_file raise (a TypeError from SymPy).
FOUND_BY_FUZZING = [
    b'[[claim]]\nname = "apl"\nstatement = "apl(oo) == 0"\n',
    b'[[derivation]]\nname = "d"\nsteps = ["diff(relu(log(0)), x)", "0"]\n',
]


@pytest.mark.parametrize("raw", FOUND_BY_FUZZING, ids=["apl(oo)", "diff(relu(log(0)),x)"])
def test_found_by_fuzzing(tmp_path: Path, raw: bytes) -> None:
    _load(tmp_path, raw)
