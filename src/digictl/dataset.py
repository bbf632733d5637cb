"""Reading a data repository: discover its files, load and schema-check them.

Parsing and schema checking happen here once; rules read the result. Where
the files come from is a ``Source`` (a directory now, a git revision later),
so the same reading serves ``--at REV``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

from digictl import kinds
from digictl.errors import InputError, LoadError
from digictl.kinds import Kind
from digictl.loader import Document, load_bytes
from digictl.schemas import did_you_mean, validate

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


class DirectorySource:
    """The files of a data directory on disk."""

    def __init__(self, root: Path) -> None:
        if not root.exists():
            raise InputError(f"the data directory {str(root)!r} does not exist; pass --data DIR")
        if not root.is_dir():
            raise InputError(f"{str(root)!r} is not a directory; pass --data DIR")
        self.root = root
        self.label = root.resolve().name or str(root)

    def files(self) -> list[str]:
        out: list[str] = []
        for path in self.root.rglob("*"):
            rel = path.relative_to(self.root)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if path.is_file():
                out.append(rel.as_posix())
        return sorted(out)

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()


@dataclass
class Entry:
    """One entity file: its kind, file stem and (when it loaded) its document."""

    kind: Kind
    stem: str
    rel: str  # shown path, e.g. data/projects/x.yaml
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

    def of(self, kind: Kind, valid_only: bool = True) -> Iterator[Entry]:
        for e in self.entries:
            if e.kind is kind and e.doc is not None and (e.valid or not valid_only):
                yield e

    @property
    def files(self) -> int:
        return len(self.entries)


def classify(rel: str) -> tuple[Kind | None, str]:
    """The kind of a file by its place in the data directory, and its stem."""
    p = PurePosixPath(rel)
    if p.suffix not in YAML_SUFFIXES:
        return None, p.stem
    if len(p.parts) == 1:
        return (kinds.NETWORK if p.stem == "network" else None), p.stem
    if len(p.parts) == 2 and p.parts[0] in kinds.BY_FOLDER:
        return kinds.BY_FOLDER[p.parts[0]], p.stem
    return None, p.stem


def read_dataset(source: Source) -> Dataset:
    """Discover, load and schema-check every file of a data directory."""
    data = Dataset(label=source.label)
    files = source.files()
    known_folders = set(kinds.BY_FOLDER)
    if not any(classify(f)[0] for f in files):
        raise InputError(
            f"{source.label!r} is not a digictl data directory: it has no network.yaml and no "
            f"{', '.join(sorted(f + '/' for f in known_folders))} with YAML files; pass --data DIR"
        )
    stray_folders: set[str] = set()
    for rel in files:
        kind, stem = classify(rel)
        shown = f"{source.label}/{rel}"
        if kind is None:
            p = PurePosixPath(rel)
            if p.suffix in YAML_SUFFIXES:
                folder = p.parts[0] if len(p.parts) > 1 else ""
                if folder and folder not in stray_folders:
                    stray_folders.add(folder)
                    hint = did_you_mean(folder, known_folders)
                    data.problems.append(
                        FileProblem(
                            "schema",
                            f"`{folder}/` is not a folder digictl reads, so its files are "
                            f"ignored{hint}",
                            shown,
                            1,
                            None,
                            warning=True,
                        )
                    )
                elif not folder:
                    data.problems.append(
                        FileProblem(
                            "schema",
                            f"`{rel}` is ignored: only network.yaml belongs at the top of the "
                            "data directory",
                            shown,
                            1,
                            None,
                            warning=True,
                        )
                    )
            continue
        entry = Entry(kind=kind, stem=stem, rel=shown)
        data.entries.append(entry)
        try:
            entry.doc = load_bytes(source.read(rel), Path(rel), shown)
        except LoadError as exc:
            data.problems.append(FileProblem("yaml", exc.message, shown, exc.line, entry.entity))
            continue
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            data.problems.append(
                FileProblem("yaml", f"the file cannot be read: {reason}", shown, 1, entry.entity)
            )
            continue
        problems = validate(kind, entry.doc.data)
        # unknown keys are reported, but do not stop the other rules from reading the file
        entry.valid = all(p.unknown_key for p in problems)
        for problem in problems:
            data.problems.append(
                FileProblem(
                    "schema",
                    problem.message,
                    shown,
                    entry.doc.line(*problem.path),
                    entry.entity,
                )
            )
    if not any(e.kind is kinds.NETWORK for e in data.entries):
        data.problems.append(
            FileProblem(
                "schema",
                "network.yaml is missing: every data directory describes its partnership there",
                f"{source.label}/network.yaml",
                1,
                None,
            )
        )
    return data
