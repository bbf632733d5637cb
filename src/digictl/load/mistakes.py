"""The YAML mistakes people make by hand, each explained in one sentence that says what to do.

PyYAML's own words ("could not find expected ':'") name the parser's state, not the
mistake. Once a file has failed to parse, :func:`explain` reads its text to name the
mistake behind the error and the line the person must edit: a wrong indentation, a tab
used to indent, an unclosed quote, an unquoted ``: `` inside a value. Git conflict
markers are found before parsing by :func:`conflict_marker`, a cheap scan.

Every sentence is built in one place, :func:`sentence`, in the language of the run.
"""

from __future__ import annotations

import re
from enum import Enum

import yaml

from digictl.errors import LoadError
from digictl.i18n import _, ngettext


class Mistake(Enum):
    """A mistake that gets its own sentence."""

    INDENT = "indent"
    ITEM_AMONG_KEYS = "item-among-keys"
    TAB = "tab"
    COLON = "colon"
    CONFLICT = "conflict"
    QUOTE = "quote"


def sentence(mistake: Mistake, line: int, key: str = "") -> str:
    """The sentence for ``mistake`` at ``line`` in the language of the run (``key``: the
    key whose value holds `: `, for COLON). INDENT has its own: :func:`indent_sentence`."""
    if mistake is Mistake.ITEM_AMONG_KEYS:
        return _(
            "line {line} is a list item (`- `) indented like the keys around it: "
            "indent it under the key it belongs to",
            line=line,
        )
    if mistake is Mistake.TAB:
        return _(
            "line {line} is indented with a tab character; YAML needs spaces: "
            "replace the tab with spaces",
            line=line,
        )
    if mistake is Mistake.COLON:
        return _(
            "the value of `{key}` on line {line} holds `: `; put the whole value in double quotes",
            key=key,
            line=line,
        )
    if mistake is Mistake.CONFLICT:
        return _(
            "line {line} holds a git conflict marker: finish the merge "
            "(keep one side, remove the marker lines)",
            line=line,
        )
    return _(
        "the quote that opens on line {line} is never closed: close it or remove it", line=line
    )


def indent_sentence(line: int, found: int, expected: int, items: bool, like: int) -> str:
    """The INDENT sentence: line ``line`` is indented by ``found`` spaces, the list items
    (``items``) or keys around it by ``expected``, as on line ``like``. One message per kind
    of sibling and number of spaces, so each reads whole in every language."""
    values = {"line": line, "expected": expected, "like": like}
    if items:
        if expected == 1:
            return ngettext(
                "line {line} is indented by {n} space, but the list items around it by "
                "{expected} space: indent it like line {like}",
                "line {line} is indented by {n} spaces, but the list items around it by "
                "{expected} space: indent it like line {like}",
                found,
                **values,
            )
        return ngettext(
            "line {line} is indented by {n} space, but the list items around it by "
            "{expected} spaces: indent it like line {like}",
            "line {line} is indented by {n} spaces, but the list items around it by "
            "{expected} spaces: indent it like line {like}",
            found,
            **values,
        )
    if expected == 1:
        return ngettext(
            "line {line} is indented by {n} space, but the keys around it by "
            "{expected} space: indent it like line {like}",
            "line {line} is indented by {n} spaces, but the keys around it by "
            "{expected} space: indent it like line {like}",
            found,
            **values,
        )
    return ngettext(
        "line {line} is indented by {n} space, but the keys around it by "
        "{expected} spaces: indent it like line {like}",
        "line {line} is indented by {n} spaces, but the keys around it by "
        "{expected} spaces: indent it like line {like}",
        found,
        **values,
    )


def _error(mistake: Mistake, line: int, key: str = "") -> LoadError:
    return LoadError(sentence(mistake, line, key), line)


# -- conflict markers: before parsing ---------------------------------------------------

_MARKER = re.compile(r"^(?:<{7}|>{7}|\|{7})(?:[ \t][^\n]*)?\r?$|^={7}\r?$", re.MULTILINE)


def conflict_marker(text: str) -> LoadError | None:
    """The first git conflict marker line (``<<<<<<<``, ``=======``, ``>>>>>>>``), if any.

    Cheap on clean files: three substring searches. A marker is only a marker at the
    start of a line, where no valid digictl file can hold that text.
    """
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return None
    found = _MARKER.search(text)
    if found is None:
        return None
    return _error(Mistake.CONFLICT, text.count("\n", 0, found.start()) + 1)


# -- after a parser error ---------------------------------------------------------------

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what the YAML parsers count as a line
_COLON = re.compile(r":(?=[ \t]|$)")  # the `:` that ends a key
_NOT_KEY = frozenset("#'\"?:,[]{}&*!|>%@`")  # what a plain key cannot begin with
_ITEM = re.compile(r"-(?:[ ]+|$)")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")


class _Line:
    """One line of the file, as the explanations see it."""

    __slots__ = ("blank", "content", "indent", "key", "lead", "number", "text")

    def __init__(self, number: int, text: str) -> None:
        self.number = number  # 1-based
        self.text = text
        self.content = text.lstrip(" \t")
        self.lead = text[: len(text) - len(self.content)]  # the blank space it begins with
        self.indent = len(text) - len(text.lstrip(" "))
        self.blank = not self.content or self.content.startswith("#")
        self.key = None if self.blank else _key(self.content)  # (key, where its `:` ends)


def _key(content: str) -> tuple[str, int] | None:
    """The key of a line's content (``key: v``, ``- key: v``) and where its `:` ends."""
    start = 0
    while (item := _ITEM.match(content, start)) is not None and item.end() < len(content):
        start = item.end()
    if start >= len(content):
        return None
    first = content[start]
    if first in "\"'":
        close = _closes(content[start + 1 :], first)
        if close is None:
            return None
        after = start + close + 2
        colon = _COLON.match(
            content, after + len(content[after:]) - len(content[after:].lstrip(" "))
        )
        return None if colon is None else (content[start + 1 : after - 1], colon.end())
    if first in _NOT_KEY or (first == "-" and content[start + 1 : start + 2] in ("", " ")):
        return None
    colon = _COLON.search(content, start)
    if colon is None or "#" in content[start : colon.start()]:
        return None
    return content[start : colon.start()].rstrip(" "), colon.end()


def explain(text: str, exc: yaml.MarkedYAMLError) -> LoadError | None:
    """The mistake behind a parser error, as one sentence at the line to edit, if one is seen."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = [_Line(n, t) for n, t in enumerate(_BREAK.split(text), start=1)]
    upto = lines[: mark.line + 1]
    if (
        exc.context == "while scanning a quoted scalar"
        and exc.context_mark is not None
        and "unexpected" in (exc.problem or "")  # the end of the file, or `---` / `...`
    ):
        return _error(Mistake.QUOTE, exc.context_mark.line + 1)
    return (
        _unclosed_quote(lines, mark.line + 1)
        or _tab(upto, exc)
        or _colon(lines, exc)
        or _Indentation(upto).first_wrong()
    )


def _tab(lines: list[_Line], exc: yaml.MarkedYAMLError) -> LoadError | None:
    """The first line indented with a tab, up to the error."""
    tabbed = [line for line in lines if "\t" in line.lead]
    with_content = [line for line in tabbed if line.content]
    if with_content:
        return _error(Mistake.TAB, with_content[0].number)
    if tabbed and "tab" in (exc.problem or ""):
        return _error(Mistake.TAB, tabbed[0].number)
    return None


def _colon(lines: list[_Line], exc: yaml.MarkedYAMLError) -> LoadError | None:
    """A value holding `: ` on the line the parser stopped at (``title: Vedtak: budsjett``)."""
    mark = exc.problem_mark
    if mark is None or "mapping values are not allowed" not in (exc.problem or ""):
        return None
    line = lines[mark.line]
    key = line.key
    if key is None or line.indent + key[1] >= mark.column:
        return None
    return _error(Mistake.COLON, line.number, key=key[0])


def _value_start(line: _Line) -> int | None:
    """Where the value of a ``key:`` or ``- `` line begins in its text, if it has one."""
    content = line.content
    at = 0
    key = line.key
    if key is not None:
        at = key[1]
    else:
        item = _ITEM.match(content)
        if item is None:
            return None
        at = item.end()
    rest = content[at:]
    value = rest.lstrip(" \t")
    if not value:
        return None
    return len(line.text) - len(content) + at + len(rest) - len(value)


def _column(line: _Line) -> int:
    """The column of the innermost collection a line opens (that of `key` in `- key: v`,
    of the inner `-` in `- - v`), else its indentation."""
    column, content = line.indent, line.content
    while (inner := _ITEM.match(content)) is not None:
        rest = content[inner.end() :]
        if _ITEM.match(rest) is None and _key(rest) is None:
            break
        column, content = column + inner.end(), rest
    return column


def _unbalanced(value: str) -> bool:
    """Whether a flow collection (``[a, b]``, ``{a: b}``) goes on after this line."""
    if value[0] not in "[{":
        return False
    return sum(value.count(c) for c in "[{") > sum(value.count(c) for c in "]}")


def _closes(text: str, quote: str) -> int | None:
    """Where a quoted scalar whose opening quote is already read closes in ``text``."""
    at = 0
    while at < len(text):
        char = text[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and text[at + 1 : at + 2] == "'":
                at += 2
                continue
            return at
        at += 1
    return None


def looks_like_a_key(text: str) -> bool:
    """Whether a line begins a key or list item (``key: ...``, ``- ...``)."""
    content = text.lstrip(" \t")
    return _key(content) is not None or _ITEM.match(content) is not None


def unclosed_quote(line: int) -> LoadError:
    """The quote that opens on ``line`` is never closed (it swallowed the lines after it)."""
    return _error(Mistake.QUOTE, line)


def _unclosed_quote(lines: list[_Line], error_line: int) -> LoadError | None:
    """A quote opened at a value's start on a line up to the error, that runs over a line
    indented no more than its own (so it swallowed the keys after it)."""
    for index, line in enumerate(lines[:error_line]):
        if line.blank:
            continue
        start = _value_start(line)
        if start is None or line.text[start] not in "\"'":
            continue
        quote = line.text[start]
        if _closes(line.text[start + 1 :], quote) is not None:
            continue
        if _swallows(lines[index + 1 :], _column(line), quote):
            return _error(Mistake.QUOTE, line.number)
    return None


def _swallows(rest: list[_Line], indent: int, quote: str) -> bool:
    """Whether the lines a quoted scalar runs over hold one indented no more than its key."""
    for line in rest:
        if line.content and line.indent <= indent:
            return True
        if _closes(line.text, quote) is not None:
            return False
    return True


class _Indentation:
    """The block structure of the lines up to an error, read from their indentation.

    ``levels`` holds the open block collections, outermost first: their indentation,
    whether they are a list (else a mapping) and the last line at that level.
    """

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.levels: list[tuple[int, bool, int]] = []
        self.opener: _Line | None = None  # a `key:` or `-` line whose value is on the next lines

    def first_wrong(self) -> LoadError | None:
        skip_deeper_than: int | None = None
        for line in self.lines:
            if line.blank or "\t" in line.lead:
                continue
            if skip_deeper_than is not None and line.indent > skip_deeper_than:
                continue  # the content of a block text, or a plain text going on
            skip_deeper_than = None
            wrong = self._see(line)
            if wrong is not None:
                return wrong
            skip_deeper_than = self._continues(line)
        return None

    def _continues(self, line: _Line) -> int | None:
        """The indentation deeper lines must pass to count as this line's value going on."""
        start = _value_start(line)
        if start is None:
            return None
        value = line.text[start:]
        opened = value[0] in "\"'" and _closes(value[1:], value[0]) is None
        if _BLOCK_HEADER.match(value) or opened or _unbalanced(value):
            return _column(line)
        return None

    def _see(self, line: _Line) -> LoadError | None:
        item = _ITEM.match(line.content) is not None
        keyed = line.key is not None
        if not item and not keyed:
            return None  # a plain text going on over lines
        if self.opener is not None and self._opens(line, item):
            self._push(line, item)
            return None
        self.opener = None
        return self._sibling(line, item)

    def _opens(self, line: _Line, item: bool) -> bool:
        opener = self.opener
        assert opener is not None
        column = _column(opener)
        if line.indent > column:
            return True
        # a list may stand at its key's indentation
        return item and line.indent == column and opener.key is not None

    def _push(self, line: _Line, item: bool) -> None:
        self.levels.append((line.indent, item, line.number))
        self._after(line, item)

    def _after(self, line: _Line, item: bool) -> None:
        """Open the levels inside a list item (`- key: v`, `- - v`); note a value to come."""
        column, content = line.indent, line.content
        while item and (inner := _ITEM.match(content)) is not None:
            rest = content[inner.end() :]
            item = _ITEM.match(rest) is not None
            if not item and _key(rest) is None:
                break
            column, content = column + inner.end(), rest
            self.levels.append((column, item, line.number))
        self.opener = line if _value_start(line) is None else None

    def _sibling(self, line: _Line, item: bool) -> LoadError | None:
        """Check a line that must continue an open level."""
        popped: tuple[int, bool, int] | None = None
        while self.levels and self.levels[-1][0] > line.indent:
            popped = self.levels.pop()
        if not self.levels:  # the first line
            self._push(line, item)
            return None
        indent, is_list, _last = self.levels[-1]
        if (
            indent == line.indent
            and is_list
            and not item
            and len(self.levels) > 1
            and self.levels[-2][0] == indent
            and not self.levels[-2][1]
        ):
            self.levels.pop()  # a key after a list at its key's indentation
            is_list = False
        if indent == line.indent and is_list == item:
            self.levels[-1] = (indent, item, line.number)
            self._after(line, item)
            return None
        return self._wrong(line, item, popped)

    def _wrong(self, line: _Line, item: bool, popped: tuple[int, bool, int] | None) -> LoadError:
        same = [level for level in (popped, *reversed(self.levels)) if level and level[1] == item]
        if not same:
            if item:
                return _error(Mistake.ITEM_AMONG_KEYS, line.number)
            same = [level for level in (popped, *reversed(self.levels)) if level]
        indent, _is_list, like = min(same, key=lambda level: abs(level[0] - line.indent))
        return LoadError(indent_sentence(line.number, line.indent, indent, item, like), line.number)
