"""A pytest plugin: ``pytest derivations/`` collects every claim and
derivation of the ``*.toml`` files under a ``derivations`` folder as its own
test item. An item passes when its verdict meets its expectation; a failure
shows the verdict, the failing step and the counterexample.

Registered through the ``pytest11`` entry point, so installing symact is
enough. Each item runs in a worker process with a time limit (``--symact-timeout``,
default 60 s).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = ["DerivationFailed"]


class DerivationFailed(Exception):
    """An entry whose verdict did not meet its expectation."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("symact")
    group.addoption(
        "--symact-timeout",
        type=float,
        default=60.0,
        help="time limit in seconds for each claim or derivation (default 60)",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".toml" and "derivations" in file_path.parts[:-1]:
        return DerivationFile.from_parent(parent, path=file_path)
    return None


class DerivationFile(pytest.File):
    """One derivation file; its entries (and its errors) become items."""

    def collect(self) -> Iterator[pytest.Item]:
        from symact.derivations import load_file

        source = load_file(self.path)
        for error in source.errors:
            yield DerivationItem.from_parent(
                self, name=f"{error.name} (error)", entry=None, error=error
            )
        for entry in source.entries:
            yield DerivationItem.from_parent(self, name=entry.name, entry=entry, error=None)


class DerivationItem(pytest.Item):
    """One claim or derivation."""

    def __init__(self, *, entry: Any, error: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entry = entry
        self.error = error

    def runtest(self) -> None:
        from symact.derivations import run_entry

        if self.error is not None:
            raise DerivationFailed(f"unusable entry (line {self.error.line}): {self.error.message}")
        result = run_entry(self.entry, self.config.getoption("--symact-timeout"))
        if not result.ok:
            lines = [f"expected {result.expected}, got {result.verdict}"]
            if result.failed_step is not None:
                lines.append(f"failing step: {result.failed_step}")
            if result.counterexample:
                lines.append(
                    "counterexample: "
                    + ", ".join(f"{k} = {v}" for k, v in result.counterexample.items())
                )
            if result.message:
                lines.append(result.message)
            raise DerivationFailed("\n".join(lines))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, DerivationFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = (self.entry.line if self.entry is not None else self.error.line) or 1
        return self.path, line - 1, f"{self.entry.kind if self.entry else 'error'}: {self.name}"
