"""The write framework of the authoring commands.

A ``Workspace`` reads files of a data directory as round-trip documents on demand, keeps
every file a command changes or creates in memory, and ``commit`` judges the change as
``digictl diff`` would (the data on disk against the data with the change) before it writes
anything: a change that introduces an error is refused unless forced.
"""

from __future__ import annotations

import difflib
import io
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TextIO

from ruamel.yaml.comments import CommentedMap

from digictl.author import yamldoc
from digictl.errors import DigictlError, InputError, LoadError, UsageError
from digictl.findings import Severity
from digictl.fsutil import write_atomic
from digictl.history.cache import LoadCache
from digictl.i18n import _, ngettext
from digictl.load.dataset import DirectorySource, Refused, classify

if TYPE_CHECKING:
    from digictl.facts import Facts
    from digictl.history.review import Review
    from digictl.model import Model

EXIT_OK = 0
EXIT_REFUSED = 1


class MemoryCache(LoadCache):
    """Loaded files kept in memory for one command: the data on disk is parsed once for
    the lookups, the base and the head of the review (only changed files again)."""

    def __init__(self) -> None:
        self.entries = {}
        self.dirty = False
        self._decoded: dict[str, Any] = {}

    def get(self, k: str) -> Any:
        return self._decoded.get(k)

    def put(self, k: str, value: Any) -> None:
        self._decoded[k] = value

    def add_line_tables(self) -> None:
        return None

    def save(self) -> None:
        return None


class OverlaySource:
    """The data directory as it would be with the changed files' new bytes."""

    def __init__(self, base: DirectorySource, files: dict[str, bytes]) -> None:
        self.base = base
        self.label = base.label
        self.overlay = dict(files)

    def files(self) -> list[str]:
        return sorted(set(self.base.files()) | set(self.overlay))

    def read(self, rel: str) -> bytes:
        if rel in self.overlay:
            return self.overlay[rel]
        return self.base.read(rel)

    def refused(self) -> list[Refused]:
        return self.base.refused()


@dataclass
class Outcome:
    """What a commit did: the review of the change, the files (relative path -> new text),
    whether it was refused, what was written, and the unified diff of a dry run."""

    review: Review
    files: dict[str, str]
    refused: bool
    dry_run: bool
    written: list[str] = field(default_factory=list)
    diff: str = ""

    @property
    def exit_code(self) -> int:
        return EXIT_REFUSED if self.refused else EXIT_OK

    def show(self, out: TextIO) -> None:
        """The change in `digictl diff`'s sentences, then the verdict (and a dry run's diff)."""
        from digictl.output.findings.review import text_review

        text_review(self.review, out)
        if self.dry_run:
            from digictl.output.escape import terminal

            out.writelines(terminal(line) + "\n" for line in self.diff.splitlines())
        if self.refused:
            errors = self.review.count(self.review.introduced, Severity.ERROR)
            refused = ngettext(
                "refused: the change introduces {n} error; nothing was written "
                "(fix the values, or pass --force to write it anyway)",
                "refused: the change introduces {n} errors; nothing was written "
                "(fix the values, or pass --force to write it anyway)",
                errors,
            )
            out.write(refused + "\n")
        elif self.dry_run:
            out.write(_("dry run: nothing was written") + "\n")
        else:
            for rel in self.written:
                out.write(_("wrote {path}", path=rel) + "\n")


class Workspace:
    """Files of one data directory, read as round-trip YAML, changed in memory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.source = DirectorySource(data_dir)
        self._docs: dict[str, CommentedMap] = {}
        self._before: dict[str, str | None] = {}  # rel -> text on disk, None for a new file
        self._model: Model | None = None
        self._cache = MemoryCache()
        # rel -> (starts with a byte-order mark, ends its lines with CRLF): kept when written
        self._style: dict[str, tuple[bool, bool]] = {}

    # reading

    def exists(self, rel: str) -> bool:
        return rel in self._docs or rel in self.source.files()

    def shown(self, rel: str) -> str:
        """How a file is named in messages: ``data/people/kari.yaml``."""
        return f"{self.source.label}/{rel}"

    def edit(self, rel: str) -> CommentedMap:
        """The round-trip document of an existing file, to change in place."""
        if rel not in self._docs:
            if rel not in self.source.files():
                raise UsageError(_("{file} does not exist", file=self.shown(rel)))
            try:
                raw = self.source.read(rel)
            except LoadError as exc:
                raise InputError(exc.message, self.shown(rel)) from None
            except OSError as exc:
                raise InputError(
                    _("cannot read it: {reason}", reason=exc.strerror or exc), self.shown(rel)
                ) from None
            from digictl.load.loader import check_size, decode

            try:
                check_size(len(raw))
                text = decode(raw)
            except LoadError as exc:
                raise InputError(exc.message, self.shown(rel), exc.line) from None
            self._docs[rel] = yamldoc.load(text, self.shown(rel))
            self._before[rel] = text
            self._style[rel] = (raw.startswith(b"\xef\xbb\xbf"), "\r\n" in text)
        return self._docs[rel]

    def create(self, rel: str, doc: CommentedMap) -> CommentedMap:
        """A new file; a UsageError when a file of that name exists."""
        if self.exists(rel):
            raise UsageError(_("{file} already exists", file=self.shown(rel)))
        line = self._schema_line(rel)
        if line is not None:
            doc.yaml_set_start_comment(line)
        self._docs[rel] = doc
        self._before[rel] = None
        return doc

    def _schema_line(self, rel: str) -> str | None:
        """The editor's schema comment that `digictl init` starts every file with, when the
        repository has the schemas init put in `.digictl/schemas` beside the data directory."""
        kind, _where = classify(rel)
        if kind is None:
            return None
        schema = f".digictl/schemas/{kind.name}.schema.json"
        if not (self.data_dir.parent / schema).is_file():
            return None
        return f"yaml-language-server: $schema={'../' * (rel.count('/') + 1)}{schema}"

    def created(self, folder: str) -> set[str]:
        """The ids (file stems) of the files created in ``folder`` so far."""
        return {
            PurePosixPath(rel).stem
            for rel, before in self._before.items()
            if before is None and PurePosixPath(rel).parent.as_posix() == folder
        }

    def model(self) -> Model:
        """The data as it is on disk, as typed records (for lookups and did-you-mean)."""
        if self._model is None:
            from digictl.load.dataset import read_dataset
            from digictl.model import build

            self._model = build(read_dataset(self.source, self._cache))
        return self._model

    def facts(self, as_of: date) -> Facts:
        from digictl.facts import facts_of

        return facts_of(self.model(), as_of)

    def discard(self) -> None:
        """Forget every change made so far (what was read from disk stays known)."""
        self._docs.clear()
        self._before.clear()
        self._style.clear()

    # writing

    def changes(self) -> dict[str, str]:
        """Every changed or created file: relative path -> its new text."""
        out: dict[str, str] = {}
        for rel, doc in self._docs.items():
            new = self._styled(rel, yamldoc.dump(doc))
            if new != self._before[rel]:
                out[rel] = new
        return out

    def _styled(self, rel: str, text: str) -> str:
        """``text`` with the line endings of the file on disk (a file saved on Windows keeps
        its CRLF, so the change is only the lines that changed); the BOM goes back in _write."""
        _bom, crlf = self._style.get(rel, (False, False))
        return text.replace("\r\n", "\n").replace("\n", "\r\n") if crlf else text

    def commit(
        self,
        as_of: date,
        skip: tuple[str, ...] = (),
        force: bool = False,
        dry_run: bool = False,
    ) -> Outcome:
        """Judge the change, then write it (unless refused or a dry run)."""
        from digictl.history.review import review

        files = self.changes()
        if not files:
            raise UsageError(_("nothing to change: the data already says that"))
        for rel in files:
            self._check_path(rel)
        head = OverlaySource(self.source, {r: t.encode("utf-8") for r, t in files.items()})
        result = review(
            DirectorySource(self.data_dir),
            head,
            as_of,
            skip,
            base_label="on disk",
            head_label="with this change",
            cache=self._cache,
        )
        refused = result.failed and not force
        outcome = Outcome(result, files, refused, dry_run, diff=self._diff(files))
        if not refused and not dry_run:
            for rel, new in files.items():
                self._write(rel, new)
                outcome.written.append(self.shown(rel))
        return outcome

    def _diff(self, files: dict[str, str]) -> str:
        out = io.StringIO()
        for rel, new in files.items():
            old = self._before[rel]
            out.writelines(
                difflib.unified_diff(
                    (old or "").splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    fromfile="/dev/null" if old is None else f"a/{self.shown(rel)}",
                    tofile=f"b/{self.shown(rel)}",
                )
            )
        return out.getvalue()

    def _check_path(self, rel: str) -> None:
        """No component below the data directory may be a link or anything but a folder."""
        path = self.data_dir
        parts = PurePosixPath(rel).parts
        for i, part in enumerate(parts):
            path = path / part
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                return
            last = i == len(parts) - 1
            if stat.S_ISLNK(mode):
                raise InputError(
                    _(
                        "this is a symbolic link; digictl does not follow links in the data "
                        "directory (replace the link with the file or folder itself)"
                    ),
                    self.shown(rel),
                )
            if not last and not stat.S_ISDIR(mode):
                raise UsageError(
                    _(
                        "cannot write {file}: {path} is not a folder",
                        file=self.shown(rel),
                        path=path,
                    )
                )

    def _write(self, rel: str, new: str) -> None:
        path = self.data_dir / rel
        if self._style.get(rel, (False, False))[0]:
            new = "\ufeff" + new  # the byte-order mark the file had
        try:
            write_atomic(path, new, force=self._before[rel] is not None, parents=True)
        except OSError as exc:
            raise DigictlError(
                _("cannot write {path}: {reason}", path=path, reason=exc.strerror or exc)
            ) from exc
