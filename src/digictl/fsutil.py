"""Writing files safely: atomically, only regular files, and never over anything unless asked.

``write_atomic`` writes a whole file or nothing:

- the target must be a regular file or not exist: a directory, a symbolic link (dangling or
  not, with or without ``force``) or a special file (a device such as ``/dev/stdout`` or
  ``/dev/full``, a FIFO, a socket) is refused with a UsageError, so a link is never replaced
  by a file and nothing is written through one;
- an existing file is replaced only with ``force`` (and keeps its permission bits); the check
  is atomic (a hard link that fails when the name exists), so a file appearing meanwhile is
  not overwritten either;
- a new file gets the permissions the umask allows (0644 with umask 022, not 0600);
- the parent directory must exist unless ``parents`` (a missing one is a UsageError naming it);
- the data goes to a temporary file in the same directory, then takes the final name (a
  rename, or a hard link when nothing may be replaced). The temporary file is removed on
  any failure (a full disk included); only ``kill -9`` mid-write can leave it, and it is
  named ``.<name>.<random>.tmp``: hidden, which the data loader skips, never ``*.yaml``.

I/O failures are raised as OSError; ``write_output`` turns them into one sentence for the CLI.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from digictl.errors import DigictlError, UsageError
from digictl.i18n import N_, _


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with (
        contextlib.suppress(OSError, ValueError, IndexError),
        open("/proc/self/status", encoding="ascii", errors="replace") as f,
    ):
        for line in f:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    # Elsewhere the only way to read it is to set it: set and restore at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Translators: each is what a message says a file is ("cannot write x: it is a directory")
_KINDS = (
    (stat.S_ISREG, N_("a regular file")),
    (stat.S_ISDIR, N_("a directory")),
    (stat.S_ISLNK, N_("a symbolic link")),
    (stat.S_ISFIFO, N_("a named pipe (FIFO)")),
    (stat.S_ISSOCK, N_("a socket")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
)
_SPECIAL = N_("a special file")


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words of the current language ("a directory",
    "a named pipe (FIFO)"): for messages only, never to compare."""
    return _(next((words for test, words in _KINDS if test(mode)), _SPECIAL))


def _is_standard_stream(path: Path) -> bool:
    """/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N, or a link to one of them."""
    names = [str(path)]
    with contextlib.suppress(OSError):
        names.append(os.readlink(path))
    return any(
        n in ("/dev/stdin", "/dev/stdout", "/dev/stderr")
        or n.startswith(("/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"))
        for n in names
    )


def _refusal(path: Path, mode: int) -> UsageError:
    """Why ``path`` (not a regular file) is not written, as one sentence."""
    if _is_standard_stream(path):
        return UsageError(
            _(
                "cannot write {path}: it is not a file; use `-o -` to write to standard output",
                path=path,
            )
        )
    if stat.S_ISDIR(mode):
        return UsageError(
            _("cannot write {path}: it is a directory; name a file inside it", path=path)
        )
    if stat.S_ISLNK(mode):
        try:
            target_mode: int | None = os.stat(path).st_mode
        except OSError:
            target_mode = None  # dangling, a loop, or unreachable
        if target_mode is None:
            return UsageError(
                _(
                    "cannot write {path}: it is a symbolic link that points nowhere; digictl "
                    "neither replaces links nor writes through them (remove it or name another "
                    "file)",
                    path=path,
                )
            )
        if stat.S_ISREG(target_mode) or stat.S_ISDIR(target_mode):
            return UsageError(
                _(
                    "cannot write {path}: it is a symbolic link (to {kind}); digictl neither "
                    "replaces links nor writes through them",
                    path=path,
                    kind=kind_of(target_mode),
                )
            )
        return UsageError(
            _(
                "cannot write {path}: it is a symbolic link (to {kind}); digictl neither "
                "replaces links nor writes through them; use `-o -` to write to standard output",
                path=path,
                kind=kind_of(target_mode),
            )
        )
    return UsageError(
        _(
            "cannot write {path}: it is {kind}, and digictl writes only regular files; "
            "use `-o -` to write to standard output",
            path=path,
            kind=kind_of(mode),
        )
    )


def check_target(path: Path, force: bool = False, parents: bool = False) -> os.stat_result | None:
    """Raise a UsageError unless ``path`` may be written; return its stat when it is a file."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the parent is looked at below
        st = None
    except OSError as exc:
        raise DigictlError(
            _("cannot write {path}: {reason}", path=path, reason=exc.strerror or exc)
        ) from exc
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise _refusal(path, st.st_mode)
        if not force:
            raise UsageError(_("{path} exists; pass --force to overwrite it", path=path))
        return st
    parent = path.parent
    if not parents and not parent.is_dir():
        if os.path.lexists(parent) and not parent.exists():
            raise UsageError(
                _(
                    "cannot write {path}: {parent} is a symbolic link that points nowhere",
                    path=path,
                    parent=parent,
                )
            )
        if parent.exists():
            raise UsageError(
                _("cannot write {path}: {parent} is not a directory", path=path, parent=parent)
            )
        raise UsageError(
            _(
                "cannot write {path}: the directory {parent} does not exist",
                path=path,
                parent=parent,
            )
        )
    return None


def _temp_name(path: Path) -> Path:
    import secrets

    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


def _named(path: Path, mode: int) -> tuple[int, Path]:
    """A new hidden file next to ``path``, and its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = _temp_name(path)
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue


def _write_all(fd: int, chunks: Iterable[bytes], mode: int) -> None:
    os.fchmod(fd, mode)  # the umask or the replaced file's bits, whatever the open gave
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view) :]
    os.fsync(fd)


def _link_new(source: Path, path: Path) -> bool:
    """Link the written file to ``path`` only if that name is free (no race with a file
    appearing meanwhile). False when the file system has no hard links: rename instead."""
    try:
        os.link(source, path)
        return True
    except FileExistsError:
        raise UsageError(_("{path} exists; pass --force to overwrite it", path=path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    check_target(path)
    return False


def write_atomic(
    path: Path, data: str | bytes | Iterable[bytes], force: bool = False, *, parents: bool = False
) -> None:
    """Write ``path`` in one step: all of ``data``, or nothing and no temporary file.

    ``data`` may be chunks of bytes, written as they come (a large file is never whole in
    memory twice).

    Raises a UsageError when ``path`` must not be written (see the module docstring) and
    OSError when writing fails.
    """
    existing = check_target(path, force, parents)
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    chunks = (
        [data.encode("utf-8")]
        if isinstance(data, str)
        else [data]
        if isinstance(data, bytes)
        else data
    )
    mode = existing.st_mode & 0o777 if existing else 0o666 & ~current_umask()
    fd, tmp = _named(path, 0o600)
    try:
        try:
            _write_all(fd, chunks, mode)
        finally:
            os.close(fd)
        if force or not _link_new(tmp, path):
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # after a link, or when anything failed


def write_output(path: Path, data: str | bytes, force: bool = False) -> None:
    """``write_atomic`` for a command's output file: any failure is one sentence (exit 2)."""
    try:
        write_atomic(path, data, force)
    except OSError as exc:
        raise DigictlError(
            _("cannot write {path}: {reason}", path=path, reason=exc.strerror or exc)
        ) from exc
