"""The prover: three-valued verdicts on claims about activations."""

from __future__ import annotations

from symact.prover.check import DEFAULT_TIMEOUT, check
from symact.prover.verdict import PROVEN, REFUTED, UNKNOWN, Verdict

__all__ = ["DEFAULT_TIMEOUT", "PROVEN", "REFUTED", "UNKNOWN", "Verdict", "check"]
