"""PLACEHOLDER: filled in by the catalogue-breadth work (issue 8)."""

from __future__ import annotations

__all__: list[str] = []
