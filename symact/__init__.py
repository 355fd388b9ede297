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
>>> symact.stats("relu").second_moment.value  # E[relu(z)^2], z ~ N(0, 1)
1/2
>>> f = symact.lambdify(sigmoid.derivative(), [symact.x])  # accurate NumPy kernel
>>> float(f(40.0))
4.248354255291589e-18
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
from symact.statistics import GaussianStats, stats
from symact.symbols import x

TYPE_CHECKING = False
if TYPE_CHECKING:
    from symact.numeric import lambdify

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "AnalysisError",
    "FrameworkNote",
    "GaussianStats",
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
    "lambdify",
    "names",
    "parse",
    "stats",
    "x",
]


def __getattr__(name: str) -> object:
    # numerics pull in NumPy and SciPy: import them on first use only
    if name == "lambdify":
        from symact.numeric import lambdify

        return lambdify
    raise AttributeError(f"module 'symact' has no attribute {name!r}")
