"""The analysis engine: an activation's exact profile."""

from __future__ import annotations

from symact.analysis.properties import Extremum, Properties, analyze
from symact.analysis.ranges import RangeReport, range_report
from symact.calculus.image import function_range

__all__ = ["Extremum", "Properties", "RangeReport", "analyze", "function_range", "range_report"]
