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
  Plain text that other YAML readers take for a number (``0301``, ``0x1F``,
  ``.inf``) is a ``NumberText``, so the schema check can ask for quotes.
- a number too large to read (over MAX_DIGITS digits, or beyond a float) is a
  LoadError, never a crash or an infinity in the output.

Every value's line is recorded by its path in the document, duplicate keys
are errors naming both lines. digictl's policy refuses valid YAML it does not
read, naming the policy rather than a syntax error: anchors and aliases (which
also makes alias bombs fail at once), tags (on keys too), several documents,
empty keys, and a top level that is not a mapping.

The loader passes the yaml-test-suite (tests/test_yaml_suite.py): where libyaml
refuses valid YAML (a tab in a block scalar), PyYAML's pure-Python parser is
asked; where libyaml accepts invalid YAML (a comment glued to a quoted scalar,
continuation lines not indented), the builder checks the source text.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from digictl.errors import LoadError
from digictl.i18n import _
from digictl.load.mistakes import conflict_marker, explain, looks_like_a_key, unclosed_quote
from digictl.load.paths import MAX_BYTES as MAX_BYTES

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    HAVE_LIBYAML = False

JsonPath = tuple[str | int, ...]

MAX_DEPTH = 64

_PLAIN = "tag:digictl:plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$", re.ASCII)
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", re.ASCII)
# What other YAML readers (YAML 1.2 core, and PyYAML's 1.1 integers) take for a number
# although digictl keeps it as text: 0301, 0o17, 0x1F, 0b101, 1_000, 01.5, .inf, .nan.
_OTHER_NUMBER = re.compile(
    r"^([-+]?[0-9][0-9_]*|0o[0-7]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$",
    re.ASCII,
)
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what the YAML parsers count as one
_NUMBER_START = frozenset("0123456789+-.")
MAX_DIGITS = (
    300  # far below Python's 4,300-digit limit on int <-> text, so sums and products stay readable
)


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


class NumberText(str):
    """A plain scalar digictl keeps as text that other YAML readers take for a number.

    ``kommunenummer: 0301`` is the text "0301" here, but 301 (or octal 193) for the
    editors, yq and scripts; the schema check asks for quotes where text is wanted.
    """

    __slots__ = ()


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


class _PureComposer(Reader, Scanner, Parser, Composer, _Resolver):
    """PyYAML's pure-Python parser: the second opinion where libyaml refuses valid YAML."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)


if HAVE_LIBYAML:

    class _Composer(_Parser, _Resolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

else:  # pragma: no cover
    _Composer = _PureComposer  # type: ignore[misc,assignment]


@dataclass
class Document:
    """One loaded YAML file: its data, and the line of every value on demand.

    ``load_text`` records the line table while parsing; a document made without one (a
    test's, an old cache entry's) parses its kept text again the first time a line is
    asked for.
    """

    file: Path
    rel: str
    data: dict[str, Any]
    text: str = ""
    line_table: dict[JsonPath, int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[JsonPath, int]:
        """The whole line table: built while loading, decoded from what the load cache
        kept, or (for a document made without one) parsed from the text again."""
        self.__dict__["_asked"] = True
        if self.line_table is None:
            kept = self.__dict__.pop("_kept", None)
            table = None
            if kept is not None:
                with contextlib.suppress(ValueError):  # damaged: parse again
                    table = kept.table()
            if table is None:
                table = parse(self.text)[1] if self.text else {}
            self.line_table = table
        return self.line_table

    def keep_lines(self, kept: KeptLines) -> None:
        """Answer lines from ``kept`` (the load cache's form of the table), which finds
        one line without decoding the table; most documents of a run need none."""
        self.__dict__["_kept"] = kept

    def kept_lines(self) -> KeptLines | None:
        return self.__dict__.get("_kept") if self.line_table is None else None

    def lines_asked(self) -> bool:
        """Whether a line was asked for: the tables worth keeping in the load cache."""
        return "_asked" in self.__dict__

    def has_lines(self) -> bool:
        """Whether the line table is built or kept (no parse is needed for a line)."""
        return self.line_table is not None or "_kept" in self.__dict__

    def line(self, *path: str | int) -> int:
        """The line of the value at ``path``, or of its nearest recorded ancestor."""
        self.__dict__["_asked"] = True
        kept = self.kept_lines()
        if kept is not None and path and type(path[0]) is str:
            with contextlib.suppress(ValueError):  # damaged: the whole table, parsed again
                return _nearest(path, kept.line_of)
        return _nearest(path, self.lines.get)


def _nearest(path: JsonPath, line_of: Callable[[JsonPath], int | None]) -> int:
    """The line ``line_of`` gives for ``path`` or its nearest ancestor that has one (1)."""
    p = tuple(path)
    while p:
        found = line_of(p)
        if found is not None:
            return found
        p = p[:-1]
    return 1


class KeptLines(Protocol):
    """A line table in another form (the load cache's), read without decoding it whole."""

    def line_of(self, path: JsonPath) -> int | None:
        """The line of exactly ``path`` (None: not in the table); ValueError if damaged."""
        ...

    def table(self) -> dict[JsonPath, int]:
        """The whole table; ValueError if damaged."""
        ...


def decode(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed); a bad byte is a LoadError naming its line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise LoadError(
            _(
                "the file is not valid UTF-8 text (byte 0x{byte} at column {column}); "
                "save it as UTF-8",
                byte=bad,
                column=column,
            ),
            line,
            column,
        ) from None


FALLBACK_BYTES = 256 * 1024  # the pure-Python second opinion is slow: small files only


def compose(text: str) -> Any:
    """Compose YAML text into a node tree, mapping parser errors to LoadError.

    libyaml (fast) composes; where it refuses, a policy violation seen before the
    error (an anchor, alias, tag or second document) is named first, and then
    PyYAML's pure-Python parser is asked, as libyaml refuses some valid YAML (tabs
    in block scalars), for files up to FALLBACK_BYTES. Git conflict markers are
    named before parsing; other mistakes are explained once the parsers failed.
    """
    marker = conflict_marker(text)
    if marker is not None:
        raise marker
    try:
        node = _compose_with(_Composer, text)
    except yaml.MarkedYAMLError as exc:
        refused = _policy(_Composer, text, failed=True) or _refused_shape(text, exc)
        if refused is not None:
            raise refused from None
        if not HAVE_LIBYAML or len(text) > FALLBACK_BYTES:
            raise _syntax_error(text, exc) from None
        try:
            node = _compose_with(_PureComposer, text)
        except (yaml.YAMLError, LoadError):
            node = _without_tab_space(text)
            if node is None:
                node = _with_flow_colons_joined(text, exc)
            if node is None:
                raise _syntax_error(text, exc) from None
        refused = _policy(_PureComposer, text)
    else:
        refused = _policy(_Composer, text) if "&" in text or "!" in text else None
    if refused is not None:
        raise refused
    return node


_OTHER_BREAK = re.compile("[\r\x85\u2028\u2029]")


def _without_tab_space(text: str) -> Any:
    """The node tree of ``text`` with tabs used as blank space turned into spaces, if safe.

    A line of only spaces and tabs is a blank line in YAML, and tabs between a line's
    indentation and its content are separation space, but libyaml and PyYAML take such
    a tab for indentation. Here blank lines are emptied and those tabs become spaces,
    and the result is kept only when that cannot change the data or the structure:
    no such line lies inside a quoted or block scalar (where it is content), and no key,
    block list, block mapping or block scalar begins where a tab stood. Else None.
    """
    if "\t" not in text or _OTHER_BREAK.search(text):  # lines are counted by "\n" alone
        return None
    untabbed = _Untabbed(text.split("\n"))
    if not untabbed.emptied and not untabbed.shifted:
        return None
    try:
        node = _compose_with(_Composer, "\n".join(untabbed.lines))
        # the spaces before the tab must be indentation enough on their own: the data
        # is the same whether the tab counts as a space or as nothing
        if untabbed.shifted and not _same_tree(
            node, _compose_with(_Composer, "\n".join(untabbed.narrow))
        ):
            return None
    except (yaml.YAMLError, LoadError):
        return None
    return None if _tab_was_structure(node, untabbed) else node


class _Untabbed:
    """Lines with blank lines emptied and tabs after the indentation made spaces."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.narrow = list(lines)  # the same, with those tabs dropped rather than made spaces
        self.emptied: list[int] = []
        self.shifted: dict[int, int] = {}  # line -> the column its content now begins at
        for number, line in enumerate(lines):
            if "\t" in line:
                self._untab(number, line)

    def _untab(self, number: int, line: str) -> None:
        content = line.lstrip(" \t")
        lead = len(line) - len(content)
        if not content:
            self.emptied.append(number)
            self.lines[number] = self.narrow[number] = ""
        elif "\t" in line[:lead]:
            self.shifted[number] = lead
            self.lines[number] = " " * lead + content
            self.narrow[number] = " " * (len(line) - len(line.lstrip(" "))) + content


def _tab_was_structure(node: Node | None, untabbed: _Untabbed) -> bool:
    """Whether a key, block collection or block scalar begins where a tab stood, or a
    changed line lies inside a block scalar (where it is content)."""
    shifted = untabbed.shifted
    changed = sorted([*untabbed.emptied, *shifted])
    stack: list[tuple[Node, bool]] = [(node, False)] if node is not None else []
    while stack:
        current, is_key = stack.pop()
        start = current.start_mark
        block = getattr(current, "style", None) in ("|", ">")
        if shifted.get(start.line) == start.column and (
            is_key or block or getattr(current, "flow_style", True) is False
        ):
            return True
        if block:  # a changed line inside a block scalar is content
            at = bisect.bisect_left(changed, start.line)
            if at < len(changed) and changed[at] <= current.end_mark.line:
                return True
        elif isinstance(current, SequenceNode):
            stack.extend((item, False) for item in current.value)
        elif isinstance(current, MappingNode):
            stack.extend(pair for k, v in current.value for pair in ((k, True), (v, False)))
    return False


def _with_flow_colons_joined(text: str, exc: yaml.MarkedYAMLError) -> Any:
    """The node tree of ``text`` where a flow mapping's key has its ``:`` on the next line.

    ``{"foo"`` and ``: bar}`` on the next line is valid YAML that libyaml and PyYAML
    refuse. The ``:`` is moved to the end of the key's line, before any comment (and a
    space left in its place), which changes no line and no value; tried for at most 20
    such keys. Else None.
    """
    for _attempt in range(20):
        mark = exc.problem_mark
        if (
            mark is None
            or exc.context != "while parsing a flow mapping"
            or text[mark.index : mark.index + 1] != ":"
        ):
            return None
        line_start = text.rfind("\n", 0, mark.index)
        if line_start < 0 or text[line_start + 1 : mark.index].strip(" "):
            return None
        key_start = text.rfind("\n", 0, line_start) + 1
        key_line = text[key_start:line_start]
        if key_line.endswith("\r"):
            return None
        end = key_start + _comment_at(key_line)  # the colon goes before a comment
        text = (
            f"{text[:end]} :{text[end:line_start]}\n"
            f"{text[line_start + 1 : mark.index]} {text[mark.index + 1 :]}"
        )
        try:
            return _compose_with(_Composer, text)
        except yaml.MarkedYAMLError as again:
            exc = again
        except (yaml.YAMLError, LoadError):
            return None
    return None


def _comment_at(line: str) -> int:
    """Where a comment begins on a line of flow content (its length when none)."""
    quote = ""
    escaped = False
    for at, char in enumerate(line):
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\" and quote == '"'
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" and (at == 0 or line[at - 1] in " \t"):
            return at
    return len(line)


def _same_tree(one: Node | None, other: Node | None) -> bool:
    """Whether two node trees hold the same data (kinds, tags, styles and values)."""
    stack = [(one, other)]
    while stack:
        a, b = stack.pop()
        if a is None or b is None:
            if a is not b:
                return False
            continue
        if type(a) is not type(b) or a.tag != b.tag:
            return False
        if isinstance(a, ScalarNode):
            if a.value != b.value or bool(getattr(a, "style", "")) != bool(getattr(b, "style", "")):
                return False
            continue
        if len(a.value) != len(b.value):
            return False
        if isinstance(a, MappingNode):
            for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True):
                stack += [(ka, kb), (va, vb)]
        else:
            stack += list(zip(a.value, b.value, strict=True))
    return True


def _compose_with(cls: Any, text: str) -> Any:
    try:
        loader = cls(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc) from None
    try:
        return loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc) from None
    except yaml.MarkedYAMLError:
        raise
    except yaml.YAMLError as exc:
        raise LoadError(_("the file is not valid YAML: {problem}", problem=str(exc))) from None
    except RecursionError:
        raise LoadError(_too_deep()) from None
    finally:
        loader.dispose()


def _policy(cls: Any, text: str, failed: bool = False) -> LoadError | None:
    """The first thing digictl's policy refuses, read from the events (up to any error).

    Anchors and aliases, tags (on keys too) and a second document are valid YAML
    that digictl does not read; this names the policy rather than a syntax error.
    When the parser ``failed``, content after the end of the first document, an
    anchor it could not read and a top level that is not a mapping count too.
    """
    scan = _PolicyScan()
    try:
        parser = cls(text)
    except yaml.YAMLError:
        return None
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, StreamEndEvent):
                break
            refused = scan.see(event)
            if refused is not None:
                return refused
    except (yaml.YAMLError, RecursionError) as exc:
        refused = scan.after_error(exc) if failed else None
        if refused is not None:
            return refused
    finally:
        parser.dispose()
    return scan.at_end(failed)


class _PolicyScan:
    """What the events of a document have shown so far, for digictl's policy."""

    def __init__(self) -> None:
        self.anchor: tuple[str, int, int] | None = None  # the first anchor, where
        self.anchors: dict[str, int] = {}  # anchor -> its first line
        self.documents = 0
        self.ended = False
        self.root: tuple[str, int] | None = None  # what the top level is, and its line

    def see(self, event: Any) -> LoadError | None:
        """The refusal one event brings, if any."""
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                return LoadError(
                    _(
                        "the file holds more than one YAML document (---); "
                        "digictl reads one document per file"
                    ),
                    line,
                    column,
                )
        elif isinstance(event, AliasEvent):
            first = self.anchors.get(str(event.anchor), line)
            return LoadError(_reused(first), line, column)
        elif isinstance(event, DocumentEndEvent):
            self.ended = True
        elif isinstance(event, NodeEvent):
            return self._node(event, line, column)
        return None

    def _node(self, event: NodeEvent, line: int, column: int) -> LoadError | None:
        if self.root is None and self.documents == 1:
            self.root = (_ROOT_KIND.get(type(event), ""), line)
        tag = getattr(event, "tag", None)
        if tag is not None:
            return _tag_error(str(tag), line, column)
        if event.anchor is not None:
            self.anchors.setdefault(str(event.anchor), line)
            self.anchor = self.anchor or (str(event.anchor), line, column)
        return None

    def after_error(self, exc: BaseException) -> LoadError | None:
        """The refusal that explains a parser error, if one does."""
        mark = getattr(exc, "problem_mark", None)
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if self.root is not None and self.root[0]:
            return _not_a_mapping(self.root[0], self.root[1])
        if self.ended:
            return LoadError(
                _(
                    "the file holds more than one YAML document (text after the end of the "
                    "first); digictl reads one document per file"
                ),
                *where,
            )
        if "while scanning an a" in str(getattr(exc, "context", "")):
            return LoadError(
                _("anchors and aliases (&, *) are not allowed in digictl data; remove it"),
                *where,
            )
        return None

    def at_end(self, failed: bool) -> LoadError | None:
        """The refusal once the events are read (or the parser failed unexplained)."""
        if self.anchor is not None:
            name, line, column = self.anchor
            return LoadError(
                _(
                    "anchors and aliases (&, *) are not allowed in digictl data; "
                    "remove `&{anchor}`",
                    anchor=_short(name),
                ),
                line,
                column,
            )
        if failed and self.root is not None and self.root[0]:
            return _not_a_mapping(self.root[0], self.root[1])
        return None


_ROOT_KIND = {SequenceStartEvent: "list", ScalarEvent: "value", AliasEvent: "alias"}


def _not_a_mapping(kind: str, line: int) -> LoadError:
    """The top level is a ``list``, a single ``value`` or an ``alias``, not a mapping."""
    if kind == "list":
        message = _(
            "the top level of the file is a list; it should be a mapping of keys such as `id: ...`"
        )
    elif kind == "alias":
        message = _(
            "the top level of the file is an alias; "
            "it should be a mapping of keys such as `id: ...`"
        )
    else:
        message = _(
            "the top level of the file is a single value; "
            "it should be a mapping of keys such as `id: ...`"
        )
    return LoadError(message, line)


def _empty() -> LoadError:
    return LoadError(_("the file is empty; it should hold a mapping of keys such as `id: ...`"))


def _too_deep() -> str:
    return _("the file nests deeper than {depth} levels", depth=MAX_DEPTH)


def _reused(first: int) -> str:
    """An alias: the value first written at line ``first`` is used again."""
    return _(
        "anchors and aliases (&, *) are not allowed in digictl data: "
        "the value first written at line {line} is reused here",
        line=first,
    )


def _empty_key() -> str:
    return _("a key must not be empty (a line begins with `:` or a `?` has no key)")


_NOTHING = re.compile(r"(?:[ \t]*(?:#[^\n]*|\.\.\.(?:[ \t]+#[^\n]*)?)?[ \t]*(?:\r?\n|$))*")


def _refused_shape(text: str, exc: yaml.MarkedYAMLError) -> LoadError | None:
    """An empty key or a file of only comments and ``...``, which libyaml calls a syntax error."""
    if _NOTHING.fullmatch(text):
        return _empty()
    mark = exc.problem_mark
    if mark is not None and "did not find expected key" in (exc.problem or ""):
        at = mark.index
        if text[at : at + 1] == ":" and text[at + 1 : at + 2] in ("", " ", "\t", "\n", "\r"):
            return LoadError(_empty_key(), mark.line + 1, mark.column + 1)
    return None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _reader_error(text: str, exc: yaml.reader.ReaderError) -> LoadError:
    position = max(0, min(int(exc.position), len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    char = exc.character
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return LoadError(
        _(
            "the file contains the control character {code}, which YAML does not allow; remove it",
            code=code,
        ),
        line,
        column,
    )


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> LoadError:
    """One sentence for a parser error: the mistake behind it when one is seen
    (see digictl.load.mistakes), else the parser's own words."""
    explained = explain(text, exc)
    if explained is not None:
        return explained
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = (exc.problem or "").strip()
    if "'\\t'" in problem or "\\t" in problem or "tab" in problem:
        return LoadError(
            _("a tab character at column {column} cannot indent YAML; use spaces", column=column),
            line,
            column,
        )
    if "expected a single document" in problem or "expected a single document" in str(exc.context):
        return LoadError(
            _("the file holds more than one YAML document (---); keep one"), line, column
        )
    if "found undefined alias" in (exc.context or "") or "undefined alias" in problem:
        return LoadError(
            _("anchors and aliases (&, *) are not allowed in digictl data"), line, column
        )
    if "mapping values are not allowed" in problem:
        return LoadError(
            _("the file is not valid YAML: a value containing ': ' must be put in quotes"),
            line,
            column,
        )
    # the parser's own words (English: PyYAML has no other)
    details = " ".join(part for part in (exc.context, problem) if part)
    if not details:
        return LoadError(_("the file is not valid YAML"), line, column)
    return LoadError(_("the file is not valid YAML: {problem}", problem=details), line, column)


def _tag_error(tag: str, line: int, column: int) -> LoadError:
    shown = _short(tag.replace("tag:yaml.org,2002:", "!!"), 60)
    return LoadError(
        _(
            "the tag `{tag}` is not allowed in digictl data (YAML tags are not used); remove it",
            tag=shown,
        ),
        line,
        column,
    )


def _node_tag_error(node: Node) -> LoadError:
    return _tag_error(str(node.tag), node.start_mark.line + 1, node.start_mark.column + 1)


def _too_large(node: Node, digits: int | None) -> LoadError:
    """A number of ``digits`` digits, or (None) one beyond the range of numbers."""
    column = node.start_mark.column + 1
    if digits is None:
        message = _(
            "the number at column {column} is beyond the range of numbers, too large to read; "
            "put it in quotes if it is text",
            column=column,
        )
    else:
        message = _(
            "the number at column {column} is {digits} digits long, too large to read; "
            "put it in quotes if it is text",
            column=column,
            digits=digits,
        )
    return LoadError(message, node.start_mark.line + 1, column)


class _Builder:
    """Builds plain Python values from a node tree, recording lines by path."""

    def __init__(self, text: str = "", record: bool = True) -> None:
        self.text = text
        self.record = record
        self.lines: dict[JsonPath, int] = {}
        self.seen: set[int] = set()
        self._text_lines: list[str] | None = None

    def build(self, node: Node, path: JsonPath, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise LoadError(_too_deep(), node.start_mark.line + 1)
        if id(node) in self.seen:
            raise LoadError(
                _reused(node.start_mark.line + 1),
                self.lines.get(path, node.start_mark.line + 1),
            )
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ)
            items = []
            block = not node.flow_style and bool(self.text)
            for index, item in enumerate(node.value):
                sub = (*path, index)
                if self.record:
                    self.lines[sub] = item.start_mark.line + 1
                if block and item.end_mark.line > item.start_mark.line:
                    self._check_lines(item, node.start_mark.column)
                items.append(self.build(item, sub, depth + 1))
            return items
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        raise LoadError(_("unsupported YAML node"), node.start_mark.line + 1)  # pragma: no cover

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise _node_tag_error(node)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.style and self.text:  # quoted or block (plain is "" or None)
            self._check_comment(node)
        value: str = node.value
        if node.tag == _STR:
            return value
        if node.tag != _PLAIN:
            raise _node_tag_error(node)
        if value in ("", "~", "null", "Null", "NULL"):
            return None
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        if value[0] not in _NUMBER_START:
            return sys.intern(value) if len(value) <= 24 else value  # ids, enum words repeat
        if _INT.match(value):
            digits = len(value.lstrip("+-"))
            if digits > MAX_DIGITS:
                raise _too_large(node, digits)
            return YamlInt(value)
        if _FLOAT.match(value):
            number = YamlFloat(value)
            if math.isinf(number):
                raise _too_large(node, None)
            return number
        if _OTHER_NUMBER.match(value):
            return NumberText(value)
        return sys.intern(value) if len(value) <= 24 else value  # dates repeat

    def _check_comment(self, node: ScalarNode) -> None:
        """A comment must be separated from a quoted scalar or block header (libyaml allows it)."""
        text = self.text
        if node.style in ('"', "'"):
            at = node.end_mark.index
            bad = at < len(text) and text[at] == "#"
        elif node.style in ("|", ">"):
            start = node.start_mark.index
            stop = text.find("\n", start)
            header = text[start : stop if stop >= 0 else len(text)]
            hash_at = header.find("#")
            at = start + hash_at
            bad = hash_at > 0 and header[hash_at - 1] not in " \t"
        else:
            return
        if bad:
            line = text.count("\n", 0, at) + 1
            raise LoadError(
                _("the file is not valid YAML: a comment needs a space before `#`"),
                line,
                at - (text.rfind("\n", 0, at) + 1) + 1,
            )

    def _check_lines(self, node: Node, indent: int) -> None:
        """What libyaml does not check of a value over several lines in a block collection."""
        style = getattr(node, "style", None)
        if style in ('"', "'") or getattr(node, "flow_style", False):
            self._check_indented(node, indent)
        elif style in ("|", ">") and isinstance(node, ScalarNode):
            start = node.start_mark.index
            stop = self.text.find("\n", start)
            header = self.text[start : stop if stop >= 0 else len(self.text)]
            if not any(c.isdigit() for c in header.split("#")[0]):  # no indentation indicator
                self._check_leading_lines(node, indent)

    def _check_leading_lines(self, node: ScalarNode, indent: int) -> None:
        """No leading empty line of a block scalar may hold more spaces than its first line.

        Counts up to the first line that is not blank, when that line is indented
        past the parent (so it belongs to the scalar); libyaml does not check this.
        """
        lines = self._split()
        widest = -1
        for number in range(node.start_mark.line + 1, len(lines)):
            line = lines[number]
            spaces = len(line) - len(line.lstrip(" "))
            if line.strip(" "):
                if indent < spaces < widest:
                    raise LoadError(
                        _(
                            "the file is not valid YAML: an empty line at the start of a block "
                            "text holds more spaces ({widest}) than its first line ({spaces})",
                            widest=widest,
                            spaces=spaces,
                        ),
                        number + 1,
                        spaces + 1,
                    )
                return
            widest = max(widest, spaces)

    def _split(self) -> list[str]:
        if self._text_lines is None:
            self._text_lines = _LINE_BREAK.split(self.text)
        return self._text_lines

    def _check_indented(self, node: Node, indent: int) -> None:
        """Every further line of a value in a block mapping is indented more than the mapping.

        libyaml lets a quoted text or a [list] in a block mapping continue at the
        mapping's own column (or behind a tab), which YAML does not allow.
        """
        lines = self._split()
        for number in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines))):
            line = lines[number]
            spaces = len(line) - len(line.lstrip(" "))
            if line.strip(" \t") and spaces <= indent:
                if getattr(node, "style", None) in ('"', "'") and looks_like_a_key(line):
                    raise unclosed_quote(node.start_mark.line + 1)  # it swallowed the key
                raise LoadError(
                    _(
                        "the file is not valid YAML: a value that goes on over several lines "
                        "must be indented more than column {column} on each of them",
                        column=indent + 1,
                    ),
                    number + 1,
                    spaces + 1,
                )

    def _mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        self._check_tag(node, _MAP)
        block = not node.flow_style and bool(self.text)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise LoadError(
                    _("a key must be plain text, not a list or mapping"),
                    line,
                    key_node.start_mark.column + 1,
                )
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                key_node.value == "<<" and key_node.tag == _PLAIN
            ):
                raise LoadError(
                    _("merge keys (<<) are not allowed in digictl data"),
                    line,
                    key_node.start_mark.column + 1,
                )
            if key_node.tag not in (_PLAIN, _STR):
                raise _node_tag_error(key_node)
            if key_node.tag == _PLAIN and key_node.value == "":
                raise LoadError(
                    _empty_key(),
                    line,
                    key_node.start_mark.column + 1,
                )
            key = sys.intern(key_node.value)  # thousands of files share a few dozen keys
            if key in first_line:
                raise LoadError(
                    _(
                        "duplicate key `{key}` (first written at line {line}); "
                        "a key may appear once in a mapping",
                        key=key,
                        line=first_line[key],
                    ),
                    line,
                    key_node.start_mark.column + 1,
                )
            first_line[key] = line
            sub = (*path, key)
            if self.record:
                self.lines[sub] = line
            if block and value_node.end_mark.line > value_node.start_mark.line:
                self._check_lines(value_node, node.start_mark.column)
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
    builder = _Builder(text, record)
    try:
        value = builder.build(node, ())
    except LoadError:
        if not record:
            return parse(text, record=True)
        raise
    builder.lines[()] = node.start_mark.line + 1
    return value, builder.lines


def load_text(text: str, file: Path, rel: str) -> Document:
    """Load one document whose top level must be a mapping.

    Its line table is recorded in the same pass (a few per cent more than without), for a
    finding or a schema problem that needs a line would otherwise parse the text again."""
    value, lines = parse(text)
    if value is None:
        raise _empty()
    if not isinstance(value, dict):
        kind = "list" if isinstance(value, list) else "value"
        raise _not_a_mapping(kind, lines.get((), 1))
    return Document(file=file, rel=rel, data=value, text=text, line_table=lines)


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_BYTES (call it before reading when the size is known)."""
    if size > MAX_BYTES:
        raise LoadError(
            _(
                "the file is {size} MiB; digictl reads files of at most {limit} MiB",
                size=size // (1024 * 1024),
                limit=MAX_BYTES // (1024 * 1024),
            )
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
        raise LoadError(_("the file cannot be read: {reason}", reason=reason)) from None
    return load_bytes(raw, file, rel)
