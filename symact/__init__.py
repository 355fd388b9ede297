"""symact: a symbolic math and derivation checker for neural-network activations.

Every activation is defined exactly in SymPy; symact derives its derivatives
and properties and checks claims about it.

>>> import symact
>>> sigmoid = symact.get("sigmoid")
>>> sigmoid.derivative()
(1 - sigmoid(x))*sigmoid(x)
>>> sigmoid.definition()
1/(1 + exp(-x))
>>> symact.check("tanh(x) == 2*sigmoid(2*x) - 1").verdict
'proven'
"""

from __future__ import annotations

from symact.analysis import Properties, analyze, function_range
from symact.catalogue import Activation, FrameworkNote, Parameter, get, names
from symact.errors import (
    AnalysisError,
    ParameterError,
    ParseError,
    SymactError,
    UnknownActivationError,
)
from symact.parser import parse
from symact.prover import Verdict, check
from symact.symbols import x

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "AnalysisError",
    "FrameworkNote",
    "Parameter",
    "ParameterError",
    "ParseError",
    "Properties",
    "SymactError",
    "UnknownActivationError",
    "Verdict",
    "__version__",
    "analyze",
    "check",
    "function_range",
    "get",
    "names",
    "parse",
    "x",
]
