"""``symact numcheck`` and the PyTorch cross-check.

PyTorch is optional: without it the torch tests skip, unless
``SYMACT_REQUIRE_TORCH=1`` (set by ``.ci/run``), where a missing torch fails.
"""

from __future__ import annotations

import json
import os
import re

import numpy as np
import pytest
import sympy

import symact
from symact.numeric.numcheck import numcheck

try:
    import torch
except ImportError:  # pragma: no cover - exercised on machines without torch
    torch = None

needs_torch = pytest.mark.skipif(
    torch is None and not os.environ.get("SYMACT_REQUIRE_TORCH"),
    reason="PyTorch is not installed (pip install 'symact[torch]')",
)


def test_numcheck_whole_catalogue_passes() -> None:
    report = numcheck(points=400)
    assert report.passed, report.worst
    names = {row.activation for row in report.rows}
    assert names == set(symact.names())
    assert {row.quantity for row in report.rows} == {"f", "f'", "f''", "J"}


def test_numcheck_cli_table_and_exit_code(cli) -> None:
    result = cli.invoke("numcheck", "logistic", "silu", "--points", "100")
    assert result.exit_code == 0, result.stderr
    assert "symact kernels: 6 of 6 within tolerance" in result.stdout
    assert "sigmoid" in result.stdout  # the alias resolves to the canonical name


def test_numcheck_json(cli) -> None:
    result = cli.invoke("numcheck", "elu", "--points", "60", "--json")
    data = json.loads(result.stdout)
    assert data["passed"] is True
    assert data["against"] == "mpmath"
    assert [r["quantity"] for r in data["rows"]] == ["f", "f'", "f''"]
    row = data["rows"][0]
    assert row["worst_relative_error"] <= 1e-13
    assert row["failures"] == 0
    assert row["worst_failure"] is None


def test_numcheck_exit_1_names_the_worst_point(cli, monkeypatch) -> None:
    """A kernel that misses its tolerance makes numcheck fail loudly."""
    from symact.numeric import activations

    original = activations.activation_kernel

    def sloppy(record, derivative=0, **params):
        kernel = original(record, derivative, **params)
        return lambda x: kernel(x) * (1 + 1e-10)

    monkeypatch.setattr(activations, "activation_kernel", sloppy)
    result = cli.invoke("numcheck", "sigmoid", "--points", "40")
    assert result.exit_code == 1
    assert "FAIL" in result.stdout
    line = result.stderr.strip()
    pattern = r"symact: sigmoid f'{0,2} \(symact float64\) misses its tolerance at \(\S+\): got "
    assert re.match(pattern, line), line
    assert "\n" not in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("numcheck", "sigmod"), "did you mean 'sigmoid'"),
        (("numcheck", "--points", "5"), "--points must be between 10"),
        (("numcheck", "--against", "jax"), "invalid choice"),
    ],
)
def test_numcheck_bad_input(cli, args, message) -> None:
    result = cli.invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_against_torch_without_torch_exits_2(cli, monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise ImportError("no torch here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    result = cli.invoke("numcheck", "relu", "--against", "torch")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "symact: error: --against torch needs PyTorch: pip install 'symact[torch]'"
    )


# -- PyTorch ---------------------------------------------------------------------------


@needs_torch
def test_torch_is_installed_where_required() -> None:
    assert torch is not None, "SYMACT_REQUIRE_TORCH is set but torch cannot be imported"


def _autograd(fn, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = fn(t)
    (grad,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), grad.numpy()


TORCH_FUNCTIONS = {
    "sigmoid": lambda t: torch.sigmoid(t),
    "tanh": lambda t: torch.tanh(t),
    "logsigmoid": lambda t: torch.nn.functional.logsigmoid(t),
    "softplus": lambda t: torch.nn.functional.softplus(t),
    "silu": lambda t: torch.nn.functional.silu(t),
    "relu": lambda t: torch.nn.functional.relu(t),
    "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, 0.01),
    "prelu": lambda t: torch.nn.functional.prelu(t, torch.tensor([0.25], dtype=t.dtype)),
    "rrelu": lambda t: torch.nn.functional.rrelu(t, 1 / 8, 1 / 3, training=False),
    "relu6": lambda t: torch.nn.functional.relu6(t),
    "elu": lambda t: torch.nn.functional.elu(t),
    # -- smooth (functions/smooth.py) --
    "gelu": lambda t: torch.nn.functional.gelu(t),
    "gelu_tanh": lambda t: torch.nn.functional.gelu(t, approximate="tanh"),
    "mish": lambda t: torch.nn.functional.mish(t),
    "softsign": lambda t: torch.nn.functional.softsign(t),
    "tanhshrink": lambda t: torch.nn.functional.tanhshrink(t),
    "identity": lambda t: torch.nn.Identity()(t),
    "exponential": lambda t: torch.exp(t),
    "arctan": lambda t: torch.atan(t),
    # -- oscillating (functions/oscillating.py) --
    "sinusoid": lambda t: torch.sin(t),
    "sinc": lambda t: torch.sinc(t / np.pi),  # the normalized sinc at x / pi
    # -- rectifiers, issue 8 additions --
    # selu: in tests/test_catalogue_rectifiers.py, 1 ulp apart at its kink (PyTorch
    # multiplies the rounded constants, symact rounds their exact product)
    "celu": lambda t: torch.nn.functional.celu(t),
    # -- hard (functions/hard.py) --
    "hardtanh": lambda t: torch.nn.functional.hardtanh(t),
    # hardsigmoid: its backward's 1/6 is float32 even in float64 (tests/test_catalogue_hard.py)
    "hardswish": lambda t: torch.nn.functional.hardswish(t),
    "softshrink": lambda t: torch.nn.functional.softshrink(t),
    "hardshrink": lambda t: torch.nn.functional.hardshrink(t),
    "threshold": lambda t: torch.nn.functional.threshold(t, 0.0, 0.0),
    # -- vector, issue 8 additions --
}


#: name -> the left end of the window in which PyTorch's own formula does not
#: flush: its gelu_tanh is x/2 (1 + tanh(u)), and 1 + tanh(u) is exactly 0
#: below u = -19 (x ~ -7.1), where GELU-tanh is still -2e-16 and its derivative
#: -2.5e-15
FLUSHED_TAILS = {"gelu_tanh": -7.0}
#: name -> PyTorch's absolute error where it exceeds 1e-15: gelu_tanh's backward
#: sums terms of size |x| that cancel to values of 1e-9..1e-15 in the left
#: tail, leaving errors of a few ulps of |x| (1.5e-15 at x = -6.9; symact's
#: kernel is within 1e-14 relative of mpmath there)
TORCH_ABSOLUTE_ERROR = {"gelu_tanh": 3e-15}


@needs_torch
@pytest.mark.parametrize("name", sorted(FLUSHED_TAILS))
def test_torch_flushes_tails_symact_keeps(name: str) -> None:
    """Beyond the window above, PyTorch returns 0 where symact's kernels keep
    the true (tiny) values, checked against mpmath."""
    record = symact.get(name)
    x = np.array([-7.5, -9.0])
    forward, backward = _autograd(TORCH_FUNCTIONS[name], x)
    assert np.all(forward == 0.0)
    assert np.all(backward == 0.0)
    definition = record.definition()
    for order, kernel in enumerate((record.numpy(0), record.numpy(1))):
        exact = sympy.diff(definition, symact.x, order)
        for point, got in zip(x, kernel(x), strict=True):
            true = sympy.N(exact.subs(symact.x, sympy.Rational(point)), 30)
            assert true != 0
            assert abs(got - float(true)) <= 1e-14 * abs(float(true))


@needs_torch
@pytest.mark.parametrize("name", sorted(TORCH_FUNCTIONS))
def test_kernels_agree_with_torch_autograd(name: str) -> None:
    """On moderate inputs PyTorch's forward and autograd backward agree with
    symact's kernels to 1e-15 absolute (relatively, PyTorch's tails lose
    digits: its sigmoid' is sigmoid * (1 - sigmoid)), and at the kinks
    symact's derivative kernels return PyTorch's convention exactly."""
    record = symact.get(name)
    low = FLUSHED_TAILS.get(name, -15.0)
    x = np.concatenate([np.linspace(low, 15, 301), [0.0, -0.0, 6.0, 1e-300, -1e-300]])
    forward, backward = _autograd(TORCH_FUNCTIONS[name], x)
    np.testing.assert_allclose(record.numpy(0)(x), forward, rtol=1e-13, atol=1e-15)
    atol = TORCH_ABSOLUTE_ERROR.get(name, 1e-15)
    np.testing.assert_allclose(record.numpy(1)(x), backward, rtol=1e-13, atol=atol)
    if record.family == "rectifier":
        kinks = np.array([0.0, -0.0, 6.0])  # relu6 has a kink at 6 too
        assert np.array_equal(record.numpy(1)(kinks), _autograd(TORCH_FUNCTIONS[name], kinks)[1])


@needs_torch
def test_torch_rows_show_where_pytorch_parts_from_the_math() -> None:
    report = numcheck(["softplus", "silu", "sigmoid"], against="torch", points=200)
    assert report.passed  # symact's own rows, float64 and float32
    rows = {(r.activation, r.quantity, r.implementation): r for r in report.rows}
    assert rows["sigmoid", "f", "symact float32"].enforced
    assert rows["sigmoid", "f", "symact float32"].stats.ulps <= 1
    # PyTorch's softplus returns x itself above beta*x = 20: off by ~e^-20 / 20
    softplus = rows["softplus", "f", "torch float64"]
    assert not softplus.enforced
    assert not softplus.stats.passed
    assert softplus.stats.worst_relative > 1e-11
    assert 20 < softplus.stats.worst_failure[0] < 21
    # torch's silu is x * sigmoid(x): nan at -inf where the limit is 0
    silu = rows["silu", "f", "torch float64"].stats
    assert silu.worst_failure == (-np.inf,)
