"""The notice of a meeting (innkalling): when and where, who is called, and the agenda
(saksliste) with each item's proposal and documents."""

from __future__ import annotations

from digictl.facts.tenures import Tenure
from digictl.model import Meeting
from digictl.output.meetings import parts
from digictl.output.meetings.records import MeetingDocument, PeopleGroup
from digictl.output.reports.document import Inputs, Table


def notice(inp: Inputs, meeting_id: str) -> MeetingDocument:
    t = inp.t
    meeting = parts.find(inp, meeting_id)
    items = [parts.item_record(inp, i) for i in sorted(meeting.agenda, key=lambda i: i.seq)]
    facts = parts.meeting_facts(inp, meeting)
    if meeting.notice is not None:
        facts.append((t("doc.notice_sent"), t.date(meeting.notice)))
    return MeetingDocument(
        kind="notice",
        lang=t.lang,
        meeting=meeting.id,
        title=parts.title_of(inp, "notice", meeting),
        subtitle=parts.subtitle(inp),
        public=inp.public,
        facts=facts,
        people_heading=t("doc.called"),
        people=called(inp, meeting),
        statements=[],
        agenda_heading=t("doc.agenda"),
        agenda=parts.agenda_table(inp, items),
        items_heading=t("doc.items.notice"),
        items=items,
        footer=parts.footer(inp),
    )


def called(inp: Inputs, meeting: Meeting) -> list[PeopleGroup]:
    """The members with a vote on the meeting's day, the body's deputies and its observers,
    as the facts layer holds them."""
    t = inp.t
    f = inp.facts
    body = inp.model.bodies.get(meeting.body)
    if body is None:
        return []
    voting = parts.facts_of(inp, meeting).voting
    active = f.active(body, meeting.date)
    members = [x for x in active if x.member.person in voting]
    observers = [x for x in active if x.member.person not in voting]
    deputies = [x for x in f.tenures(body) if not x.voting and x.active_on(meeting.date)]
    groups = [PeopleGroup("members", t("doc.members"), _table(inp, members, True))]
    if deputies:
        groups.append(PeopleGroup("deputies", t("doc.deputies"), _table(inp, deputies, False)))
    if observers:
        groups.append(PeopleGroup("observers", t("doc.observers"), _table(inp, observers, False)))
    return groups


def _table(inp: Inputs, tenures: list[Tenure], roles: bool) -> Table:
    t = inp.t
    columns = [t("doc.col.name"), t("col.org")] + ([t("col.role")] if roles else [])
    with_email = not inp.public
    if with_email:
        columns.append(t("col.email"))
    rows = []
    for x in tenures:
        person = x.member.person
        row = [parts.person_name(inp, person), parts.person_org(inp, person)]
        if roles:
            row.append(t(f"role.{x.member.role}"))
        if with_email:
            row.append(parts.email(inp, person))
        rows.append(row)
    return Table(columns, rows, t("none"))
