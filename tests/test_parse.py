"""The statement parser: what it accepts, exactly, and everything it refuses."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational, S, Symbol

import symact
from symact.errors import ParseError
from symact.functions import elu, leaky_relu, maxout, relu, sigmoid, softmax, swish
from symact.parser import parse, parse_expression, parse_statement

x = Symbol("x", real=True)
a = Symbol("a", real=True)


@pytest.fixture(autouse=True)
def no_string_parsing(monkeypatch):
    """Nothing here may reach SymPy's string parser (which calls eval)."""

    def refuse(*args, **kwargs):
        raise AssertionError("sympy's parse_expr was called")

    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.01", Rational(1, 100)),
        ("1e-6", Rational(1, 10**6)),
        ("2.5E3", Rational(2500)),
        ("3/4", Rational(3, 4)),
        ("x^2 + 1", x**2 + 1),  # ^ is a power, with a power's precedence
        ("x^2^3", x ** (2**3)),
        ("-x^2", -(x**2)),
        ("2^-1", S.Half),
        ("leaky_relu(x)", leaky_relu(x, Rational(1, 100))),
        ("leaky_relu(x, a)", leaky_relu(x, a)),
        ("leaky_relu(x, negative_slope=0.2)", leaky_relu(x, Rational(1, 5))),
        ("elu(x, alpha=2)", elu(x, 2)),
        ("swish(x)", swish(x)),  # swish(x, beta) with beta = 1, equal to silu(x)
        ("logistic(x)", sigmoid(x)),
        ("max(0, x)", sympy.Max(0, x)),
        ("abs(x)", sympy.Abs(x)),
        ("exp(1)", S.Exp1),
        ("E + pi + oo", S.Exp1 + S.Pi + S.Infinity),
        ("maxout(x, a)", maxout(x, a)),
        ("heaviside(x, 1/2)", sympy.Heaviside(x, S.Half)),
    ],
)
def test_accepts(text: str, expected) -> None:
    assert parse_expression(text) == expected


def test_softmax_components() -> None:
    z1, z2 = Symbol("z1", real=True), Symbol("z2", real=True)
    assert parse_expression("softmax(z1, z2, index=2)") == softmax(z1, z2, index=2)


def test_diff_is_honest_at_kinks() -> None:
    derivative = parse_expression("diff(relu(x), x)")
    assert derivative.subs(x, 1) == 1
    assert derivative.subs(x, 0) is S.NaN
    assert parse_expression("diff(sigmoid(x), x)") == sigmoid(x) * (1 - sigmoid(x))
    assert parse_expression("diff(x^3, x, 2)") == 6 * x
    assert parse_expression("heaviside(x)").subs(x, 0) is S.NaN  # undefined unless given


def test_relations_and_chains() -> None:
    statement = parse_statement("0 < diff(sigmoid(x), x) <= 1/4")
    assert [r.op for r in statement.relations] == ["<", "<="]
    assert statement.relations[0].rhs == statement.relations[1].lhs
    assert parse("relu(x) == max(0, x)") == sympy.Eq(relu(x), sympy.Max(0, x), evaluate=False)
    assert parse("x != 1").func is sympy.Ne


@pytest.mark.parametrize(
    ("text", "problem", "column"),
    [
        ("x.__class__", "attribute access", 2),
        ("sigmoid(x).__globals__", "attribute access", 11),
        ("a[0]", "subscripts", 2),
        ("lambda: 1", "lambda", 1),
        ("[c for c in x]", "comprehensions", 1),
        ("(x, 1)", "tuples", 1),
        ("{1: 2}", "dictionaries", 1),
        ("'text'", "string", 1),
        ("f'{x}'", "strings", 1),
        ("x and y", "'and'/'or'", 1),
        ("x if x else 1", "conditional", 1),
        ("(y := 2)", "assignment", 2),
        ("__import__('os').system('true')", "only named functions", 17),
        ("foo(x)", "unknown function 'foo'", 1),
        ("sigmod(x)", "did you mean 'sigmoid'", 1),
        ("sigmoid", "is a function", 1),
        ("sigmoid(x, 2)", "takes its input and 0 parameter", 12),
        ("elu(x, beta=1)", "no parameter 'beta'", 13),
        ("elu(x, 1, alpha=2)", "twice", 17),
        ("elu(x, **k)", "'**' arguments", 10),
        ("elu(*x)", "'*' arguments", 5),
        ("exp(x, y)", "takes 1 argument", 1),
        ("max(x)", "2 or more", 1),
        ("diff(x, 2)", "variable name", 9),
        ("diff(x, x, 11)", "from 0 to 10", 12),
        ("diff(x, x, n=2)", "no keyword", 14),
        ("softmax(z1, z2)", "index=i", 1),
        ("x % 2", "'%'", 1),
        ("x // 2", "'//'", 1),
        ("x @ y", "'@'", 1),
        ("~x", "'~'", 1),
        ("not x", "'not'", 1),
        ("True", "True", 1),
        ("None", "None", 1),
        ("1j", "complex", 1),
        ("1/0", "division by zero", 1),
        ("0^-1", "division by zero", 1),
        ("9**9**9", "exponent too large", 1),
        ("x**10000", "exponent too large", 1),
        ("1e999999", "exponent 999999 is too large", 1),
        ("(10**99)**999", "number too large", 1),
        ("((10**99)**1000)**1000", "number too large", 2),
        ("1" + "0" * 120, "integer literal too large", 1),
        ("x +", "syntax error", 1),
        ("_x + 1", "variable names", 1),
        ("\u03c3(x)", "non-ASCII", 1),
        ("x\uff0b1", "non-ASCII", 2),  # fullwidth plus
        ("x\u200b+1", "non-ASCII", 2),  # zero-width space
        ("x\x00", "control character", 2),
        ("", "empty statement", 1),
        ("sigmoid(x) < 1 < 2 and 3", "'and'/'or'", 1),
        ("a < (b < c)", "only stand at the top", 6),
        # constants with no value, and what SymPy refuses to build (found by fuzz/)
        ("relu(log(0))", "has no value (it is the complex infinity zoo)", 6),
        ("1 < 2 < oo - oo", "has no value (it is undefined, NaN)", 9),
        ("0*oo + x", "has no value", 1),
        ("apl(oo)", "cannot build 'apl(oo)'", 1),
    ],
)
def test_refuses(text: str, problem: str, column: int) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    error = info.value
    assert problem in error.problem
    assert error.column is not None
    assert error.column + 1 == column
    assert "\n" not in str(error)  # one line: problem, column, statement
    assert f"at column {column}" in str(error)
    pointer = error.pointer().splitlines()
    if pointer:  # the statement, and a caret under the column
        assert pointer[1].index("^") - 2 == error.column


def test_limits_on_size() -> None:
    with pytest.raises(ParseError, match="longer than 2000"):
        parse("x + " * 600 + "x")
    with pytest.raises(ParseError, match="too large"):
        parse("max(" + ", ".join(["x"] * 450) + ")")
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("+".join(["x"] * 450))
    with pytest.raises(ParseError, match=r"nested too deeply|syntax error"):
        parse("sigmoid(" * 120 + "x" + ")" * 120)


def test_parse_errors_are_value_errors_and_symact_errors() -> None:
    with pytest.raises(ValueError, match="attribute"):
        parse("x.y")
    with pytest.raises(symact.SymactError):
        parse("x.y")


def test_caret_columns_survive_the_power_rewrite() -> None:
    with pytest.raises(ParseError) as info:
        parse("x^2^3 + foo(x)")
    assert info.value.column == 8
