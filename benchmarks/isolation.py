"""The cost of isolation: each derivation entry in its own worker process
(forked, memory-capped, killed at its time limit) against the same check in
this process.

For every entry of the chosen files, the entry is checked first in a worker
(``run_entry``: fork, ``RLIMIT_AS``, the result pickled back) and then in this
process (``check_entry``); the overhead of an entry is the difference. The
worker goes first so that nothing it computes is cached in this process when
the in-process run starts (a forked worker's caches die with it). A bare
round trip (a worker that returns at once) gives the floor.

    python benchmarks/isolation.py [PATH ...] [--repeat N] [--markdown]

Target: under 30 ms of overhead per entry.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from symact.derivations.loader import collect_files, load_file
from symact.derivations.runner import check_entry, run_entry
from symact.limits import run_with_time_limit

ROOT = Path(__file__).resolve().parent.parent
#: the suite measured by default: the notes' audits and the identity libraries
#: whose entries take well under a second (slow entries measure the prover,
#: not the isolation)
DEFAULT = [ROOT / "derivations" / "notes", ROOT / "derivations" / "library" / "logistic.toml"]
TIMEOUT = 120.0


def _nothing() -> int:
    return 0


def bare_round_trips(repeat: int) -> list[float]:
    """Seconds of a fork, a memory cap, a pickled 0 and a join."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run_with_time_limit(_nothing, (), TIMEOUT)
        times.append(time.perf_counter() - start)
    return times


def entry_overheads(paths: list[str]) -> tuple[list[float], list[float], int]:
    """(worker seconds, in-process seconds) per entry, and the entry count."""
    entries = [e for f in collect_files(paths) for e in load_file(f).entries]
    isolated, inside = [], []
    for entry in entries:
        start = time.perf_counter()
        run_entry(entry, TIMEOUT)
        isolated.append(time.perf_counter() - start)
        start = time.perf_counter()
        check_entry(entry)
        inside.append(time.perf_counter() - start)
    return isolated, inside, len(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(p) for p in DEFAULT])
    parser.add_argument("--repeat", type=int, default=50, help="bare round trips")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    bare = bare_round_trips(args.repeat)
    isolated, inside, count = entry_overheads(args.paths)
    overheads = [w - i for w, i in zip(isolated, inside, strict=True)]
    ms = 1000.0
    rows = [
        ("bare worker round trip (fork, cap, pickle, join)", statistics.median(bare) * ms),
        ("entry in a worker, median", statistics.median(isolated) * ms),
        ("entry in this process, median", statistics.median(inside) * ms),
        ("overhead per entry, median", statistics.median(overheads) * ms),
        ("overhead per entry, mean", statistics.fmean(overheads) * ms),
        ("suite in workers, total", sum(isolated) * ms),
        ("suite in this process, total", sum(inside) * ms),
    ]
    if args.markdown:
        print(f"| measurement ({count} entries) | ms |")
        print("|---|---:|")
        for label, value in rows:
            print(f"| {label} | {value:.1f} |")
    else:
        print(f"{count} entries")
        for label, value in rows:
            print(f"  {label:<52} {value:10.1f} ms")
    verdict = "met" if statistics.median(overheads) * ms < 30 else "NOT met"
    print(f"target: overhead < 30 ms per entry: {verdict}", file=sys.stderr)


if __name__ == "__main__":
    main()
