"""Derivation files: loading (and every way a file can be unusable), checking
claims, ranges and derivations, ``symact verify`` and the pytest plugin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symact.derivations import check_entry, load_file, verify
from symact.derivations.loader import split_step

GOOD = """
title = "t"
source = "s"

[[claim]]
name = "sigmoid derivative"
statement = "diff(sigmoid(x), x) == sigmoid(x)*(1 - sigmoid(x))"

[[claim]]
name = "range as the notes state it"
range = "diff(sigmoid(x), x)"
equals = "[0, 1/4]"
expect = "refuted"

[[derivation]]
name = "quotient rule"
steps = ["diff(1/(1 + exp(-z)), z)", "exp(-z)/(1 + exp(-z))**2", "<= 1/4"]
"""


def write(tmp_path: Path, text: str | bytes, name: str = "f.toml") -> Path:
    folder = tmp_path / "derivations"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file(tmp_path: Path) -> None:
    source = load_file(write(tmp_path, GOOD))
    assert not source.errors
    assert [e.name for e in source.entries] == [
        "sigmoid derivative",
        "range as the notes state it",
        "quotient rule",
    ]
    assert [e.line for e in source.entries] == [5, 9, 15]
    results = [check_entry(e) for e in source.entries]
    assert [r.verdict for r in results] == ["proven", "refuted", "proven"]
    assert all(r.ok for r in results)
    assert results[1].counterexample == {"value": "0"}
    assert "never attained" in results[1].message
    assert results[2].message == "conclusion: diff(1/(1 + exp(-z)), z) <= 1/4"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('title = "t"\n[[claim]]\nname = "a"\nstatment = "x == x"\n', "unknown key(s) statment", 2),
        ('[[claim]]\nname = "a"\n', "one of 'statement', 'range'", 1),
        ('[[claim]]\nname = "a"\nexpectation = "z"\nequals = "0"\n', "needs 'over'", 1),
        (
            '[[claim]]\nname = "a"\nexpectation = "z"\nover = "z ~ Cauchy(0, 1)"\nequals = "0"\n',
            "write 'NAME ~ N(mean, std)'",
            1,
        ),
        (
            '[[claim]]\nname = "a"\nexpectation = "z"\nover = "z ~ N(0, -1)"\nequals = "0"\n',
            "standard deviation must be positive",
            1,
        ),
        (
            '[[claim]]\nname = "a"\nexpectation = "z"\nover = "z ~ N(0, __import__(1))"\n'
            'equals = "0"\n',
            "unknown function '__import__'",
            1,
        ),
        ('[[claim]]\nname = "a"\nstatement = "x == x"\nover = "z ~ N(0, 1)"\n', "'over'", 1),
        ('[[claim]]\nstatement = "x == x"\n', "missing required key 'name'", 1),
        ('[[claim]]\nname = "a"\nstatement = "x.y == 1"\n', "attribute access", 1),
        ('[[claim]]\nname = "a"\nstatement = "sigmoid(x)"\n', "must be a relation", 1),
        ('[[claim]]\nname = "a"\nrange = "x"\n', "needs 'equals'", 1),
        ('[[claim]]\nname = "a"\nrange = "x"\nequals = "[0, 1"\n', "interval", 1),
        (
            '[[claim]]\nname = "a"\nstatement = "x == x"\nexpect = "maybe"\n',
            "'expect' must be one of",
            1,
        ),
        ('[[claim]]\nname = "a"\nstatement = "x == x"\nassume = "x > > 0"\n', "syntax error", 1),
        ('[[claim]]\nname = 3\nstatement = "x == x"\n', "'name' must be a string", 1),
        ('[[derivation]]\nname = "d"\nsteps = ["x"]\n', "at least two steps", 1),
        ('[[derivation]]\nname = "d"\nsteps = ["<= x", "x"]\n', "first step is an expression", 1),
        ('[[derivation]]\nname = "d"\nsteps = ["x", "__import__(1)"]\n', "step 2", 1),
        ('[[derivation]]\nname = "d"\nsteps = ["x", 2]\n', "list of strings", 1),
    ],
)
def test_bad_entries_are_reported_with_file_entry_and_line(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    source = load_file(write(tmp_path, text + '\n[[claim]]\nname = "fine"\nstatement = "x == x"\n'))
    (error,) = source.errors
    assert message in error.message
    assert error.line == line
    assert [e.name for e in source.entries] == ["fine"]  # the rest is still used


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title = \n", "invalid TOML"),
        ('title = "a"\ntitle = "b"\n', "invalid TOML"),  # duplicate key
        ("\ufefftitle = 'a'\n".encode(), "byte-order mark"),
        (b"title = '\xff\xfe'\n", "not UTF-8"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "TOML"),
        ('oops = 1\n[[claim]]\nname = "a"\nstatement = "x == x"\n', "unknown top-level key"),
        ("claim = 3\n", "array of tables"),
    ],
)
def test_unusable_files_are_reported(tmp_path: Path, content: str | bytes, message: str) -> None:
    source = load_file(write(tmp_path, content))
    assert source.errors
    assert any(message in e.message for e in source.errors)


def test_a_failing_step_is_located_with_a_counterexample(tmp_path: Path) -> None:
    steps = '["diff(sigmoid(x), x)", "exp(-x)/(1 + exp(-x))", "<= 1"]'
    text = f'[[derivation]]\nname = "slip"\nsteps = {steps}\n'
    (entry,) = load_file(write(tmp_path, text)).entries
    result = check_entry(entry)
    assert result.verdict == "refuted"
    assert result.failed_step == 2
    assert result.counterexample is not None
    assert not result.ok


def test_mixed_directions_prove_nothing(tmp_path: Path) -> None:
    text = '[[derivation]]\nname = "m"\nsteps = ["sigmoid(x)", "< 2", "> 0"]\n'
    (entry,) = load_file(write(tmp_path, text)).entries
    assert check_entry(entry).verdict == "unknown"


def test_split_step() -> None:
    assert split_step("  >= 0") == (">=", "0")
    assert split_step("x") == ("==", "x")


def test_verify_checks_files_in_parallel_and_keeps_going(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, "title = \n", "b.toml")
    results = verify([str(tmp_path / "derivations")], jobs=2, timeout=60)
    assert len(results) == 4
    assert sum(r.ok for r in results) == 3
    (error,) = [r for r in results if not r.ok]
    assert error.kind == "error"
    assert error.file.endswith("b.toml")


def test_time_limit_per_entry(tmp_path: Path) -> None:
    write(tmp_path, '[[claim]]\nname = "slow"\nstatement = "sigmoid(x) > 0"\n')
    (result,) = verify([str(tmp_path / "derivations")], timeout=0.001)
    assert result.verdict == "unknown"
    assert "time limit" in result.message


def test_verify_command(cli, tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    folder = str(tmp_path / "derivations")
    result = cli.invoke("verify", folder, "--json")
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["summary"] == {"total": 3, "ok": 3, "failed": 0}
    keys = {
        "file",
        "name",
        "kind",
        "expected",
        "verdict",
        "ok",
        "failed_step",
        "counterexample",
        "seconds",
    }
    assert keys <= set(data["results"][0])
    table = cli.invoke("verify", folder)
    assert "3 entries: 3 ok, 0 failed" in table.stdout
    write(
        tmp_path, '[[claim]]\nname = "wrong"\nstatement = "tanh(x) == 2*sigmoid(2*x)"\n', "w.toml"
    )
    failing = cli.invoke("verify", folder)
    assert failing.exit_code == 1
    assert "counterexample x = 0" in failing.stdout
    assert cli.invoke("verify", str(tmp_path / "missing")).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.invoke("verify", str(empty)).exit_code == 2


def test_pytest_plugin_collects_entries_as_items(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "good.toml")
    write(
        tmp_path, '[[claim]]\nname = "wrong"\nstatement = "tanh(x) == 2*sigmoid(2*x)"\n', "bad.toml"
    )
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "derivations"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert "1 failed, 3 passed" in done.stdout, done.stdout + done.stderr
    assert "expected proven, got refuted" in done.stdout
    assert "counterexample: x = 0" in done.stdout
