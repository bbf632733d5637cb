"""`meeting new`, `decision add`: meetings of a body and their numbered decisions
(meetings/<yyyy-mm-dd>-<body>.yaml)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from ruamel.yaml.comments import CommentedSeq

from digictl.author import yamldoc
from digictl.author.common import decision_id, path_of, require
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
from digictl.i18n import _
from digictl.load.dates import parse_date

OUTCOMES = ("consensus", "chair")
SUBJECT_KINDS = ("project", "agreement", "body", "organisation", "person", "year")
_NUMBERED = re.compile(r"(.+)-(\d{4})-(\d+)", re.ASCII)
_SUBJECT = re.compile(r"([a-z]+):([a-z0-9][a-z0-9-]*)", re.ASCII)


def meeting_id(body: str, day: date) -> str:
    return f"{day.isoformat()}-{body}"


def new_meeting(ws: Workspace, body: str, day: date, minutes: str | None = None) -> str:
    """Create meetings/<date>-<body>.yaml: body, date, minutes, and an empty decisions list
    (add them with decision add). Returns the meeting's id."""
    require(ws, "body", body, "BODY")
    ident_ = meeting_id(body, day)
    doc = yamldoc.new_map(
        "meeting",
        {
            "body": body,
            "date": day,
            "minutes": None if minutes is None else yamldoc.text(minutes, "--minutes"),
            "decisions": yamldoc.flow_list([]),
        },
    )
    ws.create(path_of("meeting", ident_), doc)
    return ident_


def body_prefix(body: str) -> str:
    """The prefix of a body without numbered decisions: the initials of its id's words in
    capitals (faggruppe-informasjonssikkerhet -> FI), or the first two letters of a one-word
    id (ressursgruppa -> RE)."""
    words = [w for w in body.split("-") if w]
    return ("".join(w[0] for w in words) if len(words) > 1 else body[:2]).upper()


def next_decision_id(numbered: Iterable[str], body: str, year: int) -> str:
    """The next id in the house pattern ``<PREFIX>-<yyyy>-<nn>`` of a body's decisions: the
    prefix its decisions use most, the number after the highest of that year (two digits
    at least), else ``body_prefix(body)``."""
    parsed = [m.groups() for m in map(_NUMBERED.fullmatch, numbered) if m]
    prefixes = Counter(prefix for prefix, _year, _number in parsed)
    prefix = prefixes.most_common(1)[0][0] if prefixes else body_prefix(body)
    numbers = [int(n) for p, y, n in parsed if p == prefix and int(y) == year]
    width = max([len(n) for p, _year, n in parsed if p == prefix] or [2])
    return f"{prefix}-{year}-{max(numbers, default=0) + 1:0{width}d}"


def _decisions_of(ws: Workspace, body: str, meeting_doc: CommentedSeq) -> list[str]:
    on_disk = [d.id for d in ws.model().decisions.values() if d.body == body]
    here = [str(d.get("id")) for d in meeting_doc if hasattr(d, "get") and d.get("id")]
    return on_disk + here


def _subjects(subjects: list[str]) -> list[str]:
    for s in subjects:
        m = _SUBJECT.fullmatch(s)
        if m is None or m.group(1) not in SUBJECT_KINDS:
            raise UsageError(
                _(
                    "--subject {value!r} is not a typed reference: write KIND:ID with KIND one "
                    "of {kinds} (for example project:felles-sak-arkiv)",
                    value=s,
                    kinds=", ".join(SUBJECT_KINDS),
                )
            )
    return subjects


def add_decision(
    ws: Workspace,
    meeting: str,
    title: str,
    ident_: str | None = None,
    outcome: str = "consensus",
    subjects: list[str] | None = None,
) -> str:
    """Append a decision (id, title, outcome, subjects) to a meeting. Returns its id."""
    require(ws, "meeting", meeting, "MEETING")
    doc = ws.edit(path_of("meeting", meeting))
    decisions = yamldoc.block_list(doc, "meeting", "decisions")
    if outcome not in OUTCOMES:
        raise UsageError(
            _(
                "--outcome takes one of {choices}, not {value!r}",
                choices=", ".join(OUTCOMES),
                value=outcome,
            )
        )
    body, day = str(doc.get("body")), yamldoc.as_date(doc.get("date"))
    year = day.year if day else parse_date(meeting[:10]).year
    the_id = (
        decision_id(ident_, "--id")
        if ident_ is not None
        else next_decision_id(_decisions_of(ws, body, decisions), body, year)
    )
    entry = yamldoc.new_map(
        "decision",
        {
            "id": the_id,
            "title": yamldoc.text(title, "--title"),
            "outcome": outcome,
            "subjects": _subjects(subjects) if subjects else None,
        },
    )
    decisions.append(entry)
    return the_id
