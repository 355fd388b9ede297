"""symact's NumPy kernels against the naive ones, for accuracy and for speed.

Accuracy: for every scalar catalogue activation and for GELU
(``x/2*(1 + erf(x/sqrt(2)))``, compiled with ``symact.numeric.lambdify``), and
for f, f' and f'', symact's kernel (``record.numpy(n)``) and
``sympy.lambdify(x, expr, "numpy")`` of the same expression (the record's
definition, differentiated with ``sympy.diff``) are evaluated at the
deterministic points of ``sample_points`` (magnitudes 1e-300 to 1e4 of both
signs, a dense grid on [-40, 40], the float64 extremes, ±0, ±inf) and measured
against exact mpmath values (``symact.numeric.accuracy.measure``). The table
gives the worst relative error (over points whose true value is a normal
float), how many points break symact's tolerance (relative 1e-13, or absolute
1e-15 near a zero), how many points the naive kernel turns into NaN or inf
where the true value is finite, and which warnings each kernel emits under
NumPy's default error handling. The naive values themselves are computed with
all floating-point warnings silenced. NumPy has no ``erf``, so the naive GELU
uses ``modules=["scipy", "numpy"]``.

Speed: each kernel runs on the same 10^7 float64 inputs (standard normal × 5,
fixed seed); the time is the best of ``--repeat`` calls after a warm-up call,
output arrays allocated by each call. References: SciPy/NumPy's hand-written
forms, and PyTorch on CPU (``torch.from_numpy``, no copy) with one thread and
with its default thread count. ``np.copyto(out, x)`` into a preallocated array
is the memory floor. The target — symact within 1.5× of the fastest
*single-threaded* reference — is judged for sigmoid, tanh, softplus, relu,
silu and gelu. A kernel whose projected time exceeds ``--budget`` seconds is
timed once on the first 10^4 inputs, and that time scaled linearly (marked ≈).

    python benchmarks/numeric.py [--points N] [--size N] [--repeat N] [--budget S]
                                 [--only accuracy|speed]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy
import scipy.special as sc
import sympy

import symact
from symact import x
from symact.limits import run_with_time_limit
from symact.numeric import lambdify
from symact.numeric.accuracy import measure, sample_points
from symact.numeric.reference import Reference, limit_value, reference

try:
    import torch
except ImportError:  # pragma: no cover - torch is optional
    torch = None  # type: ignore[assignment]

Array = Any
Fn = Callable[[Array], Array]

GELU = x / 2 * (1 + sympy.erf(x / sympy.sqrt(2)))
TARGET = 1.5
TARGET_NAMES = ("sigmoid", "tanh", "softplus", "relu", "silu", "gelu")
PROBE = 10**4
#: SymPy's limit can run for ever (GELU' at -inf)
LIMIT_SECONDS = 60.0
#: NumPy's default error handling (underflow is ignored by default)
NUMPY_DEFAULT_ERRSTATE = {"divide": "warn", "over": "warn", "invalid": "warn", "under": "ignore"}


# -- accuracy ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One function to compare: its exact expression, symact's kernel, and how
    to build the naive one."""

    name: str
    order: int
    expr: sympy.Expr
    kernel: Fn
    modules: str | list[str] = "numpy"


def cases() -> list[Case]:
    result = []
    for name in symact.names():
        record = symact.get(name)
        if record.vector:
            continue
        definition = record.definition()
        for order in range(3):
            expr = definition if order == 0 else sympy.diff(definition, x, order)
            result.append(Case(name, order, expr, record.numpy(order)))
    for order in range(3):
        expr = GELU if order == 0 else sympy.diff(GELU, x, order)
        result.append(Case("gelu", order, expr, lambdify(expr, [x]), ["scipy", "numpy"]))
    return result


def as_values(result: Array, size: int) -> Array:
    """A kernel's result as a float64 array (constants broadcast)."""
    return np.broadcast_to(np.asarray(result, dtype=np.float64), (size,)).copy()


def evaluate(fn: Fn, inputs: Array, errstate: dict[str, str]) -> tuple[Array, str]:
    """``fn(inputs)`` under ``errstate``, and the distinct warnings it emitted."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(**errstate):  # type: ignore[arg-type]
        warnings.simplefilter("always")
        values = as_values(fn(inputs), len(inputs))
    kinds = sorted({str(w.message).replace(" encountered", "") for w in caught})
    return values, "; ".join(kinds) if kinds else "none"


@contextmanager
def memoized_references() -> Iterator[None]:
    """Compute each exact value once per expression and point.

    Every row needs them three times (the true values here, then ``measure``
    for symact and for the naive kernel), and some are slow: SymPy's adaptive
    evalf spends 25-100 s on each of tanh' and tanh'' at |x| >= 1e100.
    """
    original = Reference.__call__
    memo: dict[tuple[Any, ...], Any] = {}

    def call(self: Reference, point: Sequence[float]) -> Any:
        key = (self.expr, self.args, tuple(float(v) for v in point))
        if key not in memo:
            memo[key] = original(self, point)
        return memo[key]

    Reference.__call__ = call  # type: ignore[method-assign]
    try:
        yield
    finally:
        Reference.__call__ = original  # type: ignore[method-assign]


def true_values(expr: sympy.Expr, inputs: Array) -> tuple[Array, Array, list[str]]:
    """Exact values rounded to float64 (limits at ±inf, NaN off the domain);
    a mask of the points where the reference itself raised or (a limit in a
    worker process) ran out of time, and what happened there."""
    exact = reference(expr, (x,))
    values = np.full(len(inputs), np.nan)
    raised = np.zeros(len(inputs), dtype=bool)
    errors = []
    for i, point in enumerate(inputs):
        try:
            if math.isfinite(point):
                value = exact((float(point),))
                values[i] = math.nan if value is None else float(value)
            else:
                values[i] = run_with_time_limit(
                    limit_value, (expr, (x,), (float(point),)), LIMIT_SECONDS
                )
        except Exception as error:  # the reference's own failure: report, leave the point out
            raised[i] = True
            errors.append(f"{type(error).__name__} at x = {point:g}")
    return values, raised, errors


def spurious_nonfinite(values: Array, truth: Array) -> int:
    return int(np.count_nonzero(~np.isfinite(values) & np.isfinite(truth)))


def accuracy_row(case: Case, points: Array) -> tuple[str, list[str]]:
    """The table row, and the reference's failures (those points are left out)."""
    truth, raised, errors = true_values(case.expr, points[:, 0])
    points, truth = points[~raised], truth[~raised]
    inputs = points[:, 0]
    naive = sympy.lambdify(x, case.expr, case.modules)
    naive_values, _ = evaluate(naive, inputs, {"all": "ignore"})
    _, naive_warns = evaluate(naive, inputs, NUMPY_DEFAULT_ERRSTATE)
    our_values, our_warns = evaluate(case.kernel, inputs, NUMPY_DEFAULT_ERRSTATE)
    ours = measure(None, case.expr, (x,), points, values=our_values)  # type: ignore[arg-type]
    theirs = measure(None, case.expr, (x,), points, values=naive_values)  # type: ignore[arg-type]
    order = ("f", "f'", "f''")[case.order]
    row = (
        f"| {case.name} | {order} | {len(points)} | {ours.worst_relative:.1e} | {ours.failures} "
        f"| {spurious_nonfinite(our_values, truth)} | {our_warns} "
        f"| {theirs.worst_relative:.1e} | {theirs.failures} "
        f"| {spurious_nonfinite(naive_values, truth)} | {naive_warns} |"
    )
    return row, [f"{case.name} {order}: {error}" for error in errors]


def accuracy_table(points: Array) -> None:
    print(f"## Accuracy ({len(points)} points from `sample_points`)\n")
    print(
        "| function | order | points | symact worst rel. err | symact fails | symact NaN/inf "
        "| symact warns | naive worst rel. err | naive fails | naive NaN/inf | naive warns |"
    )
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---|")
    errors = []
    with memoized_references():
        for case in cases():
            row, failures = accuracy_row(case, points)
            errors += failures
            print(row, flush=True)
    print(
        "\nfails: points outside symact's tolerance (relative error 1e-13, absolute 1e-15 "
        "near a zero, exact infinities and limits). NaN/inf: points where the kernel returns "
        "NaN or ±inf but the true value is finite. warns: warnings under NumPy's default "
        "error handling. points: those where the exact reference gave a value"
        + (": it raised at" if errors else ".")
    )
    for error in errors:
        print(f"- {error}")
    print()


# -- speed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeedCase:
    name: str
    kernel: Fn
    reference_label: str
    reference: Fn
    torch_name: str


def speed_cases() -> list[SpeedCase]:
    def kernel(name: str) -> Fn:
        return symact.get(name).numpy()

    return [
        SpeedCase("sigmoid", kernel("sigmoid"), "scipy.special.expit", sc.expit, "sigmoid"),
        SpeedCase("tanh", kernel("tanh"), "np.tanh", np.tanh, "tanh"),
        SpeedCase("softplus", kernel("softplus"), "np.logaddexp(0, x)", _logaddexp, "softplus"),
        SpeedCase("relu", kernel("relu"), "np.maximum(x, 0)", _maximum, "relu"),
        SpeedCase("silu", kernel("silu"), "x*scipy.special.expit(x)", _silu, "silu"),
        SpeedCase("gelu", lambdify(GELU, [x]), "x*scipy.special.ndtr(x)", _gelu, "gelu"),
        SpeedCase(
            "logsigmoid",
            kernel("logsigmoid"),
            "scipy.special.log_expit",
            sc.log_expit,
            "logsigmoid",
        ),
    ]


def _logaddexp(a: Array) -> Array:
    return np.logaddexp(0.0, a)


def _maximum(a: Array) -> Array:
    return np.maximum(a, 0.0)


def _silu(a: Array) -> Array:
    return a * sc.expit(a)


def _gelu(a: Array) -> Array:
    return a * sc.ndtr(a)


def torch_function(name: str) -> Fn:
    assert torch is not None
    if name in ("sigmoid", "tanh"):
        return getattr(torch, name)  # type: ignore[no-any-return]
    return getattr(torch.nn.functional, name)  # type: ignore[no-any-return]


def best_time(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def symact_time(kernel: Fn, inputs: Array, repeat: int, budget: float) -> tuple[float, bool]:
    """Best time over ``inputs``, or (if that would take more than ``budget``
    seconds per call) one call on the first ``PROBE`` inputs, scaled."""
    probe = inputs[:PROBE]
    start = time.perf_counter()
    kernel(probe)
    projected = (time.perf_counter() - start) * len(inputs) / len(probe)
    if projected <= budget:
        return best_time(lambda: kernel(inputs), repeat), False
    return projected, True


def torch_times(name: str, inputs: Array, repeat: int, threads: int) -> tuple[float, float]:
    """(one thread, ``threads`` threads), or NaN without PyTorch."""
    if torch is None:
        return math.nan, math.nan
    fn = torch_function(name)
    tensor = torch.from_numpy(inputs)
    torch.set_num_threads(1)
    single = best_time(lambda: fn(tensor), repeat)
    torch.set_num_threads(threads)
    multi = best_time(lambda: fn(tensor), repeat)
    return single, multi


def ms(seconds: float, approximate: bool = False) -> str:
    if math.isnan(seconds):
        return "—"
    text = f"{seconds * 1e3:,.1f}"
    return f"≈ {text}" if approximate else text


def speed_table(size: int, repeat: int, budget: float) -> None:
    rng = np.random.default_rng(12345)
    inputs = rng.standard_normal(size) * 5
    out = np.empty_like(inputs)
    copy = best_time(lambda: np.copyto(out, inputs), repeat)
    threads = torch.get_num_threads() if torch is not None else 0
    print(f"## Speed ({size:,} float64, standard normal × 5; best of {repeat}, ms)\n")
    print(f"Memory floor `np.copyto(out, x)`: {ms(copy)} ms.\n")
    print(
        "| function | symact | NumPy/SciPy reference | reference | torch 1 thread "
        f"| torch {threads} threads | symact / NumPy-SciPy | symact / best 1-thread "
        "| symact / copy "
        f"| target ≤ {TARGET}× met | symact evaluates |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|")
    for case in speed_cases():
        ours, approximate = symact_time(case.kernel, inputs, repeat, budget)
        theirs = best_time(lambda c=case: c.reference(inputs), repeat)  # type: ignore[misc]
        single, multi = torch_times(case.torch_name, inputs, repeat, threads)
        best = min(theirs, single) if not math.isnan(single) else theirs
        ratio = ours / best
        met = ("yes" if ratio <= TARGET else "**no**") if case.name in TARGET_NAMES else "—"
        stable = getattr(case.kernel, "stable", "")
        print(
            f"| {case.name} | {ms(ours, approximate)} | `{case.reference_label}` | {ms(theirs)} "
            f"| {ms(single)} | {ms(multi)} | {ours / theirs:,.2f} | {ratio:,.2f} "
            f"| {ours / copy:,.1f} | {met} | `{stable}` |",
            flush=True,
        )
    print(
        f"\nThe target is against the fastest single-threaded reference (NumPy/SciPy or torch "
        f"with 1 thread); the torch {threads}-thread column is shown for comparison only. "
        f"≈: projected time over {budget:g} s per call, so timed once on the first "
        f"{PROBE:,} inputs and scaled linearly.\n"
    )


# -- main ----------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> None:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    torch_version = torch.__version__ if torch is not None else "not installed"
    torch_threads = torch.get_num_threads() if torch is not None else "—"
    print("## Machine\n")
    print(f"- CPU: {cpu_model()}; {os.cpu_count()} CPUs, {usable} usable")
    print(f"- Python {platform.python_version()} on {platform.system()} {platform.machine()}")
    print(
        f"- numpy {np.__version__}, scipy {scipy.__version__}, sympy {sympy.__version__}, "
        f"torch {torch_version} (default threads: {torch_threads})\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000, help="sample_points count")
    parser.add_argument("--size", type=int, default=10**7, help="inputs for the speed table")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--budget", type=float, default=30.0, help="longest symact call to time in full (s)"
    )
    parser.add_argument("--only", choices=("accuracy", "speed"), help="run one table")
    args = parser.parse_args()
    machine_info()
    if args.only != "speed":
        start = time.perf_counter()
        accuracy_table(sample_points(args.points))
        print(f"Accuracy table computed in {time.perf_counter() - start:.0f} s.\n")
    if args.only != "accuracy":
        speed_table(args.size, args.repeat, args.budget)


if __name__ == "__main__":
    main()
