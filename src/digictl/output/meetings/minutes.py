"""The minutes of a meeting (møteprotokoll): who met, whether the meeting was quorate, each
item with its conflicts of interest and decisions, and the minutes' approval."""

from __future__ import annotations

from datetime import date

from digictl.facts.meetings import MeetingFacts, Quorum
from digictl.model import AgendaItem, Attendance, Conflict, Meeting
from digictl.output.meetings import parts
from digictl.output.meetings.records import DecisionRecord, ItemRecord, MeetingDocument, PeopleGroup
from digictl.output.reports.document import Inputs, Table


def minutes(inp: Inputs, meeting_id: str) -> MeetingDocument:
    t = inp.t
    meeting = parts.find(inp, meeting_id)
    mf = parts.facts_of(inp, meeting)
    agenda = sorted(meeting.agenda, key=lambda i: i.seq)
    items = [_item(inp, mf, i) for i in agenda]
    numbers = {i.number for i in agenda}
    others = [
        parts.decision_record(inp, d, None) for d in meeting.decisions if d.item not in numbers
    ]
    others_heading = t("doc.others") if agenda else t("doc.decisions")
    ref = parts.link(meeting.minutes) if meeting.minutes else None
    return MeetingDocument(
        kind="minutes",
        lang=t.lang,
        meeting=meeting.id,
        title=parts.title_of(inp, "minutes", meeting),
        subtitle=parts.subtitle(inp),
        public=inp.public,
        facts=parts.meeting_facts(inp, meeting),
        notes=[] if mf.held else [t("doc.not_held", date=t.date(inp.as_of))],
        people_heading=t("doc.attendance"),
        people=attendance(inp, meeting.attendance),
        statements=[_quorum(inp, mf.quorum)],
        items_heading=t("doc.items.minutes"),
        items=items,
        others_heading=others_heading,
        others=others,
        approval_heading=t("doc.approval"),
        approval=_approval(inp, mf),
        minutes_ref=ref,
        footer=parts.footer(inp),
    )


def attendance(inp: Inputs, a: Attendance | None) -> list[PeopleGroup]:
    """Members present, deputies (and whom they met for), the absent (and why, except in a
    public version) and observers; the groups nobody is in are left out."""
    if a is None:
        return []
    t = inp.t
    name, org = parts.person_name, parts.person_org
    cols = [t("doc.col.name"), t("col.org")]
    groups = [
        PeopleGroup(
            "present",
            t("doc.present"),
            Table(cols, [[name(inp, p), org(inp, p)] for p in a.present], t("none")),
        )
    ]
    if a.deputies:
        rows = [
            [name(inp, d.person), org(inp, d.person), name(inp, d.replaces)] for d in a.deputies
        ]
        groups.append(
            PeopleGroup("deputies", t("doc.deputies"), Table([*cols, t("doc.col.for")], rows))
        )
    if a.absent:
        if inp.public:
            table = Table(cols, [[name(inp, p), org(inp, p)] for p, _reason in a.absent])
        else:
            rows = [[name(inp, p), org(inp, p), reason or ""] for p, reason in a.absent]
            table = Table([*cols, t("doc.col.reason")], rows)
        groups.append(PeopleGroup("absent", t("doc.absent"), table))
    if a.observers:
        rows = [[name(inp, p), org(inp, p)] for p in a.observers]
        groups.append(PeopleGroup("observers", t("doc.observers"), Table(cols, rows)))
    return groups


def _quorum(inp: Inputs, q: Quorum | None) -> str:
    t = inp.t
    if q is None:
        return t("doc.quorum.none")
    key = "doc.quorum.met" if q.met else "doc.quorum.not_met"
    return t(key, present=q.present, seats=q.seats, needed=q.needed)


def _item(inp: Inputs, mf: MeetingFacts, item: AgendaItem) -> ItemRecord:
    """An item as the minutes show it: what the notice shows but the proposal and documents,
    the conflicts declared, the quorum while members with a conflict were away, and the
    decisions made under it (or that none is recorded)."""
    t = inp.t
    record = parts.item_record(inp, item)
    record.proposal, record.attachments = [], []
    record.conflicts = [_conflict(inp, c) for c in item.conflicts]
    if any(c.left for c in item.conflicts):
        q = mf.quorum_for(item)
        if q is not None:
            key = "doc.quorum.item.met" if q.met else "doc.quorum.item.not_met"
            record.quorum = t(key, present=q.present, seats=q.seats, needed=q.needed)
    record.decisions = _decisions(inp, mf.meeting, item)
    if item in mf.undecided():
        record.note = t("doc.undecided")
    return record


def _decisions(inp: Inputs, meeting: Meeting, item: AgendaItem) -> list[DecisionRecord]:
    return [parts.decision_record(inp, d, item) for d in meeting.decisions_on(item.number)]


def _conflict(inp: Inputs, c: Conflict) -> str:
    """Who declared a conflict of interest, on what grounds (not in a public version) and
    whether they left while the item was dealt with."""
    t = inp.t
    key = "doc.conflict.left" if c.left else "doc.conflict.stayed"
    person = parts.person_name(inp, c.person)
    if c.grounds and not inp.public:
        return t(key, person=person, grounds=c.grounds)
    return t(f"{key}.nogrounds", person=person)


def _approval(inp: Inputs, mf: MeetingFacts) -> list[str]:
    """Approved on a day, by whom and how; or not yet, and by when it is due. Nothing for a
    meeting outside the workflow (no approval is asked for it: docs/design.md §14)."""
    t = inp.t
    m = mf.meeting
    if not mf.minutes_approved or m.approved is None:
        return [t("doc.not_approved", due=t.date(mf.minutes_effective))] if mf.tracked else []
    return [_approved(inp, m, m.approved)]


def _approved(inp: Inputs, m: Meeting, approved: date) -> str:
    t = inp.t
    by = parts.listing(t, [parts.person_name(inp, p) for p in m.approved_by])
    method = t(f"doc.method.{m.approval_method}") if m.approval_method else ""
    day = t.date(approved)
    if by and method:
        return t("doc.approved.by_method", date=day, names=by, method=method)
    if by:
        return t("doc.approved.by", date=day, names=by)
    if method:
        return t("doc.approved.method", date=day, method=method)
    return t("doc.approved", date=day)
