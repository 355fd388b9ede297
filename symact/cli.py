"""The ``symact`` command line: parse arguments, call an engine, pick a
renderer, set the exit code. Nothing else lives here.

Exit codes: 0 success; 2 bad input (one line on stderr, no traceback; ``--debug``
shows it); 3 a question the engines could not decide.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

__all__ = ["main"]

EXIT_OK = 0
EXIT_REFUTED = 1
EXIT_USAGE = 2
EXIT_UNKNOWN = 3
DEFAULT_SHEET = "build/activations.tex"
DEFAULT_DERIVATIONS = "derivations"
VERDICT_EXIT = {"proven": EXIT_OK, "refuted": EXIT_REFUTED, "unknown": EXIT_UNKNOWN}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"symact: error: {message} (see '{self.prog} --help')\n")


def _parse_params(items: Sequence[str]) -> dict[str, Any]:
    from symact.errors import ParameterError
    from symact.symbols import parse_number

    params: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"--param expects NAME=VALUE, got {item!r}")
        if name in params:
            raise ParameterError(f"--param {name} given twice")
        params[name] = parse_number(text, what=f"--param {name}")
    return params


def _cmd_list(args: argparse.Namespace) -> int:
    from symact.catalogue import CATALOGUE

    if args.json:
        from symact.render.json import catalogue_dict, dumps

        print(dumps(catalogue_dict(CATALOGUE)))
    else:
        from symact.render.terminal import make_console, render_catalogue

        render_catalogue(CATALOGUE, make_console())
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    from symact.catalogue import get
    from symact.describe import assemble, describe, mathematics
    from symact.limits import (
        MemoryLimitExceeded,
        TimeLimitExceeded,
        WorkerFailed,
        limit_reason,
        run_with_time_limit,
    )

    record = get(args.name)
    params = _parse_params(args.param)
    # formulas, kinks and notes first, in this process: bad parameters are
    # reported here; then the analysis in a worker killed at the time limit
    description = describe(record, properties=False, **params)
    problem = ""
    if not record.vector:
        try:
            facts = run_with_time_limit(mathematics, (record.name, params), args.timeout)
            description = assemble(record, params, **facts)
        except TimeLimitExceeded:
            problem = f"the analysis did not finish within {args.timeout:g} s"
        except MemoryLimitExceeded as failure:
            problem = f"the analysis reached its {limit_reason(failure)}"
        except WorkerFailed as failure:
            problem = f"the analysis failed: {failure.detail.splitlines()[0]}"
    if problem:
        print(f"symact: {record.name}: {_message(problem)}; properties left out", file=sys.stderr)
    if args.json:
        from symact.render.json import description_dict, dumps

        data = description_dict(description)
        if problem:
            data["analysis_problem"] = problem
        print(dumps(data))
    else:
        from symact.render.terminal import make_console, render_description

        render_description(description, make_console())
    return EXIT_OK


def _input_value(text: str, what: str, **assumptions: bool) -> Any:
    """A number (exact) or an identifier (a symbol), for ``--mean`` / ``--std``."""
    import re

    import sympy

    from symact.symbols import parse_number

    stripped = text.strip()
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,30}", stripped):
        return sympy.Symbol(stripped, **assumptions)
    return parse_number(stripped, what=what)


#: the whole of `symact stats` may take this many times its per-integral
#: --timeout (five moments, the symmetry argument, the derived constants)
STATS_BUDGET = 8


def _cmd_stats(args: argparse.Namespace) -> int:
    from symact.errors import SymactError
    from symact.limits import TimeLimitExceeded, WorkerFailed, limit_reason, run_with_time_limit
    from symact.statistics import stats

    keywords = {
        "mean": _input_value(args.mean, "--mean", real=True),
        "std": _input_value(args.std, "--std", positive=True),
        "seconds": args.timeout,
        **_parse_params(args.param),
    }
    total = STATS_BUDGET * args.timeout
    try:  # quadratures and all: in a worker, bounded as a whole
        result = run_with_time_limit(_stats_of, (stats, args.name, keywords), total, (SymactError,))
    except (TimeLimitExceeded, WorkerFailed) as failure:
        reason = limit_reason(failure, total)
        print(f"symact: stats {args.name}: unknown ({reason})", file=sys.stderr)
        return EXIT_UNKNOWN
    if args.json:
        from symact.render.json import dumps, stats_dict

        print(dumps(stats_dict(result)))
    else:
        from symact.render.terminal import make_console, render_stats

        render_stats(result, make_console())
    return EXIT_OK


def _stats_of(function: Callable[..., Any], name: str, keywords: dict[str, Any]) -> Any:
    """``function(name, **keywords)``, for a worker."""
    return function(name, **keywords)


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < seconds <= 86400:
        raise argparse.ArgumentTypeError(
            f"the time limit must be in (0, 86400] seconds, got {text}"
        )
    return seconds


def _cmd_check(args: argparse.Namespace) -> int:
    from symact.prover import check

    verdict = check(args.statement, assume=args.assume, timeout=args.timeout)
    if args.json:
        from symact.render.json import dumps, verdict_dict

        print(dumps(verdict_dict(verdict)))
    else:
        from symact.render.terminal import make_console, render_verdict

        render_verdict(verdict, make_console())
    return VERDICT_EXIT[verdict.verdict]


def _cmd_range(args: argparse.Namespace) -> int:
    from symact.errors import SymactError, printable
    from symact.limits import (
        MemoryLimitExceeded,
        TimeLimitExceeded,
        WorkerFailed,
        limit_reason,
        run_with_time_limit,
    )

    what = f"range of {printable(args.expression)}"
    try:
        # parsed in the worker too: building the expression can be costly
        report = run_with_time_limit(
            _range_of, (args.expression, tuple(args.assume)), args.timeout, (SymactError,)
        )
    except TimeLimitExceeded:
        print(f"symact: {what}: unknown (time limit of {args.timeout:g} s)", file=sys.stderr)
        return EXIT_UNKNOWN
    except MemoryLimitExceeded as failure:
        print(f"symact: {what}: unknown ({limit_reason(failure)})", file=sys.stderr)
        return EXIT_UNKNOWN
    except WorkerFailed as failure:
        print(f"symact: {what}: unknown ({limit_reason(failure)})", file=sys.stderr)
        return EXIT_UNKNOWN
    if args.json:
        from symact.render.json import dumps, range_dict

        print(dumps(range_dict(report, args.expression, tuple(args.assume))))
    else:
        from symact.render.terminal import make_console, render_range

        render_range(report, args.expression, make_console())
    return EXIT_OK


def _range_of(text: str, assume: tuple[str, ...]) -> Any:
    """The range report of the expression ``text`` (in a worker)."""
    from symact.analysis import range_report
    from symact.errors import ParameterError
    from symact.parser import parse_expression
    from symact.prover.assumptions import parse_assumptions

    expr = parse_expression(text)
    assumptions = parse_assumptions(assume)
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(free) > 1:
        names = ", ".join(map(str, free))
        raise ParameterError(f"range needs an expression in one variable, got {names}")
    if not free:
        return range_report(expr, None)
    return range_report(expr, free[0], assumptions.interval(free[0]))


def _cmd_compare(args: argparse.Namespace) -> int:
    from symact.analysis import analyze
    from symact.catalogue import get
    from symact.limits import (
        TimeLimitExceeded,
        WorkerFailed,
        limit_reason,
        run_many_with_time_limit,
    )

    records = [get(name) for name in args.names]
    outcomes = run_many_with_time_limit(
        analyze,
        [(record.name,) for record in records],
        args.timeout,
        args.jobs or os.cpu_count() or 1,
    )
    profiles = {}
    for record, outcome in zip(records, outcomes, strict=True):
        if isinstance(outcome, TimeLimitExceeded | WorkerFailed):
            reason = limit_reason(outcome, args.timeout)
            print(f"symact: compare: {record.name}: unknown, {reason}", file=sys.stderr)
        else:
            profiles[record.name] = outcome
    if len(profiles) < len(records):
        return EXIT_UNKNOWN
    if args.json:
        from symact.render.json import comparison_dict, dumps

        print(dumps(comparison_dict(profiles)))
    else:
        from symact.render.terminal import make_console, render_comparison

        render_comparison(profiles, make_console())
    return EXIT_OK


def _positive_jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of jobs, got {text!r}") from None
    if not 1 <= jobs <= 256:
        raise argparse.ArgumentTypeError(f"--jobs must be between 1 and 256, got {jobs}")
    return jobs


def _cmd_verify(args: argparse.Namespace) -> int:
    from symact.derivations import verify

    paths = args.paths or ["derivations"]
    if args.json:
        from symact.render.json import dumps, verification_dict

        try:
            results = verify(paths, jobs=args.jobs, timeout=args.timeout)
        except FileNotFoundError as error:
            print(f"symact: error: {_message(error)}", file=sys.stderr)
            return EXIT_USAGE
        print(dumps(verification_dict(results)))
    else:
        from symact.render.terminal import make_console, render_verification

        console = make_console()
        try:
            results = render_verification(
                lambda progress: verify(
                    paths, jobs=args.jobs, timeout=args.timeout, progress=progress
                ),
                console,
            )
        except FileNotFoundError as error:
            print(f"symact: error: {_message(error)}", file=sys.stderr)
            return EXIT_USAGE
    if not results:
        print("symact: error: no derivation files (*.toml) found", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK if all(r.ok for r in results) else EXIT_REFUTED


def _cmd_numcheck(args: argparse.Namespace) -> int:
    from symact.catalogue import get
    from symact.numeric.numcheck import numcheck

    names = [get(name).name for name in args.names] if args.names else None
    report = numcheck(names, against=args.against, points=args.points)
    if args.json:
        from symact.render.json import dumps, numcheck_dict

        print(dumps(numcheck_dict(report)))
    else:
        from symact.render.terminal import make_console, render_numcheck

        render_numcheck(report, make_console())
    worst = report.worst
    if worst is None:
        return EXIT_OK
    where = ", ".join(f"{v!r}" for v in worst.stats.worst_failure or ())
    print(
        f"symact: {worst.activation} {worst.quantity} ({worst.implementation}) misses its "
        f"tolerance at ({where}): {worst.stats.failure_detail}",
        file=sys.stderr,
    )
    return EXIT_REFUTED


def _cmd_sheet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from symact.catalogue import get
    from symact.outputs import atomic_write, check_output_path
    from symact.render.latex import render_sheet
    from symact.sheet import Cache, build_sheet, default_cache_dir

    names = [get(n.strip()).name for part in args.only for n in part.split(",") if n.strip()]
    output = Path(args.output)
    derivations = None if args.no_derivations else args.derivations
    inputs: list[Path] = []
    if derivations is not None and Path(derivations).exists():
        from symact.derivations import collect_files

        inputs = [Path(derivations), *collect_files([derivations])]
    check_output_path(output, inputs=inputs, create_parent=args.output == DEFAULT_SHEET)
    pdf = output.with_suffix(".pdf")
    if args.pdf:
        if output.suffix != ".tex":
            from symact.errors import ParameterError

            raise ParameterError(f"--pdf needs an output ending in .tex, got {output}")
        check_output_path(pdf, inputs=inputs)
    if derivations is not None and not Path(derivations).exists():
        if args.derivations != DEFAULT_DERIVATIONS:
            missing = _message(FileNotFoundError(f"no such file or directory: {derivations}"))
            print(f"symact: error: {missing}", file=sys.stderr)
            return EXIT_USAGE
        derivations = None  # outside a checkout: a sheet without identities and audit
    cache = Cache(None if args.no_cache else default_cache_dir())
    progress = (
        (lambda message: print(f"symact: {_message(message)}", file=sys.stderr))
        if args.verbose
        else None
    )
    sheet = build_sheet(
        names or None,
        derivations=derivations,
        title=args.title,
        cache=cache,
        jobs=args.jobs,
        timeout=args.timeout,
        progress=progress,
    )
    atomic_write(output, render_sheet(sheet), inputs=inputs)
    print(f"wrote {output} ({len(sheet.pages)} activations)")
    if args.pdf:
        from symact.typeset import typeset

        typeset(output, pdf)
        print(f"wrote {pdf}")
    return EXIT_OK


def _point_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of points, got {text!r}") from None
    if not 10 <= count <= 1_000_000:
        raise argparse.ArgumentTypeError(f"--points must be between 10 and 1000000, got {count}")
    return count


def _assume_option(command: argparse.ArgumentParser, help_text: str) -> None:
    command.add_argument(
        "--assume", "-a", action="append", default=[], metavar="RELATION", help=help_text
    )


def _worker_options(command: argparse.ArgumentParser, timeout_help: str) -> None:
    """``--jobs`` and ``--timeout`` for commands that run forked workers."""
    command.add_argument(
        "--jobs",
        "-j",
        type=_positive_jobs,
        default=None,
        metavar="N",
        help="worker processes at once (default: one per core)",
    )
    command.add_argument(
        "--timeout", type=_positive_seconds, default=60.0, metavar="S", help=timeout_help
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from symact import __version__

    parser = _Parser(
        prog="symact",
        description="A symbolic math and derivation checker for neural-network activations.",
    )
    parser.add_argument("--version", action="version", version=f"symact {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    listing = commands.add_parser(
        "list", help="the catalogue: names, aliases, families, parameters"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_cmd_list)

    show = commands.add_parser(
        "show", help="one activation: definition, derivatives, parameters, kinks"
    )
    show.add_argument("name", help="catalogue name or alias, e.g. sigmoid, leaky_relu, swish")
    show.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="parameter value, exact (0.01 is 1/100); repeatable",
    )
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=120.0,
        metavar="S",
        help="time limit of the analysis; past it the properties are left out (default 120)",
    )
    show.set_defaults(handler=_cmd_show)

    statistics = commands.add_parser(
        "stats",
        help="Gaussian moments, the initialisation gain beside PyTorch's, derived constants",
        description=(
            "E[f(z)], E[f(z)^2], Var f(z), E[f'(z)], E[f'(z)^2] for z ~ N(mean, std^2), "
            "exact where SymPy integrates them, otherwise numeric with 35 digits; the "
            "variance-preserving gain 1/sqrt(E[f(z)^2]) beside torch.nn.init.calculate_gain; "
            "SELU's constants and RReLU's evaluation slope derived."
        ),
    )
    statistics.add_argument("name", help="catalogue name or alias of a scalar activation")
    statistics.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="parameter value, exact (0.01 is 1/100); repeatable",
    )
    statistics.add_argument(
        "--mean", default="0", metavar="M", help="input mean: a number or a symbol name (default 0)"
    )
    statistics.add_argument(
        "--std",
        default="1",
        metavar="S",
        help="input standard deviation: a positive number or a symbol name (default 1)",
    )
    statistics.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=20.0,
        metavar="SECONDS",
        help="time SymPy gets for each exact integral before the numeric fallback (default 20);"
        " the whole command gets 8 times that",
    )
    statistics.add_argument("--json", action="store_true", help="print one JSON object")
    statistics.set_defaults(handler=_cmd_stats)

    check = commands.add_parser(
        "check",
        help="prove or refute a claim: exit 0 proven, 1 refuted, 3 unknown, 2 bad input",
        description=(
            "Decide a claim about activations: proven (with a certificate), refuted "
            "(with a counterexample verified at 50+ digits) or unknown (with the reason)."
        ),
    )
    check.add_argument("statement", help='e.g. "tanh(x) == 2*sigmoid(2*x) - 1"')
    _assume_option(check, 'an assumption such as "a > 0"; repeatable')
    check.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=20.0,
        metavar="S",
        help="time limit in seconds (default 20); past it the verdict is unknown",
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(handler=_cmd_check)

    ranges = commands.add_parser(
        "range", help="the exact range and extrema of an expression in one variable"
    )
    ranges.add_argument("expression", help='e.g. "diff(sigmoid(x), x)"')
    _assume_option(ranges, 'restrict the variable, e.g. "x >= 0"; repeatable')
    ranges.add_argument("--json", action="store_true", help="print one JSON object")
    ranges.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=120.0,
        metavar="S",
        help="give up after S seconds: exit 3, unknown (default 120)",
    )
    ranges.set_defaults(handler=_cmd_range)

    compare = commands.add_parser("compare", help="activations' properties side by side")
    compare.add_argument(
        "names", nargs="+", metavar="NAME", help="catalogue names (scalar activations)"
    )
    compare.add_argument("--json", action="store_true", help="print one JSON object")
    _worker_options(compare, "time limit per analysis: unknown and exit 3 past it (default 60)")
    compare.set_defaults(handler=_cmd_compare)

    verify = commands.add_parser(
        "verify",
        help="check a folder of claims and derivations: exit 0 when all meet expectations",
    )
    verify.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: derivations/)"
    )
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    _worker_options(verify, "time limit per entry in seconds (default 60)")
    verify.set_defaults(handler=_cmd_verify)

    numeric = commands.add_parser(
        "numcheck",
        help="symact's NumPy kernels (and PyTorch's) against exact values: exit 1 on a miss",
        description=(
            "For each activation, the worst relative and absolute error of f, f' and f'' "
            "from symact's NumPy kernels against mpmath references; with --against torch, "
            "also symact's float32 kernels and PyTorch's float64/float32 forward and "
            "autograd backward. Exit 1 when a symact kernel misses its tolerance."
        ),
    )
    numeric.add_argument("names", nargs="*", metavar="NAME", help="catalogue names (default: all)")
    numeric.add_argument(
        "--against",
        choices=("mpmath", "torch"),
        default="mpmath",
        help="mpmath: symact's kernels only; torch: PyTorch's too (needs symact[torch])",
    )
    numeric.add_argument(
        "--points",
        type=_point_count,
        default=1000,
        metavar="N",
        help="about N test points per activation (default 1000)",
    )
    numeric.add_argument("--json", action="store_true", help="print one JSON object")
    numeric.set_defaults(handler=_cmd_numcheck)

    sheet = commands.add_parser(
        "sheet",
        help="write the LaTeX reference sheet (and build its PDF with --pdf)",
        description=(
            "Write a LaTeX reference sheet of the catalogue: a summary table, one section per "
            "activation (formulas, parameters and framework defaults, kinks, properties, "
            "extrema, identities with their verdicts, a plot of f and f'), and the audit of "
            "the notes. Results are cached; a second run is fast."
        ),
    )
    sheet.add_argument(
        "-o",
        "--output",
        default=DEFAULT_SHEET,
        metavar="FILE.tex",
        help=f"where to write the .tex (default {DEFAULT_SHEET}); the PDF goes beside it",
    )
    sheet.add_argument(
        "--pdf", action="store_true", help="also build the PDF with latexmk or pdflatex"
    )
    sheet.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME,...",
        help="only these activations (comma-separated; repeatable)",
    )
    sheet.add_argument(
        "--derivations",
        default=DEFAULT_DERIVATIONS,
        metavar="PATH",
        help="derivation files for the identities and the audit (default derivations/)",
    )
    sheet.add_argument(
        "--no-derivations", action="store_true", help="leave out identities and the audit"
    )
    sheet.add_argument("--title", default=None, metavar="TEXT", help="the document's title")
    sheet.add_argument(
        "--no-cache", action="store_true", help="recompute everything, read and write no cache"
    )
    _worker_options(sheet, "time limit per analysis and per derivation entry (default 60)")
    sheet.add_argument("--verbose", "-v", action="store_true", help="report progress on stderr")
    sheet.set_defaults(handler=_cmd_sheet)
    return parser


def _message(error: Exception | str) -> str:
    """An error's (or a message's) text for the terminal: one printable line,
    except a LaTeX error, whose log excerpt follows on lines of their own."""
    from symact.errors import LatexError, printable

    if isinstance(error, LatexError):
        return "\n".join(printable(line) for line in str(error).splitlines())
    return printable(str(error))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    from symact.errors import SymactError

    try:
        return handler(args)
    except SymactError as error:
        if args.debug:
            raise
        print(f"symact: error: {_message(error)}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # e.g. `symact list | head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
