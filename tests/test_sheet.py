"""``symact sheet`` end to end: the command line, its errors, atomic
outputs, and the PDF built by the real LaTeX engine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from symact.catalogue import CATALOGUE
from symact.cli import main
from symact.errors import LatexError
from symact.render.latex import escape
from symact.typeset import typeset
from tests.conftest import CliRunner, Result

ROOT = Path(__file__).resolve().parents[1]
DERIVATIONS = ROOT / "derivations"
# one job: the tests share two cores with the rest of the suite
FAST = ("--no-derivations", "--jobs", "1")


def require(*tools: str) -> None:
    """Skip without the tools, or fail when SYMACT_REQUIRE_LATEX=1 (CI)."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} on PATH"
    if os.environ.get("SYMACT_REQUIRE_LATEX") == "1":
        pytest.fail(f"{message} (SYMACT_REQUIRE_LATEX=1)")
    pytest.skip(message)


@pytest.fixture
def requires_latex() -> None:
    require("pdflatex")


def shared_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory for the session (tests/test_latex.py uses it too)."""
    directory = tmp_path_factory.getbasetemp() / "symact-sheet-cache"
    directory.mkdir(exist_ok=True)
    return directory


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing is written to ~/.cache."""
    directory = shared_cache_dir(tmp_path_factory)
    monkeypatch.setenv("SYMACT_CACHE_DIR", str(directory))
    return directory


def assert_usage_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("symact: error: "), result.stderr
    assert result.stderr.endswith("\n"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def stray(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def sections(tex: str) -> list[str]:
    return re.findall(r"^\\section\{([^}]*)\}", tex, flags=re.M)


# ---------------------------------------------------------------- the full sheet


@dataclass(frozen=True)
class FullSheet:
    result: Result
    directory: Path
    tex: Path
    pdf: Path
    cache: Path


@pytest.fixture(scope="session")
def full_sheet(tmp_path_factory: pytest.TempPathFactory) -> FullSheet:
    require("pdflatex", "pdfinfo", "pdftotext")
    directory = tmp_path_factory.mktemp("full-sheet")
    tex = directory / "activations.tex"
    cache = shared_cache_dir(tmp_path_factory)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SYMACT_CACHE_DIR", str(cache))
        result = CliRunner().invoke(
            "sheet", "-o", str(tex), "--pdf", "--derivations", str(DERIVATIONS)
        )
    return FullSheet(result, directory, tex, tex.with_suffix(".pdf"), cache)


def test_full_sheet_builds(full_sheet: FullSheet) -> None:
    result = full_sheet.result
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"wrote {full_sheet.tex} ({len(CATALOGUE)} activations)" in result.stdout
    assert f"wrote {full_sheet.pdf}" in result.stdout
    assert full_sheet.pdf.read_bytes().startswith(b"%PDF")
    # the .tex and the .pdf, no temporary or auxiliary files
    assert sorted(p.name for p in full_sheet.directory.iterdir()) == [
        "activations.pdf",
        "activations.tex",
    ]
    assert stray(full_sheet.directory) == []
    assert any(full_sheet.cache.glob("activation-*.json"))
    assert any(full_sheet.cache.glob("derivations-*.json"))


def test_full_sheet_tex(full_sheet: FullSheet) -> None:
    tex = full_sheet.tex.read_text(encoding="utf-8")
    names = [escape(record.name) for record in CATALOGUE]
    assert sections(tex) == [*names, "Audit of the notes"]
    assert "did not finish" not in tex
    assert "not analysed" not in tex


def test_full_sheet_pdf(full_sheet: FullSheet) -> None:
    info = subprocess.run(
        ["pdfinfo", str(full_sheet.pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, flags=re.M).group(1))
    # title and contents, the summary, then each activation on a new page, then the audit
    assert len(CATALOGUE) + 2 <= pages <= 500
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(full_sheet.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # the OT1 font draws \_ as a rule: pdftotext shows it as a space
    flat = text.replace("_", " ")
    for record in CATALOGUE:
        assert record.name.replace("_", " ") in flat, record.name
    assert "Audit of the notes" in text
    assert "Summary" in text
    assert "Activation functions: a verified reference" in text


# ---------------------------------------------------------------- LaTeX failures


def test_latex_error_keeps_the_previous_pdf(requires_latex: None, tmp_path: Path) -> None:
    source = tmp_path / "bad.tex"
    source.write_text("\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}\n")
    target = tmp_path / "bad.pdf"
    target.write_bytes(b"%PDF-1.5 the previous build\n")
    with pytest.raises(LatexError) as info:
        typeset(source, target)
    assert info.value.exit_code == 1
    assert "Undefined control sequence" in str(info.value)
    assert str(source) in str(info.value)
    assert target.read_bytes() == b"%PDF-1.5 the previous build\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.pdf", "bad.tex"]


def test_latex_error_from_the_command_line(
    requires_latex: None, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import symact.render.latex

    monkeypatch.setattr(
        symact.render.latex,
        "render_sheet",
        lambda sheet: "\\documentclass{article}\\begin{document}\\oops\\end{document}\n",
    )
    tex, pdf = tmp_path / "s.tex", tmp_path / "s.pdf"
    pdf.write_bytes(b"%PDF old")
    result = cli.invoke("sheet", "--only", "relu", *FAST, "--pdf", "-o", str(tex))
    assert result.exit_code == 1, result
    assert result.stderr.startswith("symact: error: ")
    assert "Undefined control sequence" in result.stderr
    assert "Traceback" not in result.stderr
    assert "\\oops" in tex.read_text()
    assert pdf.read_bytes() == b"%PDF old"
    assert stray(tmp_path) == []


def test_no_latex_engine(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    tex = tmp_path / "s.tex"
    result = cli.invoke("sheet", "--only", "relu", *FAST, "--pdf", "-o", str(tex))
    assert result.exit_code == 2, result
    assert result.stderr.startswith("symact: error: ")
    assert result.stderr.count("\n") == 1
    assert "latexmk" in result.stderr
    assert "pdflatex" in result.stderr
    assert "Traceback" not in result.stderr
    assert sections(tex.read_text(encoding="utf-8")) == ["relu"]
    assert not tex.with_suffix(".pdf").exists()
    assert stray(tmp_path) == []


# ---------------------------------------------------------------- command-line errors


def test_unknown_activation(cli: CliRunner, tmp_path: Path) -> None:
    tex = tmp_path / "s.tex"
    result = cli.invoke("sheet", "--only", "relu,nosuch", "-o", str(tex))
    assert_usage_error(result, "unknown activation 'nosuch'")
    assert list(tmp_path.iterdir()) == []


def test_output_is_a_directory(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke("sheet", "--only", "relu", *FAST, "-o", str(tmp_path))
    assert_usage_error(result, "is a directory")
    assert list(tmp_path.iterdir()) == []


def test_output_in_a_missing_directory(cli: CliRunner, tmp_path: Path) -> None:
    tex = tmp_path / "missing" / "s.tex"
    result = cli.invoke("sheet", "--only", "relu", *FAST, "-o", str(tex))
    assert_usage_error(result, "does not exist")
    assert list(tmp_path.iterdir()) == []


def test_output_is_the_derivations_file(cli: CliRunner, tmp_path: Path) -> None:
    derivations = tmp_path / "derivations.toml"
    shutil.copyfile(DERIVATIONS / "derivations.toml", derivations)
    before = derivations.read_bytes()
    for extra in ((), ("--pdf",)):
        result = cli.invoke(
            "sheet",
            "--only",
            "relu",
            *extra,
            "-o",
            str(derivations),
            "--derivations",
            str(derivations),
        )
        assert_usage_error(result, "it is also an input")
        assert derivations.read_bytes() == before, extra
    assert sorted(p.name for p in tmp_path.iterdir()) == ["derivations.toml"]


def test_output_is_a_file_in_the_derivations_folder(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "derivations"
    folder.mkdir()
    notes = folder / "notes.toml"
    notes.write_text('title = "t"\n\n[[claim]]\nname = "nonnegative"\nstatement = "relu(x) >= 0"\n')
    before = notes.read_bytes()
    result = cli.invoke(
        "sheet", "--only", "relu", "--jobs", "1", "-o", str(notes), "--derivations", str(folder)
    )
    assert notes.read_bytes() == before
    assert_usage_error(result, "it is also an input")


def test_pdf_needs_a_tex_output(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sheet.txt"
    result = cli.invoke("sheet", "--only", "relu", *FAST, "--pdf", "-o", str(out))
    assert_usage_error(result, "--pdf needs an output ending in .tex")
    assert list(tmp_path.iterdir()) == []


def test_missing_derivations(cli: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    tex = tmp_path / "s.tex"
    result = cli.invoke("sheet", "--only", "relu", "--derivations", str(missing), "-o", str(tex))
    assert_usage_error(result, "no such file or directory", str(missing))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- what gets written


def test_failed_build_keeps_the_previous_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import symact.render.latex

    def broken(sheet: object) -> str:
        raise RuntimeError("rendering failed half-way")

    monkeypatch.setattr(symact.render.latex, "render_sheet", broken)
    tex = tmp_path / "s.tex"
    tex.write_bytes(b"% the previous sheet\n")
    with pytest.raises(RuntimeError, match="half-way"):
        main(["sheet", "--only", "relu", *FAST, "-o", str(tex)])
    assert tex.read_bytes() == b"% the previous sheet\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.tex"]
    assert "wrote" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "only",
    [("relu,sigmoid", "tanh"), ("relu, sigmoid,,", "tanh,relu", "logistic")],
    ids=["two options", "repeats and aliases"],
)
def test_only_and_no_derivations(
    cli: CliRunner, tmp_path: Path, only: tuple[str, ...], cache_dir: Path
) -> None:
    tex = tmp_path / "s.tex"
    options = [item for names in only for item in ("--only", names)]
    result = cli.invoke("sheet", *options, *FAST, "-v", "-o", str(tex))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {tex} (3 activations)\n"
    for name in ("relu", "sigmoid", "tanh"):
        assert f"symact: analysed {name}\n" in result.stderr
    text = tex.read_text(encoding="utf-8")
    assert sections(text) == ["relu", "sigmoid", "tanh"]
    assert "Audit of the notes" not in text
    assert "\\paragraph{Identities}" not in text
    assert "$\\hookrightarrow$" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.tex"]
    assert any(cache_dir.glob("activation-*.json"))


def test_derivations_give_identities_and_audit(cli: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.toml"
    notes.write_text(
        'title = "Tiny notes"\nsource = "seeds/tiny.txt"\n\n'
        '[[claim]]\nname = "relu is the identity"\nstatement = "relu(x) == x"\n'
        'expect = "refuted"\n\n'
        '[[claim]]\nname = "relu is the identity for x > 0"\nstatement = "relu(x) == x"\n'
        'assume = ["x > 0"]\ncorrects = "relu is the identity"\n',
        encoding="utf-8",
    )
    library = tmp_path / "library.toml"
    library.write_text(
        'title = "Library"\n\n[[claim]]\nname = "relu is nonnegative"\n'
        'statement = "relu(x) >= 0"\n',
        encoding="utf-8",
    )
    tex = tmp_path / "out" / "s.tex"
    tex.parent.mkdir()
    result = cli.invoke(
        "sheet", "--only", "relu", "--jobs", "1", "--derivations", str(tmp_path), "-o", str(tex)
    )
    assert result.exit_code == 0, result.stderr
    text = tex.read_text(encoding="utf-8")
    assert sections(text) == ["relu", "Audit of the notes"]
    assert "\\subsection{Tiny notes}" in text
    assert "\\subsection{Library}" not in text
    assert "& $\\hookrightarrow$ \\textbf{relu is the identity for x \\textgreater{} 0}" in text
    identities = text[text.index("\\paragraph{Identities}") : text.index("\\section{Audit")]
    assert "relu is nonnegative" in identities
    assert "relu is the identity" not in identities


# ---------------------------------------------------------------- parallel analysis

ARGS = ("--no-derivations", "--no-cache", "--jobs", "2", "--timeout", "10")
FRESH = """\
import sys
from symact.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_parallel_analysis_finishes(tmp_path: Path) -> None:
    """In a fresh interpreter, as a user runs it: two activations, two jobs."""
    tex = tmp_path / "s.tex"
    env = dict(os.environ, SYMACT_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", FRESH, "sheet", "--only", "relu,sigmoid", *ARGS, "-o", str(tex)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = tex.read_text(encoding="utf-8")
    assert "did not finish" not in text
    assert "\\paragraph{Properties}" in text
