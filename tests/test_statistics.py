"""Gaussian statistics, initialisation gains and derived constants, against
values computed independently here (mpmath quadrature of the formulas
written from the papers, not from symact's code)."""

from __future__ import annotations

import json

import mpmath as mp
import pytest
import sympy
from sympy import Rational, Symbol, erfc, exp, pi, sqrt

from symact.errors import ParameterError
from symact.statistics import gaussian_expectation, selu_constants, stats
from symact.statistics.expectation import tidy

x = Symbol("x", real=True)


def gauss(f, lo=-mp.inf, hi=mp.inf, kinks=(0,)) -> mp.mpf:
    """E[f(z)], z ~ N(0, 1), by mpmath quadrature split at the kinks."""
    points = [lo, *[k for k in kinks if lo < k < hi], hi]
    with mp.workdps(45):
        return mp.quad(lambda t: f(t) * mp.npdf(t), points)


def close(value: sympy.Expr, expected: mp.mpf, digits: int = 30) -> bool:
    with mp.workdps(45):
        got = mp.mpf(str(sympy.N(value, 45)))
        return abs(got - expected) <= mp.mpf(10) ** -digits * max(1, abs(expected))


def sig(t):
    return 1 / (1 + mp.exp(-t))


# -- exact moments -----------------------------------------------------------------


def test_relu_moments_are_exact() -> None:
    s = stats("relu")
    assert s.mean.value == 1 / sqrt(2 * pi)
    assert s.second_moment.value == Rational(1, 2)
    assert sympy.simplify(s.variance.value - (Rational(1, 2) - 1 / (2 * pi))) == 0
    assert s.derivative_mean.value == Rational(1, 2)
    assert s.derivative_second_moment.value == Rational(1, 2)
    assert s.numeric == ()


def test_leaky_relu_second_moment_for_every_slope_and_pytorch_gain() -> None:
    a = Symbol("a", real=True)
    s = stats("leaky_relu", negative_slope=a)
    assert sympy.simplify(s.second_moment.value - (1 + a**2) / 2) == 0
    assert sympy.simplify(s.gain.value - sqrt(2 / (1 + a**2))) == 0
    assert s.gain_reproduced is True
    assert stats("leaky_relu").gain_reproduced is True
    assert stats("leaky_relu", negative_slope=0.2).gain.value == sqrt(Rational(25, 13))


def test_gains_pytorch_chose_empirically_are_reported_as_different() -> None:
    tanh = stats("tanh")
    assert tanh.pytorch_gain == Rational(5, 3)
    assert tanh.gain_reproduced is False
    assert tanh.gain.numeric
    with mp.workdps(45):
        expected = 1 / mp.sqrt(gauss(lambda t: mp.tanh(t) ** 2))
        assert close(tanh.gain.value, expected)
    sigmoid = stats("sigmoid")
    assert sigmoid.pytorch_gain == 1
    assert sigmoid.gain_reproduced is False
    assert stats("relu").gain_reproduced is True
    assert stats("elu").pytorch_gain is None
    assert stats("elu").gain_reproduced is None


def test_symmetry_gives_exact_means() -> None:
    assert stats("sigmoid").mean.value == Rational(1, 2)  # sigmoid - 1/2 is odd
    assert stats("tanh").mean.value == 0
    assert stats("softplus").derivative_mean.value == Rational(1, 2)  # E sigmoid(z)


def test_numeric_moments_have_35_digits_and_are_marked() -> None:
    s = stats("sigmoid")
    assert set(s.numeric) == {
        "second_moment",
        "variance",
        "derivative_mean",
        "derivative_second_moment",
        "gain",
    }
    second = gauss(lambda t: sig(t) ** 2)
    assert close(s.second_moment.value, second, 33)
    with mp.workdps(45):
        assert close(s.variance.value, second - mp.mpf(1) / 4, 33)
    d = gauss(lambda t: sig(t) * (1 - sig(t)))
    assert close(s.derivative_mean.value, d, 33)
    assert len(str(s.second_moment.value).lstrip("0.").rstrip("0")) >= 30


def test_elu_moments_in_closed_form_against_quadrature() -> None:
    s = stats("elu", alpha=2)
    assert s.numeric == ()

    def f(t):
        return t if t > 0 else 2 * mp.expm1(t)

    assert close(s.mean.value, gauss(f))
    assert close(s.second_moment.value, gauss(lambda t: f(t) ** 2))
    assert close(s.derivative_mean.value, gauss(lambda t: 1 if t > 0 else 2 * mp.exp(t)))


def test_non_standard_input_with_symbols() -> None:
    mu, s = Symbol("mu", real=True), Symbol("s", positive=True)
    result = stats("relu", mean=mu, std=s)
    phi = 1 - erfc(mu / (s * sqrt(2))) / 2
    assert sympy.simplify(result.derivative_mean.value - phi) == 0
    at = {mu: Rational(3, 10), s: 2}
    expected = mp.quad(lambda t: max(t, 0) * mp.npdf(t, 0.3, 2), [-mp.inf, 0, mp.inf])
    assert close(result.mean.value.subs(at), expected, 14)
    assert result.gain.value is None
    assert result.gain_reproduced is None


def test_numeric_input_mean() -> None:
    result = stats("sigmoid", mean=1, std=2)
    expected = mp.quad(lambda t: sig(t) * mp.npdf(t, 1, 2), [-mp.inf, 1, mp.inf])
    assert close(result.mean.value, expected, 14)


# -- derived constants -------------------------------------------------------------------


def test_selu_constants_are_derived_to_pytorchs_digits() -> None:
    c = selu_constants()
    assert c.alpha.digits.startswith("1.673263242354377284817042991671")
    assert c.scale.digits.startswith("1.050700987355480493419334985294")
    assert c.alpha.agreement >= 30
    assert c.scale.agreement >= 30
    # the closed forms satisfy the defining conditions, checked by quadrature
    with mp.workdps(45):
        alpha = mp.mpf(str(sympy.N(c.alpha.value, 45)))
        scale = mp.mpf(str(sympy.N(c.scale.value, 45)))

        def selu(t):
            return scale * (t if t > 0 else alpha * mp.expm1(t))

        assert abs(gauss(selu)) < mp.mpf(10) ** -35
        assert abs(gauss(lambda t: selu(t) ** 2) - 1) < mp.mpf(10) ** -35
    q = 1 - exp(Rational(1, 2)) * erfc(1 / sqrt(2))
    assert sympy.simplify(c.alpha.value - sqrt(2 / pi) / q) == 0


def test_rrelu_eval_slope_is_the_mean_of_the_uniform() -> None:
    s = stats("rrelu")
    assert s.derived_constants["eval_slope"].value == Rational(11, 48)
    assert stats("rrelu", lower=0.1, upper=0.3).derived_constants["eval_slope"].value == Rational(
        1, 5
    )
    assert "eval_slope" not in stats("rrelu", slope=0.2).derived_constants


# -- the engine -------------------------------------------------------------------------


def test_expectation_of_a_polynomial_under_a_symbolic_normal() -> None:
    mu, s = Symbol("mu", real=True), Symbol("sigma", positive=True)
    assert sympy.expand(gaussian_expectation(x**3, x, mu, s).value) == mu**3 + 3 * mu * s**2


def test_symbolic_parameter_without_closed_form_is_unknown_not_numeric() -> None:
    beta = Symbol("beta", positive=True)
    from symact.functions import softplus

    moment = gaussian_expectation(softplus(x, beta) ** 2, x)
    assert moment.value is None
    assert not moment.numeric


def test_tidy_prefers_erfc() -> None:
    assert tidy(1 - sympy.erf(sqrt(2))) == erfc(sqrt(2))


def test_vector_and_bad_inputs_are_refused() -> None:
    with pytest.raises(ParameterError, match="vector"):
        stats("softmax")
    with pytest.raises(ParameterError, match="positive"):
        stats("relu", std=-1)
    with pytest.raises(ParameterError):
        stats("relu", mean="0")


# -- the command line ------------------------------------------------------------------------


def test_stats_json_keys(cli) -> None:
    result = cli.invoke("stats", "tanh", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    for key in (
        "mean",
        "second_moment",
        "variance",
        "derivative_mean",
        "derivative_second_moment",
        "gain",
        "pytorch_gain",
        "numeric",
    ):
        assert key in data
    assert data["mean"] == "0"
    assert data["pytorch_gain"] == "5/3"
    assert "second_moment" in data["numeric"]
    assert "mean" not in data["numeric"]
    assert float(data["second_moment"]) == pytest.approx(0.394294490397841)


def test_stats_json_pytorch_gain_null(cli) -> None:
    data = json.loads(cli.invoke("stats", "elu", "--json").stdout)
    assert data["pytorch_gain"] is None
    assert data["numeric"] == []


def test_stats_terminal_and_errors(cli) -> None:
    result = cli.invoke("stats", "relu")
    assert result.exit_code == 0
    assert "reproduced exactly" in result.stdout
    assert "E[f(z)^2]" in result.stdout
    bad = cli.invoke("stats", "softmax")
    assert bad.exit_code == 2
    assert "vector" in bad.stderr
    assert "Traceback" not in bad.stderr
    bad = cli.invoke("stats", "relu", "--std", "0")
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1
    bad = cli.invoke("stats", "relu", "--mean", "__import__('os')")
    assert bad.exit_code == 2
    assert "Traceback" not in bad.stderr
