"""The catalogue's SymPy functions, one class per activation.

``tanh`` is SymPy's own :class:`sympy.tanh`; every other activation is a
class here, lower-case like SymPy's elementary functions.
"""

from __future__ import annotations

from symact.functions.base import ActivationFunction
from symact.functions.logistic import logsigmoid, sigmoid, silu, softplus
from symact.functions.rectifiers import elu, leaky_relu, prelu, relu, relu6, rrelu
from symact.functions.vector import maxout, softmax

__all__ = [
    "ActivationFunction",
    "elu",
    "leaky_relu",
    "logsigmoid",
    "maxout",
    "prelu",
    "relu",
    "relu6",
    "rrelu",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
]
