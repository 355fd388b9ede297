"""PLACEHOLDER: filled in by the catalogue-breadth work (issue 8)."""

from __future__ import annotations

from symact.catalogue.record import Activation

__all__ = ["ENTRIES"]

ENTRIES: tuple[Activation, ...] = ()
