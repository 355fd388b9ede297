"""The README's console examples are real output: each ``$ symact ...`` block
must match what the command prints today (plain, 100 columns)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```console\n\$ (symact [^\n]*)\n(.*?)```", re.DOTALL)
# blocks shown abridged or whose tail is a second command are not compared
CHECKED = (
    "symact list",
    "symact show sigmoid",
    "symact show leaky_relu --param negative_slope=0.2",
)


def _blocks() -> dict[str, str]:
    return dict(BLOCK.findall(README.read_text(encoding="utf-8")))


def _clean(text: str) -> str:
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    return "\n".join(lines).strip("\n")


@pytest.mark.parametrize("command", CHECKED)
def test_readme_console_output_is_real(command: str) -> None:
    blocks = _blocks()
    assert command in blocks, f"README has no console block for {command!r}"
    env = dict(os.environ, COLUMNS="100")
    args = command.split()[1:]
    done = subprocess.run(
        [sys.executable, "-m", "symact", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert _clean(done.stdout) == _clean(blocks[command])
