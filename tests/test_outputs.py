"""symact.outputs: checked, atomic file writes."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from symact import outputs
from symact.errors import SymactError
from symact.outputs import OutputError, atomic_copy, atomic_open, atomic_write, check_output_path


def temps(directory: Path) -> list[str]:
    return [name for name in os.listdir(directory) if name.endswith(".tmp")]


def assert_refused(path: str | Path, tmp_path: Path, **options: object) -> OutputError:
    with pytest.raises(OutputError) as info:
        atomic_write(path, "new", **options)  # type: ignore[arg-type]
    err = info.value
    assert isinstance(err, OSError)
    assert isinstance(err, SymactError)
    assert err.exit_code == 2
    assert "\n" not in str(err)
    assert str(err).startswith(f"cannot write {os.fspath(path) or repr('')}: ")
    assert temps(tmp_path) == []
    return err


def test_write_and_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out.tex"
    assert atomic_write(out, "é\r\n") == out
    assert out.read_bytes() == "é\r\n".encode()
    atomic_write(out, b"\x00\xff")
    assert out.read_bytes() == b"\x00\xff"
    atomic_write(out, "é", encoding="latin-1")
    assert out.read_bytes() == b"\xe9"
    assert temps(tmp_path) == []


def test_atomic_open_text_and_binary(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with atomic_open(out) as file:
        file.write("text")
        assert not out.exists()  # nothing is visible before the commit
    assert out.read_text() == "text"
    with atomic_open(out, "wb") as file:
        file.write(b"bytes")
    assert out.read_bytes() == b"bytes"
    with pytest.raises(ValueError, match="mode"):
        atomic_open(out, "a").__enter__()  # type: ignore[arg-type]


def test_existing_mode_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.tex"
    out.write_text("old")
    out.chmod(0o640)
    atomic_write(out, "new")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_new_file_mode_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "a", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o640
    atomic_write(tmp_path / "b", "x")
    assert stat.S_IMODE((tmp_path / "b").stat().st_mode) == 0o666 & ~old


def test_symlink_target_is_written_through(tmp_path: Path) -> None:
    real, link = tmp_path / "real", tmp_path / "link"
    real.write_text("old")
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_refuses_directory(tmp_path: Path) -> None:
    assert "is a directory" in str(assert_refused(tmp_path, tmp_path))


def test_refuses_missing_parent_unless_asked(tmp_path: Path) -> None:
    out = tmp_path / "build" / "sub" / "x.tex"
    assert "does not exist" in str(assert_refused(out, tmp_path))
    atomic_write(out, "x", create_parent=True)
    assert out.read_text() == "x"


def test_refuses_parent_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("build").write_text("")
    err = assert_refused("build/x.tex", tmp_path)
    assert str(err) == "cannot write build/x.tex: build is not a directory"
    assert_refused("build/x.tex", tmp_path, create_parent=True)


def test_refuses_output_equal_to_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in.tex"
    source.write_text("input")
    (tmp_path / "alias.tex").symlink_to(source)
    for path in (source, tmp_path / "alias.tex", "in.tex", "./sub/../in.tex"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        assert "also an input" in str(assert_refused(path, tmp_path, inputs=[source]))
    assert "also an input" in str(assert_refused(source, tmp_path, inputs=["alias.tex"]))
    with pytest.raises(OutputError, match="also an input"):
        atomic_copy(source, "alias.tex")
    assert source.read_text() == "input"


def test_refuses_character_device(tmp_path: Path) -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    assert "not a regular file" in str(assert_refused("/dev/null", tmp_path))


def test_refuses_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert "not a regular file" in str(assert_refused(fifo, tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root bypasses permissions")
def test_refuses_unwritable_parent(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert "not writable" in str(assert_refused(locked / "x.tex", tmp_path))
        assert temps(locked) == []
    finally:
        locked.chmod(0o755)


def test_refuses_empty_path(tmp_path: Path) -> None:
    assert "empty" in str(assert_refused("", tmp_path))
    with pytest.raises(OutputError):
        check_output_path("")


def test_disk_full_keeps_previous_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.tex"
    out.write_bytes(b"previous")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as info:
        atomic_write(out, "new content")
    assert str(info.value) == f"cannot write {out}: No space left on device"
    assert info.value.errno == errno.ENOSPC
    assert info.value.exit_code == 2
    assert out.read_bytes() == b"previous"
    assert temps(tmp_path) == []


def test_interrupt_keeps_previous_content(tmp_path: Path) -> None:
    out = tmp_path / "out.tex"
    out.write_bytes(b"previous")

    def interrupted() -> None:
        with atomic_open(out) as file:
            file.write("half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert out.read_bytes() == b"previous"
    assert temps(tmp_path) == []


def test_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = tmp_path / "a.bin", tmp_path / "b.bin"
    source.write_bytes(bytes(range(256)))
    assert atomic_copy(source, target) == target
    assert target.read_bytes() == bytes(range(256))
    with pytest.raises(OutputError, match="cannot read"):
        atomic_copy(tmp_path / "missing", target)
    monkeypatch.setattr(outputs, "MAX_COPY_BYTES", 100)
    with pytest.raises(OutputError, match="larger than 256 MB"):
        atomic_copy(source, target)


CHILD = """
import sys, time
from symact.outputs import atomic_open
with atomic_open(sys.argv[1], "wb") as file:
    file.write(b"x" * 4_000_000)
    file.flush()
    print("ready", flush=True)
    time.sleep(60)
"""


def test_sigkill_mid_write_keeps_previous_content(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    out.write_bytes(b"previous")
    root = Path(__file__).resolve().parents[1]
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(out)], stdout=subprocess.PIPE, text=True, cwd=root
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
            assert out.read_bytes() == b"previous"
        finally:
            child.kill()
            child.wait(timeout=30)
    assert out.read_bytes() == b"previous"
    assert len(temps(tmp_path)) == 1  # the stray temporary file SIGKILL leaves is expected
