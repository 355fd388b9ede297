"""Fuzz symact's derivation loader for as long as you like.

Property (as ``tests/test_loader_properties.py``, randomly seeded and with
many more examples): any file (random bytes, random text, random TOML
documents with [[claim]] / [[derivation]] tables, wrong types, huge numbers,
NaN, deep nesting, BOM, NUL, invalid UTF-8, duplicate keys) loads into a
``SourceFile`` whose problems are ``FileError`` records; ``load_file`` raises
nothing, never hangs, never drops an entry silently, and every entry it
returns has str fields and statements that parse. Nothing is executed: the
files only ever go to the loader.

Usage::

    python fuzz/fuzz_loader.py --seconds 3600      # or --examples N, FUZZ_EXAMPLES

Exits 0 when no failure was found, 1 on a failure (printed with the
reproducing file contents), 2 on a usage error.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.*

from fuzz_parser import Property, fuzz
from hypothesis import strategies as st

from tests.test_loader_properties import check_load, documents


def _checker(directory: Path) -> Callable[[bytes], None]:
    """The loader property, writing each input to one file in ``directory``."""
    path = directory / "fuzz.toml"

    def check(raw: bytes) -> None:
        check_load(path, raw)

    return check


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz the loader; the exit status says whether a failure was found."""
    with tempfile.TemporaryDirectory(prefix="symact-fuzz-") as directory:
        check = _checker(Path(directory))
        properties = [
            Property("bytes", st.binary(max_size=400), check),
            Property("text", st.text(max_size=400).map(str.encode), check),
            Property("documents", documents(), check),
        ]
        return fuzz(properties, argv, "Fuzz symact's derivation loader (hypothesis).")


if __name__ == "__main__":
    sys.exit(main())
