"""The prover against the naive baseline ``simplify(lhs - rhs) == 0``.

Runs a fixed suite of claims (about half false) in one process and prints,
for symact and for the baseline, how many came out proven, refuted, unknown
and wrong, with the total and median time per claim. The baseline gets the
same parsed expressions; it can only ever say "proven" (for an equality
whose difference simplifies to 0) or nothing.

    python benchmarks/prover.py [--markdown] [--claims]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import sympy

from symact.errors import SymactError
from symact.parser import parse_statement
from symact.prover import check

# (claim, assumptions, truth)
SUITE: list[tuple[str, tuple[str, ...], bool]] = [
    # identities and derivative forms
    ("tanh(x) == 2*sigmoid(2*x) - 1", (), True),
    ("diff(sigmoid(x), x) == sigmoid(x)*(1 - sigmoid(x))", (), True),
    ("diff(tanh(x), x) == 1 - tanh(x)^2", (), True),
    ("sigmoid(x) + sigmoid(-x) == 1", (), True),
    ("softplus(x) - softplus(-x) == x", (), True),
    ("diff(softplus(x), x) == sigmoid(x)", (), True),
    ("diff(softplus(x, 2), x) == sigmoid(2*x)", (), True),
    ("logsigmoid(x) == -softplus(-x)", (), True),
    ("diff(logsigmoid(x), x) == 1 - sigmoid(x)", (), True),
    ("silu(x) == x*sigmoid(x)", (), True),
    ("diff(silu(x), x) == sigmoid(x) + silu(x)*(1 - sigmoid(x))", (), True),
    ("sigmoid(x) == (1 + tanh(x/2))/2", (), True),
    ("diff(sigmoid(x), x, 2) == sigmoid(x)*(1 - sigmoid(x))*(1 - 2*sigmoid(x))", (), True),
    ("softmax(z1, z2, index=1) == sigmoid(z1 - z2)", (), True),
    ("relu(x) == max(0, x)", (), True),
    ("relu(x) - relu(-x) == x", (), True),
    ("relu(x) + relu(-x) == abs(x)", (), True),
    ("relu6(x) == min(max(0, x), 6)", (), True),
    ("leaky_relu(x) == max(0.01*x, x)", (), True),
    ("prelu(x) == leaky_relu(x, 0.25)", (), True),
    ("rrelu(x) == leaky_relu(x, 11/48)", (), True),
    ("elu(x) == x", ("x >= 0",), True),
    # ranges and bounds
    ("0 < sigmoid(x) < 1", (), True),
    ("0 < diff(sigmoid(x), x) <= 1/4", (), True),
    ("0 < diff(tanh(x), x) <= 1", (), True),
    ("-1 < tanh(x) < 1", (), True),
    ("elu(x) > -1", (), True),
    ("softplus(x) > relu(x)", (), True),
    ("silu(x) >= -0.28", (), True),
    ("logsigmoid(x) < 0", (), True),
    ("0.25^10 < 0.000001", (), True),
    # false: changed constants, dropped terms, flipped signs, < for <=
    ("tanh(x) == 2*sigmoid(2*x)", (), False),
    ("tanh(x) == 2*sigmoid(x) - 1", (), False),
    ("diff(sigmoid(x), x) == sigmoid(x)*(1 + sigmoid(x))", (), False),
    ("diff(tanh(x), x) == 1 + tanh(x)^2", (), False),
    ("sigmoid(x) + sigmoid(-x) == 1.0001", (), False),
    ("softplus(x) == log(1 + exp(-x))", (), False),
    ("softmax(z1, z2, index=1) == sigmoid(z2 - z1)", (), False),
    ("relu(x) == x", (), False),
    ("relu(x) + relu(-x) == x", (), False),
    ("relu6(x) == min(max(0, x), 5)", (), False),
    ("leaky_relu(x) == max(0.1*x, x)", (), False),
    ("elu(x, 2) == max(x, 2*(exp(x) - 1))", (), False),
    ("diff(relu(x), x) == 1", (), False),
    ("0 <= diff(sigmoid(x), x) < 1/4", (), False),
    ("0 < diff(tanh(x), x) < 1", (), False),
    ("sigmoid(x) <= 1 - 1e-20", (), False),
    ("sigmoid(x) < 1 - 1e-30", (), False),
    ("silu(x) >= -0.278", (), False),
    ("silu(x) >= 0", (), False),
    ("relu6(x) <= 5.99", (), False),
    ("elu(x) >= -0.99", (), False),
    ("softplus(x) > x + 1e-3", (), False),
    ("softplus(x) < x + 1", (), False),
    ("logsigmoid(x) > -1", (), False),
    ("tanh(x) <= x", (), False),
    ("sigmoid(x) >= x/4 + 1/2", (), False),
    ("0.25^10 > 0.000001", (), False),
]


def naive(claim: str) -> str:
    """The baseline: proven iff simplify(lhs - rhs) == 0 for an equality."""
    statement = parse_statement(claim)
    if len(statement.relations) != 1 or statement.relations[0].op != "==":
        return "unknown"
    relation = statement.relations[0]
    return "proven" if sympy.simplify(relation.lhs - relation.rhs) == 0 else "unknown"


def judge(verdict: str, truth: bool) -> str:
    if verdict == "unknown":
        return "unknown"
    right = (verdict == "proven") == truth
    return verdict if right else "wrong"


def run(method: str) -> tuple[dict[str, int], list[float], list[tuple[str, str]]]:
    counts = {"proven": 0, "refuted": 0, "unknown": 0, "wrong": 0}
    times: list[float] = []
    rows = []
    for claim, assume, truth in SUITE:
        start = time.perf_counter()
        try:
            verdict = check(claim, assume).verdict if method == "symact" else naive(claim)
        except SymactError as error:
            verdict = "unknown"
            print(f"error in {claim!r}: {error}", file=sys.stderr)
        times.append(time.perf_counter() - start)
        outcome = judge(verdict, truth)
        counts[outcome] += 1
        rows.append((claim, outcome))
    return counts, times, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--claims", action="store_true", help="list each claim's outcome")
    args = parser.parse_args()
    true_claims = sum(1 for *_, truth in SUITE if truth)
    results = {name: run(name) for name in ("symact", "naive")}
    if args.claims:
        for (claim, outcome), (_, naive_outcome) in zip(
            results["symact"][2], results["naive"][2], strict=True
        ):
            print(f"{outcome:8s} {naive_outcome:8s} {claim}")
    header = f"{len(SUITE)} claims ({true_claims} true, {len(SUITE) - true_claims} false)"
    if args.markdown:
        print(f"Suite: {header}.\n")
        print("| method | proven | refuted | unknown | wrong | total (s) | median (s) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
    else:
        print(header)
    for name, (counts, times, _) in results.items():
        label = "symact check" if name == "symact" else "simplify(lhs - rhs) == 0"
        total, median = sum(times), statistics.median(times)
        if args.markdown:
            print(
                f"| {label} | {counts['proven']} | {counts['refuted']} | {counts['unknown']} "
                f"| {counts['wrong']} | {total:.1f} | {median:.3f} |"
            )
        else:
            print(f"{label:28s} {counts}  total {total:.1f} s  median {median:.3f} s")


if __name__ == "__main__":
    main()
