"""The registry: every catalogue record, found by name or alias.

Look-ups forgive case, hyphens and underscores (``LeakyReLU``,
``leaky-relu`` and ``leaky_relu`` are one name); an unknown name raises
:class:`~symact.errors.UnknownActivationError` suggesting the nearest names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from symact.catalogue.record import Activation
from symact.errors import UnknownActivationError

__all__ = ["Registry"]


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "").replace("_", "")


class Registry:
    """An ordered, immutable collection of :class:`Activation` records."""

    def __init__(self, records: Iterable[Activation]) -> None:
        self._records: dict[str, Activation] = {}
        self._index: dict[str, Activation] = {}
        for record in records:
            if record.name in self._records:
                raise ValueError(f"duplicate activation {record.name!r}")
            self._records[record.name] = record
            for label in (record.name, *record.aliases):
                key = _key(label)
                if key in self._index and self._index[key] is not record:
                    other = self._index[key].name
                    raise ValueError(f"{label!r} of {record.name!r} collides with {other!r}")
                self._index[key] = record

    def get(self, name: str) -> Activation:
        """The record called ``name`` (or with that alias).

        Raises
        ======
        UnknownActivationError
            if no record has that name; the message suggests the nearest.
        """
        if not isinstance(name, str):
            raise UnknownActivationError(repr(name))
        record = self._index.get(_key(name))
        if record is None:
            raise UnknownActivationError(name, self.suggest(name))
        return record

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """The catalogue names closest to ``name``: those within 0.1 of the
        best similarity score (at least 0.6), best first."""
        labels = {label: r.name for r in self for label in (r.name, *r.aliases)}
        wanted = _key(name)
        scored = sorted(
            (
                (difflib.SequenceMatcher(None, wanted, _key(label)).ratio(), label)
                for label in labels
            ),
            reverse=True,
        )
        if not scored or scored[0][0] < 0.6:
            return ()
        best = scored[0][0]
        seen: dict[str, None] = {}
        for score, label in scored:
            if score >= max(0.6, best - 0.1):
                seen.setdefault(labels[label], None)
        return tuple(seen)[:limit]

    def names(self) -> tuple[str, ...]:
        """Canonical names, in catalogue order."""
        return tuple(self._records)

    def __iter__(self) -> Iterator[Activation]:
        return iter(self._records.values())

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and _key(name) in self._index
