"""Every error symact raises on purpose.

Each user-facing error derives from :class:`SymactError` *and* from the
builtin it refines, so ``except KeyError`` and ``except SymactError`` both
work. Each carries the exit code the command line uses for it.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "AnalysisError",
    "LatexError",
    "LatexMissing",
    "OutputError",
    "ParameterError",
    "ParseError",
    "SymactError",
    "UnknownActivationError",
    "printable",
]


#: the most characters of a statement an error message quotes
EXCERPT = 120


class SymactError(Exception):
    """Base class of symact's errors; ``exit_code`` is what the CLI exits with."""

    exit_code: int = 2


class UnknownActivationError(KeyError, SymactError):
    """An activation name that is not in the catalogue.

    The message suggests the nearest catalogue names.

    >>> str(UnknownActivationError("sigmod", ("sigmoid",)))
    "unknown activation 'sigmod'; did you mean 'sigmoid'?"
    """

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        super().__init__(name)

    def __reduce__(self) -> tuple[type, tuple[str, tuple[str, ...]]]:
        return type(self), (self.name, self.suggestions)  # from a worker, whole

    def __str__(self) -> str:
        message = f"unknown activation {self.name!r}"
        if self.suggestions:
            quoted = ", ".join(repr(s) for s in self.suggestions)
            message += f"; did you mean {quoted}?"
        else:
            message += "; run 'symact list' for the catalogue"
        return message


class ParameterError(ValueError, SymactError):
    """A parameter that is unknown, malformed, or outside its allowed values."""


class AnalysisError(ValueError, SymactError):
    """An engine could not decide something it was asked (for example a kink
    whose position depends on a symbolic parameter). Never a wrong answer."""

    exit_code = 3


def printable(text: str) -> str:
    """``text`` safe to print on one terminal line: control characters
    (newlines, escape sequences, NUL), bidirectional overrides and other
    invisible format characters are shown as escapes (``\\n``, ``\\x1b``,
    ``\\u202e``), so a message quoting user text can neither span lines nor
    move the cursor nor reorder what is shown.

    >>> printable("foo\\x1b[2J\\nbar\\u202e")
    'foo\\\\x1b[2J\\\\nbar\\\\u202e'
    """
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append(repr(char)[1:-1] if char.isascii() else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


class ParseError(ValueError, SymactError):
    """A statement that is not in symact's syntax, or exceeds its size limits.

    ``column`` is 0-based; ``str()`` is one line: the problem, its column and
    the statement (shortened around the column if long; control characters
    escaped). :meth:`pointer` shows the statement with a caret under the column.

    >>> error = ParseError("unknown function 'foo'", "sigmoid(x) + foo(x)", 13)
    >>> print(error)
    unknown function 'foo' at column 14: sigmoid(x) + foo(x)
    >>> print(error.pointer())
      sigmoid(x) + foo(x)
                   ^
    """

    def __init__(self, problem: str, text: str = "", column: int | None = None) -> None:
        self.problem = problem
        self.text = text
        self.column = column
        super().__init__(problem)

    def __reduce__(self) -> tuple[type, tuple[str, str, int | None]]:
        return type(self), (self.problem, self.text, self.column)  # from a worker, whole

    @property
    def summary(self) -> str:
        """The problem and its (1-based) column, on one line."""
        if self.column is None:
            return self.problem
        return f"{self.problem} at column {self.column + 1}"

    def excerpt(self) -> str:
        """The statement, printable, at most :data:`EXCERPT` characters: the
        part around the column, with ``...`` where it was cut."""
        text = self.text
        if len(text) <= EXCERPT:
            return printable(text)
        centre = self.column if self.column is not None else 0
        start = max(0, min(centre - EXCERPT // 2, len(text) - EXCERPT))
        head = "..." if start > 0 else ""
        tail = "..." if start + EXCERPT < len(text) else ""
        return head + printable(text[start : start + EXCERPT]) + tail

    def pointer(self) -> str:
        """Two lines: the statement and a caret under the column (the
        statement as it is, when it is short and printable; else ``""``)."""
        text = self.text
        if self.column is None or not text or len(text) > EXCERPT or printable(text) != text:
            return ""
        return f"  {text}\n  {' ' * self.column}^"

    def __str__(self) -> str:
        if not self.text:
            return self.summary
        return f"{self.summary}: {self.excerpt()}"


class OutputError(OSError, SymactError):
    """An output file symact refuses to write, or could not write (one line
    naming the path and the problem)."""


class LatexMissing(FileNotFoundError, SymactError):
    """No LaTeX engine (latexmk or pdflatex) on PATH."""


class LatexError(RuntimeError, SymactError):
    """The LaTeX engine failed; the message has the relevant log excerpt."""

    exit_code = 1
