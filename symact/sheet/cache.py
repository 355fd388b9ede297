"""The sheet's cache: computed facts (derivatives, kinks, the analysis, plot
coordinates) and verdicts, as JSON files keyed by what they depend on.

An activation's entry is keyed by symact's code (version and a hash of its
source, which includes the catalogue) and by the record's content; a
derivation file's by the code and the file's bytes. Entries are decoded with
:mod:`symact.serial`, which builds only whitelisted SymPy objects: a cache
file planted by someone else can make symact recompute, never run code. A
corrupt or foreign entry is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import sympy

from symact.analysis import Extremum, Properties
from symact.catalogue import Activation
from symact.derivations.model import Claim, Derivation, FileError, Result, SourceFile
from symact.describe import Kink
from symact.sheet.model import Curve, Formulas, Plot
from symact.statistics import DerivedConstant, GaussianStats, Moment

__all__ = ["Cache", "code_fingerprint", "default_cache_dir", "record_fingerprint"]

FORMAT = 1
MAX_ENTRY_BYTES = 32 * 1024 * 1024
#: the records a cache entry may hold, by name (nothing else is ever built)
RECORDS: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Claim,
        Curve,
        Derivation,
        DerivedConstant,
        Extremum,
        FileError,
        Formulas,
        GaussianStats,
        Kink,
        Moment,
        Plot,
        Properties,
        Result,
        SourceFile,
    )
}


def default_cache_dir() -> Path:
    """``$SYMACT_CACHE_DIR``, else ``$XDG_CACHE_HOME/symact``, else ``~/.cache/symact``."""
    if os.environ.get("SYMACT_CACHE_DIR"):
        return Path(os.environ["SYMACT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "symact")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of symact's version and every source file of the package: any
    change to the code (the catalogue included) invalidates the cache."""
    import symact

    digest = hashlib.sha256(f"symact {symact.__version__} cache {FORMAT}".encode())
    root = Path(symact.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def record_fingerprint(record: Activation) -> str:
    """The catalogue content of one record: its definition, parameters and defaults."""
    inputs = record.inputs()
    definition = record.definition(inputs if record.vector else inputs[0])
    parts = [record.name, sympy.srepr(definition), repr(record.parameters), repr(record.frameworks)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _encode(value: Any) -> Any:
    from symact import serial

    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"$": "float", "v": repr(value)}
    if isinstance(value, sympy.MatrixBase):
        return {"$": "matrix", "v": serial.encode(sympy.ImmutableMatrix(value))}
    if isinstance(value, sympy.Basic):
        return {"$": "sympy", "v": serial.encode(value)}
    if isinstance(value, tuple | list):
        return {"$": "tuple", "v": [_encode(v) for v in value]}
    if isinstance(value, Mapping):
        return {"$": "map", "v": [[str(k), _encode(v)] for k, v in value.items()]}
    if is_dataclass(value) and type(value).__name__ in RECORDS:
        data = {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
        return {"$": type(value).__name__, "v": data}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(data: Any) -> Any:
    from symact import serial

    if data is None or isinstance(data, bool | int | str):
        return data
    if not isinstance(data, dict) or set(data) != {"$", "v"}:
        raise ValueError("malformed cache value")
    tag, value = data["$"], data["v"]
    if tag == "float":
        return float(value)
    if tag == "sympy":
        return serial.decode(value)
    if tag == "matrix":
        return sympy.Matrix(serial.decode(value))
    if tag == "tuple" and isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if tag == "map" and isinstance(value, list):
        return {str(k): _decode(v) for k, v in value}
    if tag in RECORDS and isinstance(value, dict):
        cls = RECORDS[tag]
        names = {f.name for f in fields(cls)}
        if set(value) != names:
            raise ValueError(f"malformed cached {tag}")
        return cls(**{k: _decode(v) for k, v in value.items()})
    raise ValueError(f"unknown cache tag {tag!r}")


class Cache:
    """JSON entries under ``directory`` (no cache at all when ``None``)."""

    def __init__(self, directory: str | os.PathLike[str] | None) -> None:
        self.directory = None if directory is None else Path(directory)
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(f"{code_fingerprint()}\0{kind}\0{key}".encode()).hexdigest()
        return self.directory / f"{kind}-{digest[:40]}.json"

    def get(self, kind: str, key: str, check: Callable[[Any], bool] | None = None) -> Any | None:
        """The value stored under ``(kind, key)``, or ``None`` (a miss): also
        when it is unreadable or ``check(value)`` is false."""
        path = self._path(kind, key)
        if path is None:
            return None
        from symact.serial import CacheFormatError

        try:
            if path.stat().st_size > MAX_ENTRY_BYTES:
                raise FileNotFoundError
            value = _decode(json.loads(path.read_bytes()))
            if check is not None and not check(value):
                raise ValueError("unexpected cached value")
        except (OSError, ValueError, TypeError, RecursionError, CacheFormatError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value``; a cache that cannot be written is skipped silently."""
        from symact.outputs import OutputError, atomic_write

        path = self._path(kind, key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(_encode(value), separators=(",", ":")))
        except (OSError, OutputError):
            return
