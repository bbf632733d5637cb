"""Hostile data sets: the clean base partnership with attacker-chosen values injected.

A data set is the base (tests/cases/_base) plus an overlay of files (relative
path -> bytes, or None to delete). The overlay is built by parsing a base file
with PyYAML, replacing values in the tree and dumping it again: PyYAML writes
control characters as double-quoted escapes ("\\x01", "\\e"), which is how a
pull request carries them past the YAML reader.

Every payload that could forge something carries the marker ``ZQX`` so the
checks in tests/hostile/matrix.py can tell output that came from the data.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.conftest import BASE

MARK = "ZQX"

# --- payloads by category ------------------------------------------------------------------------

HTML = [
    "<img src=x onerror=alert(1)>ZQXimg",
    "ZQX</details>",
    "ZQX<!--",
    "<!-- ZQXhide -->",
    "<script>alert('ZQX')</script>",
    "<details open><summary>ZQX</summary>",
    "<a href='http://evil.example'>ZQXa</a>",
]
MARKDOWN = [
    "[ZQXlink](http://evil.example/x)",
    "![ZQXimage](http://evil.example/i.png)",
    "<http://evil.example/ZQXauto>",
    "@everyone ZQX",
    "@ZQXuser",
    "```",
    "x\n```\nZQXfence",
    "x\n# ZQXheading",
    "x\n\n# ZQXheading",
    "ZQXsetext\n===",
    "x\n> ZQXquote",
    "a | b | ZQX",
    "x\n\n    ZQXindented",
    "x\n***\nZQX",
]
TERMINAL = [
    "\x1b[2JZQX",
    "ZQX\x01",
    "ZQX\x7f",
    "\u202eZQX",
    "ZQX\x9b31m",
    "ZQX\x07\x08",
    "ZQX\rOVERWRITE",
    "\x1b]8;;http://evil.example\x1b\\ZQX\x1b]8;;\x1b\\",
]
WORKFLOW = [
    "x\n::error::ZQXforged",
    "x\n::add-mask::ZQXmask",
    "x\r\n::warning file=a.yaml,line=1::ZQXforged",
    "%0A::error::ZQX",
    "::stop-commands::ZQX",
]
RICH = [
    "[/bold]ZQXclose",
    "[bold]ZQXbold[/bold]",
    "[link=http://evil.example]ZQXrich[/link]",
    "ZQX[red",
]
ICS = [
    "x\r\nBEGIN:VEVENT\r\nSUMMARY:ZQXics\r\nEND:VEVENT",
    "x\nEND:VCALENDAR\nZQX",
    "ZQX;x,y\\n:z",
]
XML = [
    "ZQX]]>",
    "<![CDATA[ZQX",
    "ZQX&amp;&#1;",
    "ZQX\x0c\x0b",
    '"><x y="ZQX',
]
TEXT = HTML + MARKDOWN + TERMINAL + WORKFLOW + RICH + ICS + XML

HUGE_INTS = [10**30, -(10**30), 10**28, 2**63, 2**64 + 1, -1, 0, 10**400]
# the ends of what Python's dates hold, and of what digictl accepts (1900-2999)
EXTREME_DATES = [
    date(1, 1, 1),
    date(9999, 12, 31),
    date(1900, 1, 1),
    date(2999, 12, 31),
    date(2999, 12, 29),
]
WRONG_TYPES: list[Any] = [True, False, None, [], {}, ["x", 1], {"a": "b"}, 1.5, "ZQX", 0]


class BigInt(str):
    """An integer too long for ``str(int)`` (over 4,300 digits), dumped as a plain scalar."""


class _Dumper(yaml.SafeDumper):
    pass


def _big_int(dumper: yaml.SafeDumper, value: BigInt) -> yaml.ScalarNode:
    # the int tag makes the emitter choose a plain scalar: digits, as written
    return dumper.represent_scalar("tag:yaml.org,2002:int", str(value))


class PlainFloat(str):
    """A number written as a plain scalar, e.g. ``1.0e+999`` (which reads as infinity)."""


def _plain_float(dumper: yaml.SafeDumper, value: PlainFloat) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


_Dumper.add_representer(BigInt, _big_int)
_Dumper.add_representer(PlainFloat, _plain_float)

GIANT_INT = BigInt("9" * 5000)
FLOATS = [PlainFloat("1.0e+999"), PlainFloat("-1.0e+999"), PlainFloat("1.5e+300"), 0.5, -0.0]
# text that is valid-looking but on an edge: a leap day, a year at either end, empty, blank
TRICKY = ["02-29", "00-00", "13-01", "0001-01-01", "9999-12-31", "", " ", "0301", "~", "-"]


def dump(tree: Any) -> bytes:
    """YAML for a tree of plain values; control characters come out as escapes."""
    text = yaml.dump(tree, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return text.encode("utf-8")


# --- the base ------------------------------------------------------------------------------------

BASE_FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*.yaml"))


@cache
def _base_tree(rel: str) -> Any:
    return yaml.safe_load((BASE / rel).read_text(encoding="utf-8"))


def base_tree(rel: str) -> Any:
    """A fresh copy of a base file's tree (dates as ``date``, as PyYAML reads them)."""
    return copy.deepcopy(_base_tree(rel))


Path_ = tuple[str | int, ...]


def paths(tree: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every position in a tree, the root included, parents before children."""
    out: list[Path_] = [prefix]
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += paths(v, (*prefix, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += paths(v, (*prefix, i))
    return out


def get(tree: Any, path: Path_) -> Any:
    for p in path:
        tree = tree[p]
    return tree


def put(tree: Any, path: Path_, value: Any) -> Any:
    """``tree`` with the value at ``path`` replaced (the root too); changes ``tree`` in place."""
    if not path:
        return value
    parent = get(tree, path[:-1])
    parent[path[-1]] = value
    return tree


@dataclass
class Hostile:
    """A hostile data set: files over the base, and what was done (for failure messages)."""

    name: str
    files: dict[str, bytes | None] = field(default_factory=dict)
    payloads: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    def materialise(self, target: Path) -> Path:
        """Write base + overlay to ``target`` (which must not exist); returns it."""
        import shutil

        shutil.copytree(BASE, target)
        for rel, content in self.files.items():
            path = Path(target, rel)
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return target

    def __repr__(self) -> str:  # hypothesis prints this for a failing example
        return f"Hostile({self.name!r}, steps={self.steps!r})"


# --- strategies ----------------------------------------------------------------------------------

texts = st.sampled_from(TEXT)


@st.composite
def hostile_text(draw: st.DrawFn, original: str = "") -> str:
    """A payload, alone or around the original value (so references may still resolve)."""
    payload = draw(texts)
    how = draw(st.sampled_from(["alone", "after", "before", "twice"]))
    if how == "after":
        return original + payload
    if how == "before":
        return payload + original
    if how == "twice":
        return payload + draw(texts)
    return payload


def _value_for(draw: st.DrawFn, old: Any) -> tuple[Any, str]:
    """A hostile replacement for ``old``: same type but extreme, or a wrong type."""
    if draw(st.integers(0, 4)) == 0:  # any type anywhere
        new = draw(st.sampled_from(WRONG_TYPES + HUGE_INTS + FLOATS + EXTREME_DATES))
        return new, "wrong type"
    if isinstance(old, bool):
        return draw(st.sampled_from(WRONG_TYPES)), "wrong type"
    if isinstance(old, int):
        return draw(st.sampled_from([*HUGE_INTS, GIANT_INT, *FLOATS])), "huge number"
    if isinstance(old, date):
        return draw(st.sampled_from(EXTREME_DATES)), "extreme date"
    if isinstance(old, str):
        if draw(st.integers(0, 5)) == 0:
            return draw(st.sampled_from(TRICKY)), "edge text"
        return draw(hostile_text(old)), "hostile text"
    return draw(st.sampled_from(WRONG_TYPES)), "wrong type"


def _leaves(tree: Any) -> list[Any]:
    if isinstance(tree, dict):
        return [x for v in tree.values() for x in _leaves(v)]
    if isinstance(tree, list):
        return [x for v in tree for x in _leaves(v)]
    return [tree]


@cache
def _pools() -> tuple[list[str], list[date]]:
    """Every id-like text and every date of the base: values that pass the schema."""
    leaves = [x for rel in BASE_FILES for x in _leaves(_base_tree(rel))]
    ids = sorted({x for x in leaves if isinstance(x, str) and x and _ID_LIKE.match(x)})
    days = sorted({x for x in leaves if isinstance(x, date)} | set(EXTREME_DATES[2:]))
    return ids, days


_ID_LIKE = re.compile(r"^[a-z0-9][a-z0-9-]*$|^[A-Z]+-\d{4}-\d+$|^year:\d{4}$")


def _plausible(draw: st.DrawFn, tree: Any, at: Path_) -> tuple[Any, str]:
    """A schema-valid but unexpected value: another id or date of the base, or a list
    with an element repeated, dropped or all gone, so the rules and views see it."""
    old = get(tree, at)
    ids, days = _pools()
    if isinstance(old, list):
        how = draw(st.sampled_from(["repeat", "drop", "empty", "reverse"]))
        if how == "repeat" and old:
            i = draw(st.integers(0, len(old) - 1))
            return [*old, copy.deepcopy(old[i])], f"list item {i} repeated"
        if how == "drop" and old:
            i = draw(st.integers(0, len(old) - 1))
            return old[:i] + old[i + 1 :], f"list item {i} dropped"
        if how == "reverse":
            return old[::-1], "list reversed"
        return [], "list emptied"
    if isinstance(old, date):
        return draw(st.sampled_from(days)), "another date"
    if isinstance(old, str) and _ID_LIKE.match(old):
        return draw(st.sampled_from(ids)), "another id"
    if isinstance(old, bool):
        return not old, "flipped"
    if isinstance(old, int):
        return draw(st.sampled_from([1, 2, 3, 10**30, old * 2])), "another number"
    return old, "unchanged"


def _name_safe(payload: str) -> bool:
    raw = payload.encode("utf-8", "surrogateescape")
    return "/" not in payload and "\x00" not in payload and len(raw) < 200


FILE_NAME_PAYLOADS = [p for p in TEXT if _name_safe(p)]


@st.composite
def hostile_datasets(draw: st.DrawFn) -> Hostile:
    """1-4 hostile edits of the base: a value, an unknown key, or a new file with a hostile name."""
    h = Hostile("generated")
    trees: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(["value", "value", "plausible", "plausible", "key", "file"]))
        rel = draw(st.sampled_from(BASE_FILES))
        tree = trees[rel] if rel in trees else base_tree(rel)
        if what == "file":
            stem = draw(st.sampled_from(FILE_NAME_PAYLOADS))
            folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
            new_rel = f"{folder}/{stem}.yaml" if folder else f"{stem}.yaml"
            copy_ = copy.deepcopy(tree)
            if isinstance(copy_, dict) and "id" in copy_:
                copy_["id"] = stem
            trees[new_rel] = copy_
            h.payloads.append(stem)
            h.steps.append(f"new file {new_rel!r}")
            continue
        if what == "key":
            maps = [p for p in paths(tree) if isinstance(get(tree, p), dict)]
            if not maps:
                continue
            at = draw(st.sampled_from(maps))
            key = draw(texts)
            get(tree, at)[key] = draw(st.sampled_from(["x", *TEXT[:3]]))
            h.payloads.append(key)
            h.steps.append(f"{rel}: unknown key {key!r} at {list(at)}")
        else:
            at = draw(st.sampled_from(paths(tree)))
            old = get(tree, at)
            new, how = _plausible(draw, tree, at) if what == "plausible" else _value_for(draw, old)
            tree = put(tree, at, new)
            if isinstance(new, str):
                h.payloads.append(new)
            h.steps.append(f"{rel}: {how} at {list(at)} = {new!r}"[:300])
        trees[rel] = tree
    h.files = {rel: dump(tree) for rel, tree in trees.items()}
    return h
