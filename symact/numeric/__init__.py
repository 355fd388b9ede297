"""Numerics: accurate NumPy kernels compiled from SymPy expressions, exact
mpmath references, and accuracy checks against both and against PyTorch.

NumPy, SciPy and mpmath are imported when this package is, not by
``import symact``: the CLI's symbolic commands do not pay for them.
"""

from __future__ import annotations

from symact.numeric.compile import Kernel, lambdify
from symact.numeric.reference import reference, reference_value

__all__ = ["Kernel", "lambdify", "reference", "reference_value"]
