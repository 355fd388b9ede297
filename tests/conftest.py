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


#: Known failures of the smooth family (issue 8, open): tanhexp's f' and f''
#: kernels lose accuracy and give NaN at +-inf; PyTorch's gelu_tanh autograd
#: differs from symact's kernel beyond the shared tolerance. Strict: a fix
#: makes them XPASS and fail, so this list cannot outlive the bugs.
KNOWN_FAILURES = {
    "tests/test_numeric.py::test_float64_accuracy_every_activation[tanhexp-1]",
    "tests/test_numeric.py::test_float64_accuracy_every_activation[tanhexp-2]",
    "tests/test_numeric.py::test_nan_in_nan_out_and_scalars[tanhexp-1]",
    "tests/test_numeric.py::test_nan_in_nan_out_and_scalars[tanhexp-2]",
    "tests/test_numcheck.py::test_kernels_agree_with_torch_autograd[gelu_tanh]",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid in KNOWN_FAILURES:
            item.add_marker(pytest.mark.xfail(strict=True, reason="smooth family, open in issue 8"))
