"""Reading a data repository: discover its files, load and schema-check them.

Parsing and schema checking happen here once; rules read the result. Where
the files come from is a ``Source`` (a directory now, a git revision later),
so the same reading serves ``--at REV``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol, TypeVar, runtime_checkable

from digictl.errors import InputError, LoadError
from digictl.history.cache import LoadCache
from digictl.history.cache import key as cache_key
from digictl.i18n import _
from digictl.load import kinds
from digictl.load.kinds import Kind
from digictl.load.loader import Document, check_size, load_bytes
from digictl.load.paths import LINK as LINK
from digictl.load.paths import MAX_BYTES
from digictl.load.paths import SUBMODULE as SUBMODULE
from digictl.load.paths import Refused as Refused
from digictl.load.paths import check_no_link as check_no_link
from digictl.load.paths import link_inside_work_tree as link_inside_work_tree
from digictl.load.paths import shown_name as shown_name
from digictl.load.schemas import validate
from digictl.suggest import closest

YAML_SUFFIXES = (".yaml", ".yml")


class Source(Protocol):
    """Where the files of a data directory come from."""

    label: str  # how paths are shown: the data directory as given, e.g. "data"

    def files(self) -> list[str]:
        """Every file below the data directory, as posix paths relative to it."""
        ...

    def read(self, rel: str) -> bytes:
        """The bytes of one file (raises OSError when unreadable)."""
        ...


@runtime_checkable
class Refusing(Protocol):
    """A source that also names the entries it does not read (links, special files)."""

    def refused(self) -> list[Refused]: ...


MAX_DEPTH = 16  # folders this deep are not looked into (nothing that deep is data)


def _too_deep() -> str:
    return _(
        "this folder is nested {depth} levels deep; digictl does not look inside it "
        "(nothing that deep is read as data)",
        depth=MAX_DEPTH,
    )


def _yaml_folder() -> str:
    return _(
        "this is a folder, not a file: a name ending in .yaml or .yml is for a data file "
        "(rename the folder or move its files)"
    )


def name_problem(rel: str) -> str | None:
    """Why a path cannot be read under its name, or None when it can."""
    if rel.isprintable():  # the common case, without looking at each character
        return None
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in rel):
        return _(
            "the file name is not valid UTF-8, so digictl does not read the file "
            "(rename it; non-UTF-8 bytes are shown as \\xNN)"
        )
    if shown_name(rel) != rel:
        return _(
            "the file name contains control characters, so digictl does not read the file "
            "(rename it; they are shown as \\xNN)"
        )
    return None


def _special(mode: int) -> str:
    """Why a file that is not a regular file is not read, in words."""
    if stat.S_ISLNK(mode):
        return _(LINK)
    if stat.S_ISDIR(mode):
        return _(
            "this is a directory, not a regular file; digictl reads only regular files (remove it)"
        )
    if stat.S_ISFIFO(mode):
        return _(
            "this is a named pipe (FIFO), not a regular file; digictl reads only regular files "
            "(remove it)"
        )
    if stat.S_ISSOCK(mode):
        return _(
            "this is a socket, not a regular file; digictl reads only regular files (remove it)"
        )
    if stat.S_ISCHR(mode):
        return _(
            "this is a character device, not a regular file; digictl reads only regular files "
            "(remove it)"
        )
    if stat.S_ISBLK(mode):
        return _(
            "this is a block device, not a regular file; digictl reads only regular files "
            "(remove it)"
        )
    return _(
        "this is a special file, not a regular file; digictl reads only regular files (remove it)"
    )


_T = TypeVar("_T")

# Open without following a link, without waiting on a pipe, not inherited by children.
_NOFOLLOW = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
# Where folders can be opened relative to an open folder (POSIX); elsewhere paths are
# checked with lstat before use, which a concurrent change could race.
_BENEATH = os.open in os.supports_dir_fd and os.scandir in os.supports_fd and _DIRECTORY != 0


class DirectorySource:
    """The files of a data directory on disk.

    Nothing below the directory is followed: symbolic links, named pipes, sockets,
    devices and folders named like data files are listed as ``refused()``, and every
    file is opened one path component at a time without following links, then checked
    to be a regular file before a byte of it is read.
    """

    def __init__(self, root: Path) -> None:
        if root.is_symlink():
            raise InputError(
                _(
                    "the data directory {path!r} is a symbolic link; digictl "
                    "does not follow links to data (pass --data with the folder it points to)",
                    path=shown_name(str(root)),
                )
            )
        check_no_link(root)
        if not root.exists():
            raise InputError(
                _("the data directory {path!r} does not exist; pass --data DIR", path=str(root))
            )
        if not root.is_dir():
            raise InputError(_("{path!r} is not a directory; pass --data DIR", path=str(root)))
        self.root = root
        self.label = shown_name(root.resolve().name or str(root))
        self._listing: tuple[list[str], list[Refused]] | None = None

    def files(self) -> list[str]:
        return self._walk()[0]

    def refused(self) -> list[Refused]:
        """The entries that are not read, with why (after ``files()``)."""
        return self._walk()[1]

    def _walk(self) -> tuple[list[str], list[Refused]]:
        if self._listing is None:
            files: list[str] = []
            refused: list[Refused] = []
            folders = [""]
            while folders:
                folder = folders.pop()
                try:
                    where: int | str = (
                        self._open(folder, folder=True) if _BENEATH else str(self.root / folder)
                    )
                except OSError as exc:
                    if not folder:
                        raise InputError(
                            _(
                                "the data directory {path!r} cannot be read: {reason}",
                                path=shown_name(str(self.root)),
                                reason=_reason(exc),
                            )
                        ) from None
                    refused.append(Refused(folder, _unreadable_folder(exc)))
                    continue
                try:
                    self._scan(where, folder, files, folders, refused)
                except OSError as exc:
                    refused.append(Refused(folder, _unreadable_folder(exc)))
                finally:
                    if isinstance(where, int):
                        os.close(where)
            self._listing = sorted(files), sorted(refused, key=lambda r: r.rel)
        return self._listing

    @staticmethod
    def _scan(
        where: int | str,
        folder: str,
        files: list[str],
        folders: list[str],
        refused: list[Refused],
    ) -> None:
        """Sort the entries of one folder into files, folders and refused entries."""
        with os.scandir(where) as entries:
            for entry in entries:
                if entry.name.startswith("."):  # hidden: .git, editors' temporary files
                    continue
                rel = f"{folder}/{entry.name}" if folder else entry.name
                try:
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError as exc:  # gone since listed, or not ours to look at
                    refused.append(Refused(rel, _unreadable_file(exc)))
                    continue
                if stat.S_ISREG(mode):
                    files.append(rel)
                elif stat.S_ISDIR(mode) and PurePosixPath(rel).suffix in YAML_SUFFIXES:
                    refused.append(Refused(rel, _yaml_folder()))
                elif stat.S_ISDIR(mode) and rel.count("/") + 1 >= MAX_DEPTH:
                    refused.append(Refused(rel, _too_deep()))
                elif stat.S_ISDIR(mode) and _holds_git(where, entry.name):
                    refused.append(Refused(rel, _(SUBMODULE)))  # as a revision lists it
                elif stat.S_ISDIR(mode):
                    folders.append(rel)
                else:
                    refused.append(Refused(rel, _special(mode)))

    def _open(self, rel: str, folder: bool = False) -> int:
        """Open a path below the root without following a link at any step."""
        if not _BENEATH:
            path = self.root
            for part in rel.split("/") if rel else []:
                path = path / part
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    raise OSError(errno.ELOOP, "a symbolic link", str(path))
            return os.open(path, _NOFOLLOW)
        fd = os.open(self.root, os.O_RDONLY | _DIRECTORY | getattr(os, "O_CLOEXEC", 0))
        try:
            parts = rel.split("/") if rel else []
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                flags = _NOFOLLOW | (_DIRECTORY if folder or not last else 0)
                inner = os.open(part, flags, dir_fd=fd)
                os.close(fd)
                fd = inner
        except BaseException:
            os.close(fd)
            raise
        return fd

    def read(self, rel: str) -> bytes:
        try:
            fd = self._open(rel)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a link (it changed since the listing)
                raise LoadError(_(LINK)) from None
            raise
        return _read_fd(fd)

    def read_each(self, rels: Sequence[str]) -> Iterator[bytes | LoadError | OSError]:
        """``read`` of each file in turn (what it returns or raises), opening each folder
        once: a file is opened relative to its open folder, again without following a link."""
        if not _BENEATH:
            for rel in rels:
                yield _outcome(self.read, rel)
            return
        folder_fd, folder = -1, None
        try:
            for rel in rels:
                parent, _slash, name = rel.rpartition("/")
                if parent != folder:
                    if folder_fd >= 0:
                        os.close(folder_fd)
                    folder_fd, folder = -1, parent
                    try:
                        folder_fd = self._open(parent, folder=True)
                    except OSError:
                        folder_fd = -1  # each file then says why, as read() does
                if folder_fd < 0 or not name:
                    yield _outcome(self.read, rel)
                    continue
                try:
                    fd = os.open(name, _NOFOLLOW, dir_fd=folder_fd)
                except OSError as exc:
                    yield LoadError(_(LINK)) if exc.errno == errno.ELOOP else exc
                    continue
                yield _outcome(_read_fd, fd)
        finally:
            if folder_fd >= 0:
                os.close(folder_fd)


def _outcome(read: Callable[[_T], bytes], arg: _T) -> bytes | LoadError | OSError:
    try:
        return read(arg)
    except (LoadError, OSError) as exc:
        return exc


def _read_fd(fd: int) -> bytes:
    """The bytes of an open file (closed after), refused unless it is a regular file of at
    most MAX_BYTES."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(_special(info.st_mode))
        check_size(info.st_size)  # refuse before reading it into memory
        data = os.read(fd, info.st_size + 1)
        if len(data) <= info.st_size:  # the whole file: a regular file reads short at its end
            return data
        chunks, total = [data], len(data)  # it grew since fstat: read on, to the limit
        while total <= MAX_BYTES:
            more = os.read(fd, MAX_BYTES + 1 - total)
            if not more:
                break
            chunks.append(more)
            total += len(more)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _holds_git(where: int | str, name: str) -> bool:
    """Whether the folder ``name`` (in the open folder ``where``) holds a ``.git`` entry:
    a submodule's checkout or a repository of its own, whose files are not this one's."""
    try:
        if isinstance(where, int):
            os.stat(f"{name}/.git", dir_fd=where, follow_symlinks=False)
        else:
            os.lstat(os.path.join(where, name, ".git"))
    except OSError:
        return False
    return True


def _reason(exc: OSError) -> str:
    """Why the system could not read something (its own words)."""
    return exc.strerror or exc.__class__.__name__


def _unreadable_file(exc: OSError) -> str:
    return _("the file cannot be read: {reason}", reason=_reason(exc))


def _unreadable_folder(exc: OSError) -> str:
    return _("the folder cannot be read: {reason}", reason=_reason(exc))


@dataclass
class Entry:
    """One entity file: its kind, file stem and (when it loaded) its document."""

    kind: Kind
    stem: str
    rel: str  # shown path, e.g. data/projects/x.yaml
    digest: str = ""  # what the loaded result depends on: kind, path and bytes
    doc: Document | None = None
    valid: bool = False  # matches its schema, or differs only by unknown keys (reported)

    @property
    def entity(self) -> str:
        return "network" if self.kind is kinds.NETWORK else f"{self.kind.name}:{self.stem}"


@dataclass(frozen=True)
class FileProblem:
    """A problem found while reading: rule ``yaml`` or ``schema``."""

    rule: str
    message: str
    file: str
    line: int
    entity: str | None
    warning: bool = False


@dataclass
class Dataset:
    """Everything read from one data directory."""

    label: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)

    def of(self, kind: Kind) -> Iterator[Entry]:
        """The readable entries of a kind (schema-valid, or differing only by unknown keys)."""
        for e in self.entries:
            if e.kind is kind and e.doc is not None and e.valid:
                yield e

    @property
    def files(self) -> int:
        return len(self.entries)


def classify(rel: str) -> tuple[Kind | None, str]:
    """The kind of a file by its place in the data directory, and its stem."""
    folder, _slash, name = rel.rpartition("/")
    if "/" not in folder and folder not in ("", ".") and name not in ("", ".", ".."):
        # folder/name as listed (no empty or dot parts): no PurePosixPath needed
        dot = name.rfind(".")
        suffix, stem = (name[dot:], name[:dot]) if 0 < dot < len(name) - 1 else ("", name)
        if suffix not in YAML_SUFFIXES:
            return None, stem
        return kinds.BY_FOLDER.get(folder), stem
    p = PurePosixPath(rel)
    if p.suffix not in YAML_SUFFIXES:
        return None, p.stem
    if len(p.parts) == 1:
        return (kinds.NETWORK if p.stem == "network" else None), p.stem
    if len(p.parts) == 2 and p.parts[0] in kinds.BY_FOLDER:
        return kinds.BY_FOLDER[p.parts[0]], p.stem
    return None, p.stem


def _would_read(rel: str) -> bool:
    """Whether digictl reads what is at ``rel`` (a data file, or a folder of them)."""
    return classify(rel)[0] is not None or rel in kinds.BY_FOLDER


def _refusal(refused: Refused, label: str) -> FileProblem:
    """The finding for an entry that is not read: an error where data was expected."""
    kind, stem = classify(refused.rel)
    entity = None if kind is None else "network" if kind is kinds.NETWORK else f"{kind.name}:{stem}"
    message = refused.message
    if message in (LINK, SUBMODULE):  # a source's constant, not yet translated
        message = _(message)
    return FileProblem(
        "yaml",
        message,
        f"{label}/{shown_name(refused.rel)}" if refused.rel else label,
        1,
        None if entity is None else shown_name(entity),
        warning=not _would_read(refused.rel),
    )


def _load_one(
    kind_name: str, rel: str, shown: str, raw: bytes | None, error: str | None
) -> tuple[Document | None, list[FileProblem], bool]:
    """Load and schema-check one file: (document, problems, usable). ``error`` is why the
    file could not be read (a sentence), when ``raw`` is None."""
    kind = kinds.BY_NAME[kind_name]
    entity = "network" if kind is kinds.NETWORK else f"{kind.name}:{PurePosixPath(rel).stem}"
    if raw is None:
        why = error or _("the file cannot be read")
        return None, [FileProblem("yaml", why, shown, 1, entity)], False
    try:
        doc = load_bytes(raw, Path(rel), shown)
    except LoadError as exc:
        return None, [FileProblem("yaml", exc.message, shown, exc.line, entity)], False
    problems = validate(kind, doc.data)
    found = [FileProblem("schema", p.message, shown, doc.line(*p.path), entity) for p in problems]
    # unknown keys are reported, but do not stop the other rules from reading the file
    return doc, found, all(p.unknown_key for p in problems)


def _load_all(
    jobs: list[tuple[str, str, str, bytes | None, str | None]],
) -> list[tuple[Document | None, list[FileProblem], bool]]:
    """Load every file, in this process: a pool of workers saved a tenth of the wall time
    at ten times national scale for a third more CPU time and memory (benchmarks/)."""
    return [_load_one(*job) for job in jobs]


_Job = tuple[str, str, str, bytes | None, str | None]  # kind, rel, shown, bytes, read error


def read_dataset(source: Source, cache: LoadCache | None = None) -> Dataset:
    """Discover, load and schema-check every file of a data directory.

    With a ``cache``, files whose kind, path and bytes were loaded before are taken
    from it (``digictl diff`` reads two revisions that differ in a few files).
    """
    data = Dataset(label=source.label)
    files, refused = _split_names(source)
    _require_data(source.label, files, refused)
    data.problems.extend(_refusal(r, source.label) for r in refused)
    jobs = _discover(source, files, data)
    _load_entries(data, jobs, cache)
    if not any(e.kind is kinds.NETWORK for e in data.entries) and not any(
        classify(r.rel)[0] is kinds.NETWORK for r in refused
    ):
        data.problems.append(
            FileProblem(
                "schema",
                _("network.yaml is missing: every data directory describes its partnership there"),
                f"{source.label}/network.yaml",
                1,
                None,
            )
        )
    return data


def _split_names(source: Source) -> tuple[list[str], list[Refused]]:
    """The files whose names digictl reads, and the entries it refuses."""
    refused = list(source.refused()) if isinstance(source, Refusing) else []
    files = []
    for rel in source.files():
        problem = name_problem(rel)
        if problem is None:
            files.append(rel)
        else:
            refused.append(Refused(rel, problem))
    return files, refused


def _require_data(label: str, files: list[str], refused: list[Refused]) -> None:
    """Refuse a directory with nothing digictl would read."""
    if not any(classify(f)[0] for f in files) and not any(_would_read(r.rel) for r in refused):
        folders = ", ".join(sorted(f + "/" for f in kinds.BY_FOLDER))
        raise InputError(
            _(
                "{path!r} is not a digictl data directory: it has no network.yaml and no "
                "{folders} with YAML files; pass --data DIR",
                path=label,
                folders=folders,
            )
        )


def _discover(source: Source, files: list[str], data: Dataset) -> list[_Job]:
    """An entry of ``data`` and a load job for every data file; warnings for stray YAML."""
    stray_folders: set[str] = set()
    found: list[tuple[Kind, str, str]] = []
    for rel in files:
        kind, stem = classify(rel)
        if kind is None:
            data.problems.extend(_stray(rel, f"{source.label}/{rel}", stray_folders))
        else:
            found.append((kind, stem, rel))
    rels = [rel for _kind, _stem, rel in found]
    if isinstance(source, DirectorySource):
        contents: Iterable[bytes | LoadError | OSError] = source.read_each(rels)
    else:
        contents = (_outcome(source.read, rel) for rel in rels)
    jobs: list[_Job] = []
    for (kind, stem, rel), content in zip(found, contents, strict=True):
        shown = f"{source.label}/{rel}"
        entry = Entry(kind=kind, stem=stem, rel=shown)
        data.entries.append(entry)
        raw, error = _raw_or_why(content)
        jobs.append((kind.name, rel, shown, raw, error))
        entry.digest = cache_key(kind.name, shown, raw) if raw is not None else ""
    return jobs


def _stray(rel: str, shown: str, stray_folders: set[str]) -> list[FileProblem]:
    """The warning for a YAML file digictl does not read (once per stray folder)."""
    p = PurePosixPath(rel)
    if p.suffix not in YAML_SUFFIXES:
        return []
    folder = p.parts[0] if len(p.parts) > 1 else ""
    if folder and folder not in stray_folders:
        stray_folders.add(folder)
        match = closest(folder, set(kinds.BY_FOLDER))
        if match:
            message = _(
                "`{folder}/` is not a folder digictl reads, so its files are ignored; "
                "did you mean `{match}`?",
                folder=folder,
                match=match,
            )
        else:
            message = _(
                "`{folder}/` is not a folder digictl reads, so its files are ignored",
                folder=folder,
            )
    elif not folder:
        message = _(
            "`{file}` is ignored: only network.yaml belongs at the top of the data directory",
            file=rel,
        )
    else:
        return []
    return [FileProblem("schema", message, shown, 1, None, warning=True)]


def _raw_or_why(content: bytes | LoadError | OSError) -> tuple[bytes | None, str | None]:
    """The bytes of a file, or None and why it cannot be read."""
    if isinstance(content, LoadError):
        return None, content.message
    if isinstance(content, OSError):
        return None, _unreadable_file(content)
    return content, None


def _load_entries(data: Dataset, jobs: list[_Job], cache: LoadCache | None) -> None:
    """Fill every entry's document from the cache or by loading; collect the problems."""
    results: list[tuple[Document | None, list[FileProblem], bool] | None] = [
        cache.get(e.digest) if cache is not None and e.digest else None for e in data.entries
    ]
    missing = [i for i, r in enumerate(results) if r is None]
    for i, result in zip(missing, _load_all([jobs[i] for i in missing]), strict=True):
        results[i] = result
        if cache is not None and data.entries[i].digest:
            cache.put(data.entries[i].digest, result)
    for entry, loaded in zip(data.entries, results, strict=True):
        assert loaded is not None
        entry.doc, problems, entry.valid = loaded
        data.problems.extend(problems)
    if cache is not None:
        cache.save()
