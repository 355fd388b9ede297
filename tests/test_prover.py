"""The prover: true claims proven, false ones refuted with verified
counterexamples, near-misses never proven, limits honoured."""

from __future__ import annotations

import json
import math

import pytest
import sympy
from sympy import Rational

import symact
from symact.calculus.signs import fails_at
from symact.errors import ParseError
from symact.prover import check


@pytest.fixture(autouse=True)
def no_string_parsing(monkeypatch):
    """The whole prover path must never hand text to SymPy's parser. (SymPy's
    simplify lazily imports its units module, which sympifies its own prefix
    names at import time: import it first, so only our calls are watched.)"""
    import sympy.physics.units

    original = sympy.parsing.sympy_parser.parse_expr

    def refuse(text, *args, **kwargs):
        if isinstance(text, str):
            raise AssertionError(f"sympy's parse_expr was called on {text!r}")
        return original(text, *args, **kwargs)

    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse)


TRUE_CLAIMS = [
    ("tanh(x) == 2*sigmoid(2*x) - 1", ()),
    ("diff(sigmoid(x), x) == sigmoid(x)*(1 - sigmoid(x))", ()),
    ("diff(tanh(x), x) == 1 - tanh(x)^2", ()),
    ("sigmoid(x) + sigmoid(-x) == 1", ()),
    ("softplus(x) - softplus(-x) == x", ()),
    ("diff(softplus(x), x) == sigmoid(x)", ()),
    ("logsigmoid(x) == -softplus(-x)", ()),
    ("silu(x) == x*sigmoid(x)", ()),
    ("relu(x) == max(0, x)", ()),
    ("relu(x) - relu(-x) == x", ()),
    ("relu6(x) == min(max(0, x), 6)", ()),
    ("leaky_relu(x) == max(0.01*x, x)", ()),
    ("elu(x) == x", ("x >= 0",)),
    ("relu(x) == x", ("x > 0",)),
    ("0 < sigmoid(x) < 1", ()),
    ("0 < diff(sigmoid(x), x) <= 1/4", ()),
    ("0 < diff(tanh(x), x) <= 1", ()),
    ("-1 < tanh(x) < 1", ()),
    ("elu(x) > -1", ()),
    ("softplus(x) > relu(x)", ()),
    ("silu(x) >= -0.28", ()),
    ("0.25^10 < 0.000001", ()),
    ("sigmoid(x) != 1", ()),
    ("tanh(x) == 2*sigmoid(2*x) - 1", ("x > 0",)),
]

FALSE_CLAIMS = [
    ("tanh(x) == 2*sigmoid(2*x)", ()),
    ("0 <= diff(sigmoid(x), x) < 1/4", ()),  # 1/4 is attained at 0
    ("0 < diff(tanh(x), x) < 1", ()),  # the notes' "(0, 1)": 1 is attained at 0
    ("sigmoid(x) <= 1 - 1e-20", ()),  # false only for x > ~46
    ("silu(x) >= -0.278", ()),
    ("relu(x) == x", ()),
    ("relu6(x) <= 5.99", ()),
    ("elu(x) >= -0.99", ()),
    ("softplus(x) > x + 1e-3", ()),
    ("0.25^10 > 0.000001", ()),
    ("sigmoid(x) != 1/2", ()),
]


@pytest.mark.parametrize(("claim", "assume"), TRUE_CLAIMS)
def test_true_claims_are_proven(claim: str, assume: tuple[str, ...]) -> None:
    verdict = check(claim, assume)
    assert verdict.verdict == "proven", verdict
    assert verdict.certificate
    assert verdict.counterexample is None


@pytest.mark.parametrize(("claim", "assume"), FALSE_CLAIMS)
def test_false_claims_are_refuted_with_a_verified_counterexample(claim: str, assume) -> None:
    verdict = check(claim, assume)
    assert verdict.verdict == "refuted", verdict
    assert verdict.counterexample is not None
    statement = symact.parser.parse_statement(claim)
    point = {sympy.Symbol(k, real=True): _exact(v) for k, v in verdict.counterexample.items()}
    assert any(fails_at(r.lhs, r.op, r.rhs, point) for r in statement.relations)


def _exact(text: str) -> sympy.Expr:
    # the counterexample values are symact's own output, read back with symact's parser
    return symact.parser.parse_expression(text)


def test_strictness_is_decided_by_attainment() -> None:
    verdict = check("0 <= diff(sigmoid(x), x) < 1/4")
    assert verdict.counterexample == {"x": "0"}
    assert check("diff(sigmoid(x), x) > 0").verdict == "proven"  # inf 0 is not attained


def test_tiny_margins_are_seen_beyond_float64() -> None:
    verdict = check("sigmoid(x) <= 1 - 1e-20")
    x = float(verdict.counterexample["x"])  # type: ignore[index]
    assert x > 46
    in_float64 = 1 / (1 + math.exp(-x))
    assert in_float64 == 1.0  # float64 cannot tell sigmoid(x) from 1 there


MUTANTS = [
    "tanh(x) == 2*sigmoid(2*x) + 1",  # flipped sign
    "tanh(x) == 2*sigmoid(x) - 1",  # changed constant
    "tanh(x) == sigmoid(2*x) - 1",  # dropped factor
    "diff(sigmoid(x), x) == sigmoid(x)*(1 + sigmoid(x))",
    "diff(sigmoid(x), x) == sigmoid(x)",
    "sigmoid(x) + sigmoid(-x) == 1.0001",
    "softplus(x) - softplus(-x) == 2*x",
    "relu(x) == max(0, 2*x)",
    "relu6(x) == min(max(0, x), 5)",
    "leaky_relu(x) == max(0.1*x, x)",
    "0 < diff(sigmoid(x), x) < 1/4",  # < for <=
    "0 < diff(tanh(x), x) < 1",
    "-1 < tanh(x) < 0.999",
    "elu(x) > -0.999",
    "silu(x) >= -0.27",
    "sigmoid(x) < 1 - 1e-30",
    "diff(relu(x), x) == 1",
]


@pytest.mark.parametrize("claim", MUTANTS)
def test_near_misses_are_never_proven(claim: str) -> None:
    verdict = check(claim)
    assert verdict.verdict != "proven", verdict
    assert verdict.verdict == "refuted", verdict


def test_unknown_carries_a_reason() -> None:
    verdict = check("leaky_relu(x, a) == max(a*x, x)", ["0 <= a <= 1"])
    assert verdict.verdict in ("proven", "unknown")
    if verdict.verdict == "unknown":
        assert verdict.reason


def test_assumptions_restrict_the_domain_and_counterexamples() -> None:
    assert check("relu(x) == x", ["x >= 0"]).verdict == "proven"
    refuted = check("relu(x) == x", ["x <= 1"])
    assert refuted.verdict == "refuted"
    assert Rational(refuted.counterexample["x"]) <= 1  # type: ignore[index]
    with pytest.raises(ParseError, match="must be a relation"):
        check("relu(x) == x", ["x"])


def test_derivatives_at_kinks_do_not_prove_conventions() -> None:
    # relu'(0) does not exist: neither 0 (PyTorch's choice) nor 1/2 (Heaviside's)
    assert check("diff(relu(x), x) == heaviside(x)").verdict == "proven"
    assert (
        check("diff(relu(x), x) == heaviside(x, 1/2)").verdict == "proven"
    )  # equal where both defined


def test_chains_report_the_failing_link() -> None:
    verdict = check("0 <= diff(sigmoid(x), x) < 1/4")
    assert verdict.certificate[0].startswith("the link")


def test_statement_must_be_a_claim() -> None:
    with pytest.raises(ParseError, match="needs a relation"):
        check("sigmoid(x)")


def test_time_limit_gives_unknown() -> None:
    # a claim no other test decides: a forked worker inherits this process's
    # caches, and a cached claim can finish inside any limit
    verdict = check("gelu_tanh(x) - gelu(x) + sigmoid(x)/9 <= 2", timeout=0.05)
    assert verdict.verdict == "unknown"
    assert verdict.reason == "time limit"


def test_time_limited_check_runs_in_a_worker_and_returns_the_verdict() -> None:
    verdict = check("tanh(x) == 2*sigmoid(2*x) - 1", timeout=60)
    assert verdict.verdict == "proven"
    assert verdict.seconds > 0


# -- command line ------------------------------------------------------------------


def test_cli_check_exit_codes(cli) -> None:
    assert cli.invoke("check", "tanh(x) == 2*sigmoid(2*x) - 1").exit_code == 0
    assert cli.invoke("check", "tanh(x) == 2*sigmoid(2*x)").exit_code == 1
    unknown = cli.invoke("check", "leaky_relu(x, a) == max(a*x, x)", "--assume", "0 <= a <= 1")
    assert unknown.exit_code in (0, 3)
    assert cli.invoke("check", "sigmoid(x) > 0", "--timeout", "0.001").exit_code == 3


def test_cli_check_json(cli) -> None:
    result = cli.invoke("check", "0 <= diff(sigmoid(x), x) < 1/4", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    keys = {
        "statement",
        "assumptions",
        "verdict",
        "method",
        "certificate",
        "counterexample",
        "reason",
        "seconds",
    }
    assert keys <= set(data)
    assert data["verdict"] == "refuted"
    assert data["counterexample"] == {"x": "0"}
    proven = json.loads(cli.invoke("check", "relu(x) == x", "--assume", "x >= 0", "--json").stdout)
    assert proven["assumptions"] == ["x >= 0"]
    assert proven["counterexample"] is None
    assert proven["certificate"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "x.__class__"), "attribute access"),
        (("check", "sigmoid(x)"), "needs a relation"),
        (("check", "relu(x) > 0", "--assume", "import os"), "syntax error"),
        (("check", "relu(x) > 0", "--timeout", "-1"), "time limit must be"),
        (("check", "relu(x) > 0", "--timeout", "soon"), "seconds"),
    ],
)
def test_cli_check_bad_input(cli, args, message: str) -> None:
    result = cli.invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_cli_check_renders_a_panel(cli) -> None:
    result = cli.invoke("check", "0 <= diff(sigmoid(x), x) < 1/4")
    for text in ("REFUTED", "counterexample", "x = 0", "inf g = 0, attained at x = 0"):
        assert text in result.stdout


def test_certified_numeric_bounds_decide_claims() -> None:
    """SiLU' has no closed-form extrema; its certified bracket still decides."""
    assert check("diff(silu(x), x) <= 1.1").verdict == "proven"
    refuted = check("diff(silu(x), x) <= 1.0998")
    assert refuted.verdict == "refuted"
    assert refuted.counterexample["x"].startswith("2.39935728051546")  # type: ignore[index]
    assert check("diff(silu(x), x) >= -0.1").verdict == "proven"


@pytest.mark.parametrize(
    ("claim", "assume", "verdict"),
    [
        ("elu(x, alpha) >= -alpha", ["alpha > 0"], "proven"),
        ("elu(x, alpha) > -alpha", ["alpha > 0"], "proven"),
        ("leaky_relu(x, a) <= relu(x)", ["a >= 0"], "proven"),
        ("softplus(x, beta) > 0", ["beta > 0"], "proven"),
        ("elu(x, alpha) >= -alpha/2", ["alpha > 0"], "refuted"),
        ("leaky_relu(x, a) <= relu(x)", [], "refuted"),  # a < 0 breaks it
    ],
)
def test_inequalities_with_parameters(claim: str, assume: list[str], verdict: str) -> None:
    assert check(claim, assume).verdict == verdict
