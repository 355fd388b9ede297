"""PyTorch's own activations, evaluated for comparison with the exact math.

PyTorch is optional (``pip install 'symact[torch]'``); :func:`torch_module`
imports it or raises :class:`FrameworkMissing` (exit code 2) with the
install command. The table maps catalogue names to the ``torch.nn.functional``
call with the record's parameters; autograd gives the derivatives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from symact.errors import SymactError

__all__ = ["TORCH_CALLS", "FrameworkMissing", "torch_derivatives", "torch_module"]

Array = Any
Call = Callable[[Any, Any, Mapping[str, float]], Any]


class FrameworkMissing(ImportError, SymactError):
    """A framework the command needs is not installed."""

    exit_code = 2


def torch_module() -> Any:
    """``torch``, or :class:`FrameworkMissing` saying how to install it."""
    try:
        import torch
    except ImportError:
        raise FrameworkMissing(
            "--against torch needs PyTorch: pip install 'symact[torch]'"
        ) from None
    return torch


def _rrelu(torch: Any, x: Any, p: Mapping[str, float]) -> Any:
    if "slope" in p:  # training mode with a given slope: a leaky ReLU with it
        return torch.nn.functional.leaky_relu(x, p["slope"])
    return torch.nn.functional.rrelu(x, p["lower"], p["upper"], training=False)


#: catalogue name -> how PyTorch computes it (parameters by PyTorch name)
TORCH_CALLS: dict[str, Call] = {
    "sigmoid": lambda t, x, p: t.sigmoid(x),
    "tanh": lambda t, x, p: t.tanh(x),
    "logsigmoid": lambda t, x, p: t.nn.functional.logsigmoid(x),
    "softplus": lambda t, x, p: t.nn.functional.softplus(x, beta=p["beta"]),
    "silu": lambda t, x, p: t.nn.functional.silu(x),
    "relu": lambda t, x, p: t.nn.functional.relu(x),
    "leaky_relu": lambda t, x, p: t.nn.functional.leaky_relu(x, p["negative_slope"]),
    "prelu": lambda t, x, p: t.nn.functional.prelu(x, t.tensor([p["weight"]], dtype=x.dtype)),
    "rrelu": _rrelu,
    "relu6": lambda t, x, p: t.nn.functional.relu6(x),
    "elu": lambda t, x, p: t.nn.functional.elu(x, p["alpha"]),
    "softmax": lambda t, x, p: t.nn.functional.softmax(x, dim=-1),
    # -- smooth (functions/smooth.py) --
    "gelu": lambda t, x, p: t.nn.functional.gelu(x),
    "gelu_tanh": lambda t, x, p: t.nn.functional.gelu(x, approximate="tanh"),
    "mish": lambda t, x, p: t.nn.functional.mish(x),
    "softsign": lambda t, x, p: t.nn.functional.softsign(x),
    "tanhshrink": lambda t, x, p: t.nn.functional.tanhshrink(x),
    "identity": lambda t, x, p: t.nn.Identity()(x),
    "exponential": lambda t, x, p: t.exp(x),
    "arctan": lambda t, x, p: t.atan(x),
    # -- oscillating (functions/oscillating.py) --
    "sinusoid": lambda t, x, p: t.sin(x),
    "sinc": lambda t, x, p: t.sinc(x / np.pi),  # torch.sinc is sin(pi x)/(pi x)
    # -- rectifiers, issue 8 additions --
    "selu": lambda t, x, p: t.nn.functional.selu(x),
    "celu": lambda t, x, p: t.nn.functional.celu(x, p["alpha"]),
    # -- hard (functions/hard.py) --
    "hardtanh": lambda t, x, p: t.nn.functional.hardtanh(x, p["min_val"], p["max_val"]),
    "hardsigmoid": lambda t, x, p: t.nn.functional.hardsigmoid(x),
    "hardswish": lambda t, x, p: t.nn.functional.hardswish(x),
    "softshrink": lambda t, x, p: t.nn.functional.softshrink(x, p["lambd"]),
    "hardshrink": lambda t, x, p: t.nn.functional.hardshrink(x, p["lambd"]),
    "threshold": lambda t, x, p: t.nn.functional.threshold(x, p["threshold"], p["value"]),
    # -- vector, issue 8 additions --
    "log_softmax": lambda t, x, p: t.nn.functional.log_softmax(x, dim=-1),
    "softmin": lambda t, x, p: t.nn.functional.softmin(x, dim=-1),
    "glu": lambda t, x, p: t.nn.functional.glu(x, dim=-1),
    "logsumexp": lambda t, x, p: t.logsumexp(x, dim=-1),
}


def torch_derivatives(
    name: str, points: Array, params: Mapping[str, float], dtype: str, orders: int
) -> list[Array]:
    """PyTorch's values of f, f', ... (``orders`` of them) at ``points``
    (shape ``(m, inputs)``), in ``dtype`` ("float64" or "float32"), from
    its forward and autograd backward (double backward for f'').

    Scalar activations give arrays of shape ``(m,)``; a vector activation
    gives f as ``(m, outputs)`` (``(m,)`` for a single output) and its
    Jacobian as ``(m, outputs, n)``.
    """
    torch = torch_module()
    call = TORCH_CALLS[name]
    kind = getattr(torch, dtype)
    with np.errstate(over="ignore"):
        data = np.asarray(points, dtype=np.dtype(dtype))
    x = torch.tensor(data, dtype=kind, requires_grad=True)
    vector = data.shape[1] > 1
    if not vector:
        x_flat = x[:, 0]
        y = call(torch, x_flat, params)
        values = [y.detach().numpy().astype(np.float64)]
        current = y
        for _ in range(1, orders):
            if current.requires_grad:
                try:
                    (grad,) = torch.autograd.grad(current.sum(), x, create_graph=True)
                except RuntimeError:  # no formula (hardsigmoid's double backward): NaN rows
                    missing = np.full(len(values[0]), np.nan)
                    return values + [missing] * (orders - len(values))
                current = grad[:, 0]
            else:  # the previous derivative is a constant: autograd has no graph
                current = torch.zeros_like(x_flat)
            values.append(current.detach().numpy().astype(np.float64))
        return values
    y = call(torch, x, params)
    values = [y.detach().numpy().astype(np.float64)]
    if orders > 1:
        rows = []
        outputs = y if y.ndim == 2 else y[:, None]  # logsumexp: one output
        for i in range(outputs.shape[1]):
            (grad,) = torch.autograd.grad(outputs[:, i].sum(), x, retain_graph=True)
            rows.append(grad.numpy().astype(np.float64))
        values.append(np.stack(rows, axis=1))
    return values
