"""The reference sheet: a verified, plotted LaTeX document about the
catalogue (``symact sheet``)."""

from __future__ import annotations

from symact.sheet.build import DEFAULT_TITLE, build_sheet
from symact.sheet.cache import Cache, default_cache_dir
from symact.sheet.model import ActivationPage, AuditFile, AuditRow, Curve, Identity, Plot, Sheet

__all__ = [
    "DEFAULT_TITLE",
    "ActivationPage",
    "AuditFile",
    "AuditRow",
    "Cache",
    "Curve",
    "Identity",
    "Plot",
    "Sheet",
    "build_sheet",
    "default_cache_dir",
]
