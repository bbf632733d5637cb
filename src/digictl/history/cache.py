"""A cache of loaded and schema-checked files, keyed by what determines the result.

The key is the file's kind, its shown path and the SHA-1 of its bytes, so a hit is
exactly what loading would give. The cache lives in the repository's real git
directory (``.git/digictl``, never anything found in the data), is versioned by
digictl's version, the source of the code that loads and the schema texts, and is
written atomically: concurrent runs never see a half-written file, the last writer wins.
Every command that checks the data reads through it (the working tree, or ``--at``), as
does ``diff``; each holds it while it checks (``held``) and saves it once, after the rules,
with the line tables its findings needed.

It holds data, never code: one line of JSON per entry, with a checksum. Numbers keep
their source text (``YamlInt.raw``), so a hit equals a fresh load value for value and
type for type; a value of any other type is simply not cached. A line that is
unreadable, truncated, altered or of another shape is a miss, and is written again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from digictl import __version__, i18n, resources
from digictl.errors import DigictlError
from digictl.fsutil import write_atomic
from digictl.load import kinds
from digictl.load.loader import Document, JsonPath, YamlFloat, YamlInt
from digictl.vocabulary import LANGUAGES

MAX_ENTRIES = 200_000
MAX_FILE_BYTES = 1 << 30  # a bigger cache file is not read (it is replaced)
FORMAT = b"digictl-load-cache 1"
# the modules whose code decides what a cached entry holds
_CODE = (
    "history/cache.py",
    *("load/loader.py", "load/dataset.py", "load/schemas.py", "load/paths.py"),
)
_DOC_FIELDS = ("file", "rel", "data", "text", "line_table")
_PROBLEM_FIELDS = ("rule", "message", "file", "line", "entity", "warning")
_KEY = re.compile(r"[0-9a-f]{40}")
# the cache file is opened without following a link and without waiting on a pipe
_READ = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)

# what read_dataset stores: (document or None, problems, usable)
Loaded = tuple[Document | None, list[Any], bool]


@cache
def salt() -> str:
    h = hashlib.sha1(__version__.encode())
    for name in ["common.schema.json", *(k.schema for k in kinds.ALL)]:
        h.update(resources.schemas().joinpath(name).read_bytes())
    here = Path(__file__).parents[1]  # the package
    for module in _CODE:
        with contextlib.suppress(OSError):
            h.update(module.encode() + (here / module).read_bytes())
    # the load's messages are kept translated: a new translation is a new cache
    for lang in LANGUAGES:
        with contextlib.suppress(OSError):
            h.update((i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").read_bytes())
    return h.hexdigest()[:16]


def key(kind: str, shown: str, raw: bytes) -> str:
    """The cache key of a file's load: its kind, name and bytes, and the language its
    problems are told in."""
    return hashlib.sha1(f"{kind}\0{shown}\0{i18n.current()}\0".encode() + raw).hexdigest()


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha1(payload).hexdigest()[:16].encode()


# --- values: JSON as it is, except numbers whose text JSON would not keep ----------------


class Uncacheable(Exception):
    """A value the cache cannot hold exactly (it is then loaded each time)."""


def _encode_value(value: Any, path: list[str | int], odd: list[list[Any]]) -> Any:
    t = type(value)
    if t is str or t is bool or value is None:
        return value
    if t is YamlInt:
        if int.__repr__(value) == value.raw:
            return value
        odd.append([list(path), "i", value.raw])
        return None
    if t is YamlFloat:
        if float.__repr__(value) == value.raw:
            return value
        odd.append([list(path), "f", value.raw])
        return None
    if t is list:
        out = []
        for i, item in enumerate(value):
            path.append(i)
            out.append(_encode_value(item, path, odd))
            path.pop()
        return out
    if t is dict:
        result = {}
        for k, item in value.items():
            if type(k) is not str:
                raise Uncacheable
            path.append(k)
            result[k] = _encode_value(item, path, odd)
            path.pop()
        return result
    raise Uncacheable


def _plain_path(raw: Any) -> JsonPath:
    if type(raw) is not list:
        raise ValueError("a path is a list")
    out: list[str | int] = []
    for part in raw:
        if type(part) is str:
            out.append(part)
        elif isinstance(part, int) and not isinstance(part, bool) and part >= 0:
            out.append(int(part))
        else:
            raise ValueError("a path holds keys and indexes")
    return tuple(out)


def _patch(data: dict[str, Any], odd: Any) -> None:
    """Put back the numbers JSON could not hold with their text."""
    if type(odd) is not list:
        raise ValueError("odd numbers are a list")
    for item in odd:
        if type(item) is not list or len(item) != 3 or item[1] not in ("i", "f"):
            raise ValueError("an odd number is [path, kind, text]")
        path, kind, raw = _plain_path(item[0]), item[1], item[2]
        if not path or type(raw) is not str:
            raise ValueError("an odd number has a path and a text")
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        in_map = type(parent) is dict and type(last) is str and parent.get(last, 0) is None
        in_list = type(parent) is list and type(last) is int and parent[last] is None
        if not (in_map or in_list):
            raise ValueError("an odd number's place is not empty")
        parent[last] = YamlInt(raw) if kind == "i" else YamlFloat(raw)
        if parent[last].raw != raw:  # pragma: no cover - the constructors keep the text
            raise ValueError("the text changed")


# --- entries ------------------------------------------------------------------------------


def encode(value: Loaded) -> bytes:
    """One entry as a line of JSON (ASCII, no line break). Raises Uncacheable."""
    doc, problems, usable = value
    if type(problems) is not list or type(usable) is not bool:
        raise Uncacheable
    doc_json = None if doc is None else _encode_doc(doc)
    rows = [_encode_problem(p) for p in problems]
    try:
        text = json.dumps([doc_json, rows, usable], ensure_ascii=True, separators=(",", ":"))
    except (ValueError, TypeError, RecursionError):
        raise Uncacheable from None
    return text.encode("ascii")


def _encode_doc(doc: Document) -> dict[str, Any]:
    if type(doc) is not Document or tuple(f.name for f in dataclasses.fields(doc)) != (_DOC_FIELDS):
        raise Uncacheable
    if type(doc.data) is not dict or type(doc.text) is not str or type(doc.rel) is not str:
        raise Uncacheable
    odd: list[list[Any]] = []
    return {
        "file": doc.file.as_posix(),
        "rel": doc.rel,
        "text": doc.text,
        "data": _encode_value(doc.data, [], odd),
        "odd": odd,
        "lines": _lines_to_keep(doc),
    }


def _lines_to_keep(doc: Document) -> str | None:
    """The line table to keep: as it was kept, or the one built if a finding asked for a
    line (the others cost more to keep than to parse again)."""
    kept = doc.kept_lines()
    if isinstance(kept, _KeptLines):
        return kept.json
    return _encode_lines(doc.line_table) if doc.line_table and doc.lines_asked() else None


def _encode_lines(table: dict[JsonPath, int]) -> str:
    """The line table as JSON text of [path, line] rows, kept as a string inside the entry
    (``_KeptLines`` reads a line from it in place; the plain decoder reads it whole)."""
    return json.dumps(list(table.items()), ensure_ascii=True, separators=(",", ":"))


def _encode_problem(p: Any) -> list[Any]:
    from digictl.load.dataset import FileProblem

    if type(p) is not FileProblem or tuple(f.name for f in dataclasses.fields(p)) != (
        _PROBLEM_FIELDS
    ):
        raise Uncacheable
    if not (type(p.rule) is type(p.message) is type(p.file) is str):
        raise Uncacheable
    if type(p.line) is not int or type(p.warning) is not bool:
        raise Uncacheable
    if p.entity is not None and type(p.entity) is not str:
        raise Uncacheable
    return [p.rule, p.message, p.file, p.line, p.entity, p.warning]


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError("expected text")
    return value


def _line(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("expected a line number")
    return int(value)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a value a YAML file gives")


_DECODER = json.JSONDecoder(parse_int=YamlInt, parse_float=YamlFloat, parse_constant=_no_constant)
_PLAIN = json.JSONDecoder(parse_constant=_no_constant)


def decode(payload: bytes) -> Loaded:
    """An entry from its line of JSON. Raises ValueError (or a subclass) for any damage."""
    try:
        raw = _DECODER.decode(payload.decode("ascii"))
    except RecursionError:
        raise ValueError("nested too deep") from None
    if type(raw) is not list or len(raw) != 3:
        raise ValueError("an entry is [document, problems, usable]")
    doc_json, rows, usable = raw
    if type(usable) is not bool or type(rows) is not list:
        raise ValueError("bad entry")
    doc = None if doc_json is None else _decode_doc(doc_json)
    return doc, [_decode_problem(row) for row in rows], usable


def _decode_doc(doc_json: Any) -> Document:
    if type(doc_json) is not dict or set(doc_json) != {
        "file", "rel", "text", "data", "odd", "lines",
    }:  # fmt: skip
        raise ValueError("bad document")
    data = doc_json["data"]
    if type(data) is not dict:
        raise ValueError("a document's data is a mapping")
    _patch(data, doc_json["odd"])
    lines = doc_json["lines"]
    if lines is not None and type(lines) is not str:
        raise ValueError("bad line table")
    doc = Document(
        file=Path(_text(doc_json["file"])),
        rel=_text(doc_json["rel"]),
        data=data,
        text=_text(doc_json["text"]),
    )
    if lines is not None:  # read when a line is asked for (most documents need none)
        doc.keep_lines(_KeptLines(lines))
    return doc


class _KeptLines:
    """A line table as the cache keeps it, JSON rows ``[[path...],line]``, read in place.

    The row of a path is found by searching for its JSON, ``[["key",0],``: for a path that
    starts with a key that text occurs nowhere else, for a quote inside a JSON string is
    always escaped. A warm run then decodes no table, and holds none in memory.
    """

    __slots__ = ("json",)

    def __init__(self, json_text: str) -> None:
        self.json = json_text

    def line_of(self, path: JsonPath) -> int | None:
        needle = "[" + json.dumps(list(path), ensure_ascii=True, separators=(",", ":")) + ","
        at = self.json.find(needle)
        if at < 0:
            return None
        start = at + len(needle)
        end = self.json.find("]", start)
        digits = self.json[start:end] if end > 0 else ""
        if not (0 < len(digits) <= 9 and digits.isascii() and digits.isdigit()):
            raise ValueError("bad line table")
        return int(digits)

    def table(self) -> dict[JsonPath, int]:
        table = _decode_lines(self.json)
        if table is None:
            raise ValueError("bad line table")
        return table


def _decode_lines(lines: Any) -> dict[JsonPath, int] | None:
    if lines is None:
        return None
    if type(lines) is not str:
        raise ValueError("bad line table")
    try:
        rows = _PLAIN.decode(lines)
    except RecursionError:
        raise ValueError("nested too deep") from None
    if type(rows) is not list:
        raise ValueError("bad line table")
    table: dict[JsonPath, int] = {}
    for item in rows:
        if type(item) is not list or len(item) != 2:
            raise ValueError("bad line table")
        path, n = item
        if type(path) is not list or type(n) is not int or n < 0:
            raise ValueError("bad line table")
        for part in path:
            if type(part) is not str and (type(part) is not int or part < 0):
                raise ValueError("a path holds keys and indexes")
        table[tuple(path)] = n
    return table


def _decode_problem(row: Any) -> Any:
    from digictl.load.dataset import FileProblem

    if type(row) is not list or len(row) != 6:
        raise ValueError("bad problem")
    rule, message, file, line, entity, warning = row
    if type(warning) is not bool or (entity is not None and type(entity) is not str):
        raise ValueError("bad problem")
    return FileProblem(_text(rule), _text(message), _text(file), _line(line), entity, warning)


class LoadCache:
    """Loaded files by key, read from and saved to ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / f"loaded-{salt()}.jsonl"
        self.entries: dict[str, Entry]  # key -> b"checksum json", decoded on demand
        self.entries, self.dirty = _read(self.path)  # damage is written over on save
        self._decoded: dict[str, Loaded] = {}
        self._no_lines: set[str] = set()  # kept without the line table their document got since
        self.hold = False  # while set, save() waits (the caller saves once, at the end)
        self._pending: dict[str, Loaded] = {}  # put while holding: encoded on save

    def _track(self, k: str, value: Loaded, kept_lines: bool) -> None:
        """Remember an entry kept without the line table of its document."""
        if value[0] is not None and not kept_lines:
            self._no_lines.add(k)

    def get(self, k: str) -> Any:
        if k in self._decoded:
            return self._decoded[k]
        line = self.entries.get(k)
        if line is None:
            return None
        check, _, payload = bytes(line).partition(b" ")
        try:
            if check != _checksum(payload):
                raise ValueError("the checksum does not match")
            value = decode(payload)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            del self.entries[k]  # a miss: loaded again, and written again
            self.dirty = True
            return None
        self._decoded[k] = value
        self._track(k, value, value[0] is not None and value[0].has_lines())
        return value

    def put(self, k: str, value: Any) -> None:
        """Keep ``value`` under ``k``; while ``hold`` is set it is encoded on save, once."""
        if self.hold:
            self._pending[k] = value  # encoded at save, with the tables asked for by then
            self._decoded[k] = value
            self.dirty = True
            return
        try:
            payload = encode(value)
        except Uncacheable:
            return
        self.entries[k] = _checksum(payload) + b" " + payload
        self._decoded[k] = value
        doc = value[0]
        self._track(k, value, doc is not None and doc.line_table is not None and doc.lines_asked())
        self.dirty = True

    def add_line_tables(self) -> None:
        """Keep the line tables the documents got since they were read or put (a finding
        asked for a line), so the next run need not parse their text again to find one."""
        for k in list(self._no_lines):
            value = self._decoded.get(k)
            if value is None or value[0] is None:
                continue
            doc = value[0]
            if doc.line_table is not None and doc.lines_asked():
                self._no_lines.discard(k)
                self._pending[k] = value
                self.dirty = True

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the cache while a command checks: entries put meanwhile are encoded once,
        on the save at the end, with the line tables the findings asked for."""
        self.hold = True
        try:
            yield
        finally:
            self.add_line_tables()
            self.hold = False
            self.save()

    def _chunks(self, keys: list[str]) -> Iterator[bytes]:
        """The cache file's lines: entries as kept, and those put since encoded one at a
        time as they are written (a cold run never holds every encoded entry at once)."""
        yield _header()
        for k in keys:
            entry = self.entries.get(k)
            value = self._pending.get(k)
            if value is not None:
                try:
                    payload = encode(value)
                except Uncacheable:
                    continue
                entry = _checksum(payload) + b" " + payload
            if entry is not None:
                yield k.encode() + b" " + entry + b"\n"

    def save(self) -> None:
        if not self.dirty or self.hold:
            return
        keys = [k for k in self.entries if k not in self._pending] + list(self._pending)
        keys = keys[-MAX_ENTRIES:]  # the newest, when there are too many
        # a cache that cannot be written is only slower
        with contextlib.suppress(OSError, DigictlError):
            _remove_if_special(self.path)
            write_atomic(self.path, self._chunks(keys), force=True, parents=True)
            for old in self.path.parent.glob("loaded-*"):  # other versions' caches
                if old.name != self.path.name and old.is_file() and not old.is_symlink():
                    old.unlink()
        self.dirty = False


def _remove_if_special(path: Path) -> None:
    """Remove what holds the cache's name if it is a link, FIFO, socket or device (this
    name is digictl's own), so the cache can be written again; a folder is left alone."""
    with contextlib.suppress(FileNotFoundError):
        mode = os.lstat(path).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            path.unlink()


def _header() -> bytes:
    """The first line of this version's cache file."""
    return FORMAT + b" " + salt().encode() + b"\n"


# an entry as kept: b"checksum json", a view into the file read, or bytes put since
Entry = bytes | memoryview


def _read(path: Path) -> tuple[dict[str, Entry], bool]:
    """The entries of a cache file, and whether anything in it was damaged."""
    try:
        fd = os.open(path, _READ)
    except FileNotFoundError:
        return {}, False
    except OSError:  # unreadable, or a link (never followed): replaced on save
        return {}, True
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)  # a FIFO would block, a device never end
    except OSError:
        regular = False
    if not regular:
        os.close(fd)
        return {}, True
    try:
        with os.fdopen(fd, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError:
        return {}, True
    header = _header()
    if len(raw) > MAX_FILE_BYTES or not raw.startswith(header):
        return {}, True
    # each entry is a view into the one buffer read: the file is in memory once
    whole = memoryview(raw)
    entries: dict[str, Entry] = {}
    damaged = not raw.endswith(b"\n")  # the last line ends with a line break
    start = len(header)
    while start < len(raw):
        end = raw.find(b"\n", start)
        if end < 0:
            break  # the unfinished last line (damaged, above)
        space = start + 40
        name = raw[start:space].decode("ascii", "replace")
        if (
            end - space > 18
            and raw[space : space + 1] == b" "
            and raw[space + 17 : space + 18] == b" "
            and _KEY.fullmatch(name)
        ):
            entries[name] = whole[space + 1 : end]
        else:
            damaged = True
        start = end + 1
    return entries, damaged
