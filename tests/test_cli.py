"""The command line: list, show, --json, errors, exit codes, entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction

import mpmath as mp
import pytest
import sympy
from sympy.parsing.sympy_parser import parse_expr

import symact
from symact import functions
from tests.reference import SCALAR
from tests.reference import softmax as ref_softmax

ISSUE_NAMES = [
    *("sigmoid", "logistic", "tanh", "relu", "leaky_relu", "prelu", "rrelu", "elu"),
    *("relu6", "softplus", "logsigmoid", "silu", "swish", "maxout", "softmax"),
]
SHOW_KEYS = {"name", "aliases", "parameters", "definition", "kinks"}
SCALAR_KEYS = SHOW_KEYS | {"derivative", "second_derivative"}


def read_back(text: str) -> sympy.Expr:
    """Parse symact's own JSON output (trusted test data, never user input)."""
    namespace = {name: getattr(functions, name) for name in functions.__all__}
    namespace |= {"x": symact.x, "tanh": sympy.tanh}
    namespace |= {f"z{i}": sympy.Symbol(f"z{i}", real=True) for i in range(1, 10)}
    return parse_expr(text, local_dict=namespace)


def test_list(cli) -> None:
    result = cli.invoke("list")
    assert result.exit_code == 0, result.stderr
    for name in symact.names():
        assert name in result.stdout


def test_list_json_has_every_name_and_alias(cli) -> None:
    result = cli.invoke("list", "--json")
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    labels = {e["name"] for e in entries} | {a for e in entries for a in e["aliases"]}
    assert set(ISSUE_NAMES) <= labels
    leaky = next(e for e in entries if e["name"] == "leaky_relu")
    assert leaky["parameters"] == {"negative_slope": "1/100"}
    assert leaky["family"] == "rectifier"


@pytest.mark.parametrize("name", symact.names())
def test_show_json_keys(cli, name: str) -> None:
    result = cli.invoke("show", name, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["name"] == name
    assert data["latex"]["formula"] == symact.get(name).formula
    if symact.get(name).vector:
        assert SHOW_KEYS | {"jacobian"} <= set(data)
        assert "derivative" not in data
        assert "jacobian" in data["latex"]
    else:
        assert set(data) >= SCALAR_KEYS
        assert "jacobian" not in data


POINTS = [Fraction(-593 + 37 * k, 100) for k in range(32)]  # none at 0 or 6


def _agree(text: str, expected, at: Fraction, tol: float) -> None:
    expr = read_back(text)
    got = sympy.N(expr.subs(symact.x, sympy.Rational(at.numerator, at.denominator)), 40)
    assert abs(mp.mpf(str(got)) - expected) <= tol * max(1, abs(expected)), (text, at)


@pytest.mark.parametrize(
    ("name", "params"), [(n, p) for n, ref in SCALAR.items() for p in ref.param_sets]
)
def test_show_json_agrees_with_independent_implementation(cli, name: str, params: dict) -> None:
    args = [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]
    result = cli.invoke("show", name, "--json", *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    with mp.workdps(40):
        reference = SCALAR[name].function(**params)
        for at in POINTS:
            point = mp.mpf(at.numerator) / at.denominator
            _agree(data["definition"], reference(point), at, 1e-30)
            _agree(data["derivative"], mp.diff(reference, point), at, 1e-20)
            _agree(data["second_derivative"], mp.diff(reference, point, 2), at, 1e-15)
    kinks = [sympy.Rational(k) for k in SCALAR[name].kinks(**params)]
    assert [read_back(k) for k in data["kinks"]] == kinks


def test_show_json_softmax_jacobian_agrees_with_reference(cli) -> None:
    data = json.loads(cli.invoke("show", "softmax", "--json", "--param", "n=3").stdout)
    zs = sympy.symbols("z1 z2 z3", real=True)
    values = dict(zip(zs, (sympy.Rational(1, 2), sympy.Rational(-3, 2), 2), strict=True))
    with mp.workdps(40):
        z = [mp.mpf(1) / 2, mp.mpf(-3) / 2, mp.mpf(2)]
        for i, row in enumerate(data["jacobian"]):
            for j, entry in enumerate(row):

                def component(t, i=i, j=j):
                    point = list(z)
                    point[j] = t
                    return ref_softmax(point, i + 1)

                got = mp.mpf(str(sympy.N(read_back(entry).subs(values), 40)))
                assert abs(got - mp.diff(component, z[j])) < 1e-25
    assert len(data["definition"]) == 3
    assert data["kinks"] == []


def test_show_maxout_reports_ties(cli) -> None:
    data = json.loads(cli.invoke("show", "maxout", "--json", "--param", "k=3").stdout)
    assert data["kinks"] == ["Eq(z1, z2)", "Eq(z1, z3)", "Eq(z2, z3)"]
    assert len(data["jacobian"]) == 1
    assert len(data["jacobian"][0]) == 3


def test_show_params_are_exact(cli) -> None:
    data = json.loads(
        cli.invoke("show", "leaky_relu", "--json", "--param", "negative_slope=0.2").stdout
    )
    assert data["definition"] == "Piecewise((x, x > 0), (x/5, True))"
    assert data["parameters"] == {"negative_slope": "1/100"}  # defaults
    assert data["parameter_values"] == {"negative_slope": "1/5"}
    assert data["kink_details"][0]["conventions"] == {"pytorch": "1/5", "jax": "1"}


def test_show_elu_alpha_one_has_no_kink(cli) -> None:
    assert json.loads(cli.invoke("show", "elu", "--json").stdout)["kinks"] == []
    assert json.loads(cli.invoke("show", "elu", "--json", "-p", "alpha=2").stdout)["kinks"] == ["0"]


def test_show_renders_tables(cli) -> None:
    result = cli.invoke("show", "relu6")
    assert result.exit_code == 0
    for text in ("definition", "f'(x)", "f''(x)", "kinks", "PyTorch uses", "JAX uses"):
        assert text in result.stdout
    assert "\x1b[" not in result.stdout  # plain when not a terminal
    result = cli.invoke("show", "softmax")
    assert "∂f1/∂z2" in result.stdout
    assert "softmax₁(z₁, z₂, z₃)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "sigmod"), "did you mean 'sigmoid'"),
        (("show", "elu", "--param", "alpha"), "NAME=VALUE"),
        (("show", "elu", "--param", "alpha=abc"), "expected a number"),
        (("show", "elu", "--param", "alpha=__import__('os')"), "expected a number"),
        (("show", "elu", "--param", "beta=1"), "no parameter 'beta'"),
        (("show", "elu", "--param", "alpha=-1"), "must be positive"),
        (("show", "elu", "--param", "alpha=1", "--param", "alpha=2"), "given twice"),
        (("show", "elu", "--param", "alpha=1e999999999"), "too large"),
        (("show", "softplus", "--param", "beta=0"), "must be positive"),
        (("show", "softmax", "--param", "n=0"), "integer >= 1"),
        (("show", "softmax", "--param", "n=1.5"), "integer >= 1"),
        (("show", "rrelu", "--param", "lower=0.5"), "not defined"),
        (("frobnicate",), "invalid choice"),
        (("show",), "required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message: str) -> None:
    result = cli.invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="100")
    return subprocess.run(
        [sys.executable, "-m", "symact", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_python_dash_m_runs_the_cli() -> None:
    done = _run("show", "sigmoid", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["derivative"] == "(1 - sigmoid(x))*sigmoid(x)"
    assert data["definition"] == "1/(1 + exp(-x))"


def test_subprocess_errors_have_no_traceback() -> None:
    done = _run("show", "nope")
    assert done.returncode == 2
    assert done.stderr.startswith("symact: error: unknown activation 'nope'")
    assert "Traceback" not in done.stderr


def test_console_script_is_installed() -> None:
    script = os.path.join(os.path.dirname(sys.executable), "symact")
    done = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"symact {symact.__version__}"


def test_range_gives_up_at_its_time_limit(cli) -> None:
    """A range the engines cannot settle in time is unknown (exit 3), one line.
    (An expression no other test analyses: the worker is forked from this
    process, and a cached analysis would finish in time.)"""
    result = cli.invoke("range", "gelu_tanh(x) - gelu(x) + sigmoid(x)/7", "--timeout", "0.5")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "unknown (time limit of 0.5 s)" in result.stderr


def test_show_leaves_out_an_analysis_past_its_time_limit(cli) -> None:
    """Formulas and notes still come; the properties are left out, said on stderr."""
    result = cli.invoke("show", "elu", "--json", "--timeout", "0.001")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["analysis_problem"] == "the analysis did not finish within 0.001 s"
    assert "range" not in data
    assert data["derivative"]
    assert result.stderr.count("\n") == 1
