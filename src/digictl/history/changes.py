"""What changed between two states of a data directory, per entity, in governance terms.

The structural diff matches list items by their natural keys (a member by person,
seat and start; a party by organisation and accession date; a decision by id), so
a reordered file is no change and an ended term reads as one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from digictl.i18n import N_, _
from digictl.load.dates import is_iso_date, parse_date
from digictl.load.loader import text_of
from digictl.output.money import kr

if TYPE_CHECKING:
    from digictl.load.dataset import Dataset

# list field -> the keys that identify an item of it
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "parties": ("org", "joined"),
    "members": ("person", "seat", "from"),
    "amendments": ("id",),
    "decisions": ("id",),
    "milestones": ("name",),
    "financing": ("source", "org"),
    "contributions": ("org",),
    "seats": ("id",),
    "benefits": ("org", "description"),
}

Path = tuple[str, ...]


@dataclass(frozen=True)
class FieldChange:
    path: Path  # keys and item labels, e.g. ("members", "kari/regional/2024-04-01", "until")
    before: Any
    after: Any


@dataclass
class EntityChange:
    entity: str  # e.g. project:felles-sak-arkiv
    change: str  # added, removed, changed
    file: str
    line: int
    sentences: list[str] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "entity": self.entity,
            "change": self.change,
            "file": self.file,
            "line": self.line,
            "summary": self.sentences,
            "fields": [
                {"path": ".".join(f.path), "before": _plain(f.before), "after": _plain(f.after)}
                for f in self.fields
            ],
        }


def _plain(value: Any) -> Any:
    """JSON-friendly copy of a loaded value (numbers keep their written form as numbers)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def item_label(list_name: str, item: Any, index: int) -> str:
    keys = LIST_KEYS.get(list_name)
    if keys and isinstance(item, dict):
        parts = [text_of(item.get(k)) for k in keys if item.get(k) is not None]
        if parts:
            return "/".join(parts)
    return f"#{index}"


def diff_values(before: Any, after: Any, path: Path = ()) -> list[FieldChange]:
    """Structural differences between two loaded values."""
    if before == after:  # what is equal holds no difference at any depth: skip the walk
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        return _diff_mappings(before, after, path)
    if isinstance(before, list) and isinstance(after, list):
        if all(isinstance(x, dict) for x in before + after):
            return _diff_keyed_items(before, after, path)
        if all(not isinstance(x, dict | list) for x in before + after):
            return _diff_scalar_items(before, after, path)
    if before != after:
        return [FieldChange(path, before, after)]
    return []


def _diff_mappings(before: dict[str, Any], after: dict[str, Any], path: Path) -> list[FieldChange]:
    out: list[FieldChange] = []
    for key in [*before, *(k for k in after if k not in before)]:
        out += diff_values(before.get(key), after.get(key), (*path, key))
    return out


def _diff_keyed_items(before: list[Any], after: list[Any], path: Path) -> list[FieldChange]:
    """Mapping items matched by their natural keys (see LIST_KEYS)."""
    name = path[-1] if path else ""
    old = {item_label(name, x, i): x for i, x in enumerate(before)}
    new = {item_label(name, x, i): x for i, x in enumerate(after)}
    out: list[FieldChange] = []
    for label in [*old, *(k for k in new if k not in old)]:
        if label not in new:
            out.append(FieldChange((*path, label), old[label], None))
        elif label not in old:
            out.append(FieldChange((*path, label), None, new[label]))
        else:
            out += diff_values(old[label], new[label], (*path, label))
    return out


def _diff_scalar_items(before: list[Any], after: list[Any], path: Path) -> list[FieldChange]:
    removed = [x for x in before if x not in after]
    added = [x for x in after if x not in before]
    return [FieldChange(path, x, None) for x in removed] + [
        FieldChange(path, None, x) for x in added
    ]


def _show(value: Any) -> str:
    if value is None:
        # Translators: what a field holds when it is not there ("`x` owner: nothing → `y`")
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "…"
    return text_of(value)


def _day(value: Any) -> object:
    """A date as the language writes it when ``value`` is one (YYYY-MM-DD), else its text."""
    return parse_date(value) if is_iso_date(value) else _show(value)


def _money(value: Any) -> str:
    return (
        kr(int(value)) if isinstance(value, int) and not isinstance(value, bool) else _show(value)
    )


# A describer gives the sentence for a change it knows, or None to leave it to the next.
_Describer = Callable[[str, dict[str, Any], FieldChange], str | None]


def describe(kind: str, ident: str, data: dict[str, Any], f: FieldChange) -> str:
    """One governance sentence for one field change."""
    for describer in _DESCRIBERS.get(kind, ()) if f.path else ():
        sentence = describer(ident, data, f)
        if sentence is not None:
            return sentence
    return _generic(ident, f)


def _accession(ident: str, data: dict[str, Any], f: FieldChange) -> str | None:
    """A party of an agreement accedes, is removed, leaves, or has its accession end."""
    p = f.path
    if p[0] != "parties" or len(p) < 2:
        return None
    if len(p) == 2 and (f.before is None or f.after is None):
        return _party_entry(ident, f)
    org = p[1].split("/")[0]
    if p[-1] == "left" and f.after is not None:
        return _(
            "`{org}` leaves the agreement `{agreement}` on {day}",
            org=org,
            agreement=ident,
            day=_day(f.after),
        )
    if p[-1] == "until" and f.after is not None:
        if f.before is None:
            return _(
                "`{org}`'s accession to `{agreement}` ends on {day}",
                org=org,
                agreement=ident,
                day=_day(f.after),
            )
        return _(
            "`{org}`'s accession to `{agreement}` ends on {day} (was {before})",
            org=org,
            agreement=ident,
            day=_day(f.after),
            before=_day(f.before),
        )
    return None


def _party_entry(ident: str, f: FieldChange) -> str:
    """A whole party entry added (an accession) or removed."""
    item = f.after if isinstance(f.after, dict) else f.before
    org = item.get("org") if isinstance(item, dict) else f.path[1].split("/")[0]
    if f.before is None:
        joined = _day(f.after.get("joined"))
        if f.after.get("decision"):
            return _(
                "`{org}` accedes to `{agreement}` from {day} ({decision})",
                org=org,
                agreement=ident,
                day=joined,
                decision=f.after["decision"],
            )
        return _(
            "`{org}` accedes to `{agreement}` from {day}", org=org, agreement=ident, day=joined
        )
    return _("`{org}` is removed from the parties of `{agreement}`", org=org, agreement=ident)


def _amendment(ident: str, data: dict[str, Any], f: FieldChange) -> str | None:
    if f.path[:1] != ("amendments",) or len(f.path) != 2 or f.before is not None:
        return None
    values = {"id": f.after.get("id"), "agreement": ident, "day": _day(f.after.get("date"))}
    if f.after.get("summary"):
        return _(
            "amendment `{id}` of `{agreement}` on {day}: {summary}",
            summary=f.after["summary"],
            **values,
        )
    return _("amendment `{id}` of `{agreement}` on {day}", **values)


def _agreement_dates(ident: str, data: dict[str, Any], f: FieldChange) -> str | None:
    p = f.path
    if p == ("until",):
        return _(
            "`{agreement}` now ends on {day} (was {before})",
            agreement=ident,
            day=_day(f.after),
            before=_day(f.before),
        )
    if p == ("effective",):
        return _(
            "`{agreement}` now takes effect on {day} (was {before})",
            agreement=ident,
            day=_day(f.after),
            before=_day(f.before),
        )
    if p == ("evaluation", "done") and f.after is not None:
        return _("`{agreement}` is evaluated on {day}", agreement=ident, day=_day(f.after))
    return None


def _membership(ident: str, data: dict[str, Any], f: FieldChange) -> str | None:
    p = f.path
    if p[0] != "members" or len(p) < 2:
        return None
    person, seat, start = ([*p[1].split("/"), "", "", ""])[:3]
    if len(p) == 2 and f.before is None:
        return _new_member(ident, data, f.after)
    if len(p) == 2 and f.after is None:
        return _(
            "the entry of `{person}` on `{body}` (seat `{seat}`, from {day}) is deleted",
            person=person,
            body=ident,
            seat=seat,
            day=_day(start),
        )
    if p[-1] == "until" and f.after is not None:
        return _(
            "`{person}` leaves `{body}` (seat `{seat}`) on {day}",
            person=person,
            body=ident,
            seat=seat,
            day=_day(f.after),
        )
    return None


def _decision(ident: str, data: dict[str, Any], f: FieldChange) -> str | None:
    if f.path[:1] != ("decisions",) or len(f.path) != 2:
        return None
    added = f.before is None
    item = f.after if added else f.before
    ident, title = item.get("id"), text_of(item.get("title") or "").strip()
    if added:
        if title:
            return _("new decision `{id}` {title}", id=ident, title=title)
        return _("new decision `{id}`", id=ident)
    if title:
        return _("decision removed: `{id}` {title}", id=ident, title=title)
    return _("decision removed: `{id}`", id=ident)


def _project_field(ident: str, data: dict[str, Any], f: FieldChange) -> str | None:
    """Budget, status and owner of a project; its lost decisions."""
    p = f.path
    if p == ("budget", "total"):
        return _(
            "`{project}` budget {before} → {after}",
            project=ident,
            before=_money(f.before),
            after=_money(f.after),
        )
    if p == ("status",):
        return _(
            "`{project}` status {before} → {after}",
            project=ident,
            before=_show(f.before),
            after=_show(f.after),
        )
    if p == ("owner",):
        return _(
            "`{project}` changes owner from `{before}` to `{after}`",
            project=ident,
            before=_show(f.before),
            after=_show(f.after),
        )
    if p == ("budget", "decision") and f.after is None:
        return _(
            "`{project}` loses its budget decision `{decision}`",
            project=ident,
            decision=_show(f.before),
        )
    if p == ("mandate", "decision") and f.after is None:
        return _(
            "`{project}` loses its mandate decision `{decision}`",
            project=ident,
            decision=_show(f.before),
        )
    return None


def _milestone(ident: str, data: dict[str, Any], f: FieldChange) -> str | None:
    p = f.path
    if p[0] != "milestones":
        return None
    if len(p) == 2 and f.before is None:
        return _(
            "new milestone {name!r} of `{project}` due {day}",
            name=f.after.get("name"),
            project=ident,
            day=_day(f.after.get("due")),
        )
    if p[-1] == "done" and f.after is not None:
        return _(
            "milestone {name!r} of `{project}` done on {day}",
            name=p[1],
            project=ident,
            day=_day(f.after),
        )
    return None


def _approval(ident: str, data: dict[str, Any], f: FieldChange) -> str | None:
    """The approval of a year's annual plan or report."""
    p = f.path
    if len(p) != 2 or p[1] != "decision" or p[0] not in ("annual_plan", "annual_report"):
        return None
    plan = p[0] == "annual_plan"
    if f.after is not None:
        decision = _show(f.after)
        if plan:
            return _("annual plan {year} approved by `{decision}`", year=ident, decision=decision)
        return _("annual report {year} approved by `{decision}`", year=ident, decision=decision)
    decision = _show(f.before)
    if plan:
        return _(
            "annual plan {year} loses its approval `{decision}`", year=ident, decision=decision
        )
    return _("annual report {year} loses its approval `{decision}`", year=ident, decision=decision)


_DESCRIBERS: dict[str, tuple[_Describer, ...]] = {
    "agreement": (_accession, _amendment, _agreement_dates),
    "body": (_membership,),
    "meeting": (_decision,),
    "project": (_project_field, _milestone),
    "year": (_approval,),
}


def _generic(ident: str, f: FieldChange) -> str:
    """The sentence for a change no kind-specific describer knows."""
    p = f.path
    added, removed = f.before is None, f.after is None
    where = ".".join(p)
    if p and p[-1] in ("total", "amount", "budget") and not (added or removed):
        return _(
            "`{id}` {field}: {before} → {after}",
            id=ident,
            field=where,
            before=_money(f.before),
            after=_money(f.after),
        )
    if len(p) >= 2 and p[0] in LIST_KEYS and isinstance(f.after if added else f.before, dict):
        if added:
            return _("`{id}` {field}: entry `{entry}` added", id=ident, field=p[0], entry=p[1])
        return _("`{id}` {field}: entry `{entry}` removed", id=ident, field=p[0], entry=p[1])
    if added:
        return _("`{id}` {field}: {value} added", id=ident, field=where, value=_show(f.after))
    if removed:
        return _("`{id}` {field}: {value} removed", id=ident, field=where, value=_show(f.before))
    return _(
        "`{id}` {field}: {before} → {after}",
        id=ident,
        field=where,
        before=_show(f.before),
        after=_show(f.after),
    )


def _items(value: Any) -> list[dict[str, Any]]:
    """The mapping items of a list field; nothing when the data has another type there."""
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _new_member(body_id: str, body: dict[str, Any], m: dict[str, Any]) -> str:
    who = {"person": m.get("person"), "body": body_id, "seat": m.get("seat")}
    seat = next((s for s in _items(body.get("seats")) if s.get("id") == m.get("seat")), {})
    years = m.get("term_years") or body.get("term_years")
    start = m.get("from")
    if (
        seat.get("permanent")
        or not isinstance(years, int)
        or isinstance(years, bool)
        or years < 1
        or not isinstance(start, str)
        or not is_iso_date(start)
    ):  # a term of another type is a schema finding; the sentence needs no term then
        return _(
            "new member `{person}` on `{body}`, seat `{seat}`, from {day}", day=_day(start), **who
        )
    from digictl.facts.timeline import term_end

    return _(
        "new member `{person}` on `{body}`, seat `{seat}`, term to {day}",
        day=term_end(parse_date(start), int(years)),
        **who,
    )


# One sentence per kind of entity (the kind's name stays as the data writes it in English).
REMOVED = {
    "network": N_("network `{id}` is removed"),
    "organisation": N_("organisation `{id}` is removed"),
    "person": N_("person `{id}` is removed"),
    "agreement": N_("agreement `{id}` is removed"),
    "body": N_("body `{id}` is removed"),
    "meeting": N_("meeting `{id}` is removed"),
    "project": N_("project `{id}` is removed"),
    "year": N_("year `{id}` is removed"),
}
CREATED = {
    "network": N_("network `{id}` is created"),
    "organisation": N_("organisation `{id}` is created"),
    "person": N_("person `{id}` is created"),
    "agreement": N_("agreement `{id}` is created"),
    "body": N_("body `{id}` is created"),
    "meeting": N_("meeting `{id}` is created"),
    "project": N_("project `{id}` is created"),
    "year": N_("year `{id}` is created"),
}
DELETED = {
    "network": N_("network `{id}` is deleted"),
    "organisation": N_("organisation `{id}` is deleted"),
    "person": N_("person `{id}` is deleted"),
    "agreement": N_("agreement `{id}` is deleted"),
    "body": N_("body `{id}` is deleted"),
    "meeting": N_("meeting `{id}` is deleted"),
    "project": N_("project `{id}` is deleted"),
    "year": N_("year `{id}` is deleted"),
}
_NEW = {
    "network": N_("new network `{id}`"),
    "organisation": N_("new organisation `{id}`"),
    "person": N_("new person `{id}`"),
    "agreement": N_("new agreement `{id}`"),
    "body": N_("new body `{id}`"),
}
_NEW_NAMED = {
    "network": N_("new network `{id}` ({name})"),
    "organisation": N_("new organisation `{id}` ({name})"),
    "person": N_("new person `{id}` ({name})"),
    "agreement": N_("new agreement `{id}` ({name})"),
    "body": N_("new body `{id}` ({name})"),
}


def of_kind(sentences: dict[str, str], kind: str, ident: str, **values: object) -> str:
    """The sentence of ``sentences`` for an entity of ``kind``, in the current language."""
    return _(sentences[kind], id=ident, **values)


def _documents(data: Dataset) -> dict[str, tuple[str, str, str, dict[str, Any], Any, str]]:
    out = {}
    for e in data.entries:
        if e.doc is not None:
            out[e.entity] = (e.kind.name, e.stem, e.rel, e.doc.data, e.doc, e.digest)
    return out


def entity_changes(base: Dataset, head: Dataset) -> list[EntityChange]:
    """Every entity added, removed or changed from ``base`` to ``head``."""
    old, new = _documents(base), _documents(head)
    out: list[EntityChange] = []
    for entity in sorted(set(old) | set(new)):
        if entity not in old:
            kind, ident, rel, data, _doc, _digest = new[entity]
            out.append(EntityChange(entity, "added", rel, 1, [_added(kind, ident, data)]))
        elif entity not in new:
            kind, ident, rel, data, _doc, _digest = old[entity]
            removed = of_kind(REMOVED, kind, ident)
            out.append(EntityChange(entity, "removed", rel, 1, [removed]))
        else:
            kind, ident, rel, data, doc, digest = new[entity]
            if digest and digest == old[entity][5]:
                continue  # the same bytes at the same path: nothing changed
            fields = diff_values(old[entity][3], data)
            if not fields:
                continue
            first = fields[0].path
            line = _line_of(doc, data, first)
            sentences = list(dict.fromkeys(describe(kind, ident, data, f) for f in fields))
            out.append(EntityChange(entity, "changed", rel, line, sentences, fields))
    return out


def _line_of(doc: Any, data: dict[str, Any], path: Path) -> int:
    """The line of a changed path in the head document (item labels mapped back to indexes)."""
    real: list[str | int] = []
    node: Any = data
    for part in path:
        if isinstance(node, list):
            name = str(real[-1]) if real else ""
            index = next((i for i, x in enumerate(node) if item_label(name, x, i) == part), None)
            if index is None:
                break
            real.append(index)
            node = node[index]
        elif isinstance(node, dict) and part in node:
            real.append(part)
            node = node[part]
        else:
            break
    line: int = doc.line(*real)
    return line


def _added(kind: str, ident: str, data: dict[str, Any]) -> str:
    if kind == "project":
        values = {
            "id": ident,
            "status": _show(data.get("status")),
            "owner": _show(data.get("owner")),
        }
        if isinstance(data.get("budget"), dict) and data["budget"]:
            return _(
                "new project `{id}` ({status}, owner `{owner}`, budget {budget})",
                budget=_money(data["budget"].get("total")),
                **values,
            )
        return _("new project `{id}` ({status}, owner `{owner}`)", **values)
    if kind == "meeting":
        decisions = [d.get("id") for d in _items(data.get("decisions"))]
        body, day = _show(data.get("body")), _day(data.get("date"))
        if not decisions:
            return _("`{body}` meets on {day}: no decisions", body=body, day=day)
        listed = ", ".join(f"`{d}`" for d in decisions)
        return _("`{body}` meets on {day}: {decisions}", body=body, day=day, decisions=listed)
    if kind == "year":
        return _("new year file {year}", year=ident)
    if isinstance(data.get("name"), str):
        return of_kind(_NEW_NAMED, kind, ident, name=data["name"])
    return of_kind(_NEW, kind, ident)
