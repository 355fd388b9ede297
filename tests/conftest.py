"""Shared fixtures: a CliRunner-style runner for the command line."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

import pytest

from symact.cli import main


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str


class CliRunner:
    """Runs ``symact ARGS`` in-process and captures its output and exit code."""

    def invoke(self, *args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse usage errors and --help
                code = int(exit_.code or 0)
        return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()
