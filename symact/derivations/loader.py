"""Reading derivation files (TOML), strictly: unknown keys, wrong types and
statements that do not parse are reported with the file, the entry and the
line, and the file's other entries are still used. The format is documented
in ``derivations/README.md``."""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from symact.derivations.model import Claim, Derivation, Entry, FileError, SourceFile
from symact.errors import ParameterError, ParseError, SymactError
from symact.parser import parse_expression, parse_statement
from symact.prover.assumptions import parse_assumptions

__all__ = ["RELATION_PREFIX", "collect_files", "load_file", "split_step"]

TOP_KEYS = {"title", "source", "claim", "derivation"}
CLAIM_KEYS = {
    "name",
    "statement",
    "range",
    "expectation",
    "over",
    "equals",
    "assume",
    "expect",
    "note",
    "corrects",
}
DERIVATION_KEYS = {"name", "steps", "assume", "expect", "note", "corrects"}
EXPECTATIONS = ("proven", "refuted")
RELATION_PREFIX = re.compile(r"^\s*(==|<=|>=|<|>)\s*")
MAX_FILE_BYTES = 1_000_000


class EntryError(ValueError, SymactError):
    """An entry that cannot be checked (its message says why)."""


def split_step(step: str) -> tuple[str, str]:
    """A derivation step's relation to the previous step (default ``==``)
    and its expression text.

    >>> split_step("<= 1/4"), split_step("exp(-z)")
    (('<=', '1/4'), ('==', 'exp(-z)'))
    """
    match = RELATION_PREFIX.match(step)
    if match is None:
        return "==", step.strip()
    return match.group(1), step[match.end() :].strip()


def _header_lines(text: str, table: str) -> list[int]:
    pattern = re.compile(rf"^\s*\[\[\s*{table}\s*\]\]")
    return [number for number, line in enumerate(text.splitlines(), start=1) if pattern.match(line)]


def _string(entry: dict[str, Any], key: str, required: bool = False) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise EntryError(f"missing required key {key!r}")
        return None
    if not isinstance(value, str):
        raise EntryError(f"{key!r} must be a string, not {type(value).__name__}")
    return value


def _strings(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EntryError(f"{key!r} must be a list of strings")
    return tuple(value)


def _expectation(entry: dict[str, Any]) -> str:
    value = entry.get("expect", "proven")
    if value not in EXPECTATIONS:
        raise EntryError(f"'expect' must be one of {', '.join(EXPECTATIONS)}, not {value!r}")
    return str(value)


def _check_syntax(texts: Iterable[str], what: str) -> None:
    for text in texts:
        try:
            parse_statement(text, derivatives=False)
        except ParseError as error:
            raise EntryError(f"{what} {text!r}: {error.summary}") from None


def _claim(path: str, line: int | None, entry: dict[str, Any]) -> Claim:
    unknown = set(entry) - CLAIM_KEYS
    if unknown:
        allowed = ", ".join(sorted(CLAIM_KEYS))
        raise EntryError(f"unknown key(s) {', '.join(sorted(unknown))} (allowed: {allowed})")
    name = _string(entry, "name", required=True)
    statement, range_text, equals, expectation, over = (
        _string(entry, k) for k in ("statement", "range", "equals", "expectation", "over")
    )
    if [statement, range_text, expectation].count(None) != 2:
        raise EntryError(
            "a claim has one of 'statement', 'range' (with 'equals') or "
            "'expectation' (with 'over' and 'equals')"
        )
    if range_text is not None and equals is None:
        raise EntryError("a 'range' claim needs 'equals', the interval it claims")
    if expectation is not None and (equals is None or over is None):
        raise EntryError(
            "an 'expectation' claim needs 'over' (e.g. 'z ~ N(0, 1)') and 'equals', its value"
        )
    if statement is not None and equals is not None:
        raise EntryError("'equals' belongs to a 'range' or 'expectation' claim")
    if over is not None and expectation is None:
        raise EntryError("'over' belongs to an 'expectation' claim")
    assume = _strings(entry, "assume")
    parse_assumptions(assume) if assume else None
    if statement is not None:
        parsed = parse_statement(statement, derivatives=False)
        if not parsed.is_relation:
            raise EntryError("'statement' must be a relation (== != < <= > >=)")
    elif expectation is not None:
        assert equals is not None
        assert over is not None
        from symact.statistics.distribution import parse_distribution

        parse_expression(expectation, derivatives=False)
        parse_expression(equals, derivatives=False)
        try:
            parse_distribution(over)
        except ParameterError as error:
            raise EntryError(str(error)) from None
    else:
        assert range_text is not None
        assert equals is not None
        parse_expression(range_text, derivatives=False)
        from symact.derivations.intervals import parse_interval

        parse_interval(equals)
    return Claim(
        file=path,
        line=line,
        name=str(name),
        statement=statement,
        range=range_text,
        equals=equals,
        expectation=expectation,
        over=over,
        assume=assume,
        expect=_expectation(entry),  # type: ignore[arg-type]
        note=_string(entry, "note") or "",
        corrects=_strings(entry, "corrects"),
    )


def _derivation(path: str, line: int | None, entry: dict[str, Any]) -> Derivation:
    unknown = set(entry) - DERIVATION_KEYS
    if unknown:
        allowed = ", ".join(sorted(DERIVATION_KEYS))
        raise EntryError(f"unknown key(s) {', '.join(sorted(unknown))} (allowed: {allowed})")
    name = _string(entry, "name", required=True)
    steps = _strings(entry, "steps")
    if len(steps) < 2:
        raise EntryError("a derivation needs at least two steps")
    if RELATION_PREFIX.match(steps[0]):
        raise EntryError("the first step is an expression, not a relation")
    for index, step in enumerate(steps, start=1):
        _, text = split_step(step)
        try:
            parse_expression(text, derivatives=False)
        except ParseError as error:
            raise EntryError(f"step {index} {step!r}: {error.summary}") from None
    assume = _strings(entry, "assume")
    parse_assumptions(assume) if assume else None
    return Derivation(
        file=path,
        line=line,
        name=str(name),
        steps=steps,
        assume=assume,
        expect=_expectation(entry),  # type: ignore[arg-type]
        note=_string(entry, "note") or "",
        corrects=_strings(entry, "corrects"),
    )


_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
#: Python refuses to convert integers with more digits than this (tomllib too)
_LONG_INTEGER = re.compile(r"[0-9_]{4000,}")


def _toml_problem(text: str, error: Exception) -> tuple[int | None, str]:
    """The line and the one-line message for what ``tomllib`` refused: its
    own syntax errors (the position it names), an integer too long for Python
    to convert (found in the text), nesting too deep for its recursion."""
    if isinstance(error, RecursionError):
        return None, "invalid TOML: nested too deeply"
    if isinstance(error, tomllib.TOMLDecodeError):
        found = _POSITION.search(str(error))
        line = int(found.group(1)) if found else None
        problem = _POSITION.sub("", str(error)).strip()
        where = f" (column {found.group(2)})" if found else ""
        return line, f"invalid TOML: {problem}{where}"
    long = _LONG_INTEGER.search(text)
    line = text.count("\n", 0, long.start()) + 1 if long else None
    return line, "invalid TOML: an integer with thousands of digits"


#: seconds the loading of one file may take (its statements are parsed, and
#: building a statement can be costly: diff of a product of kinked activations)
LOAD_SECONDS = 60.0


def load_file(path: str | Path, timeout: float | None = LOAD_SECONDS) -> SourceFile:
    """Read one derivation file; problems become :class:`FileError` records.

    The file is read and its statements parsed in a worker process with a
    time limit of ``timeout`` seconds and a memory cap (:mod:`symact.limits`);
    a file that reaches a limit is reported as one error. ``timeout=None``
    loads in this process, without limits.
    """
    if timeout is None:
        return _load(path)
    from symact.limits import TimeLimitExceeded, WorkerFailed, limit_reason, run_with_time_limit

    try:
        return run_with_time_limit(_load, (path,), timeout)
    except (TimeLimitExceeded, WorkerFailed) as failure:
        problem = f"not loaded: {limit_reason(failure, timeout)}"
        return SourceFile(str(path), "", "", (), (FileError(str(path), None, "<file>", problem),))


def _read_regular(path: str | Path) -> bytes:
    """At most ``MAX_FILE_BYTES + 1`` bytes of a regular file. Anything else
    is refused before it is read: a FIFO would block, ``/dev/zero`` never
    ends (opened without blocking, then checked)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _load(path: str | Path) -> SourceFile:
    """:func:`load_file`, in this process."""
    name = str(path)
    try:
        raw = _read_regular(path)
    except OSError as error:
        problem = f"cannot read: {error.strerror or error}"
        return SourceFile(name, "", "", (), (FileError(name, None, "<file>", problem),))
    if len(raw) > MAX_FILE_BYTES:
        return SourceFile(
            name, "", "", (), (FileError(name, None, "<file>", "file larger than 1 MB"),)
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        at = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problem = f"not UTF-8: {error.reason} at byte {error.start} (column {column})"
        return SourceFile(name, "", "", (), (FileError(name, at, "<file>", problem),))
    if text.startswith("\ufeff"):
        return SourceFile(
            name,
            "",
            "",
            (),
            (
                FileError(
                    name, 1, "<file>", "starts with a byte-order mark; save as UTF-8 without BOM"
                ),
            ),
        )
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
        where, problem = _toml_problem(text, error)
        return SourceFile(name, "", "", (), (FileError(name, where, "<file>", problem),))
    errors: list[FileError] = []
    unknown = set(data) - TOP_KEYS
    if unknown:
        errors.append(
            FileError(
                name, None, "<file>", f"unknown top-level key(s) {', '.join(sorted(unknown))}"
            )
        )
    title, source = data.get("title", ""), data.get("source", "")
    if not isinstance(title, str) or not isinstance(source, str):
        errors.append(FileError(name, None, "<file>", "'title' and 'source' must be strings"))
        title, source = str(title), str(source)
    entries: list[Entry] = []
    for table, build in (("claim", _claim), ("derivation", _derivation)):
        items = data.get(table, [])
        if not isinstance(items, list):
            errors.append(
                FileError(name, None, "<file>", f"[[{table}]] must be an array of tables")
            )
            continue
        lines = _header_lines(text, table)
        for index, item in enumerate(items):
            line = lines[index] if index < len(lines) else None
            label = (
                item.get("name")
                if isinstance(item, dict) and isinstance(item.get("name"), str)
                else f"{table} {index + 1}"
            )
            if not isinstance(item, dict):
                errors.append(
                    FileError(name, line, str(label), f"[[{table}]] entries must be tables")
                )
                continue
            try:
                entries.append(build(name, line, item))
            except (SymactError, ValueError) as error:
                message = error.summary if isinstance(error, ParseError) else str(error)
                errors.append(FileError(name, line, str(label), message))
    entries = _check_names(name, entries, errors)
    return SourceFile(name, title, source, tuple(entries), tuple(errors))


def _check_names(path: str, entries: list[Entry], errors: list[FileError]) -> list[Entry]:
    """Entry names identify entries: refuse a repeated name, and a
    ``corrects`` that names no entry of the file expected refuted."""
    seen: dict[str, Entry] = {}
    kept: list[Entry] = []
    for entry in entries:
        if entry.name in seen:
            errors.append(FileError(path, entry.line, entry.name, "another entry has this name"))
            continue
        seen[entry.name] = entry
        kept.append(entry)
    valid: list[Entry] = []
    for entry in kept:
        problems = [
            f"'corrects' {name!r} "
            + ("names no entry of this file" if name not in seen else "is not expected refuted")
            for name in entry.corrects
            if name not in seen or seen[name].expect != "refuted"
        ]
        if problems:
            errors.append(FileError(path, entry.line, entry.name, "; ".join(problems)))
            continue
        valid.append(entry)
    return valid


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.toml`` files named, or found below the directories named.

    Raises
    ======
    FileNotFoundError
        if a path does not exist.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(f"no such file or directory: {path}")
        if path.is_dir():
            # everything but folders: a broken link or a FIFO is reported, not skipped
            found += sorted(p for p in path.rglob("*.toml") if not p.is_dir())
        else:
            found.append(path)
    return list(dict.fromkeys(found))
