"""Issue 9: hostile and malformed input, attacked through every entry point.

Every command runs as a subprocess (``python -m symact``) in a scratch folder.
The contract each case asserts:

* exit code 2 for bad input (one printable line on stderr, ``symact: error:
  ...``, with the column for a statement that does not parse); 3 for
  ``unknown`` (time or memory limit); ``symact verify`` reports a malformed
  file with its name (and line), checks the other files, and exits 1;
* no ``Traceback`` anywhere, whatever the input;
* bounded wall time;
* nothing a payload tries to run runs: the marker file it would create does
  not exist afterwards.

The many quick refusals run once per module, a few at a time (the ``batch``
fixture); resource bombs, derivation folders and output paths run one by one.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sympy

import symact
from symact.errors import ParseError

#: payloads spell the file they would create MARKER; each run substitutes its own path
MARKER = "MARKER"
#: wall-time bound of an ordinary command
BOUND = 60.0
#: wall-time bound of a command run with ``--timeout 3`` (start-up included)
BOMB_BOUND = 15.0
BOMB_TIMEOUT = "3"
#: quick refusals run this many at a time
WORKERS = max(1, min(4, os.cpu_count() or 1))


# -- running symact --------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One finished ``symact`` subprocess (``timed_out``: killed at the bound)."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float
    timed_out: bool = False


def _limit_address_space(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def symact_run(
    cwd: Path,
    *args: str,
    timeout: float = BOUND,
    env: dict[str, str] | None = None,
    address_space: int | None = None,
) -> Run:
    """``python -m symact ARGS`` in ``cwd``; its whole process group is killed
    if it is still running after ``timeout`` seconds."""
    environment = {
        **os.environ,
        "COLUMNS": "100",
        "SYMACT_CACHE_DIR": str(cwd / ".symact-cache"),
        **(env or {}),
    }
    started = time.monotonic()
    timed_out = False
    with subprocess.Popen(
        [sys.executable, "-m", "symact", *args],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
        preexec_fn=None if address_space is None else _limit_address_space(address_space),
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            timed_out = True
    seconds = time.monotonic() - started
    return Run(tuple(args), process.returncode, out, err, seconds, timed_out)


def arm(payload: str, marker: Path) -> str:
    """The payload aimed at ``marker``."""
    return payload.replace(MARKER, str(marker))


def _shown(args: tuple[str, ...]) -> str:
    return " ".join(repr(a) if len(a) < 80 else repr(a[:77] + "...") for a in args)


def assert_clean(run: Run, marker: Path | None = None, bound: float = BOUND) -> None:
    """Finished in time, no traceback, and the marker was not created."""
    assert not run.timed_out, f"symact {_shown(run.args)} still running after {run.seconds:.0f} s"
    assert "Traceback" not in run.out, run.out[-2000:]
    assert "Traceback" not in run.err, run.err[-2000:]
    assert run.seconds < bound, f"took {run.seconds:.1f} s"
    if marker is not None:
        assert not marker.exists(), "the payload ran"
        assert not list(marker.parent.rglob(marker.name)), "the payload ran"


def assert_one_line_error(run: Run, *, column: bool = True, code: int = 2) -> str:
    """Exit ``code``, nothing on stdout, and exactly one printable line on
    stderr, ``symact: error: ...`` (with the column, for a parse error)."""
    assert run.code == code, (run.code, run.err[-1000:])
    assert run.out == "", run.out[-1000:]
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err[-1000:]
    line = lines[0]
    assert line.startswith("symact: error:"), line
    assert line.isprintable(), repr(line)
    if column:
        assert "column" in line, line
    return line


def verify_json(run: Run) -> list[dict[str, Any]]:
    """The results of ``symact verify --json``."""
    data = json.loads(run.out)
    results: list[dict[str, Any]] = data["results"]
    return results


def of_file(results: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in results if Path(r["file"]).name == name]


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    """Where a payload would leave its mark."""
    return tmp_path / "PWNED"


# -- payloads ----------------------------------------------------------------------------------

#: statements that try to run code through a Python construct: refused, exit 2, with the column
CODE_PAYLOADS = [
    "sigmoid(x).__class__ == 1",
    "x.__class__.__mro__[1].__subclasses__() == 0",
    "__import__('os').system('touch MARKER') == 0",
    "eval(\"__import__('os').system('touch MARKER')\") == 0",
    "exec(\"open('MARKER', 'w')\") == 0",
    "open('MARKER', 'w') == 0",
    "(lambda: open('MARKER', 'w'))() == 0",
    "lambda: 0",
    "[open('MARKER', 'w') for k in (1,)] == 0",
    "{open('MARKER', 'w') for k in (1,)} == 0",
    "{k: open('MARKER', 'w') for k in (1,)} == 0",
    "max(open('MARKER', 'w') for k in (1,)) == 0",
    'f\'{open("MARKER", "w")}\' == 0',
    "'MARKER' == 0",
    "b'MARKER' == 0",
    "x[0] == 0",
    "max(*[x, 1]) == 0",
    "elu(x, **{'alpha': 2}) == 0",
    "(y := open('MARKER', 'w')) == 0",
    "(1 if open('MARKER', 'w') else 2) == 0",
    "(yield x) == 0",
    "(await x) == 0",
    "import os",
    "def f(): pass",
    "class A: pass",
    "x > 0; __import__('os').system('touch MARKER')",
    "x > 0\n__import__('os').system('touch MARKER')",
    "@open('MARKER', 'w')\ndef f(): pass",
    "__builtins__ == 0",
    "__class__ > 0",
    "getattr(x, '__class__') == 0",
    "sympify(\"open('MARKER', 'w')\") == 0",
    "Symbol('x') == 0",
    "S('x') == 0",
    "\\x5f_import__('os') == 0",
    "\\u005f_import__('os') == 0",
    "_ > 0",
    "globals() == 0",
    "breakpoint() == 0",
    "x and open('MARKER', 'w')",
    "not x",
    "x is None",
    "x in y",
    "x @ y == 0",
    "~x == 0",
    "... == 0",
    "None == 0",
    "1j == 0",
    "sigmoid(x)(1) == 0",
]

#: checked through the Python API only (the command line gets the rest: start-up costs)
API_ONLY = {
    "{open('MARKER', 'w') for k in (1,)} == 0",
    "{k: open('MARKER', 'w') for k in (1,)} == 0",
    "class A: pass",
    "Symbol('x') == 0",
    "\\u005f_import__('os') == 0",
    "globals() == 0",
    "breakpoint() == 0",
    "x in y",
    "x @ y == 0",
    "~x == 0",
    "... == 0",
    "None == 0",
    "1j == 0",
    "sigmoid(x)(1) == 0",
}
CLI_CODE_PAYLOADS = [p for p in CODE_PAYLOADS if p not in API_ONLY]

#: malformed text: refused, exit 2, with the column
MALFORMED_PAYLOADS = [
    pytest.param("\uff58 > 0", id="fullwidth-x"),
    pytest.param("\uff45\uff58\uff50(x) > 0", id="fullwidth-exp-nfkc"),
    pytest.param("x\u200b > 0", id="zero-width-space"),
    pytest.param("x\u202e > 0", id="right-to-left-override"),
    pytest.param("x\u00b2 > 0", id="superscript-two"),
    pytest.param("x > 0\x1b[2J", id="escape-sequence"),
    pytest.param("x\r > 0", id="carriage-return"),
    pytest.param("x\x7f > 0", id="delete"),
    pytest.param("(" * 500 + "x" + ")" * 500 + " > 0", id="500-parentheses"),
    pytest.param("-" * 500 + "x > 0", id="500-unary-minus"),
    pytest.param("max(" + ", ".join(["x"] * 500) + ") > 0", id="500-arguments"),
    pytest.param("sigmoid(" * 150 + "x" + ")" * 150 + " > 0", id="150-calls"),
    pytest.param("1" * 150 + " > 0", id="150-digit-integer"),
    pytest.param("1e999999 > 0", id="1e999999"),
    pytest.param("9**9**9 > 0", id="9**9**9"),
    pytest.param("2**2**2**2**2 > 0", id="2**2**2**2**2"),
    pytest.param("(x+1)**100000 >= 0", id="exponent-100000"),
    pytest.param("diff(x, x, 1000) == 0", id="diff-order-1000"),
    pytest.param("x**(1/0) > 0", id="division-by-zero"),
    pytest.param("oo**oo > 0", id="infinite-exponent"),
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
]

#: too long to point into: refused, exit 2, one line (no column required)
TOO_LONG_PAYLOADS = [
    pytest.param("x" * 2001 + " > 0", id="2001-letters"),
    pytest.param("x + " * 600 + "x > 0", id="2400-characters"),
    pytest.param("1" + "0" * 100000 + " > 0", id="10**100000-in-digits"),
]

ASSUMPTION_PAYLOADS = [
    "x.__class__ > 0",
    "__import__('os').system('touch MARKER') > 0",
    "x > open('MARKER', 'w')",
    "x > 0; __import__('os').system('touch MARKER')",
    "x",
    "0 < x < 1e999999",
    "\uff58 > 0",
]

RANGE_PAYLOADS = [
    "x.__class__",
    "__import__('os').system('touch MARKER')",
    "open('MARKER', 'w')",
    "[x for x in (1,)]",
    "(" * 500 + "x" + ")" * 500,
    "9**9**9",
    "\uff58",
]

#: --param / -p values: integers, decimals, 1e-3 and p/q only, in ASCII
HOSTILE_PARAMETERS = [
    pytest.param("alpha=__import__('os').system('touch MARKER')", id="import"),
    pytest.param("alpha=open('MARKER', 'w')", id="open"),
    pytest.param("alpha=x.__class__", id="attribute"),
    pytest.param("alpha=2; touch MARKER", id="shell"),
    pytest.param("alpha=1e999999", id="1e999999"),
    pytest.param("alpha=1/0", id="division-by-zero"),
    pytest.param("alpha=nan", id="nan"),
    pytest.param("alpha=0x10", id="hex"),
    pytest.param("alpha=" + "9" * 5000, id="5000-digits"),
    pytest.param("alpha=\uff12", id="fullwidth-digit"),
    pytest.param("alpha=\u0663", id="arabic-indic-digit"),
    pytest.param("__class__=1", id="dunder-name"),
    pytest.param("alpha", id="no-equals"),
]
STATS_PARAMETERS = [
    pytest.param(p.values[0].replace("alpha", "negative_slope", 1), id=p.id)
    for p in HOSTILE_PARAMETERS
    if p.id in {"import", "shell", "1e999999", "fullwidth-digit"}
]
STATS_OPTIONS = [
    pytest.param(("--mean", "__import__('os').system('touch MARKER')"), id="mean-import"),
    pytest.param(("--mean", "x.__class__"), id="mean-attribute"),
    pytest.param(("--std", "\u0661"), id="std-arabic-indic-digit"),
    pytest.param(("--std", "1e999999"), id="std-1e999999"),
]
SHOW_NAMES = [
    "__import__('os').system('touch MARKER')",
    "../../etc/passwd",
    "[/]",
    "sig\nmoid",
    "\uff53\uff49\uff47\uff4d\uff4f\uff49\uff44",
]
MISSING_PATHS = ["missing.toml", "no\nsuch\x1b[31m.toml"]


def _values(items: list[Any]) -> list[Any]:
    return [getattr(item, "values", (item,))[0] for item in items]


#: the quick refusals, run by the ``batch`` fixture: key -> argv (MARKER not yet armed)
BATCH: dict[tuple[str, Any], tuple[str, ...]] = {
    **{
        ("check", p): ("check", p, "--timeout", "5")
        for p in [*CLI_CODE_PAYLOADS, *_values(MALFORMED_PAYLOADS), *_values(TOO_LONG_PAYLOADS)]
    },
    **{
        ("assume", p): ("check", "sigmoid(x) > 0", "--assume", p, "--timeout", "5")
        for p in ASSUMPTION_PAYLOADS
    },
    **{("range", p): ("range", p, "--timeout", "5") for p in RANGE_PAYLOADS},
    **{
        ("show-param", p): ("show", "elu", "--param", p, "--timeout", "5")
        for p in _values(HOSTILE_PARAMETERS)
    },
    **{
        ("stats-param", p): ("stats", "leaky_relu", "-p", p, "--timeout", "3")
        for p in _values(STATS_PARAMETERS)
    },
    **{
        ("stats-option", o): ("stats", "relu", *o, "--timeout", "3") for o in _values(STATS_OPTIONS)
    },
    **{("show-name", n): ("show", n) for n in SHOW_NAMES},
    **{("verify-missing", p): ("verify", p, "--timeout", "20") for p in MISSING_PATHS},
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, Any], tuple[Run, Path]]:
    """Every quick refusal, each in its own folder with its own marker, a few at a time."""
    root = tmp_path_factory.mktemp("batch")

    def one(item: tuple[int, tuple[tuple[str, Any], tuple[str, ...]]]) -> tuple[Any, Any]:
        index, (key, argv) = item
        folder = root / f"case{index}"
        folder.mkdir()
        marker = folder / "PWNED"
        return key, (symact_run(folder, *(arm(a, marker) for a in argv)), marker)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return dict(pool.map(one, enumerate(BATCH.items())))


Batch = dict[tuple[str, Any], tuple[Run, Path]]


# -- the Python API ----------------------------------------------------------------------------


@pytest.fixture
def no_string_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may reach SymPy's string parser (which calls eval)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("sympy's parse_expr was called")

    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse)


@pytest.mark.usefixtures("no_string_parsing")
def test_api_check_refuses_attribute_access(marker: Path) -> None:
    """symact.check: an attribute chain is a ParseError (a ValueError), never evaluated."""
    with pytest.raises(ParseError) as caught:
        symact.check("sigmoid(x).__class__ == 1")
    assert isinstance(caught.value, ValueError)
    assert caught.value.column is not None
    assert not marker.exists()


@pytest.mark.usefixtures("no_string_parsing")
@pytest.mark.parametrize(
    "payload",
    [
        "__import__('os').system('touch MARKER') > 0",
        "open('MARKER', 'w') == 0",
        "x > 0; open('MARKER', 'w')",
    ],
)
def test_api_check_refuses_code(payload: str, marker: Path) -> None:
    """symact.check, statement and assumption: code is a ParseError, never run."""
    with pytest.raises(ParseError):
        symact.check(arm(payload, marker))
    with pytest.raises(ParseError):
        symact.check("sigmoid(x) > 0", assume=[arm(payload, marker)])
    assert not marker.exists()


@pytest.mark.usefixtures("no_string_parsing")
@pytest.mark.parametrize(
    "payload",
    [*CODE_PAYLOADS, *MALFORMED_PAYLOADS, *TOO_LONG_PAYLOADS, *ASSUMPTION_PAYLOADS[:4]],
)
def test_api_parse_refuses(payload: str, marker: Path) -> None:
    """symact.parse refuses every payload with a one-line ParseError and runs none of it."""
    started = time.monotonic()
    with pytest.raises(ParseError) as caught:
        symact.parse(arm(payload, marker))
    assert isinstance(caught.value, ValueError)
    assert "\n" not in str(caught.value)
    assert time.monotonic() - started < 10
    assert not marker.exists()


@pytest.mark.parametrize("payload", [b"x > 0", None, 3, ["x > 0"]])
def test_api_parse_refuses_non_text(payload: object) -> None:
    """symact.parse of something that is not a str: a ParseError, not a TypeError."""
    with pytest.raises(ParseError):
        symact.parse(payload)  # type: ignore[arg-type]


@pytest.mark.usefixtures("no_string_parsing")
def test_api_parse_caret_is_a_power() -> None:
    """``^`` is documented as a power with a power's precedence, not an error."""
    assert symact.parse("x^2") == symact.parse("x**2")
    assert symact.parse("x^2 + 1") == symact.parse("x**2 + 1")
    assert symact.parse("x__y > 0") == sympy.Gt(sympy.Symbol("x__y", real=True), 0)


@pytest.mark.usefixtures("no_string_parsing")
def test_api_parse_token_soup() -> None:
    """Random soups of Python tokens: symact.parse returns or raises ParseError, nothing else."""
    tokens = [
        *("x", "y", "_", "__class__", "sigmoid", "elu", "max", "exp", "oo", "pi", "E"),
        *("0", "1", "2.5", "1e3", "1e999", "9", "99999"),
        *("+", "-", "*", "/", "**", "^", "%", "//", "@", "~", "&", "|", "<<"),
        *("==", "<", "<=", ">=", "!=", "=", ":=", "is", "in", "not", "and", "if", "else"),
        *("(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "'", '"', "\\", "#", "lambda"),
        *(" ", "\t", "alpha=", "**{}", "*[]", "yield", "await", "f'", "b'"),
    ]
    rng = random.Random(9)
    started = time.monotonic()
    for _ in range(400):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 14)))
        try:
            result = symact.parse(text)
        except ParseError:
            continue
        assert isinstance(result, sympy.Basic), text
    assert time.monotonic() - started < 30


# -- symact check / range / show / stats: quick refusals ---------------------------------------


@pytest.mark.parametrize("payload", CLI_CODE_PAYLOADS)
def test_check_refuses_code(batch: Batch, payload: str) -> None:
    """symact check STATEMENT: every Python construct is refused in one line, never run."""
    run, marker = batch["check", payload]
    assert_clean(run, marker)
    assert_one_line_error(run)


@pytest.mark.parametrize("payload", MALFORMED_PAYLOADS)
def test_check_refuses_malformed_text(batch: Batch, payload: str) -> None:
    """symact check: odd characters, nesting, size and number bombs: one line, exit 2."""
    run, marker = batch["check", payload]
    assert_clean(run, marker)
    assert_one_line_error(run)


@pytest.mark.parametrize("payload", TOO_LONG_PAYLOADS)
def test_check_refuses_long_text(batch: Batch, payload: str) -> None:
    """symact check: a statement over the length limit is refused in one short line."""
    run, marker = batch["check", payload]
    assert_clean(run, marker)
    line = assert_one_line_error(run, column=False)
    assert len(line) < 1000


@pytest.mark.parametrize("payload", ASSUMPTION_PAYLOADS)
def test_check_refuses_hostile_assumption(batch: Batch, payload: str) -> None:
    """symact check ... --assume PAYLOAD: refused in one line with the column, never run."""
    run, marker = batch["assume", payload]
    assert_clean(run, marker)
    assert_one_line_error(run)


@pytest.mark.parametrize("payload", RANGE_PAYLOADS)
def test_range_refuses_hostile_expression(batch: Batch, payload: str) -> None:
    """symact range EXPR: refused in one line with the column, never run."""
    run, marker = batch["range", payload]
    assert_clean(run, marker)
    assert_one_line_error(run)


@pytest.mark.parametrize("param", HOSTILE_PARAMETERS)
def test_show_refuses_hostile_parameter(batch: Batch, param: str) -> None:
    """symact show NAME --param k=VALUE: integers, decimals, 1e-3, p/q only (ASCII); else exit 2."""
    run, marker = batch["show-param", param]
    assert_clean(run, marker)
    assert_one_line_error(run, column=False)


@pytest.mark.parametrize("param", STATS_PARAMETERS)
def test_stats_refuses_hostile_parameter(batch: Batch, param: str) -> None:
    """symact stats NAME -p k=VALUE: the same number syntax as show; else exit 2."""
    run, marker = batch["stats-param", param]
    assert_clean(run, marker)
    assert_one_line_error(run, column=False)


@pytest.mark.parametrize("option", STATS_OPTIONS)
def test_stats_refuses_hostile_mean_or_std(batch: Batch, option: tuple[str, str]) -> None:
    """symact stats --mean/--std: a number (ASCII) or an ASCII symbol name; else exit 2."""
    run, marker = batch["stats-option", option]
    assert_clean(run, marker)
    assert_one_line_error(run, column=False)


@pytest.mark.parametrize("name", SHOW_NAMES)
def test_show_refuses_hostile_name(batch: Batch, name: str) -> None:
    """symact show NAME: an unknown name is one printable line, exit 2."""
    run, marker = batch["show-name", name]
    assert_clean(run, marker)
    assert_one_line_error(run, column=False)


@pytest.mark.parametrize("path", MISSING_PATHS)
def test_verify_missing_path(batch: Batch, path: str) -> None:
    """symact verify PATH that does not exist: exit 2, one printable line."""
    run, marker = batch["verify-missing", path]
    assert_clean(run, marker)
    assert_one_line_error(run, column=False)


def test_check_caret_is_a_power(tmp_path: Path) -> None:
    """``x^2`` is accepted and means x**2 (documented), and x__y is an ordinary variable."""
    run = symact_run(tmp_path, "check", "x^2 == x**2", "--json", "--timeout", "20")
    assert_clean(run)
    assert run.code == 0, run.err
    assert json.loads(run.out)["verdict"] == "proven"
    run = symact_run(tmp_path, "check", "x__y^2 >= 0", "--json", "--timeout", "20")
    assert_clean(run)
    assert run.code == 0, run.err


def test_range_caret_is_a_power(tmp_path: Path) -> None:
    """symact range "x^2" is the range of x**2."""
    run = symact_run(tmp_path, "range", "x^2", "--json", "--timeout", "30")
    assert_clean(run)
    assert run.code == 0, run.err
    assert json.loads(run.out)["range"] == "[0, oo)"


# -- resource bombs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("sigmoid(exp(exp(exp(3)))) > 0", id="tower-of-exp"),
        pytest.param("(x+1)**1000 >= 0", id="power-1000"),
        pytest.param("diff(gelu(x), x, 10) <= 100", id="tenth-derivative"),
        pytest.param(
            "relu(x)*abs(x-1)*max(x, 2)*relu(x-3)*abs(x+4)*max(x, 5)*relu(x-6)*abs(x-7) >= 0",
            id="many-kinks",
        ),
        pytest.param(
            "diff(mish(x)*gelu(x)*selu(x)*elu(x)*softplus(x), x, 10) > 0",
            id="derivative-of-a-product",
        ),
    ],
)
def test_check_bomb_is_bounded(tmp_path: Path, statement: str) -> None:
    """symact check --timeout 3 on costly statements: an answer or unknown (exit 3), in time.
    (The limit covers all the work, parsing included: diff() is computed while parsing.)"""
    run = symact_run(tmp_path, "check", statement, "--timeout", BOMB_TIMEOUT, timeout=BOMB_BOUND)
    assert_clean(run, bound=BOMB_BOUND)
    assert run.code in (0, 1, 2, 3), (run.code, run.err)
    if run.code == 2:  # only for the parser's documented size limits
        assert "too large" in run.err, run.err
    assert len(run.err.splitlines()) <= 1, run.err


def test_check_memory_bomb_is_unknown(tmp_path: Path) -> None:
    """An expansion past the memory budget is unknown with reason memory limit, exit 3."""
    run = symact_run(
        tmp_path,
        "check",
        "(a+b+c+d+e+f+g+h)**1000 > 0",
        "--json",
        "--timeout",
        "10",
        env={"SYMACT_MEMORY_LIMIT": "256"},
        timeout=30,
    )
    assert_clean(run, bound=30)
    assert run.code == 3, run.err
    data = json.loads(run.out)
    assert data["verdict"] == "unknown"
    assert "memory" in data["reason"] or "time" in data["reason"], data["reason"]


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("sin(exp(exp(x)))", id="oscillating-tower"),
        pytest.param("x**1000 - x**999", id="power-1000"),
        pytest.param("diff(diff(mish(gelu(x)), x, 10), x, 10)", id="twentieth-derivative"),
    ],
)
def test_range_bomb_is_bounded(tmp_path: Path, expression: str) -> None:
    """symact range --timeout 3: a range or unknown (exit 3, one line on stderr), in time."""
    run = symact_run(tmp_path, "range", expression, "--timeout", BOMB_TIMEOUT, timeout=BOMB_BOUND)
    assert_clean(run, bound=BOMB_BOUND)
    assert run.code in (0, 2, 3), (run.code, run.err)
    if run.code == 2:  # only for the parser's documented size limits
        assert "too large" in run.err, run.err
    assert len(run.err.splitlines()) <= (0 if run.code == 0 else 1), run.err


# -- derivation files: hostile text in every field ---------------------------------------------

GOOD = '[[claim]]\nname = "good claim"\nstatement = "sigmoid(x) > 0"\n'


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text)


def claim(**fields: str) -> str:
    body = "".join(f"{key} = {value}\n" for key, value in fields.items())
    return f'[[claim]]\nname = "hostile"\n{body}'


IMPORT = toml_string("__import__('os').system('touch MARKER')")
OPEN = toml_string("open('MARKER', 'w')")

#: (file text, "error": the entry is reported as unusable | "inert": checked, text not run)
FIELD_CASES = {
    "statement": (
        claim(statement=toml_string("__import__('os').system('touch MARKER') == 0")),
        "error",
    ),
    "statement-attribute": (claim(statement=toml_string("sigmoid(x).__class__ == 1")), "error"),
    "range": (claim(range=OPEN, equals='"[0, 1]"'), "error"),
    "range-equals": (
        claim(range='"sigmoid(x)"', equals=toml_string("[0, open('MARKER', 'w')]")),
        "error",
    ),
    "range-equals-set": (claim(range='"sigmoid(x)"', equals='"{x.__class__}"'), "error"),
    "expectation": (claim(expectation=IMPORT, over='"z ~ N(0, 1)"', equals='"1"'), "error"),
    "over": (
        claim(
            expectation='"relu(z)"',
            over=toml_string("z ~ N(__import__('os').system('touch MARKER'), 1)"),
            equals='"1/2"',
        ),
        "error",
    ),
    "expectation-equals": (
        claim(expectation='"relu(z)"', over='"z ~ N(0, 1)"', equals=OPEN),
        "error",
    ),
    "assume": (
        claim(statement='"x > 0"', assume=f"[{toml_string('x > open(' + repr(MARKER) + ')')}]"),
        "error",
    ),
    "expect": (claim(statement='"x == x"', expect=IMPORT), "error"),
    "corrects": (claim(statement='"x == x"', corrects=IMPORT), "error"),
    "steps": (
        f'[[derivation]]\nname = "hostile"\nsteps = ["sigmoid(x)", {IMPORT}]\n',
        "error",
    ),
    "derivation-assume": (
        '[[derivation]]\nname = "hostile"\nsteps = ["x", "x"]\n'
        f"assume = [{toml_string('x > 0; open(' + repr(MARKER) + ')')}]\n",
        "error",
    ),
    "name": (
        f'[[claim]]\nname = {IMPORT}\nstatement = "x == x"\n',
        "inert",
    ),
    "note": (
        claim(
            statement='"x == x"',
            note=toml_string("$(touch MARKER) {{7*7}} __import__('os').system('touch MARKER')"),
        ),
        "inert",
    ),
    "title": (f"title = {IMPORT}\n" + claim(statement='"x == x"'), "inert"),
    "source": (f"source = {IMPORT}\n" + claim(statement='"x == x"'), "inert"),
}


@pytest.fixture(scope="module")
def field_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """One ``symact verify --json`` over a folder with one file per hostile field
    and a good file."""
    folder = tmp_path_factory.mktemp("fields")
    derivations = folder / "derivations"
    derivations.mkdir()
    marker = folder / "PWNED"
    for case, (text, _) in FIELD_CASES.items():
        (derivations / f"{case}.toml").write_text(arm(text, marker), encoding="utf-8")
    (derivations / "good.toml").write_text(GOOD, encoding="utf-8")
    run = symact_run(folder, "verify", "derivations", "--json", "--timeout", "20")
    return folder, run


def test_verify_fields_run_is_clean(field_run: tuple[Path, Run]) -> None:
    """The hostile-field folder: no traceback, exit 1, the good file still checked and ok."""
    folder, run = field_run
    assert_clean(run, folder / "PWNED")
    assert run.code == 1, run.err
    assert run.err == ""
    (good,) = of_file(verify_json(run), "good.toml")
    assert good["ok"] is True


@pytest.mark.parametrize("case", FIELD_CASES)
def test_verify_hostile_field(field_run: tuple[Path, Run], case: str) -> None:
    """symact verify: code in any field of a derivation file is reported (or is inert
    text), with the file and the entry's line, and never run."""
    folder, run = field_run
    assert_clean(run, folder / "PWNED")
    text, outcome = FIELD_CASES[case]
    results = of_file(verify_json(run), f"{case}.toml")
    assert len(results) == 1, results
    (result,) = results
    header = next(n for n, line in enumerate(text.splitlines(), start=1) if line.startswith("[["))
    assert result["line"] == header
    if outcome == "error":
        assert result["kind"] == "error"
        assert result["ok"] is False
        assert result["message"]
    else:
        assert result["ok"] is True, result


def test_verify_markup_in_entry_name(tmp_path: Path) -> None:
    """symact verify (table output): rich markup in an entry's name is shown as text,
    never interpreted (``[/]`` must not crash the table, ``[bold]`` must not vanish)."""
    derivations = tmp_path / "derivations"
    derivations.mkdir()
    (derivations / "markup.toml").write_text(
        '[[claim]]\nname = "[/] closing"\nstatement = "x == x"\n'
        '[[claim]]\nname = "[bold]shown[/bold]"\nstatement = "x.y == x"\n',
        encoding="utf-8",
    )
    (derivations / "good.toml").write_text(GOOD, encoding="utf-8")
    run = symact_run(tmp_path, "verify", "derivations", "--timeout", "20")
    assert_clean(run)
    assert run.code == 1, run.err
    assert "[/] closing" in run.out
    assert "[bold]shown[/bold]" in run.out
    assert "good claim" in run.out


# -- derivation files: malformed files ---------------------------------------------------------

FINE = '[[claim]]\nname = "fine"\nstatement = "x == x"\n'

#: file name -> (content, the line the report gives or None, a fragment of its message)
MALFORMED_FILES: dict[str, tuple[str | bytes, int | None, str]] = {
    "toml-syntax": ('[[claim]]\nname = "unclosed\nstatement = "x == x"\n', 2, "TOML"),
    "duplicate-key": ('[[claim]]\nname = "a"\nname = "b"\nstatement = "x == x"\n', 3, "TOML"),
    "bom": ("\ufeff" + FINE, 1, "byte-order mark"),
    "invalid-utf8": (b'[[claim]]\nname = "\xff\xfe"\nstatement = "x == x"\n', None, "UTF-8"),
    "nested-arrays": ("x = " + "[" * 2000 + "]" * 2000 + "\n" + FINE, None, "nested"),
    "nested-tables": ("x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n" + FINE, None, "nested"),
    "unknown-top-key": ("exec = \"__import__('os')\"\n" + FINE, None, "exec"),
    "unknown-entry-key": (FINE + 'run = "x"\n', 1, "run"),
    "statement-int": ('[[claim]]\nname = "s"\nstatement = 3\n', 1, "string"),
    "name-int": ('[[claim]]\nname = 3\nstatement = "x == x"\n', 1, "string"),
    "equals-nan": ('[[claim]]\nname = "e"\nrange = "sigmoid(x)"\nequals = nan\n', 1, "string"),
    "equals-inf": ('[[claim]]\nname = "e"\nrange = "sigmoid(x)"\nequals = -inf\n', 1, "string"),
    "equals-interval-nan": (
        '[[claim]]\nname = "e"\nrange = "sigmoid(x)"\nequals = "[nan, inf]"\n',
        1,
        "real numbers",
    ),
    "expectation-equals-inf": (
        '[[claim]]\nname = "e"\nexpectation = "relu(z)"\nover = "z ~ N(0, 1)"\nequals = inf\n',
        1,
        "string",
    ),
    "assume-nan": ('[[claim]]\nname = "a"\nstatement = "x > 0"\nassume = [nan]\n', 1, "assume"),
    "assume-inf-interval": (
        '[[claim]]\nname = "a"\nrange = "x"\nequals = "(0, 1)"\nassume = ["0 < x < 1e999999"]\n',
        1,
        "exponent",
    ),
    "nul-escaped": ('[[claim]]\nname = "n"\nstatement = "x\\u0000 == x"\n', 1, "U+0000"),
    "nul-raw": (b'[[claim]]\nname = "n"\nstatement = "x\x00 == x"\n', None, "TOML"),
    "right-to-left": ('[[claim]]\nname = "r"\nstatement = "x\\u202e == x"\n', 1, "U+202E"),
    "zero-width": ('[[claim]]\nname = "z"\nstatement = "x\\u200b == x"\n', 1, "U+200B"),
    "fullwidth": ('[[claim]]\nname = "f"\nstatement = "\\uff58 == x"\n', 1, "U+FF58"),
    "long-statement": (f'[[claim]]\nname = "l"\nstatement = "{"x + " * 800}x == x"\n', 1, "2000"),
    "deep-statement": (
        f'[[claim]]\nname = "d"\nstatement = "{"(" * 500}x{")" * 500} == x"\n',
        1,
        "nested",
    ),
    "power-bomb": ('[[claim]]\nname = "p"\nstatement = "9**9**9 > 0"\n', 1, "exponent"),
    "diff-order": ('[[claim]]\nname = "d"\nstatement = "diff(x, x, 1000) == 0"\n', 1, "order"),
    "claim-not-array": ("claim = 3\n", None, "array of tables"),
    "claim-table": ('[claim]\nname = "t"\nstatement = "x == x"\n', None, "array of tables"),
    "claim-array-of-strings": ('claim = ["x == x"]\n', None, "tables"),
    "empty-claim": ("[[claim]]\n", 1, "name"),
    "duplicate-names": (FINE + FINE, 4, "name"),
    "expect-unknown": (FINE + 'expect = "unknown"\n', 1, "expect"),
    "date-value": (FINE + "note = 1979-05-27\n", 1, "string"),
    "steps-string": ('[[derivation]]\nname = "s"\nsteps = "x"\n', 1, "steps"),
    "steps-numbers": ('[[derivation]]\nname = "s"\nsteps = [1, 2]\n', 1, "steps"),
    "oversize": ("# " + "x" * 1_100_000 + "\n" + FINE, None, "1 MB"),
}


def _write_malformed(folder: Path) -> None:
    for name, (content, _, _) in MALFORMED_FILES.items():
        path = folder / f"{name}.toml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (folder / "good.toml").write_text(GOOD, encoding="utf-8")


@pytest.fixture(scope="module")
def malformed_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One ``symact verify --json`` over a folder of malformed files and a good file."""
    folder = tmp_path_factory.mktemp("malformed")
    (folder / "derivations").mkdir()
    _write_malformed(folder / "derivations")
    return symact_run(folder, "verify", "derivations", "--json", "--timeout", "20")


def test_verify_malformed_run_is_clean(malformed_run: Run) -> None:
    """The malformed folder: no traceback, exit 1, the good file still checked and ok."""
    run = malformed_run
    assert_clean(run)
    assert run.code == 1, run.err
    (good,) = of_file(verify_json(run), "good.toml")
    assert good["ok"] is True


@pytest.mark.parametrize("name", MALFORMED_FILES)
def test_verify_reports_malformed_file(malformed_run: Run, name: str) -> None:
    """symact verify: each malformed file is reported with its name, the line where
    the loader knows it, and what is wrong."""
    _, line, fragment = MALFORMED_FILES[name]
    assert_clean(malformed_run)
    results = of_file(verify_json(malformed_run), f"{name}.toml")
    failures = [r for r in results if not r["ok"]]
    assert failures, results
    assert any(
        r["kind"] == "error"
        and (line is None or r["line"] == line)
        and fragment.lower() in r["message"].lower()
        for r in failures
    ), failures


def test_verify_table_names_every_malformed_file(tmp_path: Path) -> None:
    """symact verify (table output) over the malformed folder names every bad file."""
    (tmp_path / "derivations").mkdir()
    _write_malformed(tmp_path / "derivations")
    run = symact_run(tmp_path, "verify", "derivations", "--timeout", "20", env={"COLUMNS": "250"})
    assert_clean(run)
    assert run.code == 1, run.err
    for name in MALFORMED_FILES:
        assert f"{name}.toml" in run.out, name
    assert "good claim" in run.out


def _verify_beside_good(tmp_path: Path, make: Callable[[Path], None]) -> Run:
    folder = tmp_path / "derivations"
    folder.mkdir()
    make(folder)
    (folder / "good.toml").write_text(GOOD, encoding="utf-8")
    return symact_run(tmp_path, "verify", "derivations", "--json", "--timeout", "20")


def test_verify_huge_integer(tmp_path: Path) -> None:
    """A 5000-digit integer (past Python's int-from-text limit) is a reported file
    error, not a traceback; the good file is still checked."""
    run = _verify_beside_good(
        tmp_path,
        lambda d: (d / "huge.toml").write_text(FINE + "expect = " + "9" * 5000 + "\n", "utf-8"),
    )
    assert_clean(run)
    assert run.code == 1, run.err[-2000:]
    results = verify_json(run)
    assert of_file(results, "huge.toml")
    assert not any(r["ok"] for r in of_file(results, "huge.toml"))
    assert of_file(results, "good.toml")[0]["ok"] is True


@pytest.mark.parametrize("kind", ["loop", "dangling"])
def test_verify_reports_broken_symlink(tmp_path: Path, kind: str) -> None:
    """A *.toml symlink that cannot be read (a loop, a missing target) is reported
    with its name, not silently skipped; the good file is still checked."""

    def make(folder: Path) -> None:
        link = folder / f"{kind}.toml"
        link.symlink_to(link.name if kind == "loop" else "missing-target.toml")

    run = _verify_beside_good(tmp_path, make)
    assert_clean(run)
    results = verify_json(run)
    assert of_file(results, "good.toml")[0]["ok"] is True
    assert of_file(results, f"{kind}.toml"), "the unreadable file is not reported"
    assert run.code == 1


def test_verify_directory_named_toml(tmp_path: Path) -> None:
    """A directory named *.toml is a folder: the files in it are checked."""

    def make(folder: Path) -> None:
        inner = folder / "sub.toml"
        inner.mkdir()
        (inner / "inner.toml").write_text(FINE, encoding="utf-8")

    run = _verify_beside_good(tmp_path, make)
    assert_clean(run)
    assert run.code == 0, run.out
    results = verify_json(run)
    assert [r["ok"] for r in of_file(results, "inner.toml")] == [True]
    assert of_file(results, "good.toml")[0]["ok"] is True


def test_verify_empty_directory_named_toml(tmp_path: Path) -> None:
    """An empty directory named *.toml: no derivation files, exit 2, one line."""
    (tmp_path / "empty.toml").mkdir()
    run = symact_run(tmp_path, "verify", "empty.toml", "--timeout", "20")
    assert_clean(run)
    assert_one_line_error(run, column=False)


def test_verify_empty_file(tmp_path: Path) -> None:
    """An empty file has no entries: no traceback, the good file is checked."""
    run = _verify_beside_good(tmp_path, lambda d: (d / "empty.toml").write_bytes(b""))
    assert_clean(run)
    assert run.code in (0, 1)
    assert of_file(verify_json(run), "good.toml")[0]["ok"] is True


def test_verify_fifo(tmp_path: Path) -> None:
    """A FIFO named on the command line must not hang symact verify."""
    os.mkfifo(tmp_path / "fifo.toml")
    run = symact_run(tmp_path, "verify", "fifo.toml", "--json", "--timeout", "5", timeout=15)
    assert_clean(run, bound=15)
    assert run.code in (1, 2), run.err


def test_verify_endless_device(tmp_path: Path) -> None:
    """/dev/zero named on the command line is refused or reported, never read without
    end (run under a 2 GiB address-space limit)."""
    run = symact_run(
        tmp_path,
        "verify",
        "/dev/zero",
        "--json",
        "--timeout",
        "5",
        address_space=2 * 2**30,
        timeout=30,
    )
    assert_clean(run, bound=30)
    assert run.code in (1, 2), run.err[-2000:]


def _verify_beside_good_timeout(tmp_path: Path, text: str, **env: str) -> Run:
    folder = tmp_path / "derivations"
    folder.mkdir()
    (folder / "bomb.toml").write_text(text, encoding="utf-8")
    (folder / "good.toml").write_text(GOOD, encoding="utf-8")
    return symact_run(
        tmp_path,
        "verify",
        "derivations",
        "--json",
        "--jobs",
        "2",
        "--timeout",
        BOMB_TIMEOUT,
        env=env,
        timeout=BOMB_BOUND,
    )


def test_verify_parse_bomb_is_bounded(tmp_path: Path) -> None:
    """A statement whose parse is costly (diff() is computed while parsing) is bounded
    by --timeout like the rest of the work; the good file is still checked."""
    statement = "diff(mish(x)*gelu(x)*selu(x)*elu(x)*softplus(x), x, 10) > 0"
    run = _verify_beside_good_timeout(
        tmp_path, f'[[claim]]\nname = "bomb"\nstatement = "{statement}"\n'
    )
    assert_clean(run, bound=BOMB_BOUND)
    assert run.code == 1, run.err
    results = verify_json(run)
    assert of_file(results, "good.toml")[0]["ok"] is True
    assert [r["ok"] for r in of_file(results, "bomb.toml")] == [False]


def test_verify_worker_bombs_are_unknown(tmp_path: Path) -> None:
    """Entries past the time or memory limit are unknown (not ok); the rest goes on."""
    text = (
        '[[claim]]\nname = "slow"\nstatement = "sigmoid(exp(exp(exp(3)))) > 0"\n'
        '[[claim]]\nname = "greedy"\nstatement = "(a+b+c+d+e+f+g+h)**1000 > 0"\n'
    )
    run = _verify_beside_good_timeout(tmp_path, text, SYMACT_MEMORY_LIMIT="256")
    assert_clean(run, bound=BOMB_BOUND)
    assert run.code == 1, run.err
    results = verify_json(run)
    assert of_file(results, "good.toml")[0]["ok"] is True
    bombs = {r["name"]: r for r in of_file(results, "bomb.toml")}
    assert bombs["slow"]["verdict"] == "unknown"
    assert "time limit" in bombs["slow"]["message"]
    assert bombs["greedy"]["verdict"] == "unknown"
    assert "limit" in bombs["greedy"]["message"]


# -- symact sheet -o: hostile output paths -----------------------------------------------------

SHEET = ("sheet", "--only", "sigmoid", "--no-cache", "--jobs", "1")


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("target", ["directory", "missing/out.tex", "", "no\ndir/out.tex"])
def test_sheet_refuses_output_path(tmp_path: Path, target: str) -> None:
    """symact sheet -o: a directory, a missing directory, an empty path: exit 2,
    one line, nothing created."""
    (tmp_path / "directory").mkdir()
    before = _listing(tmp_path)
    run = symact_run(tmp_path, *SHEET, "--no-derivations", "-o", target)
    assert_clean(run)
    assert_one_line_error(run, column=False)
    assert _listing(tmp_path) == before
    assert _listing(tmp_path / "directory") == []


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_sheet_refuses_device(tmp_path: Path, device: str) -> None:
    """symact sheet -o /dev/null or /dev/full: exit 2, one line, the device untouched."""
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    before = sorted(Path("/dev").glob(f".{Path(device).name}.*.tmp"))
    run = symact_run(tmp_path, *SHEET, "--no-derivations", "-o", device)
    assert_clean(run)
    assert_one_line_error(run, column=False)
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert sorted(Path("/dev").glob(f".{Path(device).name}.*.tmp")) == before


@pytest.mark.parametrize("how", ["file", "folder", "symlink"])
def test_sheet_refuses_to_overwrite_its_input(tmp_path: Path, how: str) -> None:
    """symact sheet --derivations D -o an input file (itself, inside D, or a link to it):
    exit 2, one line, the input byte-identical, no temporary file left."""
    folder = tmp_path / "derivations"
    folder.mkdir()
    source = folder / "notes.toml"
    source.write_text(GOOD, encoding="utf-8")
    original = source.read_bytes()
    derivations = str(folder if how == "folder" else source)
    output = source
    if how == "symlink":
        output = tmp_path / "sheet.tex"
        output.symlink_to(source)
    before = (_listing(tmp_path), _listing(folder))
    run = symact_run(tmp_path, *SHEET, "--derivations", derivations, "-o", str(output))
    assert_clean(run)
    assert_one_line_error(run, column=False)
    assert source.read_bytes() == original
    assert (_listing(tmp_path), _listing(folder)) == before


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("--only", "__import__('os')"), id="unknown-activation"),
        pytest.param(("--derivations", "missing"), id="missing-derivations"),
        pytest.param(("--jobs", "0"), id="bad-jobs"),
    ],
)
def test_sheet_failed_run_keeps_existing_output(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A refused run aimed at an existing output leaves it byte-identical, no temporary file."""
    output = tmp_path / "sheet.tex"
    output.write_bytes(b"old sheet\n")
    before = _listing(tmp_path)
    run = symact_run(tmp_path, *SHEET, *args, "-o", "sheet.tex")
    assert_clean(run)
    assert run.code == 2, run.err
    assert len(run.err.splitlines()) == 1, run.err
    assert run.err.startswith("symact: error:")
    assert output.read_bytes() == b"old sheet\n"
    assert _listing(tmp_path) == before


def test_sheet_overwrites_existing_output_with_hostile_title(tmp_path: Path, marker: Path) -> None:
    """An existing output is replaced whole; a hostile --title is escaped LaTeX, never run."""
    output = tmp_path / "sheet.tex"
    output.write_bytes(b"old sheet\n")
    title = arm("\\input{/etc/passwd}\\immediate\\write18{touch MARKER} $x$ %", marker)
    run = symact_run(
        tmp_path, *SHEET, "--no-derivations", "--title", title, "-o", "sheet.tex", timeout=120
    )
    assert_clean(run, marker, bound=120)
    assert run.code == 0, run.err
    text = output.read_text(encoding="utf-8")
    assert text != "old sheet\n"
    assert "\\input{/etc/passwd}" not in text
    assert "\\write18{" not in text
    assert "etc/passwd" in text
    assert not list(tmp_path.glob(".sheet.tex.*.tmp"))
