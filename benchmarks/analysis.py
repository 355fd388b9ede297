"""How long ``symact show NAME`` takes with its full analysis, per activation.

Each activation is shown in a fresh process (``symact show NAME --json``),
``--repeat`` times; the table gives the median wall time and, measured inside
the process, the time of the analysis alone (cold caches), next to the floor
``python -c "import sympy"``.

    python benchmarks/analysis.py [--repeat N] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

import symact

INSIDE = (
    "import sys, time, symact\n"
    "start = time.perf_counter()\n"
    "symact.analyze(sys.argv[1])\n"
    "print(time.perf_counter() - start)\n"
)


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    floor = statistics.median(
        wall([sys.executable, "-c", "import sympy"]) for _ in range(args.repeat)
    )
    rows = []
    for name in symact.names():
        if symact.get(name).vector:
            continue
        show = [sys.executable, "-m", "symact", "show", name, "--json"]
        shown = statistics.median(wall(show) for _ in range(args.repeat))
        inside = subprocess.run(
            [sys.executable, "-c", INSIDE, name], check=True, capture_output=True, text=True
        )
        unknown = json.loads(
            subprocess.run(show, check=True, capture_output=True, text=True).stdout
        )["unknown"]
        rows.append((name, shown, float(inside.stdout), ", ".join(unknown) or "-"))
    if args.markdown:
        print(f'Floor `python -c "import sympy"`: {floor:.2f} s.\n')
        print("| activation | `show --json` wall (s) | analysis alone (s) | fields unknown |")
        print("|---|---:|---:|---|")
        for name, shown, inside_time, unknown in rows:
            print(f"| {name} | {shown:.2f} | {inside_time:.2f} | {unknown} |")
    else:
        print(f"floor {floor:.2f} s")
        for name, shown, inside_time, unknown in rows:
            print(
                f"{name:12s} show {shown:5.2f} s  analysis {inside_time:5.2f} s  unknown: {unknown}"
            )


if __name__ == "__main__":
    main()
