"""Line-aware, loss-free, safe YAML loading.

The document is composed into a node tree by libyaml's C parser when it is
present (pure-Python PyYAML otherwise) with *no* implicit type resolution,
and the values are then built here, YAML 1.2 style:

- quoted scalars are text;
- plain ``true``/``false`` are booleans, ``null``/``~``/empty is null,
  decimal integers without a leading zero are integers, decimals are numbers;
- everything else is text: ``NO``, ``on``, ``yes``, ``0301``, ``22:22`` and
  ``2021-02-30`` stay exactly as written. Numbers keep their source text
  (``.raw``) so a string field written ``version: 1.10`` is not changed.

Every value's line is recorded by its path in the document, duplicate keys
are errors naming both lines, tags other than ``!!str`` are refused and so
are aliases (which also makes alias bombs fail at once).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from digictl.errors import LoadError

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    HAVE_LIBYAML = False

JsonPath = tuple[str | int, ...]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64

_PLAIN = "tag:digictl:plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$", re.ASCII)
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", re.ASCII)


class YamlInt(int):
    """An integer read from a plain scalar; ``raw`` is the text as written."""

    raw: str

    def __new__(cls, raw: str) -> YamlInt:
        obj = super().__new__(cls, int(raw))
        obj.raw = raw
        return obj


class YamlFloat(float):
    """A number read from a plain scalar; ``raw`` is the text as written."""

    raw: str

    def __new__(cls, raw: str) -> YamlFloat:
        obj = super().__new__(cls, float(raw))
        obj.raw = raw
        return obj


def text_of(value: object) -> str:
    """The text of a scalar as written in the file (numbers keep their source text)."""
    if isinstance(value, YamlInt | YamlFloat):
        return value.raw
    return str(value)


class _Resolver(BaseResolver):
    """Resolves nothing implicitly: plain scalars are tagged for our own typing."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


if HAVE_LIBYAML:

    class _Composer(_Parser, _Resolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

else:  # pragma: no cover
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Composer(Reader, Scanner, Parser, Composer, _Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _Resolver.__init__(self)


@dataclass
class Document:
    """One loaded YAML file: its data, and the line of every value on demand.

    The line table is built the first time a line is asked for (by parsing the
    kept text again), so the many files that need no finding cost no line table.
    """

    file: Path
    rel: str
    data: dict[str, Any]
    text: str = ""
    line_table: dict[JsonPath, int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[JsonPath, int]:
        if self.line_table is None:
            self.line_table = parse(self.text)[1] if self.text else {}
        return self.line_table

    def line(self, *path: str | int) -> int:
        """The line of the value at ``path``, or of its nearest recorded ancestor."""
        p: JsonPath = tuple(path)
        while p:
            found = self.lines.get(p)
            if found is not None:
                return found
            p = p[:-1]
        return 1


def decode(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed); a bad byte is a LoadError naming its line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise LoadError(
            f"the file is not valid UTF-8 text (byte 0x{bad} at column {column}); save it as UTF-8",
            line,
            column,
        ) from None


def compose(text: str) -> Any:
    """Compose YAML text into a node tree, mapping parser errors to LoadError."""
    try:
        loader = _Composer(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc) from None
    try:
        return loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"the file is not valid YAML: {exc}") from None
    except RecursionError:
        raise LoadError(f"the file nests deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def _reader_error(text: str, exc: yaml.reader.ReaderError) -> LoadError:
    position = max(0, min(int(exc.position), len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    char = exc.character
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return LoadError(
        f"the file contains the control character {code}, which YAML does not allow; remove it",
        line,
        column,
    )


def _syntax_error(exc: yaml.MarkedYAMLError) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = (exc.problem or "").strip()
    if "'\\t'" in problem or "\\t" in problem or "tab" in problem:
        return LoadError(
            f"a tab character at column {column} cannot indent YAML; use spaces", line, column
        )
    if "expected a single document" in problem or "expected a single document" in str(exc.context):
        return LoadError("the file holds more than one YAML document (---); keep one", line, column)
    if "found undefined alias" in (exc.context or "") or "undefined alias" in problem:
        return LoadError("anchors and aliases (&, *) are not allowed in digictl data", line, column)
    if "mapping values are not allowed" in problem:
        return LoadError(
            "the file is not valid YAML: a value containing ': ' must be put in quotes",
            line,
            column,
        )
    context = f" {exc.context}" if exc.context else ""
    return LoadError(f"the file is not valid YAML:{context} {problem}".rstrip(), line, column)


def _tag_error(node: Node) -> LoadError:
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    return LoadError(
        f"the tag `{tag}` is not allowed in digictl data; remove it",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )


class _Builder:
    """Builds plain Python values from a node tree, recording lines by path."""

    def __init__(self, record: bool = True) -> None:
        self.record = record
        self.lines: dict[JsonPath, int] = {}
        self.seen: set[int] = set()

    def build(self, node: Node, path: JsonPath, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise LoadError(
                f"the file nests deeper than {MAX_DEPTH} levels", node.start_mark.line + 1
            )
        if id(node) in self.seen:
            raise LoadError(
                "anchors and aliases (&, *) are not allowed in digictl data: "
                f"the value first written at line {node.start_mark.line + 1} is reused here",
                self.lines.get(path, node.start_mark.line + 1),
            )
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ)
            items = []
            for index, item in enumerate(node.value):
                sub = (*path, index)
                if self.record:
                    self.lines[sub] = item.start_mark.line + 1
                items.append(self.build(item, sub, depth + 1))
            return items
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        raise LoadError("unsupported YAML node", node.start_mark.line + 1)  # pragma: no cover

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag not in (expected, _PLAIN, _STR):
            raise _tag_error(node)

    def _scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        if node.tag == _STR:
            return value
        if node.tag != _PLAIN:
            raise _tag_error(node)
        if value in ("", "~", "null", "Null", "NULL"):
            return None
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        if _INT.match(value):
            return YamlInt(value)
        if _FLOAT.match(value):
            return YamlFloat(value)
        return sys.intern(value) if len(value) <= 24 else value  # ids, dates, enum words repeat

    def _mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        self._check_tag(node, _MAP)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise LoadError(
                    "a key must be plain text, not a list or mapping",
                    line,
                    key_node.start_mark.column + 1,
                )
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                key_node.value == "<<" and key_node.tag == _PLAIN
            ):
                raise LoadError(
                    "merge keys (<<) are not allowed in digictl data",
                    line,
                    key_node.start_mark.column + 1,
                )
            key = sys.intern(key_node.value)  # thousands of files share a few dozen keys
            if key in first_line:
                raise LoadError(
                    f"duplicate key `{key}` (first written at line {first_line[key]}); "
                    "a key may appear once in a mapping",
                    line,
                    key_node.start_mark.column + 1,
                )
            first_line[key] = line
            sub = (*path, key)
            if self.record:
                self.lines[sub] = line
            result[key] = self.build(value_node, sub, depth + 1)
        return result


def parse(text: str, record: bool = True) -> tuple[Any, dict[JsonPath, int]]:
    """Parse YAML text into (value, lines by path). Raises LoadError.

    Without ``record`` no line table is built (faster, smaller); an error found
    then is found again with lines, so it always names the right line.
    """
    node = compose(text)
    if node is None:
        return None, {}
    builder = _Builder(record)
    try:
        value = builder.build(node, ())
    except LoadError:
        if not record:
            return parse(text, record=True)
        raise
    builder.lines[()] = node.start_mark.line + 1
    return value, builder.lines


def load_text(text: str, file: Path, rel: str) -> Document:
    """Load one document whose top level must be a mapping."""
    value, lines = parse(text, record=False)
    if value is None:
        raise LoadError("the file is empty; it should hold a mapping of keys such as `id: ...`")
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "a single value"
        raise LoadError(
            f"the top level of the file is {kind}; "
            "it should be a mapping of keys such as `id: ...`",
            lines.get((), 1),
        )
    return Document(file=file, rel=rel, data=value, text=text)


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_BYTES (call it before reading when the size is known)."""
    if size > MAX_BYTES:
        raise LoadError(
            f"the file is {size // (1024 * 1024)} MiB; digictl reads files of at most "
            f"{MAX_BYTES // (1024 * 1024)} MiB"
        )


def load_bytes(raw: bytes, file: Path, rel: str) -> Document:
    """Load a document from its bytes. Raises LoadError."""
    check_size(len(raw))
    return load_text(decode(raw), file, rel)


def load_file(file: Path, rel: str) -> Document:
    """Read and load one file. Raises LoadError (also for unreadable files)."""
    try:
        check_size(file.stat().st_size)
        raw = file.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise LoadError(f"the file cannot be read: {reason}") from None
    return load_bytes(raw, file, rel)
