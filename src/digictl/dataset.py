"""Reading a data repository: discover its files, load and schema-check them.

Parsing and schema checking happen here once; rules read the result. Where
the files come from is a ``Source`` (a directory now, a git revision later),
so the same reading serves ``--at REV``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

from digictl import kinds
from digictl.cache import LoadCache
from digictl.cache import key as cache_key
from digictl.errors import InputError, LoadError
from digictl.kinds import Kind
from digictl.loader import Document, check_size, load_bytes
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
        path = self.root / rel
        check_size(path.stat().st_size)  # refuse before reading it into memory
        return path.read_bytes()


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
    p = PurePosixPath(rel)
    if p.suffix not in YAML_SUFFIXES:
        return None, p.stem
    if len(p.parts) == 1:
        return (kinds.NETWORK if p.stem == "network" else None), p.stem
    if len(p.parts) == 2 and p.parts[0] in kinds.BY_FOLDER:
        return kinds.BY_FOLDER[p.parts[0]], p.stem
    return None, p.stem


POOL_THRESHOLD = 1500  # files; below this a process pool costs more than it saves


def _load_one(
    kind_name: str, rel: str, shown: str, raw: bytes | None, error: str | None
) -> tuple[Document | None, list[FileProblem], bool]:
    """Load and schema-check one file: (document, problems, usable). Runs in a worker too."""
    kind = kinds.BY_NAME[kind_name]
    entity = "network" if kind is kinds.NETWORK else f"{kind.name}:{PurePosixPath(rel).stem}"
    if raw is None:
        return (
            None,
            [FileProblem("yaml", f"the file cannot be read: {error}", shown, 1, entity)],
            False,
        )
    try:
        doc = load_bytes(raw, Path(rel), shown)
    except LoadError as exc:
        return None, [FileProblem("yaml", exc.message, shown, exc.line, entity)], False
    problems = validate(kind, doc.data)
    found = [FileProblem("schema", p.message, shown, doc.line(*p.path), entity) for p in problems]
    # unknown keys are reported, but do not stop the other rules from reading the file
    return doc, found, all(p.unknown_key for p in problems)


def _load_chunk(
    jobs: list[tuple[str, str, str, bytes | None, str | None]],
) -> list[tuple[Document | None, list[FileProblem], bool]]:
    return [_load_one(*job) for job in jobs]


def _load_all(
    jobs: list[tuple[str, str, str, bytes | None, str | None]],
) -> list[tuple[Document | None, list[FileProblem], bool]]:
    """Load every file; across processes when there are many and more than one core."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < POOL_THRESHOLD or workers < 2 or "fork" not in mp.get_all_start_methods():
        return _load_chunk(jobs)
    for k in kinds.ALL:  # compile the validators once, before the workers fork
        validate(k, {})
    size = max(len(jobs) // (workers * 4), 64)
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            return [item for part in pool.map(_load_chunk, chunks) for item in part]
    except (OSError, BrokenProcessPool):  # no processes to be had: do it here
        return _load_chunk(jobs)


def read_dataset(source: Source, cache: LoadCache | None = None) -> Dataset:
    """Discover, load and schema-check every file of a data directory.

    With a ``cache``, files whose kind, path and bytes were loaded before are taken
    from it (``digictl diff`` reads two revisions that differ in a few files).
    """
    data = Dataset(label=source.label)
    files = source.files()
    known_folders = set(kinds.BY_FOLDER)
    if not any(classify(f)[0] for f in files):
        raise InputError(
            f"{source.label!r} is not a digictl data directory: it has no network.yaml and no "
            f"{', '.join(sorted(f + '/' for f in known_folders))} with YAML files; pass --data DIR"
        )
    stray_folders: set[str] = set()
    jobs: list[tuple[str, str, str, bytes | None, str | None]] = []
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
            raw: bytes | None = source.read(rel)
            error = None
        except LoadError as exc:
            raw, error = None, exc.message
        except OSError as exc:
            raw, error = None, f"the file cannot be read: {exc.strerror or exc.__class__.__name__}"
        jobs.append((kind.name, rel, shown, raw, error))
        entry.digest = cache_key(kind.name, shown, raw) if raw is not None else ""
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
