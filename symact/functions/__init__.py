"""The catalogue's SymPy functions, one class per activation.

``tanh`` is SymPy's own :class:`sympy.tanh`; every other activation is a
class here, lower-case like SymPy's elementary functions, in the module of
its family: :mod:`~symact.functions.logistic` (sigmoid and what is built on
it), :mod:`~symact.functions.smooth` (smooth activations from the frameworks
and the literature), :mod:`~symact.functions.oscillating` (periodic and
oscillating ones), :mod:`~symact.functions.rectifiers` (ReLU and its
variants), :mod:`~symact.functions.hard` (piecewise-linear approximations,
shrinkage and step functions) and :mod:`~symact.functions.vector`.
"""

from __future__ import annotations

from symact.functions import hard, logistic, oscillating, rectifiers, smooth, vector
from symact.functions.base import ActivationFunction
from symact.functions.hard import *  # noqa: F403
from symact.functions.logistic import *  # noqa: F403
from symact.functions.oscillating import *  # noqa: F403
from symact.functions.rectifiers import *  # noqa: F403
from symact.functions.smooth import *  # noqa: F403
from symact.functions.vector import *  # noqa: F403

__all__ = [
    "ActivationFunction",
    *logistic.__all__,
    *smooth.__all__,
    *oscillating.__all__,
    *rectifiers.__all__,
    *hard.__all__,
    *vector.__all__,
]
