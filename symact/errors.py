"""Every error symact raises on purpose.

Each user-facing error derives from :class:`SymactError` *and* from the
builtin it refines, so ``except KeyError`` and ``except SymactError`` both
work. Each carries the exit code the command line uses for it.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "LatexError",
    "LatexMissing",
    "OutputError",
    "ParameterError",
    "ParseError",
    "SymactError",
    "UnknownActivationError",
]


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


class ParseError(ValueError, SymactError):
    """A statement that is not in symact's syntax, or exceeds its size limits.

    ``column`` is 0-based; ``str()`` gives the problem, then the statement and
    a caret under the column.

    >>> print(ParseError("unknown function 'foo'", "sigmoid(x) + foo(x)", 13))
    unknown function 'foo' (column 14)
      sigmoid(x) + foo(x)
                   ^
    """

    def __init__(self, problem: str, text: str = "", column: int | None = None) -> None:
        self.problem = problem
        self.text = text
        self.column = column
        super().__init__(problem)

    @property
    def summary(self) -> str:
        """The problem and its (1-based) column, on one line."""
        if self.column is None:
            return self.problem
        return f"{self.problem} (column {self.column + 1})"

    def __str__(self) -> str:
        if self.column is None or not self.text or len(self.text) > 200:
            return self.summary
        return f"{self.summary}\n  {self.text}\n  {' ' * self.column}^"


class OutputError(OSError, SymactError):
    """An output file symact refuses to write, or could not write (one line
    naming the path and the problem)."""


class LatexMissing(FileNotFoundError, SymactError):
    """No LaTeX engine (latexmk or pdflatex) on PATH."""


class LatexError(RuntimeError, SymactError):
    """The LaTeX engine failed; the message has the relevant log excerpt."""

    exit_code = 1
