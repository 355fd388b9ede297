"""Wall time of the command line as a user feels it.

Each command runs ``--repeat`` times in a fresh process; the table shows the
median and the fastest run, next to the floor ``python -c "import sympy"``
(symact cannot start faster than SymPy imports).

    python benchmarks/cli.py [--repeat N] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS: list[tuple[str, list[str]]] = [
    ('python -c "import sympy" (floor)', [sys.executable, "-c", "import sympy"]),
    ("symact --version", [sys.executable, "-m", "symact", "--version"]),
    ("symact list", [sys.executable, "-m", "symact", "list"]),
    ("symact list --json", [sys.executable, "-m", "symact", "list", "--json"]),
    ("symact show sigmoid", [sys.executable, "-m", "symact", "show", "sigmoid"]),
    ("symact show relu6", [sys.executable, "-m", "symact", "show", "relu6"]),
    (
        "symact show elu -p alpha=2 --json",
        [sys.executable, "-m", "symact", "show", "elu", "-p", "alpha=2", "--json"],
    ),
    ("symact show softmax --json", [sys.executable, "-m", "symact", "show", "softmax", "--json"]),
    (
        'symact check "tanh(x) == 2*sigmoid(2*x) - 1"',
        [sys.executable, "-m", "symact", "check", "tanh(x) == 2*sigmoid(2*x) - 1"],
    ),
    (
        'symact check "0 < diff(sigmoid(x), x) <= 1/4"',
        [sys.executable, "-m", "symact", "check", "0 < diff(sigmoid(x), x) <= 1/4"],
    ),
]


def measure(command: list[str], repeat: int) -> list[float]:
    times = []
    env = dict(os.environ, COLUMNS="100")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    rows = []
    floor = None
    for label, command in COMMANDS:
        times = measure(command, args.repeat)
        median = statistics.median(times)
        floor = floor or median
        rows.append((label, median, min(times), median / floor))
    if args.markdown:
        print("| command | median (s) | fastest (s) | × floor |")
        print("|---|---:|---:|---:|")
        for label, median, fastest, ratio in rows:
            print(f"| `{label}` | {median:.2f} | {fastest:.2f} | {ratio:.1f} |")
    else:
        for label, median, fastest, ratio in rows:
            print(
                f"{label:40s} median {median:6.2f} s  fastest {fastest:6.2f} s  {ratio:4.1f}x floor"
            )


if __name__ == "__main__":
    main()
