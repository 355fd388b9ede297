"""Time to build the reference sheet (``symact sheet``), cold and cached, and
to compile its PDF.

Each measurement runs the real command in a fresh process: *cold* with an
empty cache directory (everything analysed, plotted and checked), *cached*
with the cache the cold run left (only reassembled and rendered), and the
LaTeX compile alone (``symact.typeset.typeset`` on the written .tex).
Targets (issue 7): cold under 60 s and cached under 5 s on a 2-core machine,
LaTeX excluded.

    python benchmarks/sheet.py [--repeat N] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"cold": 60.0, "cached": 5.0}


def _run(command: list[str], cache: Path) -> float:
    environment = dict(os.environ, SYMACT_CACHE_DIR=str(cache))
    start = time.perf_counter()
    subprocess.run(command, check=True, env=environment, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    symact = [sys.executable, "-m", "symact"]
    rows: list[tuple[str, list[float], float | None]] = []
    with tempfile.TemporaryDirectory() as work:
        tex = Path(work, "activations.tex")
        write = [*symact, "sheet", "-o", str(tex)]
        cold = []
        for index in range(args.repeat):
            cold.append(_run(write, Path(work, f"cache-{index}")))
        rows.append(("cold: `symact sheet` (empty cache)", cold, TARGETS["cold"]))
        cached = [_run(write, Path(work, "cache-0")) for _ in range(args.repeat)]
        rows.append(("cached: `symact sheet` (second run)", cached, TARGETS["cached"]))
        compile_pdf = [
            sys.executable,
            "-c",
            f"from symact.typeset import typeset; typeset({str(tex)!r})",
        ]
        latex = [_run(compile_pdf, Path(work, "cache-0")) for _ in range(args.repeat)]
        rows.append(("LaTeX compile of the .tex (latexmk -pdf)", latex, None))
        pages = subprocess.run(
            ["pdfinfo", str(tex.with_suffix(".pdf"))], capture_output=True, text=True, check=True
        ).stdout
        count = next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages"))
    if args.markdown:
        print("| measurement | median | fastest | target |")
        print("|---|---:|---:|---:|")
    for name, times, target in rows:
        median, best = statistics.median(times), min(times)
        verdict = "met" if target is not None and median < target else "MISSED"
        goal = "-" if target is None else f"< {target:g} s ({verdict})"
        if args.markdown:
            print(f"| {name} | {median:.1f} s | {best:.1f} s | {goal} |")
        else:
            print(f"{name:45} median {median:6.1f} s  fastest {best:6.1f} s  target {goal}")
    print(f"\n{os.cpu_count()} cores; the PDF has {count} pages.")


if __name__ == "__main__":
    main()
