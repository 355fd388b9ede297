"""Exact calculus on piecewise-smooth expressions: breakpoints, kinks and
derivatives that are undefined exactly where they do not exist."""

from __future__ import annotations

from symact.calculus.breakpoints import Breakpoint, classify_breakpoints, kinks
from symact.calculus.derivative import compact, derivative, tidy_piecewise
from symact.calculus.pieces import breakpoints, expand_definitions, to_piecewise

__all__ = [
    "Breakpoint",
    "breakpoints",
    "classify_breakpoints",
    "compact",
    "derivative",
    "expand_definitions",
    "kinks",
    "tidy_piecewise",
    "to_piecewise",
]
