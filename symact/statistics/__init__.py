"""Statistics of activations under a Gaussian input.

:func:`stats` gives an activation's Gaussian moments, its variance-preserving
initialisation gain beside PyTorch's, and the constants frameworks hard-code,
derived. The parts: :mod:`~symact.statistics.expectation` (exact or certified
numeric expectations), :mod:`~symact.statistics.gains` (PyTorch's table),
:mod:`~symact.statistics.constants` (SELU, RReLU) and
:mod:`~symact.statistics.report` (the record).
"""

from __future__ import annotations

from symact.statistics.constants import DerivedConstant, selu_constants
from symact.statistics.expectation import Moment, gaussian_expectation
from symact.statistics.report import MOMENTS, GaussianStats, stats

__all__ = [
    "MOMENTS",
    "DerivedConstant",
    "GaussianStats",
    "Moment",
    "gaussian_expectation",
    "selu_constants",
    "stats",
]
