"""The catalogue: one frozen :class:`Activation` record per activation.

>>> from symact.catalogue import get, names
>>> get("logistic").name
'sigmoid'
>>> "relu" in names()
True
"""

from __future__ import annotations

from symact.catalogue import hard, logistic, oscillating, rectifiers, smooth, vector
from symact.catalogue.record import Activation, FrameworkNote, Parameter
from symact.catalogue.registry import Registry

__all__ = ["CATALOGUE", "Activation", "FrameworkNote", "Parameter", "Registry", "get", "names"]

#: Every activation, in the order ``symact list`` shows them.
CATALOGUE = Registry(
    (
        *logistic.ENTRIES,
        *smooth.ENTRIES,
        *oscillating.ENTRIES,
        *rectifiers.ENTRIES,
        *hard.ENTRIES,
        *vector.ENTRIES,
    )
)


def get(name: str) -> Activation:
    """The catalogue record for ``name`` or one of its aliases.

    >>> get("hard_silu").name
    'hardswish'
    >>> get("sigmod")
    Traceback (most recent call last):
    ...
    symact.errors.UnknownActivationError: unknown activation 'sigmod'; did you mean 'sigmoid'?
    """
    return CATALOGUE.get(name)


def names() -> tuple[str, ...]:
    """Canonical names of every catalogue activation, in catalogue order."""
    return CATALOGUE.names()
