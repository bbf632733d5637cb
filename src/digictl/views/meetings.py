"""The meetings of the bodies as `meeting plan` and `status` show them.

Everything here is read from the facts layer (``Facts.meetings``, ``next_meetings``,
``awaiting_approval`` and the deadlines of kinds ``meeting-notice`` and
``minutes-approval``): no date is computed here, so the plan, the dashboard, `deadlines`
and the calendar feed agree on every notice and minutes date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digictl import i18n
from digictl.facts import Facts
from digictl.facts.deadlines import Deadline
from digictl.facts.meetings import MeetingFacts, Readiness, awaiting_approval, next_meetings
from digictl.i18n import _
from digictl.model import AgendaItem, Model
from digictl.views.roster import check_body

NOTICE = "meeting-notice"
MINUTES = "minutes-approval"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def deadlines_of_meetings(f: Facts) -> dict[tuple[str, str], Deadline]:
    """The notice and minutes deadlines of the meetings, by (kind, meeting id): the very
    deadlines `deadlines` lists."""
    return {
        (d.kind, d.about.meeting): d
        for d in f.deadlines
        if d.kind in (NOTICE, MINUTES) and d.about.meeting is not None
    }


def body_name(model: Model, body_id: str) -> str:
    """The body's name in the current language (its nynorsk name in nynorsk, when it has
    one), or its id when the data has no such body."""
    body = model.bodies.get(body_id)
    return body_id if body is None else body.name_in(i18n.current())


def item_dict(item: AgendaItem) -> dict[str, object]:
    """An agenda item in JSON: an item exempt from public access has no title (its legal
    basis is public, as on a published agenda)."""
    return {
        "number": item.number,
        "title": item.title if item.public else None,
        "kind": item.kind,
        "public": item.public,
        "exempt": None if item.public else item.exempt,
    }


def agenda_lines(meeting: MeetingFacts) -> list[tuple[str, str]]:
    """The agenda as (number, title) for a published agenda: an item exempt from public
    access shows that it is exempt (and the legal basis when given) instead of its title."""
    out = []
    for item in meeting.meeting.agenda:
        if item.public:
            text = item.title
        elif item.exempt:
            text = _("exempt from public access ({basis})", basis=item.exempt)
        else:
            text = _("exempt from public access")
        out.append((item.number, text))
    return out


@dataclass(frozen=True)
class PlannedMeeting:
    """A meeting in the meeting plan: its facts and the deadlines the facts give it."""

    facts: MeetingFacts
    body_name: str
    notice: Deadline | None  # the meeting-notice deadline, when a notice is asked for
    minutes: Deadline | None  # the minutes-approval deadline, once the meeting is held

    @property
    def id(self) -> str:
        return self.facts.meeting.id

    @property
    def held(self) -> bool:
        return self.facts.held

    @property
    def notice_sent(self) -> date | None:
        """The day the notice was sent, when that is on or before the date examined."""
        return self.facts.notice_sent

    @property
    def approved(self) -> date | None:
        """The day the minutes were approved, when that is on or before the date examined."""
        return self.facts.meeting.approved if self.facts.minutes_approved else None

    @property
    def minutes_due(self) -> tuple[date, date] | None:
        """(nominal, effective) day the minutes are due: the deadline's once the meeting is
        held; for a meeting ahead (which follows the workflow), the days the facts give that
        deadline once it is held."""
        if self.minutes is not None:
            return self.minutes.due, self.minutes.effective
        if not self.held and self.facts.tracked:
            return self.facts.minutes_due, self.facts.minutes_effective
        return None

    def as_dict(self) -> dict[str, object]:
        m = self.facts.meeting
        due = self.minutes_due
        return {
            "id": m.id,
            "body": m.body,
            "date": m.date.isoformat(),
            "time": m.time,
            "place": m.place,
            "held": self.held,
            "notice": {
                "due": _iso(self.notice.due if self.notice else None),
                "sent": _iso(self.notice_sent),
            },
            "minutes": (
                {
                    "due": _iso(due[0] if due else None),
                    "effective": _iso(due[1] if due else None),
                    "approved": _iso(self.approved),
                    "ref": m.minutes,
                }
                if self.facts.tracked
                else None
            ),
            "agenda": [item_dict(i) for i in m.agenda],
        }


def meeting_plan(
    f: Facts, body_id: str | None = None, year: int | None = None
) -> list[PlannedMeeting]:
    """The meetings of one body (or all) in one year (or all years), by date."""
    if body_id is not None:
        check_body(f.model, body_id)
    due = deadlines_of_meetings(f)
    chosen = sorted(
        (
            mf
            for mf in f.meetings.values()
            if (body_id is None or mf.meeting.body == body_id)
            and (year is None or mf.meeting.date.year == year)
        ),
        key=lambda mf: (mf.meeting.date, mf.meeting.time or "", mf.meeting.id),
    )
    return [
        PlannedMeeting(
            mf,
            body_name(f.model, mf.meeting.body),
            due.get((NOTICE, mf.meeting.id)),
            due.get((MINUTES, mf.meeting.id)),
        )
        for mf in chosen
    ]


# --- status -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting of a body and what it still needs (``Readiness``), with its notice
    deadline (None when no notice is asked for: a meeting before `records_from`)."""

    readiness: Readiness
    notice: Deadline | None

    @property
    def notice_sent(self) -> date | None:
        return self.readiness.meeting.notice_sent

    def as_dict(self, as_of: date, within: int) -> dict[str, object]:
        r = self.readiness
        m = r.meeting.meeting
        return {
            "id": m.id,
            "body": m.body,
            "date": m.date.isoformat(),
            "time": m.time,
            "place": m.place,
            "notice": {
                "due": r.notice_due.isoformat(),
                "sent": _iso(self.notice_sent),
                "status": self.notice.status(as_of, within) if self.notice else None,
                "days_left": self.notice.days_left(as_of) if self.notice else None,
            },
            "without_documents": list(r.without_documents),
            "ready": r.ready,
        }


@dataclass(frozen=True)
class AwaitingMinutes:
    """A held meeting whose minutes are not approved yet, with their deadline."""

    facts: MeetingFacts
    deadline: Deadline | None

    def as_dict(self, as_of: date, within: int) -> dict[str, object]:
        m = self.facts.meeting
        return {
            "id": m.id,
            "body": m.body,
            "date": m.date.isoformat(),
            "minutes": {
                "due": self.facts.minutes_due.isoformat(),
                "effective": self.facts.minutes_effective.isoformat(),
                "status": self.deadline.status(as_of, within) if self.deadline else None,
                "days_left": self.deadline.days_left(as_of) if self.deadline else None,
            },
        }


@dataclass(frozen=True)
class MeetingsAttention:
    """What `status` shows of the meetings: each body's next meeting and the minutes that
    await approval."""

    next: list[NextMeeting]
    awaiting: list[AwaitingMinutes]

    def as_dict(self, as_of: date, within: int) -> dict[str, object]:
        return {
            "next": [n.as_dict(as_of, within) for n in self.next],
            "awaiting_approval": [a.as_dict(as_of, within) for a in self.awaiting],
        }


def meetings_attention(f: Facts) -> MeetingsAttention:
    due = deadlines_of_meetings(f)
    return MeetingsAttention(
        [NextMeeting(r, due.get((NOTICE, r.meeting.meeting.id))) for r in next_meetings(f)],
        [AwaitingMinutes(mf, due.get((MINUTES, mf.meeting.id))) for mf in awaiting_approval(f)],
    )
