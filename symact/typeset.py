"""Typesetting a .tex file into a PDF with the LaTeX engine on PATH.

``latexmk -pdf`` when it is installed (it reruns pdflatex until the table of
contents and the longtables settle), else ``pdflatex`` run three times. The
engine runs in a temporary directory with shell escape off and file access
restricted to that directory (``openout_any=p``, ``openin_any=p``); only
the finished PDF is copied out, atomically. An error is reported with the
relevant part of the log.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from symact.errors import LatexError, LatexMissing
from symact.outputs import atomic_copy

__all__ = ["LatexError", "LatexMissing", "engine", "typeset"]

TIMEOUT = 600.0
_ERROR_LINE = re.compile(r"^(! .*|.*:\d+: .*)$")


def engine() -> list[str] | None:
    """The command that builds a PDF here: latexmk if installed, else pdflatex."""
    common = ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "-file-line-error"]
    if shutil.which("latexmk") and shutil.which("pdflatex"):
        return ["latexmk", "-pdf", "-silent", *(f"-pdflatex=pdflatex {' '.join(common)} %O %S",)]
    if shutil.which("pdflatex"):
        return ["pdflatex", *common]
    return None


def log_excerpt(log: str, context: int = 6, limit: int = 40) -> str:
    """The error lines of a LaTeX log with a few lines after each.

    >>> print(log_excerpt("This is pdfTeX\\n! Undefined control sequence.\\nl.12 \\\\foo\\n"))
    ! Undefined control sequence.
    l.12 \\foo
    """
    lines = log.splitlines()
    picked: list[str] = []
    for index, line in enumerate(lines):
        if _ERROR_LINE.match(line):
            picked += lines[index : index + context]
            if len(picked) >= limit:
                break
    if not picked:
        picked = lines[-limit // 2 :]
    seen = list(dict.fromkeys(line for line in picked if line.strip()))
    return "\n".join(seen[:limit])


def typeset(tex: str | os.PathLike[str], pdf: str | os.PathLike[str] | None = None) -> Path:
    """Build ``tex`` into ``pdf`` (default: beside it, ``.pdf``); return its path.

    Raises
    ======
    LatexMissing
        if neither latexmk nor pdflatex is on PATH.
    LatexError
        if the engine fails or runs past its time limit; the previous PDF,
        if any, is left as it was.
    """
    source = Path(tex)
    target = Path(pdf) if pdf is not None else source.with_suffix(".pdf")
    command = engine()
    if command is None:
        raise LatexMissing(
            "no LaTeX engine found: install latexmk and pdflatex (Debian: texlive-latex-extra "
            "texlive-pictures latexmk), or write the .tex only (drop --pdf)"
        )
    environment = dict(os.environ, openout_any="p", openin_any="p", shell_escape="f")
    with tempfile.TemporaryDirectory(prefix="symact-latex-") as work:
        job = Path(work, "sheet.tex")
        job.write_bytes(source.read_bytes())
        runs = 1 if command[0] == "latexmk" else 3
        for _ in range(runs):
            try:
                done = subprocess.run(
                    [*command, job.name],
                    cwd=work,
                    env=environment,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise LatexError(f"{command[0]} did not finish within {TIMEOUT:g} s") from None
            produced = Path(work, "sheet.pdf")
            if done.returncode != 0 or not produced.exists():
                log_path = Path(work, "sheet.log")
                log = log_path.read_text(errors="replace") if log_path.exists() else ""
                excerpt = log_excerpt(log or done.stdout.decode(errors="replace"))
                raise LatexError(f"{command[0]} failed on {source}:\n{excerpt}")
        atomic_copy(produced, target)
    return target
