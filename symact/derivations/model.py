"""The records of a derivations folder: files, claims, derivations, results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Claim", "Derivation", "Entry", "FileError", "Result", "SourceFile"]

Expectation = Literal["proven", "refuted"]


@dataclass(frozen=True)
class Claim:
    """A ``[[claim]]``: a ``statement``; a ``range`` with the interval it
    ``equals``; or an ``expectation`` ``over`` a distribution with the value
    it ``equals``.

    ``corrects`` names the entries of the same file (expected refuted) that
    this one states correctly.
    """

    file: str
    line: int | None
    name: str
    statement: str | None = None
    range: str | None = None
    equals: str | None = None
    expectation: str | None = None
    over: str | None = None
    assume: tuple[str, ...] = ()
    expect: Expectation = "proven"
    note: str = ""
    corrects: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "claim"


@dataclass(frozen=True)
class Derivation:
    """A ``[[derivation]]``: a chain of steps, each related to the previous one."""

    file: str
    line: int | None
    name: str
    steps: tuple[str, ...]
    assume: tuple[str, ...] = ()
    expect: Expectation = "proven"
    note: str = ""
    corrects: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "derivation"


Entry = Claim | Derivation


@dataclass(frozen=True)
class FileError:
    """A file, or an entry of it, that could not be used."""

    file: str
    line: int | None
    name: str
    message: str


@dataclass(frozen=True)
class SourceFile:
    """A parsed derivation file: its entries and the errors found in it."""

    path: str
    title: str
    source: str
    entries: tuple[Entry, ...]
    errors: tuple[FileError, ...]


@dataclass(frozen=True)
class Result:
    """The outcome of one entry (or of an unusable file or entry: ``kind``
    ``"error"``). ``ok`` is whether the verdict met the expectation."""

    file: str
    name: str
    kind: str
    line: int | None
    expected: str
    verdict: str
    ok: bool
    seconds: float = 0.0
    failed_step: int | None = None
    counterexample: Mapping[str, str] | None = field(default=None, hash=False)
    message: str = ""
    note: str = ""
