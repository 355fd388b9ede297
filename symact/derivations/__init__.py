"""Derivation files: claims and step-by-step derivations checked like a test
suite (``symact verify``, the pytest plugin)."""

from __future__ import annotations

from symact.derivations.loader import collect_files, load_file
from symact.derivations.model import Claim, Derivation, FileError, Result, SourceFile
from symact.derivations.runner import check_entry, run_entry, verify

__all__ = [
    "Claim",
    "Derivation",
    "FileError",
    "Result",
    "SourceFile",
    "check_entry",
    "collect_files",
    "load_file",
    "run_entry",
    "verify",
]
