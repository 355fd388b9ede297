"""Fuzz symact's statement parser for as long as you like.

Property: any text given to ``parse_statement`` or ``parse_expression`` gives
SymPy objects or raises ``ParseError``; any other exception, a hang (an
example slower than ``--timeout``) or a call of SymPy's evaluating parser is
a failure. Inputs are random characters, a token grammar (identifiers,
catalogue names, numbers, operators, relations, dunder attributes,
keywords), an expression grammar, and random Python ``ast`` trees (allowed
and refused node kinds) turned into text with ``ast.unparse``. Nothing is
executed: the inputs only ever go to the parser.

Usage::

    python fuzz/fuzz_parser.py --seconds 3600      # or --examples N, FUZZ_EXAMPLES

Exits 0 when no failure was found, 1 on a failure (printed with the
reproducing input), 2 on a usage error. This module also holds the runner
``fuzz/fuzz_loader.py`` uses.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.*

import sympy
import sympy.parsing.sympy_parser
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.guards import time_limit
from tests.parser_inputs import (
    activation_calls,
    characters,
    check_parse,
    deep_texts,
    expressions,
    relations,
    token_texts,
    trees,
    unparse,
)

DEFAULT_EXAMPLES = 10_000_000

# -- the runner (shared with fuzz_loader.py) --------------------------------------


def refuse_string_parsing() -> None:
    """Make SymPy's evaluating string parser fail loudly if anything calls it,
    except from module-level code being imported (``sympy.simplify`` imports
    ``sympy.physics.units`` lazily, which sympifies its own constant strings)."""
    original = sympy.parsing.sympy_parser.parse_expr

    def refuse(*args: Any, **kwargs: Any) -> Any:
        stack = traceback.extract_stack()
        if any(frame.filename.startswith("<frozen importlib") for frame in stack):
            return original(*args, **kwargs)
        raise AssertionError("sympy's parse_expr was called: input may have been evaluated")

    sympy.parsing.sympy_parser.parse_expr = refuse


@dataclass(frozen=True)
class Property:
    """A named property: ``check`` must pass for every value of ``strategy``."""

    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


@dataclass
class _State:
    counts: dict[str, int] = field(default_factory=dict)
    last_failure: Any = None
    #: signatures of the failures found so far (skipped with --keep-going)
    known: set[str] = field(default_factory=set)
    keep_going: bool = False


def signature(error: BaseException) -> str:
    """A failure's identity: its type and the innermost symact frame (else the
    innermost frame), so that one bug found twice is reported once."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f"{os.sep}symact{os.sep}" in f.filename] or frames[-1:]
    where = f"{ours[-1].filename}:{ours[-1].lineno}" if ours else "?"
    return f"{type(error).__name__} at {where}"


def _arguments(argv: Sequence[str] | None, description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--examples",
        type=int,
        default=int(os.environ.get("FUZZ_EXAMPLES", DEFAULT_EXAMPLES)),
        help="examples per property (default: $FUZZ_EXAMPLES or %(default)s)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("FUZZ_SECONDS", 0)),
        help="stop after this many seconds (default: $FUZZ_SECONDS; 0: no time limit)",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds one example may take (default 30)"
    )
    parser.add_argument(
        "--batch", type=int, default=200, help="examples per hypothesis run (default 200)"
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="after a failure, go on looking for failures of other kinds (exit 1 at the end)",
    )
    args = parser.parse_args(argv)
    if args.examples <= 0 or args.seconds < 0 or args.batch <= 0:
        parser.error("--examples and --batch must be positive, --seconds not negative")
    return args


def _batch(prop: Property, examples: int, timeout: float, state: _State) -> Callable[[], None]:
    """One hypothesis run of ``prop``: random (not derandomized), no database;
    warnings are errors, as in the test suite."""

    @settings(
        max_examples=examples,
        derandomize=False,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(prop.strategy)
    def run(value: Any) -> None:
        state.counts[prop.name] = state.counts.get(prop.name, 0) + 1
        try:
            with time_limit(timeout), warnings.catch_warnings():
                warnings.simplefilter("error")
                prop.check(value)
        except Exception as error:
            if state.keep_going and signature(error) in state.known:
                return
            state.last_failure = value  # the last failure replayed is the shrunk one
            raise

    run.__name__ = f"fuzz_{prop.name}"
    return run


def fuzz(properties: Sequence[Property], argv: Sequence[str] | None, description: str) -> int:
    """Run ``properties`` in turns of ``--batch`` examples until ``--examples``
    each or ``--seconds`` in all; print progress and failures (the first, or
    with ``--keep-going`` one of each kind). Returns the exit status."""
    args = _arguments(argv, description)
    refuse_string_parsing()
    warnings.filterwarnings("ignore", message="Generating overly large repr")
    state = _State(keep_going=args.keep_going)
    start = time.monotonic()
    last_report = start
    stop = False

    def out_of_time() -> bool:
        return bool(args.seconds) and time.monotonic() - start >= args.seconds

    print(f"fuzzing {', '.join(p.name for p in properties)}", flush=True)
    while not stop and not out_of_time():
        pending = [p for p in properties if state.counts.get(p.name, 0) < args.examples]
        if not pending:
            break
        for prop in pending:
            examples = min(args.batch, args.examples - state.counts.get(prop.name, 0))
            try:
                _batch(prop, examples, args.timeout, state)()
            except KeyboardInterrupt:
                print("interrupted", flush=True)
                stop = True
            except Exception as error:
                state.known.add(signature(error))
                print(f"\nFAILURE in property {prop.name!r}: {type(error).__name__}: {error}")
                print(f"reproducing input: {state.last_failure!r}")
                print(f"failure kind: {signature(error)}")
                traceback.print_exception(error)
                sys.stdout.flush()
                stop = not args.keep_going
            if stop or out_of_time():
                break
        if not stop and time.monotonic() - last_report >= 10:
            _progress(state, start)
            last_report = time.monotonic()
    _progress(state, start)
    if state.known:
        print(f"{len(state.known)} kind(s) of failure found:", *sorted(state.known), sep="\n  ")
        return 1
    print("no failure found", flush=True)
    return 130 if stop else 0


def _progress(state: _State, start: float) -> None:
    elapsed = max(time.monotonic() - start, 1e-9)
    total = sum(state.counts.values())
    per = ", ".join(f"{name} {count}" for name, count in state.counts.items())
    print(f"[{elapsed:7.0f} s] {total} examples ({total / elapsed:.0f}/s): {per}", flush=True)


PROPERTIES = [
    Property("characters", characters, check_parse),
    Property("tokens", token_texts, check_parse),
    Property("grammar", st.one_of(expressions, relations, deep_texts), check_parse),
    Property("activations", activation_calls(), check_parse),
    Property("ast", trees.map(unparse), check_parse),
]


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz the parser; the exit status says whether a failure was found."""
    return fuzz(PROPERTIES, argv, "Fuzz symact's statement parser (hypothesis).")


if __name__ == "__main__":
    sys.exit(main())
