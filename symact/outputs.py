"""The one place symact writes files: checked, atomic, durable.

A write goes to a temporary file in the target's directory, is flushed and
fsynced, gets the old file's mode (or ``0o666 & ~umask``), and is renamed
over the target with :func:`os.replace`. On any failure, interruption
included, the temporary file is removed and the old target is untouched; a
SIGKILL may leave a stray ``.NAME.*.tmp`` file but never a partial target.
A target that is a symlink is written through: the link's target is replaced.

>>> import tempfile
>>> tmp = tempfile.TemporaryDirectory()
>>> out = atomic_write(Path(tmp.name, "out.tex"), "x^2\\n")
>>> out.read_text()
'x^2\\n'
>>> atomic_copy(out, out)
Traceback (most recent call last):
symact.errors.OutputError: cannot write .../out.tex: it is also an input
>>> check_output_path(tmp.name)
Traceback (most recent call last):
symact.errors.OutputError: cannot write ...: is a directory
>>> tmp.cleanup()
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

from symact.errors import OutputError

__all__ = ["OutputError", "atomic_copy", "atomic_open", "atomic_write", "check_output_path"]

StrPath = str | os.PathLike[str]
MAX_COPY_BYTES = 256 * 1024 * 1024


def _error(path: StrPath, problem: str | OSError) -> OutputError:
    """``cannot write PATH: PROBLEM`` on one line, keeping an OSError's errno."""
    errno = problem.errno if isinstance(problem, OSError) else None
    if isinstance(problem, OSError):
        problem = problem.strerror or str(problem) or type(problem).__name__
    shown = os.fspath(path)
    shown = shown if shown.isprintable() and shown else repr(shown)
    err = OutputError(f"cannot write {shown}: {' '.join(problem.split())}")
    err.errno = errno
    return err


def check_output_path(
    path: StrPath, *, inputs: Iterable[StrPath] = (), create_parent: bool = False
) -> Path:
    """Return ``Path(path)`` if symact may write it, else raise :class:`OutputError`.

    Refused: an empty path, a directory, a device/FIFO/socket, a missing parent
    (created if ``create_parent``), a parent that is not a writable directory,
    and a path that is (the same file as) one of ``inputs``.
    """
    if not os.fspath(path):
        raise _error(path, "empty path")
    target = Path(path)
    parent = target.parent
    if not parent.is_dir():
        if parent.exists() or not create_parent:
            problem = "is not a directory" if parent.exists() else "does not exist"
            raise _error(path, f"{parent} {problem}")
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _error(path, f"cannot create {parent}: {exc.strerror or exc}") from exc
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _error(path, exc) from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise _error(path, "is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        raise _error(path, "is not a regular file")
    real = os.path.realpath(target)
    for source in inputs:
        if os.path.realpath(source) == real or _samefile(source, target):
            raise _error(path, "it is also an input")
    real_parent = os.path.dirname(real)
    if not os.access(real_parent, os.W_OK | os.X_OK):
        raise _error(path, f"directory {real_parent} is not writable")
    return target


def _samefile(a: StrPath, b: StrPath) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    """The process umask: from /proc (Linux), else via ``os.umask`` (briefly racy with threads)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    old = os.umask(0o022)
    os.umask(old)
    return old


@contextlib.contextmanager
def atomic_open(
    path: StrPath,
    mode: Literal["w", "wb"] = "w",
    *,
    encoding: str = "utf-8",
    inputs: Iterable[StrPath] = (),
    create_parent: bool = False,
) -> Iterator[IO[Any]]:
    """Yield a file to write ``path``'s new content; commit on normal exit only."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open mode must be 'w' or 'wb', not {mode!r}")
    target = check_output_path(path, inputs=inputs, create_parent=create_parent)
    target = Path(os.path.realpath(target)) if target.is_symlink() else target
    tmp: str | None = None
    try:
        try:
            perm = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            perm = 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with open(fd, mode, encoding=None if mode == "wb" else encoding) as file:
            yield file
            file.flush()
            os.fchmod(file.fileno(), perm)
            os.fsync(file.fileno())
        os.replace(tmp, target)
        tmp = None
    except OutputError:
        raise
    except OSError as exc:
        raise _error(path, exc) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    with contextlib.suppress(OSError):  # make the rename durable; best effort
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write(
    path: StrPath,
    data: bytes | str,
    *,
    encoding: str = "utf-8",
    inputs: Iterable[StrPath] = (),
    create_parent: bool = False,
) -> Path:
    """Replace ``path``'s content with ``data`` (``str`` is encoded, newlines kept as is)."""
    raw = data.encode(encoding) if isinstance(data, str) else data
    with atomic_open(path, "wb", inputs=inputs, create_parent=create_parent) as file:
        file.write(raw)
    return Path(path)


def atomic_copy(
    source: StrPath,
    target: StrPath,
    *,
    encoding: str = "utf-8",
    inputs: Iterable[StrPath] = (),
    create_parent: bool = False,
) -> Path:
    """Copy ``source``'s bytes to ``target`` atomically (``source`` counts as an input)."""
    inputs = [source, *inputs]
    check_output_path(target, inputs=inputs, create_parent=create_parent)
    try:
        with open(source, "rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_COPY_BYTES:
                raise _error(target, f"source {os.fspath(source)} is larger than 256 MB")
            data = file.read()
    except OutputError:
        raise
    except OSError as exc:
        raise _error(target, f"cannot read {os.fspath(source)}: {exc.strerror or exc}") from exc
    return atomic_write(target, data, encoding=encoding, inputs=inputs)
