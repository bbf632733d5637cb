"""The official yaml-test-suite (vendored in tests/yaml_suite/) through digictl's loader.

Every case is one of:

- an error case: rejected with a LoadError (one sentence, with a line);
- a valid document digictl reads (one document whose top level is a mapping, with no
  anchor, alias or tag, and only non-empty text keys): accepted, giving the suite's
  data;
- a valid document digictl's policy refuses (anchors or aliases, tags, keys too,
  several documents, a top level that is not a mapping, a list or empty key, a
  duplicate key): refused with a LoadError that names the policy, not a syntax error.

No case may raise anything but LoadError.

The data is compared two ways. With the suite's events (``tree``), value by value: a
quoted or block scalar is its text; a plain one is read the way digictl reads plain
scalars (YAML 1.2 core: null, true/false, integers, decimals; everything else text).
And with the suite's ``json``, where it has one, after turning digictl's numbers into
JSON numbers. digictl's policy differs from YAML 1.2 core in one respect: plain
``0301``, ``0x1F``, ``0o17``, ``.inf`` and ``.nan`` stay text (the schema check then
asks for quotes where a text is wanted); no case of the suite reads such a value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from digictl.errors import LoadError
from digictl.load.loader import NumberText, YamlFloat, YamlInt, load_text

SUITE = Path(__file__).resolve().parent / "yaml_suite" / "cases.json"
CASES: list[dict[str, Any]] = json.loads(SUITE.read_text(encoding="utf-8"))
F = Path("x.yaml")

# Valid cases the suite gives no events for: the expected data, or None when digictl's
# policy refuses them (a list at the top level, or no document at all).
NO_TREE: dict[str, dict[str, Any] | None] = {
    "96NN-1": {"foo": "\tbar"},  # 96NN-0 without the final line break
    "JEF9-2": None,  # a list
    "MUS6-3": None,  # a %YAML directive and an empty document
    "MUS6-4": None,
    "MUS6-5": None,
    "MUS6-6": None,
}

_LIBYAML_FLOW_KEY = "libyaml and PyYAML refuse a flow mapping key whose `:` is on the next line"
KNOWN: dict[str, str] = {
    "58MP": "libyaml and PyYAML refuse a plain scalar that begins with `:` in a flow mapping",
    "A2M4": "libyaml and PyYAML refuse a tab after a `-` indicator",
    "652Z": "libyaml and PyYAML read `?foo` in a flow mapping as an explicit key `foo`",
    "FRK4": "libyaml and PyYAML refuse an empty key in a flow mapping (refused anyway)",
    "UT92": "libyaml and PyYAML refuse a `%` at the start of a line in a flow mapping "
    "(refused anyway: several documents)",
    "L24T-1": "libyaml and PyYAML drop the last line of spaces of a block scalar at the "
    "end of the file",
}


# -- the suite's events ---------------------------------------------------------

_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\b": "\b", "\\r": "\r", "\\\\": "\\"}
_NULL = ("", "~", "null", "Null", "NULL")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_EVENT = re.compile(
    r"(?P<kind>[+=-][A-Z]+)(?: (?:\{\}|\[\]))?(?: &(?P<anchor>\S+))?(?: <(?P<tag>[^>]*)>)?"
    r"(?: (?P<rest>.*))?"
)


def _unescape(text: str) -> str:
    return re.sub(r"\\[ntbr\\]", lambda m: _ESCAPES[m.group()], text)


def _plain(text: str) -> Any:
    if text in _NULL:
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


class _Key:
    """A key that is not text (a list or mapping): digictl refuses it."""


@dataclass
class Expected:
    value: Any = None
    documents: int = 0
    anchors: bool = False
    aliases: bool = False
    tags: bool = False
    bad_key: bool = False  # a list, mapping or empty key
    duplicate_key: bool = False

    def policies(self) -> list[str]:
        """The phrases of the policies this document breaks (empty: digictl reads it)."""
        out = []
        if self.documents > 1:
            out.append("more than one YAML document")
        if self.anchors or self.aliases:
            out.append("anchors and aliases (&, *) are not allowed")
        if self.tags:
            out.append("is not allowed in digictl data (YAML tags are not used)")
        if self.documents == 0 or not isinstance(self.value, dict):
            out += ["the file is empty", "the top level of the file is"]
        if self.bad_key:
            out += ["a key must be plain text", "a key must not be empty"]
        if self.duplicate_key:
            out.append("duplicate key")
        return out


@dataclass
class _Frame:
    container: Any
    key: Any = field(default=None)
    has_key: bool = False


class _Reader:
    """The suite's events read into the first document's value, noting broken policies."""

    def __init__(self) -> None:
        self.result = Expected()
        self.stack: list[_Frame] = []

    def add(self, value: Any, key_ok: bool = True) -> None:
        result, stack = self.result, self.stack
        if not stack:
            if result.documents == 1:
                result.value = value
            return
        top = stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        elif not top.has_key:
            top.key, top.has_key = value, True
            if not key_ok:
                result.bad_key = True
        else:
            key = top.key
            if isinstance(key, str) and key in top.container:
                result.duplicate_key = True
            if isinstance(key, str):
                top.container[key] = value
            top.has_key = False

    def at_key(self) -> bool:
        """Whether the next value is a key of the mapping being read."""
        stack = self.stack
        return bool(stack) and isinstance(stack[-1].container, dict) and not stack[-1].has_key

    def node(self, kind: str, rest: str) -> None:
        """One node event: an alias, the start or end of a collection, or a value."""
        if kind == "=ALI":
            self.result.aliases = True
            self.add(None)
        elif kind in ("+MAP", "+SEQ"):
            self.stack.append(_Frame({} if kind == "+MAP" else []))
        elif kind in ("-MAP", "-SEQ"):
            done = self.stack.pop().container
            is_key = self.at_key()
            self.add(_Key() if is_key else done, key_ok=not is_key)
        else:  # =VAL
            style, text = rest[0], _unescape(rest[1:])
            if self.at_key():
                self.add(text, key_ok=not (style == ":" and text == ""))
            else:
                self.add(_plain(text) if style == ":" else text)


def expected(tree: str) -> Expected:
    """What the suite's events say the first document holds, and which policies it meets."""
    reader = _Reader()
    result = reader.result
    for raw in tree.splitlines():
        match = _EVENT.fullmatch(raw.lstrip(" "))
        assert match, raw
        kind = match.group("kind")
        if kind == "+DOC":
            result.documents += 1
            continue
        if kind in ("+STR", "-STR", "-DOC"):
            continue
        if match.group("anchor"):
            result.anchors = True
        if match.group("tag") is not None:
            result.tags = True
        reader.node(kind, match.group("rest") or "")
    return result


# -- running a case ---------------------------------------------------------------


def _to_json(value: Any) -> Any:
    """digictl's values as the JSON types the suite's in.json uses."""
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, YamlInt):
        return int(value)
    if isinstance(value, YamlFloat):
        return float(value)
    assert not isinstance(value, NumberText), "no suite case reads a number digictl keeps as text"
    return value


def _load(case: dict[str, Any]) -> dict[str, Any] | LoadError:
    try:
        return load_text(case["yaml"], F, "data/x.yaml").data
    except LoadError as exc:
        return exc


def _params() -> list[Any]:
    out = []
    for case in CASES:
        marks = (
            [pytest.mark.xfail(strict=True, raises=AssertionError, reason=KNOWN[case["id"]])]
            if case["id"] in KNOWN
            else []
        )
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_suite_case(case: dict[str, Any]) -> None:
    got = _load(case)  # anything but LoadError fails the test here
    if isinstance(got, LoadError):
        assert got.line >= 1 and got.message and "\n" not in got.message
    if case.get("fail"):
        assert isinstance(got, LoadError), f"accepted invalid YAML as {got!r}"
        return
    if "tree" in case:
        want = expected(case["tree"])
    else:
        value = NO_TREE[case["id"]]
        want = Expected(value=value, documents=1 if value is not None else 0)
    policies = want.policies()
    if policies:
        assert isinstance(got, LoadError), f"policy {policies} not applied: {got!r}"
        assert any(p in got.message for p in policies), got.message
        assert "not valid YAML" not in got.message
        return
    assert not isinstance(got, LoadError), f"valid YAML refused: {got.message} (line {got.line})"
    assert got == want.value
    if case.get("json"):
        assert _to_json(got) == json.loads(case["json"])


def test_suite_is_complete() -> None:
    """The vendored suite is the whole of version 0.1.0: 402 cases, 94 of them errors."""
    assert len(CASES) == 402
    assert sum(1 for c in CASES if c.get("fail")) == 94
    assert set(KNOWN) <= {c["id"] for c in CASES}
