"""Round-trip YAML for the authoring commands: the YAML a person would have written.

Files are read with ruamel.yaml's round-trip loader, so comments, key order, quoting and
flow style of what a command does not touch survive. New keys go where the data contract
(docs/design.md §3) puts them; dates are written as plain ISO dates; numbers that are text
(kommunenummer, orgnr, MM-DD) in double quotes. A value given on the command line is only
ever a scalar: text that digictl's own loader would not read back as the same text when
written plain is written in double quotes, so no value can become YAML structure.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from digictl.errors import DigictlError, InputError, LoadError
from digictl.i18n import _
from digictl.scaffold import check_text

# The contract's key order (docs/design.md §3), per place in a file.
ORDER: dict[str, tuple[str, ...]] = {
    "organisation": (
        "id", "name", "name_nn", "kind", "kommunenummer", "orgnr", "region", "digifin",
    ),
    "digifin": ("member", "since"),
    "person": ("id", "name", "org", "title", "email"),
    "party": ("org", "joined", "decision", "until", "left"),
    "member": ("person", "seat", "role", "from", "until", "term_years", "appointed_by"),
    # a meeting file: the order of data/meetings/2026-*.yaml; `minutes` stands before
    # `decisions` as in every file written before the workflow
    "meeting": (
        "id", "body", "date", "time", "place", "notice", "agenda", "attendance", "minutes",
        "decisions",
    ),
    "item": (
        "number", "title", "kind", "proposal", "public", "exempt", "attachments", "conflicts",
    ),
    "attachment": ("title", "ref"),
    "conflict": ("person", "grounds", "left"),
    "attendance": ("present", "absent", "deputies", "observers"),
    "absent": ("person", "reason"),
    "deputy": ("person", "for"),
    "decision": ("id", "title", "item", "text", "outcome", "votes", "matter", "subjects"),
    "votes": ("for", "against", "blank"),
    "minutes": ("ref", "approved", "by", "method"),
    "project": (
        "id", "name", "name_nn", "scope", "status", "owner", "manager", "participants",
        "start", "end", "mandate", "budget", "steering_group", "milestones", "benefits",
    ),
    "budget": ("total", "decision", "financing"),
    "year": ("year", "annual_plan", "annual_report", "programme_office"),
    "programme_office": ("budget", "decision", "contributions"),
    "contribution": ("org", "amount", "agreed"),
    "agreement": (
        "id", "title", "version", "effective", "until", "evaluation", "amendment_rule",
        "parties", "amendments",
    ),
    "evaluation": ("due", "done", "decision"),
    "amendment": ("id", "date", "summary", "consented_by"),
    "body": (
        "id", "name", "name_nn", "roles", "appointed_by", "term_years", "max_terms", "cadence",
        "chair", "seats", "members",
    ),
    "seat": ("id", "name", "org", "region", "kind", "count", "permanent", "role"),
    "chair": ("org",),
}  # fmt: skip


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # never fold a long line of text
    y.allow_unicode = True
    return y


def load(text: str, file: str) -> CommentedMap:
    """A file's text as a round-trip document; an InputError (file and line) when it is not
    a YAML mapping."""
    try:
        doc = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            _(
                "the file is not valid YAML ({reason}); fix it first "
                "(digictl validate explains it)",
                reason=exc.problem or exc.context,
            ),
            file,
            line,
        ) from None
    except YAMLError as exc:
        raise InputError(
            _("the file is not valid YAML ({reason}); fix it first", reason=exc), file
        ) from None
    if not isinstance(doc, CommentedMap):
        raise InputError(_("the file does not hold a YAML mapping; fix it first"), file, 1)
    return doc


def dump(doc: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _reads_back(text: str) -> bool:
    """Whether digictl's loader reads ``text``, written plain, as that same text."""
    from digictl.load.loader import parse

    try:
        value, _lines = parse(f"v: {text}\n", record=False)
    except (LoadError, DigictlError):
        return False
    return isinstance(value, dict) and type(value.get("v")) is str and value["v"] == text


def text(value: str, option: str) -> str:
    """A value from the command line as a YAML string scalar: control characters refused,
    quoted whenever plain would read as anything but the same text."""
    check_text(option, value)
    return value if _reads_back(value) else cast(str, DoubleQuotedScalarString(value))


def code(value: str) -> str:
    """Digits that are text (kommunenummer, orgnr, MM-DD): always in double quotes."""
    return cast(str, DoubleQuotedScalarString(value))


def new_map(order: str, values: Mapping[str, Any]) -> CommentedMap:
    """A mapping with the given keys (None values left out) in the contract's order."""
    m = CommentedMap()
    keys = ORDER[order]
    for key in sorted((k for k in values if values[k] is not None), key=keys.index):
        m[key] = _node(values[key])
    return m


def _node(value: Any) -> Any:
    if isinstance(value, CommentedMap | CommentedSeq):
        return value
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _node(v)
        return m
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_node(v) for v in value)
        return seq
    return value


def flow_list(items: Iterable[str]) -> CommentedSeq:
    """A list written on one line, ``[a, b]``, as the data's short lists of ids are."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def block_list(m: CommentedMap, order: str, key: str) -> CommentedSeq:
    """The list at ``key`` to append items to: created (in the contract's place) when absent;
    an empty ``[]`` becomes a block list, so new items are written one key a line."""
    seq = m.get(key)
    if seq is None:
        put(m, order, key, CommentedSeq())
        seq = m[key]
    if not isinstance(seq, CommentedSeq):
        raise DigictlError(_("`{key}` is not a list in the file; fix the file first", key=key))
    if not seq and seq.fa.flow_style():
        seq.fa.set_block_style()
    return seq


def put(m: CommentedMap, order: str, key: str, value: Any) -> None:
    """Set ``key``: in place when present, else after the last key the contract puts before
    it (so ``until`` lands after ``from``)."""
    if key in m:
        m[key] = _node(value)
        return
    keys = ORDER[order]
    rank = keys.index(key)
    position = 0
    for i, existing in enumerate(m):
        if existing in keys and keys.index(existing) < rank:
            position = i + 1
    m.insert(position, key, _node(value))


def as_date(value: Any) -> date | None:
    """A date read from a round-trip document (ruamel gives dates; quoted ones are text)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
