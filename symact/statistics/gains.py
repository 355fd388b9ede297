"""PyTorch's initialisation gains, as ``torch.nn.init.calculate_gain`` hard-codes them.

A gain g scales a layer's initial weights (``std = g / sqrt(fan_in)`` in
Kaiming/He form) so that the signal's second moment survives the activation.
The variance-preserving gain for an activation f is 1/sqrt(E[f(z)^2]) with
z ~ N(0, 1); symact derives it (:func:`symact.statistics.stats`) and shows
PyTorch's value beside it. Read from ``torch/nn/init.py`` (``calculate_gain``,
PyTorch 2.13): linear and convolutions 1, sigmoid 1, tanh 5/3, relu sqrt(2),
leaky_relu sqrt(2/(1 + negative_slope^2)) (default slope 0.01), selu 3/4
("found empirically", pytorch/pytorch#50664). No other activation has one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sympy import Expr, Integer, Rational, sqrt

__all__ = ["PYTORCH_GAINS", "PytorchGain", "pytorch_gain"]


@dataclass(frozen=True)
class PytorchGain:
    """PyTorch's gain for one activation: ``rule`` maps the activation's
    bound parameters to the value; ``name`` is the ``nonlinearity`` string
    PyTorch takes; ``rationale`` says where the value comes from."""

    name: str
    rule: Callable[[Mapping[str, Expr]], Expr]
    rationale: str


PYTORCH_GAINS: dict[str, PytorchGain] = {
    "identity": PytorchGain(
        "linear", lambda p: Integer(1), "no nonlinearity: the second moment is kept"
    ),
    "sigmoid": PytorchGain(
        "sigmoid", lambda p: Integer(1), "a convention: 1, as for a linear layer"
    ),
    "tanh": PytorchGain(
        "tanh", lambda p: Rational(5, 3), "an empirical choice (not derived from a moment)"
    ),
    "relu": PytorchGain("relu", lambda p: sqrt(2), "He et al. 2015: E[relu(z)^2] = 1/2"),
    "leaky_relu": PytorchGain(
        "leaky_relu",
        lambda p: sqrt(2 / (1 + p["negative_slope"] ** 2)),
        "He et al. 2015 for a leaky rectifier with slope a: E[f(z)^2] = (1 + a^2)/2",
    ),
    "selu": PytorchGain(
        "selu",
        lambda p: Rational(3, 4),
        "found empirically (pytorch/pytorch#50664); SELU's own constants already make "
        "E[selu(z)^2] = 1",
    ),
}


def pytorch_gain(name: str, params: Mapping[str, Expr]) -> Expr | None:
    """PyTorch's ``calculate_gain`` value for catalogue activation ``name``
    at ``params``, or ``None`` where PyTorch has none.

    >>> from sympy import Rational
    >>> pytorch_gain("leaky_relu", {"negative_slope": Rational(1, 100)})
    100*sqrt(20002)/10001
    >>> pytorch_gain("gelu", {}) is None
    True
    """
    entry = PYTORCH_GAINS.get(name)
    return None if entry is None else entry.rule(params)
