"""The prover's result: a three-valued verdict with its evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

__all__ = ["PROVEN", "REFUTED", "UNKNOWN", "Outcome", "Verdict"]

PROVEN: Literal["proven"] = "proven"
REFUTED: Literal["refuted"] = "refuted"
UNKNOWN: Literal["unknown"] = "unknown"

VerdictName = Literal["proven", "refuted", "unknown"]


@dataclass(frozen=True)
class Outcome:
    """What one strategy concluded about one relation (internal).

    ``certificate`` holds the steps a reader can follow; ``counterexample``
    maps variable names to exact values, re-checked at 50+ digits.
    """

    verdict: VerdictName
    method: str
    certificate: tuple[str, ...] = ()
    counterexample: Mapping[str, str] | None = None
    reason: str = ""


@dataclass(frozen=True)
class Verdict:
    """The answer to a claim.

    ``verdict`` is ``"proven"`` (with a ``certificate``: the strategy and its
    intermediate expressions), ``"refuted"`` (with a ``counterexample``:
    variable -> exact value, verified with mpmath at 50+ digits) or
    ``"unknown"`` (with the ``reason``). ``seconds`` is the wall time.
    """

    statement: str
    assumptions: tuple[str, ...]
    verdict: VerdictName
    method: str
    certificate: tuple[str, ...] = ()
    counterexample: Mapping[str, str] | None = field(default=None, hash=False)
    reason: str = ""
    seconds: float = 0.0

    @property
    def proven(self) -> bool:
        return self.verdict == PROVEN

    @property
    def refuted(self) -> bool:
        return self.verdict == REFUTED

    def timed(self, seconds: float) -> Verdict:
        """A copy with ``seconds`` set."""
        return replace(self, seconds=seconds)
