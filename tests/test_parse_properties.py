"""Property tests for the parser: any text gives a SymPy object or a
ParseError — never another exception, never an evaluation of the text."""

from __future__ import annotations

import pytest
import sympy

# imported before the guard below: simplify imports it lazily, and it sympifies its own strings
import sympy.physics.units
from hypothesis import example, given, settings
from hypothesis import strategies as st

from symact.errors import ParseError
from symact.parser import parse
from tests.parser_inputs import (
    activation_calls,
    check_parse,
    deep_texts,
    expressions,
    relations,
    trees,
    unparse,
)

TOKENS = [
    "x",
    "y",
    "a",
    "0",
    "1",
    "2",
    "0.5",
    "1e-3",
    "oo",
    "pi",
    "E",
    "+",
    "-",
    "*",
    "/",
    "**",
    "^",
    "(",
    ")",
    ",",
    "==",
    "<",
    "<=",
    ">",
    ">=",
    "!=",
    "sigmoid(",
    "relu(",
    "leaky_relu(",
    "elu(",
    "softmax(",
    "maxout(",
    "diff(",
    "exp(",
    "log(",
    "max(",
    "min(",
    "abs(",
    "heaviside(",
    "index=",
    "alpha=",
    ".",
    "[",
    "]",
    "lambda",
    "'s'",
]


@pytest.fixture(autouse=True)
def no_string_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("sympy's parse_expr was called")

    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse)


def _outcome(text: str) -> None:
    try:
        result = parse(text, timeout=None)  # the builder itself, in this process
    except ParseError:
        return
    assert isinstance(result, sympy.Basic)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF), max_size=60))
@example("")
@example("\x00")
@example("x" * 3000)
@example("1e999999999")
@example("9**9**9")
@example("(" * 300 + "x" + ")" * 300)
def test_random_text(text: str) -> None:
    _outcome(text)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=14))
def test_random_token_sequences(tokens: list[str]) -> None:
    _outcome(" ".join(tokens))


# -- structured inputs (tests/parser_inputs.py, shared with fuzz/fuzz_parser.py) --------


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.one_of(expressions, relations, deep_texts))
@example("diff(relu(log(0)), x) > 0")  # found by the fuzzer: a TypeError once
@example("1 < 2 < oo - oo")
@example("apl(oo)")
def test_grammar_statements(text: str) -> None:
    """Statements from a grammar of symact's syntax, valid and nearly valid."""
    check_parse(text)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(activation_calls())
def test_catalogue_calls(text: str) -> None:
    """Every catalogue name called with random (often wrong) arguments."""
    check_parse(text)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(trees.map(unparse))
def test_random_syntax_trees(text: str) -> None:
    """Random Python ASTs, allowed and refused node kinds alike, unparsed."""
    check_parse(text)
