"""The facts of meetings: notice and minutes deadlines, who could vote, quorum, readiness.

A meeting follows the meeting workflow (docs/design.md §14) when its file records a notice,
an agenda, attendance or the minutes' approval, and so does every meeting not yet held: a
meeting recorded only with its date and decisions (the form before the workflow) is not asked for a
notice or an approval. The periods and the quorum share are rule parameters in network.yaml
(`meeting-notice: {days: 7}`, `minutes-approval: {days: 14}`, `quorum: {percent: 50,
deputies: true}`); rules, deadlines, `status` and the documents read them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from digictl.facts.timeline import next_working_day
from digictl.model import AgendaItem, Body, Meeting, Model

if TYPE_CHECKING:
    from digictl.facts.core import Facts

NOTICE_RULE = "meeting-notice"
MINUTES_RULE = "minutes-approval"
QUORUM_RULE = "quorum"

# the rule parameters and their defaults (the rules declare these)
NOTICE_DAYS = 7  # the notice is sent at least this many days before the meeting
MINUTES_DAYS = 14  # the minutes are approved within this many days after it
QUORUM_PERCENT = 50  # at least this share of the voting seats present (kommuneloven § 11-9)
QUORUM_DEPUTIES = True  # a deputy counts for the member replaced

_MAX_DAYS = 366


def int_setting(model: Model, rule_id: str, name: str, default: int, top: int) -> int:
    """A whole-number parameter of a rule from network.yaml when it is valid (0..top), else
    ``default``: what the rule reads, read the same way by every command."""
    setting = model.network.rules.get(rule_id) if model.network else None
    value = setting.params.get(name) if setting else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= top:
        return value
    return default


def bool_setting(model: Model, rule_id: str, name: str, default: bool) -> bool:
    setting = model.network.rules.get(rule_id) if model.network else None
    value = setting.params.get(name) if setting else None
    return value if isinstance(value, bool) else default


@dataclass(frozen=True)
class Settings:
    notice_days: int
    minutes_days: int
    quorum_percent: int
    deputies_count: bool

    @classmethod
    def of(cls, model: Model) -> Settings:
        return cls(
            int_setting(model, NOTICE_RULE, "days", NOTICE_DAYS, _MAX_DAYS),
            int_setting(model, MINUTES_RULE, "days", MINUTES_DAYS, _MAX_DAYS),
            int_setting(model, QUORUM_RULE, "percent", QUORUM_PERCENT, 100),
            bool_setting(model, QUORUM_RULE, "deputies", QUORUM_DEPUTIES),
        )


@dataclass(frozen=True)
class Quorum:
    """How many of the voting seats were taken in a meeting (or while an item was dealt
    with), and how many had to be."""

    seats: int  # the body's voting seats
    present: int  # voting members present, each deputy counted for the member replaced
    needed: int
    counted: frozenset[str]  # the members counted present (replaced members for deputies)

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def needed(seats: int, percent: int) -> int:
    """At least ``percent`` per cent of ``seats``, rounded up: half of 7 seats is 4."""
    return -(-seats * percent // 100)


@dataclass(frozen=True)
class MeetingFacts:
    meeting: Meeting
    body: Body | None
    as_of: date
    settings: Settings
    voting: frozenset[str]  # the voting members of the body on the meeting's day
    seats: int  # the body's voting seats
    records_from: date | None = None  # network.yaml's: nothing due before it is required

    @property
    def held(self) -> bool:
        return self.meeting.date <= self.as_of

    @property
    def tracked(self) -> bool:
        """Whether the meeting follows the workflow: notice and minutes are asked for. It does
        when its file records a notice, an agenda, attendance or an approval, and so does a
        planned meeting (not held yet, no decision recorded). A meeting recorded only with its
        decisions is history written before the workflow: it is never asked for either, on
        any date examined."""
        m = self.meeting
        recorded = (
            m.notice is not None
            or bool(m.agenda)
            or m.attendance is not None
            or m.approved is not None
        )
        return recorded or (not self.held and not m.decisions)

    @property
    def notice_due(self) -> date:
        """The last day the notice may be sent. It does not move past a weekend or holiday:
        moving it later would shorten the notice period."""
        return self.meeting.date - timedelta(days=self.settings.notice_days)

    @property
    def notice_sent(self) -> date | None:
        """The day the notice was sent, when that is on or before the date examined."""
        n = self.meeting.notice
        return n if n is not None and n <= self.as_of else None

    @property
    def notice_late(self) -> bool:
        n = self.meeting.notice
        return n is not None and n > self.notice_due

    @property
    def notice_required(self) -> bool:
        """Whether the notice is asked for: the meeting follows the workflow and the notice
        was due on or after the day the records start (docs/design.md §10)."""
        return self.tracked and (self.records_from is None or self.notice_due >= self.records_from)

    @property
    def minutes_required(self) -> bool:
        """Whether the approval of the minutes is asked for: the meeting was held, follows
        the workflow, and the approval was due on or after the day the records start."""
        return (
            self.held
            and self.tracked
            and (self.records_from is None or self.minutes_due >= self.records_from)
        )

    @property
    def minutes_due(self) -> date:
        """The day the minutes must be approved by (nominal; it moves past a weekend or
        holiday, ``minutes_effective``)."""
        return self.meeting.date + timedelta(days=self.settings.minutes_days)

    @property
    def minutes_effective(self) -> date:
        return next_working_day(self.minutes_due)

    @property
    def minutes_approved(self) -> bool:
        a = self.meeting.approved
        return a is not None and a <= self.as_of

    @property
    def quorum(self) -> Quorum | None:
        """The quorum of the meeting, or None when its attendance is not recorded."""
        return self.quorum_without(frozenset())

    def quorum_for(self, item: AgendaItem) -> Quorum | None:
        """The quorum while ``item`` was dealt with: members with a conflict who left are
        not present for it."""
        return self.quorum_without(frozenset(c.person for c in item.conflicts if c.left))

    def quorum_without(self, away: frozenset[str]) -> Quorum | None:
        a = self.meeting.attendance
        if a is None:
            return None
        counted = {p for p in a.present if p in self.voting and p not in away}
        if self.settings.deputies_count:
            for d in a.deputies:
                if d.replaces in self.voting and d.replaces not in counted and d.person not in away:
                    counted.add(d.replaces)
        return Quorum(
            self.seats,
            len(counted),
            needed(self.seats, self.settings.quorum_percent),
            frozenset(counted),
        )

    def decision_items(self) -> list[AgendaItem]:
        return [i for i in self.meeting.agenda if i.kind == "decision"]

    def undecided(self) -> list[AgendaItem]:
        """Decision items of a held meeting with no decision recorded under them."""
        if not self.held:
            return []
        return [i for i in self.decision_items() if not self.meeting.decisions_on(i.number)]

    def without_documents(self) -> list[AgendaItem]:
        """Decision items with no document (saksframlegg) attached yet."""
        return [i for i in self.decision_items() if not i.attachments]


def voting_seats(body: Body, voting_members: int) -> int:
    """The body's voting seats: its seats that are not observer seats; a body without seats
    counts its voting members."""
    if not body.seats:
        return voting_members
    return sum(s.count for s in body.seats if s.role != "observer")


def meeting_facts(f: Facts, meeting: Meeting, settings: Settings) -> MeetingFacts:
    body = f.model.bodies.get(meeting.body)
    voting = (
        frozenset(
            t.member.person
            for t in f.active(body, meeting.date)
            if t.member.role != "observer" and (t.seat is None or t.seat.role != "observer")
        )
        if body
        else frozenset()
    )
    seats = voting_seats(body, len(voting)) if body else 0
    records_from = f.model.network.records_from if f.model.network else None
    return MeetingFacts(meeting, body, f.as_of, settings, voting, seats, records_from)


@dataclass(frozen=True)
class Readiness:
    """What the next meeting of a body still needs, as ``status`` shows it."""

    meeting: MeetingFacts
    without_documents: tuple[str, ...]  # agenda item numbers

    @property
    def notice_sent(self) -> bool:
        return self.meeting.notice_sent is not None

    @property
    def notice_due(self) -> date:
        return self.meeting.notice_due

    @property
    def ready(self) -> bool:
        return self.notice_sent and not self.without_documents


def next_meetings(f: Facts) -> list[Readiness]:
    """The next meeting of each body from the date examined on (the meeting day itself
    included), by date."""
    first: dict[str, MeetingFacts] = {}
    for mf in sorted(f.meetings.values(), key=lambda x: (x.meeting.date, x.meeting.id)):
        if mf.meeting.date >= f.as_of and mf.meeting.body not in first:
            first[mf.meeting.body] = mf
    return [
        Readiness(mf, tuple(i.number for i in mf.without_documents()))
        for mf in sorted(first.values(), key=lambda x: (x.meeting.date, x.meeting.id))
    ]


def awaiting_approval(f: Facts) -> list[MeetingFacts]:
    """Held meetings that follow the workflow whose minutes are not approved yet, oldest
    first."""
    return [
        mf
        for mf in sorted(f.meetings.values(), key=lambda x: (x.meeting.date, x.meeting.id))
        if mf.minutes_required and not mf.minutes_approved
    ]
