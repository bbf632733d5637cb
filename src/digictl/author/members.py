"""`member appoint`, `member reappoint`, `member end`: the members list of a body
(bodies/<id>.yaml), which is the body's history: entries are added or ended, never removed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from digictl.author import yamldoc
from digictl.author.common import decision_id, path_of, require
from digictl.author.workspace import Workspace
from digictl.errors import UsageError
from digictl.i18n import _
from digictl.load.schemas import did_you_mean

if TYPE_CHECKING:
    from digictl.facts.tenures import Tenure

ROLES = ("chair", "member", "observer", "deputy")


def _members(doc: CommentedMap) -> CommentedSeq:
    return yamldoc.block_list(doc, "body", "members")


def appoint(
    ws: Workspace,
    person: str,
    body: str,
    seat: str,
    start: date,
    decision: str,
    role: str = "member",
    term_years: int | None = None,
    until: date | None = None,
) -> None:
    """Append a member entry: person, seat, role, from, until, term_years, appointed_by."""
    require(ws, "person", person, "PERSON")
    require(ws, "body", body, "--body")
    the_body = ws.model().bodies.get(body)
    if the_body is not None and the_body.seat(seat) is None:
        seats = {s.id for s in the_body.seats}
        if not seats:
            raise UsageError(
                _(
                    "--seat: body `{body}` has no seat `{seat}` (it has no seats yet)",
                    body=body,
                    seat=seat,
                )
            )
        raise UsageError(
            _(
                "--seat: body `{body}` has no seat `{seat}` (its seats: {seats}){hint}",
                body=body,
                seat=seat,
                seats=", ".join(sorted(seats)),
                hint=did_you_mean(seat, seats),
            )
        )
    if role not in ROLES:
        raise UsageError(
            _("--role takes one of {choices}, not {value!r}", choices=", ".join(ROLES), value=role)
        )
    if term_years is not None and term_years < 1:
        raise UsageError(
            _(
                "--term-years takes a whole number of years, 1 or more, not {value}",
                value=term_years,
            )
        )
    if until is not None and until < start:
        raise UsageError(_("--until {until} lies before --from {start}", until=until, start=start))
    entry = yamldoc.new_map(
        "member",
        {
            "person": person,
            "seat": yamldoc.text(seat, "--seat"),
            "role": role,
            "from": start,
            "until": until,
            "term_years": term_years,
            "appointed_by": decision_id(decision),
        },
    )
    _members(ws.edit(path_of("body", body))).append(entry)


def _tenures(ws: Workspace, as_of: date, person: str, body: str) -> list[Tenure]:
    """The person's entries on the body with their facts (term ends from the facts layer)."""
    require(ws, "person", person, "PERSON")
    require(ws, "body", body, "--body")
    the_body = ws.model().bodies.get(body)
    if the_body is None:
        raise UsageError(
            _("--body: the file of body `{body}` does not pass its schema; fix it first", body=body)
        )
    mine = [t for t in ws.facts(as_of).tenures(the_body) if t.member.person == person]
    if not mine:
        raise UsageError(
            _("`{person}` has no entry on `{body}`; use member appoint", person=person, body=body)
        )
    return mine


def _latest(mine: list[Tenure]) -> Tenure:
    """The latest of a person's entries: the one no other entry follows."""
    return ([t for t in mine if t.next_entry is None] or mine)[-1]


def _entry(ws: Workspace, body: str, t: Tenure) -> CommentedMap:
    """The document's item of a tenure's member entry (matched by person, seat and from)."""
    for item in _members(ws.edit(path_of("body", body))):
        if (
            isinstance(item, CommentedMap)
            and item.get("person") == t.member.person
            and item.get("seat") == t.member.seat
            and yamldoc.as_date(item.get("from")) == t.member.start
        ):
            return item
    raise UsageError(  # pragma: no cover - the model is read from the same file
        _(
            "the entry of `{person}` on `{body}` was not found in its file",
            person=t.member.person,
            body=body,
        )
    )


def reappoint(
    ws: Workspace, as_of: date, person: str, body: str, decision: str, start: date | None = None
) -> date:
    """A new entry on the same seat and role, from the day after the current term ends by
    default. Returns the first day of the new entry."""
    t = _latest(_tenures(ws, as_of, person, body))
    if start is None:
        if t.term_end is None:
            raise UsageError(
                _(
                    "the entry of `{person}` on `{body}` has no term end (a permanent seat or no "
                    "term length); pass --from DATE",
                    person=person,
                    body=body,
                )
            )
        start = t.term_end + timedelta(days=1)
    if start <= t.member.start:
        raise UsageError(
            _(
                "--from {start} is not after the current entry's start {current}",
                start=start,
                current=t.member.start,
            )
        )
    current = _entry(ws, body, t)
    entry = yamldoc.new_map(
        "member",
        {
            "person": person,
            "seat": current["seat"],
            "role": current.get("role", t.member.role),
            "from": start,
            "term_years": current.get("term_years"),
            "appointed_by": decision_id(decision),
        },
    )
    _members(ws.edit(path_of("body", body))).append(entry)
    return start


def end(ws: Workspace, as_of: date, person: str, body: str, last_day: date) -> None:
    """Set `until` (the last day) on the person's current entry."""
    mine = _tenures(ws, as_of, person, body)
    # the entry that holds the seat on the last day, else the latest one
    holding = [t for t in mine if t.active_on(last_day)]
    t = holding[-1] if holding else _latest(mine)
    if last_day < t.member.start:
        raise UsageError(
            _(
                "--date {day} lies before the entry's start {start}",
                day=last_day,
                start=t.member.start,
            )
        )
    if t.member.until is not None and t.member.until == last_day:
        raise UsageError(
            _("`{person}` already leaves `{body}` on {day}", person=person, body=body, day=last_day)
        )
    yamldoc.put(_entry(ws, body, t), "member", "until", last_day)
