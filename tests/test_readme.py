"""The README's console examples are real output: each ``$ symact ...`` block
listed here must match what the command prints today (plain, 100 columns),
timings aside. ``python tests/test_readme.py`` rewrites them from real output."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```console\n\$ ((?:[A-Z_]+=\S+ )*symact [^\n]*)\n(.*?)```", re.DOTALL)
CHECKED = (
    "symact list",
    "symact show sigmoid",
    "symact show leaky_relu --param negative_slope=0.2",
    'symact check "tanh(x) == 2*sigmoid(2*x) - 1"',
    'symact check "0 < diff(tanh(x), x) < 1"',
    'symact check "sigmoid(x) <= 1 - 1e-20" --json',
    'symact check "leaky_relu(x, a) == max(a*x, x)" --assume "0 <= a <= 1"',
    'symact check "sigmoid(x).__class__ == 1"',
    'symact range "diff(sigmoid(x), x)"',
    'symact range "gelu_tanh(x) - gelu(x)"',
    "symact compare sigmoid relu silu",
    "symact stats relu",
    "symact stats tanh",
    "symact stats selu --json",
    "symact numcheck sigmoid silu elu --points 500",
    'SYMACT_MEMORY_LIMIT=64 symact check "((x+1)**1000)*((x+2)**1000)*((x+3)**1000) >= -1" --json',
)
TIMINGS = [
    (re.compile(r"time(\s+)\d+\.\d+ s"), r"time\1N s"),
    (re.compile(r'"seconds": \d+(\.\d+)?'), '"seconds": N'),
]


def _blocks() -> dict[str, str]:
    return dict(BLOCK.findall(README.read_text(encoding="utf-8")))


def _clean(text: str) -> str:
    for pattern, replacement in TIMINGS:
        text = pattern.sub(replacement, text)
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    return "\n".join(lines).strip("\n")


def _run(command: str) -> str:
    words = shlex.split(command)
    settings = [w for w in words[: words.index("symact")] if "=" in w]
    env = dict(os.environ, COLUMNS="100", **dict(w.split("=", 1) for w in settings))
    args = words[words.index("symact") + 1 :]
    done = subprocess.run(
        [sys.executable, "-m", "symact", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in done.stderr
    return done.stdout + done.stderr


@pytest.mark.parametrize("command", CHECKED)
def test_readme_console_output_is_real(command: str) -> None:
    blocks = _blocks()
    assert command in blocks, f"README has no console block for {command!r}"
    assert _clean(_run(command)) == _clean(blocks[command])


def refresh() -> None:
    """Rewrite the README's checked console blocks from real output."""
    text = README.read_text(encoding="utf-8")
    for command in CHECKED:
        output = "\n".join(line.rstrip() for line in _run(command).strip("\n").splitlines())
        marker = f"```console\n$ {command}\n"
        start = text.index(marker) + len(marker)
        end = text.index("```", start)
        text = text[:start] + output + "\n" + text[end:]
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # python tests/test_readme.py: refresh the README
    refresh()
