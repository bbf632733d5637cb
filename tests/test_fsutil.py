"""fsutil.write_atomic: whole files only, regular files only, the umask, no leftovers."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from digictl.errors import DigictlError, UsageError
from digictl.fsutil import current_umask, write_atomic, write_output


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process's umask after a test that sets it."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_file_follows_the_umask(tmp_path: Path, mask: int, mode: int) -> None:
    os.umask(mask)
    assert current_umask() == mask
    path = tmp_path / "r.md"
    write_atomic(path, "hei\n")
    assert path.read_text(encoding="utf-8") == "hei\n"
    assert _mode(path) == mode


@pytest.mark.usefixtures("umask")
def test_replacing_keeps_the_files_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "new", force=True)
    assert path.read_text(encoding="utf-8") == "new"
    assert _mode(path) == 0o640
    assert _names(tmp_path) == ["r.md"]


def test_existing_file_needs_force(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape(f"{path} exists; pass --force")):
        write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert _names(tmp_path) == ["r.md"]


def test_a_file_appearing_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before writing and the final name are one step (a hard link)."""
    path = tmp_path / "r.md"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        path.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(UsageError, match="exists"):
        write_atomic(path, "mine")
    assert path.read_text(encoding="utf-8") == "theirs"
    assert _names(tmp_path) == ["r.md"]


def _dangling(tmp_path: Path) -> Path:
    path = tmp_path / "out.md"
    path.symlink_to(tmp_path / "nowhere.md")
    return path


def _link_to_file(tmp_path: Path) -> Path:
    (tmp_path / "target.md").write_text("keep", encoding="utf-8")
    path = tmp_path / "out.md"
    path.symlink_to(tmp_path / "target.md")
    return path


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "out.md"
    path.mkdir()
    return path


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "out.md"
    os.mkfifo(path)
    return path


def _link_to_device(tmp_path: Path) -> Path:
    path = tmp_path / "out.md"
    path.symlink_to(os.devnull)
    return path


REFUSED = {
    "dangling-link": (_dangling, "symbolic link that points nowhere"),
    "link-to-file": (_link_to_file, "symbolic link (to a regular file)"),
    "directory": (_directory, "is a directory"),
    "fifo": (_fifo, "FIFO"),
    "link-to-device": (_link_to_device, "symbolic link (to a character device)"),
}


@pytest.mark.parametrize("force", [False, True], ids=["no-force", "force"])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_only_regular_files_are_written(tmp_path: Path, case: str, force: bool) -> None:
    make, reason = REFUSED[case]
    path = make(tmp_path)
    before = os.lstat(path)
    names = _names(tmp_path)
    with pytest.raises(UsageError, match=re.escape(reason)) as caught:
        write_atomic(path, "data", force)
    assert str(caught.value).startswith(f"cannot write {path}: ")
    after = os.lstat(path)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), "left as it was"
    assert _names(tmp_path) == names, "no temporary file left"
    if case == "link-to-file":
        assert (tmp_path / "target.md").read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("name", ["/dev/null", "/dev/full"])
def test_devices_are_refused(name: str) -> None:
    if not os.path.exists(name):
        pytest.skip(f"no {name} here")
    with pytest.raises(UsageError, match="character device") as caught:
        write_atomic(Path(name), "data", force=True)
    assert "-o -" in str(caught.value)
    assert stat.S_ISCHR(os.lstat(name).st_mode)


def test_stdout_device_link_says_use_dash() -> None:
    if not os.path.islink("/dev/stdout"):
        pytest.skip("no /dev/stdout link here")
    with pytest.raises(UsageError, match="use `-o -` to write to standard output"):
        write_atomic(Path("/dev/stdout"), "data", force=True)
    assert os.path.islink("/dev/stdout")


def test_missing_parent_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "r.md"
    with pytest.raises(UsageError, match=f"the directory {tmp_path / 'a' / 'b'} does not exist"):
        write_atomic(path, "x")
    assert _names(tmp_path) == []


def test_parent_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="is not a directory"):
        write_atomic(tmp_path / "a" / "r.md", "x")


def test_parents_on_request(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "r.md"
    write_atomic(path, b"x", parents=True)
    assert path.read_bytes() == b"x"


def _disk_full(fd: int, data: object) -> int:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "write", _disk_full)
    with pytest.raises(OSError) as caught:
        write_atomic(tmp_path / "r.md", "data")
    assert caught.value.errno == errno.ENOSPC
    assert _names(tmp_path) == []


def test_full_disk_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, "write", _disk_full)
    with pytest.raises(DigictlError) as caught:
        write_output(path, "new", force=True)
    assert str(caught.value) == f"cannot write {path}: No space left on device"
    assert caught.value.exit_code == 2
    assert path.read_text(encoding="utf-8") == "old"
    assert _names(tmp_path) == ["r.md"]


def test_failed_rename_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.md"
    path.write_text("old", encoding="utf-8")
    seen: list[str] = []

    def fail_replace(src: object, dst: object) -> None:
        seen.append(Path(str(src)).name)
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", fail_replace)
    with pytest.raises(OSError):
        write_atomic(path, "new", force=True)
    assert _names(tmp_path) == ["r.md"]
    # while it existed, the temporary file was hidden and not *.yaml: the loader skips it
    (tmp_name,) = seen
    assert tmp_name.startswith(".r.md.") and tmp_name.endswith(".tmp")


def test_interrupt_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "r.md", "data")
    assert _names(tmp_path) == []


def test_chunks_are_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """A large file (the load cache) is written from chunks as they come: all of them, or,
    when making one fails, nothing and no temporary file."""

    target = tmp_path / "cache.jsonl"
    write_atomic(target, (bytes([65 + i]) * 100_000 for i in range(5)), force=True)
    assert target.read_bytes() == b"".join(bytes([65 + i]) * 100_000 for i in range(5))

    def failing() -> Iterator[bytes]:
        yield b"new start"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(target, failing(), force=True)
    assert target.read_bytes().startswith(b"A" * 100_000)  # the old file, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.jsonl"]
